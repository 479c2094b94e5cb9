/**
 * Random simulation on worker threads: each worker (`worker.ts`) rebuilds
 * the system from its SpecSource and walks the runs it claims from a shared
 * counter; the main thread only waits, so a time limit or an interrupt
 * (SIGINT, through `signal`) stops the workers promptly: they poll a shared
 * stop flag between runs and every 256 steps. Their counters and coverage
 * are summed, and the violation of the lowest-numbered failing run is
 * reported, rendered in this thread as an exhaustive counterexample is.
 *
 * With `workers: 0` it runs in the calling thread (`engine.ts`,
 * `simulateHere`): no interrupt then, but no compiled worker needed either.
 */

import { compiledScript } from '../threads.js';
import { Worker } from 'node:worker_threads';
import { ModelError } from '../actor-system/step.js';
import { buildSpec, type SpecSource } from '../registry.js';
import { CONTROL, CONTROL_WORDS, NO_RUN, type WorkerMessage } from './control.js';
import { emptyCoverage, mergeCoverage, type CoverageData } from './coverage.js';
import { addTally, assembleReport, checkRunRange, emptyTally, simulateHere, simulationModel, type FoundViolation, type SimulationOptions, type SimulationReport, type StopReason, type Tally } from './engine.js';

export interface PoolOptions extends SimulationOptions {
  /** Worker threads; 0 runs in the calling thread. */
  readonly workers: number;
  /** Aborting stops the workers; the report covers the runs walked so far. */
  readonly signal?: AbortSignal;
  /** Called about every 250 ms with the counters summed over the workers. */
  readonly onProgress?: (tally: Tally, seconds: number) => void;
}

/**
 * The compiled worker script. From the compiled tree it sits beside this
 * file; from the TypeScript sources (vitest, tsx) it is the build's copy
 * under dist/, since a worker thread runs plain JavaScript.
 */
export function workerUrl(): URL {
  return compiledScript(import.meta.url, 'simulate/worker.js');
}

/** Runs a simulation of the system `source` names; see the module header. */
export async function simulate(source: SpecSource, options: PoolOptions): Promise<SimulationReport> {
  checkRunRange(options);
  const spec = buildSpec(source);
  const { workers: count, signal, onProgress, ...plain } = options;
  if (count <= 0) return simulateHere(spec, plain);
  // Build the model here first: a bad model fails once, in this thread, before any worker starts.
  const model = simulationModel(spec, plain);
  const control = new SharedArrayBuffer(CONTROL_WORDS * 4);
  const ctl = new Int32Array(control);
  ctl[CONTROL.next] = plain.firstRun ?? 0;
  ctl[CONTROL.lowest] = NO_RUN;
  const start = performance.now();
  const url = workerUrl();

  let stoppedBy: StopReason = 'runs';
  const stop = (why: StopReason): void => {
    if (Atomics.load(ctl, CONTROL.stop) !== 0) return;
    stoppedBy = why;
    Atomics.store(ctl, CONTROL.stop, 1);
  };
  const onAbort = (): void => stop('interrupt');
  if (signal?.aborted === true) onAbort();
  signal?.addEventListener('abort', onAbort);
  const timer = plain.maxSeconds !== undefined ? setTimeout(() => stop('max-seconds'), plain.maxSeconds * 1000) : undefined;

  const progress: Tally[] = Array.from({ length: count }, emptyTally);
  let tally = emptyTally();
  let coverage: CoverageData = emptyCoverage(spec.nodes.length);
  let violation: FoundViolation | undefined;
  let failure: Error | undefined;

  const runWorker = (index: number): Promise<void> =>
    new Promise<void>((resolve) => {
      const worker = new Worker(url, { workerData: { source, options: plain, control } });
      let finished = false;
      const finish = (): void => {
        if (finished) return;
        finished = true;
        void worker.terminate();
        resolve();
      };
      const fail = (e: Error): void => {
        failure ??= e;
        stop('interrupt');
        finish();
      };
      worker.on('message', (m: WorkerMessage) => {
        switch (m.type) {
          case 'progress':
            progress[index] = m.tally;
            onProgress?.(progress.reduce(addTally, emptyTally()), (performance.now() - start) / 1000);
            break;
          case 'violation':
            if (violation === undefined || m.violation.run < violation.run) violation = m.violation;
            break;
          case 'done':
            tally = addTally(tally, m.tally);
            coverage = mergeCoverage(coverage, m.coverage);
            finish();
            break;
          case 'error':
            fail(m.model ? new ModelError(m.message) : new Error(`simulation worker failed: ${m.message}`));
            break;
        }
      });
      worker.on('error', (e) => fail(e));
      worker.on('exit', (code) => {
        if (!finished) fail(new Error(`simulation worker exited with code ${code} before it finished`));
      });
    });

  try {
    await Promise.all(Array.from({ length: count }, (_, i) => runWorker(i)));
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
  if (failure !== undefined) throw failure;
  const seconds = (performance.now() - start) / 1000;
  return assembleReport(model, plain, count, tally, coverage, seconds, stoppedBy, violation);
}
