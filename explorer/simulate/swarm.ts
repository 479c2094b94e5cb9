/**
 * How a walk chooses among the enabled steps of a state.
 *
 * Without swarm: uniformly among the enabled steps. A kind with many enabled
 * steps (the messages in flight, a Byzantine adversary's universe) is taken
 * in proportion to how many it has.
 *
 * With swarm (Groce, Zhang, Eide, Chen & Regehr, "Swarm Testing", ISSTA
 * 2012): each run draws its own configuration, and chooses first a kind, in
 * proportion to the run's weight for it among the kinds enabled, then a step
 * of that kind uniformly. Each fault kind (drop, duplicate, crash, the
 * adversary's sends) is switched off in about one run of three; the others
 * get a weight from 1/8 to 8, drawn log-uniformly. So some runs never drop a
 * message, some time out at every chance, some let the adversary speak
 * rarely: a uniform walk tends to average such schedules away, while a
 * bug often needs one of them pushed to the extreme.
 */
import { STEP_KIND_NAMES, StepKind, type StepKindName } from '../actor-system/actions.js';
import type { RunRandom } from './random.js';

/** Per `StepKind`: the run's weight for the kind; 0 switches it off. */
export type KindWeights = Float64Array;

/** The kinds a swarm run may switch off: faults, whose absence is a behaviour worth testing. */
const OPTIONAL: readonly StepKind[] = [StepKind.Drop, StepKind.Duplicate, StepKind.Crash, StepKind.Byzantine];

/**
 * Draws a run's swarm weights. Always draws the same number of values, so
 * the rest of the run's stream does not depend on the outcome.
 */
export function swarmWeights(rng: RunRandom): KindWeights {
  const w = new Float64Array(STEP_KIND_NAMES.length);
  // Draws for the kinds up to Byzantine only (the stream of a seed stays as it was before restarts existed);
  // restarts (crash-recovery) take the crashes' weight.
  for (let k = 0; k <= StepKind.Byzantine; k++) {
    const off = rng.unit() < 1 / 3;
    const magnitude = 2 ** (rng.unit() * 6 - 3);
    w[k] = off && OPTIONAL.includes(k as StepKind) ? 0 : magnitude;
  }
  w[StepKind.Restart] = w[StepKind.Crash] as number;
  return w;
}

/**
 * A run's weights by kind name (for reports), e.g. `{ deliver: 2.1, drop: 0 }`,
 * for the kinds in `possible` (those the system can take at all).
 */
export function describeWeights(w: ArrayLike<number>, possible: readonly StepKind[]): Partial<Record<StepKindName, number>> {
  return Object.fromEntries(possible.map((k) => [STEP_KIND_NAMES[k], Math.round((w[k] ?? 0) * 100) / 100]));
}
