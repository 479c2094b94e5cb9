/**
 * PBFT's view change as pure functions on a replica's state — Castro &
 * Liskov, OSDI 1999, §4.4.
 *
 * - A backup waiting for a request it holds and has not executed, whose
 *   timer fires while views are left, moves to view v+1: it
 *   stops accepting normal-case messages of older views and sends
 *   view-change(v+1, P) to every replica, P being its prepared certificates,
 *   the highest-view one per sequence number.
 * - A replica records the view-change messages for views it has not entered
 *   whose certificates it can confirm. One in the normal status that holds
 *   them from f+1 replicas for views above its own joins: it moves to the
 *   smallest of those views and sends its own view-change message (a replica
 *   that has no request to wait for runs no timer, and joins this way).
 * - The primary of v+1, once it holds view-change messages for v+1 from Q
 *   replicas (its own included), sends new-view(v+1, V, O): V the view-change
 *   messages it holds for v+1, O per sequence number up to the highest one
 *   any certificate in V names: a pre-prepare for the request of the
 *   highest-view certificate, or for the null request where none has one.
 * - A replica accepts new-view(v+1) from the primary of v+1 if V holds Q
 *   view-change messages from distinct replicas, each one it has itself
 *   received, and O is exactly what V implies; it enters v+1 and handles the
 *   pre-prepares of O as in the normal case (the backups send prepares).
 * - A replica in view-change status whose timer fires (no new-view came)
 *   moves on to the next view, if one is within the bounds.
 * NOTE: signatures. The paper's view-change carries each prepared certificate
 *   signed (the pre-prepare and 2f prepares), and V carries the signed
 *   view-change messages, so any replica can check them. Here channels are
 *   authenticated and nothing is signed, so a receiver checks against what it
 *   has itself received:
 *   - a certificate (v, n, d) in a view-change message is accepted only if
 *     the receiver itself got `prepareQuorum` matching prepares for
 *     (v, n, d) from replicas other than the primary of v (its own
 *     included). Prepares go to every replica, so a correct replica's
 *     certificate is one each replica can confirm once the prepares arrive;
 *     of 2f prepares, with at most f faulty replicas, at least one is from a
 *     correct replica that accepted the pre-prepare, so the certificate is
 *     one PBFT's signatures would prove. A view-change message with a
 *     certificate the receiver cannot confirm is dropped whole;
 *   - a certificate's request must be one the receiver holds from the
 *     client (the client's signature, as for pre-prepares in `log.ts`), so
 *     that O never carries a request no client issued;
 *   - a view-change message inside V counts only if the receiver holds it.
 *   All three are sound (what is accepted is genuine) and cost only
 *   liveness: a replica that missed the prepares, the client's request or a
 *   view-change message does not accept a genuine view-change or new-view.
 * NOTE: no checkpoints (§4.3): P covers every sequence number 1..S, O starts
 *   at 1, and a view-change message carries no stable checkpoint.
 * NOTE: two certificates for one sequence number and view with different
 *   digests cannot both be genuine when at most f replicas are faulty; should
 *   a bug or too many faults produce them, O takes the smallest digest (the
 *   null request first).
 */
import { compareStr, insertSorted } from '../core/sorted.js';
import type { PbftBug } from './bugs.js';
import { addVote, advance, assignRequests, chain, countOf, isAuthentic, isPrepared, isPrimary as isPrimaryOf, others, primary, type Effect } from './log.js';
import { digestOf, sameRequest, type Assignment, type Certificate, type NewViewMsg, type PbftMessage, type View, type ViewChangeMsg, type ViewChangeProof } from './messages.js';
import { primaryOf } from './quorum.js';
import { compareEvidence, compareViewChange, type Evidence, type ReplicaState, type ViewChangeEntry } from './state.js';

export function sameCertificates(a: readonly Certificate[], b: readonly Certificate[]): boolean {
  return a.length === b.length && a.every((c, i) => {
    const d = b[i];
    return d !== undefined && c.view === d.view && c.seq === d.seq && sameRequest(c.request, d.request);
  });
}

export function sameAssignments(a: readonly Assignment[], b: readonly Assignment[]): boolean {
  return a.length === b.length && a.every((x, i) => {
    const y = b[i];
    return y !== undefined && x.seq === y.seq && sameRequest(x.request, y.request);
  });
}

/**
 * The replica's prepared certificates: those of the views it left and those
 * of its current view, the highest-view one per seq, sorted by seq.
 */
export function preparedCertificates(s: ReplicaState): readonly Certificate[] {
  const current: Certificate[] = s.log
    .filter((a) => isPrepared(s, a.seq, digestOf(a.request)))
    .map((a) => ({ view: s.view, seq: a.seq, request: a.request }));
  if (current.length === 0) return s.certificates;
  const older = s.certificates.filter((c) => !current.some((x) => x.seq === c.seq));
  return [...older, ...current].sort((a, b) => a.seq - b.seq);
}

