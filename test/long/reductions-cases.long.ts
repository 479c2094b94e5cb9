/**
 * The slowest cases of test/explorer/reductions.test.ts (15-90 s each on 2
 * shared cores; the tables are in test/helpers/reductions-cases.ts):
 * - bug variants on the default configuration (LONG_BUG_CASES): the same
 *   verdict with the reductions off, with symmetry, with POR and with both,
 *   every counterexample replayed, the shortest lengths kept (exactly, every
 *   run complete: unlike test/long/reductions.long.ts, no search bounds);
 * - symmetry: the orbit counts of S-Paxos sp-tiny and PBFT pbft-tiny equal
 *   the naive explorer's brute force;
 * - the fifo and set networks: counts equal the naive explorer's on the
 *   slowest configurations with faults.
 */
import { describe, it } from 'vitest';
import { defaultBugCases, expectBugVerdictKept, expectNaiveCounts, NETWORK_NAIVE_CASES, SYMMETRY_NAIVE_CASES } from '../helpers/reductions-cases.js';

describe('every bug variant on the default configuration: the same verdict with the reductions off and on', () => {
  for (const c of defaultBugCases().filter((x) => x.long)) {
    it(c.name, () => expectBugVerdictKept(c), 900_000);
  }
});

describe("symmetry: orbit counts equal the naive explorer's brute force", () => {
  for (const [name, build, f] of SYMMETRY_NAIVE_CASES.filter(([, , , long]) => long)) {
    it(name, () => expectNaiveCounts(build(), f, { symmetry: true }), 900_000);
  }
});

describe("fifo and set networks: counts equal the naive explorer's", () => {
  for (const [name, build, f, network, symmetry] of NETWORK_NAIVE_CASES.filter(([, , , , , long]) => long)) {
    it(name, () => expectNaiveCounts(build(), f, { network, symmetry }), 900_000);
  }
});
