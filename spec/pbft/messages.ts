/**
 * PBFT messages — Castro & Liskov, "Practical Byzantine Fault Tolerance",
 * OSDI 1999, §4: the normal case (§4.2), execution and replies (§4.1), and
 * the view change (§4.4).
 *
 * Paper names: request = ⟨REQUEST, o, t, c⟩; pre-prepare = ⟨PRE-PREPARE, v,
 * n, d⟩ with the request m; prepare = ⟨PREPARE, v, n, d, i⟩; commit =
 * ⟨COMMIT, v, n, D(m), i⟩; reply = ⟨REPLY, v, t, c, i, r⟩; view-change =
 * ⟨VIEW-CHANGE, v+1, n, C, P, i⟩; new-view = ⟨NEW-VIEW, v+1, V, O⟩.
 *
 * A request's digest is its id (`c<client>.<index>`, `spec/multipaxos/messages.ts`):
 * an id names one command. The null request (§4.4, a no-op that fills a gap
 * in O) has the digest `null`.
 * NOTE: no timestamps t: a client has one request outstanding and ids are
 *   unique, so the id does what (c, t) does in the paper.
 * NOTE: no checkpoints (§4.3): sequence numbers are bounded by S instead, so
 *   view-change messages carry no n and C, and no watermarks are kept.
 * NOTE: no signatures or MACs: channels are authenticated (the explorer puts
 *   a message in flight only when the node named in `from` sent it, or the
 *   adversary sends it as a Byzantine node), and what the paper proves with
 *   signatures a receiver checks against what it has itself received (see
 *   `view-change.ts` and `log.ts`).
 */
import type { Envelope } from '../core/envelope.js';
import type { NodeId } from '../core/ids.js';
import type { RegisterOp, RegisterResult } from '../multipaxos/register.js';

/** A view number, 0..V-1; the primary of view v is r(v mod n). */
export type View = number;
/** A sequence number, 1..S. */
export type Seq = number;

/** A client request: its id (the digest) and the register command. */
export interface PbftRequest {
  readonly id: string;
  readonly op: RegisterOp;
}

/** A request's digest; `null` is the null request's. */
export type Digest = string | null;

/** The id of the request no client issues, which a Byzantine primary may propose. */
export const BOGUS_ID = 'bogus';

/** The bogus request: a write of a value no client writes. */
export const BOGUS_REQUEST: PbftRequest = { id: BOGUS_ID, op: { kind: 'write', value: 'z' } };

/** The digest of a request, or of the null request. */
export function digestOf(request: PbftRequest | null): Digest {
  return request === null ? null : request.id;
}

/** Two requests are the same when they have the same id and the same command (or are both the null request). */
export function sameRequest(a: PbftRequest | null, b: PbftRequest | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.id !== b.id || a.op.kind !== b.op.kind) return false;
  return a.op.kind === 'read' || (b.op.kind === 'write' && a.op.value === b.op.value);
}

/** A prepared certificate as a view-change message reports it (§4.4, an element of P): the request prepared at `seq` in `view`. */
export interface Certificate {
  readonly view: View;
  readonly seq: Seq;
  readonly request: PbftRequest | null;
}

/** One view-change message inside a new-view's V: who sent it and its P. */
export interface ViewChangeProof {
  readonly from: NodeId;
  readonly prepared: readonly Certificate[];
}

/** One pre-prepare of a new-view's O (or of a replica's log): `request` at `seq`; `null` is the null request. */
export interface Assignment {
  readonly seq: Seq;
  readonly request: PbftRequest | null;
}

/** A client's request, to a replica. */
export interface RequestMsg extends Envelope { readonly type: 'pbft.request'; readonly request: PbftRequest }
/** The primary assigns `seq` to a request in `view`; the request travels whole (its id is the digest). */
export interface PrePrepareMsg extends Envelope { readonly type: 'pbft.pre-prepare'; readonly view: View; readonly seq: Seq; readonly request: PbftRequest }
/** A backup accepted the pre-prepare for (view, seq, digest). */
export interface PrepareMsg extends Envelope { readonly type: 'pbft.prepare'; readonly view: View; readonly seq: Seq; readonly digest: Digest }
/** A replica is prepared for (view, seq, digest). */
export interface CommitMsg extends Envelope { readonly type: 'pbft.commit'; readonly view: View; readonly seq: Seq; readonly digest: Digest }
/**
 * A replica executed request `id` with `result`.
 * NOTE: no view: the paper's reply carries it so that the client learns the
 *   primary; here the client broadcasts and ignores it, and leaving it out
 *   keeps replies sent in different views equal.
 */
