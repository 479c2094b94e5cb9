/**
 * Breadth-first search over packed global states. States are numbered in
 * discovery order, which BFS also expands in, so a state's index is its
 * position in the queue and levels are contiguous index ranges. The first
 * violating state found has the fewest steps: its trace is a shortest
 * counterexample.
 */
import type { StepKind } from '../actor-system/actions.js';
import type { ActorSystem } from '../actor-system/system-state.js';
import type { PropertyChecker } from '../properties.js';
import { normLo, type StateStore } from '../state-store.js';
import { StateQueue } from '../state-queue.js';
import { Expander, type SuccessorVisitor } from '../successors.js';
import { LimitClock, type LimitName, type SearchOptions, type SearchOutcome } from './limits.js';

const POLL_EVERY = 4096;

class BfsVisitor implements SuccessorVisitor {
  parent = 0;
  violatedProperty = -1;
  violatedState = -1;
  private lastIndex = -1;
  constructor(
    private readonly store: StateStore,
    private readonly queue: StateQueue,
    private readonly checker: PropertyChecker,
  ) {}

  /** Sum of touched slots, kept so the loads are not optimised away. */
  sink = 0;
  touch(hi: number, lo: number): void {
    this.sink ^= this.store.touch(hi, lo);
  }

  offer(hi: number, lo: number, step: number): boolean {
    this.lastIndex = this.store.insert(hi, lo, this.parent, step);
    return this.lastIndex >= 0;
  }

  accept(succ: Int32Array, len: number, _kind: StepKind, _slot: number, _arg: number): void {
    this.queue.push(succ, len);
    if (this.violatedProperty < 0) {
      const p = this.checker.firstViolated(succ);
      if (p >= 0) {
        this.violatedProperty = p;
        this.violatedState = this.lastIndex;
      }
    }
  }
}

/** Counts enabled steps without storing anything (to tell whether a depth cut lost states). */
const COUNT_ONLY: SuccessorVisitor = { offer: () => false, accept: () => undefined };

export function bfs(sys: ActorSystem, store: StateStore, checker: PropertyChecker, options: SearchOptions): SearchOutcome {
  const clock = new LimitClock(options);
  const { maxStates = Infinity, maxDepth = Infinity } = options.limits;
  const queue = new StateQueue(sys.layout);
  const expander = new Expander(sys);
  const visitor = new BfsVisitor(store, queue, checker);
  const fp = new Int32Array(2);
  let cur = new Int32Array(0);

  const init = sys.initialVector();
  sys.fingerprint(init, fp);
  const initIndex = store.insert(fp[0] as number, normLo(fp[0] as number, fp[1] as number), -1, 0);
  queue.push(init, init.length);
  let transitions = 0;
  let depth = 0;
  let levelEnd = store.size; // first index of the next level
  let stoppedBy: LimitName | undefined;
  let depthCut = false;
  let violation: SearchOutcome['violation'];

  const initViolated = checker.firstViolated(init);
  if (initViolated >= 0) violation = { property: initViolated, state: initIndex, depth: 0 };

  let index = 0;
  while (violation === undefined && queue.size > 0) {
    if (index === levelEnd) {
      depth++;
      levelEnd = store.size;
    }
    if ((index & (POLL_EVERY - 1)) === 0) {
      const hit = clock.poll(() => ({ states: store.size, transitions, queue: queue.size, depth }));
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
    queue.pop(cur);
    sys.fingerprint(cur, fp);
    const hi = fp[0] as number;
    const lo = normLo(hi, fp[1] as number);
    if (depth >= maxDepth) {
      if (expander.expand(cur, hi, lo, COUNT_ONLY) > 0) depthCut = true;
      index++;
      continue;
    }
    visitor.parent = index;
    transitions += expander.expand(cur, hi, lo, visitor);
    if (visitor.violatedProperty >= 0) {
      violation = { property: visitor.violatedProperty, state: visitor.violatedState, depth: depth + 1 };
    }
    index++;
  }
  if (violation !== undefined) depth = violation.depth;
  else if (store.size > levelEnd) depth++;
  if (stoppedBy === undefined && depthCut) stoppedBy = 'max-depth';
  clock.sampleRss();
  const status = violation !== undefined ? 'violation' : stoppedBy !== undefined ? 'incomplete' : 'ok';
  return {
    status,
    ...(status === 'incomplete' && stoppedBy !== undefined ? { stoppedBy } : {}),
    ...(violation !== undefined ? { violation } : {}),
    states: store.size,
    transitions,
    depth,
    seconds: clock.seconds(),
    peakRssBytes: clock.peakRss,
    peakFrontierBytes: queue.peakBytes,
  };
}
