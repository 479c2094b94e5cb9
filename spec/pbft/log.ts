/**
 * PBFT's normal case as pure functions on a replica's state — Castro &
 * Liskov, OSDI 1999, §4.2 (pre-prepare, prepare, commit) and §4.1
 * (execution and replies). The replica machine's guards and actions call
 * them; each action returns the next state and the messages it sends.
 *
 * - The primary of the current view assigns the next free sequence number to
 *   a request it has not assigned in this view (nor executed) and sends a
 *   pre-prepare, carrying the request, to every backup.
 * - A backup accepts a pre-prepare from the primary of its view for a
 *   sequence number with no other pre-prepare, and sends a prepare to every
 *   other replica (its own prepare counts towards prepared).
 * - Prepared(v, n, d): the pre-prepare and `prepareQuorum` matching prepares
 *   from distinct replicas other than the primary. On becoming prepared a
 *   replica sends a commit to every other replica (its own counts).
 * - Committed-local: prepared and `commitQuorum` matching commits. Committed
 *   sequence numbers execute in order, as far as they have no gap; each
 *   request id once (a repeated id is skipped); the null request is a no-op.
 *   The replica replies to the client with the result.
 * NOTE: a backup accepts a pre-prepare only for a request it has itself
 *   received from the client (`verifyRequests`): the client broadcasts, so a
 *   correct replica gets every issued request, and own receipt stands in for
 *   the client's signature on the request (§4.1, §4.2) — which is what keeps
 *   a Byzantine primary from proposing a request no client issued (or before
 *   the client issued it). Sound, costing only liveness: a pre-prepare that
 *   overtakes the client's request is dropped.
 * NOTE: messages for another view are dropped, not buffered (the paper
 *   retransmits; here nothing is retransmitted).
 * NOTE: the paper logs every prepare and commit it receives; here a replica
 *   keeps only what can still matter, so that pointless votes (a Byzantine
 *   replica's above all) do not multiply the states: a tally forgets its
 *   senders once it reaches its threshold (`from: null`) and takes no more
 *   votes; and a vote is dropped (`mayPrepare`) when it is for a digest other
 *   than the pre-prepare logged at that seq, for a digest no client can have
 *   signed, or for the null request (which only a new-view brings, before
 *   the votes of its view count). The first costs liveness only: prepares
 *   for a digest the replica did not log are evidence for checking another
 *   replica's certificate (`view-change.ts`), which matters only after a
 *   Byzantine primary equivocated.
 * NOTE: a pre-prepare carries a client request, never the null request: the
 *   null request is ordered only by a new-view's O (§4.4).
 * NOTE: a request executed again under another sequence number is skipped
 *   without a second reply.
 */
import { insertSorted } from '../core/sorted.js';
import type { NodeId } from '../core/ids.js';
import { register, type RegisterResult } from '../multipaxos/register.js';
import { digestOf, parseClientId, sameRequest, type CommitMsg, type Digest, type PbftMessage, type PbftRequest, type PrePrepareMsg, type PrepareMsg, type Seq } from './messages.js';
import { primaryOf } from './quorum.js';
import { compareCommitted, compareRequest, compareTally, type Committed, type ReplicaState, type Tally } from './state.js';

/** The next state of a replica and the messages it sends on the way. */
export interface Effect {
  readonly state: ReplicaState;
  readonly sent: readonly PbftMessage[];
}

/** The primary of the replica's current view. */
export function primary(s: ReplicaState): NodeId {
  return primaryOf(s.view, s.cfg.replicas);
}

export function isPrimary(s: ReplicaState): boolean {
  return primary(s) === s.cfg.self;
}

/** Every replica but this one. */
export function others(s: ReplicaState): readonly NodeId[] {
  return s.cfg.replicas.filter((r) => r !== s.cfg.self);
}

/** The tally for (seq, digest), if any. */
export function tallyOf(tallies: readonly Tally[], seq: Seq, digest: Digest): Tally | undefined {
  return tallies.find((t) => t.seq === seq && t.digest === digest);
}

/** How many distinct senders were counted for (seq, digest): Infinity once the threshold was reached. */
export function countOf(tallies: readonly Tally[], seq: Seq, digest: Digest): number {
  const t = tallyOf(tallies, seq, digest);
  return t === undefined ? 0 : t.from === null ? Infinity : t.from.length;
}

/** Whether a vote of `from` for (seq, digest) would add nothing: counted already, or the threshold reached. */
export function hasCounted(tallies: readonly Tally[], seq: Seq, digest: Digest, from: NodeId): boolean {
  const t = tallyOf(tallies, seq, digest);
  return t !== undefined && (t.from === null || t.from.includes(from));
}

/**
 * Counts `from` for (seq, digest) towards `threshold`; on reaching it the
 * tally forgets its senders (`from: null`). `tallies` unchanged if the vote
 * adds nothing.
 */
