/**
 * Successor generation over packed global states: the one function every
 * search strategy, the trace rebuilder and the tests share.
 *
 * For each enabled step (in a fixed order: environment events node by node,
 * then the in-flight messages as the network offers them, with deliver,
 * duplicate, drop, then the adversary's messages in universe order and what
 * it has learned in content order (`Interner.msgBefore`), then crashes node by node, then restarts
 * of crashed nodes node by node) it lists the step; the reductions (`por.ts`) may keep only a persistent subset; then
 * each kept step is offered to the visitor with its successor's fingerprint
 * and built only if the visitor wants it. Steps are numbered in the full
 * order whatever is kept, so a trace replays without the reductions.
 *
 * On a multiset network the successor's fingerprint is its parent's plus a
 * delta computed once per memoised local step, so a duplicate successor
 * costs a memo lookup and two additions; with symmetry, one such sum per
 * renaming and their minimum (`symmetry.ts`). On the other networks each
 * successor is built and fingerprinted whole.
 */
import { StepKind } from './actor-system/actions.js';
import type { Adversary } from './actor-system/adversary.js';
import type { FaultOptions } from './actor-system/faults.js';
import type { Interner } from './actor-system/interner.js';
import { RESTART, type StepMemo } from './actor-system/memo.js';
import type { Network } from './actor-system/network.js';
import type { Partition } from './actor-system/partition.js';
import type { PartialOrder } from './actor-system/por.js';
import type { StateHasher } from './actor-system/symmetry.js';
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
  /**
   * The partial-order reduction's cycle proviso, asked after an `offer` that
   * returned false (its successor is stored already): whether that stored
   * state may close a cycle of reduced expansions, so that the state being
   * expanded must take all its steps. Without it, every state whose
   * persistent subset reaches a stored state expands in full.
   */
  closesCycle?(): boolean;
}

/** The parts of an actor system that successor generation reads. */
export interface ExpanderParts {
  readonly interner: Interner;
  readonly memo: StepMemo;
  readonly adversary: Adversary;
  readonly network: Network;
  readonly hasher: StateHasher;
  readonly faults: FaultOptions;
  /** Whether fingerprints are orbit fingerprints (`StateHasher.canonical`). */
  readonly symmetric: boolean;
  /** The partial-order reduction, or null for full expansion. */
  readonly por: PartialOrder | null;
}

/** How many states the reduction expanded in part and in full. */
export interface ReductionStats {
  reduced: number;
  full: number;
}

export class Expander {
  private readonly p: ExpanderParts;
  private readonly incremental: boolean;
  private succ: Int32Array;
  // The enabled steps of the state being expanded.
  private kinds: Int32Array<ArrayBuffer> = new Int32Array(64);
  private slots = new Int32Array(64);
  private args = new Int32Array(64);
  private entries = new Int32Array(64);
  private removed = new Int32Array(64);
  private dups = new Int32Array(64);
  private his = new Int32Array(64);
  private los = new Int32Array(64);
  /** 1 when the step's fingerprint is in `his`/`los`. */
  private known = new Uint8Array(64);
  // What each step teaches the adversary: the next local id of its memory, or -1 when nothing new.
  private learnNexts = new Int32Array(64);
  private chosen = new Int32Array(64);
  /** Scratch marks, all 0 between calls. */
  private taken = new Uint8Array(64);
  /** The state being expanded. */
  private cur: Int32Array = new Int32Array(0);
  private learnHi = 0;
  private learnLo = 0;
  readonly reduction: ReductionStats = { reduced: 0, full: 0 };

  constructor(parts: ExpanderParts) {
    this.p = parts;
    this.incremental = parts.network.kind === 'multiset';
    const only = parts.faults.crashable;
    this.crashable = only === undefined ? -1 : only.reduce((mask, slot) => mask | (1 << slot), 0);
    this.succ = new Int32Array(Math.max(256, parts.network.layout.msgsAt * 2));
  }

  /** Whether the last `expand` stopped at a persistent subset (the state's expansion is reduced). */
  lastReduced = false;

