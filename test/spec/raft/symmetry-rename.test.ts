/**
 * Raft's symmetry (spec/raft/symmetry.ts), fast: the groups of
 * interchangeable servers for hand-picked sizes, and renaming a server's
 * context (every field that names a server, the per-server arrays of a
 * leader moved to the new names' indices) and a clients' context or a
 * message, against states renamed by hand.
 */
import { describe, expect, it } from 'vitest';
import type { Rename } from '../../../spec/core/symmetry.js';
import type { LogEntry } from '../../../spec/raft/messages.js';
import type { ServerConfig, ServerState } from '../../../spec/raft/state.js';
import { RAFT_SYMMETRY_WHY, raftSymmetry, renameRaftContext, renameServerState } from '../../../spec/raft/symmetry.js';

const S5 = ['s0', 's1', 's2', 's3', 's4'];

describe('raftSymmetry: the groups s1..s(E-1) and sE..s(N-1), those of fewer than two dropped', () => {
  it('N = 5, E = 3: {s1, s2} and {s3, s4}', () => {
    const sym = raftSymmetry(S5, 3);
    expect(sym?.groups).toEqual([
      ['s1', 's2'],
      ['s3', 's4'],
    ]);
    expect(sym?.why).toBe(
      'the servers other than s0 differ only in their names within each group (those that may stand for election, those that may not): every server answers, votes for and counts the others alike, a leader treats its followers alike and commits by counting, clients send to all and ignore who replied, and every property treats the servers alike',
    );
    expect(sym?.why).toBe(RAFT_SYMMETRY_WHY);
  });

  it('E = 0 and E = 1: s0 stays apart, the others form one group', () => {
    expect(raftSymmetry(S5, 0)?.groups).toEqual([['s1', 's2', 's3', 's4']]);
    expect(raftSymmetry(S5, 1)?.groups).toEqual([['s1', 's2', 's3', 's4']]);
    expect(raftSymmetry(['s0', 's1', 's2'], 1)?.groups).toEqual([['s1', 's2']]);
  });

  it('E = 5: one group of the four candidates besides s0', () => {
    expect(raftSymmetry(S5, 5)?.groups).toEqual([['s1', 's2', 's3', 's4']]);
  });

  it('N = 5, E = 4: {s1, s2, s3}; s4 alone is dropped', () => {
    expect(raftSymmetry(S5, 4)?.groups).toEqual([['s1', 's2', 's3']]);
  });

  it('no group of two or more: none (N = 3 with E = 2, N = 2, N = 1)', () => {
    expect(raftSymmetry(['s0', 's1', 's2'], 2)).toBeUndefined();
    expect(raftSymmetry(['s0', 's1'], 1)).toBeUndefined();
    expect(raftSymmetry(['s0'], 1)).toBeUndefined();
  });

  it('renames a message’s route only', () => {
    const sym = raftSymmetry(S5, 3);
    const swap: Rename = (n) => (n === 's1' ? 's2' : n === 's2' ? 's1' : n);
    expect(sym?.renameMessage({ type: 'raft.vote', from: 's1', to: 's0', term: 2 } as never, swap)).toEqual({ type: 'raft.vote', from: 's2', to: 's0', term: 2 });
    expect(sym?.renameContext('server', ctx({}), swap)).toMatchObject({ cfg: { self: 's2' } });
  });
});

const A1: LogEntry = { term: 1, id: 'c0.0', op: { kind: 'write', value: 'a' } };
const cfg = (over: Partial<ServerConfig> = {}): ServerConfig => ({ self: 's1', servers: ['s0', 's1', 's2'], quorum: 2, maxTerm: 3, clients: 'clients', initialLeader: 's0', ...over });
const ctx = (over: Partial<ServerState>, c: Partial<ServerConfig> = {}): ServerState => ({
  cfg: cfg(c),
  currentTerm: 2,
  votedFor: 's0',
  log: [A1],
  applied: [A1],
  votes: [],
  leader: null,
  ...over,
});
/** The 3-cycle s0 → s1 → s2 → s0 (renameServerState is general; the groups never move s0). */
const cycle: Rename = (n) => ({ s0: 's1', s1: 's2', s2: 's0' })[n] ?? n;

describe('renameServerState', () => {
  it('a candidate: self, the sorted servers, initialLeader, votedFor and the re-sorted votes; clients and the log untouched', () => {
    const out = renameServerState(ctx({ votedFor: 's1', votes: ['s0', 's1'] }), cycle);
    expect(out).toStrictEqual({
      cfg: { self: 's2', servers: ['s0', 's1', 's2'], quorum: 2, maxTerm: 3, clients: 'clients', initialLeader: 's1' },
      currentTerm: 2,
      votedFor: 's2',
      log: [A1],
      applied: [A1],
      votes: ['s1', 's2'],
      leader: null,
    });
  });

  it('votes that the renaming reorders are sorted again', () => {
    expect(renameServerState(ctx({ votes: ['s1', 's2'] }), cycle).votes).toEqual(['s0', 's2']);
  });

  it('no vote stays none', () => {
    expect(renameServerState(ctx({ votedFor: null }), cycle).votedFor).toBeNull();
  });

  it('a leader: each server’s nextIndex and matchIndex move to the index of its new name', () => {
    const out = renameServerState(ctx({ leader: { nextIndex: [1, 2, 3], matchIndex: [0, 5, 7] } }, { self: 's0' }), cycle);
    // s0's slot (index 0) goes to s1's index 1, s1's to index 2, s2's to index 0.
    expect(out.leader).toEqual({ nextIndex: [3, 1, 2], matchIndex: [7, 0, 5] });
    expect(out.cfg.self).toBe('s1');
  });

  it('a given start (Figure 8): its votedFor is renamed too, a null one kept', () => {
    const start = { currentTerm: 2, votedFor: 's1', log: [A1], leads: false };
    expect(renameServerState(ctx({}, { start }), cycle).cfg.start).toStrictEqual({ currentTerm: 2, votedFor: 's2', log: [A1], leads: false });
    expect(renameServerState(ctx({}, { start: { ...start, votedFor: null } }), cycle).cfg.start).toStrictEqual({ currentTerm: 2, votedFor: null, log: [A1], leads: false });
  });

  it('without a start, no start field appears', () => {
    expect('start' in renameServerState(ctx({}), cycle).cfg).toBe(false);
  });
});

describe('renameRaftContext', () => {
  it('a server’s context as renameServerState; the clients’ targets renamed and sorted', () => {
    expect(renameRaftContext('server', ctx({ votedFor: 's2' }), cycle)).toMatchObject({ cfg: { self: 's2' }, votedFor: 's0' });
    const clients = { cfg: { self: 'clients', targets: [['s0', 's2']] }, history: { clients: [[]] } };
    expect(renameRaftContext('clients', clients, cycle)).toEqual({ cfg: { self: 'clients', targets: [['s0', 's1']] }, history: { clients: [[]] } });
  });

  it('refuses a role Raft does not have', () => {
    expect(() => renameRaftContext('replica', {}, cycle)).toThrow(new RangeError('raft has no role replica'));
  });
});
