/**
 * What the coordinator (`coordinator.ts`, the main thread) and the search
 * workers (`worker.ts`) share: the layout of the control and statistics
 * arrays (SharedArrayBuffers), the messages they exchange, and the record
 * format of the state batches workers send each other.
 */
import type { FaultOptions } from '../actor-system/faults.js';
import type { NetworkKind } from '../../spec/core/system.js';
import type { SpecSource } from '../registry.js';
import type { IdDefinition } from './portable.js';
import type { SharedTableInit } from './shared-table.js';

/** Control words (Int32Array over a SharedArrayBuffer). */
export const CTL = {
  /** Set by the coordinator: why workers must stop (0: keep going; see STOP_FAILED). */
  stop: 0,
  /** The number of levels whose expansion is complete (set by the worker that detects it). */
  levelsDone: 1,
  /** Set by the coordinator: the level at whose start every worker writes a checkpoint (-1: none asked). */
  checkpointAt: 2,
  /** Set by a worker whose shared table must grow: every worker pauses (`SearchWorker.pauseForGrowth`). */
  growReq: 3,
  /** A reusable barrier of the workers (shared table growth): arrivals, and the generation. */
  barCount: 4,
  barGen: 5,
  /** Set by the coordinator while the process is over its memory budget: workers on the shared table move the level chunks they fill to disk. */
  spill: 6,
  /** Per worker w, from PER_WORKER + w * WORKER_WORDS: */
  perWorker: 8,
} as const;
export const WORKER_WORDS = 5;
/** Offsets within a worker's words. */
export const W_PASSIVE = 0; // the level at which the worker is idle, or -1 while it works
export const W_SENT = 1; // batches sent to other workers (counted before posting)
export const W_RECV = 2; // batches taken from its ports (counted on taking)
export const W_WAKE = 3; // bumped by senders; the worker waits on it when idle
export const W_HUNGRY = 4; // shared table: 1 while the worker, out of states, waits for part of another's share

/** Stop words: the index of a reason in `STOP_WORD_REASONS` (`search/limits.ts`), or this when a worker failed. */
export const STOP_FAILED = 5;

export function controlWords(workers: number): number {
  return CTL.perWorker + workers * WORKER_WORDS;
}

/** Statistics (Float64Array over a SharedArrayBuffer), written by each worker for progress. */
export const STAT_WORDS = 5;
export const S_STATES = 0;
export const S_TRANSITIONS = 1;
export const S_LEVEL = 2;
export const S_QUEUE = 3;
/** Bytes of chunks of the current and next level held in memory. */
export const S_LEVEL_BYTES = 4;

/** Record tags in a state batch (Int32Array). */
export const REC_STATE = 1; // [tag, hi, lo, parentIndex, step, parentRank, offer position, query, len, ...vector]
export const REC_FULL = 2; // [tag, index]: expand your state `index` in full (the cycle proviso)
export const STATE_HEADER = 9;
/**
 * [tag, index, holder, len, ...vector]: a state of the level being expanded, moved to even the load
 * (shared table), with the worker that holds it (stored it) and its index there.
 */
export const REC_MOVE = 3;

/** What a worker is started with (structured-cloned, plus the ports). */
export interface WorkerInit {
  readonly source: SpecSource;
  readonly faults: FaultOptions;
  readonly network?: NetworkKind;
  readonly seed?: number;
  readonly symmetry: boolean;
  readonly por: boolean;
  readonly maxDepth?: number;
  /** Report a state with no step that the protocol does not declare final (`SystemSpec.final`) as a deadlock. */
  readonly deadlock?: boolean;
  /** Stop once the workers together store this many states (each checks between expansions). */
  readonly maxStates?: number;
  /** Where this worker writes checkpoints (`checkpointFile`), and the file it resumes from. */
  readonly checkpointDir?: string;
  readonly resumeFile?: string;
  readonly worker: number;
  readonly workers: number;
  /**
   * Who detects the end of a level: the workers themselves, reading each
   * other's words in `control` (threads of one process), or a coordinator
   * over the network (`cluster.ts`), which the worker tells when it idles
   * (an `IdleNote` on its parent port) and which sets `CTL.levelsDone`.
   */
  readonly barrier?: 'shared' | 'coordinator';
  readonly control: SharedArrayBuffer;
  readonly stats: SharedArrayBuffer;
  /**
   * Threads only: the visited set shared by every worker (`shared-table.ts`),
   * used when the search needs no BFS order (no partial-order reduction).
   */
  readonly table?: SharedTableInit;
  /** With a shared table: the fewest states left of its share that a worker hands half of to one that ran out (tests lower it). */
  readonly shareMin?: number;
  /** With a shared table: bytes per chunk of a level (tests make it small, so that small levels go to disk in several chunks). */
  readonly levelChunkBytes?: number;
}