  /** The nodes that may crash (`FaultOptions.crashable`), as a bit mask over slots: all by default. */
  private readonly crashable: number;

  /** The part of the state being expanded (`partition.ts`), once asked for (`partFor`: the state it is of). */
  private partBase = 0;
  private partFor: Int32Array | null = null;

  /**
   * The part of the successor of the current state's step `i`: the state's
   * own, unless the step moves a partition node, whose part then changes.
   */
  partOf(i: number, partition: Partition): number {
    const cur = this.cur;
    if (this.partFor !== cur) {
      this.partBase = partition.partOfState(cur);
      this.partFor = cur;
    }
    const slot = this.slots[i] as number;
    // Drops and crashes have no memo entry: they move no node's local state.
    const entry = this.entries[i] as number;
    if (entry < 0 || partition.slots[slot] !== 1) return this.partBase;
    const next = this.p.memo.next[entry] as number;
    return (this.partBase - partition.partOfLocal(cur[slot] as number) + partition.partOfLocal(next)) | 0;
  }

  /** An upper bound on the length of every state vector built so far (size buffers by it). */
  get capacity(): number {
    return this.succ.length;
  }

  /**
   * Visits the successors of `cur`; returns the number of steps taken (transitions).
   */
  expand(cur: Int32Array, visitor: SuccessorVisitor): number {
    this.lastReduced = false;
    const n = this.enumerate(cur);
    const k = this.ample(n);
    if (k < n) {
      // Take the persistent subset; if one of its successors is stored already and may close a cycle of
      // reduced states (the proviso, which the visitor decides), take the other steps too.
      let cycle = false;
      for (let c = 0; c < k; c++) this.ensureFp(cur, this.chosen[c] as number);
      this.touchAll(k, visitor);
      for (let c = 0; c < k; c++) {
        if (!this.offerStep(cur, this.chosen[c] as number, visitor)) {
          if (visitor.closesCycle === undefined || visitor.closesCycle()) cycle = true;
        }
      }
      if (!cycle) {
        this.reduction.reduced++;
        this.lastReduced = true;
        return k;
      }
      this.reduction.full++;
      this.offerRest(cur, n, k, visitor);
      return n;
    }
    if (this.p.por !== null) this.reduction.full++;
    const his = this.his;
    const los = this.los;
    if (!this.incremental || this.p.symmetric) for (let i = 0; i < n; i++) this.ensureFp(cur, i);
    if (visitor.touch !== undefined) for (let i = 0; i < n; i++) visitor.touch(his[i] as number, los[i] as number);
    for (let i = 0; i < n; i++) {
      if (!visitor.offer(his[i] as number, los[i] as number, i)) continue;
      const len = this.buildStep(cur, i);
      visitor.accept(this.succ, len, this.kinds[i] as StepKind, this.slots[i] as number, this.args[i] as number);
    }
    return n;
  }

  /**
   * Completes a reduced expansion of `cur` (one that `expand` left at its
   * persistent subset, when the proviso is decided later, as when a search is
   * split over workers): offers the steps outside the subset; returns how many.
   */
  expandRest(cur: Int32Array, visitor: SuccessorVisitor): number {
    const n = this.enumerate(cur);
    const k = this.ample(n);
    if (k === n) return 0;
    this.reduction.reduced--;
    this.reduction.full++;
    this.offerRest(cur, n, k, visitor);
    return n - k;
  }

  /**
   * After `expand`: the fairness task of the expanded state's step number
   * `i` (its place in the full order): a delivery or duplicate of message m
   * serves task m (>= 0), environment event e of node `slot` serves task
   * -2 - (slot * 4096 + e), and a fault (drop, crash, Byzantine send) serves
   * none: -1. Steps that serve one task are interchangeable for fairness.
   */
  fairnessTask(i: number): number {
    switch (this.kinds[i] as StepKind) {
      case StepKind.Deliver:
      case StepKind.Duplicate:
        return this.args[i] as number;
      case StepKind.Environment:
        return -2 - ((this.slots[i] as number) * 4096 + (this.args[i] as number));
      default:
        return -1;
    }
  }

