/**
 * Named Viewstamped Replication configurations (Liskov & Cowling, "Viewstamped
 * Replication Revisited", MIT TR 2012, §4). `expected` pins what the explorer
 * found and, for the small ones, the naive reference explorer confirmed
 * (distinct states, transitions, BFS depth) on the correct protocol, unreduced.
 * NOTE: the sizes bound what the paper leaves unbounded: views (V), client
 *   commands (K), which backups' timers fire (E); `commits` and `stale`
 *   choose a modelling shortcut each (see `machines/vr/`).
 */
import type { ConfigFaults, StateCounts } from '../core/registry.js';

/** The sizes of one VR cluster. */
export interface VrSizes {
  /** C clients `c0..`, all played by the node `clients`. */
  readonly clients: number;
  /** K commands per client. */
  readonly commands: number;
  /** N replicas `r0..`; f = ⌊(N − 1) / 2⌋. */
  readonly replicas: number;
  /** E: the backups r1..rE whose view-change timer may fire (the others change views only when told to). */
  readonly timers: number;
  /** V: the highest view (r0 leads view 0 from the start; view changes may start views 1..V). */
  readonly views: number;
  /** 1: the primary sends a Commit when its commit-number advances (§4.1 step 5); 0: backups learn it from the next Prepare or StartView only. */
  readonly commits: number;
  /** 1: start from a stale primary (`machines/vr/system.ts`): r0 still leads view 0 with two uncommitted requests while r1 and r2 run view 1 without it (C=3, K=1, N=3). */
  readonly stale: number;
}

export interface VrConfig extends VrSizes {
  readonly name: string;
  readonly description: string;
  readonly expected?: StateCounts;
  /** The counts with the partial-order reduction (on by default in the CLI, `ignores.ts`), pinned by test/protocols/pinned-configs.test.ts (the small ones) or test/long/vr.long.ts. */
  readonly reduced?: StateCounts;
  /** Faults the configuration runs with (crash-recovery for vr-recover). */
  readonly faults?: ConfigFaults;
}

export const VR_PARAMETERS = [
  { name: 'clients', description: 'C, the number of clients', min: 1, max: 4 },
  { name: 'commands', description: 'K, the commands each client issues', min: 1, max: 4 },
  { name: 'replicas', description: 'N, the number of replicas (f = ⌊(N − 1)/2⌋ failures tolerated)', min: 3, max: 7 },
  { name: 'timers', description: 'E, the backups r1..rE whose view-change timer may fire (the others join a view change only when told to)', min: 0, max: 6 },
  { name: 'views', description: 'V, the highest view: r0 leads view 0, so V view changes at most may succeed one another', min: 0, max: 6 },
  { name: 'commits', description: '1: the primary sends a Commit to the backups when its commit-number advances; 0: never (the next Prepare or StartView carries it)', min: 0, max: 1 },
  { name: 'stale', description: "1: start with r0 still leading view 0 with c0's and c1's requests uncommitted in its log, while r1 and r2 run view 1 without it (C=3, K=1, N=3)", min: 0, max: 1, scenario: true },
] as const;

export const VR_PARAMETER_NAMES = VR_PARAMETERS.map((p) => p.name);

export const VR_CONFIGS: readonly VrConfig[] = [
  { name: 'vr-tiny', description: 'three replicas, one view change (r1 may time out), one command, for tests', clients: 1, commands: 1, replicas: 3, timers: 1, views: 1, commits: 0, stale: 0, expected: { states: 83_009, transitions: 458_856, depth: 20 }, reduced: { states: 32_790, transitions: 159_661, depth: 20 } },
  { name: 'vr-commit', description: 'three replicas, one view change, one command, with Commit messages', clients: 1, commands: 1, replicas: 3, timers: 2, views: 1, commits: 1, stale: 0, expected: { states: 593_890, transitions: 4_088_875, depth: 24 }, reduced: { states: 109_692, transitions: 595_706, depth: 24 } },
  { name: 'vr-s', description: 'three replicas, one view change, one client with two commands (the default)', clients: 1, commands: 2, replicas: 3, timers: 2, views: 1, commits: 0, stale: 0, expected: { states: 3_498_844, transitions: 24_977_303, depth: 30 }, reduced: { states: 690_904, transitions: 4_200_511, depth: 30 } },
  {
    name: 'vr-stale',
    description: 'from a stale primary: r0 holds two uncommitted requests in view 0 while r1 leads view 1; a third client commits there, then a second view change (the showcase of log-by-opnumber)',
    clients: 3,
    commands: 1,
    replicas: 3,
    timers: 2,
    views: 2,
    commits: 0,
    stale: 1,
    expected: { states: 266_534, transitions: 1_667_389, depth: 22 },
    reduced: { states: 55_366, transitions: 285_528, depth: 22 },
  },
  {
    name: 'vr-recover',
    description:
      'vr-tiny where r2 may crash once and restart with nothing but its nonce counter, then run the recovery protocol (--crashes 1 --recoveries 1 --crash-only r2): the showcase of recovering-replica-votes',
    clients: 1,
    commands: 1,
    replicas: 3,
    timers: 1,
    views: 1,
    commits: 0,
    stale: 0,
    faults: { crashes: 1, recoveries: 1, crashOnly: ['r2'] },
    expected: { states: 2_174_605, transitions: 13_975_514, depth: 26 },
    reduced: { states: 1_451_078, transitions: 8_762_354, depth: 26 },
  },
  // Larger: no unreduced count (over 24 million states); the counts with the partial-order
  // reduction (on by default in the CLI, spec/vr/ignores.ts) are pinned in test/long/vr.long.ts.
  { name: 'vr-c2', description: 'two clients with one command each, concurrent, and one view change; checked with the partial-order reduction (its counts are pinned in test/long/vr.long.ts)', clients: 2, commands: 1, replicas: 3, timers: 2, views: 1, commits: 0, stale: 0, reduced: { states: 5_696_915, transitions: 36_078_166, depth: 30 } },
  { name: 'vr-v2', description: 'two view changes from the initial state (views 0, 1, 2), one command; checked with the partial-order reduction (its counts are pinned in test/long/vr.long.ts)', clients: 1, commands: 1, replicas: 3, timers: 2, views: 2, commits: 0, stale: 0, reduced: { states: 9_592_311, transitions: 66_192_030, depth: 33 } },
];

export const DEFAULT_VR_CONFIG = 'vr-s';

/** Short form of the sizes. */
export function describeVrSizes(p: Readonly<Record<string, number>>): string {
  return `C=${p['clients']} K=${p['commands']} N=${p['replicas']} E=${p['timers']} V=${p['views']}${p['commits'] === 1 ? ' with Commit messages' : ''}${p['stale'] === 1 ? ' from a stale primary' : ''}`;
}
