/**
 * S-Paxos's renaming and topology (spec/spaxos/symmetry.ts,
 * spec/spaxos/topology.ts), fast, on hand-made states: every node name in a
 * replica's context renamed and every set re-sorted, by hand; each role sent
 * to its renaming (an unknown one refused); groups of fewer than two nodes
 * dropped; the topology of each variant, with one replica and without phase
 * 1, written out from the header's rules. (The slow
 * test/spec/spaxos/symmetry.test.ts checks the symmetry laws on the machines.)
 */
import { describe, expect, it } from 'vitest';
import type { Rename } from '../../../spec/core/symmetry.js';
import type { AcceptorState, ClientsState, ProposerState } from '../../../spec/multipaxos/state.js';
import type { AckMsg } from '../../../spec/spaxos/messages.js';
import type { SPaxosReplicaState } from '../../../spec/spaxos/state.js';
import { renameSPaxosContext, renameSPaxosMessage, renameSPaxosReplicaState, SPAXOS_SYMMETRY_WHY, spaxosSymmetry } from '../../../spec/spaxos/symmetry.js';
import { spaxosTopology } from '../../../spec/spaxos/topology.js';

const WA = { kind: 'write', value: 'a' } as const;

/** Swaps r1 and r2, and a0 and a2; every other name stays. */
const SWAP: Rename = (x) => ({ r1: 'r2', r2: 'r1', a0: 'a2', a2: 'a0' })[x] ?? x;
/** Renames every name (to check that each field is renamed, not kept). */
const PRIME: Rename = (x) => `${x}'`;

function replica(over: Partial<SPaxosReplicaState> = {}): SPaxosReplicaState {
  return {
    cfg: { self: 'r1', replicas: ['r0', 'r1', 'r2'], stableAcks: 2, slots: 2, decisionQuorum: 2, clients: 'clients', proposer: null },
    requests: [{ id: 'c0.0', op: WA, mine: false }],
    acks: [
      { id: 'c0.0', replicas: ['r0', 'r1'] },
      { id: 'c1.0', replicas: ['r2'] },
    ],
    stable: ['c2.0'],
    log: [[{ id: 'c2.0' }], null],
    tallies: [{ slot: 1, ballot: 0, batch: [{ id: 'c0.0' }], acceptors: ['a0', 'a1'] }],
    executed: ['c2.0'],
    ...over,
  };
}

describe('renameSPaxosReplicaState', () => {
  it('swapping r1, r2 and a0, a2: self, the ack holders and the tally acceptors renamed and re-sorted; ids, requests and log kept', () => {
    expect(renameSPaxosReplicaState(replica(), SWAP)).toEqual({
      cfg: { self: 'r2', replicas: ['r0', 'r1', 'r2'], stableAcks: 2, slots: 2, decisionQuorum: 2, clients: 'clients', proposer: null },
      requests: [{ id: 'c0.0', op: WA, mine: false }],
      acks: [
        { id: 'c0.0', replicas: ['r0', 'r2'] },
        { id: 'c1.0', replicas: ['r1'] },
      ],
      stable: ['c2.0'],
      log: [[{ id: 'c2.0' }], null],
      tallies: [{ slot: 1, ballot: 0, batch: [{ id: 'c0.0' }], acceptors: ['a1', 'a2'] }],
      executed: ['c2.0'],
    });
  });

  it('every name field renamed: self, replicas, clients, the proposer', () => {
    const s = renameSPaxosReplicaState(replica({ cfg: { ...replica().cfg, proposer: 'p1' } }), PRIME);
    expect(s.cfg).toEqual({ self: "r1'", replicas: ["r0'", "r1'", "r2'"], stableAcks: 2, slots: 2, decisionQuorum: 2, clients: "clients'", proposer: "p1'" });
    expect(s.acks.map((a) => a.replicas)).toEqual([["r0'", "r1'"], ["r2'"]]);
    expect(s.tallies.map((t) => t.acceptors)).toEqual([["a0'", "a1'"]]);
  });

  it('no proposer stays null (not renamed to a name)', () => {
    expect(renameSPaxosReplicaState(replica(), PRIME).cfg.proposer).toBeNull();
  });

  it('the replica list is re-sorted in node-name order (r10 after r9)', () => {
    const names = Array.from({ length: 11 }, (_, i) => `r${i}`);
    const s = replica({ cfg: { ...replica().cfg, replicas: names } });
    const to: Rename = (x) => (x === 'r0' ? 'r10' : x === 'r10' ? 'r0' : x);
    expect(renameSPaxosReplicaState(s, to).cfg.replicas).toEqual(names);
  });
});

