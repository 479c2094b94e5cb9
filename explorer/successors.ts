/**
 * Successor generation over packed global states: the one function every
 * search strategy, the trace rebuilder and the tests share.
 *
 * For each enabled step (in a fixed order: environment events node by node,
 * then each distinct in-flight message by ascending id with deliver,
 * duplicate, drop, then crashes node by node) it computes the successor's
 * fingerprint incrementally from the memoised local step, asks the visitor
 * whether it wants the successor, and only then writes the successor vector.
 * Duplicate successors therefore cost a memo lookup and two additions.
 */
import { StepKind } from './actor-system/actions.js';
import type { ActorSystem } from './actor-system/system-state.js';
import { normLo } from './state-store.js';

/** Receives the successors of one state. */
export interface SuccessorVisitor {
  /**
   * Whether to materialise the successor with this (normalised) fingerprint;
   * `step` numbers the enabled steps of the current state from 0, in order.
   */
  offer(hi: number, lo: number, step: number): boolean;
  /**
   * The successor vector (valid until the next call), its length and the step
   * that led to it (kind, slot, message id or environment index).
   */
  accept(succ: Int32Array, len: number, kind: StepKind, slot: number, arg: number): void;
}

export class Expander {
  private readonly sys: ActorSystem;
  private succ: Int32Array;

  constructor(sys: ActorSystem) {
    this.sys = sys;
    this.succ = new Int32Array(Math.max(256, sys.layout.msgsAt * 2));
  }

  /** An upper bound on the length of every state vector built so far (size buffers by it). */
  get capacity(): number {
    return this.succ.length;
  }

  /**
   * Visits every successor of `cur` (whose fingerprint is (hi, lo)).
   * Returns the number of enabled steps (transitions).
   */
  expand(cur: Int32Array, hi: number, lo: number, visitor: SuccessorVisitor): number {
    const sys = this.sys;
    const { nodes, crashedAt, dupsAt, countAt, msgsAt } = sys.layout;
    const crashed = cur[crashedAt] as number;
    const dupsLeft = cur[dupsAt] as number;
    const count = cur[countAt] as number;
    const end = msgsAt + count;
    const lossy = sys.faults.lossy;
    let transitions = 0;

    // Environment events, node by node.
    for (let slot = 0; slot < nodes; slot++) {
      if ((crashed >>> slot) & 1) continue;
      const envCount = sys.spec.nodes[slot]?.environment.length ?? 0;
      for (let e = 0; e < envCount; e++) {
        const local = cur[slot] as number;
        const entry = sys.step(local, -1 - e);
        const next = sys.entryNext[entry] as number;
        if (next < 0) continue;
        transitions++;
        const h = (hi + (sys.entryDeltaHi[entry] as number)) | 0;
        const l = normLo(h, (lo + (sys.entryDeltaLo[entry] as number)) | 0);
        if (!visitor.offer(h, l, transitions - 1)) continue;
        const len = this.build(cur, slot, next, -1, entry, dupsLeft);
        visitor.accept(this.succ, len, StepKind.Environment, slot, e);
      }
    }

    // Messages in flight, each distinct message once.
    for (let j = msgsAt; j < end; j++) {
      const m = cur[j] as number;
      if (j > msgsAt && cur[j - 1] === m) continue;
      const to = sys.msgTo[m] as number;
      if (((crashed >>> to) & 1) === 0) {
        const entry = sys.step(cur[to] as number, m);
        const next = sys.entryNext[entry] as number;
        const dh = sys.entryDeltaHi[entry] as number;
        const dl = sys.entryDeltaLo[entry] as number;
        // Deliver: the delta already removes one copy of m.
        transitions++;
        let h = (hi + dh) | 0;
        let l = normLo(h, (lo + dl) | 0);
        if (visitor.offer(h, l, transitions - 1)) {
          const len = this.build(cur, to, next, m, entry, dupsLeft);
          visitor.accept(this.succ, len, StepKind.Deliver, to, m);
        }
        // Duplicate: deliver a copy, keep m in flight, spend one unit of budget.
        if (dupsLeft > 0) {
          transitions++;
          h = (hi + dh + (sys.msgKeyHi[m] as number) - (sys.dupKeyHi[dupsLeft] as number) + (sys.dupKeyHi[dupsLeft - 1] as number)) | 0;
          l = normLo(h, (lo + dl + (sys.msgKeyLo[m] as number) - (sys.dupKeyLo[dupsLeft] as number) + (sys.dupKeyLo[dupsLeft - 1] as number)) | 0);
          if (visitor.offer(h, l, transitions - 1)) {
            const len = this.build(cur, to, next, -1, entry, dupsLeft - 1);
            visitor.accept(this.succ, len, StepKind.Duplicate, to, m);
          }
        }
      }
      if (lossy) {
        transitions++;
        const h = (hi - (sys.msgKeyHi[m] as number)) | 0;
        const l = normLo(h, (lo - (sys.msgKeyLo[m] as number)) | 0);
        if (visitor.offer(h, l, transitions - 1)) {
          const len = this.build(cur, -1, 0, m, -1, dupsLeft);
          visitor.accept(this.succ, len, StepKind.Drop, to, m);
        }
      }
    }

    // Crashes.
    if (sys.faults.crashes > 0 && popcount(crashed) < sys.faults.crashes) {
      for (let slot = 0; slot < nodes; slot++) {
        if ((crashed >>> slot) & 1) continue;
        transitions++;
        const h = (hi + (sys.crashKeyHi[slot] as number)) | 0;
        const l = normLo(h, (lo + (sys.crashKeyLo[slot] as number)) | 0);
        if (!visitor.offer(h, l, transitions - 1)) continue;
        const len = this.build(cur, -1, 0, -1, -1, dupsLeft);
        this.succ[crashedAt] = crashed | (1 << slot);
        visitor.accept(this.succ, len, StepKind.Crash, slot, -1);
      }
    }
    return transitions;
  }

