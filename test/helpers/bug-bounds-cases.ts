/**
 * The smallest bounds each bug variant's condition allows (spec/<p>/bugs.ts
 * `unreachable`), run through the CLI: each must catch the bug, with the
 * property and the length of the shortest counterexample pinned. The cases
 * that take seconds are `long`: test/long/bug-bounds.long.ts runs them,
 * test/cli/help.test.ts the rest (with the refusals one step below).
 */
export interface BugBoundsCase {
  readonly protocol: string;
  readonly bug: string;
  readonly property: string;
  readonly steps: number;
  readonly bounds: readonly string[];
  readonly long: boolean;
}

export const BUG_BOUNDS_CASES: readonly BugBoundsCase[] = [
  { protocol: 'synod', bug: 'own-value', property: 'agreement', steps: 10, bounds: ['--config', 'synod-xs', '--acceptors', '1'], long: false },
  { protocol: 'synod', bug: 'forgetful-acceptor', property: 'agreement', steps: 10, bounds: ['--config', 'synod-xs', '--acceptors', '1'], long: false },
  { protocol: 'synod', bug: 'minority-quorum', property: 'agreement', steps: 10, bounds: ['--config', 'synod-xs'], long: false },
  { protocol: 'synod', bug: 'superseded-vote', property: 'agreement', steps: 12, bounds: ['--config', 'synod-xs', '--rounds', '2', '--acceptors', '1'], long: false },
  { protocol: 'synod', bug: 'forget-promise', property: 'agreement', steps: 12, bounds: ['--config', 'synod-xs', '--acceptors', '1', '--crashes', '1', '--recoveries', '1', '--crash-only', 'a0'], long: false },
  { protocol: 'multipaxos', bug: 'no-recovery', property: 'agreement', steps: 19, bounds: ['--config', 'mp-tiny', '--clients', '2', '--replicas', '2'], long: true },
  { protocol: 'multipaxos', bug: 'skip-phase1', property: 'agreement', steps: 15, bounds: ['--config', 'mp-tiny', '--clients', '2', '--replicas', '2'], long: true },
  { protocol: 'multipaxos', bug: 'early-reply', property: 'agreement', steps: 15, bounds: ['--config', 'mp-tiny', '--clients', '2', '--replicas', '2'], long: true },
  { protocol: 'multipaxos', bug: 'early-reply', property: 'agreement', steps: 16, bounds: ['--config', 'mp-s', '--clients', '1', '--commands', '2'], long: true },
  { protocol: 'multipaxos', bug: 'early-reply', property: 'agreement', steps: 17, bounds: ['--config', 'mp-tiny', '--commands', '2', '--replicas', '2', '--slots', '2'], long: true },
  { protocol: 'spaxos', bug: 'order-unstable', property: 'durability', steps: 3, bounds: ['--config', 'sp-tiny'], long: false },
  { protocol: 'spaxos', bug: 'order-unstable', property: 'no-lost-request', steps: 11, bounds: ['--config', 'sp-tiny', '--property', 'no-lost-request', '--lossy', '--crashes', '1'], long: false },
  { protocol: 'pbft', bug: 'weak-prepare', property: 'prepared-agreement', steps: 6, bounds: ['--config', 'pbft-equivocation'], long: false },
  { protocol: 'pbft', bug: 'client-one-reply', property: 'client-accepts-correct', steps: 2, bounds: ['--config', 'pbft-tiny', '--adversary', 'full', '--faulty-primary', '0'], long: true },
  { protocol: 'raft', bug: 'vote-without-log-check', property: 'leader-completeness', steps: 7, bounds: ['--config', 'raft-tiny'], long: false },
  { protocol: 'raft', bug: 'append-without-consistency-check', property: 'log-matching', steps: 11, bounds: ['--config', 'raft-s3', '--clients', '3', '--commands', '1'], long: true },
  { protocol: 'raft', bug: 'append-without-consistency-check', property: 'state-machine-safety', steps: 13, bounds: ['--config', 'raft-s3', '--commands', '2', '--terms', '3'], long: false },
  { protocol: 'raft', bug: 'append-without-consistency-check', property: 'state-machine-safety', steps: 15, bounds: ['--config', 'raft-s3', '--commands', '1', '--terms', '4'], long: true },
  { protocol: 'raft', bug: 'forget-votedfor', property: 'election-safety', steps: 10, bounds: ['--config', 'raft-recover', '--candidates', '2', '--terms', '3', '--crash-only', 's2'], long: false },
  { protocol: 'vr', bug: 'view-change-quorum-f', property: 'committed-survives', steps: 7, bounds: ['--config', 'vr-tiny'], long: false },
];
