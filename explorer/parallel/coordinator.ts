/**
 * The main thread's side of a search run in worker threads. It starts the
 * workers (`worker.ts`), connects every pair with a MessageChannel, and then
 * stays free: it watches the clock and memory, prints progress from the
 * shared statistics, and turns a stop request (a limit, SIGINT, SIGTERM)
 * into the stop word every worker polls between expansions. When all have
 * answered it rebuilds the counterexample, asking the workers for the
 * parent chain and replaying the steps here, and assembles the same report
 * as `check()`.
 *
 * Workers partition the states by fingerprint (`protocol.ts`, `ownerOf`),
 * each with its own store: no table is shared, so no insertion takes a lock
 * and the same design runs across processes. A search of a system whose
 * adversary learns runs on one worker (see `portable.ts`); a depth-first
 * search runs `check()` itself in one worker thread (`sequential.ts`), so
 * that it too can be stopped.
 */
import { totalmem } from 'node:os';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { NetworkKind } from '../../spec/core/system.js';
import { ActorModel } from '../actor-system/actor-model.js';
import { NO_FAULTS, type FaultOptions } from '../actor-system/faults.js';
import { ModelError } from '../actor-system/step.js';
import { DEADLOCK_PROPERTY, checkedProperties, finalTest, reportOf, withExtras, type CheckReport, type ReductionReport } from '../check.js';
import { buildSpec, type SpecSource } from '../registry.js';
import { DEADLOCK, STOP_WORD_REASONS, stopWordOf, type LimitName, type SearchLimits, type SearchOutcome, type SearchProgress } from '../search/limits.js';
import { CheckpointWriter, openCheckpoint, runIdentity } from './checkpoint.js';
import { createSharedTable } from './shared-table.js';
import { compiledScript } from '../threads.js';
import { buildTraceFromSteps } from '../trace.js';
import {
  CTL,
  STAT_WORDS,
  S_LEVEL_BYTES,
  S_LEVEL,
  S_QUEUE,
  S_STATES,
  S_TRANSITIONS,
  WORKER_WORDS,
  W_PASSIVE,
  controlWords,
  keyBefore,
  type OrdersAnswer,
  type ParentAnswer,
  type WorkerInit,
  type WorkerQuery,
  type WorkerResult,
} from './protocol.js';

export interface ParallelOptions {
  readonly faults?: FaultOptions;
  readonly network?: NetworkKind;
  readonly seed?: number;
  readonly symmetry?: boolean;
  readonly por?: boolean;
  /** As in `CheckOptions`: search again without POR for a shortest counterexample. */
  readonly shortest?: boolean;
  readonly limits?: SearchLimits;
  /** Worker threads (default 1). */
  readonly workers?: number;
  /** Slots each sub-table of a shared visited set starts with (default 4096; tests start small, so that tables grow). */
  readonly sharedTableSlots?: number;
  /** As `WorkerInit.shareMin` (tests lower it, so that workers hand states over in the smallest levels). */
  readonly shareMin?: number;
  /** As `WorkerInit.levelChunkBytes` (tests). */
  readonly levelChunkBytes?: number;
  /** Called with every worker's result of the (first) search, for tests and measurements. */
  readonly onWorkerResults?: (results: readonly WorkerResult[]) => void;
  readonly noTrace?: boolean;
  /** As in `CheckOptions`: report a state with no step that is not final as a deadlock. */
  readonly deadlock?: boolean;
  /** As in `CheckOptions`; a split search does not look for witnesses, and says so. */
  readonly witnesses?: boolean;
  /** Called about once a second with the live figures. */
  readonly onProgress?: (p: SearchProgress & { readonly workers: number }) => void;
  /**
   * Polled with the process's RSS about four times a second: a reason to stop
   * for memory other than the budget (the machine running low), if any.
   */
  readonly memoryCheck?: (rssBytes: number) => boolean;
  /** Write checkpoints to this directory: every `everySeconds` (at a level's start) and when stopped. */
  readonly checkpoint?: { readonly dir: string; readonly everySeconds: number };
  /** Continue the search a checkpoint in this directory saved (`checkpoint.ts` checks it belongs to this run). */
  readonly resume?: string;
  /** Where the workers run (default: threads of this process, `threadGroup`). */
  readonly launcher?: Launcher;
}

