/** Raft server machine (Ongaro & Ousterhout 2014, Figure 2), one pure step at a time: next context and messages sent. */
import { describe, expect, it } from 'vitest';
import { RAFT_BUG_SERVERS, raftServer } from '../../../machines/raft/bugs.js';
import { serverMachine } from '../../../machines/raft/server.machine.js';
import type { RaftBug } from '../../../spec/raft/bugs.js';
import type { AppendEntriesMsg, LogEntry, RequestVoteMsg } from '../../../spec/raft/messages.js';
import type { ServerConfig, ServerState } from '../../../spec/raft/state.js';
import { restore, start, step } from '../../helpers/machines.js';

const cfg = (self: string, over: Partial<ServerConfig> = {}): ServerConfig => ({
  self,
  servers: ['s0', 's1', 's2'],
  quorum: 2,
  maxTerm: 3,
  clients: 'clients',
  initialLeader: 's0',
  ...over,
});
const A1: LogEntry = { term: 1, id: 'c0.0', op: { kind: 'write', value: 'a' } };
const B1: LogEntry = { term: 1, id: 'c0.1', op: { kind: 'read' } };
const C2: LogEntry = { term: 2, id: 'c1.0', op: { kind: 'write', value: 'c' } };
const follower = (self: string, over: Partial<ServerState> = {}, c: Partial<ServerConfig> = {}, machine = serverMachine) =>
  restore(machine, 'follower', { cfg: cfg(self, c), currentTerm: 1, votedFor: 's0', log: [], applied: [], votes: [], leader: null, ...over });
const rv = (term: number, lastLogIndex: number, lastLogTerm: number, from = 's1'): RequestVoteMsg => ({ type: 'raft.request-vote', from, to: 's2', term, lastLogIndex, lastLogTerm });
const ae = (over: Partial<AppendEntriesMsg>): AppendEntriesMsg => ({
  type: 'raft.append-entries',
  from: 's0',
  to: 's1',
  term: 1,
  prevLogIndex: 0,
  prevLogTerm: 0,
  entries: [],
  leaderCommit: 0,
  ...over,
});

describe('start', () => {
  it('s0 leads term 1; the others follow it, sending nothing', () => {
    const s0 = start(serverMachine, cfg('s0'));
    expect(s0.next.value).toBe('leader');
    expect(s0.next.context.leader).toEqual({ nextIndex: [1, 1, 1], matchIndex: [0, 0, 0] });
    const s1 = start(serverMachine, cfg('s1'));
    expect(s1.next.value).toBe('follower');
    expect(s1.next.context).toMatchObject({ currentTerm: 1, votedFor: 's0', leader: null });
    expect([...s0.sent, ...s1.sent]).toEqual([]);
  });
});

describe('election', () => {
  it('a timeout starts an election: next term, a vote for itself, RequestVote to the others', () => {
    const { next, sent } = step(serverMachine, follower('s1', { log: [A1] }), { type: 'TIMEOUT' });
    expect(next.value).toBe('candidate');
    expect(next.context).toMatchObject({ currentTerm: 2, votedFor: 's1', votes: ['s1'] });
    expect(sent).toEqual([
      { type: 'raft.request-vote', from: 's1', to: 's0', term: 2, lastLogIndex: 1, lastLogTerm: 1 },
      { type: 'raft.request-vote', from: 's1', to: 's2', term: 2, lastLogIndex: 1, lastLogTerm: 1 },
    ]);
  });

  it('no election beyond the term bound T', () => {
    expect(follower('s1', { currentTerm: 3 }).can({ type: 'TIMEOUT' })).toBe(false);
  });

  it('grants a vote for a newer term to an up-to-date log, once', () => {
    const first = step(serverMachine, follower('s2', { log: [A1] }), rv(2, 1, 1));
    expect(first.next.context).toMatchObject({ currentTerm: 2, votedFor: 's1' });
    expect(first.sent).toEqual([{ type: 'raft.vote', from: 's2', to: 's1', term: 2 }]);
    const second = step(serverMachine, first.next, rv(2, 1, 1, 's0'));
    expect(second.sent).toEqual([]);
    expect(second.next.context.votedFor).toBe('s1');
  });

  it('refuses a candidate whose log is less up-to-date, but adopts its term (§5.4.1)', () => {
    const { next, sent } = step(serverMachine, follower('s2', { log: [A1] }), rv(2, 0, 0));
    expect(sent).toEqual([]);
    expect(next.context).toMatchObject({ currentTerm: 2, votedFor: null });
  });

  it('vote-without-log-check grants it anyway', () => {
    const machine = RAFT_BUG_SERVERS['vote-without-log-check'];
    const { sent } = step(machine, follower('s2', { log: [A1] }, {}, machine), rv(2, 0, 0));
    expect(sent).toEqual([{ type: 'raft.vote', from: 's2', to: 's1', term: 2 }]);
  });

  it('a majority of votes makes a leader, which sends the initial heartbeat', () => {
    const cand = restore(serverMachine, 'candidate', { cfg: cfg('s1'), currentTerm: 2, votedFor: 's1', log: [A1], applied: [], votes: ['s1'], leader: null });
    const { next, sent } = step(serverMachine, cand, { type: 'raft.vote', from: 's2', to: 's1', term: 2 });
    expect(next.value).toBe('leader');
    expect(next.context.leader).toEqual({ nextIndex: [2, 2, 2], matchIndex: [0, 0, 0] });
    expect(sent.map((m) => m.type)).toEqual(['raft.append-entries', 'raft.append-entries']);
    expect(sent[0]).toMatchObject({ to: 's0', prevLogIndex: 1, prevLogTerm: 1, entries: [] });
  });
});