  /** How many steps of `cur` its persistent subset holds (all of them when it is not reduced). */
  ampleSize(cur: Int32Array): number {
    return this.ample(this.enumerate(cur));
  }

  /** Offers, in order, the steps of `cur` outside the `k` chosen ones (of `n`). */
  private offerRest(cur: Int32Array, n: number, k: number, visitor: SuccessorVisitor): void {
    const taken = this.taken;
    for (let c = 0; c < k; c++) taken[this.chosen[c] as number] = 1;
    let r = 0;
    for (let i = 0; i < n; i++) {
      if (taken[i] === 1) taken[i] = 0;
      else this.chosen[r++] = i;
    }
    for (let c = 0; c < r; c++) this.ensureFp(cur, this.chosen[c] as number);
    this.touchAll(r, visitor);
    for (let c = 0; c < r; c++) this.offerStep(cur, this.chosen[c] as number, visitor);
  }

  /** Lets the visitor warm its table for the first `count` chosen steps. */
  private touchAll(count: number, visitor: SuccessorVisitor): void {
    if (visitor.touch === undefined) return;
    for (let c = 0; c < count; c++) {
      const i = this.chosen[c] as number;
      visitor.touch(this.his[i] as number, this.los[i] as number);
    }
  }

  /** Offers step `i`'s successor; builds and hands it over if wanted. Returns whether it was wanted. */
  private offerStep(cur: Int32Array, i: number, visitor: SuccessorVisitor): boolean {
    if (!visitor.offer(this.his[i] as number, this.los[i] as number, i)) return false;
    const len = this.buildStep(cur, i);
    visitor.accept(this.succ, len, this.kinds[i] as StepKind, this.slots[i] as number, this.args[i] as number);
    return true;
  }

