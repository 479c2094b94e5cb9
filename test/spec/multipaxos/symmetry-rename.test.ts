/**
 * Multi-Paxos's renamers and symmetry groups (spec/multipaxos/symmetry.ts),
 * fast, on hand-made contexts (test/spec/multipaxos/symmetry.test.ts checks
 * the reduction against whole explorations, in the slow list). The renaming
 * swaps a0 ↔ a2 and r0 ↔ r1 and leaves every other name alone; each
 * expected context is written by hand, every set re-sorted the way the
 * machines keep it.
 */
import { describe, expect, it } from 'vitest';
import type { Envelope } from '../../../spec/core/envelope.js';
import type { Batch, MultiPaxosMessage } from '../../../spec/multipaxos/messages.js';
import type { AcceptorState, ClientsState, ProposerState, ReplicaState } from '../../../spec/multipaxos/state.js';
import {
  MULTIPAXOS_SYMMETRY_WHY,
  multipaxosSymmetry,
  renameAcceptorState,
  renameClientsState,
  renameMultiPaxosContext,
  renameMultiPaxosMessage,
  renameProposerState,
  renameReplicaState,
  renameTallies,
} from '../../../spec/multipaxos/symmetry.js';

const SWAP: Record<string, string> = { a0: 'a2', a2: 'a0', r0: 'r1', r1: 'r0' };
const rename = (n: string): string => SWAP[n] ?? n;
const A: Batch = [{ id: 'c0.0', op: { kind: 'write', value: 'a' } }];

const proposer = (): ProposerState => ({
  cfg: { self: 'p1', index: 1, proposers: 2, acceptors: ['a0', 'a1', 'a2'], replicas: ['r0', 'r1', 'r2'], quorum: 2, decisionQuorum: 2, slots: 2, rounds: 2, batch: 1, variant: 'leader', initialLeader: false },
  round: 1,
  promises: [
    { acceptor: 'a0', votes: [{ slot: 0, ballot: 0, batch: A }] },
    { acceptor: 'a1', votes: [] },
  ],
  requests: [{ id: 'c0.0' }],
  proposals: [A, null],
  votes: [['a0', 'a1'], ['a2']],
});

describe('renameProposerState', () => {
  it('renames its acceptors, replicas, promise senders and 2b voters, re-sorted; keeps the rest', () => {
    const s = proposer();
    const out = renameProposerState(s, rename);
    expect(out).toStrictEqual({
      ...s,
      cfg: { ...s.cfg, self: 'p1', acceptors: ['a0', 'a1', 'a2'], replicas: ['r0', 'r1', 'r2'] },
      promises: [
        { acceptor: 'a1', votes: [] },
        { acceptor: 'a2', votes: [{ slot: 0, ballot: 0, batch: A }] },
      ],
      votes: [['a1', 'a2'], ['a0']],
    });
    // the input is not changed
    expect(s.promises[0]?.acceptor).toBe('a0');
  });

  it('renames its own name too', () => {
    const s = proposer();
    expect(renameProposerState(s, (n) => (n === 'p1' ? 'p9' : n)).cfg.self).toBe('p9');
  });
});

describe('renameAcceptorState', () => {
  it('renames itself and the replicas (re-sorted), keeps its promise and votes', () => {
    const s: AcceptorState = { cfg: { self: 'a0', replicas: ['r0', 'r1', 'r2'], variant: 'all' }, promised: 3, votes: [{ slot: 1, ballot: 3, batch: A }] };
    expect(renameAcceptorState(s, rename)).toStrictEqual({ cfg: { self: 'a2', replicas: ['r0', 'r1', 'r2'], variant: 'all' }, promised: 3, votes: [{ slot: 1, ballot: 3, batch: A }] });
    // a renaming that is not a permutation shows the list is renamed, then sorted
    expect(renameAcceptorState(s, (n) => (n === 'r0' ? 'r5' : n)).cfg.replicas).toEqual(['r1', 'r2', 'r5']);
  });
});

describe('renameTallies and renameReplicaState', () => {
  const tallies: ReplicaState['tallies'] = [
    { slot: 0, ballot: 1, batch: A, acceptors: ['a0', 'a1'] },
    { slot: 1, ballot: 0, batch: [], acceptors: ['a2'] },
  ];

  it('each tally’s acceptors renamed and re-sorted; the tallies keep their (slot, ballot) order', () => {
    expect(renameTallies(tallies, rename)).toStrictEqual([
      { slot: 0, ballot: 1, batch: A, acceptors: ['a1', 'a2'] },
      { slot: 1, ballot: 0, batch: [], acceptors: ['a0'] },
    ]);
  });

  it('a replica: itself, the clients node and its tallies; log and executed kept', () => {
    const s: ReplicaState = { cfg: { self: 'r0', slots: 2, decisionQuorum: 2, clients: 'clients', replies: true }, log: [A, null], tallies, executed: ['c0.0'] };
    const out = renameReplicaState(s, rename);
    expect(out).toStrictEqual({
      cfg: { self: 'r1', slots: 2, decisionQuorum: 2, clients: 'clients', replies: true },
      log: [A, null],
      tallies: [
        { slot: 0, ballot: 1, batch: A, acceptors: ['a1', 'a2'] },
        { slot: 1, ballot: 0, batch: [], acceptors: ['a0'] },
      ],
      executed: ['c0.0'],
    });
    expect(renameReplicaState(s, (n) => (n === 'clients' ? 'k' : n)).cfg.clients).toBe('k');
  });
});

