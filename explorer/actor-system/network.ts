/**
 * Network semantics (`SystemSpec.network`, `--network`): how the messages in
 * flight are held in the state vector, how a step changes them, and how they
 * are fingerprinted. The global state vector (an Int32Array) is laid out as
 *   [0, n)      local state id of each node
 *   n           bitmask of crashed nodes
 *   n + 1       duplicate deliveries left
 *  (n + 2       restarts left: only with crash-recovery (`FaultOptions.recoveries`),
 *               which shifts the next two by one; the crash budget needs no word:
 *               crashes so far = crashed nodes + restarts used)
 *   n + 2       number of message entries, c
 *   n + 3 ...   the c message ids:
 *                 multiset  in content order (`Interner.msgBefore`: by key, not by
 *                           id, so that every worker holds a state alike), repeats
 *                           allowed (one entry per copy)
 *                 set       in content order, distinct (a message once sent stays)
 *                 fifo      grouped by channel (sender slot * n + receiver slot,
 *                           ascending), each channel in sending order, head first
 *
 * Fingerprints (`encode.ts`) sum one random key per message entry: the
 * message's own key for multiset and set, and for fifo a key per (message,
 * position in its channel), so that order counts; position 0 reuses the
 * message's own key. Every term has coefficient 0 or 1 in a set or fifo
 * state, so the collision bound of `encode.ts` holds as stated.
 */
import type { NetworkKind } from '../../spec/core/system.js';
import type { Interner, ReadonlyInts } from './interner.js';
import type { StepMemo } from './memo.js';

/** Offsets into a global state vector. */
export interface GlobalLayout {
  readonly nodes: number;
  readonly crashedAt: number;
  readonly dupsAt: number;
  /** Restarts left (crash-recovery); -1 when the system has no recovery budget. */
  readonly recoveriesAt: number;
  readonly countAt: number;
  readonly msgsAt: number;
}

export function layoutOf(nodes: number, recoveries = false): GlobalLayout {
  if (recoveries) return { nodes, crashedAt: nodes, dupsAt: nodes + 1, recoveriesAt: nodes + 2, countAt: nodes + 3, msgsAt: nodes + 4 };
  return { nodes, crashedAt: nodes, dupsAt: nodes + 1, recoveriesAt: -1, countAt: nodes + 2, msgsAt: nodes + 3 };
}

export class Network {
  readonly kind: NetworkKind;
  readonly layout: GlobalLayout;
  private readonly interner: Interner;
  private readonly memo: StepMemo;
  /** fifo: per position j >= 1, the keys of (message, j), grown on demand. */
  private readonly posHi: Int32Array[] = [];
  private readonly posLo: Int32Array[] = [];
  /** fifo: per position j >= 1, how many message ids have their key computed. */
  private readonly posFilled: number[] = [];
  /** Scratch for `build`. */
  private scratch = new Int32Array(256);
  /** Result lanes of `hash`. */
  hi = 0;
  lo = 0;

  constructor(kind: NetworkKind, interner: Interner, memo: StepMemo, recoveries = false) {
    this.kind = kind;
    this.interner = interner;
    this.memo = memo;
    this.layout = layoutOf(interner.nodeCount, recoveries);
  }

  /** The fifo channel of message `m`. */
  channel(m: number): number {
    const it = this.interner;
    return (it.msgFrom[m] as number) * it.nodeCount + (it.msgTo[m] as number);
  }

