/**
 * What the simulation's main thread and its workers share: a small
 * SharedArrayBuffer of int32 words (read and written with Atomics), and the
 * messages a worker posts back.
 */
import type { CoverageData } from './coverage.js';
import type { FoundViolation, Tally } from './engine.js';

/** Word indexes in the shared control buffer. */
export const CONTROL = {
  /** The next run number to claim (Atomics.add). */
  next: 0,
  /** Non-zero: stop (time limit, SIGINT, an error elsewhere). */
  stop: 1,
  /** The lowest failing run found so far (2^31 − 1: none). */
  lowest: 2,
} as const;

export const CONTROL_WORDS = 3;

export const NO_RUN = 0x7fffffff;

/** What a worker posts to the main thread. */
export type WorkerMessage =
  | { readonly type: 'progress'; readonly tally: Tally }
  | { readonly type: 'violation'; readonly violation: FoundViolation }
  | { readonly type: 'done'; readonly tally: Tally; readonly coverage: CoverageData }
  | { readonly type: 'error'; readonly model: boolean; readonly message: string };
