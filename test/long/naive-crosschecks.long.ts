/**
 * The naive reference explorer's cross-checks too slow for `npm test` (each
 * 15-70 s on 2 shared cores; the fast ones stay in the protocol test files):
 * - the case tables of test/helpers/naive-cases.ts marked `long` (PBFT n=4
 *   with a view change; Multi-Paxos mp-tiny in both variants, two proposers
 *   and two leaders, the no-op gap filling; S-Paxos sp-tiny and n=2 P=2; Raft
 *   raft-tiny): states, transitions and depth equal;
 * - the shortest counterexample lengths of Multi-Paxos `no-recovery` and
 *   `skip-phase1` on two acceptors (from test/protocols/multipaxos.check.test.ts);
 * - the synod with a bug variant and faults: the same shortest depth (from
 *   test/protocols/synod.check.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../explorer/check.js';
import { multipaxosSystem } from '../../machines/multipaxos/system.js';
import { synodSystem } from '../../machines/synod/system.js';
import { expectSameAsNaive } from '../helpers/agree.js';
import { multipaxosSizes, NAIVE_CASES } from '../helpers/naive-cases.js';
import { naiveExplore, type NaiveFaults } from '../helpers/naive-explorer.js';

const NONE: NaiveFaults = { lossy: false, duplicates: 0, crashes: 0 };

for (const [protocol, cases] of Object.entries(NAIVE_CASES)) {
  describe(`${protocol}: fast explorer = naive reference explorer`, () => {
    for (const c of cases.filter((x) => x.long)) {
      it(c.name, () => expectSameAsNaive(c.spec(), c.faults, c.maxStates), 900_000);
    }
  });
}

describe('multipaxos: bug variants are caught with a shortest counterexample', () => {
  it('the naive explorer finds the same shortest lengths (two acceptors, where it is quick)', () => {
    for (const bug of ['no-recovery', 'skip-phase1'] as const) {
      const spec = multipaxosSystem(multipaxosSizes({ acceptors: 2 }), { variant: 'leader', bug });
      const naive = naiveExplore(spec, NONE, { stopAtViolation: true });
      expect(naive.violation?.property).toBe('agreement');
      expect(check(spec).trace?.steps.length).toBe(naive.violation?.depth);
    }
  }, 900_000);
});

describe('synod: fast explorer = naive reference explorer', () => {
  it('with a bug variant and faults, both find the violation at the same (shortest) depth', () => {
    const faults = { lossy: true, duplicates: 1, crashes: 1 };
    const spec = synodSystem({ proposers: 2, acceptors: 2, rounds: 1 }, 'minority-quorum');
    const naive = naiveExplore(spec, faults, { stopAtViolation: true });
    const fast = check(spec, { faults });
    expect(fast.status).toBe('violated');
    expect(naive.violation?.property).toBe('agreement');
    expect(fast.trace?.steps.length).toBe(naive.violation?.depth);
  }, 900_000);
});