describe('AppendEntries', () => {
  it('refuses when prevLogIndex/prevLogTerm do not match (§5.3)', () => {
    const { next, sent } = step(serverMachine, follower('s1'), ae({ prevLogIndex: 1, prevLogTerm: 1, entries: [B1] }));
    expect(next.context.log).toEqual([]);
    expect(sent).toEqual([{ type: 'raft.append-response', from: 's1', to: 's0', term: 1, success: false, matchIndex: 0 }]);
  });

  it('append-without-consistency-check appends anyway, at the wrong index', () => {
    const machine = RAFT_BUG_SERVERS['append-without-consistency-check'];
    const s = follower('s1', {}, {}, machine);
    const { next, sent } = step(machine, s, ae({ prevLogIndex: 1, prevLogTerm: 1, entries: [B1] }));
    expect(next.context.log).toEqual([B1]);
    expect(sent[0]).toMatchObject({ success: true, matchIndex: 2 });
  });

  it('truncates a conflict, appends, and commits up to min(leaderCommit, last new entry)', () => {
    const s = follower('s1', { log: [A1, B1] });
    const { next, sent } = step(serverMachine, s, ae({ from: 's2', term: 2, prevLogIndex: 1, prevLogTerm: 1, entries: [C2], leaderCommit: 5 }));
    expect(next.context).toMatchObject({ currentTerm: 2, votedFor: null, log: [A1, C2], applied: [A1, C2] });
    expect(sent).toEqual([{ type: 'raft.append-response', from: 's1', to: 's2', term: 2, success: true, matchIndex: 2 }]);
  });

  it('a stale term is ignored, with no answer', () => {
    const s = follower('s1', { currentTerm: 2, votedFor: null });
    const { next, sent } = step(serverMachine, s, ae({ entries: [A1] }));
    expect(next.context.log).toEqual([]);
    expect(sent).toEqual([]);
  });
});

describe('leader', () => {
  const leader = (log: readonly LogEntry[], term: number, bug: RaftBug | null = null) =>
    restore(raftServer(bug), 'leader', { cfg: cfg('s0'), currentTerm: term, votedFor: 's0', log, applied: [], votes: [], leader: { nextIndex: [1, 1, 1], matchIndex: [0, 0, 0] } });

  it('appends a client command and sends it to every follower', () => {
    const { next, sent } = step(serverMachine, leader([], 1), { type: 'mp.request', from: 'clients', to: 's0', entry: { id: 'c0.0', op: A1.op } });
    expect(next.context.log).toEqual([A1]);
    expect(sent.map((m) => [m.to, (m as AppendEntriesMsg).entries])).toEqual([
      ['s1', [A1]],
      ['s2', [A1]],
    ]);
  });

  it('commits a current-term entry a majority stores, applies it and answers the client', () => {
    const { next, sent } = step(serverMachine, leader([A1], 1), { type: 'raft.append-response', from: 's2', to: 's0', term: 1, success: true, matchIndex: 1 });
    expect(next.context.applied).toEqual([A1]);
    expect(next.context.leader?.matchIndex).toEqual([0, 0, 1]);
    expect(sent).toEqual([{ type: 'mp.reply', from: 's0', to: 'clients', id: 'c0.0', result: 'ok' }]);
  });

  it('does not commit an old-term entry by counting replicas (§5.4.2); commit-old-term does', () => {
    const ok = { type: 'raft.append-response' as const, from: 's2', to: 's0', term: 3, success: true, matchIndex: 1 };
    expect(step(serverMachine, leader([A1], 3), ok).next.context.applied).toEqual([]);
    expect(step(RAFT_BUG_SERVERS['commit-old-term'], leader([A1], 3, 'commit-old-term'), ok).next.context.applied).toEqual([A1]);
  });

  it('on refusal, decrements nextIndex and retries with the earlier entries', () => {
    const l = restore(serverMachine, 'leader', { cfg: cfg('s0'), currentTerm: 2, votedFor: 's0', log: [A1, C2], applied: [], votes: [], leader: { nextIndex: [3, 3, 3], matchIndex: [0, 0, 0] } });
    const { next, sent } = step(serverMachine, l, { type: 'raft.append-response', from: 's1', to: 's0', term: 2, success: false, matchIndex: 0 });
    expect(next.context.leader?.nextIndex).toEqual([3, 2, 3]);
    expect(sent).toEqual([{ type: 'raft.append-entries', from: 's0', to: 's1', term: 2, prevLogIndex: 1, prevLogTerm: 1, entries: [C2], leaderCommit: 0 }]);
  });

  it('steps down on a newer term', () => {
    const { next } = step(serverMachine, leader([A1], 1), rv(2, 1, 1));
    expect(next.value).toBe('follower');
    expect(next.context).toMatchObject({ currentTerm: 2, leader: null, votedFor: 's1' });
  });
});