  /** Lists every enabled step of `cur`; with an incremental fingerprint, computes each successor's. */
  private enumerate(cur: Int32Array): number {
    this.cur = cur;
    this.partFor = null;
    const { interner: it, memo, adversary, network, hasher, faults } = this.p;
    const { nodes, crashedAt, dupsAt, recoveriesAt, countAt, msgsAt } = network.layout;
    const crashed = cur[crashedAt] as number;
    const dupsLeft = cur[dupsAt] as number;
    // Restarts left (crash-recovery).
    const recLeft = recoveriesAt >= 0 ? (cur[recoveriesAt] as number) : 0;
    const end = msgsAt + (cur[countAt] as number);
    const lossy = faults.lossy;
    const learns = adversary.learns;
    const sym = this.p.symmetric && this.incremental;
    const inc = this.incremental && !sym;
    let hi = 0;
    let lo = 0;
    if (inc) {
      hasher.raw(cur);
      hi = hasher.hi;
      lo = hasher.lo;
    } else if (sym) hasher.startOrbit(cur);
    let n = 0;

    // Environment events, node by node (a Byzantine node's machine never runs).
    for (let slot = 0; slot < nodes; slot++) {
      if ((crashed >>> slot) & 1 || adversary.byzantine[slot] === 1) continue;
      const envCount = it.node(slot).environment.length;
      for (let e = 0; e < envCount; e++) {
        it.creationPos = n;
        const entry = memo.step(cur[slot] as number, -1 - e);
        if ((memo.next[entry] as number) < 0) continue;
        const learnt = learns ? this.learn(cur, entry) : -1;
        if (network.kind === 'set' && this.changesNothing(cur, slot, entry, learnt)) continue;
        n = this.record(n, StepKind.Environment, slot, e, entry, -1, dupsLeft, learnt);
        if (inc) this.fp(n - 1, hi + (memo.deltaHi[entry] as number) + (learnt < 0 ? 0 : this.learnHi), lo + (memo.deltaLo[entry] as number) + (learnt < 0 ? 0 : this.learnLo));
      }
    }

    // Messages in flight.
    if (network.kind === 'multiset') {
      for (let j = msgsAt; j < end; j++) {
        const m = cur[j] as number;
        if (j > msgsAt && cur[j - 1] === m) continue;
        const to = it.msgTo[m] as number;
        if (((crashed >>> to) & 1) === 0) {
          it.creationPos = n;
          const entry = memo.step(cur[to] as number, m);
          const learnt = learns ? this.learn(cur, entry) : -1;
          const dh = (hi + (memo.deltaHi[entry] as number) + (learnt < 0 ? 0 : this.learnHi)) | 0;
          const dl = (lo + (memo.deltaLo[entry] as number) + (learnt < 0 ? 0 : this.learnLo)) | 0;
          // Deliver: the memo delta already removes one copy of m.
          n = this.record(n, StepKind.Deliver, to, m, entry, m, dupsLeft, learnt);
          if (inc) this.fp(n - 1, dh, dl);
          // Duplicate: deliver a copy, keep m in flight, spend one unit of budget.
          if (dupsLeft > 0) {
            n = this.record(n, StepKind.Duplicate, to, m, entry, -1, dupsLeft - 1, learnt);
            if (inc) this.fp(n - 1, dh + (it.msgKeyHi[m] as number) - hasher.dupHi(dupsLeft) + hasher.dupHi(dupsLeft - 1), dl + (it.msgKeyLo[m] as number) - hasher.dupLo(dupsLeft) + hasher.dupLo(dupsLeft - 1));
          }
        }
        if (lossy) {
          n = this.record(n, StepKind.Drop, to, m, -1, m, dupsLeft, -1);
          if (inc) this.fp(n - 1, hi - (it.msgKeyHi[m] as number), lo - (it.msgKeyLo[m] as number));
        }
      }
    } else if (network.kind === 'set') {
      // Every message ever sent stays deliverable; a delivery that changes nothing is not a step.
      for (let j = msgsAt; j < end; j++) {
        const m = cur[j] as number;
        const to = it.msgTo[m] as number;
        if ((crashed >>> to) & 1) continue;
        it.creationPos = n;
        const entry = memo.step(cur[to] as number, m);
        const learnt = learns ? this.learn(cur, entry) : -1;
        if (this.changesNothing(cur, to, entry, learnt)) continue;
        n = this.record(n, StepKind.Deliver, to, m, entry, -1, dupsLeft, learnt);
      }
    } else {
      // fifo: per channel, its head may be delivered or duplicated; any message may be dropped.
      let start = msgsAt;
      while (start < end) {
        const chan = network.channel(cur[start] as number);
        let stop = start + 1;
        while (stop < end && network.channel(cur[stop] as number) === chan) stop++;
        const m = cur[start] as number;
        const to = it.msgTo[m] as number;
        if (((crashed >>> to) & 1) === 0) {
          it.creationPos = n;
          const entry = memo.step(cur[to] as number, m);
          const learnt = learns ? this.learn(cur, entry) : -1;
          n = this.record(n, StepKind.Deliver, to, m, entry, start, dupsLeft, learnt);
          if (dupsLeft > 0) n = this.record(n, StepKind.Duplicate, to, m, entry, -1, dupsLeft - 1, learnt);
        }
        if (lossy) {
          for (let q = start; q < stop; q++) {
            if (q > start && cur[q] === cur[q - 1]) continue;
            n = this.record(n, StepKind.Drop, to, cur[q] as number, -1, q, dupsLeft, -1);
          }
        }
        start = stop;
      }
    }

    // The adversary: any message of its universe, then any it has learned, delivered to its (correct, not
    // crashed) receiver and kept available.
    n = this.forge(cur, hi, lo, dupsLeft, crashed, adversary.forged, n);
    if (learns) n = this.forge(cur, hi, lo, dupsLeft, crashed, adversary.known[cur[adversary.memorySlot] as number] as Int32Array, n);

    // Crashes (of correct nodes: a Byzantine node's machine does not run anyway).
    if (faults.crashes > 0 && this.crashesTaken(crashed, recLeft) < faults.crashes) {
      for (let slot = 0; slot < nodes; slot++) {
        if ((crashed >>> slot) & 1 || adversary.byzantine[slot] === 1) continue;
        if (((this.crashable >>> slot) & 1) === 0) continue;
        n = this.record(n, StepKind.Crash, slot, -1, -1, -1, dupsLeft, -1);
        if (inc) this.fp(n - 1, hi + hasher.crashHi(slot), lo + hasher.crashLo(slot));
      }
    }

    // Restarts of crashed nodes (crash-recovery): the restarted local state is memoised like a step.
    if (recLeft > 0 && crashed !== 0) {
      for (let slot = 0; slot < nodes; slot++) {
        if (((crashed >>> slot) & 1) === 0) continue;
        it.creationPos = n;
        const entry = memo.step(cur[slot] as number, RESTART);
        n = this.record(n, StepKind.Restart, slot, -1, entry, -1, dupsLeft, -1);
        if (inc) {
          this.fp(
            n - 1,
            hi + (memo.deltaHi[entry] as number) - hasher.crashHi(slot) - hasher.recoveryHi(recLeft) + hasher.recoveryHi(recLeft - 1),
            lo + (memo.deltaLo[entry] as number) - hasher.crashLo(slot) - hasher.recoveryLo(recLeft) + hasher.recoveryLo(recLeft - 1),
          );
        }
      }
    }
    return n;
  }

