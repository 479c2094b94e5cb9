/**
 * What BFS and DFS share: the visitor that stores each new successor (and
 * checks the properties on it), seeding the search with the initial state,
 * and assembling the outcome.
 */
import type { StepKind } from '../actor-system/actions.js';
import type { ActorSystem } from '../actor-system/system-state.js';
import type { PropertyChecker } from '../properties.js';
import { normLo, type StateStore } from '../state-store.js';
import type { SuccessorVisitor } from '../successors.js';
import type { LimitClock, LimitName, SearchOutcome } from './limits.js';

/** Stores every successor whose fingerprint is new, checks it, and hands it to `keep`. */
export abstract class StoringVisitor implements SuccessorVisitor {
  /** Index of the state being expanded. */
  parent = 0;
  violatedProperty = -1;
  violatedState = -1;
  /** XOR of touched slots, kept so the loads are not optimised away. */
  sink = 0;
  private lastIndex = -1;

  constructor(
    private readonly store: StateStore,
    private readonly checker: PropertyChecker,
  ) {}

  /** Puts a new state (valid only during the call) on the frontier. */
  protected abstract keep(succ: Int32Array, len: number, index: number): void;

  touch(hi: number, lo: number): void {
    this.sink ^= this.store.touch(hi, lo);
  }

  offer(hi: number, lo: number, step: number): boolean {
    this.lastIndex = this.store.insert(hi, lo, this.parent, step);
    return this.lastIndex >= 0;
  }

  accept(succ: Int32Array, len: number, _kind: StepKind, _slot: number, _arg: number): void {
    this.keep(succ, len, this.lastIndex);
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
export const COUNT_ONLY: SuccessorVisitor = { offer: () => false, accept: () => undefined };

/** Stores the initial state; returns its vector and the violation it already shows, if any. */
export function seed(sys: ActorSystem, store: StateStore, checker: PropertyChecker): { init: Int32Array; violation?: SearchOutcome['violation'] } {
  const init = sys.initialVector();
  const fp = new Int32Array(2);
  sys.fingerprint(init, fp);
  const index = store.insert(fp[0] as number, normLo(fp[0] as number, fp[1] as number), -1, 0);
  const p = checker.firstViolated(init);
  return p >= 0 ? { init, violation: { property: p, state: index, depth: 0 } } : { init };
}

/** The outcome of a search that ended with these facts. */
export function outcome(
  clock: LimitClock,
  store: StateStore,
  facts: { violation: SearchOutcome['violation']; stoppedBy: LimitName | undefined; depthCut: boolean; transitions: number; depth: number; frontierBytes: number },
): SearchOutcome {
  const stoppedBy = facts.stoppedBy ?? (facts.depthCut ? 'max-depth' : undefined);
  clock.sampleRss();
  const status = facts.violation !== undefined ? 'violation' : stoppedBy !== undefined ? 'incomplete' : 'ok';
  return {
    status,
    ...(status === 'incomplete' && stoppedBy !== undefined ? { stoppedBy } : {}),
    ...(facts.violation !== undefined ? { violation: facts.violation } : {}),
    states: store.size,
    transitions: facts.transitions,
    depth: facts.depth,
    seconds: clock.seconds(),
    peakRssBytes: clock.peakRss,
    peakFrontierBytes: facts.frontierBytes,
  };
}
