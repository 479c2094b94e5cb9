/**
 * S-Paxos's refusal rules (spec/spaxos/ignores.ts), fast, on hand-made
 * replica states, from the rules its header states: a request or forward of
 * a held id; an ack of a stable id, or from a replica already counted for
 * that id (not for another id); a decision for a decided slot, or a 2b
 * already counted; nothing else. `spaxosIgnores` sends the replica to these
 * rules and every other role to Multi-Paxos's. (The slow
 * test/spec/spaxos/ignores.test.ts checks each refusal against the machine.)
 */
import { describe, expect, it } from 'vitest';
import type { AcceptedMsg, DecideMsg, PrepareMsg, ReplyMsg, RequestMsg } from '../../../spec/multipaxos/messages.js';
import type { AcceptorState } from '../../../spec/multipaxos/state.js';
import { spaxosIgnores, spaxosReplicaIgnores } from '../../../spec/spaxos/ignores.js';
import type { AckMsg, ForwardMsg } from '../../../spec/spaxos/messages.js';
import type { SPaxosReplicaState } from '../../../spec/spaxos/state.js';

const WA = { kind: 'write', value: 'a' } as const;

function replica(over: Partial<Omit<SPaxosReplicaState, 'cfg'>> = {}): SPaxosReplicaState {
  return {
    cfg: { self: 'r1', replicas: ['r0', 'r1', 'r2'], stableAcks: 2, slots: 2, decisionQuorum: 2, clients: 'clients', proposer: 'p1' },
    requests: [],
    acks: [],
    stable: [],
    log: [null, null],
    tallies: [],
    executed: [],
    ...over,
  };
}

const clientReq = (id: string): RequestMsg => ({ type: 'mp.request', from: 'clients', to: 'r1', entry: { id, op: WA } });
const forward = (id: string, from = 'r0'): ForwardMsg => ({ type: 'sp.forward', from, to: 'r1', entry: { id, op: WA } });
const ack = (id: string, from: string): AckMsg => ({ type: 'sp.ack', from, to: 'r1', id });
const decide = (slot: number, id: string): DecideMsg => ({ type: 'mp.decide', from: 'p0', to: 'r1', slot, batch: [{ id }] });
const accepted = (from: string, slot: number, id: string, ballot = 0): AcceptedMsg => ({ type: 'mp.accepted', from, to: 'r1', ballot, slot, batch: [{ id }] });

describe('spaxosReplicaIgnores', () => {
  const s = replica({
    requests: [{ id: 'c1.0', op: WA, mine: false }],
    acks: [
      { id: 'c2.0', replicas: ['r0'] },
      { id: 'c3.0', replicas: ['r2'] },
    ],
    stable: ['c0.0'],
  });

  it('a client request or a forward of a held id; not of an id it does not hold (even a stable one)', () => {
    expect(spaxosReplicaIgnores(s, clientReq('c1.0'))).toBe(true);
    expect(spaxosReplicaIgnores(s, forward('c1.0'))).toBe(true);
    expect(spaxosReplicaIgnores(s, clientReq('c2.0'))).toBe(false);
    expect(spaxosReplicaIgnores(s, forward('c0.0'))).toBe(false);
    expect(spaxosReplicaIgnores(replica(), forward('c1.0'))).toBe(false);
  });

  it('an ack of a stable id, from anyone', () => {
    expect(spaxosReplicaIgnores(s, ack('c0.0', 'r0'))).toBe(true);
    expect(spaxosReplicaIgnores(s, ack('c0.0', 'r2'))).toBe(true);
  });

  it('an ack from a replica already counted for that id, not from a new one', () => {
    expect(spaxosReplicaIgnores(s, ack('c2.0', 'r0'))).toBe(true);
    expect(spaxosReplicaIgnores(s, ack('c2.0', 'r2'))).toBe(false);
    expect(spaxosReplicaIgnores(s, ack('c3.0', 'r2'))).toBe(true);
  });

  it('an ack of an id with no ack set is taken, even from a replica counted for another id', () => {
    expect(spaxosReplicaIgnores(s, ack('c4.0', 'r0'))).toBe(false);
    expect(spaxosReplicaIgnores(s, ack('c1.0', 'r2'))).toBe(false);
    // r0 is counted for c2.0 only: its ack of c3.0 is new.
    expect(spaxosReplicaIgnores(s, ack('c3.0', 'r0'))).toBe(false);
  });

  it('a Decide or an Accepted for a decided slot; not for an undecided one', () => {
    const d = replica({ log: [[{ id: 'c0.0' }], null] });
    expect(spaxosReplicaIgnores(d, decide(0, 'c0.0'))).toBe(true);
    expect(spaxosReplicaIgnores(d, accepted('a0', 0, 'c1.0'))).toBe(true);
    expect(spaxosReplicaIgnores(d, decide(1, 'c1.0'))).toBe(false);
    expect(spaxosReplicaIgnores(d, accepted('a0', 1, 'c1.0'))).toBe(false);
  });

  it('an Accepted already counted in its tally; not one from another acceptor', () => {
    const t = replica({ tallies: [{ slot: 0, ballot: 0, batch: [{ id: 'c0.0' }], acceptors: ['a0'] }] });
    expect(spaxosReplicaIgnores(t, accepted('a0', 0, 'c0.0'))).toBe(true);
    expect(spaxosReplicaIgnores(t, accepted('a1', 0, 'c0.0'))).toBe(false);
  });

  it('nothing else: a reply or a prepare that reached a replica is not refused', () => {
    const reply: ReplyMsg = { type: 'mp.reply', from: 'r0', to: 'r1', id: 'c0.0', result: 'ok' };
    const prepare: PrepareMsg = { type: 'mp.prepare', from: 'p0', to: 'r1', ballot: 0 };
    const full = replica({ requests: [{ id: 'c0.0', op: WA, mine: true }], stable: ['c0.0'], log: [[{ id: 'c0.0' }], [{ id: 'c1.0' }]] });
    expect(spaxosReplicaIgnores(full, reply)).toBe(false);
    expect(spaxosReplicaIgnores(full, prepare)).toBe(false);
  });
});

describe('spaxosIgnores: the replica rules for a replica, Multi-Paxos’s for the other roles', () => {
  it('a replica: the S-Paxos rules (a held forward refused, a stable id’s ack refused)', () => {
    const s = replica({ requests: [{ id: 'c1.0', op: WA, mine: false }], stable: ['c0.0'] });
    const node = { role: 'replica', value: 'serving', context: s };
    expect(spaxosIgnores(node, forward('c1.0'))).toBe(true);
    expect(spaxosIgnores(node, ack('c0.0', 'r2'))).toBe(true);
    expect(spaxosIgnores(node, forward('c2.0'))).toBe(false);
  });

  it('an acceptor: a stale Prepare refused, a newer one taken', () => {
    const a: AcceptorState = { cfg: { self: 'a0', replicas: ['r0', 'r1', 'r2'], variant: 'leader' }, promised: 2, votes: [] };
    const node = { role: 'acceptor', value: 'accepting', context: a };
    const prepare = (ballot: number): PrepareMsg => ({ type: 'mp.prepare', from: 'p0', to: 'a0', ballot });
    expect(spaxosIgnores(node, prepare(2))).toBe(true);
    expect(spaxosIgnores(node, prepare(3))).toBe(false);
  });
});
