/**
 * Depth-first search: the frontier is a stack, so memory grows with depth
 * times branching rather than with the widest BFS level. It finds a
 * counterexample if one exists (when it finishes), but not necessarily a
 * shortest one.
 * NOTE: with `maxDepth`, a state first reached along a long path is cut there
 *   and not expanded again when a shorter path reaches it later; any cut makes
 *   the run `incomplete`, so no verdict depends on it.
 */
import type { ActorSystem } from '../actor-system/system-state.js';
import type { PropertyChecker } from '../properties.js';
import { normLo, type StateStore } from '../state-store.js';
import { StateStack } from '../state-queue.js';
import { Expander } from '../successors.js';
import { COUNT_ONLY, StoringVisitor, outcome, seed } from './common.js';
import { LimitClock, type LimitName, type SearchOptions, type SearchOutcome } from './limits.js';

const POLL_EVERY = 4096;

class StackVisitor extends StoringVisitor {
  /** Depth of the successors being stored. */
  depth = 0;
  constructor(
    store: StateStore,
    checker: PropertyChecker,
    private readonly stack: StateStack,
  ) {
    super(store, checker);
  }

  protected keep(succ: Int32Array, len: number, index: number): void {
    this.stack.push(succ, len, index, this.depth);
  }
}

export function dfs(sys: ActorSystem, store: StateStore, checker: PropertyChecker, options: SearchOptions): SearchOutcome {
  const clock = new LimitClock(options);
  const { maxStates = Infinity, maxDepth = Infinity } = options.limits;
  const stack = new StateStack(sys.layout);
  const expander = new Expander(sys);
  const visitor = new StackVisitor(store, checker, stack);
  const fp = new Int32Array(2);
  const meta = new Int32Array(3);
  let cur = new Int32Array(0);

  const { init, violation: initViolation } = seed(sys, store, checker);
  stack.push(init, init.length, 0, 0);
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
    if (cur.length < expander.capacity) cur = new Int32Array(expander.capacity);
    stack.pop(cur, meta);
    const index = meta[1] as number;
    const depth = meta[2] as number;
    sys.fingerprint(cur, fp);
    const hi = fp[0] as number;
    const lo = normLo(hi, fp[1] as number);
    if (depth >= maxDepth) {
      if (expander.expand(cur, hi, lo, COUNT_ONLY) > 0) depthCut = true;
      continue;
    }
    visitor.parent = index;
    visitor.depth = depth + 1;
    const before = store.size;
    transitions += expander.expand(cur, hi, lo, visitor);
    if (store.size > before && depth + 1 > maxSeen) maxSeen = depth + 1;
    if (visitor.violatedProperty >= 0) {
      violation = { property: visitor.violatedProperty, state: visitor.violatedState, depth: depth + 1 };
    }
  }
  return outcome(clock, store, { violation, stoppedBy, depthCut, transitions, depth: maxSeen, frontierBytes: stack.peakBytes });
}
