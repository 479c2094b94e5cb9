/**
 * Raft's symmetry (`spec/raft/symmetry.ts`): the servers other than s0 are
 * interchangeable within their group (candidates, non-candidates).
 * - orbit counts pinned (test/long/raft.long.ts has the naive reference
 *   explorer, which renames with the same declaration but stores canonical
 *   JSON, agree on them);
 * - no reduction where no group has two members (raft-tiny, Figure 8);
 * - every bug variant is caught on its showcase with symmetry on, with the
 *   same shortest length as without;
 * - renaming moves a leader's per-server slots with the names.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../explorer/check.js';
import { raftSystem } from '../../machines/raft/system.js';
import { RAFT_BUGS, RAFT_CONFIGS, type RaftBug, type RaftConfig, type RaftSizes } from '../../spec/raft/index.js';
import type { ServerState } from '../../spec/raft/state.js';
import { renameServerState } from '../../spec/raft/symmetry.js';
import type { NaiveFaults } from '../helpers/naive-explorer.js';

const NONE: NaiveFaults = { lossy: false, duplicates: 0, crashes: 0 };
const sizes = (over: Partial<RaftSizes>): RaftSizes => ({ clients: 1, commands: 1, servers: 3, candidates: 3, figure8: 0, terms: 2, ...over });
const config = (name: string): RaftConfig => RAFT_CONFIGS.find((c) => c.name === name) as RaftConfig;
const counts = (r: ReturnType<typeof check>) => ({ states: r.stats.states, transitions: r.stats.transitions, depth: r.stats.depth });

describe('raft symmetry', () => {
  it('the groups: s1..s(E-1) and sE..s(N-1), none from the Figure 8 start', () => {
    expect(raftSystem(sizes({})).symmetry?.groups).toEqual([['s1', 's2']]);
    expect(raftSystem(sizes({ candidates: 1 })).symmetry?.groups).toEqual([['s1', 's2']]);
    expect(raftSystem(sizes({ servers: 5, candidates: 3 })).symmetry?.groups).toEqual([['s1', 's2'], ['s3', 's4']]);
    expect(raftSystem(config('raft-tiny')).symmetry).toBeUndefined();
    expect(raftSystem(config('raft-fig8')).symmetry).toBeUndefined();
  });

  it('orbits (s1, s2 as followers only, two commands): 710, as the naive explorer counts them (test/long/raft.long.ts)', () => {
    const fast = check(raftSystem(sizes({ candidates: 1, terms: 1, commands: 2 })), { symmetry: true });
    expect(fast.status).toBe('holds');
    expect(counts(fast)).toEqual({ states: 710, transitions: 2_929, depth: 18 });
  });

  it('with elections (s1 and s2 may stand, two terms): 22,236 orbits of 44,427 states, the same verdict', () => {
    const spec = raftSystem(sizes({}));
    const reduced = check(spec, { symmetry: true });
    expect(reduced.status).toBe('holds');
    expect(counts(reduced)).toEqual({ states: 22_236, transitions: 106_098, depth: 20 });
    expect(check(spec).stats.states).toBe(44_427);
  });

  const SHOWCASE: Record<RaftBug, [string, number]> = {
    'forget-votedfor': ['raft-recover', 8],
    'commit-old-term': ['raft-fig8', 11],
    'vote-without-log-check': ['raft-s', 7],
    'append-without-consistency-check': ['raft-s3', 16],
  };
  for (const bug of Object.keys(RAFT_BUGS) as RaftBug[]) {
    const [name, steps] = SHOWCASE[bug];
    it(`${bug} on ${name}: caught with symmetry on where declared, in ${steps} steps`, () => {
      const c = config(name);
      const spec = raftSystem(c, { bug });
      const f = c.faults;
      const faults: NaiveFaults = f === undefined ? NONE : { lossy: false, duplicates: 0, crashes: f.crashes ?? 0, recoveries: f.recoveries ?? 0, crashable: (f.crashOnly ?? []).map((n) => spec.nodes.findIndex((x) => x.name === n)) };
      const r = check(spec, { symmetry: spec.symmetry !== undefined, faults });
      expect(r.status).toBe('violated');
      expect(r.trace?.steps).toHaveLength(steps);
    });
  }

  it("renaming swaps a leader's per-server slots with the names, and votes and votedFor", () => {
    const cfg = { self: 's1', servers: ['s0', 's1', 's2'], quorum: 2, maxTerm: 3, clients: 'clients', initialLeader: 's0' } as const;
    const s: ServerState = { cfg, currentTerm: 2, votedFor: 's1', log: [], applied: [], votes: ['s1', 's2'], leader: { nextIndex: [1, 0, 3], matchIndex: [0, 0, 2] } };
    const swap = (n: string) => (n === 's1' ? 's2' : n === 's2' ? 's1' : n);
    const r = renameServerState(s, swap);
    expect(r.cfg.self).toBe('s2');
    expect(r.cfg.servers).toEqual(['s0', 's1', 's2']);
    expect(r.votedFor).toBe('s2');
    expect(r.votes).toEqual(['s1', 's2']);
    expect(r.leader).toEqual({ nextIndex: [1, 3, 0], matchIndex: [0, 2, 0] });
    expect(renameServerState(r, swap)).toEqual(s);
  });
});
