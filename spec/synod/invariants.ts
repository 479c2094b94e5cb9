/**
 * Synod properties: safety — "Paxos Made Simple" §2.1 (the safety
 * requirements) as stated in `shared/benchmarks/synod.md` ("Properties").
 * Crashed learners still count: what a learner decided before crashing stays decided.
 * Liveness: `decided`, the progress half of §2.1 ("some proposed value is
 * eventually chosen"), which FLP says no asynchronous protocol guarantees
 * (`docs/impossibility.md`); and a witness per value, that it can be decided.
 */
import { always, eventually, setText, sometimes, type Property, type SystemView, type TemporalProperty } from '../core/property.js';
import type { LearnerState, ProposerState, Value } from './state.js';

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
      (v, nodes) => decidedText(learnerSlots, learners(v), nodes),
    ),
    always('validity', 'only a proposed value is decided ("Paxos Made Simple" §2.1)', (v) =>
      validityHolds(learners(v), proposed),
      learnerSlots,
      (v, nodes) => `${decidedText(learnerSlots, learners(v), nodes)}; proposed: ${setText(proposed)}`,
    ),
  ];
}

const COUNT = ['no values', 'one value', 'two values', 'three values'];

/** What the learners decided, e.g. `l0 decided {v0, v1}: two values`. */
export function decidedText(slots: readonly number[], learners: readonly LearnerState[], nodes: readonly string[]): string {
  const all = [...new Set(learners.flatMap((l) => l.decided))].sort();
  const each = learners.map((l, k) => `${nodes[slots[k] ?? -1] ?? `learner ${k}`} decided ${setText(l.decided)}`);
  return `${each.join(', ')}: ${COUNT[all.length] ?? `${all.length} values`}`;
}

/** Whether some learner has decided a value. */
export function someDecided(learners: readonly LearnerState[]): boolean {
  return learners.some((l) => l.decided.length > 0);
}

/**
 * The synod's temporal properties: `decided` (eventually some value is
 * decided) and a witness `decides-vi` per proposed value.
 */
export function synodTemporal(learnerSlots: readonly number[], proposed: readonly Value[]): TemporalProperty<SystemView>[] {
  const learners = (view: SystemView): LearnerState[] => learnerSlots.map((i) => view.locals[i] as LearnerState);
  return [
    eventually(
      'decided',
      'eventually some value is decided ("Paxos Made Simple" §2.1: "some proposed value is eventually chosen"; not guaranteed, by FLP: see docs/impossibility.md)',
      (v) => someDecided(learners(v)),
      { reads: learnerSlots },
    ),
    ...proposed.map((value) =>
      sometimes(`decides-${value}`, `some run decides ${value} (a witness: the check is not vacuous for it)`, (v) => learners(v).some((l) => l.decided.includes(value)), {
        reads: learnerSlots,
        unreachable: `no state decides ${value}`,
      }),
    ),
  ];
}

/**
 * The synod's final states: a value is decided, or every proposer that has
 * not crashed has spent its R rounds (NOTE: with rounds bounded, running out
 * of ballots is an acceptable end, not a deadlock; the protocol itself would
 * keep starting ballots).
 */
export function synodFinal(learnerSlots: readonly number[], proposerSlots: readonly number[]): (view: SystemView) => boolean {
  return (v) =>
    someDecided(learnerSlots.map((i) => v.locals[i] as LearnerState)) ||
    proposerSlots.every((i) => v.crashed[i] === true || (v.locals[i] as ProposerState).round >= (v.locals[i] as ProposerState).cfg.rounds);
}