  /**
   * Writes into `succ` the successor of `cur` where node `slot` (if >= 0)
   * moves to `next`, one copy of message `removed` (if >= 0) leaves the
   * network, the messages sent by memo `entry` (if >= 0) join it, and the
   * duplication budget becomes `dups`. Returns the successor's length.
   */
  private build(cur: Int32Array, slot: number, next: number, removed: number, entry: number, dups: number): number {
    const sys = this.sys;
    const { dupsAt, countAt, msgsAt } = sys.layout;
    const count = cur[countAt] as number;
    const sentLen = entry >= 0 ? (sys.entrySentLen[entry] as number) : 0;
    const cap = msgsAt + count + sentLen;
    if (cap > this.succ.length) this.succ = new Int32Array(cap * 2);
    const succ = this.succ;
    for (let i = 0; i < msgsAt; i++) succ[i] = cur[i] as number;
    if (slot >= 0) succ[slot] = next;
    succ[dupsAt] = dups;
    // Merge the remaining in-flight messages with the sorted sent ids.
    const pool = sys.sentPool;
    let s = entry >= 0 ? (sys.entrySentStart[entry] as number) : 0;
    const sEnd = s + sentLen;
    let j = msgsAt;
    const end = msgsAt + count;
    let o = msgsAt;
    let skip = removed;
    while (j < end) {
      const m = cur[j] as number;
      if (m === skip) {
        skip = -1;
        j++;
        continue;
      }
      while (s < sEnd && (pool[s] as number) < m) succ[o++] = pool[s++] as number;
      succ[o++] = m;
      j++;
    }
    while (s < sEnd) succ[o++] = pool[s++] as number;
    succ[countAt] = o - msgsAt;
    return o;
  }
}

function popcount(x: number): number {
  let c = 0;
  while (x !== 0) {
    x &= x - 1;
    c++;
  }
  return c;
}
