/**
 * Raft's bug table and the bounds each bug's counterexample needs
 * (spec/raft/bugs.ts: `RAFT_BUG_SHOWCASES[bug].unreachable`), and the short
 * form of the sizes (spec/raft/configs.ts). Each condition is checked at
 * the smallest bounds that reach the bug and one step below, with the exact
 * reason written by hand from the comments of bugs.ts (forget-votedfor: the
 * bounded runs its comment lists as holding or caught).
 */
import { describe, expect, it } from 'vitest';
import type { RunBounds } from '../../../spec/core/registry.js';
import { isRaftBug, RAFT_BUG_SHOWCASES, RAFT_BUGS } from '../../../spec/raft/bugs.js';
import { describeRaftSizes } from '../../../spec/raft/configs.js';

type Params = { clients?: number; commands?: number; servers?: number; candidates?: number; figure8?: number; terms?: number };
const bounds = (p: Params, crashes = 0, recoveries = 0, crashOnly?: string[]): RunBounds => ({
  params: { clients: 1, commands: 1, servers: 3, candidates: 2, figure8: 0, terms: 2, ...p },
  faults: { lossy: false, duplicates: 0, crashes, recoveries },
  adversary: null,
  ...(crashOnly !== undefined ? { crashOnly } : {}),
});
const why = (bug: keyof typeof RAFT_BUGS, b: RunBounds) => RAFT_BUG_SHOWCASES[bug].unreachable?.(b);

const THREE = 'three servers (--servers 3)';
const TERMS2 = 'an election: --terms 2 or more';
const CAND2 = 'an election: s0 leads term 1 and a leader never times out, so a second candidate (--candidates 2)';
const FIG8_TERMS3 = 'an election: from Figure 8 (b), s1 already leads term 2, so --terms 3 or more';

describe('the bug table', () => {
  it('names the four variants; isRaftBug knows only them (not inherited keys)', () => {
    expect(Object.keys(RAFT_BUGS)).toEqual(['commit-old-term', 'vote-without-log-check', 'forget-votedfor', 'append-without-consistency-check']);
    expect(['commit-old-term', 'forget-votedfor', 'nope', 'toString', ''].map(isRaftBug)).toEqual([true, true, false, false, false]);
  });

  it('each showcase runs on its configuration', () => {
    expect(Object.fromEntries(Object.entries(RAFT_BUG_SHOWCASES).map(([b, s]) => [b, s.config]))).toEqual({
      'commit-old-term': 'raft-fig8',
      'vote-without-log-check': 'raft-s',
      'forget-votedfor': 'raft-recover',
      'append-without-consistency-check': 'raft-s3',
    });
  });
});

describe('vote-without-log-check: three servers and an election', () => {
  it('reached at N = 3, T = 2, E = 2', () => {
    expect(why('vote-without-log-check', bounds({}))).toBeUndefined();
  });

  it('a size the bounds do not name counts as 0: no servers, so three are asked for first', () => {
    expect(why('vote-without-log-check', { ...bounds({}), params: { terms: 2, candidates: 2 } })).toBe(THREE);
    expect(why('vote-without-log-check', { ...bounds({}), params: { servers: 3 } })).toBe(TERMS2);
  });

  it('one below each: two servers, one term, one candidate', () => {
    expect(why('vote-without-log-check', bounds({ servers: 2 }))).toBe(THREE);
    expect(why('vote-without-log-check', bounds({ terms: 1 }))).toBe(TERMS2);
    expect(why('vote-without-log-check', bounds({ candidates: 1 }))).toBe(CAND2);
  });

  it('from Figure 8 (b), terms 3 are needed and no second candidate is asked for', () => {
    expect(why('vote-without-log-check', bounds({ figure8: 1, terms: 2, candidates: 3 }))).toBe(FIG8_TERMS3);
    expect(why('vote-without-log-check', bounds({ figure8: 1, terms: 3, candidates: 1 }))).toBeUndefined();
  });
});

describe('commit-old-term: the Figure 8 scenario needs term 4', () => {
  const FIG8 = "the Figure 8 scenario: an old term's entry committed in term 3, overwritten in term 4 (--terms 4)";

  it('raft-fig8 (from Figure 8 (b), T = 4) reaches it; T = 3 does not', () => {
    expect(why('commit-old-term', bounds({ clients: 2, candidates: 3, figure8: 1, terms: 4 }))).toBeUndefined();
    expect(why('commit-old-term', bounds({ clients: 2, candidates: 3, figure8: 1, terms: 3 }))).toBe(FIG8);
  });

  it('from the usual start: an election first, then term 4', () => {
    expect(why('commit-old-term', bounds({ terms: 4 }))).toBeUndefined();
    expect(why('commit-old-term', bounds({ terms: 3 }))).toBe(FIG8);
    expect(why('commit-old-term', bounds({ terms: 1 }))).toBe(TERMS2);
    expect(why('commit-old-term', bounds({ terms: 4, servers: 2 }))).toBe(THREE);
  });
});

