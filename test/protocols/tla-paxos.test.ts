/**
 * Lamport's message-set Paxos (tlaplus/Examples, Paxos.tla), ported to XState
 * machines in `test/helpers/tla-paxos.ts` (modelling choices in its NOTEs),
 * checked under the `set` network: 3 acceptors a0..a2, values v1 and v2,
 * ballots 0..1 (leaders b0 and b1, each sending its 1a once), learner l0.
 *
 * The naive reference explorer pins the counts; the fast explorer must
 * reproduce them (`check(spec, { network: 'set' })`).
 *
 * NOTE: the naive run of the full configuration takes about 90 s on this
 *   project's 2-core machine (102,844 states; each state tries ~25
 *   deliveries, every one an xstate `transition()` call, most of them
 *   refused), far over a unit test's budget: `npm run test:long` runs it
 *   (`test/long/tla-paxos.long.ts`). Its counts are pinned below as
 *   constants, which the fast explorer is compared against on every run.
 *   Smaller configurations run naive and fast side by side on every run.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../explorer/check.js';
import { naiveExplore, type NaiveFaults } from '../helpers/naive-explorer.js';
import { allowedValues, chosenValues, FULL, FULL_COUNTS, FULL_ORBITS, tlaPaxosSystem, type TlaPaxosSizes } from '../helpers/tla-paxos.js';

const NONE: NaiveFaults = { lossy: false, duplicates: 0, crashes: 0 };
const VALUES = ['v1', 'v2'];
const sizes = (acceptors: number, ballots: number): TlaPaxosSizes => ({ acceptors, ballots, values: VALUES });



describe('Paxos.tla rules', () => {
  it('Phase2a: any value when no 1b of some quorum reports a vote', () => {
    const none = { mbal: -1, mval: null };
    expect(allowedValues([], 2, VALUES)).toEqual([]);
    expect(allowedValues([{ acc: 'a0', ...none }], 2, VALUES)).toEqual([]);
    expect(allowedValues([{ acc: 'a0', ...none }, { acc: 'a1', ...none }], 2, VALUES)).toEqual(['v1', 'v2']);
  });

  it('Phase2a: else the value of the highest-mbal vote, for some quorum', () => {
    const p = (acc: string, mbal: number, mval: string | null) => ({ acc, mbal, mval });
    expect(allowedValues([p('a0', 0, 'v2'), p('a1', -1, null)], 2, VALUES)).toEqual(['v2']);
    expect(allowedValues([p('a0', 0, 'v2'), p('a1', 1, 'v1')], 2, VALUES)).toEqual(['v1']);
    // Three 1b's: the quorum {a1, a2} reports no vote, so any value is allowed.
    expect(allowedValues([p('a0', 0, 'v2'), p('a1', -1, null), p('a2', -1, null)], 2, VALUES)).toEqual(['v1', 'v2']);
  });

  it('ChosenAt(b, v): a quorum of votes in one ballot', () => {
    expect(chosenValues([{ acc: 'a0', bal: 0, val: 'v1' }], 2)).toEqual([]);
    expect(chosenValues([{ acc: 'a0', bal: 0, val: 'v1' }, { acc: 'a1', bal: 1, val: 'v1' }], 2)).toEqual([]);
    expect(chosenValues([{ acc: 'a0', bal: 1, val: 'v1' }, { acc: 'a1', bal: 1, val: 'v1' }], 2)).toEqual(['v1']);
  });
});

describe('TLA+ Paxos on the naive explorer (network set)', () => {
  it('A=1 B=1: 10 states, 9 transitions, depth 6 (hand-computed)', () => {
    // Nodes b0, a0, l0; quorum 1. Refused deliveries are not steps.
    // S0 (b0 idle)                    PHASE1A -> S1                                1
    // S1 {1a}                         deliver 1a: a0 maxBal 0, sends 1b -> S2;
    //                                 PHASE2A disabled (no 1b recorded)            1
    // S2 {1a, 1b}                     1a again: refused (0 > 0 is false);
    //                                 1b to b0: recorded -> S3                     1
    // S3                              PHASE2A v1 -> S4a, PHASE2A v2 -> S4b;
    //                                 1a refused, 1b already recorded              2
    // S4x {.., 2a(x)}                 2a to a0 (0 >= 0): votes x, 2b -> S5x        1 each
    // S5x {.., 2b(x)}                 2a again: same state, not a step;
    //                                 2b to l0: x chosen -> S6x                    1 each
    // S6x                             nothing
    // states 10, transitions 1 + 1 + 1 + 2 + 2 + 2 = 9, depth 6.
    expect(naiveExplore(tlaPaxosSystem(sizes(1, 1)), NONE, { network: 'set' })).toEqual({ states: 10, transitions: 9, depth: 6 });
  });

  it('A=3 B=1: consistency holds; 406 states, 879 transitions, depth 14', () => {
    expect(naiveExplore(tlaPaxosSystem(sizes(3, 1)), NONE, { network: 'set' })).toEqual({ states: 406, transitions: 879, depth: 14 });
    expect(naiveExplore(tlaPaxosSystem(sizes(3, 1)), NONE, { network: 'set', symmetry: true })).toEqual({ states: 103, transitions: 223, depth: 14 });
  });

  it('A=2 B=2: consistency holds; 640 states, 1436 transitions, depth 20', () => {
    expect(naiveExplore(tlaPaxosSystem(sizes(2, 2)), NONE, { network: 'set' })).toEqual({ states: 640, transitions: 1436, depth: 20 });
    expect(naiveExplore(tlaPaxosSystem(sizes(2, 2)), NONE, { network: 'set', symmetry: true })).toEqual({ states: 364, transitions: 828, depth: 20 });
  });

  it("catches the 'any-value' bug on A=2 B=2 at depth 20", () => {
    // Both ballots must get both acceptors' votes, for different values:
    // per ballot PHASE1A, 2 x 1a, 2 x 1b, PHASE2A, 2 x 2a, 2 x 2b = 10 steps,
    // none shared: 20.
    const r = naiveExplore(tlaPaxosSystem(sizes(2, 2), 'any-value'), NONE, { network: 'set', stopAtViolation: true });
    expect(r.violation).toEqual({ property: 'consistency', depth: 20 });
  });

});

describe('fast explorer = naive reference explorer (network set)', () => {
  for (const [name, s] of [
    ['A=1 B=1', sizes(1, 1)],
    ['A=3 B=1', sizes(3, 1)],
    ['A=2 B=2', sizes(2, 2)],
  ] as const) {
    it(name, () => {
      const spec = tlaPaxosSystem(s);
      const naive = naiveExplore(spec, NONE, { network: 'set' });
      const report = check(spec, { network: 'set' });
      expect(report.status).toBe('holds');
      expect({ states: report.stats.states, transitions: report.stats.transitions, depth: report.stats.depth }).toEqual(naive);
    });
  }

  it('A=3 B=2 up to renaming the acceptors: the pinned naive orbit count', () => {
    const report = check(tlaPaxosSystem(FULL), { network: 'set', symmetry: true });
    expect(report.status).toBe('holds');
    expect({ states: report.stats.states, transitions: report.stats.transitions, depth: report.stats.depth }).toEqual(FULL_ORBITS);
  });

  for (const [name, s] of [
    ['A=3 B=1', sizes(3, 1)],
    ['A=2 B=2', sizes(2, 2)],
  ] as const) {
    it(`${name} up to renaming the acceptors: the naive orbit count`, () => {
      const spec = tlaPaxosSystem(s);
      const naive = naiveExplore(spec, NONE, { network: 'set', symmetry: true });
      const report = check(spec, { network: 'set', symmetry: true });
      expect({ states: report.stats.states, transitions: report.stats.transitions, depth: report.stats.depth }).toEqual(naive);
    });
  }

  it('A=3 B=2 (the full configuration): the pinned naive counts', () => {
    const report = check(tlaPaxosSystem(FULL), { network: 'set' });
    expect(report.status).toBe('holds');
    expect({ states: report.stats.states, transitions: report.stats.transitions, depth: report.stats.depth }).toEqual(FULL_COUNTS);
  });

  it("catches the 'any-value' bug on A=2 B=2 at the naive depth", () => {
    const spec = tlaPaxosSystem(sizes(2, 2), 'any-value');
    const report = check(spec, { network: 'set' });
    expect(report.status).toBe('violated');
    expect(report.trace?.steps.length).toBe(20);
  });
});
