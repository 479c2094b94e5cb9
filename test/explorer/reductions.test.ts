/**
 * The reductions (symmetry, partial-order reduction) and the network
 * semantics are sound across the protocol registry:
 * - every bug variant, on the protocol's default configuration (its faults
 *   and adversary, as `agora traces` builds them), has the same verdict with
 *   the reductions off, with symmetry (where the system declares it), with
 *   POR and with both; every counterexample replays on the machines and ends
 *   in the violation it names; symmetry alone keeps the shortest length, and
 *   POR with `shortest: true` gets it back (test/helpers/reductions.ts);
 * - the smallest named configurations hold in all four modes, and no
 *   reduction stores more states than the full search;
 * - the reduced searches reach every local state of the nodes the properties
 *   read (up to renaming), so any invariant over them keeps its verdict;
 * - symmetry counts orbits exactly as the naive explorer's brute force does
 *   (states, transitions, depth), with and without faults;
 * - the fifo and set networks count exactly as the naive explorer's, with
 *   faults and with symmetry.
 * test/long/reductions.long.ts runs the verdict comparison on every named
 * configuration, variant and bug.
 *
 * POR takes effect only where the protocol declares a topology (or refused
 * messages) and every property says which nodes it reads: synod, Multi-Paxos
 * and PBFT; for S-Paxos's default properties it is off (`no-lost-request`
 * reads the messages) and those POR runs are unreduced searches (the report
 * says why), still compared. The synod cases assert that POR was in effect,
 * so that the comparison there is not vacuous.
 */
import { describe, expect, it } from 'vitest';
import { check, type CheckReport } from '../../explorer/check.js';
import type { FaultOptions } from '../../explorer/actor-system/faults.js';
import { findProtocol, PROTOCOLS } from '../../machines/index.js';
import type { ProtocolEntry } from '../../spec/core/registry.js';
import type { Rename } from '../../spec/core/symmetry.js';
import type { NetworkKind, SystemSpec } from '../../spec/core/system.js';
import { canonicalJson, naiveExplore } from '../helpers/naive-explorer.js';
import { buildNamed, compareReductions, findConfig, MODES } from '../helpers/reductions.js';

const NONE: FaultOptions = { lossy: false, duplicates: 0, crashes: 0 };
const faults = (f: Partial<FaultOptions>): FaultOptions => ({ ...NONE, ...f });

function entry(name: string): ProtocolEntry {
  const e = findProtocol(name);
  if (e === undefined) throw new Error(`no protocol ${name}`);
  return e;
}

const synod = (proposers: number, acceptors: number, rounds: number, bug: string | null = null): SystemSpec =>
  entry('synod').build({ proposers, acceptors, rounds }, bug);
/** Multi-Paxos, one client with one command, one proposer, one slot. */
const multipaxos = (acceptors: number, replicas: number, rounds: number, variant: 'leader' | 'all' = 'leader'): SystemSpec =>
  entry('multipaxos').build({ clients: 1, commands: 1, proposers: 1, acceptors, replicas, slots: 1, rounds }, null, variant);