/** A search running in worker threads: its report to come, and a way to stop it. */
export interface ParallelRun {
  readonly report: Promise<CheckReport>;
  /** Asks every worker to stop; the report then says why (never "holds"). */
  stop(reason: LimitName): void;
}

const WORKER_URL = (): URL => compiledScript(import.meta.url, 'parallel/worker.js');
const TICK_MS = 250;
/**
 * Over the memory budget, a search whose workers move level chunks to disk
 * goes on while they hold more than this of chunks in memory each (about
 * the chunk being written and the one being read).
 */
const SPILL_FLOOR_BYTES = 4 * 2 ** 20;

/** Starts checking the system `source` names in `options.workers` worker threads. */
export function startParallelCheck(source: SpecSource, options: ParallelOptions = {}): ParallelRun {
  let stopReason: LimitName | undefined;
  let current: { stop(reason: LimitName): void } | undefined;
  const stop = (reason: LimitName): void => {
    stopReason ??= reason;
    current?.stop(reason);
  };
  const report = (async () => {
    const spec = buildSpec(source);
    const faults = options.faults ?? NO_FAULTS;
    const modelOptions = {
      faults,
      ...(options.network !== undefined ? { network: options.network } : {}),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      symmetry: options.symmetry === true,
    };
    const sys = new ActorModel(spec, { ...modelOptions, por: options.por === true });
    const porActive = sys.por?.active === true;
    // An adversary that learns keeps memory that does not cross between workers (portable.ts).
    const workers = sys.adversary.learns ? 1 : Math.max(1, options.workers ?? 1);
    const props = checkedProperties(spec);
    const first = runWorkers(source, { ...options, faults, por: options.por === true }, workers, (h) => (current = h));
    if (stopReason !== undefined) current?.stop(stopReason);
    let { outcome, results, search } = await first;
    options.onWorkerResults?.(results);
    const por: ReductionReport['por'] =
      sys.por === null
        ? null
        : { active: porActive, ...(sys.por.off !== undefined ? { off: sys.por.off } : {}), reduced: sum(results, (r) => r.reduced), full: sum(results, (r) => r.full) };
    let shortest = !porActive;
    let shortestStoppedBy: LimitName | undefined;
    let traceSys = sys;
    if (options.shortest === true && porActive && outcome.violation !== undefined && stopReason === undefined) {
      // Search again without the partial-order reduction, no deeper than the counterexample found
      // (the first search's workers stay up: its trace is needed if this finds nothing).
      const limits = { ...options.limits, maxDepth: outcome.violation.depth };
      const { checkpoint: _none, resume: _fresh, ...plain } = options;
      const second = await runWorkers(source, { ...plain, faults, por: false, limits }, workers, (h) => (current = h));
      if (second.outcome.violation !== undefined) {
        await search.close();
        outcome = { ...outcome, violation: second.outcome.violation, seconds: outcome.seconds + second.outcome.seconds, peakRssBytes: Math.max(outcome.peakRssBytes, second.outcome.peakRssBytes) };
        results = second.results;
        search = second.search;
        shortest = true;
        traceSys = new ActorModel(spec, { ...modelOptions, por: false });
      } else {
        shortestStoppedBy = second.outcome.stoppedBy;
        await second.search.close();
      }
    }
    let trace;
    try {
      if (outcome.violation !== undefined && options.noTrace !== true) {
        const v = outcome.violation;
        const steps = await search.stepsTo(v.worker, v.state);
        // Replay with the search's order of messages (step numbers depend on it): every worker knows all of it.
        const it = traceSys.interner;
        it.ordersFixed = true;
        const orders = await search.orders();
        for (let i = 0; i < orders.length; i += 4) it.hearOrder(orders[i] as number, orders[i + 1] as number, orders[i + 2] as number, orders[i + 3] as number);
        if (v.property === DEADLOCK) {
          const isFinal = finalTest(spec, traceSys) as (state: Int32Array) => boolean;
          trace = { ...buildTraceFromSteps(traceSys, steps, DEADLOCK_PROPERTY.name, (final) => !isFinal(final)), lasso: { kind: 'terminal' as const } };
        } else {
          const name = props[v.property]?.name ?? '?';
          trace = buildTraceFromSteps(traceSys, steps, name, (final) => traceSys.check(final) === v.property);
        }
      }
    } finally {
      await search.close();
    }
    const report = reportOf(spec, sys, 'bfs', outcome, {
      por,
      shortest,
      ...(shortestStoppedBy !== undefined ? { shortestStoppedBy } : {}),
      storeBytes: sum(results, (r) => r.storeBytes),
      memo: {
        lookups: sum(results, (r) => r.memoLookups),
        misses: sum(results, (r) => r.memoMisses),
        localStates: Math.max(...results.map((r) => r.localStates)),
        messages: Math.max(...results.map((r) => r.messages)),
      },
      learned: sum(results, (r) => r.learned),
      ...(trace !== undefined ? { trace } : {}),
    });
    const deadlocked = outcome.violation?.property === DEADLOCK;
    return withExtras(report, {
      deadlock: options.deadlock === true ? (spec.final !== undefined ? (deadlocked ? 'violated' : outcome.status === 'ok' ? 'holds' : 'unknown') : 'not declared') : 'off',
      // NOTE: the witnesses (the vacuity check) are looked for by a one-worker search only.
      notes: options.witnesses === true && (spec.temporal ?? []).some((p) => p.kind === 'sometimes') ? ['witnesses (the vacuity check) are looked for only with one worker'] : [],
    });
  })();
  return { report, stop };
}