/** Worker -> worker: a batch of records and the id definitions they use (sent before the records). */
export interface Batch {
  readonly kind: 'batch';
  readonly defs: readonly IdDefinition[];
  readonly data: Int32Array;
  readonly used: number;
}

/** Worker -> worker at the end of a level: what it holds of the next level. */
export interface LevelSummary {
  readonly kind: 'level';
  readonly level: number;
  /** States it stored in the next level. */
  readonly count: number;
  /** Ordered search: their keys (parent rank * 2^16 + step), sorted ascending. */
  readonly keys: Float64Array | null;
  /** Whether one of them violates a property. */
  readonly violation: boolean;
  /** Messages first sent here in this level: [hi key, lo key, order a, order b] runs (`Interner.noteSent`). */
  readonly orders: Float64Array;
}

/** Worker -> its parent, with the coordinator's barrier: it is idle at the end of `level` (sent once per level). */
export interface IdleNote {
  readonly kind: 'idle';
  readonly level: number;
}

/** A worker's account at the end (worker -> coordinator). */
export interface WorkerResult {
  readonly kind: 'result';
  readonly worker: number;
  readonly status: 'ok' | 'violation' | 'stopped' | 'depth';
  readonly states: number;
  readonly transitions: number;
  /** The last level expanded (or reached, for a violation). */
  readonly depth: number;
  /** Whether a --max-depth cut left steps unexplored. */
  readonly depthCut: boolean;
  /**
   * Its best violating state: index, property (or `DEADLOCK`), its order key
   * (BFS order, or the fingerprint) and its depth (a deadlock is a state of
   * the level expanded; a property is violated by a state of the next).
   */
  readonly violation: { readonly index: number; readonly property: number; readonly key: readonly number[]; readonly depth: number; readonly holder?: number } | null;
  /** States of its share this worker handed to workers that ran out in the middle of a level (shared table). */
  readonly handed: number;
  /** Bytes of its levels moved to disk over the memory budget (shared table). */
  readonly spilledBytes: number;
  readonly memoLookups: number;
  readonly memoMisses: number;
  readonly localStates: number;
  readonly messages: number;
  /** Distinct messages a learning adversary learned (a learning adversary runs on one worker). */
  readonly learned: number;
  readonly reduced: number;
  readonly full: number;
  readonly storeBytes: number;
  readonly frontierBytes: number;
}

/** Coordinator -> worker, after the search: the parent of a state (to rebuild the trace), or exit. */
export type WorkerQuery = { readonly kind: 'parent'; readonly index: number } | { readonly kind: 'orders' } | { readonly kind: 'exit' };
export interface OrdersAnswer {
  readonly kind: 'orders';
  /** Every message's order ([hi key, lo key, a, b] runs, `Interner.orderOf`). */
  readonly orders: Float64Array;
}
export interface ParentAnswer {
  readonly kind: 'parent';
  readonly index: number;
  readonly parentWorker: number;
  readonly parentIndex: number;
  readonly step: number;
}

/** Whether order key `a` comes before `b` (lexicographically: a BFS key, or a fingerprint's two lanes). */
export function keyBefore(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) if ((a[i] as number) !== (b[i] as number)) return (a[i] as number) < (b[i] as number);
  return false;
}

/** A worker's part of the checkpoint taken at the start of `level`. */
export function checkpointFile(dir: string, worker: number, level: number): string {
  return `${dir}/worker-${worker}-level-${level}.bin`;
}

/** The worker that owns a fingerprint (bits the store's table does not index by). */
export function ownerOf(hi: number, workers: number): number {
  return ((hi & 0xffffff) >>> 0) % workers;
}