  /**
   * Puts in `chosen` the steps of the smallest persistent subset (`por.ts`)
   * of the `n` steps listed, and returns its size; returns `n` when the state
   * has no proper one.
   */
  private ample(n: number): number {
    const por = this.p.por;
    if (por === null || n < 2 || !this.reducible()) return n;
    if (this.chosen.length < n) this.chosen = new Int32Array(this.kinds.length);
    if (por.declaresRefusals) {
      // A message its receiver refuses for good: consume it (deliver or drop: one state) and nothing else.
      const memo = this.p.memo;
      const cur = this.cur;
      for (let i = 0; i < n; i++) {
        if (this.kinds[i] !== StepKind.Deliver) continue;
        const entry = this.entries[i] as number;
        const local = cur[this.slots[i] as number] as number;
        if (memo.next[entry] !== local || memo.sentLen[entry] !== 0 || (this.learnNexts[i] as number) >= 0) continue;
        const m = this.args[i] as number;
        if (!por.refusesForGood(local, m, entry)) continue;
        let k = 0;
        this.chosen[k++] = i;
        // Its drop, if the network is lossy, is listed right after (a duplicate would need budget).
        if (i + 1 < n && this.kinds[i + 1] === StepKind.Drop && this.args[i + 1] === m && this.removed[i + 1] === this.removed[i]) this.chosen[k++] = i + 1;
        return k;
      }
    }
    let best: Uint8Array | undefined;
    let bestCount = n;
    for (const set of por.candidates) {
      let c = 0;
      for (let i = 0; i < n; i++) if (set[this.slots[i] as number] === 1) c++;
      if (c > 0 && c < bestCount) {
        best = set;
        bestCount = c;
      }
    }
    if (best === undefined) return n;
    let k = 0;
    for (let i = 0; i < n; i++) if (best[this.slots[i] as number] === 1) this.chosen[k++] = i;
    return k;
  }

  /** Whether no global budget couples the nodes in `cur` (the reduction's precondition). */
  private reducible(): boolean {
    const cur = this.cur;
    const { faults, network } = this.p;
    const { dupsAt, crashedAt, recoveriesAt } = network.layout;
    if ((cur[dupsAt] as number) > 0) return false;
    const crashed = cur[crashedAt] as number;
    // Restarts are a global budget like crashes: a state where one may still happen is expanded in full.
    const recLeft = recoveriesAt >= 0 ? (cur[recoveriesAt] as number) : 0;
    if (recLeft > 0 && crashed !== 0) return false;
    return faults.crashes === 0 || this.crashesTaken(crashed, recLeft) >= faults.crashes;
  }

