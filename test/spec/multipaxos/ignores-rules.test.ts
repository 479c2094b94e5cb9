/**
 * Multi-Paxos's refusal rules (spec/multipaxos/ignores.ts) on hand-made
 * states, fast (test/spec/multipaxos/ignores.test.ts checks them against the
 * machines, in the slow list). Each rule is checked at its boundary: the
 * acceptor refuses Prepare(b) for b ≤ promised and Accept(b) for b < promised;
 * a proposer p1 of P = 2 in round 2 has ballot (2−1)·2+1 = 3; a leader's
 * slot with a decision quorum of 2 is full at two voters.
 */
import { describe, expect, it } from 'vitest';
import type { Envelope } from '../../../spec/core/envelope.js';
import { acceptorIgnores, clientsIgnores, hasReturned, learnerIgnores, multipaxosIgnores, proposerIgnores } from '../../../spec/multipaxos/ignores.js';
import type { Batch, MultiPaxosMessage } from '../../../spec/multipaxos/messages.js';
import type { AcceptorState, ClientsState, ProposerState, ReplicaState } from '../../../spec/multipaxos/state.js';

const A: Batch = [{ id: 'c0.0', op: { kind: 'write', value: 'a' } }];
const B: Batch = [{ id: 'c1.0', op: { kind: 'write', value: 'b' } }];
const route = (from: string, to: string) => ({ from, to });
const prepare = (ballot: number): MultiPaxosMessage => ({ type: 'mp.prepare', ballot, ...route('p1', 'a0') });
const accept = (ballot: number): MultiPaxosMessage => ({ type: 'mp.accept', ballot, slot: 0, batch: A, ...route('p1', 'a0') });
const promise = (ballot: number, from = 'a0'): MultiPaxosMessage => ({ type: 'mp.promise', ballot, votes: [], ...route(from, 'p1') });
const accepted = (ballot: number, slot: number, from = 'a0', batch: Batch = A, to = 'p1'): MultiPaxosMessage => ({ type: 'mp.accepted', ballot, slot, batch, ...route(from, to) });
const decide = (slot: number, batch: Batch = A): MultiPaxosMessage => ({ type: 'mp.decide', slot, batch, ...route('p0', 'r0') });
const request = (id: string): MultiPaxosMessage => ({ type: 'mp.request', entry: { id, op: { kind: 'read' } }, ...route('clients', 'p1') });
const reply = (id: string): MultiPaxosMessage => ({ type: 'mp.reply', id, result: 'ok', ...route('r0', 'clients') });

const acceptor = (promised: number): AcceptorState => ({ cfg: { self: 'a0', replicas: ['r0'], variant: 'leader' }, promised, votes: [] });

/** p1 of two proposers, in round 2: ballot 3. */
const proposer = (over: Partial<ProposerState> = {}): ProposerState => ({
  cfg: { self: 'p1', index: 1, proposers: 2, acceptors: ['a0', 'a1', 'a2'], replicas: ['r0'], quorum: 2, decisionQuorum: 2, slots: 2, rounds: 3, batch: 1, variant: 'leader', initialLeader: false },
  round: 2,
  promises: [],
  requests: [],
  proposals: [null, null],
  votes: [[], []],
  ...over,
});

describe('acceptorIgnores', () => {
  it('Prepare(b): refused for b ≤ promised, taken above', () => {
    expect([1, 2, 3].map((b) => acceptorIgnores(acceptor(2), prepare(b)))).toEqual([true, true, false]);
    expect(acceptorIgnores(acceptor(-1), prepare(0))).toBe(false);
  });

  it('Accept(b): refused for b < promised only (at b = promised it votes)', () => {
    expect([1, 2, 3].map((b) => acceptorIgnores(acceptor(2), accept(b)))).toEqual([true, false, false]);
  });

  it('nothing else is refused, whatever its ballot', () => {
    expect(acceptorIgnores(acceptor(5), promise(0))).toBe(false);
    expect(acceptorIgnores(acceptor(5), accepted(0, 0))).toBe(false);
    expect(acceptorIgnores(acceptor(5), request('c0.0'))).toBe(false);
  });
});