/**
 * Leaves the current view: keeps its prepared certificates and the triples it
 * saw `prepareQuorum` prepares for (its evidence), drops the rest of the log.
 */
export function archive(s: ReplicaState): ReplicaState {
  if (s.log.length === 0 && s.prepares.length === 0 && s.commits.length === 0) return s;
  let evidence = s.evidence;
  for (const t of s.prepares) {
    if (countOf(s.prepares, t.seq, t.digest) >= s.cfg.prepareQuorum) evidence = insertSorted(evidence, { view: s.view, seq: t.seq, digest: t.digest } as Evidence, compareEvidence);
  }
  return { ...s, certificates: preparedCertificates(s), evidence, log: [], prepares: [], commits: [] };
}

/**
 * Whether the replica itself got a quorum of prepares for the certificate,
 * and holds its request from the client (see the NOTE on signatures).
 */
export function isConfirmed(s: ReplicaState, c: Certificate): boolean {
  if (c.request !== null && !isAuthentic(s, c.request)) return false;
  const digest = digestOf(c.request);
  if (s.cfg.prepareQuorum === 0) return true;
  if (c.view === s.view) return countOf(s.prepares, c.seq, digest) >= s.cfg.prepareQuorum;
  return s.evidence.some((e) => e.view === c.view && e.seq === c.seq && e.digest === digest);
}

/** A P for view `view`: at most one certificate per seq, sorted by seq, each of an earlier view and a seq in 1..S. */
export function isWellFormedP(prepared: readonly Certificate[], view: View, seqs: number): boolean {
  return prepared.every(
    (c, i) =>
      Number.isInteger(c.seq) && c.seq >= 1 && c.seq <= seqs && Number.isInteger(c.view) && c.view >= 0 && c.view < view &&
      (i === 0 || (prepared[i - 1] as Certificate).seq < c.seq),
  );
}

/** The view-change messages the replica holds for `view`, sorted by sender. */
export function viewChangesFor(s: ReplicaState, view: View): readonly ViewChangeEntry[] {
  return s.viewChanges.filter((e) => e.view === view);
}

/**
 * A replica accepts a view-change message for a view within the bounds that
 * it has not entered (`changing`: the view it is moving to, or a higher one):
 * the first from its sender for that view, well-formed, every certificate
 * confirmed.
 */
export function acceptsViewChange(s: ReplicaState, m: ViewChangeMsg, changing: boolean): boolean {
  return (
    Number.isInteger(m.view) &&
    m.view < s.cfg.views &&
    (changing ? m.view >= s.view : m.view > s.view) &&
    m.from !== s.cfg.self &&
    !s.viewChanges.some((e) => e.view === m.view && e.from === m.from) &&
    isWellFormedP(m.prepared, m.view, s.cfg.seqs) &&
    m.prepared.every((c) => isConfirmed(s, c))
  );
}

/**
 * The view a replica in the normal status joins (§4.4): once it holds
 * view-change messages from f+1 replicas for views above its own, the
 * smallest of those views; null otherwise.
 */
export function viewToJoin(s: ReplicaState): View | null {
  const f = s.cfg.replicas.length - s.cfg.quorum;
  const higher = s.viewChanges.filter((e) => e.view > s.view);
  if (new Set(higher.map((e) => e.from)).size < f + 1) return null;
  return Math.min(...higher.map((e) => e.view));
}

/** Records a view-change message. */
export function recordViewChange(s: ReplicaState, m: ViewChangeMsg): ReplicaState {
  return { ...s, viewChanges: insertSorted(s.viewChanges, { view: m.view, from: m.from, prepared: m.prepared }, compareViewChange) };
}

/** A higher view is within the bounds. */
export function hasViewLeft(s: ReplicaState): boolean {
  return s.view + 1 < s.cfg.views;
}

/**
 * A backup is waiting for a request (§4.4): it holds a request from the
 * client that it has not executed. Only then does its view-change timer run
 * in the normal status (the primary runs none: it does not suspect itself).
 */
export function isWaiting(s: ReplicaState): boolean {
  return !isPrimaryOf(s) && s.requests.some((r) => !s.executed.includes(r.id));
}

/** The time-out (or joining, `view`): leave the view, move to the next one (or `view`) and send view-change(v+1, P) to every other replica. */
export function startViewChange(s: ReplicaState, view: View = s.view + 1): Effect {
  const left = archive(s);
  const prepared = left.certificates;
  const own: ViewChangeEntry = { view, from: s.cfg.self, prepared };
  const viewChanges = insertSorted(left.viewChanges.filter((e) => e.view >= view), own, compareViewChange);
  const sent: PbftMessage[] = others(s).map((to) => ({ type: 'pbft.view-change', from: s.cfg.self, to, view, prepared }));
  return { state: { ...left, view, viewChanges }, sent };
}

