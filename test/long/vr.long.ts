/**
 * Viewstamped Replication checks too slow for `npm test` (run by
 * `npm run test:long`): the naive reference explorer confirms the pinned
 * counts of vr-tiny (one view change, about a minute) and vr-stale (two view
 * changes from a stale primary); vr-s's pinned counts (3.5 million states)
 * with the fast explorer.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../explorer/check.js';
import { vrSystem } from '../../machines/vr/system.js';
import { VR_CONFIGS, type VrConfig } from '../../spec/vr/configs.js';
import { expectSameAsNaive } from '../helpers/agree.js';

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
});
