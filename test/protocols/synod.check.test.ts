/**
 * End-to-end checks of the synod model:
 * - the fast explorer agrees with the naive reference explorer (test/helpers)
 *   on distinct states, transitions and depth, with and without loss,
 *   duplication and crashes, and BFS and DFS agree on complete runs (with a
 *   bug variant and faults: test/long/naive-crosschecks.long.ts);
 * - the benchmark counts are pinned (synod-s, synod-lossy-s);
 * - every bug variant is caught, with the shortest counterexample's length
 *   confirmed by the naive explorer, and the trace replayed step by step on
 *   the machines with xstate directly, ending in the violation;
 * - at the bounds the reductions reach (three ballots, three proposers, four
 *   ballots): the correct protocol holds, and the bugs that need those bounds
 *   are caught there and not below them.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../explorer/check.js';
import { synodSystem } from '../../machines/synod/system.js';
import type { SynodBug } from '../../spec/synod/bugs.js';
import { SYNOD_BUGS } from '../../spec/synod/bugs.js';
import { findSynodConfig } from '../../spec/synod/configs.js';
import { naiveExplore, type NaiveFaults } from '../helpers/naive-explorer.js';
import { replay } from '../helpers/replay.js';
import type { Trace } from '../../explorer/trace.js';

const NONE: NaiveFaults = { lossy: false, duplicates: 0, crashes: 0 };
const size = (proposers: number, acceptors: number, rounds: number) => ({ proposers, acceptors, rounds, lossy: false });

describe('fast explorer = naive reference explorer', () => {
  const cases: [string, ReturnType<typeof size>, NaiveFaults][] = [
    ['P1 A2 R1', size(1, 2, 1), NONE],
    ['P2 A2 R1', size(2, 2, 1), NONE],
    ['P1 A3 R1', size(1, 3, 1), NONE],
    ['P1 A2 R2', size(1, 2, 2), NONE],
    ['P1 A2 R1 lossy', size(1, 2, 1), { lossy: true, duplicates: 0, crashes: 0 }],
    ['P2 A2 R1 lossy', size(2, 2, 1), { lossy: true, duplicates: 0, crashes: 0 }],
    ['P1 A2 R1 duplicates 1', size(1, 2, 1), { lossy: false, duplicates: 1, crashes: 0 }],
    ['P1 A2 R1 duplicates 2', size(1, 2, 1), { lossy: false, duplicates: 2, crashes: 0 }],
    ['P1 A2 R1 crashes 1', size(1, 2, 1), { lossy: false, duplicates: 0, crashes: 1 }],
    ['P2 A2 R1 crashes 1', size(2, 2, 1), { lossy: false, duplicates: 0, crashes: 1 }],
    ['P1 A2 R1 lossy, duplicates 1, crashes 2', size(1, 2, 1), { lossy: true, duplicates: 1, crashes: 2 }],
  ];
  for (const [name, params, faults] of cases) {
    it(name, () => {
      const spec = synodSystem(params);
      const naive = naiveExplore(spec, faults, { maxStates: 200_000 });
      for (const strategy of ['bfs', 'dfs'] as const) {
        const fast = check(spec, { faults, strategy });
        expect(fast.status).toBe('holds');
        expect({ states: fast.stats.states, transitions: fast.stats.transitions }).toEqual({
          states: naive.states,
          transitions: naive.transitions,
        });
        if (strategy === 'bfs') expect(fast.stats.depth).toBe(naive.depth);
      }
    });
  }

  // With a bug variant and faults (lossy, a duplicate, a crash), both find the violation at the same depth:
  // test/long/naive-crosschecks.long.ts (about 20 s).
});

describe('named configurations match their pinned counts', () => {
  // The pinned counts of synod-tiny, synod-xs and synod-s were also reproduced by
  // the naive explorer (synod-s takes it about 20 s, so it is not rerun here).
  // Named one by one: a configuration that loses its pinned counts fails here instead of
  // silently dropping out (test/protocols/pinned-configs.test.ts lists where each is checked).
  for (const name of ['synod-tiny', 'synod-xs', 'synod-s', 'synod-lossy-s', 'synod-recover']) {
    it(`${name} holds with its pinned counts`, () => {
      const config = findSynodConfig(name);
      if (config?.expected === undefined) throw new Error(`${name}: no such configuration with pinned counts`);
      const spec = synodSystem(config);
      // synod-recover: crash-recovery of the acceptors (test/protocols/synod-recover.test.ts checks it further).
      const crashable = config.faults?.crashOnly?.map((n) => spec.nodes.findIndex((x) => x.name === n));
      const r = check(spec, {
        faults: {
          lossy: config.lossy,
          duplicates: 0,
          crashes: config.faults?.crashes ?? 0,
          ...(config.faults?.recoveries !== undefined ? { recoveries: config.faults.recoveries } : {}),
          ...(crashable !== undefined ? { crashable } : {}),
        },
      });
      expect(r.status).toBe('holds');
      expect({ states: r.stats.states, transitions: r.stats.transitions, depth: r.stats.depth }).toEqual(config.expected);
    });
  }

  it('the small ones agree with the naive explorer', () => {
    for (const name of ['synod-tiny', 'synod-xs']) {
      const config = findSynodConfig(name);
      if (config === undefined) throw new Error(`no config ${name}`);
      const naive = naiveExplore(synodSystem(config), NONE);
      expect({ states: naive.states, transitions: naive.transitions, depth: naive.depth }).toEqual(config.expected);
    }
  });
});

describe('bug variants are caught with a shortest counterexample', () => {
  // Shortest lengths on synod-s (P=2 A=3 R=1). minority-quorum's is confirmed by
  // the naive explorer on synod-s itself; the two others (whose naive runs take
  // 10-15 s on synod-s) on P=2 A=2 R=1, where fast and naive must agree too.
  const expected: Partial<Record<SynodBug, number>> = { 'own-value': 18, 'forgetful-acceptor': 18, 'minority-quorum': 10 };
  it('every bug variant is either caught on synod-s, one that needs three ballots (below) or crash-recovery', () => {
    // forget-promise needs crash-recovery: test/protocols/synod-recover.test.ts.
    expect(Object.keys(SYNOD_BUGS).sort()).toEqual([...Object.keys(expected), ...DEEP_BUGS, 'forget-promise'].sort());
  });
  for (const bug of Object.keys(expected) as SynodBug[]) {
    it(`${bug} on synod-s`, () => {
      const spec = synodSystem(size(2, 3, 1), bug);
      const r = check(spec);
      expect(r.status).toBe('violated');
      expect(r.properties.find((p) => p.verdict === 'violated')?.name).toBe('agreement');
      const trace = r.trace as Trace;
      expect(trace.steps).toHaveLength(expected[bug] as number);
      // Replayed on the machines, the trace ends with the learner holding two decided values.
      const final = replay(spec, trace);
      expect((final['l0']?.context as { decided: string[] }).decided).toHaveLength(2);

      const small = synodSystem(size(2, 2, 1), bug);
      const naiveSmall = naiveExplore(small, NONE, { stopAtViolation: true });
      expect(naiveSmall.violation?.property).toBe('agreement');
      expect(check(small).trace?.steps.length).toBe(naiveSmall.violation?.depth);
      if (bug === 'minority-quorum') {
        expect(naiveExplore(spec, NONE, { stopAtViolation: true }).violation).toEqual({ property: 'agreement', depth: 10 });
      }
    });
  }

  it('DFS catches them too, and its (longer) traces with loss, duplication and crashes replay', () => {
    const faults = { lossy: true, duplicates: 1, crashes: 1 };
    const spec = synodSystem(size(2, 2, 1), 'minority-quorum');
    const r = check(spec, { faults, strategy: 'dfs' });
    expect(r.status).toBe('violated');
    const trace = r.trace as Trace;
    expect(new Set(trace.steps.map((s) => s.kind))).toEqual(new Set(['environment', 'deliver', 'duplicate', 'drop', 'crash']));
    const final = replay(spec, trace);
    expect((final['l0']?.context as { decided: string[] }).decided).toHaveLength(2);
  });

  it('the correct protocol holds on the same configuration (the bugs are what break it)', () => {
    expect(check(synodSystem(size(2, 3, 1))).status).toBe('holds');
  });
});

/** Bugs that need three or more ballots: with two, every vote a promise reports comes from one earlier ballot. */
const DEEP_BUGS: SynodBug[] = ['lowest-vote', 'superseded-vote'];

