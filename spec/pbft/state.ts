/**
 * PBFT local state — Castro & Liskov, OSDI 1999, §4: each role's constant
 * configuration (`cfg`, which adds no states) and the protocol variables,
 * nothing derivable kept beside them. Sets are arrays sorted by the
 * `compare*` functions below. A replica's status (normal, or view-changing
 * after it sent a view-change message) is its XState state value.
 *
 * A replica's message log (§4.2) is kept for its current view only: the
 * accepted pre-prepares, and the prepares and commits per (seq, digest).
 * When it leaves a view it keeps of that view only what later views need:
 * its prepared certificates (the P of its next view-change messages) and the
 * (view, seq, digest) triples it saw prepared by a quorum of prepares (its
 * evidence for checking the certificates others report, `view-change.ts`).
 */
import type { ClientHistory } from '../core/history.js';
import type { NodeId } from '../core/ids.js';
import { compareStr } from '../core/sorted.js';
import type { RegisterOp, RegisterResult } from '../multipaxos/register.js';
import { digestOf, type Assignment, type Certificate, type Digest, type PbftRequest, type Seq, type View } from './messages.js';

export interface ReplicaConfig {
  readonly self: NodeId;
  /** Every replica r0..r(n-1), this one included: the primary of view v is replicas[v mod n]. */
  readonly replicas: readonly NodeId[];
  /** The node that plays the clients. */
  readonly clients: NodeId;
  /** Q = n − f: view-change messages for a new view. */
  readonly quorum: number;
  /** Matching prepares from replicas other than the primary for prepared (Q − 1, or f under `weak-prepare`). */
  readonly prepareQuorum: number;
  /** Matching commits for committed-local (Q). */
  readonly commitQuorum: number;
  /** S: sequence numbers 1..S. */
  readonly seqs: number;
  /** V: views 0..V-1 this replica may move through. */
  readonly views: number;
  /**
   * Whether a backup accepts a pre-prepare only for a request it has itself
   * received from the client (the stand-in for the client's signature,
   * `log.ts`). Off only in the cost scenario, where clients send to the
   * primary alone and nobody is Byzantine.
   */
  readonly verifyRequests: boolean;
  /** Whether this replica answers clients. */
  readonly replies: boolean;
}

/**
 * The replicas whose message for (seq, digest) of the current view arrived
 * (own included), sorted; `null` once their number reached the threshold
 * (who they were no longer matters).
 */
export interface Tally {
  readonly seq: Seq;
  readonly digest: Digest;
  readonly from: readonly NodeId[] | null;
}

/** (view, seq, digest) seen prepared by a quorum of prepares in a view this replica has left. */
export interface Evidence {
  readonly view: View;
  readonly seq: Seq;
  readonly digest: Digest;
}

/** A view-change message received (or sent: its own) for a view it has not entered yet. */
export interface ViewChangeEntry {
  readonly view: View;
  readonly from: NodeId;
  readonly prepared: readonly Certificate[];
}

/** A request committed-local at `seq` (in some view); `null` is the null request. */
export interface Committed {
  readonly seq: Seq;
  readonly request: PbftRequest | null;
}

export interface ReplicaState {
  readonly cfg: ReplicaConfig;
  /** The current view (while view-changing: the view it is moving to). */
  readonly view: View;
  /** Requests received from the clients, sorted by id. */
  readonly requests: readonly PbftRequest[];
  /** Pre-prepares accepted (sent, as the primary) in the current view, sorted by seq: at most one per seq. */
  readonly log: readonly Assignment[];
  /** Prepares of the current view, sorted by (seq, digest). */
  readonly prepares: readonly Tally[];
  /** Commits of the current view, sorted by (seq, digest). */
  readonly commits: readonly Tally[];
  /** Its prepared certificates from the views it has left: the highest-view one per seq, sorted by seq. */
  readonly certificates: readonly Certificate[];
  /** Prepared triples seen in the views it has left, sorted. */
  readonly evidence: readonly Evidence[];
  /** What it committed, sorted by (seq, digest): one entry per seq unless agreement broke. */
  readonly committed: readonly Committed[];
  /**
   * The request ids it executed, in order: its state machine's record, which
   * the properties inspect. Committed seqs execute in order as far as they
   * have no gap, each id once; the null request executes as a no-op.
   */
  readonly executed: readonly string[];
  /** View-change messages for views above the one it is in, sorted by (view, from). */
  readonly viewChanges: readonly ViewChangeEntry[];
}

export interface ClientsConfig {
  readonly self: NodeId;
  /** K: commands per client. */
  readonly commands: number;
  /** targets[c]: where client c sends its requests. */
  readonly targets: readonly (readonly NodeId[])[];
  /** Matching replies from distinct replicas that make a result (f+1, or 1 under `client-one-reply`). */
  readonly replyQuorum: number;
}

/** A reply a client holds for its pending request. */
export interface ReplyVote {
  readonly from: NodeId;
  readonly result: RegisterResult;
}

export interface ClientsState {
  readonly cfg: ClientsConfig;
  readonly history: ClientHistory<RegisterOp, RegisterResult>;
  /** replies[c]: the replies client c holds for its pending request, sorted by sender; empty otherwise. */
  readonly replies: readonly (readonly ReplyVote[])[];
}

export function compareTally(a: Pick<Tally, 'seq' | 'digest'>, b: Pick<Tally, 'seq' | 'digest'>): number {
  return a.seq - b.seq || compareStr(a.digest, b.digest);
}

export function compareEvidence(a: Evidence, b: Evidence): number {
  return a.view - b.view || a.seq - b.seq || compareStr(a.digest, b.digest);
}

export function compareViewChange(a: ViewChangeEntry, b: ViewChangeEntry): number {
  return a.view - b.view || compareStr(a.from, b.from);
}

export function compareCommitted(a: Committed, b: Committed): number {
  return a.seq - b.seq || compareStr(digestOf(a.request), digestOf(b.request));
}

export function compareRequest(a: PbftRequest, b: PbftRequest): number {
  return compareStr(a.id, b.id);
}

export function compareVote(a: ReplyVote, b: ReplyVote): number {
  return compareStr(a.from, b.from);
}
