/**
 * The normal-case rules of spec/pbft/log.ts (Castro & Liskov, OSDI 1999,
 * §4.2 and §4.1), one at a time, on hand-made replica states: every conjunct
 * of the acceptance rules, the thresholds exactly at and one below the
 * quorum, execution in seq order without gaps (the null request a no-op, an
 * id executed once), and the primary's assignment of the next free seqs.
 * n = 4, f = 1: prepared at 2 prepares, committed-local at 3 commits; S = 2.
 */
import { describe, expect, it } from 'vitest';
import {
  acceptPrePrepare,
  acceptsCommit,
  acceptsPrePrepare,
  acceptsPrepare,
  addVote,
  advance,
  assignRequests,
  chain,
  committedPrefix,
  countOf,
  execute,
  hasCounted,
  holdRequest,
  holdsRequest,
  isAuthentic,
  isNewClientRequest,
  isPrepared,
  mayBeAuthentic,
  mayPrepare,
  recordCommit,
  recordPrepare,
  registerValue,
} from '../../../spec/pbft/log.js';
import type { CommitMsg, PbftRequest, PrePrepareMsg, PrepareMsg } from '../../../spec/pbft/messages.js';
import type { ReplicaConfig, ReplicaState } from '../../../spec/pbft/state.js';
import { pbftConfig, pbftReplica } from '../../helpers/pbft-replica.js';

const A: PbftRequest = { id: 'c0.0', op: { kind: 'write', value: 'a' } };
const B: PbftRequest = { id: 'c1.0', op: { kind: 'read' } };
const C: PbftRequest = { id: 'c0.1', op: { kind: 'write', value: 'b' } };
const R = ['r0', 'r1', 'r2', 'r3'];

const cfg = (self: string, over: Partial<ReplicaConfig> = {}): ReplicaConfig => pbftConfig(self, { views: 2, ...over });
const rs = (self: string, over: Partial<ReplicaState> = {}, c: Partial<ReplicaConfig> = {}): ReplicaState => pbftReplica(self, over, { views: 2, ...c });
const pp = (over: Partial<PrePrepareMsg> = {}): PrePrepareMsg => ({ type: 'pbft.pre-prepare', from: 'r0', to: 'r1', view: 0, seq: 1, request: A, ...over });
const prep = (over: Partial<PrepareMsg> = {}): PrepareMsg => ({ type: 'pbft.prepare', from: 'r2', to: 'r1', view: 0, seq: 1, digest: 'c0.0', ...over });
const com = (over: Partial<CommitMsg> = {}): CommitMsg => ({ type: 'pbft.commit', from: 'r2', to: 'r1', view: 0, seq: 1, digest: 'c0.0', ...over });

