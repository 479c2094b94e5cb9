/**
 * Successor generation over packed global states: the one function every
 * search strategy, the trace rebuilder and the tests share.
 *
 * For each enabled step (in a fixed order: environment events node by node,
 * then each distinct in-flight message by ascending id with deliver,
 * duplicate, drop, then the adversary's messages in universe order and
 * what it has learned by ascending id, then crashes node by node) it computes the successor's
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
  /** Optional: called for every successor's fingerprint before any `offer` (to warm caches). */
  touch?(hi: number, lo: number): void;
}

export class Expander {
  private readonly sys: ActorSystem;
  private succ: Int32Array;
  // The enabled steps of the state being expanded (phase one of `expand`).
  private kinds: Int32Array<ArrayBuffer> = new Int32Array(64);
  private slots = new Int32Array(64);
  private args = new Int32Array(64);
  private entries = new Int32Array(64);
  private removed = new Int32Array(64);
  private dups = new Int32Array(64);
  private his = new Int32Array(64);
  private los = new Int32Array(64);
  // What each step teaches the adversary (`SystemSpec.byzantine.learn`): the next local id of its memory
  // (at `sys.adversarySlot`), or -1 when the step teaches it nothing new. `learnHi/Lo`: the fingerprint
  // change of the last `learn` call.
  private learnNexts = new Int32Array(64);
  private learnHi = 0;
  private learnLo = 0;

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
   *
   * Two phases: first every enabled step and its successor's fingerprint is
   * listed (memo lookups only), and the visitor may `touch` each fingerprint;
   * then each is offered in order and built only if wanted. Touching the
   * visited table's slots in a tight loop of independent loads lets the
   * processor overlap their cache misses (JavaScript has no prefetch).
   */
  expand(cur: Int32Array, hi: number, lo: number, visitor: SuccessorVisitor): number {
    const sys = this.sys;
    const { nodes, crashedAt, dupsAt, countAt, msgsAt } = sys.layout;
    const crashed = cur[crashedAt] as number;
    const dupsLeft = cur[dupsAt] as number;
    const end = msgsAt + (cur[countAt] as number);
    const lossy = sys.faults.lossy;
    const learns = sys.learns;
    let n = 0;

    // Environment events, node by node.
    for (let slot = 0; slot < nodes; slot++) {
      if ((crashed >>> slot) & 1) continue;
      const envCount = sys.envCount[slot] as number;
      for (let e = 0; e < envCount; e++) {
        const entry = sys.step(cur[slot] as number, -1 - e);
        if ((sys.entryNext[entry] as number) < 0) continue;
        const learnt = learns ? this.learn(cur, entry) : -1;
        n = this.record(n, StepKind.Environment, slot, e, entry, -1, dupsLeft,
          (hi + (sys.entryDeltaHi[entry] as number) + (learnt < 0 ? 0 : this.learnHi)) | 0,
          (lo + (sys.entryDeltaLo[entry] as number) + (learnt < 0 ? 0 : this.learnLo)) | 0, learnt);
      }
    }

    // Messages in flight, each distinct message once.
    for (let j = msgsAt; j < end; j++) {
      const m = cur[j] as number;
      if (j > msgsAt && cur[j - 1] === m) continue;
      const to = sys.msgTo[m] as number;
      if (((crashed >>> to) & 1) === 0) {
        const entry = sys.step(cur[to] as number, m);
        const learnt = learns ? this.learn(cur, entry) : -1;
        const dh = (hi + (sys.entryDeltaHi[entry] as number) + (learnt < 0 ? 0 : this.learnHi)) | 0;
        const dl = (lo + (sys.entryDeltaLo[entry] as number) + (learnt < 0 ? 0 : this.learnLo)) | 0;
        // Deliver: the memo delta already removes one copy of m.
        n = this.record(n, StepKind.Deliver, to, m, entry, m, dupsLeft, dh, dl, learnt);
        // Duplicate: deliver a copy, keep m in flight, spend one unit of budget.
        if (dupsLeft > 0) {
          n = this.record(n, StepKind.Duplicate, to, m, entry, -1, dupsLeft - 1,
            (dh + (sys.msgKeyHi[m] as number) - (sys.dupKeyHi[dupsLeft] as number) + (sys.dupKeyHi[dupsLeft - 1] as number)) | 0,
            (dl + (sys.msgKeyLo[m] as number) - (sys.dupKeyLo[dupsLeft] as number) + (sys.dupKeyLo[dupsLeft - 1] as number)) | 0, learnt);
        }
      }
      if (lossy) {
        n = this.record(n, StepKind.Drop, to, m, -1, m, dupsLeft, (hi - (sys.msgKeyHi[m] as number)) | 0, (lo - (sys.msgKeyLo[m] as number)) | 0, -1);
      }
    }

    // The adversary: any message of its universe, then any it has learned, delivered to its (correct, not
    // crashed) receiver and kept available.
    n = this.forge(cur, hi, lo, dupsLeft, crashed, sys.forged, n);
    if (sys.learns) n = this.forge(cur, hi, lo, dupsLeft, crashed, sys.known[cur[sys.adversarySlot] as number] as Int32Array, n);

    // Crashes (of correct nodes: a Byzantine node's machine does not run anyway).
    if (sys.faults.crashes > 0 && popcount(crashed) < sys.faults.crashes) {
      for (let slot = 0; slot < nodes; slot++) {
        if ((crashed >>> slot) & 1 || sys.byzantine[slot] === 1) continue;
        n = this.record(n, StepKind.Crash, slot, -1, -1, -1, dupsLeft, (hi + (sys.crashKeyHi[slot] as number)) | 0, (lo + (sys.crashKeyLo[slot] as number)) | 0, -1);
      }
    }

    const kinds = this.kinds;
    const slots = this.slots;
    const args = this.args;
    const entries = this.entries;
    const removed = this.removed;
    const dups = this.dups;
    const his = this.his;
    const los = this.los;
    if (visitor.touch !== undefined) for (let i = 0; i < n; i++) visitor.touch(his[i] as number, los[i] as number);
    for (let i = 0; i < n; i++) {
      if (!visitor.offer(his[i] as number, los[i] as number, i)) continue;
      const kind = kinds[i] as StepKind;
      const slot = slots[i] as number;
      const entry = entries[i] as number;
      const moved = kind === StepKind.Drop || kind === StepKind.Crash ? -1 : slot;
      const len = this.build(cur, moved, entry >= 0 ? (sys.entryNext[entry] as number) : 0, removed[i] as number, entry, dups[i] as number);
      if (kind === StepKind.Crash) this.succ[crashedAt] = crashed | (1 << slot);
      if (learns) {
        const learnt = this.learnNexts[i] as number;
        if (learnt >= 0) this.succ[sys.adversarySlot] = learnt;
      }
      visitor.accept(this.succ, len, kind, slot, args[i] as number);
    }
    return n;
  }

