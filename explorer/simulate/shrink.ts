/**
 * Shrinking a failing schedule to a short counterexample, by delta debugging
 * (Zeller & Hildebrandt, "Simplifying and Isolating Failure-Inducing Input",
 * TSE 2002): remove chunks of steps, halving the chunk size down to single
 * steps, and keep every removal after which the schedule still replays and
 * still violates the same property; repeat single-step removals until none
 * succeeds. The result is 1-minimal: removing any one step breaks it (no
 * longer replays, or no longer fails).
 *
 * Steps are identified by what they are (`schedule.ts`: kind, node,
 * message), so a later step still means the same thing once an earlier one
 * is gone; a step that is no longer enabled (its message was never sent)
 * makes the candidate fail to replay, and it is rejected.
 * NOTE: removal only: the shrinker never reorders steps. A 1-minimal
 * schedule is not always a shortest one; BFS (`agora check`) gives that.
 */
import type { StepKind } from '../actor-system/actions.js';
import type { ActorModel } from '../actor-system/actor-model.js';
import { StepFinder, type StepId } from './schedule.js';

export interface ShrinkResult<T> {
  readonly items: T[];
  /** Candidates tested. */
  readonly tests: number;
  /** Whether the test budget ran out before the schedule was 1-minimal. */
  readonly cut: boolean;
}

/**
 * Delta debugging over a list. `fails(candidate)` returns the length of the
 * candidate's prefix at whose end the failure shows (the candidate is then
 * cut there), or -1 when the candidate does not fail. It stops early, with
 * what it has, after `maxTests` candidates or once `spent()` says so.
 */
export function shrinkList<T>(items: readonly T[], fails: (candidate: readonly T[]) => number, maxTests = 20_000, spent: () => boolean = () => false): ShrinkResult<T> {
  let current = [...items];
  let tests = 0;
  let chunk = Math.max(1, current.length >> 1);
  for (;;) {
    let removed = false;
    for (let start = 0; start < current.length; ) {
      if (tests >= maxTests || spent()) return { items: current, tests, cut: true };
      const candidate = [...current.slice(0, start), ...current.slice(start + chunk)];
      tests++;
      const at = fails(candidate);
      if (at >= 0) {
        // Keep the removal; the next chunk now starts where this one did.
        current = candidate.slice(0, at);
        removed = true;
      } else start += chunk;
    }
    if (chunk === 1 && !removed) return { items: current, tests, cut: false };
    chunk = Math.max(1, chunk >> 1);
  }
}

/**
 * Replays a schedule of StepIds on `model` from its initial state; returns
 * the number of steps after which property `property` is the first one
 * violated, or -1 when a step is not enabled, another property fails first,
 * or the schedule ends without a violation.
 */
export function replayFails(model: ActorModel, finder: StepFinder, steps: readonly StepId[], property: number, count?: (steps: number) => void): number {
  count?.(steps.length);
  let cur = model.initialVector();
  let p = model.check(cur);
  if (p >= 0) return p === property ? 0 : -1;
  for (let i = 0; i < steps.length; i++) {
    const { kind, slot, arg } = steps[i] as StepId;
    const match = (k: StepKind, s: number, a: number): boolean => k === kind && s === slot && a === arg;
    if (finder.find(model, cur, match) < 0) return -1;
    cur = finder.state;
    p = model.check(cur);
    if (p >= 0) return p === property ? i + 1 : -1;
    // The finder reuses its buffer: take a copy before the next search overwrites it.
    cur = cur.slice();
  }
  return -1;
}

/**
 * Steps the shrinker may replay in all (about 10-30 s): a long walk would
 * otherwise cost up to (length^2) replays of (length) steps each.
 */
export const MAX_SHRINK_STEPS = 20_000_000;

/** Shrinks a violating schedule of `model` (StepIds) to a 1-minimal one that violates the same property. */
export function shrinkSchedule(model: ActorModel, steps: readonly StepId[], property: number, maxTests?: number): ShrinkResult<StepId> {
  const finder = new StepFinder();
  let replayed = 0;
  const count = (n: number): void => {
    replayed += n;
  };
  return shrinkList(steps, (candidate) => replayFails(model, finder, candidate, property, count), maxTests, () => replayed > MAX_SHRINK_STEPS);
}