describe('proposerIgnores', () => {
  it('a Request whose id it holds, in any phase; a new one is taken', () => {
    const s = proposer({ requests: [{ id: 'c0.0' }, { id: 'c1.0' }] });
    expect(proposerIgnores('idle', s, request('c1.0'))).toBe(true);
    expect(proposerIgnores('leading', s, request('c0.0'))).toBe(true);
    expect(proposerIgnores('leading', s, request('c0.1'))).toBe(false);
    expect(proposerIgnores('idle', proposer(), request('c0.0'))).toBe(false);
  });

  it('a Promise below its ballot (3) in any phase; above it never', () => {
    expect(proposerIgnores('idle', proposer(), promise(2))).toBe(true);
    expect(proposerIgnores('preparing', proposer(), promise(1))).toBe(true);
    expect(proposerIgnores('idle', proposer(), promise(4))).toBe(false);
    expect(proposerIgnores('leading', proposer(), promise(5))).toBe(false);
  });

  it('a Promise for its ballot: always once leading; while preparing only from a recorded acceptor; never when idle', () => {
    const s = proposer({ promises: [{ acceptor: 'a1', votes: [] }] });
    expect(proposerIgnores('leading', proposer(), promise(3))).toBe(true);
    expect(proposerIgnores('preparing', s, promise(3, 'a1'))).toBe(true);
    expect(proposerIgnores('preparing', s, promise(3, 'a0'))).toBe(false);
    expect(proposerIgnores('idle', s, promise(3, 'a1'))).toBe(false);
    // The first promise of a round is taken; a repeat is refused whichever of several counted acceptors sent it.
    expect(proposerIgnores('preparing', proposer(), promise(3, 'a0'))).toBe(false);
    const two = proposer({ promises: [{ acceptor: 'a1', votes: [] }, { acceptor: 'a2', votes: [] }] });
    expect(proposerIgnores('preparing', two, promise(3, 'a1'))).toBe(true);
    expect(proposerIgnores('preparing', two, promise(3, 'a2'))).toBe(true);
    expect(proposerIgnores('preparing', two, promise(3, 'a0'))).toBe(false);
  });

  it('an Accepted below its ballot in any phase', () => {
    expect(proposerIgnores('idle', proposer(), accepted(2, 0))).toBe(true);
    expect(proposerIgnores('leading', proposer(), accepted(1, 0))).toBe(true);
  });

  it('an Accepted for its ballot while leading: refused once the slot has the decision quorum, or from a counted voter', () => {
    const s = proposer({ votes: [['a0', 'a1'], ['a2']] });
    expect(proposerIgnores('leading', s, accepted(3, 0, 'a2'))).toBe(true);
    expect(proposerIgnores('leading', s, accepted(3, 1, 'a2'))).toBe(true);
    expect(proposerIgnores('leading', s, accepted(3, 1, 'a0'))).toBe(false);
    expect(proposerIgnores('leading', proposer(), accepted(3, 0, 'a0'))).toBe(false);
  });

  it('decision quorum 3: two voters are not yet enough', () => {
    const s = proposer({ cfg: { ...proposer().cfg, decisionQuorum: 3 }, votes: [['a0', 'a1'], []] });
    expect(proposerIgnores('leading', s, accepted(3, 0, 'a2'))).toBe(false);
    expect(proposerIgnores('leading', s, accepted(3, 0, 'a1'))).toBe(true);
  });

  it('nothing more declared: an Accepted for its ballot outside leading, above its ballot, or for a slot it has no voters for', () => {
    const s = proposer({ votes: [['a0', 'a1'], []] });
    expect(proposerIgnores('preparing', s, accepted(3, 0, 'a0'))).toBe(false);
    expect(proposerIgnores('idle', s, accepted(3, 0, 'a0'))).toBe(false);
    expect(proposerIgnores('leading', s, accepted(4, 0, 'a0'))).toBe(false);
    expect(proposerIgnores('leading', s, accepted(3, 5, 'a0'))).toBe(false);
  });

  it('a Prepare, Decide or Reply is never refused', () => {
    expect(proposerIgnores('leading', proposer(), prepare(0))).toBe(false);
    expect(proposerIgnores('leading', proposer(), decide(0))).toBe(false);
    expect(proposerIgnores('leading', proposer(), reply('c0.0'))).toBe(false);
  });
});

