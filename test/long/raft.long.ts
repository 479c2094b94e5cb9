/**
 * Raft checks too slow for `npm test` (run by `npm run test:long`): the naive
 * reference explorer confirms raft-fig8's pinned counts and the shortest
 * counterexample of `append-without-consistency-check` on raft-s3; raft-s's
 * pinned counts (2.9 million states) with the fast explorer.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../explorer/check.js';
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
});