function sum(results: readonly WorkerResult[], f: (r: WorkerResult) => number): number {
  return results.reduce((a, r) => a + f(r), 0);
}

/** A finished search whose workers still answer questions about parents. */
interface LiveSearch {
  stepsTo(worker: number, index: number): Promise<number[]>;
  /** The order of every message the search met ([hi key, lo key, a, b] runs; `Interner.orderOf`). */
  orders(): Promise<Float64Array>;
  close(): Promise<void>;
}

type ParallelOutcome = Omit<SearchOutcome, 'violation'> & {
  readonly violation?: SearchOutcome['violation'] & { readonly worker: number };
};

/** What a launcher starts each worker with: its `WorkerInit` but for the shared words, which the launcher provides. */
export type WorkerSetup = Omit<WorkerInit, 'control' | 'stats' | 'barrier'>;

/** A worker's report that it wrote its part of a checkpoint. */
export interface CheckpointedNote {
  readonly kind: 'checkpointed';
  readonly worker: number;
  readonly level: number;
  readonly states: number;
}

/**
 * The workers of one search, wherever they run: threads of this process
 * (`threadGroup`) or processes of a cluster (`cluster.ts`). The coordinator
 * reads their figures, stops them, asks for checkpoints and, after the
 * search, asks them about parents.
 */
export interface WorkerGroup {
  /** Each worker's figures (STAT_WORDS per worker), as last heard. */
  readonly stats: Float64Array;
  /** Sets the stop word of every worker. */
  stop(word: number): void;
  /** The stop word in force: the coordinator's, or one a worker set (--max-states). */
  stopWord(): number;
  /** Asks every worker to write its part of a checkpoint at the start of `level`. */
  checkpointAt(level: number): void;
  /** Tells the workers to move the level chunks they fill to disk (those that can: on a shared table), or to stop. */
  setSpill(on: boolean): void;
  /** Each worker's result, or null for one that ended without one; resolves when every worker has ended. */
  readonly results: Promise<(WorkerResult | null)[]>;
  /** Why the group failed, if it did (a worker's error, a lost worker): the search is then incomplete. */
  failure(): Error | undefined;
  /** Posts `query` to worker `w` and resolves with its first answer that `matches`. */
  ask<A extends { kind: string }>(w: number, query: WorkerQuery, matches: (m: { kind: string }) => m is A): Promise<A>;
  close(): Promise<void>;
}