describe('tallies', () => {
  it('addVote keeps voters sorted, ignores a repeat, and forgets them exactly at the threshold', () => {
    const one = addVote([], 1, 'c0.0', 'r3', 3);
    expect(one).toEqual([{ seq: 1, digest: 'c0.0', from: ['r3'] }]);
    const two = addVote(one, 1, 'c0.0', 'r1', 3);
    expect(two).toEqual([{ seq: 1, digest: 'c0.0', from: ['r1', 'r3'] }]);
    expect(addVote(two, 1, 'c0.0', 'r3', 3)).toBe(two);
    expect(addVote(two, 1, 'c0.0', 'r2', 3)).toEqual([{ seq: 1, digest: 'c0.0', from: null }]);
    expect(addVote(two, 1, 'c0.0', 'r2', 4)).toEqual([{ seq: 1, digest: 'c0.0', from: ['r1', 'r2', 'r3'] }]);
    const full = addVote(two, 1, 'c0.0', 'r2', 3);
    expect(addVote(full, 1, 'c0.0', 'r0', 3)).toBe(full);
  });

  it('tallies are kept sorted by (seq, digest), each its own', () => {
    let t = addVote([], 2, 'c0.0', 'r1', 3);
    t = addVote(t, 1, 'c1.0', 'r1', 3);
    t = addVote(t, 1, null, 'r2', 3);
    t = addVote(t, 1, 'c0.0', 'r2', 3);
    expect(t.map((x) => [x.seq, x.digest, x.from])).toEqual([
      [1, null, ['r2']],
      [1, 'c0.0', ['r2']],
      [1, 'c1.0', ['r1']],
      [2, 'c0.0', ['r1']],
    ]);
    expect(countOf(t, 1, 'c0.0')).toBe(1);
    expect(countOf(t, 2, 'c1.0')).toBe(0);
    expect(countOf([{ seq: 1, digest: 'c0.0', from: null }], 1, 'c0.0')).toBe(Infinity);
    expect(hasCounted(t, 1, 'c1.0', 'r1')).toBe(true);
    expect(hasCounted(t, 1, 'c1.0', 'r2')).toBe(false);
    expect(hasCounted(t, 2, 'c1.0', 'r1')).toBe(false);
    expect(hasCounted([{ seq: 1, digest: 'c0.0', from: null }], 1, 'c0.0', 'r3')).toBe(true);
  });

  it('prepared: the pre-prepare and exactly prepareQuorum matching prepares', () => {
    const s = (from: string[], digest = 'c0.0') => rs('r1', { log: [{ seq: 1, request: A }], prepares: [{ seq: 1, digest, from }] });
    expect(isPrepared(s(['r1', 'r2']), 1, 'c0.0')).toBe(true);
    expect(isPrepared(s(['r2']), 1, 'c0.0')).toBe(false);
    expect(isPrepared(s(['r1', 'r2'], 'c1.0'), 1, 'c1.0')).toBe(false);
    expect(isPrepared(rs('r1', { prepares: [{ seq: 1, digest: 'c0.0', from: null }] }), 1, 'c0.0')).toBe(false);
  });
});

describe('requests', () => {
  it('holdsRequest: same id and command; isAuthentic: held, or not verified at all', () => {
    const s = rs('r1', { requests: [A] });
    expect(holdsRequest(s, A)).toBe(true);
    expect(holdsRequest(s, { id: 'c0.0', op: { kind: 'write', value: 'z' } })).toBe(false);
    expect(holdsRequest(s, B)).toBe(false);
    expect(isAuthentic(s, B)).toBe(false);
    expect(isAuthentic(rs('r1', {}, { verifyRequests: false }), B)).toBe(true);
  });

  it('isNewClientRequest: from the clients node, an id not held', () => {
    const s = rs('r1', { requests: [A] });
    expect(isNewClientRequest(s, 'clients', B)).toBe(true);
    expect(isNewClientRequest(s, 'clients', A)).toBe(false);
    expect(isNewClientRequest(s, 'clients', { id: 'c0.0', op: { kind: 'read' } })).toBe(false);
    expect(isNewClientRequest(s, 'r0', B)).toBe(false);
  });

  it('mayBeAuthentic: the null request, a client id, or anything when not verifying', () => {
    expect(mayBeAuthentic(rs('r1'), null)).toBe(true);
    expect(mayBeAuthentic(rs('r1'), 'c0.0')).toBe(true);
    expect(mayBeAuthentic(rs('r1'), 'bogus')).toBe(false);
    expect(mayBeAuthentic(rs('r1', {}, { verifyRequests: false }), 'bogus')).toBe(true);
  });
});

