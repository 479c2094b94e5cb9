/**
 * Known-bug variants of Viewstamped Replication, each breaking one rule of
 * Liskov & Cowling, "Viewstamped Replication Revisited" (MIT TR 2012).
 * `agora check vr --bug NAME` must find a counterexample for each; the tests
 * pin the length of the shortest one.
 * `recovering-replica-votes` needs crash-recovery (`--recoveries`): without
 * a restart no replica is ever recovering, so its showcase is vr-recover.
 */

import type { BugShowcase, RunBounds } from '../core/registry.js';

export const VR_BUGS = {
  'log-by-opnumber':
    "the new primary takes the log with the largest op-number, ignoring the view in which each sender was last normal; breaks §4.2 step 3 (select the log of the DoViewChange with the largest v', and among those the largest n)",
  'view-change-quorum-f':
    'the new primary starts the view with f DoViewChange messages (its own included) instead of f + 1; breaks §4.2 step 3 (wait for f + 1 DoViewChange messages from different replicas, including itself)',
  'recovering-replica-votes':
    'a replica restarted after a crash takes part in view changes (StartViewChange, DoViewChange) and answers Prepares with the empty state it restarted with, before it has recovered; breaks §4.3 (a recovering replica does not take part in request processing or view changes until it has recovered its state)',
} as const;

export type VrBug = keyof typeof VR_BUGS;

export function isVrBug(name: string): name is VrBug {
  return Object.hasOwn(VR_BUGS, name);
}

const param = (b: RunBounds, name: string): number => b.params[name] ?? 0;

/** The bugs are in the view change: --views 0 has none, nor --timers 0 (no backup ever starts one). */
const viewChange = (b: RunBounds): string | undefined => {
  if (param(b, 'views') < 1) return 'a view change: --views 1 or more';
  if (param(b, 'timers') < 1) return 'a view change: a backup whose timer fires (--timers 1)';
  return undefined;
};

/**
 * Where each bug variant shows (`agora check vr --bug NAME` runs there when no
 * bounds are named), and what any bounds need to reach it
 * (test/cli/help.test.ts runs the smallest bounds each condition allows).
 */
export const VR_BUG_SHOWCASES: Readonly<Record<VrBug, BugShowcase>> = {
  'view-change-quorum-f': { config: 'vr-s', unreachable: viewChange },
  // A log with the larger op-number but an older last normal view: it takes a view change to leave it behind, and another to pick it.
  'log-by-opnumber': {
    config: 'vr-stale',
    unreachable: (b) =>
      viewChange(b) ??
      (param(b, 'views') < 2 ? 'two view changes, the first leaving a log behind and the second picking it (--views 2)' : undefined) ??
      (param(b, 'clients') * param(b, 'commands') < 2 ? 'two commands for the logs to differ in (e.g. --clients 2)' : undefined),
  },
  'recovering-replica-votes': {
    config: 'vr-recover',
    unreachable: (b) => (b.faults.recoveries < 1 ? 'crash-recovery: a replica that restarts (--crashes 1 --recoveries 1)' : viewChange(b)),
  },
};
