/**
 * Raft checks too slow for `npm test` (run by `npm run test:long`): the naive
 * reference explorer confirms raft-fig8's pinned counts and the shortest
 * counterexample of `append-without-consistency-check` on raft-s3; raft-s's
 * pinned counts (2.9 million states) with the fast explorer; and the larger
 * raft-c2 (two concurrent clients) with symmetry, and unreduced with two
 * workers: the same verdict, the orbits about half the states.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../explorer/check.js';
import { startParallelCheck } from '../../explorer/parallel/coordinator.js';
import { resolveSource } from '../../explorer/registry.js';
import { raftSystem } from '../../machines/raft/system.js';
import { RAFT_CONFIGS, type RaftConfig } from '../../spec/raft/configs.js';
import { expectSameAsNaive } from '../helpers/agree.js';
import { naiveExplore } from '../helpers/naive-explorer.js';

const NONE = { lossy: false, duplicates: 0, crashes: 0 };
const config = (name: string): RaftConfig => {
  const c = RAFT_CONFIGS.find((x) => x.name === name);
  if (c === undefined) throw new Error(`no config ${name}`);
  return c;
};

describe('raft at the sizes of its showcases', () => {
  it('raft-fig8: the naive explorer agrees with the pinned counts', () => {
    expectSameAsNaive(raftSystem(config('raft-fig8')), NONE);
    const r = check(raftSystem(config('raft-fig8')));
    expect({ states: r.stats.states, transitions: r.stats.transitions, depth: r.stats.depth }).toEqual(config('raft-fig8').expected);
  });

  it('append-without-consistency-check on raft-s3: the naive explorer finds log-matching broken after 16 steps', () => {
    const spec = raftSystem(config('raft-s3'), { bug: 'append-without-consistency-check' });
    const naive = naiveExplore(spec, NONE, { stopAtViolation: true, maxStates: 1_000_000 });
    expect(naive.violation?.property).toBe('log-matching');
    expect(naive.violation?.depth).toBe(16);
    expect(check(spec).trace?.steps).toHaveLength(16);
  });

  it('raft-s (the default) holds with its pinned counts', () => {
    const r = check(raftSystem(config('raft-s')));
    expect(r.status).toBe('holds');
    expect({ states: r.stats.states, transitions: r.stats.transitions, depth: r.stats.depth }).toEqual(config('raft-s').expected);
  });

  it('symmetry (s1, s2 interchangeable, spec/raft/symmetry.ts): the naive explorer counts the same orbits', () => {
    for (const [over, orbits] of [[{ candidates: 1, terms: 1, commands: 2 }, 710], [{}, 22_236]] as const) {
      const spec = raftSystem({ clients: 1, commands: 1, servers: 3, candidates: 3, figure8: 0, terms: 2, ...over });
      const naive = naiveExplore(spec, NONE, { symmetry: true, maxStates: 200_000 });
      const fast = check(spec, { symmetry: true });
      expect(fast.status).toBe('holds');
      expect({ states: fast.stats.states, transitions: fast.stats.transitions, depth: fast.stats.depth }).toEqual({ states: naive.states, transitions: naive.transitions, depth: naive.depth });
      expect(fast.stats.states).toBe(orbits);
    }
  });

  it('raft-s with symmetry (s1, s2 interchangeable, spec/raft/symmetry.ts): 1,432,314 orbits, the same verdict', () => {
    const r = check(raftSystem(config('raft-s')), { symmetry: true });
    expect(r.status).toBe('holds');
    expect({ states: r.stats.states, transitions: r.stats.transitions, depth: r.stats.depth }).toEqual({ states: 1_432_314, transitions: 9_650_353, depth: 32 });
  });

  it('raft-c2 (two concurrent clients) with symmetry: 16,835,421 orbits, the same verdict', () => {
    const r = check(raftSystem(config('raft-c2')), { symmetry: true });
    expect(r.status).toBe('holds');
    expect({ states: r.stats.states, transitions: r.stats.transitions, depth: r.stats.depth }).toEqual({ states: 16_835_421, transitions: 122_697_870, depth: 32 });
  });

  it('raft-c2 unreduced, split over two workers sharing one visited set: its pinned counts, the same verdict', async () => {
    const { source } = resolveSource('raft', { config: 'raft-c2' });
    const r = await startParallelCheck(source, { faults: NONE, symmetry: false, por: false, deadlock: true, workers: 2 }).report;
    expect(r.status).toBe('holds');
    expect({ states: r.stats.states, transitions: r.stats.transitions, depth: r.stats.depth }).toEqual(config('raft-c2').expected);
  }, 900_000);
});
