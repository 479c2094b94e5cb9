/**
 * The visited-state store: 64-bit fingerprints in an open-addressing table on
 * typed arrays, plus, per state in discovery order, its parent's index and
 * the number of the step (in the parent's deterministic step order) that
 * first reached it, from which `trace.ts` rebuilds a path by re-execution.
 *
 * The table is split into 256 sub-tables chosen by the top 8 bits of the high
 * lane; each grows on its own, so growing never copies more than 1/256 of the
 * table at once (the transient memory of a resize stays small). Linear
 * probing, load kept under MAX_LOAD (0.8). The all-zero fingerprint marks an empty slot,
 * so fingerprints are normalised with `normLo` (a zero state gets lo = 1).
 *
 * Memory per state: 8 bytes / load in the table (10 to 20), 4 for the
 * parent index, 2 for the step number. An indexed store (for the partial-order
 * reduction's cycle proviso) also keeps each state's index in the table:
 * 12 bytes / load.
 */

const SUB_BITS = 8;
const SUBS = 1 << SUB_BITS;
/** Grow a sub-table past this load (linear probing stays short below it). */
const MAX_LOAD = 0.8;
const CHUNK_BITS = 20;
const CHUNK = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK - 1;
/** Largest step number a state can record (steps are numbered per state from 0). */
const MAX_STEP = 0xffff;

/** Fingerprint (hi, lo) = (0, 0) is reserved for empty slots; map it to (0, 1). */
export function normLo(hi: number, lo: number): number {
  return hi === 0 && lo === 0 ? 1 : lo;
}

export class StateStore {
  private readonly tables: Int32Array[] = [];
  private readonly masks = new Int32Array(SUBS);
  private readonly counts = new Int32Array(SUBS);
  private readonly limits = new Int32Array(SUBS);
  private readonly parents: Int32Array[] = [];
  private readonly steps: Uint16Array[] = [];
  /** When the search is split over workers: the worker holding each state's parent. */
  private readonly parentWorkers: Uint16Array[] | null;
  private n = 0;
  private tableBytes = 0;
  /** Ints per table slot: hi, lo and, when indexed, the state's index. */
  private readonly stride: number;

  constructor(initialSubCapacity = 1024, indexed = false, partitioned = false) {
    this.stride = indexed ? 3 : 2;
    this.parentWorkers = partitioned ? [] : null;
    for (let t = 0; t < SUBS; t++) {
      this.tables.push(new Int32Array(initialSubCapacity * this.stride));
      this.masks[t] = initialSubCapacity - 1;
      this.limits[t] = Math.floor(initialSubCapacity * MAX_LOAD);
    }
    this.tableBytes = SUBS * initialSubCapacity * this.stride * 4;
  }

  /** After an `insert` that found its state already stored: that state's index on an indexed store, else -1. */
  lastFound = -1;

  /** Whether `indexOf` works (the table keeps indexes). */
  get indexed(): boolean {
    return this.stride === 3;
  }

  /** Number of states stored. */
  get size(): number {
    return this.n;
  }

  /** Bytes held by the table and the per-state arrays. */
  get bytes(): number {
    return this.tableBytes + this.parents.length * CHUNK * (this.parentWorkers === null ? 6 : 8);
  }

  /**
   * Adds the state with fingerprint (hi, lo) (lo already normalised) unless it
   * is present. Returns its new index, or -1 when it was already there.
   * `worker`: on a partitioned store, the worker holding the parent.
   */
  insert(hi: number, lo: number, parent: number, step: number, worker = 0): number {
    const t = hi >>> (32 - SUB_BITS);
    const table = this.tables[t] as Int32Array;
    const mask = this.masks[t] as number;
    const stride = this.stride;
    let i = (lo & mask) * stride;
    const size = (mask + 1) * stride;
    for (;;) {
      const h = table[i] as number;
      const l = table[i + 1] as number;
      if (h === hi && l === lo) {
        this.lastFound = stride === 3 ? (table[i + 2] as number) : -1;
        return -1;
      }
      if (h === 0 && l === 0) break;
      i += stride;
      if (i === size) i = 0;
    }
    table[i] = hi;
    table[i + 1] = lo;
    const idx = this.append(parent, step, worker);
    if (stride === 3) table[i + 2] = idx;
    this.counts[t] = (this.counts[t] as number) + 1;
    if ((this.counts[t] as number) > (this.limits[t] as number)) this.growSub(t);
    return idx;
  }

  /** The index of the state with fingerprint (hi, lo), or -1; only on an indexed store. */
  indexOf(hi: number, lo: number): number {
    if (this.stride !== 3) throw new Error('indexOf needs an indexed store');
    const t = hi >>> (32 - SUB_BITS);
    const table = this.tables[t] as Int32Array;
    const mask = this.masks[t] as number;
    let i = (lo & mask) * 3;
    const size = (mask + 1) * 3;
    for (;;) {
      const h = table[i] as number;
      const l = table[i + 1] as number;
      if (h === hi && l === lo) return table[i + 2] as number;
      if (h === 0 && l === 0) return -1;
      i += 3;
      if (i === size) i = 0;
    }
  }

