/**
 * The case tables of the reduction-soundness tests, shared by
 * test/explorer/reductions.test.ts (the cases not marked long) and
 * test/long/reductions-cases.long.ts (`npm run test:long`: the cases marked
 * long, 15-90 s each on 2 shared cores): the bug variants on each protocol's
 * default configuration (with the substitutes where the default cannot show
 * a bug), and the naive explorer's brute-force counts with symmetry and on
 * the fifo and set networks. The checks themselves are in
 * test/helpers/reductions.ts.
 */
import { expect } from 'vitest';
import { check } from '../../explorer/check.js';
import type { FaultOptions } from '../../explorer/actor-system/faults.js';
import { findProtocol, PROTOCOLS } from '../../machines/index.js';
import type { ProtocolEntry } from '../../spec/core/registry.js';
import type { NetworkKind, SystemSpec } from '../../spec/core/system.js';
import { naiveExplore } from './naive-explorer.js';
import { buildNamed, compareReductions, findConfig, MODES } from './reductions.js';

export const NONE: FaultOptions = { lossy: false, duplicates: 0, crashes: 0 };
export const faults = (f: Partial<FaultOptions>): FaultOptions => ({ ...NONE, ...f });

export function entry(name: string): ProtocolEntry {
  const e = findProtocol(name);
  if (e === undefined) throw new Error(`no protocol ${name}`);
  return e;
}

export const synod = (proposers: number, acceptors: number, rounds: number, bug: string | null = null): SystemSpec =>
  entry('synod').build({ proposers, acceptors, rounds }, bug);
/** Multi-Paxos, one client with one command, one proposer, one slot. */
export const multipaxos = (acceptors: number, replicas: number, rounds: number, variant: 'leader' | 'all' = 'leader'): SystemSpec =>
  entry('multipaxos').build({ clients: 1, commands: 1, proposers: 1, acceptors, replicas, slots: 1, rounds }, null, variant);
export const named = (protocol: string, config: string, bug: string | null = null): SystemSpec => buildNamed(entry(protocol), findConfig(entry(protocol), config), bug).spec;

/**
 * Bug variants whose default-configuration run is too slow for this file,
 * and the smaller system where each is still caught:
 * - pbft `no-viewchange-certificates` needs a view change; the default,
 *   pbft-s, has one view, so the bug cannot show there and the run holds
 *   only after about 14 million states (about a minute). Its showcase,
 *   pbft-vc, takes 10 s unreduced. Here: n = 4, f = 1, the backup r3
 *   Byzantine and silent, two views: caught in 28 steps (about 45,000
 *   states). No symmetry is declared there (r0 and r1 lead views, r3 is
 *   faulty), so it checks POR only; the long test runs pbft-vc with both.
 * - vr `log-by-opnumber` needs two view changes; the default, vr-s, has one,
 *   so the bug cannot show there and the run holds (3.5 million states, twice).
 *   Here: its showcase, vr-stale (caught in 8 steps).
 * - raft `forget-votedfor` needs a restart (--recoveries): raft-recover.
 * - vr `recovering-replica-votes` needs a restart (--recoveries): vr-recover.
 * - raft `commit-old-term` is the Figure 8 scenario, which raft-s (one
 *   leader change) cannot reach: it holds there after 2.9 million states.
 *   Here: its showcase, raft-fig8 (37,079 states unreduced).
 */
export const SUBSTITUTES: Readonly<Record<string, { what: string; spec: () => SystemSpec; faults: FaultOptions }>> = {
  'pbft/no-viewchange-certificates': {
    what: 'n=4 f=1, r3 silent, V=2',
    spec: () =>
      entry('pbft').build(
        { clients: 1, commands: 1, replicas: 4, faulty: 1, f: 1, seqs: 1, views: 2, 'faulty-primary': 0 },
        'no-viewchange-certificates',
        null,
        'silent',
      ),
    faults: NONE,
  },
  'raft/commit-old-term': {
    what: 'raft-fig8',
    spec: () => named('raft', 'raft-fig8', 'commit-old-term'),
    faults: NONE,
  },
  'raft/forget-votedfor': {
    what: 'raft-recover (s0 may crash and restart)',
    spec: () => named('raft', 'raft-recover', 'forget-votedfor'),
    faults: { lossy: false, duplicates: 0, crashes: 1, recoveries: 1, crashable: [1] },
  },
  'vr/recovering-replica-votes': {
    what: 'vr-recover (r2 may crash and restart)',
    spec: () => entry('vr').build({ clients: 1, commands: 1, replicas: 3, timers: 1, views: 1, commits: 0, stale: 0 }, 'recovering-replica-votes'),
    faults: { lossy: false, duplicates: 0, crashes: 1, recoveries: 1, crashable: [3] },
  },
  'vr/log-by-opnumber': {
    what: 'vr-stale',
    spec: () => entry('vr').build({ clients: 3, commands: 1, replicas: 3, timers: 2, views: 2, commits: 0, stale: 1 }, 'log-by-opnumber'),
    faults: NONE,
  },
};