describe('append-without-consistency-check: C×K + T ≥ 5', () => {
  const FEW = 'three entries: one a follower misses, two sent past the gap; C×K + T ≥ 5 (e.g. --commands 3 with --terms 2, or --commands 2 with --terms 3)';

  it('raft-s3 (K = 3, T = 2) reaches it; K = 2 does not; K = 2 with T = 3, or C = 2 with T = 3, does', () => {
    expect(why('append-without-consistency-check', bounds({ commands: 3 }))).toBeUndefined();
    expect(why('append-without-consistency-check', bounds({ commands: 2 }))).toBe(FEW);
    expect(why('append-without-consistency-check', bounds({ commands: 2, terms: 3 }))).toBeUndefined();
    expect(why('append-without-consistency-check', bounds({ clients: 2, terms: 3 }))).toBeUndefined();
    expect(why('append-without-consistency-check', bounds({ clients: 2, commands: 2, terms: 1 }))).toBe(TERMS2);
  });

  it('C×K counts clients times commands: C = 2, K = 2, T = 2 reaches it; C = 1, K = 3, T = 1 lacks an election', () => {
    expect(why('append-without-consistency-check', bounds({ clients: 2, commands: 2 }))).toBeUndefined();
    expect(why('append-without-consistency-check', bounds({ servers: 2, commands: 3 }))).toBe(THREE);
  });
});

describe('forget-votedfor: a restart, then two candidates in one term besides the voter', () => {
  it('without a recovery the bug changes nothing', () => {
    expect(why('forget-votedfor', bounds({ candidates: 3 }, 1, 0))).toBe('crash-recovery: a server that restarts (--crashes 1 --recoveries 1)');
  });

  it('raft-recover (E = 3, T = 2, s0 may crash) reaches it: s1 and s2 stand in term 2, s0 votes for both', () => {
    expect(why('forget-votedfor', bounds({ candidates: 3 }, 1, 1, ['s0']))).toBeUndefined();
    expect(why('forget-votedfor', bounds({ candidates: 3 }, 1, 1))).toBeUndefined();
  });

  it('the election comes first: one term, or three servers missing', () => {
    expect(why('forget-votedfor', bounds({ candidates: 3, terms: 1 }, 1, 1))).toBe(TERMS2);
    expect(why('forget-votedfor', bounds({ candidates: 2, servers: 2 }, 1, 1))).toBe(THREE);
  });

  it('E = 2, T = 3, s0 may crash: holds (s0 stands itself; only s1 besides it)', () => {
    expect(why('forget-votedfor', bounds({ candidates: 2, terms: 3 }, 1, 1, ['s0']))).toBe(
      'two candidates in one term besides a server that may crash (--crash-only s0), which votes for both (--candidates 3, or --crash-only naming a server that only votes)',
    );
  });

  it('E = 2, T = 3, s2 may crash: caught (s0 and s1 stand in term 3); any server may crash: caught too', () => {
    expect(why('forget-votedfor', bounds({ candidates: 2, terms: 3 }, 1, 1, ['s2']))).toBeUndefined();
    expect(why('forget-votedfor', bounds({ candidates: 2, terms: 3 }, 1, 1))).toBeUndefined();
  });

  it('E = 3, T = 2, only s1 may crash: holds (s0 leads term 1 and does not stand in term 2)', () => {
    expect(why('forget-votedfor', bounds({ candidates: 3 }, 1, 1, ['s1']))).toBe(
      'two candidates in term 2 besides a server that may crash (--crash-only s1), which votes for both (--candidates 3, or --terms 3, or --crash-only naming a server that only votes)',
    );
  });

  it('E = 2, T = 2, any server may crash once: holds (only s1 stands in term 2)', () => {
    expect(why('forget-votedfor', bounds({ candidates: 2 }, 1, 1))).toBe('two candidates in term 2 besides the server that restarts, which votes for both (--candidates 3, or --terms 3)');
  });

  it('E = 2, T = 2, two crashes and two recoveries: s0 may restart and stand in term 2, so s2 votes for s0 and s1', () => {
    expect(why('forget-votedfor', bounds({ candidates: 2 }, 2, 2))).toBeUndefined();
    expect(why('forget-votedfor', bounds({ candidates: 2 }, 2, 2, ['s0', 's2']))).toBeUndefined();
    expect(why('forget-votedfor', bounds({ candidates: 2 }, 2, 1))).toBe('two candidates in term 2 besides the server that restarts, which votes for both (--candidates 3, or --terms 3)');
    expect(why('forget-votedfor', bounds({ candidates: 2 }, 1, 2))).toBe('two candidates in term 2 besides the server that restarts, which votes for both (--candidates 3, or --terms 3)');
  });

  it('E = 2, T = 2, two restarts but s0 may not crash: holds', () => {
    expect(why('forget-votedfor', bounds({ candidates: 2 }, 2, 2, ['s1', 's2']))).toBe(
      'two candidates in term 2 besides a server that may crash (--crash-only s1,s2), which votes for both (--candidates 3, or --terms 3, or --crash-only naming a server that only votes)',
    );
  });

  it('from Figure 8 (b) (T = 3): s0 stands, E = 2 and s2 voting reach it', () => {
    expect(why('forget-votedfor', bounds({ clients: 2, candidates: 2, figure8: 1, terms: 3 }, 1, 1, ['s2']))).toBeUndefined();
  });
});

describe('describeRaftSizes', () => {
  it('the sizes in short form; Figure 8 (b) named only when set', () => {
    expect(describeRaftSizes({ clients: 1, commands: 2, servers: 3, candidates: 3, figure8: 0, terms: 2 })).toBe('C=1 K=2 N=3 E=3 T=2');
    expect(describeRaftSizes({ clients: 2, commands: 1, servers: 5, candidates: 4, figure8: 1, terms: 4 })).toBe('C=2 K=1 N=5 E=4 T=4 from Figure 8 (b)');
  });
});