describe('renameSPaxosContext: each role to its renaming', () => {
  it('a replica', () => {
    expect(renameSPaxosContext('replica', replica(), SWAP)).toEqual(renameSPaxosReplicaState(replica(), SWAP));
    expect((renameSPaxosContext('replica', replica(), PRIME) as SPaxosReplicaState).cfg.self).toBe("r1'");
  });

  it('an acceptor: its name and its replicas', () => {
    const a: AcceptorState = { cfg: { self: 'a0', replicas: ['r0', 'r1', 'r2'], variant: 'all' }, promised: 1, votes: [] };
    expect(renameSPaxosContext('acceptor', a, SWAP)).toEqual({ ...a, cfg: { ...a.cfg, self: 'a2' } });
  });

  it('a proposer: its acceptors and replicas', () => {
    const p = {
      cfg: { self: 'p0', acceptors: ['a0', 'a1', 'a2'], replicas: ['r0', 'r1', 'r2'] },
      promises: [],
      votes: [['a0', 'a1']],
    } as unknown as ProposerState;
    const renamed = renameSPaxosContext('proposer', p, PRIME) as ProposerState;
    expect(renamed.cfg.self).toBe("p0'");
    expect(renamed.votes).toEqual([["a0'", "a1'"]]);
  });

  it('the clients node: its name and targets', () => {
    const c = { cfg: { self: 'clients', targets: [['r0'], ['r1']] }, history: { clients: [] } } as unknown as ClientsState;
    const renamed = renameSPaxosContext('clients', c, SWAP) as ClientsState;
    expect(renamed.cfg.targets).toEqual([['r0'], ['r2']]);
  });

  it('an unknown role is refused, naming spaxos', () => {
    expect(() => renameSPaxosContext('learner', {}, SWAP)).toThrow(new RangeError('spaxos has no role learner'));
  });
});

describe('renameSPaxosMessage and spaxosSymmetry', () => {
  it('a message: from and to renamed, the id kept', () => {
    const m: AckMsg = { type: 'sp.ack', from: 'r1', to: 'r0', id: 'c1.0' };
    expect(renameSPaxosMessage(m, SWAP)).toEqual({ type: 'sp.ack', from: 'r2', to: 'r0', id: 'c1.0' });
  });

  it('groups of two or more are kept, smaller ones dropped; none left: undefined', () => {
    expect(spaxosSymmetry([['a0', 'a1', 'a2'], ['r2']])?.groups).toEqual([['a0', 'a1', 'a2']]);
    expect(spaxosSymmetry([['a0', 'a1'], ['r1', 'r2']])?.groups).toEqual([
      ['a0', 'a1'],
      ['r1', 'r2'],
    ]);
    expect(spaxosSymmetry([['a0'], []])).toBeUndefined();
    expect(spaxosSymmetry([])).toBeUndefined();
  });

  it('the spec: the why text, and renamings that go to the S-Paxos functions', () => {
    const sym = spaxosSymmetry([['a0', 'a1']]);
    expect(sym?.why).toBe(SPAXOS_SYMMETRY_WHY);
    expect(SPAXOS_SYMMETRY_WHY).toBe(
      'the acceptors differ only in their names, as in Multi-Paxos; the replicas that run no proposer and coordinate no client differ only in their names: every node sends to all replicas alike, acks are counted as sets, and every property treats the replicas alike',
    );
    expect(sym?.renameContext('replica', replica(), SWAP)).toEqual(renameSPaxosReplicaState(replica(), SWAP));
    expect(sym?.renameMessage({ type: 'sp.ack', from: 'r1', to: 'r2', id: 'c0.0' } as AckMsg, SWAP)).toEqual({ type: 'sp.ack', from: 'r2', to: 'r1', id: 'c0.0' });
  });
});

describe('spaxosTopology', () => {
  it('2b to the leader: a proposer decides to the replicas, an acceptor answers the proposer only', () => {
    expect(spaxosTopology('leader', 3)).toEqual({
      clients: ['replica'],
      replica: ['replica', 'proposer', 'clients'],
      proposer: ['acceptor', 'replica'],
      acceptor: ['proposer'],
    });
    // phase 1 changes nothing here: the 2b goes to the leader anyway.
    expect(spaxosTopology('leader', 3, false)).toEqual(spaxosTopology('leader', 3, true));
  });

  it('2b to all: acceptors send to the replicas, and to a proposer only when phase 1 may run', () => {
    expect(spaxosTopology('all', 3)).toEqual({
      clients: ['replica'],
      replica: ['replica', 'proposer', 'clients'],
      proposer: ['acceptor'],
      acceptor: ['proposer', 'replica'],
    });
    expect(spaxosTopology('all', 3, false)['acceptor']).toEqual(['replica']);
  });

  it('one replica sends to no replica; two already do', () => {
    expect(spaxosTopology('leader', 1)['replica']).toEqual(['proposer', 'clients']);
    expect(spaxosTopology('all', 1, false)['replica']).toEqual(['proposer', 'clients']);
    expect(spaxosTopology('leader', 2)['replica']).toEqual(['replica', 'proposer', 'clients']);
  });
});