/** Bugs that hold on the default configuration but show cheaply on another: checked there too. */
export const EXTRA_BUG_CASES: readonly { name: string; spec: () => SystemSpec; violated: boolean }[] = [
  // superseded-vote needs three ballots (synod-s holds); three proposers with two acceptors show it in 21 steps.
  { name: 'synod P=3 A=2 R=1 --bug superseded-vote', spec: () => synod(3, 2, 1, 'superseded-vote'), violated: true },
];

/** Which modes ran, for the test names. */
export const modesOf = (spec: SystemSpec): string => MODES.filter((m) => !m.symmetry || spec.symmetry !== undefined).map((m) => m.name).join(', ');


/** The fast explorer's complete run equals the naive explorer's (states, transitions, depth). */
export function expectNaiveCounts(spec: SystemSpec, f: FaultOptions, options: { symmetry?: boolean; network?: NetworkKind }): void {
  if (options.symmetry === true) expect(spec.symmetry, 'the system declares symmetry').toBeDefined();
  const naive = naiveExplore(spec, f, { ...options, maxStates: 300_000 });
  const fast = check(spec, { faults: f, ...options });
  expect(fast.status).toBe('holds');
  expect(naive.violation).toBeUndefined();
  if (options.symmetry === true) expect(fast.reductions.symmetry).not.toBeNull();
  if (options.network !== undefined) expect(fast.network).toBe(options.network);
  expect({ states: fast.stats.states, transitions: fast.stats.transitions, depth: fast.stats.depth }).toEqual({
    states: naive.states,
    transitions: naive.transitions,
    depth: naive.depth,
  });
}

export const SYMMETRY_NAIVE_CASES: readonly [name: string, build: () => SystemSpec, faults: FaultOptions, long: boolean][] = [
  ['synod P=1 A=2 R=1', () => synod(1, 2, 1), NONE, false],
  ['synod-xs', () => named('synod', 'synod-xs'), NONE, false],
  ['synod-xs, lossy', () => synod(2, 2, 1), faults({ lossy: true }), false],
  ['synod-xs, 1 crash', () => synod(2, 2, 1), faults({ crashes: 1 }), false],
  ['synod-xs, 1 duplicate', () => synod(2, 2, 1), faults({ duplicates: 1 }), false],
  ['synod P=1 A=2 R=1, lossy, 1 duplicate, 2 crashes', () => synod(1, 2, 1), faults({ lossy: true, duplicates: 1, crashes: 2 }), false],
  // Smaller than mp-tiny (A=3 L=1 R=2): two acceptors; with two replicas, two groups (acceptors, replicas).
  ['multipaxos A=2 L=1 R=2', () => multipaxos(2, 1, 2), NONE, false],
  ['multipaxos A=2 L=2 R=1 (two groups)', () => multipaxos(2, 2, 1), NONE, false],
  ['multipaxos A=2 L=2 R=1 (two groups), 1 crash', () => multipaxos(2, 2, 1), faults({ crashes: 1 }), false],
  ['multipaxos A=2 L=2 R=1 variant all (two groups), lossy, 1 duplicate', () => multipaxos(2, 2, 1, 'all'), faults({ lossy: true, duplicates: 1 }), false],
  // S-Paxos needs n = 3 for a group (r1, r2 beside the leader r0): sp-tiny is the smallest (about 10 s naive).
  ['spaxos sp-tiny (two groups)', () => named('spaxos', 'sp-tiny'), NONE, true],
  ['pbft pbft-tiny (Byzantine primary)', () => named('pbft', 'pbft-tiny'), NONE, true],
];

