/**
 * The reductions keep every verdict, on every named configuration of every
 * protocol, every variant (the default and `all` where a protocol has
 * variants) and every bug variant (and the correct protocol): the same
 * verdict with the reductions off, with symmetry (where declared), with POR
 * and with both; every counterexample replays on the machines and ends in
 * the violation it names; symmetry alone keeps the shortest length and POR
 * with `shortest: true` gets it back (test/helpers/reductions.ts). Then the
 * naive explorer's brute-force orbit counts on the configurations too slow
 * for test/explorer/reductions.test.ts.
 *
 * Run by `npm run test:long` (not by `npm test`); it takes a long time (an
 * hour or more on 2 cores: several configurations, synod-m, synod-l,
 * synod-xl, synod-p3, pbft-s and pbft-vc among them, are too big for an
 * unreduced search). Each search is bounded (environment variables, defaults
 * in brackets):
 *   AGORA_REDUCTIONS_MAX_STATES   distinct states per search [20,000,000]
 *   AGORA_REDUCTIONS_MAX_SECONDS  seconds per search [300]
 *   AGORA_REDUCTIONS_MAX_MEMORY_MB  resident memory [8192]
 * A search that stops at a bound proves nothing by itself; the comparison
 * then keeps what is proved (a violation with a replayed trace, or a
 * complete search that holds) and checks that no two runs contradict each
 * other. Where the unreduced search finishes, the comparison is exact. Each
 * case prints its runs; pick cases with `-t`, e.g.
 *   npx vitest run --config vitest.long.config.ts test/long/reductions.long.ts -t "synod synod-xs"
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../explorer/check.js';
import { PROTOCOLS } from '../../machines/index.js';
import type { ProtocolEntry } from '../../spec/core/registry.js';
import { naiveExplore } from '../helpers/naive-explorer.js';
import { buildNamed, compareReductions, findConfig } from '../helpers/reductions.js';

const envNumber = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const v = Number(raw);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} must be a positive number, got ${raw}`);
  return v;
};

const MAX_STATES = envNumber('AGORA_REDUCTIONS_MAX_STATES', 20_000_000);
const MAX_SECONDS = envNumber('AGORA_REDUCTIONS_MAX_SECONDS', 300);
const MAX_MEMORY_BYTES = envNumber('AGORA_REDUCTIONS_MAX_MEMORY_MB', 8192) * 2 ** 20;
const LIMITS = { maxStates: MAX_STATES, maxSeconds: MAX_SECONDS, maxMemoryBytes: MAX_MEMORY_BYTES };
/** Four searches and up to two `shortest` re-searches per case, each bounded by MAX_SECONDS, plus traces and replays. */
const CASE_TIMEOUT_MS = (6 * MAX_SECONDS + 300) * 1000;

const variantsOf = (e: ProtocolEntry): (string | null)[] => (e.variants === undefined ? [null] : Object.keys(e.variants));

describe('every named configuration, variant and bug: the same verdict with the reductions off and on', () => {
  for (const e of PROTOCOLS) {
    for (const config of e.configs) {
      for (const variant of variantsOf(e)) {
        for (const bug of [null, ...Object.keys(e.bugs)]) {
          const name = `${e.name} ${config.name}${variant !== null ? ` --variant ${variant}` : ''}${bug !== null ? ` --bug ${bug}` : ' (no bug)'}`;
          it(
            name,
            () => {
              const { spec, faults } = buildNamed(e, findConfig(e, config.name), bug, variant);
              const c = compareReductions(spec, faults, { complete: false, limits: LIMITS, label: name });
              const statuses = Object.values(c.runs).map((r) => r.status);
              const verdict = statuses.includes('violated') ? 'violated' : statuses.includes('holds') ? 'holds' : 'unknown (every search stopped at a bound)';
              console.log(`${name}: ${verdict} — ${c.summary}`);
            },
            CASE_TIMEOUT_MS,
          );
        }
      }
    }
  }
});

describe("symmetry: orbit counts equal the naive explorer's brute force (the configurations too slow for npm test)", () => {
  // The naive explorer takes about 40 s on synod-s and 15 s on mp-tiny with symmetry (2 cores, shared).
  for (const [protocol, configName] of [
    ['synod', 'synod-s'],
    ['multipaxos', 'mp-tiny'],
  ] as const) {
    it(
      `${protocol} ${configName}`,
      () => {
        const e = PROTOCOLS.find((p) => p.name === protocol) as ProtocolEntry;
        const { spec, faults } = buildNamed(e, findConfig(e, configName), null);
        expect(spec.symmetry).toBeDefined();
        const naive = naiveExplore(spec, faults, { symmetry: true, maxStates: 2_000_000 });
        const fast = check(spec, { faults, symmetry: true });
        expect(fast.status).toBe('holds');
        expect(naive.violation).toBeUndefined();
        expect({ states: fast.stats.states, transitions: fast.stats.transitions, depth: fast.stats.depth }).toEqual({
          states: naive.states,
          transitions: naive.transitions,
          depth: naive.depth,
        });
      },
      600_000,
    );
  }
});
