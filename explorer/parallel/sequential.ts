/**
 * `check()` itself, run in one worker thread: for searches that do not split
 * over workers (depth-first). The main thread stays free for signals and
 * progress; a stop request reaches the search through the stop word its
 * `LimitClock` polls (`SearchOptions.stopWord`).
 */
import { Worker, parentPort, workerData } from 'node:worker_threads';
import { ModelError } from '../actor-system/step.js';
import { check, type CheckOptions, type CheckReport } from '../check.js';
import { buildSpec, type SpecSource } from '../registry.js';
import { compiledScript } from '../threads.js';
import { stopWordOf, type LimitName, type SearchProgress } from '../search/limits.js';
import type { ParallelRun } from './coordinator.js';

type Plain = Omit<CheckOptions, 'onProgress' | 'stopWord'>;
type FromThread = { kind: 'progress'; progress: SearchProgress } | { kind: 'report'; report: CheckReport };

/** Starts `check()` on the system `source` names, in a worker thread. */
export function startThreadCheck(
  source: SpecSource,
  options: Plain & { readonly onProgress?: (p: SearchProgress & { readonly workers: number }) => void; readonly memoryCheck?: (rssBytes: number) => boolean },
): ParallelRun {
  const stopBuf = new SharedArrayBuffer(4);
  const stopWord = new Int32Array(stopBuf);
  const { onProgress, memoryCheck, ...plain } = options;
  const stop = (reason: LimitName): void => {
    if (Atomics.load(stopWord, 0) === 0) Atomics.store(stopWord, 0, stopWordOf(reason));
  };
  // The machine running low on memory (whoever took it) stops the search too.
  const watch = memoryCheck === undefined ? undefined : setInterval(() => memoryCheck(process.memoryUsage.rss()) && stop('max-memory'), 250);
  const thread = new Worker(compiledScript(import.meta.url, 'parallel/sequential.js'), { workerData: { agoraCheck: true, source, options: plain, stop: stopBuf } });
  const report = new Promise<CheckReport>((resolve, reject) => {
    thread.on('message', (m: FromThread) => {
      if (m.kind === 'progress') onProgress?.({ ...m.progress, workers: 1 });
      else resolve(m.report);
    });
    thread.once('error', (e: Error) => reject(e.name === 'ModelError' ? new ModelError(e.message) : e));
    thread.once('exit', (code) => reject(new Error(`the search thread exited (code ${code}) without a report`)));
  }).finally(() => {
    if (watch !== undefined) clearInterval(watch);
    void thread.terminate();
  });
  return { report, stop };
}

if (parentPort !== null && (workerData as { agoraCheck?: boolean } | undefined)?.agoraCheck === true) {
  const port = parentPort;
  const { source, options, stop } = workerData as { source: SpecSource; options: Plain; stop: SharedArrayBuffer };
  const report = check(buildSpec(source), {
    ...options,
    stopWord: new Int32Array(stop),
    onProgress: (progress) => port.postMessage({ kind: 'progress', progress } satisfies FromThread),
  });
  port.postMessage({ kind: 'report', report } satisfies FromThread);
}
