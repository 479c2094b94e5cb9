/**
 * Crash-recovery (`--recoveries`, the explorer's `restart` step) on the synod:
 * - the fast explorer agrees with the naive reference explorer (which
 *   implements restarts on its own) on states, transitions and depth, on
 *   every network and under symmetry;
 * - synod-recover (P=2 A=3 R=1, one acceptor crash and one restart) holds
 *   with its pinned counts, and with the reductions (symmetry, POR) too;
 * - `forget-promise` (the acceptor does not keep `promised` in stable
 *   storage) is caught on synod-recover with a 20-step shortest trace that
 *   replays on the machines; the bug changes nothing without restarts. The
 *   naive explorer's confirmation of the 20 steps (minutes), and the same
 *   under every reduction mode: test/long/synod-recover.long.ts.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../explorer/check.js';
import type { FaultOptions } from '../../explorer/actor-system/faults.js';
import type { Trace } from '../../explorer/trace.js';
import { synodSystem } from '../../machines/synod/system.js';
import { findSynodConfig } from '../../spec/synod/configs.js';
import { naiveExplore } from '../helpers/naive-explorer.js';
import { replay } from '../helpers/replay.js';

const size = (proposers: number, acceptors: number, rounds: number) => ({ proposers, acceptors, rounds });
const RECOVER: FaultOptions = { lossy: false, duplicates: 0, crashes: 1, recoveries: 1 };
/** synod-recover's faults: the acceptors (slots 2, 3, 4) may crash once and restart once. */
const RECOVER_ACCEPTORS: FaultOptions = { ...RECOVER, crashable: [2, 3, 4] };

describe('restart steps: fast explorer = naive reference explorer', () => {
  for (const network of ['multiset', 'fifo', 'set'] as const) {
    it(`P1 A2 R1, crashes 1, recoveries 1, ${network}`, () => {
      const spec = synodSystem(size(1, 2, 1));
      const naive = naiveExplore(spec, RECOVER, { network });
      const fast = check(spec, { faults: RECOVER, network });
      expect(fast.status).toBe('holds');
      expect({ states: fast.stats.states, transitions: fast.stats.transitions, depth: fast.stats.depth }).toEqual({ states: naive.states, transitions: naive.transitions, depth: naive.depth });
      // Restarts add states: the same system crash-stop has fewer.
      expect(check(spec, { faults: { ...RECOVER, recoveries: 0 }, network }).stats.states).toBeLessThan(fast.stats.states);
    });
  }

  it('P1 A2 R1 with loss, a duplicate, two crashes and two restarts (multiset; DFS counts alike)', () => {
    const faults = { lossy: true, duplicates: 1, crashes: 2, recoveries: 2 };
    const spec = synodSystem(size(1, 2, 1));
    const naive = naiveExplore(spec, faults);
    expect({ states: naive.states, transitions: naive.transitions, depth: naive.depth }).toEqual({ states: 17_879, transitions: 101_324, depth: 18 });
    for (const strategy of ['bfs', 'dfs'] as const) {
      const fast = check(spec, { faults, strategy });
      expect({ states: fast.stats.states, transitions: fast.stats.transitions }).toEqual({ states: naive.states, transitions: naive.transitions });
    }
  });

  it('P2 A2 R1 under symmetry: orbits counted alike (5,536 orbits of 10,583 states)', () => {
    const spec = synodSystem(size(2, 2, 1));
    const naive = naiveExplore(spec, RECOVER, { symmetry: true });
    const fast = check(spec, { faults: RECOVER, symmetry: true });
    expect({ states: fast.stats.states, transitions: fast.stats.transitions, depth: fast.stats.depth }).toEqual({ states: naive.states, transitions: naive.transitions, depth: naive.depth });
    expect(naive.states).toBe(5_536);
    expect(check(spec, { faults: RECOVER }).stats.states).toBe(10_583);
  });
});

describe('synod-recover', () => {
  const config = findSynodConfig('synod-recover');
  it('is P=2 A=3 R=1 with one acceptor crash and one restart, and its pinned counts hold', () => {
    expect(config).toMatchObject({ proposers: 2, acceptors: 3, rounds: 1, faults: { crashes: 1, recoveries: 1, crashOnly: ['a0', 'a1', 'a2'] } });
    const r = check(synodSystem(size(2, 3, 1)), { faults: RECOVER_ACCEPTORS });
    expect(r.status).toBe('holds');
    expect({ states: r.stats.states, transitions: r.stats.transitions, depth: r.stats.depth }).toEqual(config?.expected);
    expect(config?.expected).toEqual({ states: 792_290, transitions: 4_362_054, depth: 26 });
  });

  it('holds with symmetry and partial-order reduction (a restart is a global-budget step: fully expanded)', () => {
    const r = check(synodSystem(size(2, 3, 1)), { faults: RECOVER_ACCEPTORS, symmetry: true, por: true });
    expect(r.status).toBe('holds');
    expect(r.reductions.por?.active).toBe(true);
    expect(r.stats.states).toBe(134_947);
  });
});

describe('forget-promise: the promise is not kept in stable storage', () => {
  it('is caught on synod-recover with a 20-step shortest trace (agreement), which replays on the machines', () => {
    const spec = synodSystem(size(2, 3, 1), 'forget-promise');
    const r = check(spec, { faults: RECOVER_ACCEPTORS });
    expect(r.status).toBe('violated');
    expect(r.properties.find((p) => p.verdict === 'violated')?.name).toBe('agreement');
    const trace = r.trace as Trace;
    expect(trace.steps).toHaveLength(20);
    const kinds = trace.steps.map((s) => s.kind);
    expect(kinds.indexOf('crash')).toBeGreaterThanOrEqual(0);
    expect(kinds.indexOf('restart')).toBeGreaterThan(kinds.indexOf('crash'));
    // The restarted acceptor kept its vote and lost its promise.
    const restart = trace.steps.find((s) => s.kind === 'restart');
    const change = restart?.changes[0];
    expect((change?.before.context as { promised: number }).promised).toBeGreaterThan(0);
    expect((change?.after.context as { promised: number }).promised).toBe(0);
    const final = replay(spec, trace);
    expect((final['l0']?.context as { decided: string[] }).decided).toHaveLength(2);
  });

  // With the reductions on (symmetry, POR, both; `shortest: true`) the same 20 steps: test/long/synod-recover.long.ts.

  it('changes nothing without restarts, nor on two acceptors', () => {
    expect(check(synodSystem(size(2, 3, 1), 'forget-promise'), { faults: { ...RECOVER_ACCEPTORS, recoveries: 0 }, symmetry: true, por: true }).status).toBe('holds');
    expect(check(synodSystem(size(2, 2, 1), 'forget-promise'), { faults: RECOVER }).status).toBe('holds');
  });
});
