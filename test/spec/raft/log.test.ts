/** The log rules of Raft (spec/raft/log.ts), each against Figure 2's wording, and the Figure 3 properties on hand-built states. */
import { describe, expect, it } from 'vitest';
import { advanceCommit, applyCommitted, isUpToDate, matchesPrev, mergeEntries } from '../../../spec/raft/log.js';
import { electionSafetyHolds, leaderCompletenessHolds, logMatchingHolds, stateMachineSafetyHolds, type ServerView } from '../../../spec/raft/invariants.js';
import type { LogEntry } from '../../../spec/raft/messages.js';

const e = (term: number, id: string): LogEntry => ({ term, id, op: { kind: 'write', value: id } });
const A1 = e(1, 'c0.0');
const B1 = e(1, 'c0.1');
const C2 = e(2, 'c1.0');
const D2 = e(2, 'c1.1');

describe('§5.4.1 up-to-date', () => {
  it('a higher last term wins, whatever the length', () => expect(isUpToDate(2, 1, [A1, B1])).toBe(true));
  it('a lower last term loses, whatever the length', () => expect(isUpToDate(1, 5, [C2])).toBe(false));
  it('same last term: the longer or equal log wins', () => {
    expect(isUpToDate(1, 2, [A1, B1])).toBe(true);
    expect(isUpToDate(1, 1, [A1, B1])).toBe(false);
  });
  it('any log is as up-to-date as the empty one', () => expect(isUpToDate(0, 0, [])).toBe(true));
});

describe('§5.3 consistency check and conflict truncation', () => {
  it('matches at 0 always, at i only with the term there', () => {
    expect(matchesPrev([], 0, 0)).toBe(true);
    expect(matchesPrev([A1], 1, 1)).toBe(true);
    expect(matchesPrev([A1], 1, 2)).toBe(false);
    expect(matchesPrev([A1], 2, 1)).toBe(false);
  });
  it('appends new entries after prevLogIndex', () => expect(mergeEntries([A1], 1, [C2])).toEqual([A1, C2]));
  it('deletes a conflicting entry and all that follow it', () => expect(mergeEntries([A1, B1], 0, [C2])).toEqual([C2]));
  it('keeps a longer matching log when a stale AppendEntries repeats a prefix', () => {
    const log = [A1, B1];
    expect(mergeEntries(log, 0, [A1])).toBe(log);
  });
});

describe('§5.4.2 commit rule', () => {
  it('commits the highest current-term entry a majority stores', () => expect(advanceCommit([A1, C2, D2], 2, 0, [2, 0], 2)).toBe(2));
  it('never commits an old-term entry by counting replicas', () => expect(advanceCommit([A1, C2], 2, 0, [1, 1], 2)).toBe(0));
  it('commit-old-term: counts replicas for any term', () => expect(advanceCommit([A1, C2], 2, 0, [1, 1], 2, true)).toBe(1));
  it('an old-term entry is committed with a current-term entry after it', () => expect(advanceCommit([A1, C2], 2, 0, [2, 0], 2)).toBe(2));
});

describe('applying committed entries', () => {
  it('applies in index order and answers each request once', () => {
    const read = { term: 1, id: 'c1.0', op: { kind: 'read' as const } };
    const { applied, results } = applyCommitted([A1, read, A1], [], 3);
    expect(applied).toEqual([A1, read, A1]);
    expect(results).toEqual([
      { id: 'c0.0', result: 'ok' },
      { id: 'c1.0', result: 'c0.0' },
    ]);
  });
  it('never applies beyond the log', () => expect(applyCommitted([A1], [], 3).applied).toEqual([A1]));
});

const view = (over: Partial<ServerView>): ServerView => ({ currentTerm: 1, log: [], applied: [], leader: null, ...over });
const LEADS = { nextIndex: [1, 1, 1], matchIndex: [0, 0, 0] };

describe('Figure 3 properties', () => {
  it('election safety: two leaders of one term', () => {
    expect(electionSafetyHolds([view({ leader: LEADS }), view({ leader: LEADS })])).toBe(false);
    expect(electionSafetyHolds([view({ leader: LEADS }), view({ leader: LEADS, currentTerm: 2 })])).toBe(true);
  });
  it('log matching: same index and term, different prefixes', () => {
    expect(logMatchingHolds([view({ log: [A1, C2] }), view({ log: [B1, C2] })])).toBe(false);
    expect(logMatchingHolds([view({ log: [A1, C2] }), view({ log: [A1, D2] })])).toBe(false);
    expect(logMatchingHolds([view({ log: [A1, C2] }), view({ log: [A1] })])).toBe(true);
    expect(logMatchingHolds([view({ log: [A1, B1] }), view({ log: [C2] })])).toBe(true);
  });
  it('leader completeness: a leader of a higher term lacks an applied entry', () => {
    expect(leaderCompletenessHolds([view({ applied: [A1] }), view({ currentTerm: 2, leader: LEADS, log: [C2] })])).toBe(false);
    expect(leaderCompletenessHolds([view({ applied: [A1] }), view({ currentTerm: 2, leader: LEADS, log: [A1, C2] })])).toBe(true);
    // A leader of the same term is not bound (the entry may be committed in a later term).
    expect(leaderCompletenessHolds([view({ currentTerm: 2, applied: [A1] }), view({ currentTerm: 2, leader: LEADS, log: [] })])).toBe(true);
  });
  it('state machine safety: two servers apply different entries at one index', () => {
    expect(stateMachineSafetyHolds([view({ applied: [A1] }), view({ applied: [C2] })])).toBe(false);
    expect(stateMachineSafetyHolds([view({ applied: [A1] }), view({ applied: [A1, C2] })])).toBe(true);
  });
});