  /**
   * Records a `byzantine` step for each message of `ids` (the universe, or what the adversary learned).
   * One that changes nothing would be a self-loop and is not a step.
   */
  private forge(cur: Int32Array, hi: number, lo: number, dupsLeft: number, crashed: number, ids: Int32Array, n: number): number {
    const sys = this.sys;
    for (let k = 0; k < ids.length; k++) {
      const m = ids[k] as number;
      const to = sys.msgTo[m] as number;
      if ((crashed >>> to) & 1) continue;
      const local = cur[to] as number;
      const entry = sys.step(local, m);
      const learnt = sys.learns ? this.learn(cur, entry) : -1;
      if (sys.entryNext[entry] === local && sys.entrySentLen[entry] === 0 && learnt < 0) continue;
      n = this.record(n, StepKind.Byzantine, to, m, entry, -1, dupsLeft,
        (hi + (sys.entryDeltaHi[entry] as number) + (sys.msgKeyHi[m] as number) + (learnt < 0 ? 0 : this.learnHi)) | 0,
        (lo + (sys.entryDeltaLo[entry] as number) + (sys.msgKeyLo[m] as number) + (learnt < 0 ? 0 : this.learnLo)) | 0, learnt);
    }
    return n;
  }

  /**
   * The adversary learns what memo `entry` sends to Byzantine nodes: returns its memory's next local id,
   * or -1 if it learns nothing new; then `learnHi/Lo` hold the fingerprint change.
   */
  private learn(cur: Int32Array, entry: number): number {
    const sys = this.sys;
    if (sys.entryLearnLen[entry] === 0) return -1;
    const before = cur[sys.adversarySlot] as number;
    let known = before;
    let hi = 0;
    let lo = 0;
    const end = (sys.entryLearnStart[entry] as number) + (sys.entryLearnLen[entry] as number);
    for (let j = sys.entryLearnStart[entry] as number; j < end; j++) {
      const e = sys.step(known, sys.learnPool[j] as number);
      hi = (hi + (sys.entryDeltaHi[e] as number)) | 0;
      lo = (lo + (sys.entryDeltaLo[e] as number)) | 0;
      known = sys.entryNext[e] as number;
    }
    this.learnHi = hi;
    this.learnLo = lo;
    return known === before ? -1 : known;
  }

  /** Appends one enabled step to the step list; returns the new count. */
  private record(n: number, kind: StepKind, slot: number, arg: number, entry: number, removed: number, dups: number, hi: number, lo: number, learnt: number): number {
    if (n === this.kinds.length) this.growSteps();
    this.learnNexts[n] = learnt;
    this.kinds[n] = kind;
    this.slots[n] = slot;
    this.args[n] = arg;
    this.entries[n] = entry;
    this.removed[n] = removed;
    this.dups[n] = dups;
    this.his[n] = hi;
    this.los[n] = normLo(hi, lo);
    return n + 1;
  }

  private growSteps(): void {
    const size = this.kinds.length * 2;
    const grow = (a: Int32Array): Int32Array<ArrayBuffer> => {
      const b = new Int32Array(size);
      b.set(a);
      return b;
    };
    this.kinds = grow(this.kinds);
    this.slots = grow(this.slots);
    this.args = grow(this.args);
    this.entries = grow(this.entries);
    this.removed = grow(this.removed);
    this.dups = grow(this.dups);
    this.his = grow(this.his);
    this.los = grow(this.los);
    this.learnNexts = grow(this.learnNexts);
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
