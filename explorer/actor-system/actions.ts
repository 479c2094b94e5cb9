/**
 * The steps of a global state, a closed set:
 *   environment  an environment event (e.g. TIMEOUT) taken by a node whose machine can take it
 *   deliver      one copy of an in-flight message handed to its receiver and removed
 *   duplicate    a copy handed to its receiver while the message stays in flight
 *                (uses one unit of the duplication budget)
 *   drop         one copy removed with no other effect (lossy networks)
 *   crash        a node stops for good (crash-stop; messages to it stay in flight)
 *   byzantine    a message of the adversary's universe (`SystemSpec.byzantine`)
 *                delivered to its correct receiver; it stays available, so it
 *                may be delivered again, at any time, to the same receiver
 *   restart      a crashed node starts again (crash-recovery, `--recoveries`):
 *                its machine's initial state for its input, with the context
 *                fields its protocol declares stable (`NodeSpec.stable`) kept
 *                from before the crash; uses one unit of the recovery budget
 * NOTE: a lost message is indistinguishable from one never delivered; `drop`
 *   exists so that a state without that message is reachable.
 */

export const enum StepKind {
  Environment = 0,
  Deliver = 1,
  Duplicate = 2,
  Drop = 3,
  Crash = 4,
  Byzantine = 5,
  Restart = 6,
}

export const STEP_KIND_NAMES = ['environment', 'deliver', 'duplicate', 'drop', 'crash', 'byzantine', 'restart'] as const;
export type StepKindName = (typeof STEP_KIND_NAMES)[number];

export function assertNever(x: never): never {
  throw new Error(`unexpected value ${String(x)}`);
}