describe('three and four ballots, three proposers: reached with symmetry and partial-order reduction', () => {
  const REDUCED = { symmetry: true, por: true } as const;

  it('P3 A3 R1 (three proposers, three ballots) holds; the unreduced space is over 50 million states', () => {
    const r = check(synodSystem(size(3, 3, 1)), REDUCED);
    expect(r.status).toBe('holds');
    expect(r.reductions.symmetry?.groups).toEqual([['a0', 'a1', 'a2']]);
    expect(r.reductions.por?.active).toBe(true);
    expect(r.stats.states).toBeLessThan(200_000);
  });

  it('P2 A2 R2 (four ballots) and P1 A3 R3 (three ballots, one proposer) hold', () => {
    expect(check(synodSystem(size(2, 2, 2)), REDUCED).status).toBe('holds');
    expect(check(synodSystem(size(1, 3, 3)), REDUCED).status).toBe('holds');
  });

  for (const bug of DEEP_BUGS) {
    it(`${bug} holds with two ballots (synod-s, unreduced): the bug needs more`, () => {
      const r = check(synodSystem(size(2, 3, 1), bug));
      expect(r.status).toBe('holds');
      expect(r.stats.states).toBe(158_458);
    });
  }

  for (const bug of DEEP_BUGS) {
    it(`${bug} is caught with three proposers (P3 A3 R1), and the trace replays on the machines`, () => {
      const spec = synodSystem(size(3, 3, 1), bug);
      const reduced = check(spec, REDUCED);
      expect(reduced.status).toBe('violated');
      expect((replay(spec, reduced.trace as Trace)['l0']?.context as { decided: string[] }).decided).toHaveLength(2);
    });
  }

  it('superseded-vote on P3 A3 R1: the shortest trace has 20 steps (BFS with symmetry alone is shortest)', () => {
    // lowest-vote's (24 steps) takes 15 s this way: test/long/synod-bounds.long.ts checks it.
    const spec = synodSystem(size(3, 3, 1), 'superseded-vote');
    const sym = check(spec, { symmetry: true });
    expect(sym.trace?.steps).toHaveLength(20);
    expect((replay(spec, sym.trace as Trace)['l0']?.context as { decided: string[] }).decided).toHaveLength(2);
  });

  it('superseded-vote is caught with four ballots on two acceptors (P2 A2 R2), not with two (P2 A2 R1)', () => {
    const spec = synodSystem(size(2, 2, 2), 'superseded-vote');
    const r = check(spec, { ...REDUCED, shortest: true });
    expect(r.status).toBe('violated');
    expect(r.reductions.shortest).toBe(true);
    expect(r.trace?.steps).toHaveLength(21);
    expect((replay(spec, r.trace as Trace)['l0']?.context as { decided: string[] }).decided).toHaveLength(2);
    // The naive explorer (no reduction) agrees on the shortest length, and on the two-ballot cluster holding.
    expect(check(spec).trace?.steps).toHaveLength(21);
    expect(naiveExplore(synodSystem(size(2, 2, 1), 'superseded-vote'), NONE).violation).toBeUndefined();
  });
});
