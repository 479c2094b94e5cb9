/**
 * Depth-first search: the frontier is a stack, so memory grows with depth
 * times branching rather than with the widest BFS level. It finds a
 * counterexample if one exists (when it finishes), but not necessarily a
 * shortest one.
 * NOTE: with `maxDepth`, a state first reached along a long path is cut there
 *   and not expanded again when a shorter path reaches it later; any cut makes
 *   the run `incomplete`, so no verdict depends on it.
 */
import type { StepKind } from '../actor-system/actions.js';
import type { ActorSystem } from '../actor-system/system-state.js';
import type { PropertyChecker } from '../properties.js';
import { normLo, type StateStore } from '../state-store.js';
import { StateStack } from '../state-queue.js';
import { Expander, type SuccessorVisitor } from '../successors.js';
import { LimitClock, type LimitName, type SearchOptions, type SearchOutcome } from './limits.js';

const POLL_EVERY = 4096;

class DfsVisitor implements SuccessorVisitor {
  parent = 0;
  depth = 0;
  violatedProperty = -1;
  violatedState = -1;
  private lastIndex = -1;
  constructor(
    private readonly store: StateStore,
    private readonly stack: StateStack,
    private readonly checker: PropertyChecker,
  ) {}

  offer(hi: number, lo: number, step: number): boolean {
    this.lastIndex = this.store.insert(hi, lo, this.parent, step);
    return this.lastIndex >= 0;
  }

  accept(succ: Int32Array, len: number, _kind: StepKind, _slot: number, _arg: number): void {
    this.stack.push(succ, len, this.lastIndex, this.depth);
    if (this.violatedProperty < 0) {
      const p = this.checker.firstViolated(succ);
      if (p >= 0) {
        this.violatedProperty = p;
        this.violatedState = this.lastIndex;
      }
    }
  }
}

const COUNT_ONLY: SuccessorVisitor = { offer: () => false, accept: () => undefined };

export function dfs(sys: ActorSystem, store: StateStore, checker: PropertyChecker, options: SearchOptions): SearchOutcome {
  const clock = new LimitClock(options);
  const { maxStates = Infinity, maxDepth = Infinity } = options.limits;
  const stack = new StateStack(sys.layout);
  const expander = new Expander(sys);
  const visitor = new DfsVisitor(store, stack, checker);
  const fp = new Int32Array(2);
  const meta = new Int32Array(3);
  let cur = new Int32Array(0);

  const init = sys.initialVector();
  sys.fingerprint(init, fp);
  const initIndex = store.insert(fp[0] as number, normLo(fp[0] as number, fp[1] as number), -1, 0);
  stack.push(init, init.length, initIndex, 0);
  let transitions = 0;
  let maxSeen = 0;
  let stoppedBy: LimitName | undefined;
  let depthCut = false;
  let violation: SearchOutcome['violation'];
  const initViolated = checker.firstViolated(init);
  if (initViolated >= 0) violation = { property: initViolated, state: initIndex, depth: 0 };

  let expanded = 0;
  while (violation === undefined && stack.size > 0) {
    if ((expanded++ & (POLL_EVERY - 1)) === 0) {
      const hit = clock.poll(() => ({ states: store.size, transitions, queue: stack.size, depth: maxSeen }));
      if (hit !== undefined) {
        stoppedBy = hit;
        break;
      }
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
  if (stoppedBy === undefined && depthCut) stoppedBy = 'max-depth';
  clock.sampleRss();
  const status = violation !== undefined ? 'violation' : stoppedBy !== undefined ? 'incomplete' : 'ok';
  return {
    status,
    ...(status === 'incomplete' && stoppedBy !== undefined ? { stoppedBy } : {}),
    ...(violation !== undefined ? { violation } : {}),
    states: store.size,
    transitions,
    depth: maxSeen,
    seconds: clock.seconds(),
    peakRssBytes: clock.peakRss,
    peakFrontierBytes: stack.peakBytes,
  };
}
