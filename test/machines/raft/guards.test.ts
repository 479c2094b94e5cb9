/**
 * The Raft server's guards and actions at their boundaries
 * (machines/raft/server.machine.ts; Figure 2 of Ongaro & Ousterhout 2014),
 * one pure step at a time: which term a vote, a response or a RequestVote
 * must carry to count, the votes kept as a sorted set, the volatile fields
 * emptied on a role change, commitIndex = min(leaderCommit, last new entry),
 * matchIndex and nextIndex never moved backwards by a stale answer, a
 * request without an operation, one-server elections, and a given start.
 */
import { describe, expect, it } from 'vitest';
import { serverMachine } from '../../../machines/raft/server.machine.js';
import type { AppendEntriesMsg, AppendResponseMsg, LogEntry, RequestVoteMsg } from '../../../spec/raft/messages.js';
import { initialServerState, type ServerConfig, type ServerState } from '../../../spec/raft/state.js';
import { restore, start, step } from '../../helpers/machines.js';

const S3 = ['s0', 's1', 's2'];
const S5 = ['s0', 's1', 's2', 's3', 's4'];
const cfg = (self: string, over: Partial<ServerConfig> = {}): ServerConfig => ({ self, servers: S3, quorum: 2, maxTerm: 3, clients: 'clients', initialLeader: 's0', ...over });
const A1: LogEntry = { term: 1, id: 'c0.0', op: { kind: 'write', value: 'a' } };
const B1: LogEntry = { term: 1, id: 'c0.1', op: { kind: 'read' } };
const B2: LogEntry = { term: 2, id: 'c0.1', op: { kind: 'read' } };
const state = (self: string, over: Partial<ServerState>, c: Partial<ServerConfig> = {}): ServerState => ({
  cfg: cfg(self, c),
  currentTerm: 1,
  votedFor: 's0',
  log: [],
  applied: [],
  votes: [],
  leader: null,
  ...over,
});
const at = (value: 'follower' | 'candidate' | 'leader', self: string, over: Partial<ServerState>, c: Partial<ServerConfig> = {}) => restore(serverMachine, value, state(self, over, c));
const vote = (from: string, term: number, to = 's2') => ({ type: 'raft.vote' as const, from, to, term });
const rv = (term: number, from = 's1', lastLogIndex = 0, lastLogTerm = 0): RequestVoteMsg => ({ type: 'raft.request-vote', from, to: 's2', term, lastLogIndex, lastLogTerm });
const ae = (over: Partial<AppendEntriesMsg>): AppendEntriesMsg => ({ type: 'raft.append-entries', from: 's0', to: 's1', term: 1, prevLogIndex: 0, prevLogTerm: 0, entries: [], leaderCommit: 0, ...over });
const resp = (from: string, term: number, success: boolean, matchIndex: number): AppendResponseMsg => ({ type: 'raft.append-response', from, to: 's0', term, success, matchIndex });

