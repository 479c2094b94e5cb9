/**
 * The naive reference explorer on the full TLA+ Paxos configuration (about
 * 90 s each on 2 cores): re-derives the counts `test/protocols/tla-paxos.test.ts`
 * pins and compares the fast explorer against. Run by `npm run test:long`,
 * not by `npm test`.
 */
import { describe, expect, it } from 'vitest';
import { naiveExplore } from '../helpers/naive-explorer.js';
import { FULL, FULL_COUNTS, FULL_ORBITS, tlaPaxosSystem } from '../helpers/tla-paxos.js';

const NONE = { lossy: false, duplicates: 0, crashes: 0 };

describe('TLA+ Paxos, A=3 B=2, on the naive explorer', () => {
  it('consistency holds; the pinned states, transitions and depth', () => {
    expect(naiveExplore(tlaPaxosSystem(FULL), NONE, { network: 'set' })).toEqual(FULL_COUNTS);
  });

  it('up to renaming the acceptors: the pinned orbits', () => {
    expect(naiveExplore(tlaPaxosSystem(FULL), NONE, { network: 'set', symmetry: true })).toEqual(FULL_ORBITS);
  });
});
