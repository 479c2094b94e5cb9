/**
 * Depth-first search: the frontier is a stack, so memory grows with depth
 * times branching rather than with the widest BFS level. It finds a
 * counterexample if one exists (when it finishes), but not necessarily a
 * shortest one.
 * NOTE: with `maxDepth`, a state first reached along a long path is cut there
 *   and not expanded again when a shorter path reaches it later; any cut makes
 *   the run `incomplete`, so no verdict depends on it.
 */
import type { Model } from '../model.js';
import type { StateStore } from '../state-store.js';
import { StateStack } from '../state-queue.js';
import { COUNT_ONLY, StoringVisitor, outcome, seed } from './common.js';
import { DEADLOCK, LimitClock, type LimitName, type SearchOptions, type SearchOutcome } from './limits.js';

const POLL_EVERY = 4096;

class StackVisitor extends StoringVisitor {
  /** Depth of the successors being stored. */
  depth = 0;
  constructor(
    store: StateStore,
    model: Model,
    private readonly stack: StateStack,
  ) {
    super(store, model);
  }

  protected keep(succ: Int32Array, len: number, index: number): void {
    this.stack.push(succ, len, index, this.depth);
  }
}

export function dfs(model: Model, store: StateStore, options: SearchOptions): SearchOutcome {
  const clock = new LimitClock(options);
  const { maxStates = Infinity, maxDepth = Infinity } = options.limits;
  const stack = new StateStack();
  const visitor = new StackVisitor(store, model, stack);
  const meta = new Int32Array(3);
  let cur = new Int32Array(0);

  const { init, violation: initViolation } = seed(model, store);
  for (let k = init.length - 1; k >= 0; k--) stack.push((init[k] as (typeof init)[number]).state, (init[k] as (typeof init)[number]).state.length, (init[k] as (typeof init)[number]).index, 0);
  let violation = initViolation;
  let transitions = 0;
  let maxSeen = 0;
  let stoppedBy: LimitName | undefined;
  let depthCut = false;

  let expanded = 0;
  while (violation === undefined && stack.size > 0) {
    if ((expanded++ & (POLL_EVERY - 1)) === 0) {
      stoppedBy = clock.poll(() => ({ states: store.size, transitions, queue: stack.size, depth: maxSeen }));
      if (stoppedBy !== undefined) break;
    }
    if (store.size >= maxStates) {
      stoppedBy = 'max-states';
      break;
    }
    if (cur.length < model.capacity) cur = new Int32Array(model.capacity);
    stack.pop(cur, meta);
    const index = meta[1] as number;
    const depth = meta[2] as number;
    if (depth >= maxDepth) {
      if (model.expand(cur, COUNT_ONLY) > 0) depthCut = true;
      continue;
    }
    visitor.parent = index;
    model.beginState?.(index);
    visitor.depth = depth + 1;
    const before = store.size;
    const steps = model.expand(cur, visitor);
    transitions += steps;
    if (steps === 0 && options.deadlock?.(cur) === true) {
      violation = { property: DEADLOCK, state: index, depth };
      break;
    }
    if (store.size > before && depth + 1 > maxSeen) maxSeen = depth + 1;
    if (visitor.violatedProperty >= 0) {
      violation = { property: visitor.violatedProperty, state: visitor.violatedState, depth: depth + 1 };
    }
  }
  return outcome(clock, store, { violation, stoppedBy, depthCut, transitions, depth: maxSeen, frontierBytes: stack.peakBytes });
}
