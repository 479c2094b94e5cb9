/**
 * Search limits and what a search reports. A search that hits a limit ends
 * with status `incomplete` and names the limit: it never reports that the
 * properties hold.
 */

export interface SearchLimits {
  /** Stop once this many distinct states are stored. */
  readonly maxStates?: number;
  /** Do not expand states at this depth (steps from the initial state). */
  readonly maxDepth?: number;
  /** Stop after this many seconds of search. */
  readonly maxSeconds?: number;
  /**
   * Stop when the process's resident memory exceeds this many bytes, and the
   * frontier has nothing left to move to disk (see `spillAboveBytes`).
   */
  readonly maxMemoryBytes?: number;
  /**
   * BFS: above this many bytes of resident memory, the queue moves the chunks
   * it fills to a file (`StateQueue`), and the search carries on.
   */
  readonly spillAboveBytes?: number;
}

/** Why a search stopped early: a limit, or an interrupt (SIGINT, SIGTERM). */
export type LimitName = 'max-states' | 'max-depth' | 'max-seconds' | 'max-memory' | 'interrupted';

/** A live view of a running search, handed to the progress callback about once a second. */
export interface SearchProgress {
  readonly states: number;
  readonly transitions: number;
  /** States waiting to be expanded. */
  readonly queue: number;
  readonly depth: number;
  readonly seconds: number;
  readonly rssBytes: number;
}

export interface SearchOutcome {
  readonly status: 'ok' | 'violation' | 'incomplete';
  /** Set when status is `incomplete`. */
  readonly stoppedBy?: LimitName;
  /** Set when status is `violation`: the property and the index of the violating state. */
  readonly violation?: { readonly property: number; readonly state: number; readonly depth: number };
  readonly states: number;
  readonly transitions: number;
  /** The largest depth reached (steps from the initial state). */
  readonly depth: number;
  readonly seconds: number;
  readonly peakRssBytes: number;
  /** Peak bytes of the frontier (BFS queue or DFS stack) in memory. */
  readonly peakFrontierBytes: number;
  /** Bytes of the BFS queue moved to disk (`SearchLimits.spillAboveBytes`). */
  readonly spilledBytes?: number;
}

/** The property index a search reports for a deadlock (a state with no step that is not final). */
export const DEADLOCK = -2;

export interface SearchOptions {
  readonly limits: SearchLimits;
  /**
   * Called on each expanded state that has no step at all: true when it is a
   * deadlock (the protocol does not declare it final); the search then
   * reports a violation of property `DEADLOCK` at that state.
   */
  readonly deadlock?: (state: Int32Array) => boolean;
  readonly onProgress?: (p: SearchProgress) => void;
  /** Seconds between progress callbacks (default 1). */
  readonly progressInterval?: number;
  /**
   * Another thread's request to stop (a search run in a worker thread): word 0
   * holds 0, or the index in `STOP_WORD_REASONS` of why to stop.
   */
  readonly stopWord?: Int32Array;
}

/** The reasons another thread may give in `SearchOptions.stopWord` (index 0: none). */
export const STOP_WORD_REASONS = [undefined, 'interrupted', 'max-seconds', 'max-memory', 'max-states'] as const;

/** The stop word that says `reason` (a reason the list lacks, max-depth, reads as an interrupt). */
export function stopWordOf(reason: LimitName): number {
  return Math.max(1, (STOP_WORD_REASONS as readonly (LimitName | undefined)[]).indexOf(reason));
}

/** Checks the time and memory limits; call every few thousand states. */
export class LimitClock {
  private readonly start = performance.now();
  private lastProgress: number;
  peakRss = 0;
  private readonly interval: number;
  private readonly limits: SearchLimits;
  private readonly onProgress: ((p: SearchProgress) => void) | undefined;
  private readonly stopWord: Int32Array | undefined;

  constructor(options: SearchOptions) {
    this.limits = options.limits;
    this.onProgress = options.onProgress;
    this.stopWord = options.stopWord;
    this.interval = (options.progressInterval ?? 1) * 1000;
    this.lastProgress = this.start;
    this.sampleRss();
  }

  seconds(): number {
    return (performance.now() - this.start) / 1000;
  }

  sampleRss(): number {
    const rss = process.memoryUsage.rss();
    if (rss > this.peakRss) this.peakRss = rss;
    return rss;
  }

  /** Returns the limit that is hit, if any, and reports progress when due. */
  poll(progress: () => Omit<SearchProgress, 'seconds' | 'rssBytes'>): LimitName | undefined {
    const now = performance.now();
    const rss = this.sampleRss();
    if (this.onProgress !== undefined && now - this.lastProgress >= this.interval) {
      this.lastProgress = now;
      this.onProgress({ ...progress(), seconds: (now - this.start) / 1000, rssBytes: rss });
    }
    if (this.stopWord !== undefined) {
      const why = STOP_WORD_REASONS[Atomics.load(this.stopWord, 0)];
      if (why !== undefined) return why;
    }
    if (this.limits.maxSeconds !== undefined && now - this.start >= this.limits.maxSeconds * 1000) return 'max-seconds';
    if (this.limits.maxMemoryBytes !== undefined && rss >= this.limits.maxMemoryBytes) return 'max-memory';
    return undefined;
  }
}