describe('renameClientsState', () => {
  it('renames each client’s targets (re-sorted) and itself; keeps the history', () => {
    const history: ClientsState['history'] = { clients: [[{ op: { kind: 'read' }, seen: [0, 0] }], []] };
    const s: ClientsState = { cfg: { self: 'clients', commands: 1, targets: [['r0', 'r2'], ['p0']] }, history };
    expect(renameClientsState(s, rename)).toStrictEqual({ cfg: { self: 'clients', commands: 1, targets: [['r1', 'r2'], ['p0']] }, history });
    expect(renameClientsState(s, (n) => (n === 'clients' ? 'k' : n)).cfg.self).toBe('k');
  });
});

describe('renameMultiPaxosContext and renameMultiPaxosMessage', () => {
  it('dispatches on the role; an unknown role is refused', () => {
    const p = proposer();
    expect(renameMultiPaxosContext('proposer', p, rename)).toStrictEqual(renameProposerState(p, rename));
    expect((renameMultiPaxosContext('proposer', p, rename) as ProposerState).votes).toEqual([['a1', 'a2'], ['a0']]);
    const a: AcceptorState = { cfg: { self: 'a0', replicas: [], variant: 'leader' }, promised: -1, votes: [] };
    expect((renameMultiPaxosContext('acceptor', a, rename) as AcceptorState).cfg.self).toBe('a2');
    const r: ReplicaState = { cfg: { self: 'r1', slots: 1, decisionQuorum: 1, clients: 'clients', replies: true }, log: [null], tallies: [], executed: [] };
    expect((renameMultiPaxosContext('replica', r, rename) as ReplicaState).cfg.self).toBe('r0');
    const c: ClientsState = { cfg: { self: 'clients', commands: 1, targets: [['r1']] }, history: { clients: [[]] } };
    expect((renameMultiPaxosContext('clients', c, rename) as ClientsState).cfg.targets).toEqual([['r0']]);
    expect(() => renameMultiPaxosContext('learner', a, rename)).toThrow(new RangeError('multipaxos has no role learner'));
  });

  it('a message: only its route is renamed', () => {
    const m: MultiPaxosMessage = { type: 'mp.accepted', ballot: 2, slot: 0, batch: A, from: 'a0', to: 'r0' };
    expect(renameMultiPaxosMessage(m, rename)).toStrictEqual({ type: 'mp.accepted', ballot: 2, slot: 0, batch: A, from: 'a2', to: 'r1' });
  });
});

describe('multipaxosSymmetry', () => {
  it('keeps the groups of two or more nodes, with the reason and the renamers', () => {
    const s = multipaxosSymmetry([['a0', 'a1', 'a2'], ['r0', 'r1'], ['r2']]);
    expect(s?.groups).toEqual([['a0', 'a1', 'a2'], ['r0', 'r1']]);
    expect(s?.why).toBe(MULTIPAXOS_SYMMETRY_WHY);
    expect(s?.renameContext).toBe(renameMultiPaxosContext);
    const m = { type: 'mp.prepare', ballot: 1, from: 'p0', to: 'a0' } as Envelope;
    expect(s?.renameMessage(m, rename)).toStrictEqual({ type: 'mp.prepare', ballot: 1, from: 'p0', to: 'a2' });
  });

  it('no group of two or more: no symmetry', () => {
    expect(multipaxosSymmetry([['a0'], []])).toBeUndefined();
    expect(multipaxosSymmetry([])).toBeUndefined();
    expect(multipaxosSymmetry([['a0', 'a1'], ['r0']])?.groups).toEqual([['a0', 'a1']]);
  });

  it('the reason names both groups', () => {
    expect(MULTIPAXOS_SYMMETRY_WHY).toBe(
      'the acceptors differ only in their names: proposers send to all of them alike and keep their answers as sets or counts, and two votes of one ballot and slot carry one batch; the replicas that answer the clients alike differ only in their names: everyone sends to all of them alike, clients ignore who replied, and every property treats them alike',
    );
  });
});