describe('learnerIgnores', () => {
  const learning = (log: (Batch | null)[], tallies: ReplicaState['tallies'] = []) => ({ log, tallies });

  it('a Decide or an Accepted for a decided slot, even with another batch', () => {
    const k = learning([A, null]);
    expect(learnerIgnores(k, decide(0, B))).toBe(true);
    expect(learnerIgnores(k, accepted(7, 0, 'a2', B, 'r0'))).toBe(true);
    expect(learnerIgnores(learning([[], null]), decide(0, A))).toBe(true);
  });

  it('a Decide for an open slot, or for a slot beyond the log, is taken', () => {
    expect(learnerIgnores(learning([A, null]), decide(1))).toBe(false);
    expect(learnerIgnores(learning([A, null]), decide(2))).toBe(false);
    expect(learnerIgnores(learning([A, null]), accepted(0, 2, 'a0', A, 'r0'))).toBe(false);
  });

  it('an Accepted already in the tally of its slot and ballot, with the same batch', () => {
    const k = learning([null, null], [{ slot: 1, ballot: 2, batch: B, acceptors: ['a0', 'a2'] }]);
    expect(learnerIgnores(k, accepted(2, 1, 'a2', B, 'r0'))).toBe(true);
    expect(learnerIgnores(k, accepted(2, 1, 'a1', B, 'r0'))).toBe(false);
    expect(learnerIgnores(k, accepted(3, 1, 'a2', B, 'r0'))).toBe(false);
    expect(learnerIgnores(k, accepted(2, 0, 'a2', B, 'r0'))).toBe(false);
    expect(learnerIgnores(k, accepted(2, 1, 'a2', A, 'r0'))).toBe(false);
  });

  it('other messages are never refused', () => {
    expect(learnerIgnores(learning([A]), request('c0.0'))).toBe(false);
    expect(learnerIgnores(learning([A]), { type: 'mp.accept', ballot: 0, slot: 0, batch: A, ...route('p0', 'r0') })).toBe(false);
  });
});

describe('hasReturned and clientsIgnores', () => {
  const clients = (history: ClientsState['history']): ClientsState => ({ cfg: { self: 'clients', commands: 2, targets: [['p0'], ['p0']] }, history });
  const s = clients({
    clients: [
      [
        { op: { kind: 'write', value: 'a' }, seen: [0, 0], result: 'ok' },
        { op: { kind: 'read' }, seen: [1, 0] },
      ],
      [{ op: { kind: 'read' }, seen: [0, 0], result: null }],
    ],
  });

  it('a request returned once its result is recorded, a null result too; not while pending or never issued', () => {
    expect(hasReturned(s, 'c0.0')).toBe(true);
    expect(hasReturned(s, 'c1.0')).toBe(true);
    expect(hasReturned(s, 'c0.1')).toBe(false);
    expect(hasReturned(s, 'c1.1')).toBe(false);
    expect(hasReturned(s, 'c2.0')).toBe(false);
  });

  it('an id that is not a request id has not returned (no throw)', () => {
    expect(hasReturned(s, 'x')).toBe(false);
    expect(hasReturned(s, 'c0.0x')).toBe(false);
    expect(hasReturned(s, 'xc0.0')).toBe(false);
    expect(hasReturned(s, 'c0')).toBe(false);
  });

  it('ids with several digits: c10.0 and c0.11', () => {
    const op = { op: { kind: 'read' as const }, seen: [], result: 'ok' as const };
    const many = clients({ clients: Array.from({ length: 11 }, (_, c) => (c === 0 ? Array.from({ length: 12 }, () => op) : c === 10 ? [op] : [])) });
    expect(hasReturned(many, 'c10.0')).toBe(true);
    expect(hasReturned(many, 'c0.11')).toBe(true);
    expect(hasReturned(many, 'c0.12')).toBe(false);
  });

  it('the clients refuse a Reply to a returned request, nothing else', () => {
    expect(clientsIgnores(s, reply('c0.0'))).toBe(true);
    expect(clientsIgnores(s, reply('c0.1'))).toBe(false);
    expect(clientsIgnores(s, request('c0.0'))).toBe(false);
  });
});

describe('multipaxosIgnores: each role’s rule, by role', () => {
  it('dispatches on the role, reading the proposer’s phase from its state value', () => {
    const m = (role: string, value: unknown, context: unknown, msg: MultiPaxosMessage) => multipaxosIgnores({ role, value, context }, msg as Envelope);
    expect(m('acceptor', 'idle', acceptor(2), prepare(2))).toBe(true);
    expect(m('acceptor', 'idle', acceptor(2), prepare(3))).toBe(false);
    expect(m('proposer', 'leading', proposer(), promise(3))).toBe(true);
    expect(m('proposer', 'idle', proposer(), promise(3))).toBe(false);
    expect(m('replica', 'running', { log: [A], tallies: [] }, decide(0))).toBe(true);
    expect(m('replica', 'running', { log: [null], tallies: [] }, decide(0))).toBe(false);
    const c: ClientsState = { cfg: { self: 'clients', commands: 1, targets: [['p0']] }, history: { clients: [[{ op: { kind: 'read' }, seen: [0], result: 'ok' }]] } };
    expect(m('clients', 'running', c, reply('c0.0'))).toBe(true);
    expect(m('clients', 'running', c, reply('c0.1'))).toBe(false);
    expect(m('observer', 'x', acceptor(2), prepare(0))).toBe(false);
  });
});
