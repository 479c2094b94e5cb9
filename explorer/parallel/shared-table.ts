/**
 * The visited set of a search split over threads, shared by all of them: 64-bit
 * fingerprints in 256 open-addressing sub-tables (linear probing, chosen by the
 * top 8 bits of the high lane, as in `StateStore`), each in a growable
 * SharedArrayBuffer that every worker views. A worker that finds a successor's
 * slot empty claims it with a compare-and-swap on the high lane, then writes
 * the low lane; a reader that meets a claimed slot whose low lane is not
 * written yet waits for it. So two workers that reach one state at once store
 * it once, and the worker that claims it first holds it (expands it, keeps its
 * parent): no state crosses between workers to be stored.
 *
 * Both lanes of a stored fingerprint are nonzero (0 marks an empty slot and a
 * low lane not yet written): a zero lane is stored as 1. NOTE: that merges
 * fingerprints that differ only there, which adds about 2^-31 to the chance
 * that two states share a fingerprint.
 *
 * A sub-table grows while every worker is paused (`SearchWorker.pauseForGrowth`):
 * one past MAX_LOAD asks for a pause, and one past HARD_LOAD pauses at once
 * (the others join at their next check, within a few hundred expansions).
 * Growing keeps the buffer and only lengthens it, so every worker's buffer is
 * the same object: each makes a new view of it after the pause.
 */

// Growable SharedArrayBuffers (ES2024, in Node 20's V8); the project's lib is ES2022.
declare global {
  interface SharedArrayBuffer {
    readonly maxByteLength: number;
    grow(newByteLength: number): void;
  }
  interface SharedArrayBufferConstructor {
    new (byteLength: number, options?: { maxByteLength?: number }): SharedArrayBuffer;
  }
}

const SUB_BITS = 8;
export const SUBS = 1 << SUB_BITS;
/** Ask for growth past this load. */
const MAX_LOAD = 0.7;
/** Stop inserting and grow at once past this load (linear probing still finds an empty slot below 1). */
const HARD_LOAD = 0.9;
const INITIAL_SLOTS = 4096;
/** At a pause, sub-tables past this load grow too (see `growShare`). */
const GROW_WITH = 0.4;

/** What the workers are started with: the sub-tables' buffers and their counts (shared). */
export interface SharedTableInit {
  readonly subs: readonly SharedArrayBuffer[];
  /** Int32 per sub-table: the fingerprints stored in it. */
  readonly counts: SharedArrayBuffer;
}

/**
 * Buffers for a shared table whose sub-tables may each grow to `maxBytes`
 * (the address space is reserved, the memory is used as the table grows).
 */
export function createSharedTable(maxBytes: number, initialSlots = INITIAL_SLOTS): SharedTableInit {
  if (!Number.isInteger(Math.log2(initialSlots)) || initialSlots < 16) throw new RangeError(`a shared sub-table starts with a power of two of at least 16 slots, not ${initialSlots}`);
  const perSub = 2 ** Math.max(Math.log2(initialSlots * 8), Math.floor(Math.log2(maxBytes / SUBS)));
  const subs = Array.from({ length: SUBS }, () => new SharedArrayBuffer(initialSlots * 8, { maxByteLength: perSub }));
  return { subs, counts: new SharedArrayBuffer(SUBS * 4) };
}

export class SharedTable {
  private readonly buffers: readonly SharedArrayBuffer[];
  private readonly views: Int32Array[];
  private readonly masks = new Int32Array(SUBS);
  private readonly limits = new Int32Array(SUBS);
  private readonly hardLimits = new Int32Array(SUBS);
  private readonly counts: Int32Array;
  /**
   * This worker's insertions per sub-table not yet added to `counts`: adding
   * each at once would make both cores write the counts' few cache lines all
   * the time. They are published at the worker's checks (`publish`), and the
   * load tests add them to what the others published.
   */
  private readonly pending = new Int32Array(SUBS);
  /** Set by `insert` when a sub-table passed its load: growth is due (soft), or must come now (hard). */
  growthDue = false;
  mustGrow = false;

  constructor(init: SharedTableInit) {
    this.buffers = init.subs;
    this.counts = new Int32Array(init.counts);
    this.views = this.buffers.map(() => new Int32Array(0));
    this.refresh();
  }

  /** Views every sub-table at its current length (after another worker grew some). */
  refresh(): void {
    for (let t = 0; t < SUBS; t++) {
      const b = this.buffers[t] as SharedArrayBuffer;
      const slots = b.byteLength / 8;
      if ((this.views[t] as Int32Array).length === slots * 2) continue;
      this.views[t] = new Int32Array(b, 0, slots * 2);
      this.masks[t] = slots - 1;
      this.limits[t] = Math.floor(slots * MAX_LOAD);
      this.hardLimits[t] = Math.floor(slots * HARD_LOAD);
    }
    this.growthDue = false;
    this.mustGrow = false;
    for (let t = 0; t < SUBS; t++) if (Atomics.load(this.counts, t) > (this.limits[t] as number)) this.growthDue = true;
  }