describe('acceptsPrePrepare (§4.2: a backup in view v, from v’s primary, a free seq in range, an authentic request)', () => {
  const s = (over: Partial<ReplicaState> = {}, c: Partial<ReplicaConfig> = {}) => rs('r1', { requests: [A], ...over }, c);
  it('accepted at seq 1 and at seq S = 2', () => {
    expect(acceptsPrePrepare(s(), pp())).toBe(true);
    expect(acceptsPrePrepare(s(), pp({ seq: 2 }))).toBe(true);
  });
  it('each condition refuses alone', () => {
    expect(acceptsPrePrepare(s(), pp({ view: 1, from: 'r1' }))).toBe(false);
    expect(acceptsPrePrepare(s({ view: 1 }), pp())).toBe(false);
    expect(acceptsPrePrepare(s(), pp({ from: 'r2' }))).toBe(false);
    expect(acceptsPrePrepare(rs('r0', { requests: [A] }), pp({ to: 'r0' }))).toBe(false);
    expect(acceptsPrePrepare(s(), pp({ seq: 0 }))).toBe(false);
    expect(acceptsPrePrepare(s(), pp({ seq: 3 }))).toBe(false);
    expect(acceptsPrePrepare(s(), pp({ seq: 1.5 }))).toBe(false);
    expect(acceptsPrePrepare(s({ log: [{ seq: 1, request: B }] }), pp())).toBe(false);
    expect(acceptsPrePrepare(s({ log: [{ seq: 1, request: null }] }), pp())).toBe(false);
    expect(acceptsPrePrepare(s({ requests: [] }), pp())).toBe(false);
    expect(acceptsPrePrepare(s({ requests: [] }, { verifyRequests: false }), pp())).toBe(true);
  });
});

describe('prepares and commits', () => {
  it('mayPrepare: the logged digest only; with nothing logged, a request a client may have signed (not the null request)', () => {
    const logged = rs('r1', { log: [{ seq: 1, request: A }] });
    expect(mayPrepare(logged, 1, 'c0.0')).toBe(true);
    expect(mayPrepare(logged, 1, 'c1.0')).toBe(false);
    expect(mayPrepare(logged, 2, 'c1.0')).toBe(true);
    expect(mayPrepare(logged, 2, null)).toBe(false);
    expect(mayPrepare(logged, 2, 'bogus')).toBe(false);
    expect(mayPrepare(rs('r1', { log: [{ seq: 1, request: null }] }), 1, null)).toBe(true);
  });

  it('acceptsPrepare: current view, not from the primary, seq in range, not counted, may prepare', () => {
    const s = rs('r1', { log: [{ seq: 1, request: A }], prepares: [{ seq: 1, digest: 'c0.0', from: ['r1'] }] });
    expect(acceptsPrepare(s, prep())).toBe(true);
    expect(acceptsPrepare(s, prep({ seq: 2, digest: 'c1.0' }))).toBe(true);
    expect(acceptsPrepare(s, prep({ view: 1 }))).toBe(false);
    expect(acceptsPrepare(s, prep({ from: 'r0' }))).toBe(false);
    expect(acceptsPrepare(s, prep({ from: 'r1' }))).toBe(false);
    expect(acceptsPrepare(s, prep({ seq: 3 }))).toBe(false);
    expect(acceptsPrepare(s, prep({ seq: 0 }))).toBe(false);
    expect(acceptsPrepare(s, prep({ digest: 'c1.0' }))).toBe(false);
  });

  it('acceptsCommit: the same, and from the primary too', () => {
    const s = rs('r1', { log: [{ seq: 1, request: A }], commits: [{ seq: 1, digest: 'c0.0', from: ['r3'] }] });
    expect(acceptsCommit(s, com())).toBe(true);
    expect(acceptsCommit(s, com({ from: 'r0' }))).toBe(true);
    expect(acceptsCommit(s, com({ from: 'r3' }))).toBe(false);
    expect(acceptsCommit(s, com({ view: 1 }))).toBe(false);
    expect(acceptsCommit(s, com({ seq: 3 }))).toBe(false);
    expect(acceptsCommit(s, com({ seq: 2 }))).toBe(true);
    expect(acceptsCommit(s, com({ digest: 'c1.0' }))).toBe(false);
  });
});