describe('a candidate’s votes: a sorted set of the servers that voted in its term', () => {
  it('votes arriving out of name order are kept sorted; a repeated vote is counted once', () => {
    // Five servers and a quorum of all five, so that s2 stays a candidate.
    let snap = at('candidate', 's2', { currentTerm: 2, votedFor: 's2', votes: ['s2'] }, { servers: S5, quorum: 5 });
    snap = step(serverMachine, snap, vote('s4', 2)).next;
    expect(snap.context.votes).toEqual(['s2', 's4']);
    snap = step(serverMachine, snap, vote('s0', 2)).next;
    expect(snap.context.votes).toEqual(['s0', 's2', 's4']);
    snap = step(serverMachine, snap, vote('s3', 2)).next;
    expect(snap.context.votes).toEqual(['s0', 's2', 's3', 's4']);
    snap = step(serverMachine, snap, vote('s4', 2)).next;
    expect(snap.context.votes).toEqual(['s0', 's2', 's3', 's4']);
    expect(snap.value).toBe('candidate');
  });

  it('a repeated vote does not make a majority: s1 with its own vote and s2’s twice, of a quorum of 3', () => {
    let snap = at('candidate', 's1', { currentTerm: 2, votedFor: 's1', votes: ['s1'] }, { servers: S5, quorum: 3 });
    snap = step(serverMachine, snap, vote('s2', 2, 's1')).next;
    snap = step(serverMachine, snap, vote('s2', 2, 's1')).next;
    expect(snap.value).toBe('candidate');
    expect(snap.context.votes).toEqual(['s1', 's2']);
  });

  it('a vote of an earlier election (term 2, the candidate is in term 3) is not counted', () => {
    const cand = at('candidate', 's1', { currentTerm: 3, votedFor: 's1', votes: ['s1'] });
    expect(cand.can(vote('s2', 2, 's1'))).toBe(false);
    const { next } = step(serverMachine, cand, vote('s2', 2, 's1'));
    expect(next.value).toBe('candidate');
    expect(next.context.votes).toEqual(['s1']);
  });

  it('on winning, the votes are emptied (volatile state of a candidate only)', () => {
    const cand = at('candidate', 's1', { currentTerm: 2, votedFor: 's1', votes: ['s1'] });
    const { next } = step(serverMachine, cand, vote('s2', 2, 's1'));
    expect(next.value).toBe('leader');
    expect(next.context.votes).toEqual([]);
  });

  it('a candidate that sees a newer term steps down with no votes, no vote cast and no leader state', () => {
    const cand = at('candidate', 's1', { currentTerm: 2, votedFor: 's1', votes: ['s1'] });
    const { next } = step(serverMachine, cand, ae({ from: 's2', term: 3 }));
    expect(next.value).toBe('follower');
    expect(next.context).toMatchObject({ currentTerm: 3, votedFor: null, votes: [], leader: null });
  });
});

describe('elections: the term bound and a cluster of one', () => {
  it('a candidate times out again for term 3 while T = 3 allows it, not beyond', () => {
    const cand = at('candidate', 's1', { currentTerm: 2, votedFor: 's1', votes: ['s1'] });
    const { next, sent } = step(serverMachine, cand, { type: 'TIMEOUT' });
    expect(next.value).toBe('candidate');
    expect(next.context).toMatchObject({ currentTerm: 3, votedFor: 's1', votes: ['s1'] });
    expect(sent.map((m) => [m.type, m.to, (m as RequestVoteMsg).term])).toEqual([
      ['raft.request-vote', 's0', 3],
      ['raft.request-vote', 's2', 3],
    ]);
    expect(next.can({ type: 'TIMEOUT' })).toBe(false);
  });

  it('a follower of term 2 may still start term 3 (T = 3)', () => {
    expect(at('follower', 's1', { currentTerm: 2 }).can({ type: 'TIMEOUT' })).toBe(true);
  });

  it('one server (quorum 1) wins its election with its own vote, sending nothing', () => {
    const solo = at('follower', 's0', { currentTerm: 1, votedFor: null }, { servers: ['s0'], quorum: 1 });
    const { next, sent } = step(serverMachine, solo, { type: 'TIMEOUT' });
    expect(next.value).toBe('leader');
    expect(next.context).toMatchObject({ currentTerm: 2, votes: [], leader: { nextIndex: [1], matchIndex: [0] } });
    expect(sent).toEqual([]);
  });
});

describe('RequestVote: the term must be current, and the vote free or already the candidate’s', () => {
  it('a RequestVote of an older term is refused, even with no vote cast', () => {
    const { next, sent } = step(serverMachine, at('follower', 's2', { currentTerm: 2, votedFor: null }), rv(1));
    expect(sent).toEqual([]);
    expect(next.context).toMatchObject({ currentTerm: 2, votedFor: null });
  });

  it('the candidate it already voted for gets its vote again (a repeated RequestVote)', () => {
    const { next, sent } = step(serverMachine, at('follower', 's2', { currentTerm: 2, votedFor: 's1' }), rv(2, 's1'));
    expect(sent).toEqual([{ type: 'raft.vote', from: 's2', to: 's1', term: 2 }]);
    expect(next.context.votedFor).toBe('s1');
  });

  it('another candidate of the same term is refused', () => {
    const { sent } = step(serverMachine, at('follower', 's2', { currentTerm: 2, votedFor: 's1' }), rv(2, 's0'));
    expect(sent).toEqual([]);
  });

  it('a free vote of the current term goes to an up-to-date candidate (equal logs)', () => {
    const { next, sent } = step(serverMachine, at('follower', 's2', { currentTerm: 2, votedFor: null, log: [A1] }), rv(2, 's1', 1, 1));
    expect(sent).toEqual([{ type: 'raft.vote', from: 's2', to: 's1', term: 2 }]);
    expect(next.context.votedFor).toBe('s1');
  });
});

