/**
 * A simulation worker thread (started by `pool.ts`): rebuilds the system
 * from its SpecSource (plain data: `../registry.ts`), then claims run numbers
 * from a counter shared with the other workers and walks them, until the
 * runs are used up, the main thread asks it to stop (time limit, SIGINT), or
 * a lower-numbered run than the one it would walk has already failed.
 *
 * Messages to the main thread:
 *   { type: 'progress', tally }       about every 250 ms
 *   { type: 'violation', violation }  a failing run, shrunk
 *   { type: 'done', tally, coverage } at the end
 *   { type: 'error', model, message } a bad model (ModelError) or another failure
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ModelError } from '../actor-system/step.js';
import { buildSpec, type SpecSource } from '../registry.js';
import { CONTROL, type WorkerMessage } from './control.js';
import { runClaimed, SimulationCore, type SimulationOptions } from './engine.js';

interface WorkerInput {
  readonly source: SpecSource;
  readonly options: SimulationOptions;
  readonly control: SharedArrayBuffer;
}

const port = parentPort;
if (port === null) throw new Error('simulate/worker.js runs as a worker thread (explorer/simulate/pool.ts starts it)');
const post = (m: WorkerMessage): void => port.postMessage(m);

try {
  const { source, options, control } = workerData as WorkerInput;
  const ctl = new Int32Array(control);
  const end = (options.firstRun ?? 0) + options.runs;
  const core = new SimulationCore(buildSpec(source), options);
  let lastProgress = performance.now();
  runClaimed(core, {
    claim: () => {
      const run = Atomics.add(ctl, CONTROL.next, 1);
      return run < end ? run : -1;
    },
    // Stop when asked, or when a lower-numbered run failed: the report shows the lowest failing run only.
    stop: (run) => Atomics.load(ctl, CONTROL.stop) !== 0 || run > Atomics.load(ctl, CONTROL.lowest),
    // Lower the shared minimum before shrinking, so that other workers stop walking higher runs meanwhile.
    failed: (run) => {
      let low = Atomics.load(ctl, CONTROL.lowest);
      while (run < low) {
        const was = Atomics.compareExchange(ctl, CONTROL.lowest, low, run);
        if (was === low) break;
        low = was;
      }
    },
    found: (violation) => post({ type: 'violation', violation }),
    tick: () => {
      const now = performance.now();
      if (now - lastProgress < 250) return;
      lastProgress = now;
      post({ type: 'progress', tally: core.tally });
    },
  });
  post({ type: 'done', tally: core.tally, coverage: core.coverageData() });
} catch (e) {
  post({ type: 'error', model: e instanceof ModelError, message: e instanceof Error ? e.message : String(e) });
}
