/**
 * The applicability checks of the synod's bug showcases
 * (`SYNOD_BUG_SHOWCASES[bug].unreachable`, spec/synod/bugs.ts): what the
 * bounds must allow for the bug to show, on hand-picked bounds at and
 * around each threshold.
 */
import { describe, expect, it } from 'vitest';
import type { RunBounds } from '../../../spec/core/registry.js';
import { SYNOD_BUG_SHOWCASES, type SynodBug } from '../../../spec/synod/bugs.js';

function bounds(params: Record<string, number>, crashes = 0, recoveries = 0): RunBounds {
  return { params, faults: { lossy: false, duplicates: 0, crashes, recoveries }, adversary: null };
}

const unreachable = (bug: SynodBug, b: RunBounds): string | undefined => SYNOD_BUG_SHOWCASES[bug].unreachable?.(b);

const TWO_BALLOTS = 'two ballots, P×R ≥ 2 (e.g. --proposers 2)';
const THREE_BALLOTS = 'three ballots, P×R ≥ 3 (e.g. --proposers 3)';

describe('two ballots: P × R ≥ 2', () => {
  it('two proposers with no rounds have no ballot at all', () => {
    // P×R = 2×0 = 0 < 2.
    expect(unreachable('own-value', bounds({ proposers: 2, rounds: 0, acceptors: 3 }))).toBe(TWO_BALLOTS);
    expect(unreachable('minority-quorum', bounds({ proposers: 2, acceptors: 3 }))).toBe(TWO_BALLOTS);
  });

  it('two proposers of one round each reach it', () => {
    // 2×1 = 2.
    expect(unreachable('own-value', bounds({ proposers: 2, rounds: 1, acceptors: 3 }))).toBeUndefined();
    expect(unreachable('forgetful-acceptor', bounds({ proposers: 2, rounds: 1, acceptors: 1 }))).toBeUndefined();
  });

  it('one proposer is asked for a second one first', () => {
    expect(unreachable('own-value', bounds({ proposers: 1, rounds: 5, acceptors: 3 }))).toBe('two proposers, whose two values can both be decided (--proposers 2)');
  });
});

describe('three ballots: P × R ≥ 3', () => {
  it('counts ballots as the product of proposers and rounds', () => {
    // 2×1 = 2 < 3; 2×2 = 4 and 3×1 = 3 are enough.
    expect(unreachable('superseded-vote', bounds({ proposers: 2, rounds: 1, acceptors: 3 }))).toBe(THREE_BALLOTS);
    expect(unreachable('superseded-vote', bounds({ proposers: 2, rounds: 2, acceptors: 3 }))).toBeUndefined();
    expect(unreachable('superseded-vote', bounds({ proposers: 3, rounds: 1, acceptors: 3 }))).toBeUndefined();
    expect(unreachable('lowest-vote', bounds({ proposers: 2, rounds: 2, acceptors: 3 }))).toBeUndefined();
    expect(unreachable('lowest-vote', bounds({ proposers: 2, rounds: 2, acceptors: 2 }))).toMatch(/^three acceptors/);
  });
});

describe('forget-promise: the acceptors that restart must cover two quorums\' overlap', () => {
  const p = (acceptors: number): Record<string, number> => ({ proposers: 2, rounds: 1, acceptors });

  it('needs crash-recovery at all', () => {
    expect(unreachable('forget-promise', bounds(p(3), 1, 0))).toBe('crash-recovery: an acceptor that restarts (--crashes 1 --recoveries 1)');
  });

  it('with 4 acceptors (quorums of 3 share 2), both crashes and recoveries must reach 2', () => {
    const need = '2 acceptors that restart, every acceptor two quorums of 4 share (--crashes 2 --recoveries 2, or an odd number of acceptors)';
    expect(unreachable('forget-promise', bounds(p(4), 1, 2))).toBe(need);
    expect(unreachable('forget-promise', bounds(p(4), 2, 1))).toBe(need);
    expect(unreachable('forget-promise', bounds(p(4), 2, 2))).toBeUndefined();
  });

  it('with 3 acceptors (quorums of 2 share 1), one restart is enough, and then two ballots are needed', () => {
    expect(unreachable('forget-promise', bounds(p(3), 1, 1))).toBeUndefined();
    expect(unreachable('forget-promise', bounds({ proposers: 2, rounds: 0, acceptors: 3 }, 1, 1))).toBe(TWO_BALLOTS);
  });
});