const named = (protocol: string, config: string): SystemSpec => buildNamed(entry(protocol), findConfig(entry(protocol), config), null).spec;

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
const SUBSTITUTES: Readonly<Record<string, { what: string; spec: () => SystemSpec; faults: FaultOptions }>> = {
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
    spec: () => named('raft', 'raft-fig8'),
    faults: NONE,
  },
  'raft/forget-votedfor': {
    what: 'raft-recover (s0 may crash and restart)',
    spec: () => named('raft', 'raft-recover'),
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
const EXTRA_BUG_CASES: readonly { name: string; spec: () => SystemSpec; violated: boolean }[] = [
  // superseded-vote needs three ballots (synod-s holds); three proposers with two acceptors show it in 21 steps.
  { name: 'synod P=3 A=2 R=1 --bug superseded-vote', spec: () => synod(3, 2, 1, 'superseded-vote'), violated: true },
];

/** Which modes ran, for the test names. */
const modesOf = (spec: SystemSpec): string => MODES.filter((m) => !m.symmetry || spec.symmetry !== undefined).map((m) => m.name).join(', ');

describe('every bug variant on the default configuration: the same verdict with the reductions off and on', () => {
  for (const e of PROTOCOLS) {
    const config = findConfig(e, e.defaultConfig);
    for (const bug of Object.keys(e.bugs)) {
      const substitute = SUBSTITUTES[`${e.name}/${bug}`];
      it(`${e.name} ${substitute?.what ?? config.name} --bug ${bug}`, () => {
        const { spec, faults: f } = substitute !== undefined ? { spec: substitute.spec(), faults: substitute.faults } : buildNamed(e, config, bug);
        const c = compareReductions(spec, f, { label: `${e.name} ${substitute?.what ?? config.name} --bug ${bug} (${modesOf(spec)})` });
        // The synod declares what POR needs: make sure it was exercised, not silently off.
        if (e.name === 'synod') expect(c.runs.por?.reductions.por?.active).toBe(true);
      });
    }
  }

  for (const extra of EXTRA_BUG_CASES) {
    it(extra.name, () => {
      const spec = extra.spec();
      const c = compareReductions(spec, NONE, { label: extra.name });
      expect(c.runs.full?.status).toBe(extra.violated ? 'violated' : 'holds');
    });
  }
});

describe('the smallest configurations hold in all four modes, and no reduction stores more states', () => {
  const SMALL: readonly [string, string][] = [
    ['synod', 'synod-tiny'],
    ['synod', 'synod-xs'],
    ['synod', 'synod-s'],
    ['multipaxos', 'mp-tiny'],
    ['spaxos', 'sp-tiny'],
    ['pbft', 'pbft-tiny'],
  ];
  for (const [protocol, name] of SMALL) {
    it(`${protocol} ${name}`, () => {
      const e = entry(protocol);
      const { spec, faults: f } = buildNamed(e, findConfig(e, name), null);
      const c = compareReductions(spec, f, { label: `${protocol} ${name}` });
      expect(c.runs.full?.status).toBe('holds');
      // Symmetry is declared for each of these; it must have reduced something.
      expect(spec.symmetry).toBeDefined();
      expect(c.runs.symmetry?.stats.states).toBeLessThan(c.runs.full?.stats.states as number);
    });
  }
});

/**
 * Every local state of the nodes the properties read, as one key up to the
 * declared renamings (the smallest key over the product of the groups'
 * permutations), recorded by an extra always-true property that reads the
 * same nodes.
 */
function visibleProjections(spec: SystemSpec, f: FaultOptions, options: { symmetry: boolean; por: boolean; network?: NetworkKind }): { keys: Set<string>; report: CheckReport } {
  const reads = [...new Set(spec.properties.flatMap((p) => p.reads ?? []))].sort((a, b) => a - b);
  expect(spec.properties.every((p) => p.reads !== undefined), 'every property declares what it reads').toBe(true);
  const perms = <T>(xs: readonly T[]): T[][] =>
    xs.length <= 1 ? [[...xs]] : xs.flatMap((x, i) => perms([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest]));
  let renamings: Rename[] = [(n) => n];
  for (const group of spec.symmetry?.groups ?? []) {
    renamings = renamings.flatMap((r) =>
      perms(group).map((image) => {
        const m = new Map(group.map((n, i) => [n, image[i] as string]));
        return (n: string) => m.get(r(n)) ?? r(n);
      }),
    );
  }
  const keys = new Set<string>();
  const recorder = {
    name: 'recorder',
    description: 'records the local states of the nodes the properties read',
    reads,
    holds: (view: { locals: readonly unknown[] }) => {
      let best: string | undefined;
      for (const rename of renamings) {
        const k = canonicalJson(reads.map((i) => (spec.symmetry !== undefined ? spec.symmetry.renameContext(spec.nodes[i]?.role as string, view.locals[i], rename) : view.locals[i])));
        if (best === undefined || k < best) best = k;
      }
      keys.add(best as string);
      return true;
    },
  };
  const report = check({ ...spec, properties: [...spec.properties, recorder] }, { faults: f, ...options });
  expect(report.status).toBe('holds');
  return { keys, report };
}

describe('the reduced searches reach every local state of the nodes the properties read', () => {
  // Only the synod has POR in effect (see the header); its properties read the learner.
  const cases: [string, () => SystemSpec, FaultOptions, NetworkKind | undefined][] = [
    ['synod-s', () => synod(2, 3, 1), NONE, undefined],
    ['synod P=1 A=3 R=2', () => synod(1, 3, 2), NONE, undefined],
    ['synod P=2 A=2 R=2', () => synod(2, 2, 2), NONE, undefined],
    ['synod P=3 A=2 R=1 --bug lowest-vote', () => synod(3, 2, 1, 'lowest-vote'), NONE, undefined],
    ['synod-xs, lossy, 1 duplicate, 1 crash', () => synod(2, 2, 1), faults({ lossy: true, duplicates: 1, crashes: 1 }), undefined],
    ['synod-s, fifo', () => synod(2, 3, 1), NONE, 'fifo'],
    ['synod P=2 A=2 R=2, set', () => synod(2, 2, 2), NONE, 'set'],
  ];
  for (const [name, build, f, network] of cases) {
    it(name, () => {
      const spec = build();
      const net = network !== undefined ? { network } : {};
      const full = visibleProjections(spec, f, { symmetry: false, por: false, ...net });
      for (const mode of MODES.filter((m) => m.name !== 'full')) {
        const r = visibleProjections(spec, f, { symmetry: mode.symmetry, por: mode.por, ...net });
        const missing = [...full.keys].filter((k) => !r.keys.has(k));
        expect(missing.slice(0, 3), `[${mode.name}] misses ${missing.length} of ${full.keys.size} visible local states`).toEqual([]);
        expect(r.keys.size, `[${mode.name}] reaches no visible local state the full search does not`).toBe(full.keys.size);
        if (mode.por && f.duplicates === 0 && f.crashes === 0) expect(r.report.reductions.por?.active).toBe(true);
      }
    });
  }
});

/** The fast explorer's complete run equals the naive explorer's (states, transitions, depth). */
function expectNaiveCounts(spec: SystemSpec, f: FaultOptions, options: { symmetry?: boolean; network?: NetworkKind }): void {
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

describe("symmetry: orbit counts equal the naive explorer's brute force", () => {
  // synod P=2 A=3 R=1 (synod-s) and mp-tiny take the naive explorer 15-40 s: test/long/reductions.long.ts.
  const cases: [string, () => SystemSpec, FaultOptions][] = [
    ['synod P=1 A=2 R=1', () => synod(1, 2, 1), NONE],
    ['synod-xs', () => named('synod', 'synod-xs'), NONE],
    ['synod-xs, lossy', () => synod(2, 2, 1), faults({ lossy: true })],
    ['synod-xs, 1 crash', () => synod(2, 2, 1), faults({ crashes: 1 })],
    ['synod-xs, 1 duplicate', () => synod(2, 2, 1), faults({ duplicates: 1 })],
    ['synod P=1 A=2 R=1, lossy, 1 duplicate, 2 crashes', () => synod(1, 2, 1), faults({ lossy: true, duplicates: 1, crashes: 2 })],
    // Smaller than mp-tiny (A=3 L=1 R=2): two acceptors; with two replicas, two groups (acceptors, replicas).
    ['multipaxos A=2 L=1 R=2', () => multipaxos(2, 1, 2), NONE],
    ['multipaxos A=2 L=2 R=1 (two groups)', () => multipaxos(2, 2, 1), NONE],
    ['multipaxos A=2 L=2 R=1 (two groups), 1 crash', () => multipaxos(2, 2, 1), faults({ crashes: 1 })],
    ['multipaxos A=2 L=2 R=1 variant all (two groups), lossy, 1 duplicate', () => multipaxos(2, 2, 1, 'all'), faults({ lossy: true, duplicates: 1 })],
    // S-Paxos needs n = 3 for a group (r1, r2 beside the leader r0): sp-tiny is the smallest (about 10 s naive).
    ['spaxos sp-tiny (two groups)', () => named('spaxos', 'sp-tiny'), NONE],
    ['pbft pbft-tiny (Byzantine primary)', () => named('pbft', 'pbft-tiny'), NONE],
  ];
  for (const [name, build, f] of cases) {
    it(name, () => expectNaiveCounts(build(), f, { symmetry: true }));
  }
});

describe("fifo and set networks: counts equal the naive explorer's", () => {
  const cases: [string, () => SystemSpec, FaultOptions, NetworkKind, boolean][] = [
    ['synod P=1 A=2 R=1, fifo', () => synod(1, 2, 1), NONE, 'fifo', false],
    ['synod P=1 A=2 R=1, set', () => synod(1, 2, 1), NONE, 'set', false],
    ['synod-xs, fifo', () => synod(2, 2, 1), NONE, 'fifo', false],
    ['synod-xs, set', () => synod(2, 2, 1), NONE, 'set', false],
    ['synod-xs, set, 1 crash', () => synod(2, 2, 1), faults({ crashes: 1 }), 'set', false],
    ['synod-xs, fifo, lossy', () => synod(2, 2, 1), faults({ lossy: true }), 'fifo', false],
    ['synod-xs, fifo, 1 duplicate', () => synod(2, 2, 1), faults({ duplicates: 1 }), 'fifo', false],
    ['synod-xs, fifo, 1 crash', () => synod(2, 2, 1), faults({ crashes: 1 }), 'fifo', false],
    ['synod-xs, fifo + symmetry', () => synod(2, 2, 1), NONE, 'fifo', true],
    ['synod-xs, fifo + symmetry, lossy, 1 duplicate', () => synod(2, 2, 1), faults({ lossy: true, duplicates: 1 }), 'fifo', true],
    ['synod-xs, set + symmetry, 1 crash', () => synod(2, 2, 1), faults({ crashes: 1 }), 'set', true],
    ['multipaxos A=2 L=1 R=2, fifo', () => multipaxos(2, 1, 2), NONE, 'fifo', false],
    ['multipaxos A=2 L=1 R=2, set', () => multipaxos(2, 1, 2), NONE, 'set', false],
    ['multipaxos A=2 L=1 R=2, set, 1 crash', () => multipaxos(2, 1, 2), faults({ crashes: 1 }), 'set', false],
    ['multipaxos A=2 L=1 R=2 variant all, set, 1 crash', () => multipaxos(2, 1, 2, 'all'), faults({ crashes: 1 }), 'set', false],
    ['multipaxos A=2 L=1 R=2, fifo, lossy', () => multipaxos(2, 1, 2), faults({ lossy: true }), 'fifo', false],
    ['multipaxos A=2 L=1 R=2, fifo, 1 duplicate', () => multipaxos(2, 1, 2), faults({ duplicates: 1 }), 'fifo', false],
    ['multipaxos A=2 L=2 R=1 variant all, fifo, 1 crash', () => multipaxos(2, 2, 1, 'all'), faults({ crashes: 1 }), 'fifo', false],
    ['multipaxos A=2 L=1 R=2, fifo + symmetry', () => multipaxos(2, 1, 2), NONE, 'fifo', true],
    ['multipaxos A=2 L=2 R=1 variant all, fifo + symmetry (two groups)', () => multipaxos(2, 2, 1, 'all'), NONE, 'fifo', true],
  ];
  for (const [name, build, f, network, symmetry] of cases) {
    it(name, () => expectNaiveCounts(build(), f, { network, symmetry }));
  }

  it('under fifo, the reductions keep the verdicts of the synod bugs, and their counterexamples replay', () => {
    for (const bug of ['own-value', 'minority-quorum']) {
      const c = compareReductions(synod(2, 2, 1, bug), NONE, { network: 'fifo', label: `synod-xs --bug ${bug}, fifo` });
      expect(c.runs.full?.status).toBe('violated');
      expect(c.runs.full?.network).toBe('fifo');
    }
  });

  it('under set, the reductions keep the verdicts of the synod bugs', () => {
    for (const bug of ['own-value', 'minority-quorum']) {
      const c = compareReductions(synod(2, 2, 1, bug), NONE, { network: 'set', label: `synod-xs --bug ${bug}, set` });
      expect(c.runs.full?.status).toBe('violated');
      expect(c.runs.full?.network).toBe('set');
    }
  });
});
