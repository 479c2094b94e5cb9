/**
 * The Model interface: all that the search strategies (`search/*`) know of
 * what they explore. A state is an Int32Array vector; the model gives the
 * initial states, the successors of a state, the fingerprint that identifies
 * a state (with symmetry, its orbit), and the first property a state
 * violates. Nothing here is specific to actors, messages or xstate: the
 * actor system (`actor-system/actor-model.ts`) is one Model, and reductions
 * live behind `expand` and `fingerprint`.
 */
import type { SuccessorVisitor } from './successors.js';

export type { SuccessorVisitor };

export interface Model {
  /** The initial states (each a fresh vector). */
  initialStates(): Int32Array[];
  /** The state's fingerprint, into `out[0]` (hi) and `out[1]` (lo, normalised: never both zero). */
  fingerprint(state: Int32Array, out: Int32Array): void;
  /**
   * Offers every successor of `state` to `visitor` (which also decides the
   * partial-order reduction's cycle proviso); returns the number of steps taken.
   */
  expand(state: Int32Array, visitor: SuccessorVisitor): number;
  /** An upper bound on the length of every state vector produced so far. */
  readonly capacity: number;
  /**
   * Optional: a breadth-first search is about to expand level `depth`, and
   * then, in it, the state of rank `rank` (its place in the level, in BFS
   * order; DFS: the state's index). Lets the model order what it creates by
   * where the search first creates it, the same in every worker.
   */
  beginLevel?(depth: number): void;
  beginState?(rank: number): void;
  /**
   * Optional, for liveness under fairness: after an `expand` without
   * reductions, the fairness task that step number `step` of the expanded
   * state serves (`Expander.fairnessTask`): -1 when the step is never owed
   * (a fault), otherwise an id shared by the steps that serve the same task.
   */
  fairnessTask?(step: number): number;
  /** The index of the first property `state` violates, or -1. */
  check(state: Int32Array): number;
}