describe('execution (§4.1: in seq order, without gaps)', () => {
  it('committedPrefix: the seqs 1..n committed, stopping at the first gap', () => {
    expect(committedPrefix([])).toBe(0);
    expect(committedPrefix([{ seq: 2, request: A }])).toBe(0);
    expect(committedPrefix([{ seq: 1, request: null }, { seq: 2, request: A }, { seq: 4, request: B }])).toBe(2);
  });

  it('registerValue replays the executed ids; an id never committed is an error', () => {
    const committed = [{ seq: 1, request: A }, { seq: 2, request: C }];
    expect(registerValue([], committed)).toBe(null);
    expect(registerValue(['c0.0'], committed)).toBe('a');
    expect(registerValue(['c0.0', 'c0.1'], committed)).toBe('b');
    expect(() => registerValue(['c1.0'], committed)).toThrow(new Error('executed c1.0, which was never committed'));
  });

  it('execute: beyond executedUpTo as far as no gap; the null request is a no-op; an id executes once', () => {
    const s = rs('r1', { committed: [{ seq: 1, request: A }, { seq: 2, request: null }, { seq: 3, request: B }, { seq: 4, request: A }] }, { seqs: 4 });
    expect(execute(s, 0)).toEqual({ executed: ['c0.0', 'c1.0'], results: [{ id: 'c0.0', result: 'ok' }, { id: 'c1.0', result: 'a' }] });
    const after1 = { ...s, executed: ['c0.0'] };
    expect(execute(after1, 1)).toEqual({ executed: ['c0.0', 'c1.0'], results: [{ id: 'c1.0', result: 'a' }] });
    const done = { ...s, executed: ['c0.0', 'c1.0'] };
    expect(execute(done, 4).executed).toBe(done.executed);
    expect(execute(done, 4).results).toEqual([]);
    // Only the null request and a repeat beyond seq 1: nothing new, the same array.
    expect(execute(after1, 1).executed).not.toBe(after1.executed);
    const onlyNull = rs('r1', { committed: [{ seq: 1, request: null }] });
    expect(execute(onlyNull, 0).executed).toBe(onlyNull.executed);
  });
});

describe('advance: prepared → commit, committed-local → execute and reply', () => {
  it('a backup that becomes prepared sends its commit to the others and counts its own', () => {
    const s = rs('r1', { log: [{ seq: 1, request: A }], prepares: [{ seq: 1, digest: 'c0.0', from: ['r1'] }] });
    const { state, sent } = recordPrepare(s, prep());
    expect(state.prepares).toEqual([{ seq: 1, digest: 'c0.0', from: null }]);
    expect(state.commits).toEqual([{ seq: 1, digest: 'c0.0', from: ['r1'] }]);
    expect(sent).toEqual(['r0', 'r2', 'r3'].map((to) => ({ type: 'pbft.commit', from: 'r1', to, view: 0, seq: 1, digest: 'c0.0' })));
    expect(state.committed).toEqual([]);
  });

  it('the third commit commits, executes and replies; with replies off, no reply', () => {
    const s = rs('r1', {
      requests: [A],
      log: [{ seq: 1, request: A }],
      prepares: [{ seq: 1, digest: 'c0.0', from: null }],
      commits: [{ seq: 1, digest: 'c0.0', from: ['r1', 'r3'] }],
    });
    const { state, sent } = recordCommit(s, com());
    expect(state.committed).toEqual([{ seq: 1, request: A }]);
    expect(state.executed).toEqual(['c0.0']);
    expect(sent).toEqual([{ type: 'pbft.reply', from: 'r1', to: 'clients', id: 'c0.0', result: 'ok' }]);
    const quiet = recordCommit({ ...s, cfg: cfg('r1', { replies: false }) }, com());
    expect(quiet.sent).toEqual([]);
    expect(quiet.state.executed).toEqual(['c0.0']);
    // Two commits only: nothing committed yet.
    const two = recordCommit({ ...s, commits: [{ seq: 1, digest: 'c0.0', from: ['r1'] }] }, com());
    expect(two.state.committed).toEqual([]);
    expect(two.sent).toEqual([]);
  });

  it('no change: the same state object', () => {
    const s = rs('r1', { log: [{ seq: 1, request: A }] });
    expect(advance(s, s).state).toBe(s);
  });

  it('a committed seq 2 waits for seq 1: committed, not executed', () => {
    const s = rs('r1', {
      log: [{ seq: 2, request: B }],
      prepares: [{ seq: 2, digest: 'c1.0', from: null }],
      commits: [{ seq: 2, digest: 'c1.0', from: null }],
    });
    const { state, sent } = advance(s, { ...s, commits: [] });
    expect(state.committed).toEqual([{ seq: 2, request: B }]);
    expect(state.executed).toEqual([]);
    expect(sent).toEqual([]);
  });

  it('chain appends what the second step sends', () => {
    const s = rs('r1');
    const m = com();
    expect(chain({ state: s, sent: [m] }, (x) => ({ state: x, sent: [] })).sent).toEqual([m]);
    expect(chain({ state: s, sent: [m] }, (x) => ({ state: { ...x, view: 1 }, sent: [prep()] }))).toEqual({ state: { ...s, view: 1 }, sent: [m, prep()] });
  });
});