export interface ReplyMsg extends Envelope { readonly type: 'pbft.reply'; readonly id: string; readonly result: RegisterResult }
/** The sender moves to `view` and reports its prepared certificates, the highest-view one per sequence number, sorted by seq. */
export interface ViewChangeMsg extends Envelope { readonly type: 'pbft.view-change'; readonly view: View; readonly prepared: readonly Certificate[] }
/** The primary of `view` starts it: the view-change messages it used (V, sorted by sender) and the pre-prepares they imply (O, by seq). */
export interface NewViewMsg extends Envelope {
  readonly type: 'pbft.new-view';
  readonly view: View;
  readonly viewChanges: readonly ViewChangeProof[];
  readonly preprepares: readonly Assignment[];
}

export type PbftMessage = RequestMsg | PrePrepareMsg | PrepareMsg | CommitMsg | ReplyMsg | ViewChangeMsg | NewViewMsg;

/** Environment events: a replica's view-change timer fires; client `client` issues its next command. */
export interface Timeout { readonly type: 'TIMEOUT' }
export interface ClientRequest { readonly type: 'REQUEST'; readonly client: number }

/** The client and index of a request id, or null for an id no client issues (e.g. `bogus`). */
export function parseClientId(id: string): { readonly client: number; readonly index: number } | null {
  const m = /^c(\d+)\.(\d+)$/.exec(id);
  return m === null ? null : { client: Number(m[1]), index: Number(m[2]) };
}

function describeOp(op: RegisterOp): string {
  return op.kind === 'write' ? `write(${op.value})` : 'read()';
}

/** `c0.0:write(a)`, or `null` for the null request. */
export function describeRequest(r: PbftRequest | null): string {
  return r === null ? 'null' : `${r.id}:${describeOp(r.op)}`;
}

export function describeDigest(d: Digest): string {
  return d === null ? 'null' : d;
}

/** `{n=1: c0.0@v0}`, or `∅`. */
export function describeCertificates(p: readonly Certificate[]): string {
  return p.length === 0 ? '∅' : `{${p.map((c) => `n=${c.seq}: ${describeDigest(digestOf(c.request))}@v${c.view}`).join(', ')}}`;
}

/** `{n=1: c0.0, n=2: null}`, or `∅`. */
export function describeAssignments(o: readonly Assignment[]): string {
  return o.length === 0 ? '∅' : `{${o.map((a) => `n=${a.seq}: ${describeDigest(digestOf(a.request))}`).join(', ')}}`;
}

/** Names a PBFT message in traces, e.g. `PrePrepare(v=0, n=1, c0.0:write(a), r0→r1)`. */
export function describePbftMessage(m: PbftMessage): string {
  const route = `${m.from}→${m.to}`;
  switch (m.type) {
    case 'pbft.request':
      return `Request(${describeRequest(m.request)}, ${route})`;
    case 'pbft.pre-prepare':
      return `PrePrepare(v=${m.view}, n=${m.seq}, ${describeRequest(m.request)}, ${route})`;
    case 'pbft.prepare':
      return `Prepare(v=${m.view}, n=${m.seq}, ${describeDigest(m.digest)}, ${route})`;
    case 'pbft.commit':
      return `Commit(v=${m.view}, n=${m.seq}, ${describeDigest(m.digest)}, ${route})`;
    case 'pbft.reply':
      return `Reply(${m.id} → ${m.result ?? 'none'}, ${route})`;
    case 'pbft.view-change':
      return `ViewChange(v=${m.view}, P=${describeCertificates(m.prepared)}, ${route})`;
    case 'pbft.new-view': {
      const v = m.viewChanges.map((p) => (p.prepared.length === 0 ? p.from : `${p.from}${describeCertificates(p.prepared)}`)).join(', ');
      return `NewView(v=${m.view}, V={${v}}, O=${describeAssignments(m.preprepares)}, ${route})`;
    }
  }
}