/** Starts a search's workers; `startLevel` is the first level not yet done (0, or a resumed checkpoint's). */
export type Launcher = (setups: readonly WorkerSetup[], startLevel: number, onCheckpointed: (note: CheckpointedNote) => void) => Promise<WorkerGroup>;

/** The workers as threads of this process, connected pairwise by MessageChannels, sharing their words. */
export const threadGroup: Launcher = async (setups, startLevel, onCheckpointed) => {
  const workers = setups.length;
  const control = new SharedArrayBuffer(controlWords(workers) * 4);
  const ctl = new Int32Array(control);
  ctl[CTL.checkpointAt] = -1;
  ctl[CTL.levelsDone] = startLevel;
  for (let w = 0; w < workers; w++) ctl[CTL.perWorker + w * WORKER_WORDS + W_PASSIVE] = -1;
  const statsBuf = new SharedArrayBuffer(workers * STAT_WORDS * 8);
  const ports: (MessagePort | null)[][] = Array.from({ length: workers }, () => Array.from({ length: workers }, () => null));
  for (let i = 0; i < workers; i++) {
    for (let j = i + 1; j < workers; j++) {
      const { port1, port2 } = new MessageChannel();
      (ports[i] as (MessagePort | null)[])[j] = port1;
      (ports[j] as (MessagePort | null)[])[i] = port2;
    }
  }
  const threads = ports.map((mine, w) => {
    const init: WorkerInit = { ...(setups[w] as WorkerSetup), barrier: 'shared', control, stats: statsBuf };
    const transfer = mine.filter((p): p is MessagePort => p !== null);
    return new Worker(WORKER_URL(), { workerData: { agoraSearch: true, init, ports: mine }, transferList: transfer });
  });
  let failure: Error | undefined;
  const stop = (word: number): void => {
    Atomics.compareExchange(ctl, CTL.stop, 0, word);
    for (let w = 0; w < workers; w++) Atomics.notify(ctl, CTL.perWorker + w * WORKER_WORDS);
  };
  const results = Promise.all(
    threads.map(
      (t) =>
        new Promise<WorkerResult | null>((resolve) => {
          t.on('message', (m: WorkerResult | CheckpointedNote) => {
            if (m.kind === 'checkpointed') onCheckpointed(m);
            else if (m.kind === 'result') resolve(m);
          });
          t.once('error', (e: Error) => {
            failure ??= e.name === 'ModelError' ? new ModelError(e.message) : e;
            stop(stopWordOf('interrupted'));
            resolve(null);
          });
          t.once('exit', () => resolve(null));
        }),
    ),
  );
  return {
    stats: new Float64Array(statsBuf),
    stop,
    stopWord: () => Atomics.load(ctl, CTL.stop),
    checkpointAt: (level) => {
      ctl[CTL.checkpointAt] = level;
    },
    setSpill: (on) => Atomics.store(ctl, CTL.spill, on ? 1 : 0),
    results,
    failure: () => failure,
    ask: (w, query, matches) =>
      new Promise((resolve) => {
        const t = threads[w] as Worker;
        const on = (m: { kind: string }): void => {
          if (!matches(m)) return;
          t.off('message', on);
          resolve(m);
        };
        t.on('message', on);
        t.postMessage(query);
      }),
    close: async () => {
      await Promise.all(threads.map((t) => t.terminate()));
    },
  };
};