export function addVote(tallies: readonly Tally[], seq: Seq, digest: Digest, from: NodeId, threshold: number): readonly Tally[] {
  if (hasCounted(tallies, seq, digest, from)) return tallies;
  const old = tallyOf(tallies, seq, digest);
  const voters = insertSorted(old?.from ?? [], from, (a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const tally: Tally = { seq, digest, from: voters.length >= threshold ? null : voters };
  return insertSorted(
    tallies.filter((t) => t !== old),
    tally,
    compareTally,
  );
}

/** The pre-prepare this replica accepted (or sent) for `seq` in its current view. */
export function loggedAt(s: ReplicaState, seq: Seq): PbftRequest | null | undefined {
  const a = s.log.find((x) => x.seq === seq);
  return a === undefined ? undefined : a.request;
}

/** Prepared(v, seq, digest) in the current view: the pre-prepare and `prepareQuorum` matching prepares (§4.2). */
export function isPrepared(s: ReplicaState, seq: Seq, digest: Digest): boolean {
  const logged = loggedAt(s, seq);
  return logged !== undefined && digestOf(logged) === digest && countOf(s.prepares, seq, digest) >= s.cfg.prepareQuorum;
}

/** Whether the replica holds `request` (same id, same command) from the client. */
export function holdsRequest(s: ReplicaState, request: PbftRequest): boolean {
  const held = s.requests.find((r) => r.id === request.id);
  return held !== undefined && sameRequest(held, request);
}

/** Whether a request carried by a pre-prepare is authentic to this replica (see the NOTE in the header). */
export function isAuthentic(s: ReplicaState, request: PbftRequest): boolean {
  return !s.cfg.verifyRequests || holdsRequest(s, request);
}

/** A request from the client it has not received before. */
export function isNewClientRequest(s: ReplicaState, from: NodeId, request: PbftRequest): boolean {
  return from === s.cfg.clients && !s.requests.some((r) => r.id === request.id);
}

function inRange(s: ReplicaState, seq: Seq): boolean {
  return Number.isInteger(seq) && seq >= 1 && seq <= s.cfg.seqs;
}

/**
 * A backup in view v (normal status) accepts a pre-prepare for (v, seq) from
 * the primary of v when it has no pre-prepare for (v, seq) yet and the
 * request is authentic.
 */
export function acceptsPrePrepare(s: ReplicaState, m: PrePrepareMsg): boolean {
  return (
    m.view === s.view &&
    m.from === primary(s) &&
    !isPrimary(s) &&
    inRange(s, m.seq) &&
    loggedAt(s, m.seq) === undefined &&
    isAuthentic(s, m.request)
  );
}

/**
 * Whether `digest` names a request a client may have signed: the null request
 * or a client's request id (any id when requests are not verified).
 */
export function mayBeAuthentic(s: ReplicaState, digest: Digest): boolean {
  return digest === null || !s.cfg.verifyRequests || parseClientId(digest) !== null;
}

/**
 * Whether a prepare or commit for (seq, digest) of the current view can
 * still count towards prepared or committed-local: the pre-prepare logged at
 * seq has this digest, or none is logged yet and a pre-prepare could bring
 * it (a request a client may have signed; the null request comes only with
 * a new-view, before any vote of its view counts).
 */
export function mayPrepare(s: ReplicaState, seq: Seq, digest: Digest): boolean {
  const logged = loggedAt(s, seq);
  if (logged !== undefined) return digestOf(logged) === digest;
  return digest !== null && mayBeAuthentic(s, digest);
}

/**
 * A prepare for the current view from a replica other than the primary that
 * adds something (not counted yet, the threshold not reached) and can still
 * count towards prepared.
 */
export function acceptsPrepare(s: ReplicaState, m: PrepareMsg): boolean {
  return (
    m.view === s.view &&
    m.from !== primary(s) &&
    inRange(s, m.seq) &&
    !hasCounted(s.prepares, m.seq, m.digest, m.from) &&
    mayPrepare(s, m.seq, m.digest)
  );
}

/** A commit for the current view that adds something and can still count towards committed-local. */
export function acceptsCommit(s: ReplicaState, m: CommitMsg): boolean {
  return m.view === s.view && inRange(s, m.seq) && !hasCounted(s.commits, m.seq, m.digest, m.from) && mayPrepare(s, m.seq, m.digest);
}

/** How many sequence numbers from 1 are committed without a gap: those executed. */
export function committedPrefix(committed: readonly Committed[]): number {
  let n = 0;
  while (committed.some((c) => c.seq === n + 1)) n++;
  return n;
}

/** The register's value after the requests `executed` lists (their commands read from `committed`). */
export function registerValue(executed: readonly string[], committed: readonly Committed[]): string | null {
  let value = register.initial;
  for (const id of executed) {
    const request = committed.find((c) => c.request?.id === id)?.request;
    if (request === null || request === undefined) throw new Error(`executed ${id}, which was never committed`);
    value = register.apply(value, request.op)[0];
  }
  return value;
}

/** A request executed and its result. */
export interface Execution {
  readonly id: string;
  readonly result: RegisterResult;
}

/**
 * Executes the committed sequence numbers beyond `executedUpTo` as far as
 * there is no gap (the first committed entry of a seq), each id once.
 */
export function execute(
  s: ReplicaState,
  executedUpTo: number,
): { readonly executed: readonly string[]; readonly results: readonly Execution[] } {
  const upTo = committedPrefix(s.committed);
  if (upTo <= executedUpTo) return { executed: s.executed, results: [] };
  let value = registerValue(s.executed, s.committed);
  const executed = [...s.executed];
  const results: Execution[] = [];
  for (let seq = executedUpTo + 1; seq <= upTo; seq++) {
    const request = (s.committed.find((c) => c.seq === seq) as Committed).request;
    if (request === null || executed.includes(request.id)) continue;
    const [next, result] = register.apply(value, request.op);
    value = next;
    executed.push(request.id);
    results.push({ id: request.id, result });
  }
  return results.length === 0 ? { executed: s.executed, results } : { executed, results };
}

/**
 * After the log or the tallies changed (`prev`: the state before): every
 * newly prepared (seq, digest) of the current view sends its commit (and
 * counts it); every committed-local one is recorded; then what the committed
 * prefix allows executes and is answered.
 */
export function advance(s: ReplicaState, prev: ReplicaState): Effect {
  const sent: PbftMessage[] = [];
  let commits = s.commits;
  let committed = s.committed;
  for (const { seq, request } of s.log) {
    const digest = digestOf(request);
    if (!isPrepared(s, seq, digest)) continue;
    if (!isPrepared(prev, seq, digest)) {
      commits = addVote(commits, seq, digest, s.cfg.self, s.cfg.commitQuorum);
      for (const to of others(s)) sent.push({ type: 'pbft.commit', from: s.cfg.self, to, view: s.view, seq, digest });
    }
    if (countOf(commits, seq, digest) >= s.cfg.commitQuorum) committed = insertSorted(committed, { seq, request }, compareCommitted);
  }
  if (commits === s.commits && committed === s.committed) return { state: s, sent };
  const before = committedPrefix(s.committed);
  const next: ReplicaState = { ...s, commits, committed };
  const { executed, results } = execute(next, before);
  if (s.cfg.replies) for (const { id, result } of results) sent.push({ type: 'pbft.reply', from: s.cfg.self, to: s.cfg.clients, id, result });
  return { state: executed === s.executed ? next : { ...next, executed }, sent };
}

/** Applies `then` to the state `first` reached, appending what it sends. */
export function chain(first: Effect, then: (s: ReplicaState) => Effect): Effect {
  const second = then(first.state);
  return second.sent.length === 0 ? { state: second.state, sent: first.sent } : { state: second.state, sent: [...first.sent, ...second.sent] };
}

/**
 * The primary assigns the next free sequence numbers to the requests it holds
 * that it has neither assigned in this view nor executed, in id order, and
 * sends their pre-prepares to every backup.
 * NOTE: requests left when the S sequence numbers are used up are never ordered.
 */
export function assignRequests(s: ReplicaState): Effect {
  if (!isPrimary(s)) return { state: s, sent: [] };
  let log = s.log;
  const sent: PbftMessage[] = [];
  for (const request of s.requests) {
    if (s.executed.includes(request.id) || log.some((a) => a.request?.id === request.id)) continue;
    const seq = (log[log.length - 1]?.seq ?? 0) + 1;
    if (seq > s.cfg.seqs) break;
    log = [...log, { seq, request }];
    for (const to of others(s)) sent.push({ type: 'pbft.pre-prepare', from: s.cfg.self, to, view: s.view, seq, request });
  }
  if (log === s.log) return { state: s, sent };
  return chain({ state: { ...s, log }, sent }, (next) => advance(next, s));
}

/** Holds a client's request; the primary of a view it is active in (`active`) assigns it. */
export function holdRequest(s: ReplicaState, request: PbftRequest, active: boolean): Effect {
  const held: ReplicaState = { ...s, requests: insertSorted(s.requests, request, compareRequest) };
  return active ? assignRequests(held) : { state: held, sent: [] };
}

/** A backup accepts a pre-prepare: logs it, counts and sends its own prepare, and advances. */
export function acceptPrePrepare(s: ReplicaState, m: PrePrepareMsg): Effect {
  const digest = digestOf(m.request);
  const log = insertSorted(s.log, { seq: m.seq, request: m.request }, (a, b) => a.seq - b.seq);
  const prepares = addVote(s.prepares, m.seq, digest, s.cfg.self, s.cfg.prepareQuorum);
  const sent: PbftMessage[] = others(s).map((to) => ({ type: 'pbft.prepare', from: s.cfg.self, to, view: s.view, seq: m.seq, digest }));
  return chain({ state: { ...s, log, prepares }, sent }, (next) => advance(next, s));
}

/** Counts a prepare and advances. */
export function recordPrepare(s: ReplicaState, m: PrepareMsg): Effect {
  return advance({ ...s, prepares: addVote(s.prepares, m.seq, m.digest, m.from, s.cfg.prepareQuorum) }, s);
}

/** Counts a commit and advances. */
export function recordCommit(s: ReplicaState, m: CommitMsg): Effect {
  return advance({ ...s, commits: addVote(s.commits, m.seq, m.digest, m.from, s.cfg.commitQuorum) }, s);
}