  /** Reads the home slot of (hi, lo), so that a later `insert` finds it in cache. */
  touch(hi: number, lo: number): number {
    const t = hi >>> (32 - SUB_BITS);
    return (this.views[t] as Int32Array)[(lo & (this.masks[t] as number)) * 2] as number;
  }

  /**
   * Stores fingerprint (hi, lo) unless some worker stored it: returns 1 when
   * this call stored it, 0 when it was there, and -1 when its sub-table has no
   * free slot (other workers' insertions since they last published can fill a
   * small one past its hard load unseen): the caller then pauses every worker
   * for growth (`mustGrow` is set) and asks again.
   */
  insert(hi: number, lo: number): number {
    const h = hi === 0 ? 1 : hi;
    const l = lo === 0 ? 1 : lo;
    const t = h >>> (32 - SUB_BITS);
    const table = this.views[t] as Int32Array;
    const mask = this.masks[t] as number;
    const size = (mask + 1) * 2;
    let i = (l & mask) * 2;
    for (let probes = 0; ; probes++) {
      if (probes > mask) {
        this.growthDue = true;
        this.mustGrow = true;
        return -1;
      }
      const sh = table[i] as number;
      if (sh === h) {
        let sl = table[i + 1] as number;
        // Claimed by another worker, low lane not written yet: it will be, at once.
        while (sl === 0) sl = Atomics.load(table, i + 1);
        if (sl === l) return 0;
      } else if (sh === 0) {
        const was = Atomics.compareExchange(table, i, 0, h);
        if (was === 0) {
          // A plain store: readers that see the claim wait for it with Atomics.load.
          table[i + 1] = l;
          const mine = (this.pending[t] as number) + 1;
          this.pending[t] = mine;
          const n = (this.counts[t] as number) + mine;
          if (n > (this.limits[t] as number)) {
            this.growthDue = true;
            if (n > (this.hardLimits[t] as number)) this.mustGrow = true;
          }
          return 1;
        }
        // Another worker claimed the slot first: look at it again.
        continue;
      }
      i += 2;
      if (i === size) i = 0;
    }
  }

  /** Adds this worker's insertions to the shared counts (between expansions, and before a pause for growth). */
  publish(): void {
    const pending = this.pending;
    for (let t = 0; t < SUBS; t++) {
      const k = pending[t] as number;
      if (k === 0) continue;
      Atomics.add(this.counts, t, k);
      pending[t] = 0;
    }
  }

  /**
   * Grows the sub-tables past their load whose number is `w` modulo `workers`
   * (every worker paused, each growing its share); returns false when one
   * cannot grow (its buffer is at its largest).
   */
  growShare(w: number, workers: number): boolean {
    for (let t = w; t < SUBS; t += workers) {
      // Sub-tables fill at one rate (the hash spreads states evenly): grow every one past GROW_WITH at once,
      // so that a pause serves them all instead of one pause each.
      if (Atomics.load(this.counts, t) <= ((this.masks[t] as number) + 1) * GROW_WITH && !this.isFull(t)) continue;
      if (!this.grow(t)) return false;
    }
    return true;
  }

  /** Whether sub-table `t` has no empty slot (read while every worker is paused). */
  private isFull(t: number): boolean {
    const table = this.views[t] as Int32Array;
    for (let i = 0; i < table.length; i += 2) if ((table[i] as number) === 0) return false;
    return true;
  }

  private grow(t: number): boolean {
    const b = this.buffers[t] as SharedArrayBuffer;
    const oldView = this.views[t] as Int32Array;
    const oldLength = oldView.length;
    if (oldLength * 8 > b.maxByteLength) return false;
    const old = oldView.slice();
    b.grow(oldLength * 8);
    const table = new Int32Array(b, 0, oldLength * 2);
    table.fill(0, 0, oldLength);
    // Twice the slots: oldLength / 2 before, oldLength now (two ints a slot).
    const mask = oldLength - 1;
    const size = oldLength * 2;
    for (let j = 0; j < old.length; j += 2) {
      const hi = old[j] as number;
      if (hi === 0) continue;
      let i = ((old[j + 1] as number) & mask) * 2;
      while ((table[i] as number) !== 0) {
        i += 2;
        if (i === size) i = 0;
      }
      table[i] = hi;
      table[i + 1] = old[j + 1] as number;
    }
    this.views[t] = table;
    this.masks[t] = mask;
    this.limits[t] = Math.floor((mask + 1) * MAX_LOAD);
    this.hardLimits[t] = Math.floor((mask + 1) * HARD_LOAD);
    return true;
  }

  /** Bytes of the sub-tables (every worker's view of the same memory). */
  get bytes(): number {
    let n = 0;
    for (const b of this.buffers) n += b.byteLength;
    return n;
  }
}
