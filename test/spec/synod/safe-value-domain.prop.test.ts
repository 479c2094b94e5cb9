/**
 * `safeValue` over its whole input domain (issue 14), not only the promises
 * the protocol produces: a promise's `votedBallot` and `votedValue` may
 * disagree (a ballot with no value, a value under ballot 0), several
 * promises may tie on the highest (or lowest) ballot with different values,
 * and ballots may repeat. Each rule is compared with a reference written
 * from its statement in `spec/synod/safe-value.ts`:
 * - correct: the value of the first promise with the highest `votedBallot`,
 *   if that ballot is above 0 and the value is not null; else `own`;
 * - `lowest-vote`: the same with the lowest `votedBallot` above 0;
 * - `own-value`: always `own`; every other bug: the correct rule.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { SYNOD_BUGS, type SynodBug } from '../../../spec/synod/bugs.js';
import { isQuorum, quorumSize, safeValue } from '../../../spec/synod/safe-value.js';
import type { PromiseRecord, Value } from '../../../spec/synod/state.js';

/** Any promise: small ballots so that ties are common; the value is drawn independently of the ballot. */
const arbAnyPromise: fc.Arbitrary<PromiseRecord> = fc.record({
  acceptor: fc.constantFrom('a0', 'a1', 'a2', 'a3'),
  votedBallot: fc.integer({ min: 0, max: 4 }),
  votedValue: fc.constantFrom<Value | null>(null, 'v0', 'v1', 'v2'),
});
const arbPromises = fc.array(arbAnyPromise, { maxLength: 6 });
const arbOwn = fc.constantFrom('v0', 'v1', 'own');
const arbBug = fc.constantFrom<SynodBug | null>(null, ...(Object.keys(SYNOD_BUGS) as SynodBug[]));

/** The reference: the rule as the file's TSDoc states it. */
function reference(promises: readonly PromiseRecord[], own: Value, bug: SynodBug | null): Value {
  if (bug === 'own-value') return own;
  const voted = promises.filter((p) => p.votedBallot > 0);
  if (voted.length === 0) return own;
  const ballots = voted.map((p) => p.votedBallot);
  const target = bug === 'lowest-vote' ? Math.min(...ballots) : Math.max(...ballots);
  const first = voted.find((p) => p.votedBallot === target) as PromiseRecord;
  return first.votedValue ?? own;
}

describe('safeValue over the whole domain', () => {
  test.prop([arbPromises, arbOwn, arbBug])('equals the reference rule, for every bug variant', (promises, own, bug) => {
    expect(safeValue(promises, own, bug)).toBe(reference(promises, own, bug));
  });

  test.prop([arbPromises, arbOwn])('the default bug argument is the correct rule', (promises, own) => {
    expect(safeValue(promises, own)).toBe(reference(promises, own, null));
  });

  it('generates the corner cases it is meant to cover', () => {
    // Disagreeing fields, ties with different values, and ballot-0 promises must all occur in the samples.
    const samples = fc.sample(arbPromises, { numRuns: 300, seed: 14 });
    const disagree = samples.some((ps) => ps.some((p) => (p.votedBallot === 0) !== (p.votedValue === null)));
    const ties = samples.some((ps) => ps.some((p, i) => ps.some((q, j) => i !== j && p.votedBallot === q.votedBallot && p.votedBallot > 0 && p.votedValue !== q.votedValue)));
    expect(disagree).toBe(true);
    expect(ties).toBe(true);
  });

  // Hand-picked cases, each the smallest input that tells a tempting wrong rule apart.
  const p = (votedBallot: number, votedValue: Value | null, acceptor = 'a0'): PromiseRecord => ({ acceptor, votedBallot, votedValue });
  const cases: [string, PromiseRecord[], SynodBug | null, Value][] = [
    ['no promises: own', [], null, 'own'],
    ['only ballot 0: own', [p(0, null), p(0, null, 'a1')], null, 'own'],
    ['a value under ballot 0 is no vote', [p(0, 'v1')], null, 'own'],
    ['a ballot without a value is no vote', [p(2, null)], null, 'own'],
    ['the highest ballot wins, wherever it is', [p(1, 'v1'), p(3, 'v2'), p(2, 'v0')], null, 'v2'],
    ['a tie on the highest ballot: the first one', [p(2, 'v1'), p(2, 'v2', 'a1')], null, 'v1'],
    ['a tie, the first without a value: own', [p(2, null), p(2, 'v2', 'a1')], null, 'own'],
    ['ballot 0 before a vote does not hide it', [p(0, null), p(1, 'v1', 'a1')], null, 'v1'],
    ['lowest-vote: the lowest ballot above 0', [p(0, null), p(3, 'v2', 'a1'), p(1, 'v1', 'a2')], 'lowest-vote', 'v1'],
    ['lowest-vote: a tie, the first one', [p(2, 'v1'), p(2, 'v2', 'a1'), p(3, 'v0', 'a2')], 'lowest-vote', 'v1'],
    ['lowest-vote: no vote above 0, own', [p(0, 'v1')], 'lowest-vote', 'own'],
    ['own-value ignores every vote', [p(3, 'v2')], 'own-value', 'own'],
    ['minority-quorum keeps the correct rule', [p(1, 'v1'), p(3, 'v2', 'a1')], 'minority-quorum', 'v2'],
  ];
  for (const [name, promises, bug, want] of cases) {
    it(name, () => {
      expect(safeValue(promises, 'own', bug)).toBe(want);
      expect(reference(promises, 'own', bug)).toBe(want);
    });
  }
});

describe('quorumSize and isQuorum at their edges', () => {
  test.prop([fc.integer({ min: 0, max: 50 })])('a majority, and one fewer under minority-quorum', (a) => {
    expect(quorumSize(a)).toBe(Math.floor(a / 2) + 1);
    expect(quorumSize(a, null)).toBe(Math.floor(a / 2) + 1);
    expect(quorumSize(a, 'minority-quorum')).toBe(Math.floor(a / 2));
    for (const bug of Object.keys(SYNOD_BUGS) as SynodBug[]) if (bug !== 'minority-quorum') expect(quorumSize(a, bug)).toBe(Math.floor(a / 2) + 1);
  });

  test.prop([fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 10 })])('isQuorum is count >= quorum', (count, quorum) => {
    expect(isQuorum(count, quorum)).toBe(count >= quorum);
  });
});