export const NETWORK_NAIVE_CASES: readonly [name: string, build: () => SystemSpec, faults: FaultOptions, network: NetworkKind, symmetry: boolean, long: boolean][] = [
  ['synod P=1 A=2 R=1, fifo', () => synod(1, 2, 1), NONE, 'fifo', false, false],
  ['synod P=1 A=2 R=1, set', () => synod(1, 2, 1), NONE, 'set', false, false],
  ['synod-xs, fifo', () => synod(2, 2, 1), NONE, 'fifo', false, false],
  ['synod-xs, set', () => synod(2, 2, 1), NONE, 'set', false, false],
  ['synod-xs, set, 1 crash', () => synod(2, 2, 1), faults({ crashes: 1 }), 'set', false, false],
  ['synod-xs, fifo, lossy', () => synod(2, 2, 1), faults({ lossy: true }), 'fifo', false, false],
  ['synod-xs, fifo, 1 duplicate', () => synod(2, 2, 1), faults({ duplicates: 1 }), 'fifo', false, false],
  ['synod-xs, fifo, 1 crash', () => synod(2, 2, 1), faults({ crashes: 1 }), 'fifo', false, false],
  ['synod-xs, fifo + symmetry', () => synod(2, 2, 1), NONE, 'fifo', true, false],
  ['synod-xs, fifo + symmetry, lossy, 1 duplicate', () => synod(2, 2, 1), faults({ lossy: true, duplicates: 1 }), 'fifo', true, true],
  ['synod-xs, set + symmetry, 1 crash', () => synod(2, 2, 1), faults({ crashes: 1 }), 'set', true, false],
  ['multipaxos A=2 L=1 R=2, fifo', () => multipaxos(2, 1, 2), NONE, 'fifo', false, false],
  ['multipaxos A=2 L=1 R=2, set', () => multipaxos(2, 1, 2), NONE, 'set', false, false],
  ['multipaxos A=2 L=1 R=2, set, 1 crash', () => multipaxos(2, 1, 2), faults({ crashes: 1 }), 'set', false, true],
  ['multipaxos A=2 L=1 R=2 variant all, set, 1 crash', () => multipaxos(2, 1, 2, 'all'), faults({ crashes: 1 }), 'set', false, false],
  ['multipaxos A=2 L=1 R=2, fifo, lossy', () => multipaxos(2, 1, 2), faults({ lossy: true }), 'fifo', false, true],
  ['multipaxos A=2 L=1 R=2, fifo, 1 duplicate', () => multipaxos(2, 1, 2), faults({ duplicates: 1 }), 'fifo', false, false],
  ['multipaxos A=2 L=2 R=1 variant all, fifo, 1 crash', () => multipaxos(2, 2, 1, 'all'), faults({ crashes: 1 }), 'fifo', false, false],
  ['multipaxos A=2 L=1 R=2, fifo + symmetry', () => multipaxos(2, 1, 2), NONE, 'fifo', true, false],
  ['multipaxos A=2 L=2 R=1 variant all, fifo + symmetry (two groups)', () => multipaxos(2, 2, 1, 'all'), NONE, 'fifo', true, false],
];

/**
 * The bug variants on each protocol's default configuration whose four runs
 * take 10-40 s (on 2 shared cores): test/long/reductions-cases.long.ts.
 */
export const LONG_BUG_CASES: ReadonlySet<string> = new Set([
  'multipaxos/no-recovery',
  'multipaxos/early-reply',
  'raft/append-without-consistency-check',
  'pbft/weak-prepare',
  'synod/forgetful-acceptor',
]);

export interface BugCase {
  readonly name: string;
  readonly protocol: string;
  readonly bug: string;
  readonly long: boolean;
}

/** Every bug variant of every protocol, on its default configuration or its substitute. */
export function defaultBugCases(): readonly BugCase[] {
  return PROTOCOLS.flatMap((e) =>
    Object.keys(e.bugs).map((bug) => ({
      name: `${e.name} ${SUBSTITUTES[`${e.name}/${bug}`]?.what ?? e.defaultConfig} --bug ${bug}`,
      protocol: e.name,
      bug,
      long: LONG_BUG_CASES.has(`${e.name}/${bug}`),
    })),
  );
}

/** The same verdict with the reductions off and on (compareReductions), the bug on its default configuration or substitute. */
export function expectBugVerdictKept(c: BugCase): void {
  const e = entry(c.protocol);
  const config = findConfig(e, e.defaultConfig);
  const substitute = SUBSTITUTES[`${e.name}/${c.bug}`];
  const { spec, faults: f } = substitute !== undefined ? { spec: substitute.spec(), faults: substitute.faults } : buildNamed(e, config, c.bug);
  const comparison = compareReductions(spec, f, { label: `${c.name} (${modesOf(spec)})` });
  // A substitute is chosen because the bug shows there: it must be caught (a substitute once built the
  // correct protocol by mistake, and every mode agreed that it holds).
  if (substitute !== undefined) expect(comparison.runs.full?.status, `${c.name}: the bug is caught`).toBe('violated');
  // The synod declares what POR needs: make sure it was exercised, not silently off.
  if (e.name === 'synod') expect(comparison.runs.por?.reductions.por?.active).toBe(true);
}