  /** Whether message `m` is in flight in `v` (a sorted vector: multiset or set). */
  hasSorted(v: Int32Array, m: number): boolean {
    const { countAt, msgsAt } = this.layout;
    let lo = msgsAt;
    let hi = msgsAt + (v[countAt] as number) - 1;
    const it = this.interner;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const x = v[mid] as number;
      if (x === m) return true;
      if (it.msgBefore(x, m)) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  /**
   * Sums the keys of the messages of `v` into `hi`/`lo`, each message id first
   * mapped through `map` when given (a permutation of message ids, for symmetry).
   */
  hash(v: Int32Array, map: ReadonlyInts | null): void {
    const it = this.interner;
    const { countAt, msgsAt } = this.layout;
    const end = msgsAt + (v[countAt] as number);
    let hi = 0;
    let lo = 0;
    if (this.kind !== 'fifo') {
      for (let j = msgsAt; j < end; j++) {
        const m = map === null ? (v[j] as number) : (map[v[j] as number] as number);
        hi = (hi + (it.msgKeyHi[m] as number)) | 0;
        lo = (lo + (it.msgKeyLo[m] as number)) | 0;
      }
    } else {
      let pos = 0;
      let chan = -1;
      for (let j = msgsAt; j < end; j++) {
        const raw = v[j] as number;
        const c = this.channel(raw);
        pos = c === chan ? pos + 1 : 0;
        chan = c;
        const m = map === null ? raw : (map[raw] as number);
        if (pos === 0) {
          hi = (hi + (it.msgKeyHi[m] as number)) | 0;
          lo = (lo + (it.msgKeyLo[m] as number)) | 0;
        } else {
          this.ensurePosKeys(pos, m);
          hi = (hi + ((this.posHi[pos - 1] as Int32Array)[m] as number)) | 0;
          lo = (lo + ((this.posLo[pos - 1] as Int32Array)[m] as number)) | 0;
        }
      }
    }
    this.hi = hi;
    this.lo = lo;
  }

  private ensurePosKeys(pos: number, m: number): void {
    while (this.posHi.length < pos) {
      this.posHi.push(new Int32Array(0));
      this.posLo.push(new Int32Array(0));
      this.posFilled.push(0);
    }
    const filled = this.posFilled[pos - 1] as number;
    if (m < filled) return;
    // Ids are dense: every id up to m is interned, so its key is known.
    let hi = this.posHi[pos - 1] as Int32Array;
    let lo = this.posLo[pos - 1] as Int32Array;
    if (m >= hi.length) {
      const size = Math.max(m + 1, hi.length * 2, 64);
      const h = new Int32Array(size);
      const l = new Int32Array(size);
      h.set(hi);
      l.set(lo);
      hi = h;
      lo = l;
      this.posHi[pos - 1] = hi;
      this.posLo[pos - 1] = lo;
    }
    for (let i = filled; i <= m; i++) {
      hi[i] = this.interner.positionKey(i, pos, 0);
      lo[i] = this.interner.positionKey(i, pos, 1);
    }
    this.posFilled[pos - 1] = m + 1;
  }

  /**
   * Writes into `succ` the successor of `cur` where node `slot` (if >= 0)
   * moves to `next`, one entry leaves the network (`removed`: a message id
   * for multiset, a vector position for fifo, -1 for none), the messages sent
   * by memo `entry` (if >= 0) join it, and the duplication budget becomes
   * `dups`. `succ` must hold `cur`'s length plus what the entry sends.
   * Returns the successor's length.
   */
  build(cur: Int32Array, succ: Int32Array, slot: number, next: number, removed: number, entry: number, dups: number): number {
    const memo = this.memo;
    const { dupsAt, countAt, msgsAt } = this.layout;
    const count = cur[countAt] as number;
    for (let i = 0; i < msgsAt; i++) succ[i] = cur[i] as number;
    if (slot >= 0) succ[slot] = next;
    succ[dupsAt] = dups;
    const sentLen = entry >= 0 ? (memo.sentLen[entry] as number) : 0;
    const start = entry >= 0 ? (memo.sentStart[entry] as number) : 0;
    const end = msgsAt + count;
    let o = msgsAt;
    if (this.kind === 'fifo') {
      for (let j = msgsAt; j < end; j++) if (j !== removed) succ[o++] = cur[j] as number;
      // Each sent message goes to the tail of its channel, in emission order.
      const pool = memo.emittedPool;
      for (let s = start; s < start + sentLen; s++) {
        const m = pool[s] as number;
        const c = this.channel(m);
        let k = o;
        while (k > msgsAt && this.channel(succ[k - 1] as number) > c) {
          succ[k] = succ[k - 1] as number;
          k--;
        }
        succ[k] = m;
        o++;
      }
    } else {
      // Merge the remaining messages with the sent ids, both in content order (for a set, without repeats).
      const pool = memo.sortedPool;
      const it = this.interner;
      const set = this.kind === 'set';
      let s = start;
      const sEnd = start + sentLen;
      let skip = removed;
      for (let j = msgsAt; j < end; j++) {
        const m = cur[j] as number;
        if (m === skip) {
          skip = -1;
          continue;
        }
        while (s < sEnd && it.msgBefore(pool[s] as number, m)) {
          const x = pool[s++] as number;
          if (!set || o === msgsAt || succ[o - 1] !== x) succ[o++] = x;
        }
        if (set) while (s < sEnd && (pool[s] as number) === m) s++;
        succ[o++] = m;
      }
      while (s < sEnd) {
        const x = pool[s++] as number;
        if (!set || o === msgsAt || succ[o - 1] !== x) succ[o++] = x;
      }
    }
    succ[countAt] = o - msgsAt;
    return o;
  }

  /**
   * Puts the messages of a multiset or set vector back in order (after their
   * order changed, `Interner.hearOrder`); a fifo vector is left as it is.
   */
  resort(v: Int32Array): void {
    if (this.kind === 'fifo') return;
    const { countAt, msgsAt } = this.layout;
    this.interner.sortMessages(v, msgsAt, msgsAt + (v[countAt] as number));
  }

  /** A scratch vector of at least `len` ints (reused; valid until the next call). */
  scratchOf(len: number): Int32Array {
    if (this.scratch.length < len) this.scratch = new Int32Array(len * 2);
    return this.scratch;
  }
}
