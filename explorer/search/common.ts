/**
 * What BFS and DFS share: the visitor that stores each new successor (and
 * checks the properties on it), seeding the search with the initial state,
 * and assembling the outcome.
 */
import type { Model, SuccessorVisitor } from '../model.js';
import type { StateStore } from '../state-store.js';
import type { LimitClock, LimitName, SearchOutcome } from './limits.js';

/**
 * Stores every successor whose fingerprint is new, checks it, and hands it to
 * `keep`. It also decides the partial-order reduction's cycle proviso
 * (`closesCycle`) by discovery order, which needs each state's index in the
 * store (on a store without indexes every reduced state that meets a stored
 * one expands in full): a successor already stored at an index not above the
 * expanded state's may close a cycle of reduced expansions. On every such
 * cycle the state discovered last has one, so it expands in full. In BFS the
 * order within a level is (parent's index, step number): a search split over
 * workers (`parallel/`) ranks each level in that order to take the same decisions.
 */
export abstract class StoringVisitor implements SuccessorVisitor {
  /** Index of the state being expanded. */
  parent = 0;
  violatedProperty = -1;
  violatedState = -1;
  /** XOR of touched slots, kept so the loads are not optimised away. */
  sink = 0;
  private lastIndex = -1;
  /** After a refused offer: the stored state's index (-1 on a store without indexes). */
  private seen = -1;

  constructor(
    private readonly store: StateStore,
    private readonly model: Model,
  ) {}

  /** Puts a new state (valid only during the call) on the frontier. */
  protected abstract keep(succ: Int32Array, len: number, index: number): void;

  touch(hi: number, lo: number): void {
    this.sink ^= this.store.touch(hi, lo);
  }

  offer(hi: number, lo: number, step: number): boolean {
    this.lastIndex = this.store.insert(hi, lo, this.parent, step);
    if (this.lastIndex >= 0) return true;
    this.seen = this.store.lastFound;
    return false;
  }

  closesCycle(): boolean {
    return this.seen < 0 || this.seen <= this.parent;
  }

  accept(succ: Int32Array, len: number): void {
    this.keep(succ, len, this.lastIndex);
    if (this.violatedProperty < 0) {
      const p = this.model.check(succ);
      if (p >= 0) {
        this.violatedProperty = p;
        this.violatedState = this.lastIndex;
      }
    }
  }
}

/** Counts enabled steps without storing anything (to tell whether a depth cut lost states). */
export const COUNT_ONLY: SuccessorVisitor = { offer: () => false, accept: () => undefined };

/**
 * Stores the initial states (one per orbit); returns those stored, with their
 * indexes, and the first violation they already show, if any.
 */
export function seed(model: Model, store: StateStore): { init: { state: Int32Array; index: number }[]; violation?: SearchOutcome['violation'] } {
  const fp = new Int32Array(2);
  const init: { state: Int32Array; index: number }[] = [];
  let violation: SearchOutcome['violation'];
  for (const state of model.initialStates()) {
    model.fingerprint(state, fp);
    const index = store.insert(fp[0] as number, fp[1] as number, -1, 0);
    if (index < 0) continue;
    init.push({ state, index });
    const p = model.check(state);
    if (p >= 0 && violation === undefined) violation = { property: p, state: index, depth: 0 };
  }
  return violation !== undefined ? { init, violation } : { init };
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