  /** Reads the home slot of (hi, lo), so that a later `insert` finds it in cache. */
  touch(hi: number, lo: number): number {
    const t = hi >>> (32 - SUB_BITS);
    return (this.tables[t] as Int32Array)[(lo & (this.masks[t] as number)) * this.stride] as number;
  }

  /**
   * Records a state whose fingerprint is kept elsewhere (a search whose
   * workers share one visited set, `parallel/shared-table.ts`): its parent and
   * step only. Returns its index.
   */
  appendRecord(parent: number, step: number, worker: number): number {
    return this.append(parent, step, worker);
  }

  private append(parent: number, step: number, worker: number): number {
    if (step > MAX_STEP) throw new RangeError(`a state has more than ${MAX_STEP} enabled steps; traces cannot record it`);
    const idx = this.n++;
    const c = idx >>> CHUNK_BITS;
    if (c === this.parents.length) {
      this.parents.push(new Int32Array(CHUNK));
      this.steps.push(new Uint16Array(CHUNK));
      this.parentWorkers?.push(new Uint16Array(CHUNK));
    }
    const o = idx & CHUNK_MASK;
    (this.parents[c] as Int32Array)[o] = parent;
    (this.steps[c] as Uint16Array)[o] = step;
    if (this.parentWorkers !== null) (this.parentWorkers[c] as Uint16Array)[o] = worker;
    return idx;
  }

  private growSub(t: number): void {
    const old = this.tables[t] as Int32Array;
    const stride = this.stride;
    const cap = (old.length / stride) * 2;
    const mask = cap - 1;
    const size = cap * stride;
    const table = new Int32Array(size);
    for (let j = 0; j < old.length; j += stride) {
      const hi = old[j] as number;
      const lo = old[j + 1] as number;
      if (hi === 0 && lo === 0) continue;
      let i = (lo & mask) * stride;
      while ((table[i] as number) !== 0 || (table[i + 1] as number) !== 0) {
        i += stride;
        if (i === size) i = 0;
      }
      table[i] = hi;
      table[i + 1] = lo;
      if (stride === 3) table[i + 2] = old[j + 2] as number;
    }
    this.tables[t] = table;
    this.masks[t] = mask;
    this.limits[t] = Math.floor(cap * MAX_LOAD);
    this.tableBytes += old.length * 4;
  }

  /**
   * The fingerprints of the states stored at indexes below `limit`, by index
   * (an indexed store only): what a checkpoint keeps of the table.
   */
  fingerprintsBelow(limit: number): { his: Int32Array; los: Int32Array } {
    if (this.stride !== 3) throw new Error('fingerprintsBelow needs an indexed store');
    const his = new Int32Array(limit);
    const los = new Int32Array(limit);
    for (const table of this.tables) {
      for (let j = 0; j < table.length; j += 3) {
        const idx = table[j + 2] as number;
        const hi = table[j] as number;
        const lo = table[j + 1] as number;
        if ((hi === 0 && lo === 0) || idx >= limit) continue;
        his[idx] = hi;
        los[idx] = lo;
      }
    }
    return { his, los };
  }

  /** The parents, steps and parents' workers of the states below `limit`, by index. */
  recordsBelow(limit: number): { parents: Int32Array; steps: Uint16Array; workers: Uint16Array } {
    const parents = new Int32Array(limit);
    const steps = new Uint16Array(limit);
    const workers = new Uint16Array(limit);
    for (let i = 0; i < limit; i++) {
      parents[i] = this.parentOf(i);
      steps[i] = this.stepOf(i);
      workers[i] = this.parentWorkerOf(i);
    }
    return { parents, steps, workers };
  }

  /** Index of the state's parent (-1 for an initial state). */
  parentOf(idx: number): number {
    return (this.parents[idx >>> CHUNK_BITS] as Int32Array)[idx & CHUNK_MASK] as number;
  }

  /** A partitioned store: the worker holding the state's parent (0 otherwise). */
  parentWorkerOf(idx: number): number {
    const pw = this.parentWorkers;
    return pw === null ? 0 : ((pw[idx >>> CHUNK_BITS] as Uint16Array)[idx & CHUNK_MASK] as number);
  }

  /** Records another parent and step for state `idx` (a partitioned search keeps the first in BFS order). */
  setParent(idx: number, parent: number, step: number, worker = 0): void {
    const c = idx >>> CHUNK_BITS;
    const o = idx & CHUNK_MASK;
    (this.parents[c] as Int32Array)[o] = parent;
    (this.steps[c] as Uint16Array)[o] = step;
    if (this.parentWorkers !== null) (this.parentWorkers[c] as Uint16Array)[o] = worker;
  }

  /** The number of the step (in its parent's step order) that first reached the state. */
  stepOf(idx: number): number {
    return (this.steps[idx >>> CHUNK_BITS] as Uint16Array)[idx & CHUNK_MASK] as number;
  }
}
