/**
 * Viewstamped Replication checks too slow for `npm test` (run by
 * `npm run test:long`): the naive reference explorer confirms the pinned
 * counts of vr-tiny (one view change, about a minute) and vr-stale (two view
 * changes from a stale primary); vr-s's pinned counts (3.5 million states)
 * with the fast explorer; and vr-recover (crash-recovery, §4.3): its pinned
 * counts with the fast explorer (2.2 million states, too many for the naive
 * one), the naive explorer's agreement on its FIFO cut, and its confirmation
 * of recovering-replica-votes' shortest counterexample (10 steps); and the
 * larger vr-c2 and vr-v2, and vr-s, with the partial-order reduction (their
 * `reduced` counts in spec/vr/configs.ts: unreduced, vr-c2 and vr-v2 do not
 * finish in a minute).
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../explorer/check.js';
import { vrSystem } from '../../machines/vr/system.js';
import { VR_CONFIGS, type VrConfig } from '../../spec/vr/configs.js';
import { expectSameAsNaive } from '../helpers/agree.js';
import { naiveExplore, type NaiveFaults } from '../helpers/naive-explorer.js';

const NONE = { lossy: false, duplicates: 0, crashes: 0 };
const config = (name: string): VrConfig => {
  const c = VR_CONFIGS.find((x) => x.name === name);
  if (c === undefined) throw new Error(`no config ${name}`);
  return c;
};

describe('vr at the sizes of its configurations', () => {
  for (const name of ['vr-tiny', 'vr-stale']) {
    it(`${name}: the naive explorer agrees with the pinned counts`, () => {
      expectSameAsNaive(vrSystem(config(name)), NONE, 1_000_000);
      const r = check(vrSystem(config(name)));
      expect({ states: r.stats.states, transitions: r.stats.transitions, depth: r.stats.depth }).toEqual(config(name).expected);
    }, 900_000);
  }

  it('vr-s (the default) holds with its pinned counts', () => {
    const r = check(vrSystem(config('vr-s')));
    expect(r.status).toBe('holds');
    expect({ states: r.stats.states, transitions: r.stats.transitions, depth: r.stats.depth }).toEqual(config('vr-s').expected);
  });

  describe('vr-recover (r2 may crash once and restart, then recover, §4.3)', () => {
    // Slot 3 is r2 (slot 0 the clients node).
    const faults: NaiveFaults = { lossy: false, duplicates: 0, crashes: 1, recoveries: 1, crashable: [3] };

    it('holds with its pinned counts', () => {
      expect(config('vr-recover').faults).toEqual({ crashes: 1, recoveries: 1, crashOnly: ['r2'] });
      const r = check(vrSystem(config('vr-recover')), { faults });
      expect(r.status).toBe('holds');
      expect({ states: r.stats.states, transitions: r.stats.transitions, depth: r.stats.depth }).toEqual(config('vr-recover').expected);
    });

    it('with the partial-order reduction: the same verdict, with its pinned reduced counts', () => {
      const r = check(vrSystem(config('vr-recover')), { faults, por: true });
      expect(r.status).toBe('holds');
      expect(config('vr-recover').reduced).toBeDefined();
      expect({ states: r.stats.states, transitions: r.stats.transitions, depth: r.stats.depth }).toEqual(config('vr-recover').reduced);
    });

    it('two restarts of r2 (a second nonce), normal case only (V=0): the naive explorer agrees (4,520 states)', () => {
      const spec = vrSystem({ clients: 1, commands: 1, replicas: 3, timers: 0, views: 0, commits: 0, stale: 0 });
      expectSameAsNaive(spec, { ...faults, crashes: 2, recoveries: 2 });
    });

    it('on FIFO channels (87,924 states): the naive explorer agrees', () => {
      const spec = { ...vrSystem(config('vr-recover')), network: 'fifo' as const };
      expectSameAsNaive(spec, faults, 200_000);
      expect(check(spec, { faults }).stats.states).toBe(87_924);
    }, 900_000);

    it('recovering-replica-votes: the naive explorer confirms the shortest counterexample (10 steps)', () => {
      const naive = naiveExplore(vrSystem(config('vr-recover'), { bug: 'recovering-replica-votes' }), faults, { stopAtViolation: true, maxStates: 500_000 });
      expect(naive.violation).toEqual({ property: 'committed-survives', depth: 10 });
    }, 900_000);
  });

  // vr-s's, and the larger vr-c2's and vr-v2's (unreduced, each is over 24 million states): their `reduced` counts in spec/vr/configs.ts.
  describe('with the partial-order reduction: the pinned reduced counts', () => {
    for (const name of ['vr-s', 'vr-c2', 'vr-v2']) {
      it(`${name} holds with its pinned reduced counts`, () => {
        const r = check(vrSystem(config(name)), { por: true });
        expect(r.status).toBe('holds');
        expect(r.reductions.por?.active).toBe(true);
        expect(config(name).reduced).toBeDefined();
        expect({ states: r.stats.states, transitions: r.stats.transitions, depth: r.stats.depth }).toEqual(config(name).reduced);
      });
    }
  });
});
