/**
 * Known-bug variants of Viewstamped Replication, each breaking one rule of
 * Liskov & Cowling, "Viewstamped Replication Revisited" (MIT TR 2012).
 * `agora check vr --bug NAME` must find a counterexample for each; the tests
 * pin the length of the shortest one.
 * NOTE: `recovering-replica-votes` (a recovering replica answers before it
 *   has recovered, §4.3) is not here: it needs crash-recovery, a fault kind
 *   the explorer does not have yet. The recovery handlers exist
 *   (`machines/vr/replica.machine.ts`, tested one step at a time in
 *   test/machines/vr/replica.test.ts), so that bug will be a guard away once
 *   the explorer restarts nodes.
 */

export const VR_BUGS = {
  'log-by-opnumber':
    "the new primary takes the log with the largest op-number, ignoring the view in which each sender was last normal; breaks §4.2 step 3 (select the log of the DoViewChange with the largest v', and among those the largest n)",
  'view-change-quorum-f':
    'the new primary starts the view with f DoViewChange messages (its own included) instead of f + 1; breaks §4.2 step 3 (wait for f + 1 DoViewChange messages from different replicas, including itself)',
} as const;

export type VrBug = keyof typeof VR_BUGS;

export function isVrBug(name: string): name is VrBug {
  return Object.hasOwn(VR_BUGS, name);
}