describe('AppendEntries receiver: commitIndex = min(leaderCommit, index of the last new entry)', () => {
  it('entries with leaderCommit 0 are stored, not applied', () => {
    const { next, sent } = step(serverMachine, at('follower', 's1', {}), ae({ entries: [A1], leaderCommit: 0 }));
    expect(next.context.log).toEqual([A1]);
    expect(next.context.applied).toEqual([]);
    expect(sent).toEqual([{ type: 'raft.append-response', from: 's1', to: 's0', term: 1, success: true, matchIndex: 1 }]);
  });

  it('leaderCommit 1 with two new entries applies only the first', () => {
    const { next } = step(serverMachine, at('follower', 's1', {}), ae({ entries: [A1, B1], leaderCommit: 1 }));
    expect(next.context.applied).toEqual([A1]);
  });

  it('a heartbeat with leaderCommit 2 past the entries it carries (prev 1) commits only index 1', () => {
    const { next, sent } = step(serverMachine, at('follower', 's1', { log: [A1, B1] }), ae({ prevLogIndex: 1, prevLogTerm: 1, leaderCommit: 2 }));
    expect(next.context.applied).toEqual([A1]);
    expect(sent[0]).toMatchObject({ success: true, matchIndex: 1 });
  });

  it('a candidate hearing from the leader of its own term returns to follower and appends', () => {
    const cand = at('candidate', 's1', { currentTerm: 2, votedFor: 's1', votes: ['s1'] });
    const { next, sent } = step(serverMachine, cand, ae({ from: 's2', term: 2, entries: [B2], leaderCommit: 1 }));
    expect(next.value).toBe('follower');
    // Its tally goes with its candidacy (a later election counts afresh); its vote for itself in term 2 stays.
    expect(next.context).toMatchObject({ currentTerm: 2, votedFor: 's1', votes: [], log: [B2], applied: [B2] });
    expect(sent).toEqual([{ type: 'raft.append-response', from: 's1', to: 's2', term: 2, success: true, matchIndex: 1 }]);
  });
});

