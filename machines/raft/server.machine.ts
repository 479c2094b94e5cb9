/**
 * Raft server — Ongaro & Ousterhout, "In Search of an Understandable
 * Consensus Algorithm" (USENIX ATC 2014), Figure 2, one machine for every
 * server; its role (follower, candidate, leader; §5.1, Figure 4) is the
 * state value.
 * Receives: TIMEOUT (environment: the election timeout), raft.request-vote,
 * raft.vote, raft.append-entries, raft.append-response, mp.request (a client
 * command).  Emits: raft.request-vote, raft.vote, raft.append-entries,
 * raft.append-response, mp.reply.
 * Safety duties: vote once per term and only for an up-to-date log (§5.2,
 * §5.4.1); accept entries only after the consistency check (§5.3); a leader
 * commits by counting replicas only entries of its own term (§5.4.2).
 * NOTE: the cluster starts in term 1 with s0 its leader, as if s0 had won
 *   the election of term 1 and its first heartbeats had arrived (every server
 *   voted for it; all logs empty): a reachable state of the full protocol,
 *   which spares the search the interleavings of the first election (as
 *   Multi-Paxos's p0 starts as the leader of ballot 0). Later elections are modelled in full.
 * NOTE: randomised election timeouts are a nondeterministic TIMEOUT the
 *   explorer may offer a follower or candidate at any time; a leader never
 *   times out. T (`cfg.maxTerm`) bounds the terms an election may start.
 * NOTE: no periodic heartbeats: a leader sends AppendEntries (to every
 *   follower, from its nextIndex on) when elected (the initial heartbeat)
 *   and when it appends a client command, and to one follower to retry after
 *   a refusal. Every entry thus reaches every follower the network delivers
 *   to, with finitely many messages; but a follower learns that an entry is
 *   committed only from a later AppendEntries (leaderCommit, §5.3), not from
 *   a heartbeat sent when the leader's commitIndex advances (sending one
 *   multiplies raft-s's state space by more than ten).
 * NOTE: a client command reaching a server that is not the leader is
 *   dropped (no redirect; clients send every command to every server, §8).
 *   A leader appends a command whose id its log does not hold yet.
 * NOTE: read commands go through the log like writes (§8's read-only
 *   optimisation is not modelled); the leader answers a client once it
 *   applies the command.
 * NOTE: persistence is declared (`RAFT_STABLE_FIELDS`: currentTerm,
 *   votedFor, log; machines/raft/system.ts): under `--recoveries` the
 *   explorer restarts a crashed server from its input plus these fields.
 * NOTE: cluster membership changes (§6) and log compaction (§7) are out of scope.
 */
import { assertEvent, assign, enqueueActions, setup } from 'xstate';
import { insertSorted } from '../../spec/core/sorted.js';
import type { NodeId } from '../../spec/core/ids.js';
import { advanceCommit, applyCommitted, isUpToDate, lastLogIndex, lastLogTerm, matchesPrev, mergeEntries, termAt } from '../../spec/raft/log.js';
import type { AppendEntriesMsg, RaftMessage, Timeout } from '../../spec/raft/messages.js';
import { initialServerState, type LeaderState, type ServerConfig, type ServerState } from '../../spec/raft/state.js';
import { checkNamed } from '../shared/guards.js';
import type { Outbound } from '../shared/outbox.js';

function compareName(a: NodeId, b: NodeId): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The AppendEntries a leader sends server number `i` of `cfg.servers`: every entry from its nextIndex on. */
function appendEntriesFor(s: ServerState, leader: LeaderState, i: number): AppendEntriesMsg {
  const next = leader.nextIndex[i] ?? 1;
  const prevLogIndex = next - 1;
  return {
    type: 'raft.append-entries',
    from: s.cfg.self,
    to: s.cfg.servers[i] as NodeId,
    term: s.currentTerm,
    prevLogIndex,
    prevLogTerm: termAt(s.log, prevLogIndex) ?? 0,
    entries: s.log.slice(prevLogIndex),
    leaderCommit: s.applied.length,
  };
}

/** Every server but the leader itself, as indices into `cfg.servers`. */
function peerIndices(cfg: ServerConfig): number[] {
  return cfg.servers.flatMap((name, i) => (name === cfg.self ? [] : [i]));
}

/** §5.1: a term above currentTerm seen in any RPC. */
function isNewer(context: ServerState, event: { readonly type: string }): boolean {
  return 'term' in event && typeof event.term === 'number' && event.term > context.currentTerm;
}