  /** Crashes so far in a run: the nodes down now, and those that crashed and restarted (each restart followed a crash). */
  private crashesTaken(crashed: number, recoveriesLeft: number): number {
    return popcount(crashed) + (this.p.faults.recoveries ?? 0) - recoveriesLeft;
  }

  private ensureFp(cur: Int32Array, i: number): void {
    if (this.known[i] === 1) return;
    if (this.incremental) {
      // Symmetric, on a multiset network: from the renamed deltas (the non-symmetric fingerprints are all known).
      this.symFp(i);
      return;
    }
    this.buildStep(cur, i);
    const hasher = this.p.hasher;
    if (this.p.symmetric) hasher.canonical(this.succ);
    else hasher.raw(this.succ);
    this.his[i] = hasher.hi;
    this.los[i] = normLo(hasher.hi, hasher.lo);
    this.known[i] = 1;
  }

  /** Builds the successor of step `i` into `succ`; returns its length. */
  private buildStep(cur: Int32Array, i: number): number {
    const { memo, network, adversary } = this.p;
    const kind = this.kinds[i] as StepKind;
    const slot = this.slots[i] as number;
    const entry = this.entries[i] as number;
    const { countAt, msgsAt } = network.layout;
    const need = msgsAt + (cur[countAt] as number) + (entry >= 0 ? (memo.sentLen[entry] as number) : 0);
    if (need > this.succ.length) this.succ = new Int32Array(need * 2);
    const moved = kind === StepKind.Drop || kind === StepKind.Crash ? -1 : slot;
    const len = network.build(cur, this.succ, moved, entry >= 0 ? (memo.next[entry] as number) : 0, this.removed[i] as number, entry, this.dups[i] as number);
    if (kind === StepKind.Crash) this.succ[network.layout.crashedAt] = (cur[network.layout.crashedAt] as number) | (1 << slot);
    else if (kind === StepKind.Restart) {
      const { crashedAt, recoveriesAt } = network.layout;
      this.succ[crashedAt] = (cur[crashedAt] as number) & ~(1 << slot);
      this.succ[recoveriesAt] = (cur[recoveriesAt] as number) - 1;
    }
    if (adversary.learns) {
      const learnt = this.learnNexts[i] as number;
      if (learnt >= 0) this.succ[adversary.memorySlot] = learnt;
    }
    return len;
  }

  /** Whether a step of node `slot` by memo `entry` leaves the state as it is (set network, adversary). */
  private changesNothing(cur: Int32Array, slot: number, entry: number, learnt: number): boolean {
    const { memo, network } = this.p;
    if (memo.next[entry] !== cur[slot] || learnt >= 0) return false;
    const len = memo.sentLen[entry] as number;
    if (len === 0) return true;
    if (network.kind !== 'set') return false;
    const start = memo.sentStart[entry] as number;
    for (let s = start; s < start + len; s++) if (!network.hasSorted(cur, memo.sortedPool[s] as number)) return false;
    return true;
  }

  /**
   * Records a `byzantine` step for each message of `ids` (the universe, or what the adversary learned).
   * One that changes nothing would be a self-loop and is not a step.
   */
  private forge(cur: Int32Array, hi: number, lo: number, dupsLeft: number, crashed: number, ids: Int32Array, n: number): number {
    const { interner: it, memo, adversary } = this.p;
    for (let k = 0; k < ids.length; k++) {
      const m = ids[k] as number;
      const to = it.msgTo[m] as number;
      if ((crashed >>> to) & 1) continue;
      const entry = memo.step(cur[to] as number, m);
      const learnt = adversary.learns ? this.learn(cur, entry) : -1;
      if (this.changesNothing(cur, to, entry, learnt)) continue;
      n = this.record(n, StepKind.Byzantine, to, m, entry, -1, dupsLeft, learnt);
      if (this.incremental && !this.p.symmetric) {
        this.fp(n - 1, hi + (memo.deltaHi[entry] as number) + (it.msgKeyHi[m] as number) + (learnt < 0 ? 0 : this.learnHi), lo + (memo.deltaLo[entry] as number) + (it.msgKeyLo[m] as number) + (learnt < 0 ? 0 : this.learnLo));
      }
    }
    return n;
  }

