/**
 * Raft messages — Ongaro & Ousterhout, "In Search of an Understandable
 * Consensus Algorithm" (USENIX ATC 2014), Figure 2: the RequestVote and
 * AppendEntries RPCs and their results, as one-way messages.
 * Paper names: request-vote = RequestVote RPC, vote = its result with
 * voteGranted true, append-entries = AppendEntries RPC (a heartbeat when it
 * carries no entries), append-response = its result.
 *
 * Client traffic reuses the Multi-Paxos clients' messages (`mp.request`,
 * `mp.reply`, `spec/multipaxos/messages.ts`), so the one clients machine,
 * its register workload and the linearizability checker serve Raft too.
 * NOTE: the RPC results a sender cannot use for safety are not sent: a
 *   RequestVote or AppendEntries with a stale term, and a refused vote, get
 *   no answer (Figure 2 answers them with `term` so that the sender steps
 *   down; a stale sender learns the newer term from any other message, and
 *   no safety rule depends on it). A refused AppendEntries (consistency
 *   check failed) is answered: the leader needs it to back up `nextIndex`.
 * NOTE: a successful append-response carries the index the follower now
 *   matches (`matchIndex`), as in Ongaro's TLA+ specification: with messages
 *   reordered, a bare `success` cannot tell the leader which request it answers.
 */
import type { Envelope } from '../core/envelope.js';
import type { ReplyMsg, RequestMsg } from '../multipaxos/messages.js';
import { describeEntry as describeRequest } from '../multipaxos/messages.js';
import type { RegisterOp } from '../multipaxos/register.js';

/** A term: 0 before any election; an election started by a timeout moves to the next one. */
export type Term = number;

/** A log entry: the client request it carries and the term in which a leader received it. */
export interface LogEntry {
  readonly term: Term;
  /** The request id `c<client>.<index>` (one client command). */
  readonly id: string;
  readonly op: RegisterOp;
}

/** RequestVote RPC: the candidate's term and the index and term of its last log entry (0, 0 for an empty log). */
export interface RequestVoteMsg extends Envelope {
  readonly type: 'raft.request-vote';
  readonly term: Term;
  readonly lastLogIndex: number;
  readonly lastLogTerm: Term;
}

/** RequestVote result with voteGranted = true. */
export interface VoteMsg extends Envelope {
  readonly type: 'raft.vote';
  readonly term: Term;
}

/** AppendEntries RPC. Indices are 1-based, as in the paper: prevLogIndex 0 is the empty prefix. */
export interface AppendEntriesMsg extends Envelope {
  readonly type: 'raft.append-entries';
  readonly term: Term;
  readonly prevLogIndex: number;
  readonly prevLogTerm: Term;
  readonly entries: readonly LogEntry[];
  readonly leaderCommit: number;
}

/** AppendEntries result: success and the index the follower's log now matches the leader's up to, or failure (0). */
export interface AppendResponseMsg extends Envelope {
  readonly type: 'raft.append-response';
  readonly term: Term;
  readonly success: boolean;
  readonly matchIndex: number;
}

export type RaftRpc = RequestVoteMsg | VoteMsg | AppendEntriesMsg | AppendResponseMsg;
/** Everything a Raft cluster sends: the RPCs and the clients' requests and replies. */
export type RaftMessage = RaftRpc | RequestMsg | ReplyMsg;

/** Environment events: a server's election timer fires; client `client` issues its next command. */
export interface Timeout { readonly type: 'TIMEOUT' }

/** How a trace prints an entry: `c0.0:write(a)@1` (the request, then the term). */
export function describeLogEntry(e: LogEntry): string {
  return `${describeRequest({ id: e.id, op: e.op })}@${e.term}`;
}

/** Names a Raft message in traces, e.g. `AppendEntries(t=2, s0→s1, prev 1@1, [c0.0:write(a)@2], commit 0)`. */
export function describeRaftMessage(m: RaftMessage): string {
  const route = `${m.from}→${m.to}`;
  switch (m.type) {
    case 'raft.request-vote':
      return `RequestVote(t=${m.term}, ${route}, last ${m.lastLogIndex}@${m.lastLogTerm})`;
    case 'raft.vote':
      return `Vote(t=${m.term}, ${route})`;
    case 'raft.append-entries':
      return `AppendEntries(t=${m.term}, ${route}, prev ${m.prevLogIndex}@${m.prevLogTerm}, [${m.entries.map(describeLogEntry).join(' ')}], commit ${m.leaderCommit})`;
    case 'raft.append-response':
      return m.success ? `AppendOk(t=${m.term}, ${route}, match ${m.matchIndex})` : `AppendFail(t=${m.term}, ${route})`;
    case 'mp.request':
      return `Request(${describeRequest(m.entry)}, ${route})`;
    case 'mp.reply':
      return `Reply(${m.id} → ${m.result ?? 'none'}, ${route})`;
  }
}