/** Runs one search in `workers` workers; resolves when every worker has reported. */
async function runWorkers(
  source: SpecSource,
  options: ParallelOptions & { readonly faults: FaultOptions; readonly por: boolean },
  workers: number,
  expose: (handle: { stop(reason: LimitName): void }) => void,
): Promise<{ outcome: ParallelOutcome; results: WorkerResult[]; search: LiveSearch }> {
  const start = performance.now();
  // The run's identity hashes the compiled code: only a run that reads or writes checkpoints needs it.
  const identity = options.resume !== undefined || options.checkpoint !== undefined ? runIdentity(source, options, workers) : undefined;
  const resumed = options.resume !== undefined && identity !== undefined ? openCheckpoint(options.resume, identity) : undefined;
  const checkpoints = options.checkpoint !== undefined && identity !== undefined ? new CheckpointWriter(options.checkpoint.dir, identity, workers) : undefined;
  // Threads share one visited set (used where no BFS order is needed), unless checkpoints are kept (a
  // checkpoint holds each worker's own table) or the workers are processes.
  const table = workers > 1 && options.launcher === undefined && checkpoints === undefined && resumed === undefined ? createSharedTable(totalmem(), options.sharedTableSlots) : undefined;
  const setups = Array.from({ length: workers }, (_, w): WorkerSetup => ({
    ...(table !== undefined ? { table } : {}),
    ...(options.shareMin !== undefined ? { shareMin: options.shareMin } : {}),
    ...(options.levelChunkBytes !== undefined ? { levelChunkBytes: options.levelChunkBytes } : {}),
    source,
    faults: options.faults,
    ...(options.network !== undefined ? { network: options.network } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    symmetry: options.symmetry === true,
    por: options.por,
    ...(options.limits?.maxDepth !== undefined ? { maxDepth: options.limits.maxDepth } : {}),
    ...(options.deadlock === true ? { deadlock: true } : {}),
    // Across processes the coordinator alone sums the figures, so it alone enforces --max-states.
    ...(options.limits?.maxStates !== undefined && options.launcher === undefined ? { maxStates: options.limits.maxStates } : {}),
    ...(checkpoints !== undefined ? { checkpointDir: checkpoints.dir } : {}),
    // A resumed search starts at the level its checkpoint was taken at: the levels before it are done.
    ...(resumed !== undefined ? { resumeFile: resumed.files[w] as string } : {}),
    worker: w,
    workers,
  }));
  let stoppedBy: LimitName | undefined;
  let group: WorkerGroup | undefined;
  const stop = (reason: LimitName): void => {
    if (stoppedBy !== undefined) return;
    stoppedBy = reason;
    group?.stop(stopWordOf(reason));
  };
  expose({ stop });
  const launch = options.launcher ?? threadGroup;
  group = await launch(setups, resumed?.level ?? 0, (m) => checkpoints?.written(m.worker, m.level, m.states, (performance.now() - start) / 1000 + (resumed?.seconds ?? 0)));
  if (stoppedBy !== undefined) group.stop(stopWordOf(stoppedBy));
  const g = group;
  const stats = g.stats;

  let peakRss = process.memoryUsage.rss();
  let lastProgress = start;
  const limits = options.limits ?? {};
  // Already over the budget at the start (or a budget of 0, in tests): levels go to disk from the first chunk.
  if (limits.spillAboveBytes !== undefined && peakRss >= limits.spillAboveBytes) g.setSpill(true);
  const tick = setInterval(() => {
    const now = performance.now();
    const rss = process.memoryUsage.rss();
    if (rss > peakRss) peakRss = rss;
    let states = 0;
    let transitions = 0;
    let queue = 0;
    let depth = 0;
    for (let w = 0; w < workers; w++) {
      states += stats[w * STAT_WORDS + S_STATES] as number;
      transitions += stats[w * STAT_WORDS + S_TRANSITIONS] as number;
      queue += stats[w * STAT_WORDS + S_QUEUE] as number;
      depth = Math.max(depth, stats[w * STAT_WORDS + S_LEVEL] as number);
    }
    if (limits.maxSeconds !== undefined && now - start >= limits.maxSeconds * 1000) stop('max-seconds');
    // Over the budget, workers whose levels can go to disk move the chunks they fill there; the search stops
    // only when they hold little more in memory than the chunks being written and read.
    let levelBytes = 0;
    for (let w = 0; w < workers; w++) levelBytes += stats[w * STAT_WORDS + S_LEVEL_BYTES] as number;
    const spill = limits.spillAboveBytes !== undefined && rss >= limits.spillAboveBytes;
    g.setSpill(spill);
    // Only workers on a shared table move their levels to disk.
    const canSpill = spill && table !== undefined;
    if (limits.maxMemoryBytes !== undefined && rss >= limits.maxMemoryBytes && !(canSpill && levelBytes > workers * SPILL_FLOOR_BYTES)) stop('max-memory');
    if (options.memoryCheck?.(rss) === true) stop('max-memory');
    if (limits.maxStates !== undefined && states >= limits.maxStates) stop('max-states');
    if (checkpoints !== undefined && checkpoints.due(now, options.checkpoint?.everySeconds ?? Infinity)) {
      // At the start of a level no worker has reached yet (a worker is at most one level past the figures read).
      g.checkpointAt(depth + 2);
      checkpoints.asked(depth + 2);
    }
    if (options.onProgress !== undefined && now - lastProgress >= 1000) {
      lastProgress = now;
      options.onProgress({ states, transitions, queue, depth, seconds: (now - start) / 1000, rssBytes: rss, workers });
    }
  }, TICK_MS);

  const results = await g.results;
  clearInterval(tick);
  const close = (): Promise<void> => g.close();
  const failure = g.failure();
  if (failure !== undefined) {
    await close();
    throw failure;
  }
  if (results.some((r) => r === null)) {
    await close();
    throw new Error('a search worker exited without reporting; the search is incomplete');
  }
  const done = results as WorkerResult[];
  const seconds = (performance.now() - start) / 1000 + (resumed?.seconds ?? 0);
  const rss = process.memoryUsage.rss();
  if (rss > peakRss) peakRss = rss;

  // The violation first in BFS order (or least fingerprint), over every worker's best.
  let violation: ParallelOutcome['violation'];
  let bestKey: readonly number[] | undefined;
  for (const r of done) {
    if (r.violation === null) continue;
    if (bestKey === undefined || keyBefore(r.violation.key, bestKey)) {
      bestKey = r.violation.key;
      violation = { property: r.violation.property, state: r.violation.index, depth: r.violation.depth, worker: r.violation.holder ?? r.worker };
    }
  }
  const stopped = done.some((r) => r.status === 'stopped');
  const depthCut = done.some((r) => r.depthCut);
  // A stop the coordinator asked for, or one a worker set (--max-states).
  const word = STOP_WORD_REASONS[g.stopWord()];
  const reason: LimitName | undefined = stopped ? (stoppedBy ?? word ?? 'interrupted') : depthCut ? 'max-depth' : undefined;
  const status: SearchOutcome['status'] = violation !== undefined && !stopped ? 'violation' : reason !== undefined ? 'incomplete' : 'ok';
  const spilledBytes = sum(done, (r) => r.spilledBytes);
  const outcome: ParallelOutcome = {
    status,
    ...(status === 'incomplete' && reason !== undefined ? { stoppedBy: reason } : {}),
    ...(status === 'violation' && violation !== undefined ? { violation } : {}),
    states: sum(done, (r) => r.states),
    transitions: sum(done, (r) => r.transitions),
    depth: status === 'violation' && violation !== undefined ? violation.depth : Math.max(...done.map((r) => r.depth)),
    seconds,
    peakRssBytes: peakRss,
    peakFrontierBytes: sum(done, (r) => r.frontierBytes),
    ...(spilledBytes > 0 ? { spilledBytes } : {}),
  };

  const ask = g.ask.bind(g);
  const search: LiveSearch = {
    async stepsTo(worker, index) {
      const steps: number[] = [];
      let w = worker;
      let i = index;
      for (;;) {
        const index = i;
        const a = await ask(w, { kind: 'parent', index }, (m): m is ParentAnswer => m.kind === 'parent' && (m as ParentAnswer).index === index);
        if (a.parentIndex < 0) break;
        steps.push(a.step);
        w = a.parentWorker;
        i = a.parentIndex;
      }
      return steps.reverse();
    },
    orders: async () => (await ask(0, { kind: 'orders' }, (m): m is OrdersAnswer => m.kind === 'orders')).orders,
    close,
  };
  return { outcome, results: done, search };
}