export const serverMachine = setup({
  types: {
    input: {} as ServerConfig,
    context: {} as ServerState,
    events: {} as RaftMessage | Timeout,
    emitted: {} as Outbound<RaftMessage>,
  },
  guards: {
    /** §5.4.1: the candidate's log is at least as up-to-date as this one (the `vote-without-log-check` bug overrides it: machines/raft/bugs.ts). */
    isCandidateUpToDate: ({ context, event }) =>
      event.type === 'raft.request-vote' && isUpToDate(event.lastLogTerm, event.lastLogIndex, context.log),
    /** §5.3, the consistency check: the log holds prevLogIndex with prevLogTerm (the `append-without-consistency-check` bug overrides it). */
    hasMatchingPrev: ({ context, event }) =>
      event.type === 'raft.append-entries' && matchesPrev(context.log, event.prevLogIndex, event.prevLogTerm),
    /** §5.4.2: only entries of the leader's current term are committed by counting replicas (the `commit-old-term` bug overrides it). */
    countsCurrentTermOnly: () => true,
    /** Starts as a leader: s0 in term 1, or the leader a given initial state names. */
    isInitialLeader: ({ context }) => context.leader !== null,
    /** An election may start only for a term within the bound T. */
    hasTermLeft: ({ context }) => context.currentTerm < context.cfg.maxTerm,
    /** "If RPC request or response contains term T > currentTerm: set currentTerm = T, convert to follower" (Figure 2, All Servers). */
    isNewerTerm: ({ context, event }) => isNewer(context, event),
    /** An AppendEntries of the current term: from the term's one leader (a candidate then steps down, §5.2). */
    isCurrentTerm: ({ context, event }) => event.type === 'raft.append-entries' && event.term === context.currentTerm,
    /** A vote for the candidate's current election. */
    isVoteForThisElection: ({ context, event }) => event.type === 'raft.vote' && event.term === context.currentTerm,
    /** The votes (its own included) make a majority. */
    hasVoteQuorum: ({ context }) => context.votes.length >= context.cfg.quorum,
    /** An answer to an AppendEntries of the leader's current term. */
    isResponseForThisTerm: ({ context, event }) => event.type === 'raft.append-response' && event.term === context.currentTerm,
    /** A client command the leader's log does not hold yet. */
    isNewCommand: ({ context, event }) => event.type === 'mp.request' && !context.log.some((e) => e.id === event.entry.id),
  },
  actions: {
    /** Figure 2, All Servers: adopt the newer term, forget the vote, and become a follower (the role is the target). */
    stepDown: assign(({ event }) => {
      assertEvent(event, ['raft.request-vote', 'raft.append-entries']);
      return { currentTerm: event.term, votedFor: null, votes: [], leader: null };
    }),
    /**
     * A candidate that hears the current term's leader becomes a follower (§5.2): the votes it counted
     * are of no use any more (a new election counts afresh), so they are dropped rather than kept in
     * the follower's state. A follower's tally is already empty.
     */
    forgetVotes: assign({ votes: [] }),
    /** Figure 2, Candidates: increment currentTerm, vote for self, send RequestVote to all other servers. */
    startElection: enqueueActions(({ context, enqueue }) => {
      const term = context.currentTerm + 1;
      enqueue.assign({ currentTerm: term, votedFor: context.cfg.self, votes: [context.cfg.self], leader: null });
      for (const to of context.cfg.servers) {
        if (to === context.cfg.self) continue;
        enqueue.emit({
          type: 'send',
          msg: { type: 'raft.request-vote', from: context.cfg.self, to, term, lastLogIndex: lastLogIndex(context.log), lastLogTerm: lastLogTerm(context.log) },
        });
      }
    }),
    /**
     * RequestVote receiver (Figure 2; §5.2, §5.4.1): grant when the term is
     * current, votedFor is null or the candidate, and the candidate's log is
     * at least as up-to-date (`isCandidateUpToDate`).
     */
    answerVote: enqueueActions(({ context, event, enqueue, check }) => {
      assertEvent(event, 'raft.request-vote');
      if (event.term !== context.currentTerm) return;
      if (context.votedFor !== null && context.votedFor !== event.from) return;
      if (!checkNamed(check, 'isCandidateUpToDate')) return;
      enqueue.assign({ votedFor: event.from });
      enqueue.emit({ type: 'send', msg: { type: 'raft.vote', from: context.cfg.self, to: event.from, term: event.term } });
    }),
    recordVote: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'raft.vote');
      enqueue.assign({ votes: insertSorted(context.votes, event.from, compareName) });
    }),
    /** Figure 2, Leaders: upon election, nextIndex = last log index + 1, matchIndex = 0, and an empty AppendEntries (heartbeat) to each server. */
    becomeLeader: enqueueActions(({ context, enqueue }) => {
      const n = context.cfg.servers.length;
      const leader: LeaderState = { nextIndex: new Array<number>(n).fill(lastLogIndex(context.log) + 1), matchIndex: new Array<number>(n).fill(0) };
      enqueue.assign({ votes: [], leader });
      for (const i of peerIndices(context.cfg)) enqueue.emit({ type: 'send', msg: appendEntriesFor(context, leader, i) });
    }),
    /**
     * AppendEntries receiver (Figure 2; §5.3): refuse unless the log holds
     * prevLogIndex with prevLogTerm (`hasMatchingPrev`); otherwise truncate conflicts,
     * append what is new, advance commitIndex to min(leaderCommit, index of
     * the last new entry), apply, and answer with the index now matched.
     */
    appendEntries: enqueueActions(({ context, event, enqueue, check }) => {
      assertEvent(event, 'raft.append-entries');
      const reply = (success: boolean, matchIndex: number) =>
        enqueue.emit({ type: 'send', msg: { type: 'raft.append-response', from: context.cfg.self, to: event.from, term: event.term, success, matchIndex } });
      if (!checkNamed(check, 'hasMatchingPrev')) {
        reply(false, 0);
        return;
      }
      const log = mergeEntries(context.log, event.prevLogIndex, event.entries);
      const lastNew = event.prevLogIndex + event.entries.length;
      const commit = Math.max(context.applied.length, Math.min(event.leaderCommit, lastNew));
      const { applied } = applyCommitted(log, context.applied, commit);
      enqueue.assign({ log, applied });
      reply(true, lastNew);
    }),
    /**
     * Leader, on an AppendEntries result (Figure 2, Leaders): on success
     * raise matchIndex and nextIndex, commit what a majority stores (entries
     * of the current term only, §5.4.2: `countsCurrentTermOnly`),
     * apply it and answer the clients; on refusal decrement nextIndex and retry.
     */
    handleAppendResponse: enqueueActions(({ context, event, enqueue, check }) => {
      assertEvent(event, 'raft.append-response');
      const leader = context.leader;
      if (leader === null) return;
      const i = context.cfg.servers.indexOf(event.from);
      if (!event.success) {
        const next: LeaderState = { ...leader, nextIndex: leader.nextIndex.map((v, j) => (j === i ? Math.max(1, v - 1) : v)) };
        enqueue.assign({ leader: next });
        enqueue.emit({ type: 'send', msg: appendEntriesFor(context, next, i) });
        return;
      }
      const matchIndex = leader.matchIndex.map((v, j) => (j === i ? Math.max(v, event.matchIndex) : v));
      const nextIndex = leader.nextIndex.map((v, j) => (j === i ? Math.max(v, event.matchIndex + 1) : v));
      const others = peerIndices(context.cfg).map((j) => matchIndex[j] ?? 0);
      const commit = advanceCommit(context.log, context.currentTerm, context.applied.length, others, context.cfg.quorum, !checkNamed(check, 'countsCurrentTermOnly'));
      const { applied, results } = applyCommitted(context.log, context.applied, commit);
      enqueue.assign({ leader: { nextIndex, matchIndex }, applied });
      for (const { id, result } of results) {
        enqueue.emit({ type: 'send', msg: { type: 'mp.reply', from: context.cfg.self, to: context.cfg.clients, id, result } });
      }
    }),
    /** Figure 2, Leaders: a command from a client is appended to the local log, and sent to every follower from its nextIndex on. */
    appendCommand: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'mp.request');
      const leader = context.leader;
      if (leader === null || event.entry.op === undefined) return;
      const s: ServerState = { ...context, log: [...context.log, { term: context.currentTerm, id: event.entry.id, op: event.entry.op }] };
      enqueue.assign({ log: s.log });
      for (const i of peerIndices(context.cfg)) enqueue.emit({ type: 'send', msg: appendEntriesFor(s, leader, i) });
    }),
  },
}).createMachine({
  id: 'raft.server',
  context: ({ input }) => initialServerState(input),
  initial: 'start',
  on: {
    // Any RPC of a newer term: step down first, then handle it as a follower.
    'raft.request-vote': [{ guard: 'isNewerTerm', target: '.follower', actions: ['stepDown', 'answerVote'] }, { actions: 'answerVote' }],
    'raft.append-entries': [
      { guard: 'isNewerTerm', target: '.follower', actions: ['stepDown', 'appendEntries'] },
      // The current term's leader: a candidate returns to follower (§5.2), and its tally of votes goes with its candidacy.
      { guard: 'isCurrentTerm', target: '.follower', actions: ['forgetVotes', 'appendEntries'] },
    ],
  },
  states: {
    start: { always: [{ guard: 'isInitialLeader', target: 'leader' }, { target: 'follower' }] },
    follower: {
      on: {
        // Election timeout: start an election (Figure 2, Followers).
        TIMEOUT: { guard: 'hasTermLeft', target: 'candidate', actions: 'startElection' },
      },
    },
    candidate: {
      // A majority (a single server needs no other vote): become leader.
      always: { guard: 'hasVoteQuorum', target: 'leader', actions: 'becomeLeader' },
      on: {
        // Election timeout again: a new election (Figure 2, Candidates).
        TIMEOUT: { guard: 'hasTermLeft', target: 'candidate', reenter: true, actions: 'startElection' },
        'raft.vote': { guard: 'isVoteForThisElection', actions: 'recordVote' },
      },
    },
    leader: {
      on: {
        'raft.append-response': { guard: 'isResponseForThisTerm', actions: 'handleAppendResponse' },
        'mp.request': { guard: 'isNewCommand', actions: 'appendCommand' },
      },
    },
  },
});
