/**
 * PBFT checks too slow for `npm test`: the bug variants of
 * test/helpers/pbft-bug-cases.ts marked `long` (no-viewchange-certificates
 * on pbft-vc, caught after a view change in 28 steps); the others run in
 * test/machines/pbft/system.test.ts. And pbft-vc itself (a Byzantine
 * primary, then a view change) holds with its pinned counts.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../explorer/check.js';
import { pbftSystem } from '../../machines/pbft/system.js';
import { PBFT_CONFIGS } from '../../spec/pbft/configs.js';
import { expectPbftBugCaught, PBFT_BUG_CASES, pbftBugCaseName } from '../helpers/pbft-bug-cases.js';

describe('each bug variant is caught, on the configuration and adversary that can show it', () => {
  for (const c of PBFT_BUG_CASES.filter((x) => x.long)) {
    it(pbftBugCaseName(c), () => expectPbftBugCaught(c), 900_000);
  }
});

it('pbft-vc: a Byzantine primary, then a view change, holds with its pinned counts', () => {
  const c = PBFT_CONFIGS.find((x) => x.name === 'pbft-vc');
  if (c === undefined) throw new Error('no pbft-vc');
  const r = check(pbftSystem(c));
  expect(r.status).toBe('holds');
  expect({ states: r.stats.states, transitions: r.stats.transitions, depth: r.stats.depth }).toEqual(c.expected);
}, 900_000);
