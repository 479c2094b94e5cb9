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
 * configuration, variant and bug; test/long/reductions-cases.long.ts runs
 * the slowest cases of the tables here (test/helpers/reductions-cases.ts).
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
import type { Rename } from '../../spec/core/symmetry.js';
import type { NetworkKind, SystemSpec } from '../../spec/core/system.js';
import { canonicalJson } from '../helpers/naive-explorer.js';
import { buildNamed, compareReductions, findConfig, MODES } from '../helpers/reductions.js';
import {
  defaultBugCases,
  entry,
  expectBugVerdictKept,
  expectNaiveCounts,
  EXTRA_BUG_CASES,
  faults,
  NETWORK_NAIVE_CASES,
  NONE,
  synod,
  SYMMETRY_NAIVE_CASES,
} from '../helpers/reductions-cases.js';

describe('every bug variant on the default configuration: the same verdict with the reductions off and on', () => {
  // The slowest (10-40 s each) run in test/long/reductions-cases.long.ts (LONG_BUG_CASES).
  for (const c of defaultBugCases().filter((x) => !x.long)) {
    it(c.name, () => expectBugVerdictKept(c));
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

describe("symmetry: orbit counts equal the naive explorer's brute force", () => {
  // synod P=2 A=3 R=1 (synod-s) and mp-tiny take the naive explorer 15-40 s: test/long/reductions.long.ts;
  // sp-tiny and pbft-tiny (15-90 s): test/long/reductions-cases.long.ts.
  for (const [name, build, f] of SYMMETRY_NAIVE_CASES.filter(([, , , long]) => !long)) {
    it(name, () => expectNaiveCounts(build(), f, { symmetry: true }));
  }
});

describe("fifo and set networks: counts equal the naive explorer's", () => {
  // The slowest (15-40 s each): test/long/reductions-cases.long.ts.
  for (const [name, build, f, network, symmetry] of NETWORK_NAIVE_CASES.filter(([, , , , , long]) => !long)) {
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
