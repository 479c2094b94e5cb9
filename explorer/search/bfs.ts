/**
 * Breadth-first search over packed global states. States are numbered in
 * discovery order, which BFS also expands in, so a state's index is its
 * position in the queue and levels are contiguous index ranges. The first
 * violating state found has the fewest steps: its trace is a shortest
 * counterexample. The search finishes the level it finds a violation in
 * (and reports the first violating state found), so its counts are the same
 * as a search split over workers (`parallel/`), which finishes levels whole.
 */
import type { Model } from '../model.js';
import type { StateStore } from '../state-store.js';
import { StateQueue } from '../state-queue.js';
import { COUNT_ONLY, StoringVisitor, outcome, seed } from './common.js';
import { DEADLOCK, LimitClock, type LimitName, type SearchOptions, type SearchOutcome } from './limits.js';

const POLL_EVERY = 4096;

class QueueVisitor extends StoringVisitor {
  constructor(
    store: StateStore,
    model: Model,
    private readonly queue: StateQueue,
  ) {
    super(store, model);
  }

  protected keep(succ: Int32Array, len: number): void {
    this.queue.push(succ, len);
  }
}

export function bfs(model: Model, store: StateStore, options: SearchOptions): SearchOutcome {
  const clock = new LimitClock(options);
  const { maxStates = Infinity, maxDepth = Infinity } = options.limits;
  const spillAbove = options.limits.spillAboveBytes;
  const queue = new StateQueue(spillAbove === undefined ? undefined : { shouldSpill: () => process.memoryUsage.rss() >= spillAbove });
  const visitor = new QueueVisitor(store, model, queue);
  let cur = new Int32Array(0);

  const { init, violation: initViolation } = seed(model, store);
  for (const s of init) queue.push(s.state, s.state.length);
  let violation = initViolation;
  let transitions = 0;
  let depth = 0;
  let levelEnd = store.size; // first index of the next level
  let stoppedBy: LimitName | undefined;
  let depthCut = false;

  let index = 0;
  model.beginLevel?.(0);
  while (queue.size > 0 && initViolation === undefined) {
    if (index === levelEnd) {
      if (violation !== undefined) break;
      depth++;
      levelEnd = store.size;
      model.beginLevel?.(depth);
    }
    if ((index & (POLL_EVERY - 1)) === 0) {
      stoppedBy = clock.poll(() => ({ states: store.size, transitions, queue: queue.size, depth }));
      // Over the memory budget with a queue that can still move chunks to disk: it will, and the search goes on.
      if (stoppedBy === 'max-memory' && spillAbove !== undefined && queue.chunksInMemory > 2) stoppedBy = undefined;
      if (stoppedBy !== undefined) break;
    }
    if (store.size >= maxStates) {
      stoppedBy = 'max-states';
      break;
    }
    if (cur.length < model.capacity) cur = new Int32Array(model.capacity);
    queue.pop(cur);
    if (depth >= maxDepth) {
      if (model.expand(cur, COUNT_ONLY) > 0) depthCut = true;
      index++;
      continue;
    }
    visitor.parent = index;
    model.beginState?.(index);
    const steps = model.expand(cur, visitor);
    transitions += steps;
    if (steps === 0 && violation === undefined && options.deadlock?.(cur) === true) violation = { property: DEADLOCK, state: index, depth };
    if (visitor.violatedProperty >= 0 && violation === undefined) {
      violation = { property: visitor.violatedProperty, state: visitor.violatedState, depth: depth + 1 };
    }
    index++;
  }
  // The deepest level reached: the violation's, or one past the last expanded if it found states.
  if (violation !== undefined) depth = violation.depth;
  else if (store.size > levelEnd) depth++;
  queue.close();
  const result = outcome(clock, store, { violation, stoppedBy, depthCut, transitions, depth, frontierBytes: queue.peakBytes });
  return queue.spilledBytes > 0 ? { ...result, spilledBytes: queue.spilledBytes } : result;
}