describe('leader: only answers of its own term count, and never move its indices backwards', () => {
  const leader = (over: Partial<ServerState> = {}) =>
    at('leader', 's0', { currentTerm: 2, votedFor: 's0', log: [A1, B2], leader: { nextIndex: [3, 3, 3], matchIndex: [0, 0, 0] }, ...over });

  it('a success of an earlier term (1) is ignored: nothing matched, nothing committed', () => {
    const l = leader();
    expect(l.can(resp('s1', 1, true, 2))).toBe(false);
    const { next, sent } = step(serverMachine, l, resp('s1', 1, true, 2));
    expect(next.context.leader).toEqual({ nextIndex: [3, 3, 3], matchIndex: [0, 0, 0] });
    expect(next.context.applied).toEqual([]);
    expect(sent).toEqual([]);
  });

  it('a success of its term commits through index 2 (term 2 is current) and answers both requests', () => {
    const { next, sent } = step(serverMachine, leader(), resp('s1', 2, true, 2));
    expect(next.context.leader).toEqual({ nextIndex: [3, 3, 3], matchIndex: [0, 2, 0] });
    expect(next.context.applied).toEqual([A1, B2]);
    expect(sent).toEqual([
      { type: 'mp.reply', from: 's0', to: 'clients', id: 'c0.0', result: 'ok' },
      { type: 'mp.reply', from: 's0', to: 'clients', id: 'c0.1', result: 'a' },
    ]);
  });

  it('a stale success (match 1 after match 2) lowers neither matchIndex nor nextIndex', () => {
    const l = leader({ leader: { nextIndex: [3, 3, 3], matchIndex: [0, 2, 0] }, applied: [A1, B2] });
    const { next, sent } = step(serverMachine, l, resp('s1', 2, true, 1));
    expect(next.context.leader).toEqual({ nextIndex: [3, 3, 3], matchIndex: [0, 2, 0] });
    expect(sent).toEqual([]);
  });

  it('a success raises nextIndex to match + 1 for that follower only', () => {
    const l = leader({ leader: { nextIndex: [1, 1, 1], matchIndex: [0, 0, 0] } });
    const { next } = step(serverMachine, l, resp('s2', 2, true, 1));
    expect(next.context.leader).toEqual({ nextIndex: [1, 1, 2], matchIndex: [0, 0, 1] });
    // Index 1 is of term 1: not committed by counting (§5.4.2).
    expect(next.context.applied).toEqual([]);
  });

  it('a refusal at nextIndex 1 retries from index 1 again (nextIndex never below 1)', () => {
    const l = leader({ leader: { nextIndex: [3, 1, 3], matchIndex: [0, 0, 0] } });
    const { next, sent } = step(serverMachine, l, resp('s1', 2, false, 0));
    expect(next.context.leader?.nextIndex).toEqual([3, 1, 3]);
    expect(sent).toEqual([{ type: 'raft.append-entries', from: 's0', to: 's1', term: 2, prevLogIndex: 0, prevLogTerm: 0, entries: [A1, B2], leaderCommit: 0 }]);
  });

  it('a new command is appended and sent to each follower from its own nextIndex, with the leader’s commit', () => {
    const l = leader({ log: [A1], applied: [A1], leader: { nextIndex: [2, 1, 2], matchIndex: [0, 0, 1] } });
    const { next, sent } = step(serverMachine, l, { type: 'mp.request', from: 'clients', to: 's0', entry: { id: 'c0.1', op: { kind: 'read' } } });
    expect(next.context.log).toEqual([A1, B2]);
    expect(sent).toEqual([
      { type: 'raft.append-entries', from: 's0', to: 's1', term: 2, prevLogIndex: 0, prevLogTerm: 0, entries: [A1, B2], leaderCommit: 1 },
      { type: 'raft.append-entries', from: 's0', to: 's2', term: 2, prevLogIndex: 1, prevLogTerm: 1, entries: [B2], leaderCommit: 1 },
    ]);
  });

  it('a command whose id the log already holds is not appended again; one with another id is', () => {
    const l = leader({ log: [A1] });
    expect(l.can({ type: 'mp.request', from: 'clients', to: 's0', entry: { id: 'c0.0', op: A1.op } })).toBe(false);
    expect(l.can({ type: 'mp.request', from: 'clients', to: 's0', entry: { id: 'c0.1', op: { kind: 'read' } } })).toBe(true);
  });

  it('a request carrying no operation appends nothing and sends nothing', () => {
    const { next, sent } = step(serverMachine, leader({ log: [A1] }), { type: 'mp.request', from: 'clients', to: 's0', entry: { id: 'c0.1' } });
    expect(next.context.log).toEqual([A1]);
    expect(sent).toEqual([]);
  });

  it('a follower drops a client command (no redirect)', () => {
    const f = at('follower', 's1', {});
    expect(f.can({ type: 'mp.request', from: 'clients', to: 's1', entry: { id: 'c0.0', op: A1.op } })).toBe(false);
  });
});

describe('the initial state', () => {
  it('a given start (Figure 8): its term, its vote (even none) and log; a leader’s indices past its log', () => {
    const start1 = { currentTerm: 2, votedFor: null, log: [A1], leads: false };
    expect(initialServerState(cfg('s0', { start: start1 }))).toStrictEqual({ cfg: cfg('s0', { start: start1 }), currentTerm: 2, votedFor: null, log: [A1], applied: [], votes: [], leader: null });
    const start2 = { currentTerm: 2, votedFor: 's1', log: [B2], leads: true };
    const s1 = initialServerState(cfg('s1', { start: start2 }));
    expect(s1).toMatchObject({ currentTerm: 2, votedFor: 's1', log: [B2], applied: [], votes: [], leader: { nextIndex: [2, 2, 2], matchIndex: [0, 0, 0] } });
  });

  it('the machine starts a given leader as leader, a given follower as follower, even s0', () => {
    expect(start(serverMachine, cfg('s1', { start: { currentTerm: 2, votedFor: 's1', log: [B2], leads: true } })).next.value).toBe('leader');
    expect(start(serverMachine, cfg('s0', { start: { currentTerm: 2, votedFor: null, log: [A1], leads: false } })).next.value).toBe('follower');
  });

  it('the usual start: term 1, a vote for s0, empty volatile fields', () => {
    expect(initialServerState(cfg('s2'))).toStrictEqual({ cfg: cfg('s2'), currentTerm: 1, votedFor: 's0', log: [], applied: [], votes: [], leader: null });
  });
});