  /**
   * The adversary learns what memo `entry` sends to Byzantine nodes: returns its memory's next local id,
   * or -1 if it learns nothing new; then `learnHi/Lo` hold the fingerprint change.
   */
  private learn(cur: Int32Array, entry: number): number {
    const { memo, adversary } = this.p;
    if (memo.learnLen[entry] === 0) return -1;
    const before = cur[adversary.memorySlot] as number;
    let known = before;
    let hi = 0;
    let lo = 0;
    const end = (memo.learnStart[entry] as number) + (memo.learnLen[entry] as number);
    for (let j = memo.learnStart[entry] as number; j < end; j++) {
      const e = memo.step(known, memo.learnPool[j] as number);
      hi = (hi + (memo.deltaHi[e] as number)) | 0;
      lo = (lo + (memo.deltaLo[e] as number)) | 0;
      known = memo.next[e] as number;
    }
    this.learnHi = hi;
    this.learnLo = lo;
    return known === before ? -1 : known;
  }

  /** Sets step `i`'s orbit fingerprint from the renamed deltas of its kind (`StateHasher.stepMin`). */
  private symFp(i: number): void {
    const hasher = this.p.hasher;
    const entry = this.entries[i] as number;
    const m = this.args[i] as number;
    switch (this.kinds[i] as StepKind) {
      case StepKind.Environment:
      case StepKind.Deliver:
        hasher.stepMin(entry, -1, -1, -1, 0, 0);
        break;
      case StepKind.Duplicate: {
        const left = this.dups[i] as number;
        hasher.stepMin(entry, m, -1, -1, (hasher.dupHi(left) - hasher.dupHi(left + 1)) | 0, (hasher.dupLo(left) - hasher.dupLo(left + 1)) | 0);
        break;
      }
      case StepKind.Drop:
        hasher.stepMin(-1, -1, m, -1, 0, 0);
        break;
      case StepKind.Byzantine:
        hasher.stepMin(entry, m, -1, -1, 0, 0);
        break;
      case StepKind.Crash:
        hasher.stepMin(-1, -1, -1, this.slots[i] as number, 0, 0);
        break;
      case StepKind.Restart: {
        const left = this.cur[this.p.network.layout.recoveriesAt] as number;
        hasher.stepMin(entry, -1, -1, -1, (hasher.recoveryHi(left - 1) - hasher.recoveryHi(left)) | 0, (hasher.recoveryLo(left - 1) - hasher.recoveryLo(left)) | 0, this.slots[i] as number);
        break;
      }
    }
    this.fp(i, hasher.hi, hasher.lo);
  }

  /** Sets step `i`'s fingerprint (lo normalised: (0, 0) marks an empty slot of the store). */
  private fp(i: number, hi: number, lo: number): void {
    const h = hi | 0;
    const l = lo | 0;
    this.his[i] = h;
    this.los[i] = h === 0 && l === 0 ? 1 : l;
    this.known[i] = 1;
  }

  /** Appends one enabled step to the step list; returns the new count. */
  private record(n: number, kind: StepKind, slot: number, arg: number, entry: number, removed: number, dups: number, learnt: number): number {
    if (n === this.kinds.length) this.growSteps();
    this.learnNexts[n] = learnt;
    this.kinds[n] = kind;
    this.slots[n] = slot;
    this.args[n] = arg;
    this.entries[n] = entry;
    this.removed[n] = removed;
    this.dups[n] = dups;
    this.known[n] = 0;
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
    this.chosen = grow(this.chosen);
    const k = new Uint8Array(size);
    k.set(this.known);
    this.known = k;
    this.taken = new Uint8Array(size);
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
