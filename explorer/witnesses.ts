/**
 * Witnesses (`sometimes(P)`) and the vacuity check: while a search stores
 * new states, each witness not yet seen is evaluated on them (cached per
 * local state like an invariant, `properties.ts`), and the first state that
 * satisfies it is remembered, so the report can say at which depth the model
 * first does it, or warn that it never does: a safety check that passes on a
 * model that never decides anything proves little.
 *
 * Soundness with the reductions: a witness declares the nodes it reads, and
 * the partial-order reduction treats it as visible (`ActorModelOptions.visible`),
 * which preserves the reachability of a state satisfying it; with symmetry, a
 * witness must be invariant under the declared renamings (as invariants must).
 */
import type { Property, SystemView, TemporalProperty } from '../spec/core/property.js';
import type { ActorModel } from './actor-system/actor-model.js';
import type { Model } from './model.js';
import { PropertyChecker } from './properties.js';
import type { StateStore } from './state-store.js';
import { chainTo } from './trace.js';

/** What a report says of one witness. */
export interface WitnessResult {
  readonly name: string;
  readonly description: string;
  /** Whether a reachable state satisfies it; null when the search stopped before finding one. */
  readonly reached: boolean | null;
  /** Steps from the initial state to the first state found that satisfies it (BFS: the fewest). */
  readonly depth?: number;
  /** The warning when it is unreachable, e.g. `no state decides v1: the check may be vacuous`. */
  readonly warning?: string;
}

/** A witness as an invariant whose violation means "found": `holds` is the negation of the goal. */
export function asProperty(p: TemporalProperty<SystemView>, predicate: (v: SystemView) => boolean = p.goal): Property<SystemView> {
  return p.reads === undefined
    ? { name: p.name, description: p.description, holds: predicate }
    : { name: p.name, description: p.description, holds: predicate, reads: p.reads };
}

export class WitnessTracker {
  private readonly checkers: PropertyChecker[];
  /** Per witness: the index of the first state found satisfying it, or -1. */
  readonly found: Int32Array;
  private left: number;

  constructor(
    sys: ActorModel,
    private readonly store: StateStore,
    readonly witnesses: readonly TemporalProperty<SystemView>[],
  ) {
    // A checker per witness, whose "violation" is the witness's goal holding.
    this.checkers = witnesses.map((w) => new PropertyChecker(sys.interner, sys.layout, [asProperty(w, (v) => !w.goal(v))]));
    this.found = new Int32Array(witnesses.length).fill(-1);
    this.left = witnesses.length;
  }

  /** Looks at a state just stored (the last index of the store). */
  see(state: Int32Array): void {
    if (this.left === 0) return;
    for (let w = 0; w < this.checkers.length; w++) {
      if (this.found[w] !== -1) continue;
      if ((this.checkers[w] as PropertyChecker).firstViolated(state) === 0) {
        this.found[w] = this.store.size - 1;
        this.left--;
      }
    }
  }

  /** The results; `complete`: the search explored every reachable state, so an unseen witness is unreachable. */
  results(complete: boolean): WitnessResult[] {
    return this.witnesses.map((w, i) => {
      const at = this.found[i] as number;
      if (at >= 0) return { name: w.name, description: w.description, reached: true, depth: chainTo(this.store, at).length - 1 };
      if (!complete) return { name: w.name, description: w.description, reached: null };
      const what = w.unreachable ?? `no reachable state satisfies ${w.name}`;
      return { name: w.name, description: w.description, reached: false, warning: `${what}: the check may be vacuous` };
    });
  }
}

/** `model`, with `tracker` shown every state the search stores (the search calls `check` once per new state). */
export function withWitnesses(model: Model, tracker: WitnessTracker): Model {
  const wrapped: Model = {
    initialStates: () => model.initialStates(),
    fingerprint: (s, out) => model.fingerprint(s, out),
    expand: (s, visitor) => model.expand(s, visitor),
    get capacity() {
      return model.capacity;
    },
    check: (s) => {
      tracker.see(s);
      return model.check(s);
    },
  };
  if (model.beginLevel !== undefined) wrapped.beginLevel = (d) => model.beginLevel?.(d);
  if (model.beginState !== undefined) wrapped.beginState = (r) => model.beginState?.(r);
  if (model.fairnessTask !== undefined) wrapped.fairnessTask = (step) => (model.fairnessTask as (s: number) => number)(step);
  return wrapped;
}