describe('the primary assigns its requests (§4.2)', () => {
  it('in id order, the next free seqs, to every backup; requests beyond S wait', () => {
    const s = rs('r0', { requests: [A, C, B] }, { seqs: 2 });
    const { state, sent } = assignRequests(s);
    expect(state.log).toEqual([{ seq: 1, request: A }, { seq: 2, request: C }]);
    expect(sent.map((m) => [m.type, m.to, m.type === 'pbft.pre-prepare' ? m.seq : 0])).toEqual([
      ['pbft.pre-prepare', 'r1', 1],
      ['pbft.pre-prepare', 'r2', 1],
      ['pbft.pre-prepare', 'r3', 1],
      ['pbft.pre-prepare', 'r1', 2],
      ['pbft.pre-prepare', 'r2', 2],
      ['pbft.pre-prepare', 'r3', 2],
    ]);
  });

  it('skips what is assigned in this view or executed; after a null request at seq 1 it takes seq 2', () => {
    const s = rs('r0', { requests: [A, B], log: [{ seq: 1, request: null }], executed: ['c0.0'] }, { seqs: 3 });
    expect(assignRequests(s).state.log).toEqual([{ seq: 1, request: null }, { seq: 2, request: B }]);
    const assigned = rs('r0', { requests: [A], log: [{ seq: 1, request: A }] });
    expect(assignRequests(assigned)).toEqual({ state: assigned, sent: [] });
  });

  it('a backup assigns nothing; holdRequest assigns only when active', () => {
    expect(assignRequests(rs('r1', { requests: [A] })).sent).toEqual([]);
    expect(holdRequest(rs('r0'), A, false)).toEqual({ state: rs('r0', { requests: [A] }), sent: [] });
    // Active, it assigns every request it holds unassigned, in id order: A (c0.0) then B (c1.0).
    expect(holdRequest(rs('r0', { requests: [B] }), A, true).state.log).toEqual([{ seq: 1, request: A }, { seq: 2, request: B }]);
    expect(holdRequest(rs('r0', { requests: [B] }), A, false).state.requests).toEqual([A, B]);
  });

  it('a backup accepting a pre-prepare logs it by seq, counts its own prepare and sends it', () => {
    const s = rs('r1', { requests: [A, B], log: [{ seq: 2, request: B }] });
    const { state, sent } = acceptPrePrepare(s, pp());
    expect(state.log).toEqual([{ seq: 1, request: A }, { seq: 2, request: B }]);
    expect(state.prepares).toEqual([{ seq: 1, digest: 'c0.0', from: ['r1'] }]);
    expect(sent).toEqual(['r0', 'r2', 'r3'].map((to) => ({ type: 'pbft.prepare', from: 'r1', to, view: 0, seq: 1, digest: 'c0.0' })));
  });
});
