/**
 * A search worker: one thread of a breadth-first search split over workers
 * by fingerprint. Worker w owns the states whose fingerprint `ownerOf` maps
 * to w: it alone stores them (in its own `StateStore`), checks them and
 * expands them. A successor owned elsewhere is sent to its owner in a batch,
 * with the definitions of any ids the owner has not been told of
 * (`portable.ts`). Ports are read synchronously (`receiveMessageOnPort`), so
 * a worker never yields to its event loop while it searches.
 *
 * Levels are synchronous: every worker finishes expanding level d, and every
 * batch of level d is taken and handled, before anyone starts level d + 1.
 * The end of a level is detected without a coordinator: an idle worker
 * reads every worker's idle flag and its counts of batches sent and taken,
 * twice; when both readings agree, all are idle at level d and the counts
 * balance, nothing is in flight (Mattern's four-counter method).
 *
 * The counts equal a one-worker search's. Without the partial-order
 * reduction that is so because a state's successors do not depend on who
 * expands it. With it, the persistent subset chosen depends on the concrete
 * state kept for an orbit (with symmetry) and the cycle proviso on the order
 * of discovery (`search/common.ts`), so the workers rebuild the sequential
 * BFS order: each state of level d + 1 keeps the parent and step smallest in
 * (parent's rank in level d, step number), as a sequential BFS finds it
 * first, with the concrete state reached that way; at each level's end the
 * workers exchange their sorted keys and rank their states. The proviso of
 * a reduced expansion is then asked of each successor's owner (a query flag
 * on the record): "stored before this level, or in it at a rank not above
 * the parent's?", and an owner that says yes sends back a request to expand
 * the parent in full (`REC_FULL`), which the parent's worker does before the
 * level ends. Every decision is the sequential search's.
 */
import { closeSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { ActorModel } from '../actor-system/actor-model.js';
import type { InternerDictionary } from '../actor-system/interner.js';
import { ownerOfPart, type Partition } from '../actor-system/partition.js';
import { restoredSnapshot } from '../actor-system/step.js';
import { buildSpec } from '../registry.js';
import { finalTest } from '../check.js';
import { COUNT_ONLY } from '../search/common.js';
import { DEADLOCK, stopWordOf } from '../search/limits.js';
import { StateLevel, type SpillOptions } from '../state-queue.js';
import { StateStore } from '../state-store.js';
import type { SuccessorVisitor } from '../successors.js';
import { Announcer, Translator } from './portable.js';
import { SharedTable } from './shared-table.js';
import {
  CTL,
  REC_FULL,
  REC_MOVE,
  REC_STATE,
  STATE_HEADER,
  STOP_FAILED,
  STAT_WORDS,
  S_LEVEL,
  S_QUEUE,
  S_LEVEL_BYTES,
  S_STATES,
  S_TRANSITIONS,
  WORKER_WORDS,
  W_PASSIVE,
  W_RECV,
  W_SENT,
  W_HUNGRY,
  W_WAKE,
  checkpointFile,
  keyBefore,
  ownerOf,
  type Batch,
  type IdleNote,
  type LevelSummary,
  type OrdersAnswer,
  type ParentAnswer,
  type WorkerInit,
  type WorkerQuery,
  type WorkerResult,
} from './protocol.js';

/**
 * Successors sent to other workers, remembered (direct-mapped, by fingerprint)
 * so that a worker does not send the same state twice: a state has several
 * parents, and a worker often expands more than one of them. Used only
 * without the partial-order reduction: with it, a reduced expansion has
 * few successors, shares few with others, and the cache's misses cost more
 * than its hits save (measured on synod-m and mp-s, docs/benchmarks.md).
 */
const SENT_CACHE_BITS = 21;
/** Flush a destination's batch past this many ints. */
const FLUSH_INTS = 1 << 14;
/** With a shared table, levels whose shares differ by less than this many states are not evened. */
const MOVE_SLACK = 256;
/** Check the ports and the stop word every this many expansions. */
const POLL_EVERY = 256;
/**
 * With a shared table, a worker with at least GIVE_MIN states of its share
 * left hands half of them, at most GIVE_MAX at a time (one batch), to a
 * worker that ran out (`share`).
 */
const GIVE_MIN = 2 * POLL_EVERY;
const GIVE_MAX = 8192;
/**
 * Steps per state fit in 16 bits (`StateStore`), so a BFS-order key is
 * rank * 2^16 + the step's place among the steps offered (the persistent
 * subset first, then the rest: the order a sequential search stores them in).
 */
const STEP_SPAN = 65536;

interface Outbox {
  data: Int32Array;
  used: number;
  readonly announcer: Announcer;
}

class Stopped extends Error {}

function grownF64(a: Float64Array<ArrayBuffer>, need: number): Float64Array<ArrayBuffer> {
  if (need <= a.length) return a;
  const b = new Float64Array(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

export class SearchWorker implements SuccessorVisitor {
  private readonly model: ActorModel;
  private readonly store: StateStore;
  private readonly ctl: Int32Array;
  private readonly stats: Float64Array;
  private readonly w: number;
  private readonly workers: number;
  /** Rebuild the sequential BFS order (needed by the partial-order reduction). */
  private readonly ordered: boolean;
  /** Keep the concrete state of the first parent in BFS order (symmetry with POR). */
  private readonly replaceVectors: boolean;
  private readonly maxDepth: number;
  private readonly maxStates: number;
  /** Whether the workers detect a level's end themselves (else a coordinator does: `WorkerInit.barrier`). */
  private readonly sharedBarrier: boolean;
  /** The deadlock check's "this state is final" (undefined: no check). */
  private readonly isFinal: ((state: Int32Array) => boolean) | undefined;
  /** Deadlocked states of the level being expanded: index, order key (rank * STEP_SPAN; or fingerprint hi, lo). */
  private deadlocks: number[] = [];
  /** Who owns a state: its partition nodes' local states (`partition.ts`), or (null) its fingerprint. */
  private readonly partition: Partition | null;
  /**
   * The visited set every worker shares (threads, no BFS order needed), or
   * null: each worker then stores the states it owns. With it, a successor
   * is held by the worker that stores it first, and nothing crosses between
   * workers but the states moved at a level's start to even the load.
   */
  private readonly table: SharedTable | null;
  /** Each worker's share of the current level, as the last level's end told (shared table). */
  private levelCounts: number[] = [];
  /**
   * The states of the current level: positions below `own` are this
   * worker's, those from `own` on were moved to it. With a shared table it
   * expands positions [pos, expandCount), whose end moves down when it hands
   * the tail to a worker that ran out, and which starts again at `handedFrom`
   * when states are handed to it.
   */
  private expandCount = 0;
  private own = 0;
  private pos = 0;
  private handedFrom = -1;
  /** See GIVE_MIN; and the states this worker handed over so far. */
  private readonly shareMin: number;
  private handed = 0;
  /** How levels go to disk (shared table only), and the bytes of levels done with that went there. */
  private readonly levelSpill: SpillOptions | undefined;
  private readonly levelChunkBytes: number | undefined;
  private spilled = 0;
  /** For each state moved to this worker: the worker that holds it and its index there. */
  private movedFrom: number[] = [];
  private movedIndex: number[] = [];
  /** The worker holding the state being expanded (this one, unless it was moved here). */
  private parentWorker = 0;

  private level = -1;
  private levelStart = 0;
  private levelEnd = 0;
  private cur = new StateLevel();
  private rank = new Int32Array(0);
  private full = new Uint8Array(0);
  private next = new StateLevel();
  /**
   * The interner's `orderEpoch` when writing into the current and the next
   * level began: while it has not moved since, every vector of the level is
   * in message order and needs no sorting when read (-1: sort every one).
   */
  private curEpoch = -1;
  private nextEpoch = 0;
  private nextKey: Float64Array<ArrayBuffer> = new Float64Array(1024);
  /** Violating states stored in the next level: index, property, fingerprint. */
  private violations: number[] = [];
  private readonly outboxes: (Outbox | null)[];
  private readonly translators: (Translator | null)[];
  private transitions = 0;
  private depthCut = false;
  private peakLevelBytes = 0;

  private vec = new Int32Array(256);
  private restVec = new Int32Array(256);
  private tmp = new Int32Array(256);
  /** The state being expanded: its index and BFS rank. */
  private parentIndex = 0;
  private parentRank = 0;
  /** Set by `offer` for `accept`: where the successor goes. */
  private remote = -1;
  private newIndex = -1;
  private replacePos = -1;
  private found = -1;
  private offeredHi = 0;
  private offeredLo = 0;
  private offeredStep = 0;
  /** Offers made in the current expansion; the place of the last. */
  private offers = 0;
  private offeredPos = 0;
  /** Records sent during the current expansion: (destination, offset) pairs, to flag as proviso queries. */
  private sentNow: number[] = [];
  private readonly sentCache: Int32Array;
  /** Whether the sent cache is used (not with the partial-order reduction, see SENT_CACHE_BITS). */
  private useCache: boolean;

  constructor(
    init: WorkerInit,
    private readonly ports: readonly (MessagePort | null)[],
  ) {
    const spec = buildSpec(init.source);
    this.model = new ActorModel(spec, {
      faults: init.faults,
      ...(init.network !== undefined ? { network: init.network } : {}),
      ...(init.seed !== undefined ? { seed: init.seed } : {}),
      symmetry: init.symmetry,
      por: init.por,
    });
    this.ordered = this.model.por?.active === true;
    this.replaceVectors = this.ordered && this.model.symmetric;
    this.table = init.table !== undefined && !this.ordered && init.workers > 1 ? new SharedTable(init.table) : null;
    this.useCache = !this.ordered && this.table === null;
    this.shareMin = Math.max(2, init.shareMin ?? GIVE_MIN);
    // Levels read in order (a shared table) can go to disk while the coordinator says the process is over budget.
    this.levelSpill = this.table !== null ? { shouldSpill: () => Atomics.load(this.ctl, CTL.spill) === 1 } : undefined;
    this.levelChunkBytes = init.levelChunkBytes;
    this.next = new StateLevel(this.levelSpill, this.levelChunkBytes);
    this.sharedVisitor = this.table !== null ? this.makeSharedVisitor(this.table) : null;
    this.sentCache = new Int32Array(this.useCache ? 2 << SENT_CACHE_BITS : 0);
    // A checkpoint keeps the states stored before a level: it needs each state's index in the table.
    this.store = new StateStore(1024, this.ordered || init.checkpointDir !== undefined, true);
    this.ctl = new Int32Array(init.control);
    this.stats = new Float64Array(init.stats);
    this.w = init.worker;
    this.parentWorker = init.worker;
    this.workers = init.workers;
    this.maxDepth = init.maxDepth ?? Infinity;
    this.maxStates = init.maxStates ?? Infinity;
    this.sharedBarrier = init.barrier !== 'coordinator';
    this.partition = this.model.partition;
    this.isFinal = init.deadlock === true ? finalTest(spec, this.model) : undefined;
    this.checkpointDir = init.checkpointDir;
    this.resumeFile = init.resumeFile;
    this.outboxes = ports.map((p) => (p === null ? null : { data: new Int32Array(FLUSH_INTS * 2), used: 0, announcer: new Announcer(this.model) }));
    this.translators = ports.map((p) => (p === null ? null : new Translator(this.model)));
    this.early = ports.map(() => null);
  }

  // ---- The search ------------------------------------------------------------------------------

  run(): WorkerResult {
    try {
      if (this.resumeFile !== undefined) this.load(this.resumeFile);
      else {
        this.seed();
        const summary = this.endLevel();
        if (summary.violation) return this.result('violation');
        if (summary.total === 0) return this.result('ok');
        this.advance();
        this.rebalance();
      }
      for (;;) {
        if (this.checkpointDir !== undefined && Atomics.load(this.ctl, CTL.checkpointAt) === this.level) this.save();
        if (this.level >= this.maxDepth) {
          this.countCut();
          return this.result('depth');
        }
        this.expandLevel();
        while (!this.idle()) this.expandShare();
        const summary = this.endLevel();
        if (summary.violation) return this.result('violation');
        if (summary.total === 0) return this.result('ok');
        this.advance();
        this.rebalance();
      }
    } catch (e) {
      if (!(e instanceof Stopped)) throw e;
      // Everything up to the start of the level being expanded is kept; the level is expanded again on resume.
      if (this.checkpointDir !== undefined) this.save();
      return this.result('stopped');
    }
  }

  // ---- Checkpoints ---------------------------------------------------------------------------------

  /**
   * Writes this worker's part of a checkpoint at the start of the current
   * level: the states stored before it (fingerprints, parents, steps), the
   * level's states and ranks, the interner's ids, and the counts as they were
   * when the level began. A checkpoint taken mid-level drops what the level
   * had found so far. NOTE: that is up to one level of work redone on resume.
   */
  private save(): void {
    const dir = this.checkpointDir as string;
    const n = this.levelEnd;
    const { his, los } = this.store.fingerprintsBelow(n);
    const { parents, steps, workers } = this.store.recordsBelow(n);
    const m = this.cur.size;
    const lengths = new Int32Array(m);
    const v = new Int32Array(Math.max(256, this.cur.maxLength));
    let total = 0;
    for (let p = 0; p < m; p++) total += lengths[p] = this.cur.get(p, v);
    // One array for the level's vectors, back to back (no array per state: levels hold millions).
    const vectors = new Int32Array(total);
    for (let p = 0, at = 0; p < m; p++) {
      const len = this.cur.get(p, v);
      vectors.set(v.subarray(0, len), at);
      at += len;
    }
    const header = {
      level: this.level,
      levelStart: this.levelStart,
      levelEnd: this.levelEnd,
      levelTotal: this.levelTotal,
      counts: this.atLevelStart,
      dictionary: this.model.interner.exportDictionary(this.level),
    };
    const json = Buffer.from(JSON.stringify(header));
    const size = Buffer.alloc(4);
    size.writeUInt32LE(json.length);
    // Ranks exist only in an ordered search; zeros stand in otherwise, so the layout is one.
    const rank = this.ordered ? this.rank.subarray(0, m) : new Int32Array(m);
    const file = checkpointFile(dir, this.w, this.level);
    const fd = openSync(`${file}.tmp`, 'w');
    try {
      for (const a of [size, json, his, los, parents, steps, workers, rank, lengths, vectors]) {
        writeSync(fd, Buffer.isBuffer(a) ? a : Buffer.from(a.buffer, a.byteOffset, a.byteLength));
      }
    } finally {
      closeSync(fd);
    }
    renameSync(`${file}.tmp`, file);
    parentPort?.postMessage({ kind: 'checkpointed', worker: this.w, level: this.level, states: n });
  }

  /** Restores this worker from its part of a checkpoint (see `save`). */
  private load(file: string): void {
    const buf = readFileSync(file);
    const jsonLength = buf.readUInt32LE(0);
    const header = JSON.parse(buf.subarray(4, 4 + jsonLength).toString('utf8')) as {
      level: number;
      levelStart: number;
      levelEnd: number;
      levelTotal: number;
      counts: { transitions: number; reduced: number; full: number };
      dictionary: InternerDictionary;
    };
    const it = this.model.interner;
    it.importDictionary(header.dictionary, (slot, value, context) => restoredSnapshot(it.node(slot), value, context));
    let at = 4 + jsonLength;
    const take = <T>(make: (b: ArrayBuffer, o: number, n: number) => T, bytes: number, count: number): T => {
      const copy = buf.buffer.slice(buf.byteOffset + at, buf.byteOffset + at + bytes * count);
      at += bytes * count;
      return make(copy as ArrayBuffer, 0, count);
    };
    const n = header.levelEnd;
    const his = take((b, o, c) => new Int32Array(b, o, c), 4, n);
    const los = take((b, o, c) => new Int32Array(b, o, c), 4, n);
    const parents = take((b, o, c) => new Int32Array(b, o, c), 4, n);
    const steps = take((b, o, c) => new Uint16Array(b, o, c), 2, n);
    const workers = take((b, o, c) => new Uint16Array(b, o, c), 2, n);
    for (let i = 0; i < n; i++) {
      const idx = this.store.insert(his[i] as number, los[i] as number, parents[i] as number, steps[i] as number, workers[i] as number);
      if (idx !== i) throw new Error(`checkpoint ${file}: state ${i} came back as ${idx}`);
    }
    const m = n - header.levelStart;
    this.rank = take((b, o, c) => new Int32Array(b, o, c), 4, m);
    const lengths = take((b, o, c) => new Int32Array(b, o, c), 4, m);
    let total = 0;
    for (let p = 0; p < m; p++) total += lengths[p] as number;
    const vectors = take((b, o, c) => new Int32Array(b, o, c), 4, total);
    for (let p = 0, off = 0; p < m; p++) {
      const len = lengths[p] as number;
      this.cur.push(vectors.subarray(off, off + len), len);
      off += len;
    }
    this.level = header.level;
    this.levelStart = header.levelStart;
    this.levelEnd = header.levelEnd;
    this.levelTotal = header.levelTotal;
    this.full = new Uint8Array(this.ordered ? m : 0);
    this.transitions = header.counts.transitions;
    this.model.restoreReduction(header.counts.reduced, header.counts.full);
    this.atLevelStart = header.counts;
    this.model.beginLevel(this.level);
    this.publish(m);
  }

  /** Stores the initial states this worker owns, as the level after a virtual level -1. */
  private seed(): void {
    const fp = new Int32Array(2);
    this.model.initialStates().forEach((state, i) => {
      this.model.fingerprint(state, fp);
      const hi = fp[0] as number;
      const lo = fp[1] as number;
      if (this.table !== null) {
        // Shared table: the initial states start with worker 0 (the first level's end spreads them).
        if (this.w !== 0 || this.table.insert(hi, lo) !== 1) return;
        this.storeNext(this.store.appendRecord(-1, 0, this.w), state, state.length, i, hi, lo);
        return;
      }
      const owner = this.partition !== null ? ownerOfPart(this.partition.partOfState(state), this.workers) : ownerOf(hi, this.workers);
      if (owner !== this.w) return;
      const idx = this.store.insert(hi, lo, -1, 0, this.w);
      if (idx < 0) return;
      this.storeNext(idx, state, state.length, i, hi, lo);
    });
  }

  /** Keeps a new state of the next level: its vector, its BFS key, and whether it violates a property. */
  private storeNext(idx: number, v: Int32Array, len: number, key: number, hi: number, lo: number): void {
    const pos = this.next.push(v, len);
    if (pos !== idx - this.levelEnd) throw new Error('internal error: the next level lost count');
    if (this.ordered) {
      this.nextKey = grownF64(this.nextKey, pos + 1);
      this.nextKey[pos] = key;
    }
    const p = this.model.check(v);
    if (p >= 0) this.violations.push(idx, p, hi, lo);
  }

  /** Expands the level in BFS order (by rank), as a sequential search would: messages are created in that order. */
  private expandLevel(): void {
    if (this.table !== null) {
      this.expandShare();
      return;
    }
    const n = this.cur.size;
    const order = this.rankOrder();
    for (let q = 0; q < n; q++) {
      if ((q & (POLL_EVERY - 1)) === 0) this.poll(n - q);
      const p = order === null ? q : (order[q] as number);
      this.cur.get(p, this.vecFor());
      if (this.model.interner.orderEpoch !== this.curEpoch) this.model.network.resort(this.vec);
      this.parentIndex = this.levelStart + p;
      this.parentWorker = this.w;
      this.parentRank = this.ordered ? (this.rank[p] as number) : 0;
      this.model.beginState(this.parentRank);
      if (this.ordered) this.sentNow.length = 0;
      this.offers = 0;
      const steps = this.model.expand(this.vec, this);
      this.transitions += steps;
      if (steps === 0 && this.isFinal !== undefined && !this.isFinal(this.vec)) this.noteDeadlock();
      if (this.ordered) {
        if (this.model.lastReduced) this.flagQueries();
        else this.full[p] = 1;
      }
      this.flushFull();
    }
  }

  /**
   * With a shared table: expands positions [pos, expandCount) of the level
   * in storage order (no BFS order is needed). An expansion sends nothing to
   * other workers; between expansions `poll` may hand the tail to a worker
   * that ran out, which lowers `expandCount`.
   */
  private expandShare(): void {
    const visitor = this.sharedVisitor as SuccessorVisitor;
    while (this.pos < this.expandCount) {
      if ((this.pos & (POLL_EVERY - 1)) === 0) {
        // Positions below pos are not read again (handed ranges start above them): their chunks can go.
        this.cur.release(this.pos);
        this.poll(this.expandCount - this.pos);
      }
      const p = this.pos++;
      this.cur.get(p, this.vecFor());
      if (this.model.interner.orderEpoch !== this.curEpoch) this.model.network.resort(this.vec);
      this.parentIndex = this.indexAt(p);
      this.parentWorker = this.holderAt(p);
      this.model.beginState(0);
      const steps = this.model.expand(this.vec, visitor);
      this.transitions += steps;
      if (steps === 0 && this.isFinal !== undefined && !this.isFinal(this.vec)) this.noteDeadlock();
    }
  }

  /** The worker holding the state at position `p` of the current level (this one, unless it was moved here), and its index there. */
  private holderAt(p: number): number {
    return p < this.own ? this.w : (this.movedFrom[p - this.own] as number);
  }

  private indexAt(p: number): number {
    return p < this.own ? this.levelStart + p : (this.movedIndex[p - this.own] as number);
  }

  /**
   * With a shared table, between expansions: if a worker ran out of states
   * (its hungry word is 1) and enough of this worker's share is left, claims
   * that worker's request and hands it the last half (at most GIVE_MAX), in
   * one batch, so that no worker waits at the level's end while another
   * still has much to expand.
   */
  private share(): void {
    const left = this.expandCount - this.pos;
    if (left < this.shareMin) return;
    for (let d = 0; d < this.workers; d++) {
      if (d === this.w) continue;
      const hungry = this.word(d, W_HUNGRY);
      if (Atomics.load(this.ctl, hungry) !== 1 || Atomics.compareExchange(this.ctl, hungry, 1, 0) !== 1) continue;
      const k = Math.min(left >>> 1, GIVE_MAX);
      this.expandCount -= k;
      this.sendMoves(d, this.expandCount, k, false);
      this.flush(d);
      this.handed += k;
      return;
    }
  }

  /** The state being expanded has no step and is not final: a deadlock, reported as a sequential BFS would. */
  private noteDeadlock(): void {
    if (this.ordered) {
      // Found while expanding the state of this rank: after the successors of lower ranks, before those of higher.
      this.deadlocks.push(this.parentIndex, this.parentRank * STEP_SPAN, 0, this.w);
      return;
    }
    const fp = new Int32Array(2);
    this.model.fingerprint(this.vec, fp);
    this.deadlocks.push(this.parentIndex, (fp[0] as number) >>> 0, (fp[1] as number) >>> 0, this.parentWorker);
  }

  /** The level's positions by rank (null when unordered: storage order). */
  private rankOrder(): Int32Array | null {
    if (!this.ordered) return null;
    const n = this.cur.size;
    const slots = new Int32Array(this.levelTotal).fill(-1);
    for (let p = 0; p < n; p++) slots[this.rank[p] as number] = p;
    const order = new Int32Array(n);
    let q = 0;
    for (let r = 0; r < slots.length; r++) if ((slots[r] as number) >= 0) order[q++] = slots[r] as number;
    return order;
  }

  /** The number of states in the current level, over every worker. */
  private levelTotal = 0;

  /** The expansion buffer, long enough for any state of the level and any successor built so far. */
  private vecFor(): Int32Array {
    const need = Math.max(this.model.capacity, this.cur.maxLength);
    if (this.vec.length < need) this.vec = new Int32Array(need * 2);
    return this.vec;
  }

  /** A reduced expansion: every successor another worker holds asks its owner the cycle proviso. */
  private flagQueries(): void {
    const s = this.sentNow;
    for (let i = 0; i < s.length; i += 2) ((this.outboxes[s[i] as number] as Outbox).data as Int32Array)[(s[i + 1] as number) + 7] = 1;
  }

  /** Between expansions: the stop word, incoming batches, progress, --max-states. */
  private poll(remaining: number): void {
    if (Atomics.load(this.ctl, CTL.stop) !== 0) throw new Stopped();
    this.table?.publish();
    this.joinGrowth();
    this.drain();
    if (this.table !== null) this.share();
    this.publish(remaining);
    if (this.maxStates !== Infinity) {
      let states = 0;
      for (let w = 0; w < this.workers; w++) states += this.stats[w * STAT_WORDS + S_STATES] as number;
      if (states >= this.maxStates) {
        Atomics.compareExchange(this.ctl, CTL.stop, 0, stopWordOf('max-states'));
        throw new Stopped();
      }
    }
  }

  private publish(remaining: number): void {
    const o = this.w * STAT_WORDS;
    this.stats[o + S_STATES] = this.store.size;
    this.stats[o + S_TRANSITIONS] = this.transitions;
    this.stats[o + S_LEVEL] = this.level;
    this.stats[o + S_QUEUE] = remaining + this.next.size;
    this.stats[o + S_LEVEL_BYTES] = this.cur.chunkBytes + this.next.chunkBytes;
  }

  // ---- The visitor: successors of the state being expanded --------------------------------------

  /** XOR of touched slots, kept so the loads are not optimised away. */
  sink = 0;

  /**
   * Reads the home slot of a successor before the offers (as the sequential
   * search does), so the table's cache misses overlap instead of coming one
   * by one. A successor another worker owns is touched too: it is rare under
   * a partition, and telling needs the step.
   */
  touch(hi: number, lo: number): void {
    this.sink ^= this.store.touch(hi, lo);
  }

  /**
   * The visitor of an expansion with a shared table: small, so that the
   * expander's calls to it are inlined (the worker's own `offer` serves the
   * partitioned search, and is not).
   */
  private readonly sharedVisitor: SuccessorVisitor | null;

  private makeSharedVisitor(table: SharedTable): SuccessorVisitor {
    let hi = 0;
    let lo = 0;
    let index = -1;
    let sink = 0;
    return {
      touch: (h: number, l: number): void => {
        sink ^= table.touch(h, l);
      },
      offer: (h: number, l: number, step: number): boolean => {
        let r = table.insert(h, l);
        // Its sub-table is full: every worker pauses while it grows, and the insertion is tried again.
        while (r === -1) {
          this.askGrowth(true);
          r = table.insert(h, l);
        }
        if (r === 0) return false;
        if (table.growthDue) this.askGrowth(table.mustGrow);
        hi = h;
        lo = l;
        index = this.store.appendRecord(this.parentIndex, step, this.parentWorker);
        return true;
      },
      accept: (succ: Int32Array, len: number): void => this.storeNext(index, succ, len, 0, hi, lo),
    };
  }

  offer(hi: number, lo: number, step: number): boolean {
    const owner = this.workers === 1 ? 0 : this.partition !== null ? ownerOfPart(this.model.partOf(step, this.partition), this.workers) : ownerOf(hi, this.workers);
    this.offeredHi = hi;
    this.offeredLo = lo;
    this.offeredStep = step;
    this.offeredPos = this.offers++;
    if (owner !== this.w) {
      if (this.useCache) {
        // Without the partial-order reduction a state sent before need not be sent again.
        const c = (lo & ((1 << SENT_CACHE_BITS) - 1)) << 1;
        const cache = this.sentCache;
        if (cache[c] === hi && cache[c + 1] === lo) return false;
        cache[c] = hi;
        cache[c + 1] = lo;
      }
      this.remote = owner;
      return true;
    }
    this.remote = -1;
    const idx = this.store.insert(hi, lo, this.parentIndex, step, this.w);
    if (idx >= 0) {
      this.newIndex = idx;
      return true;
    }
    this.newIndex = -1;
    const found = this.store.lastFound;
    this.found = found;
    if (this.ordered && found >= this.levelEnd) {
      const pos = found - this.levelEnd;
      const key = this.parentRank * STEP_SPAN + this.offeredPos;
      if (key < (this.nextKey[pos] as number)) {
        this.nextKey[pos] = key;
        this.store.setParent(found, this.parentIndex, step, this.w);
        if (this.replaceVectors) {
          this.replacePos = pos;
          return true;
        }
      }
    }
    return false;
  }

  closesCycle(): boolean {
    return this.storedNotAfter(this.found, this.parentRank);
  }

  /** The proviso's question: is state `found` stored before this level, or in it at a rank not above `rank`? */
  private storedNotAfter(found: number, rank: number): boolean {
    if (found < 0) return true;
    if (found < this.levelStart) return true;
    if (found < this.levelEnd) return (this.rank[found - this.levelStart] as number) <= rank;
    return false;
  }

  accept(succ: Int32Array, len: number): void {
    if (this.remote >= 0) {
      const d = this.remote;
      const box = this.outboxes[d] as Outbox;
      box.announcer.announce(succ, len);
      const at = this.reserve(box, STATE_HEADER + len);
      const data = box.data;
      data[at] = REC_STATE;
      data[at + 1] = this.offeredHi;
      data[at + 2] = this.offeredLo;
      data[at + 3] = this.parentIndex;
      data[at + 4] = this.offeredStep;
      data[at + 5] = this.parentRank;
      data[at + 6] = this.offeredPos;
      data[at + 7] = 0;
      data[at + 8] = len;
      data.set(succ.subarray(0, len), at + STATE_HEADER);
      if (this.ordered) this.sentNow.push(d, at);
      return;
    }
    if (this.replacePos >= 0) {
      this.next.replace(this.replacePos, succ, len);
      this.replacePos = -1;
      return;
    }
    this.storeNext(this.newIndex, succ, len, this.parentRank * STEP_SPAN + this.offeredPos, this.offeredHi, this.offeredLo);
  }

  // ---- Batches -------------------------------------------------------------------------------------

  private reserve(box: Outbox, ints: number): number {
    if (box.used + ints > box.data.length) {
      const d = new Int32Array(Math.max(box.data.length * 2, box.used + ints));
      d.set(box.data.subarray(0, box.used));
      box.data = d;
    }
    const at = box.used;
    box.used += ints;
    return at;
  }

  private flushFull(): void {
    for (let d = 0; d < this.workers; d++) {
      const box = this.outboxes[d];
      if (box !== null && box !== undefined && box.used >= FLUSH_INTS) this.flush(d);
    }
  }

  private flushAll(): void {
    for (let d = 0; d < this.workers; d++) {
      const box = this.outboxes[d];
      if (box !== null && box !== undefined && (box.used > 0 || box.announcer.pending.length > 0)) this.flush(d);
    }
  }

  private flush(d: number): void {
    const box = this.outboxes[d] as Outbox;
    const batch: Batch = { kind: 'batch', defs: box.announcer.take(), data: box.data, used: box.used };
    Atomics.add(this.ctl, this.word(this.w, W_SENT), 1);
    (this.ports[d] as MessagePort).postMessage(batch, [box.data.buffer as ArrayBuffer]);
    this.wake(d);
    box.data = new Int32Array(FLUSH_INTS * 2);
    box.used = 0;
  }

  private wake(d: number): void {
    Atomics.add(this.ctl, this.word(d, W_WAKE), 1);
    Atomics.notify(this.ctl, this.word(d, W_WAKE));
  }

  private word(worker: number, field: number): number {
    return CTL.perWorker + worker * WORKER_WORDS + field;
  }

  /** Takes and handles every batch waiting on the ports; returns whether there was any. */
  private drain(): boolean {
    let any = false;
    for (let j = 0; j < this.workers; j++) {
      const port = this.ports[j];
      if (port === null || port === undefined) continue;
      if (this.early[j] !== null) continue;
      for (;;) {
        const got = receiveMessageOnPort(port);
        if (got === undefined) break;
        const message = got.message as Batch | LevelSummary;
        if (message.kind === 'level') {
          // Worker j saw the level end before this one did: keep its summary for `endLevel`, and read
          // nothing more from j until then (what follows belongs to the next level).
          this.early[j] = message;
          break;
        }
        Atomics.add(this.ctl, this.word(this.w, W_RECV), 1);
        any = true;
        this.handle(j, message);
      }
    }
    return any;
  }

  private handle(from: number, batch: Batch): void {
    if (batch.kind !== 'batch') throw new Error(`internal error: worker ${this.w} got a ${String((batch as { kind?: unknown }).kind)} in the middle of a level`);
    const tr = this.translators[from] as Translator;
    tr.define(batch.defs);
    const data = batch.data;
    let at = 0;
    while (at < batch.used) {
      const tag = data[at] as number;
      if (tag === REC_MOVE) {
        const len = data[at + 3] as number;
        if (this.tmp.length < len) this.tmp = new Int32Array(len * 2);
        tr.translate(data, at + 4, len, this.tmp);
        if (this.handedFrom < 0) this.handedFrom = this.cur.size;
        this.cur.push(this.tmp, len);
        this.movedFrom.push(data[at + 2] as number);
        this.movedIndex.push(data[at + 1] as number);
        at += 4 + len;
        continue;
      }
      if (tag === REC_FULL) {
        this.expandRest(data[at + 1] as number);
        at += 2;
        continue;
      }
      const hi = data[at + 1] as number;
      const lo = data[at + 2] as number;
      const parent = data[at + 3] as number;
      const step = data[at + 4] as number;
      const rank = data[at + 5] as number;
      const pos = data[at + 6] as number;
      const query = data[at + 7] as number;
      const len = data[at + 8] as number;
      const off = at + STATE_HEADER;
      at = off + len;
      const idx = this.store.insert(hi, lo, parent, step, from);
      if (idx >= 0) {
        if (this.tmp.length < len) this.tmp = new Int32Array(len * 2);
        tr.translate(data, off, len, this.tmp);
        this.storeNext(idx, this.tmp, len, rank * STEP_SPAN + pos, hi, lo);
        continue;
      }
      const found = this.store.lastFound;
      if (query === 1 && this.storedNotAfter(found, rank)) this.requestFull(from, parent);
      if (this.ordered && found >= this.levelEnd) {
        const slot = found - this.levelEnd;
        const key = rank * STEP_SPAN + pos;
        if (key < (this.nextKey[slot] as number)) {
          this.nextKey[slot] = key;
          this.store.setParent(found, parent, step, from);
          if (this.replaceVectors) {
            if (this.tmp.length < len) this.tmp = new Int32Array(len * 2);
            tr.translate(data, off, len, this.tmp);
            this.next.replace(slot, this.tmp, len);
          }
        }
      }
    }
  }

  /** Asks worker `to` to expand its state `index` in full. */
  private requestFull(to: number, index: number): void {
    const box = this.outboxes[to] as Outbox;
    const r = this.reserve(box, 2);
    box.data[r] = REC_FULL;
    box.data[r + 1] = index;
  }

  /** The cycle proviso said a reduced expansion of state `index` (of this level) must take all its steps. */
  private expandRest(index: number): void {
    const p = index - this.levelStart;
    if (p < 0 || p >= this.cur.size) throw new Error(`internal error: a full expansion of state ${index}, outside the level`);
    if (this.full[p] === 1) return;
    this.full[p] = 1;
    // The visitor's fields belong to the expansion in progress, if any: save and restore them.
    const savedIndex = this.parentIndex;
    const savedRank = this.parentRank;
    const savedSent = this.sentNow;
    const need = Math.max(this.model.capacity, this.cur.maxLength);
    if (this.restVec.length < need) this.restVec = new Int32Array(need * 2);
    this.cur.get(p, this.restVec);
    this.model.network.resort(this.restVec);
    this.parentIndex = index;
    this.parentRank = this.rank[p] as number;
    this.model.beginState(this.parentRank);
    this.sentNow = [];
    const savedOffers = this.offers;
    // The rest of the steps come after the persistent subset, as in a sequential search.
    this.offers = this.model.persistentSize(this.restVec);
    this.transitions += this.model.expandRest(this.restVec, this);
    this.offers = savedOffers;
    this.parentIndex = savedIndex;
    this.parentRank = savedRank;
    this.sentNow = savedSent;
  }

  // ---- The end of a level ----------------------------------------------------------------------------

  /**
   * Idle until every worker is idle at this level with nothing in flight
   * (returns true), or, with a shared table, until another worker hands this
   * one part of its share (returns false: expand it, then come back).
   */
  private idle(): boolean {
    this.table?.publish();
    const passive = this.word(this.w, W_PASSIVE);
    const wake = this.word(this.w, W_WAKE);
    const hungry = this.word(this.w, W_HUNGRY);
    if (!this.sharedBarrier) {
      this.flushAll();
      parentPort?.postMessage({ kind: 'idle', level: this.level } satisfies IdleNote);
    }
    // Asked once per wait: a worker that claims the request (share) sends one batch, taken below.
    if (this.table !== null) Atomics.store(this.ctl, hungry, 1);
    for (;;) {
      this.flushAll();
      Atomics.store(this.ctl, passive, this.level);
      if (Atomics.load(this.ctl, CTL.stop) !== 0) throw new Stopped();
      if (Atomics.load(this.ctl, CTL.levelsDone) > this.level) break;
      if (this.joinGrowth()) continue;
      const seen = Atomics.load(this.ctl, wake);
      Atomics.store(this.ctl, passive, -1);
      if (this.drain()) {
        this.flushAll();
        if (this.handedFrom >= 0) {
          // States handed over: expand them. (The giver cleared the request when it claimed it.)
          this.pos = this.handedFrom;
          this.expandCount = this.cur.size;
          this.handedFrom = -1;
          return false;
        }
        continue;
      }
      Atomics.store(this.ctl, passive, this.level);
      if (this.sharedBarrier && this.levelOver()) {
        Atomics.compareExchange(this.ctl, CTL.levelsDone, this.level, this.level + 1);
        for (let d = 0; d < this.workers; d++) this.wake(d);
        break;
      }
      Atomics.wait(this.ctl, wake, seen, 2);
    }
    Atomics.store(this.ctl, passive, -1);
    Atomics.store(this.ctl, hungry, 0);
    return true;
  }

  /** Two readings of every worker's idle level and counts: equal, all idle at this level, sent = taken. */
  private levelOver(): boolean {
    const W = this.workers;
    const sent: number[] = [];
    const recv: number[] = [];
    let s = 0;
    let r = 0;
    for (let i = 0; i < W; i++) {
      if (Atomics.load(this.ctl, this.word(i, W_PASSIVE)) !== this.level) return false;
      sent.push(Atomics.load(this.ctl, this.word(i, W_SENT)));
      recv.push(Atomics.load(this.ctl, this.word(i, W_RECV)));
      s += sent[i] as number;
      r += recv[i] as number;
    }
    if (s !== r) return false;
    for (let i = 0; i < W; i++) {
      if (Atomics.load(this.ctl, this.word(i, W_PASSIVE)) !== this.level) return false;
      if (Atomics.load(this.ctl, this.word(i, W_SENT)) !== sent[i]) return false;
      if (Atomics.load(this.ctl, this.word(i, W_RECV)) !== recv[i]) return false;
    }
    return true;
  }

  /**
   * Tells every other worker what it holds of the next level and hears theirs
   * (a barrier); in an ordered search, ranks its next-level states.
   */
  private endLevel(): { total: number; violation: boolean } {
    const m = this.next.size;
    // Sorted in shared memory, which the other workers read as it is (no copy each).
    let keys: Float64Array | null = null;
    if (this.ordered) {
      keys = new Float64Array(new SharedArrayBuffer(Math.max(8, m * 8)), 0, m);
      keys.set(this.nextKey.subarray(0, m));
      keys.sort();
    }
    const it = this.model.interner;
    const created = it.takeCreated();
    const orders = new Float64Array(created.length * 4);
    created.forEach((id, i) => orders.set(it.orderOf(id), i * 4));
    const mine: LevelSummary = { kind: 'level', level: this.level, count: m, keys, violation: this.violations.length > 0 || this.deadlocks.length > 0, orders };
    for (let d = 0; d < this.workers; d++) {
      const port = this.ports[d];
      if (port === null || port === undefined) continue;
      port.postMessage(mine);
      this.wake(d);
    }
    const theirs: (LevelSummary | null)[] = this.early;
    this.early = this.ports.map(() => null);
    const wake = this.word(this.w, W_WAKE);
    let missing = this.workers - 1 - theirs.filter((t) => t !== null).length;
    while (missing > 0) {
      this.joinGrowth();
      const stopping = Atomics.load(this.ctl, CTL.stop) !== 0;
      const seen = Atomics.load(this.ctl, wake);
      for (let j = 0; j < this.workers; j++) {
        const port = this.ports[j];
        if (port === null || port === undefined || theirs[j] !== null) continue;
        const got = receiveMessageOnPort(port);
        if (got === undefined) continue;
        const summary = got.message as LevelSummary;
        if (summary.kind !== 'level' || summary.level !== this.level) throw new Error(`internal error: worker ${this.w} expected the end of level ${this.level} from worker ${j}`);
        theirs[j] = summary;
        missing--;
      }
      // Stopped: if every summary is here, another worker may have begun the next level already, so finish the
      // barrier and stop at the start of the next level, as it will; if one is missing, no one has.
      if (missing > 0 && stopping) throw new Stopped();
      if (missing > 0) Atomics.wait(this.ctl, wake, seen, 2);
    }
    let total = m;
    let violation = mine.violation;
    let reordered = false;
    this.levelCounts = theirs.map((t, j) => (j === this.w ? m : (t?.count ?? 0)));
    for (const t of theirs) {
      if (t === null) continue;
      total += t.count;
      violation ||= t.violation;
      const o = t.orders;
      for (let i = 0; i < o.length; i += 4) {
        if (it.hearOrder(o[i] as number, o[i + 1] as number, o[i + 2] as number, o[i + 3] as number)) reordered = true;
      }
    }
    // Messages first sent in this level now have their order over every worker: runs sorted by a
    // provisional order are sorted again (vectors are sorted when read).
    if (reordered) this.model.memo.resortRuns();
    this.nextTotal = total;
    if (keys !== null) this.rankNext(keys, theirs);
    return { total, violation };
  }

  /** Each next-level state's rank: its key's position among every worker's keys. */
  private rankNext(own: Float64Array, theirs: readonly (LevelSummary | null)[]): void {
    const m = own.length;
    const others = theirs.filter((t): t is LevelSummary => t !== null).map((t) => t.keys as Float64Array);
    const at = new Int32Array(others.length);
    const rankOfSorted = new Int32Array(m);
    for (let i = 0; i < m; i++) {
      const k = own[i] as number;
      let r = i;
      for (let j = 0; j < others.length; j++) {
        const o = others[j] as Float64Array;
        let p = at[j] as number;
        while (p < o.length && (o[p] as number) < k) p++;
        at[j] = p;
        r += p;
      }
      rankOfSorted[i] = r;
    }
    const rank = new Int32Array(m);
    for (let pos = 0; pos < m; pos++) {
      const k = this.nextKey[pos] as number;
      let lo = 0;
      let hi = m - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((own[mid] as number) < k) lo = mid + 1;
        else hi = mid;
      }
      rank[pos] = rankOfSorted[lo] as number;
    }
    this.nextRank = rank;
  }

  private nextRank = new Int32Array(0);
  /** Level summaries taken from a port before this worker reached the level's end (see `drain`). */
  private early: (LevelSummary | null)[];
  private nextTotal = 0;
  /** The counts when the current level began (what a checkpoint records). */
  private atLevelStart = { transitions: 0, reduced: 0, full: 0 };
  /** Where checkpoints go (unset: none), and the file to resume from. */
  private readonly checkpointDir: string | undefined;
  private readonly resumeFile: string | undefined;

  /** The next level becomes the current one. */
  private advance(): void {
    const bytes = this.cur.bytes + this.next.bytes;
    if (bytes > this.peakLevelBytes) this.peakLevelBytes = bytes;
    const done = this.cur;
    this.cur = this.next;
    this.next = new StateLevel(this.levelSpill, this.levelChunkBytes);
    this.spilled += done.spilledBytes;
    done.close();
    this.curEpoch = this.nextEpoch;
    this.nextEpoch = this.model.interner.orderEpoch;
    this.rank = this.nextRank;
    this.nextRank = new Int32Array(0);
    this.full = new Uint8Array(this.ordered ? this.cur.size : 0);
    this.nextKey = new Float64Array(1024);
    this.violations = [];
    this.deadlocks = [];
    this.levelStart = this.levelEnd;
    this.levelEnd = this.store.size;
    this.levelTotal = this.nextTotal;
    this.level++;
    this.model.beginLevel(this.level);
    this.atLevelStart = { transitions: this.transitions, reduced: this.model.reduction.reduced, full: this.model.reduction.full };
    this.publish(this.cur.size);
  }

  /**
   * With a shared table: evens the workers' shares of the level about to be
   * expanded. Every worker computes the same plan from the counts the level's
   * end told; a worker over its share sends its last states (vectors, with
   * their index here) to workers under theirs, which expand them after their
   * own. A state stays recorded (parent, step) with the worker that stored it.
   */
  private rebalance(): void {
    this.own = this.cur.size;
    this.expandCount = this.cur.size;
    this.pos = 0;
    this.handedFrom = -1;
    this.movedFrom = [];
    this.movedIndex = [];
    if (this.table === null) return;
    const W = this.workers;
    const counts = this.levelCounts;
    let total = 0;
    for (const c of counts) total += c;
    const surplus = counts.map((c, i) => c - (Math.floor(total / W) + (i < total % W ? 1 : 0)));
    // Small differences are left: moving a state costs about as much as expanding it.
    const slack = Math.max(MOVE_SLACK, Math.floor(total / W / 64));
    if (surplus.every((x) => Math.abs(x) <= slack)) return;
    const need = surplus.map((x) => (x < 0 ? -x : 0));
    let r = 0;
    let expected = 0;
    for (let d = 0; d < W; d++) {
      let give = surplus[d] as number;
      let from = (counts[d] as number) - Math.max(0, give);
      // A giver keeps the given states at their positions (below `own`) and does not expand them.
      if (d === this.w && give > 0) this.expandCount = from;
      while (give > 0) {
        while ((need[r] as number) === 0) r++;
        const k = Math.min(give, need[r] as number);
        if (d === this.w) this.sendMoves(r, from, k, true);
        if (r === this.w) expected += k;
        give -= k;
        from += k;
        need[r] = (need[r] as number) - k;
      }
    }
    this.flushAll();
    if (expected === 0) return;
    const wake = this.word(this.w, W_WAKE);
    while (this.movedFrom.length < expected) {
      if (Atomics.load(this.ctl, CTL.stop) !== 0) throw new Stopped();
      this.joinGrowth();
      const seen = Atomics.load(this.ctl, wake);
      if (!this.drain()) Atomics.wait(this.ctl, wake, seen, 2);
    }
    this.flushAll();
    this.expandCount = this.cur.size;
    this.handedFrom = -1;
  }

  /**
   * Sends `count` states of the current level, from position `from`, to
   * worker `to`, each with the worker holding it and its index there; in
   * batches of FLUSH_INTS when `split`, else in the outbox's one batch.
   */
  private sendMoves(to: number, from: number, count: number, split: boolean): void {
    const box = this.outboxes[to] as Outbox;
    const v = this.vecFor();
    for (let p = from; p < from + count; p++) {
      const len = this.cur.get(p, v);
      box.announcer.announce(v, len);
      const at = this.reserve(box, 4 + len);
      box.data[at] = REC_MOVE;
      box.data[at + 1] = this.indexAt(p);
      box.data[at + 2] = this.holderAt(p);
      box.data[at + 3] = len;
      box.data.set(v.subarray(0, len), at + 4);
      if (split && box.used >= FLUSH_INTS) this.flush(to);
    }
  }

  /** A shared sub-table passed its load: ask every worker to pause for growth, or (past the hard load) pause now. */
  private askGrowth(now: boolean): void {
    Atomics.store(this.ctl, CTL.growReq, 1);
    if (now) this.pauseForGrowth();
  }

  /** Pauses for growth if a worker asked; returns whether it did. */
  private joinGrowth(): boolean {
    if (this.table === null || Atomics.load(this.ctl, CTL.growReq) === 0) return false;
    this.pauseForGrowth();
    return true;
  }

  /**
   * Every worker stops inserting, each grows its share of the sub-tables past
   * their load, and all view the grown buffers before going on. A sub-table at
   * its largest stops the search (max-memory): the visited set cannot grow.
   */
  private pauseForGrowth(): void {
    const table = this.table as SharedTable;
    table.publish();
    this.barrier(null);
    const grown = table.growShare(this.w, this.workers);
    if (!grown) Atomics.compareExchange(this.ctl, CTL.stop, 0, stopWordOf('max-memory'));
    // The last to arrive clears the request while every worker is still inside: none can ask again before.
    this.barrier(() => Atomics.store(this.ctl, CTL.growReq, 0));
    table.refresh();
    if (Atomics.load(this.ctl, CTL.stop) !== 0) throw new Stopped();
  }

  /** Waits until every worker has arrived; the last to arrive runs `last` before letting them go. */
  private barrier(last: (() => void) | null): void {
    const gen = Atomics.load(this.ctl, CTL.barGen);
    if (Atomics.add(this.ctl, CTL.barCount, 1) === this.workers - 1) {
      last?.();
      Atomics.store(this.ctl, CTL.barCount, 0);
      Atomics.add(this.ctl, CTL.barGen, 1);
      Atomics.notify(this.ctl, CTL.barGen);
      return;
    }
    while (Atomics.load(this.ctl, CTL.barGen) === gen) {
      if (Atomics.load(this.ctl, CTL.stop) !== 0) throw new Stopped();
      Atomics.wait(this.ctl, CTL.barGen, gen, 5);
    }
  }

  /** At --max-depth: whether some state of this level has a step (the cut lost states). */
  private countCut(): void {
    for (let p = 0; p < this.cur.size && !this.depthCut; p++) {
      this.cur.get(p, this.vecFor());
      this.model.network.resort(this.vec);
      if (this.model.expand(this.vec, COUNT_ONLY) > 0) this.depthCut = true;
    }
  }

  private result(status: WorkerResult['status']): WorkerResult {
    // The levels' files on disk go now (the search is over; parent questions need only the store).
    this.cur.close();
    this.next.close();
    this.publish(0);
    let violation: WorkerResult['violation'] = null;
    if (status === 'violation') {
      const v = this.violations;
      for (let i = 0; i < v.length; i += 4) {
        const idx = v[i] as number;
        const key = this.ordered ? [this.nextKey[idx - this.levelEnd] as number] : [(v[i + 2] as number) >>> 0, (v[i + 3] as number) >>> 0];
        if (violation === null || keyBefore(key, violation.key)) violation = { index: idx, property: v[i + 1] as number, key, depth: this.level + 1 };
      }
      const d = this.deadlocks;
      for (let i = 0; i < d.length; i += 4) {
        const key = this.ordered ? [d[i + 1] as number] : [d[i + 1] as number, d[i + 2] as number];
        if (violation === null || keyBefore(key, violation.key)) violation = { index: d[i] as number, property: DEADLOCK, key, depth: this.level, holder: d[i + 3] as number };
      }
    }
    const memo = this.model.memo;
    const red = this.model.reduction;
    return {
      kind: 'result',
      worker: this.w,
      status,
      states: this.store.size,
      transitions: this.transitions,
      depth: status === 'violation' ? this.level + 1 : this.level,
      depthCut: this.depthCut,
      violation,
      handed: this.handed,
      spilledBytes: this.spilled + this.cur.spilledBytes + this.next.spilledBytes,
      memoLookups: memo.lookups,
      memoMisses: memo.misses,
      localStates: this.model.interner.localCount,
      messages: this.model.interner.messageCount,
      learned: this.model.adversary.learnedIds.size,
      reduced: red.reduced,
      full: red.full,
      storeBytes: this.store.bytes + (this.table !== null && this.w === 0 ? this.table.bytes : 0),
      frontierBytes: Math.max(this.peakLevelBytes, this.cur.bytes + this.next.bytes),
    };
  }

  /** Every message's order of creation, as [hi, lo, a, b] runs (for the coordinator's trace replay). */
  orders(): Float64Array {
    const it = this.model.interner;
    const out = new Float64Array(it.messageCount * 4);
    for (let id = 0; id < it.messageCount; id++) out.set(it.orderOf(id), id * 4);
    return out;
  }

  /** The answer to the coordinator's question about a stored state's parent. */
  parent(index: number): ParentAnswer {
    return { kind: 'parent', index, parentWorker: this.store.parentWorkerOf(index), parentIndex: this.store.parentOf(index), step: this.store.stepOf(index) };
  }
}

// ---- The thread --------------------------------------------------------------------------------------

if (parentPort !== null && (workerData as { agoraSearch?: boolean } | undefined)?.agoraSearch === true) {
  const port = parentPort;
  const { init, ports } = workerData as { init: WorkerInit; ports: (MessagePort | null)[] };
  let worker: SearchWorker;
  try {
    worker = new SearchWorker(init, ports);
    port.postMessage(worker.run());
  } catch (e) {
    // Tell the others to stop: a worker that failed leaves the search incomplete.
    Atomics.store(new Int32Array(init.control), CTL.stop, STOP_FAILED);
    throw e;
  }
  port.on('message', (q: WorkerQuery) => {
    if (q.kind === 'parent') port.postMessage(worker.parent(q.index));
    else if (q.kind === 'orders') port.postMessage({ kind: 'orders', orders: worker.orders() } satisfies OrdersAnswer);
    else process.exit(0);
  });
}
