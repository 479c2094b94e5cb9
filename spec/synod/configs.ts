/**
 * Named synod configurations: the benchmark sizes of
 * `docs/benchmarks.md` ("Sizes") and smaller ones for the tests.
 * `expected` pins what the explorer found and the naive reference explorer
 * confirmed (distinct states, transitions, BFS depth); `undefined` where no
 * run has finished.
 */
import type { ConfigFaults, StateCounts } from '../core/registry.js';

/** The sizes of one synod cluster. */
export interface SynodSizes {
  /** P proposers `p0..p(P-1)`. */
  readonly proposers: number;
  /** A acceptors `a0..a(A-1)`. */
  readonly acceptors: number;
  /** R rounds per proposer. */
  readonly rounds: number;
  /**
   * Unbounded ballots (R is then ignored), patient timers and the ballot
   * quotient (`quotient.ts`): for liveness, `--property decided`.
   */
  readonly unbounded?: boolean;
}

/** Sizes plus the network of the benchmark: `lossy` is the `synod-lossy` variant (any message may be dropped). */
export interface SynodParams extends SynodSizes {
  readonly lossy: boolean;
}

export interface SynodConfig extends SynodParams {
  readonly name: string;
  readonly description: string;
  /** Faults beyond `lossy` the configuration turns on (crash-recovery). */
  readonly faults?: ConfigFaults;
  readonly expected?: StateCounts;
  /** The counts with the reductions the CLI applies by default (symmetry and partial-order reduction): orbits, transitions, depth (pinned by test/protocols/pinned-configs.test.ts). */
  readonly reduced?: StateCounts;
}

export const SYNOD_CONFIGS: readonly SynodConfig[] = [
  { name: 'synod-tiny', description: 'P=1 A=2 R=1: one proposer, for tests', proposers: 1, acceptors: 2, rounds: 1, lossy: false, expected: { states: 18, transitions: 25, depth: 9 } },
  { name: 'synod-xs', description: 'P=2 A=2 R=1: two proposers, for tests', proposers: 2, acceptors: 2, rounds: 1, lossy: false, expected: { states: 516, transitions: 1_272, depth: 18 } },
  { name: 'synod-s', description: 'P=2 A=3 R=1 (benchmark; the default)', proposers: 2, acceptors: 3, rounds: 1, lossy: false, expected: { states: 158_458, transitions: 756_708, depth: 24 }, reduced: { states: 1_503, transitions: 3_197, depth: 24 } },
  { name: 'synod-lossy-s', description: 'P=2 A=3 R=1 with message loss (benchmark)', proposers: 2, acceptors: 3, rounds: 1, lossy: true, expected: { states: 1_565_906, transitions: 11_379_028, depth: 24 }, reduced: { states: 19_088, transitions: 65_670, depth: 24 } },
  {
    name: 'synod-recover',
    description: 'P=2 A=3 R=1, crash-recovery: one acceptor may crash and restart from stable storage (--crashes 1 --recoveries 1 --crash-only a0,a1,a2)',
    proposers: 2,
    acceptors: 3,
    rounds: 1,
    lossy: false,
    faults: { crashes: 1, recoveries: 1, crashOnly: ['a0', 'a1', 'a2'] },
    expected: { states: 792_290, transitions: 4_362_054, depth: 26 },
  },
  {
    name: 'synod-flp',
    description: 'P=2 A=2, ballots unbounded (--unbounded 1): the dueling proposers as a cycle; with --property decided',
    proposers: 2,
    acceptors: 2,
    rounds: 1,
    unbounded: true,
    lossy: false,
  },
  { name: 'synod-leader', description: 'P=1 A=2, ballots unbounded (--unbounded 1): one proposer, decided holds; with --property decided', proposers: 1, acceptors: 2, rounds: 1, unbounded: true, lossy: false },
  { name: 'synod-p3', description: 'P=3 A=3 R=1: three proposers, three ballots; finishes only with the reductions (counts and times: docs/benchmarks.md)', proposers: 3, acceptors: 3, rounds: 1, lossy: false, reduced: { states: 93_826, transitions: 233_134, depth: 36 } },
  { name: 'synod-m', description: 'P=2 A=3 R=2 (benchmark): four ballots; finishes only with the reductions (counts and times: docs/benchmarks.md)', proposers: 2, acceptors: 3, rounds: 2, lossy: false },
  { name: 'synod-l', description: 'P=3 A=3 R=2 (benchmark)', proposers: 3, acceptors: 3, rounds: 2, lossy: false },
  { name: 'synod-xl', description: 'P=2 A=5 R=2 (benchmark)', proposers: 2, acceptors: 5, rounds: 2, lossy: false },
];

/** The configuration `agora check synod` runs when none is named. */
export const DEFAULT_SYNOD_CONFIG = 'synod-s';

export function findSynodConfig(name: string): SynodConfig | undefined {
  return SYNOD_CONFIGS.find((c) => c.name === name);
}
