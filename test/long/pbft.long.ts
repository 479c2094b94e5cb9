/**
 * PBFT checks too slow for `npm test`: the bug variants of
 * test/helpers/pbft-bug-cases.ts marked `long` (no-viewchange-certificates
 * on pbft-vc, caught after a view change in 28 steps); the others run in
 * test/machines/pbft/system.test.ts.
 */
import { describe, it } from 'vitest';
import { expectPbftBugCaught, PBFT_BUG_CASES, pbftBugCaseName } from '../helpers/pbft-bug-cases.js';

describe('each bug variant is caught, on the configuration and adversary that can show it', () => {
  for (const c of PBFT_BUG_CASES.filter((x) => x.long)) {
    it(pbftBugCaseName(c), () => expectPbftBugCaught(c), 900_000);
  }
});