/** The view-changing replica is the primary of the view it moves to, and holds view-change messages from a quorum (its own included). */
export function canStartView(s: ReplicaState): boolean {
  const held = viewChangesFor(s, s.view);
  return primary(s) === s.cfg.self && held.some((e) => e.from === s.cfg.self) && held.length >= s.cfg.quorum;
}

/**
 * O as V implies it (§4.4): for each seq from 1 to the highest seq of any
 * certificate in V, the request of the highest-view certificate for it (ties:
 * the smallest digest), or the null request. Under `no-viewchange-certificates`
 * (the machine's override, machines/pbft/bugs.ts) every one is the null request.
 */
export function computeNewView(proofs: readonly ViewChangeProof[], bug: PbftBug | null): readonly Assignment[] {
  let top = 0;
  const best = new Map<number, Certificate>();
  for (const p of proofs) {
    for (const c of p.prepared) {
      top = Math.max(top, c.seq);
      const cur = best.get(c.seq);
      if (cur === undefined || c.view > cur.view || (c.view === cur.view && compareStr(digestOf(c.request), digestOf(cur.request)) < 0)) best.set(c.seq, c);
    }
  }
  const o: Assignment[] = [];
  for (let seq = 1; seq <= top; seq++) o.push({ seq, request: bug === 'no-viewchange-certificates' ? null : (best.get(seq)?.request ?? null) });
  return o;
}

/** Drops the view-change messages for views up to `view`: entering a view settles them. */
function settle(s: ReplicaState, view: View): ReplicaState['viewChanges'] {
  return s.viewChanges.filter((e) => e.view > view);
}

/**
 * The new primary starts its view: sends new-view(v, V, O) to every other
 * replica, logs O as its pre-prepares, and assigns the requests it holds to
 * the sequence numbers after O (O as `bug` computes it).
 */
export function startView(s: ReplicaState, bug: PbftBug | null = null): Effect {
  const viewChanges: ViewChangeProof[] = viewChangesFor(s, s.view).map((e) => ({ from: e.from, prepared: e.prepared }));
  const o = computeNewView(viewChanges, bug);
  const sent: PbftMessage[] = others(s).map((to) => ({ type: 'pbft.new-view', from: s.cfg.self, to, view: s.view, viewChanges, preprepares: o }));
  const started: ReplicaState = { ...s, log: o, viewChanges: settle(s, s.view) };
  return chain(chain({ state: started, sent }, (next) => advance(next, s)), assignRequests);
}

/**
 * A replica accepts a new-view for a view within the bounds that it has not
 * entered (`changing`: it may be the view it is moving to) from that view's
 * primary, whose V has Q view-change messages from distinct replicas, each
 * one the replica holds, and whose O is what V implies (as `bug` computes it).
 */
export function acceptsNewView(s: ReplicaState, m: NewViewMsg, changing: boolean, bug: PbftBug | null = null): boolean {
  if (!Number.isInteger(m.view) || m.view >= s.cfg.views || (changing ? m.view < s.view : m.view <= s.view)) return false;
  if (m.from !== primaryOf(m.view, s.cfg.replicas) || m.from === s.cfg.self) return false;
  if (m.viewChanges.length < s.cfg.quorum) return false;
  const held = viewChangesFor(s, m.view);
  const distinct = m.viewChanges.every((p, i) => i === 0 || compareStr((m.viewChanges[i - 1] as ViewChangeProof).from, p.from) < 0);
  if (!distinct) return false;
  if (!m.viewChanges.every((p) => held.some((e) => e.from === p.from && sameCertificates(e.prepared, p.prepared)))) return false;
  return sameAssignments(m.preprepares, computeNewView(m.viewChanges, bug));
}

/** A backup enters the new view: logs O and sends (and counts) its prepare for each of its pre-prepares. */
export function enterNewView(s: ReplicaState, m: NewViewMsg): Effect {
  const left = archive(s);
  let prepares = left.prepares;
  const sent: PbftMessage[] = [];
  for (const { seq, request } of m.preprepares) {
    const digest = digestOf(request);
    prepares = addVote(prepares, seq, digest, s.cfg.self, s.cfg.prepareQuorum);
    for (const to of others(s)) sent.push({ type: 'pbft.prepare', from: s.cfg.self, to, view: m.view, seq, digest });
  }
  const entered: ReplicaState = { ...left, view: m.view, log: m.preprepares, prepares, viewChanges: settle(left, m.view) };
  return chain({ state: entered, sent }, (next) => advance(next, left));
}
