/**
 * Synod safety properties — "Paxos Made Simple" §2.1 (the safety
 * requirements) as stated in `shared/benchmarks/synod.md` ("Properties").
 * Crashed learners still count: what a learner decided before crashing stays decided.
 */
import { always, type Property, type SystemView } from '../core/property.js';
import type { LearnerState, Value } from './state.js';

/** Agreement: at most one value is decided (`|decided| ≤ 1`, over every learner). */
export function agreementHolds(learners: readonly LearnerState[]): boolean {
  let first: Value | undefined;
  for (const l of learners) {
    for (const v of l.decided) {
      if (first === undefined) first = v;
      else if (v !== first) return false;
    }
  }
  return true;
}

/** Validity: every decided value was proposed (is one of `proposed`). */
export function validityHolds(learners: readonly LearnerState[], proposed: readonly Value[]): boolean {
  return learners.every((l) => l.decided.every((v) => proposed.includes(v)));
}

/** The synod properties over a system whose learners sit at `learnerSlots`. */
export function synodProperties(learnerSlots: readonly number[], proposed: readonly Value[]): Property<SystemView>[] {
  const learners = (view: SystemView): LearnerState[] => learnerSlots.map((i) => view.locals[i] as LearnerState);
  return [
    always('agreement', 'at most one value is decided: |decided| ≤ 1 ("Paxos Made Simple" §2.1)', (v) =>
      agreementHolds(learners(v)),
      learnerSlots,
    ),
    always('validity', 'only a proposed value is decided ("Paxos Made Simple" §2.1)', (v) =>
      validityHolds(learners(v), proposed),
      learnerSlots,
    ),
  ];
}
