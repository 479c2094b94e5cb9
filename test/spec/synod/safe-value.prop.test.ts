/**
 * Laws of the synod's arithmetic (`spec/synod/safe-value.ts`) and of the
 * sorted-set helper the machines keep their sets with (`spec/synod/state.ts`).
 * Each law is stated once; `insertSorted`'s laws are reused for every order.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { names } from '../../../spec/core/ids.js';
import { ballotOf, quorumSize, safeValue } from '../../../spec/synod/safe-value.js';
import { comparePromise, compareVote, insertSorted } from '../../../spec/synod/state.js';
import {
  arbAcceptors,
  arbConsistentPromises,
  arbCoordsFor,
  arbCoordsPair,
  arbPermutationOf,
  arbPromiseRecord,
  arbProposers,
  arbValue,
  arbVoteRecord,
  arbWithPermutation,
} from '../../helpers/arbitraries.js';

describe('ballotOf', () => {
  test.prop([arbCoordsPair])('distinct (proposer, round) give distinct ballots, equal ones equal ballots', ([x, y]) => {
    const same = x.index === y.index && x.round === y.round;
    expect(ballotOf(x.round, x.index, x.proposers) === ballotOf(y.round, y.index, y.proposers)).toBe(same);
  });

  test.prop([arbCoordsPair])('a later round gives a higher ballot, whichever proposers', ([x, y]) => {
    fc.pre(x.round !== y.round);
    const [lo, hi] = x.round < y.round ? [x, y] : [y, x];
    expect(ballotOf(hi.round, hi.index, hi.proposers)).toBeGreaterThan(ballotOf(lo.round, lo.index, lo.proposers));
  });

  test.prop([arbProposers.chain(arbCoordsFor)])('ballots increase with round, are >= 1, and name their proposer', (c) => {
    const b = ballotOf(c.round, c.index, c.proposers);
    expect(ballotOf(c.round + 1, c.index, c.proposers)).toBeGreaterThan(b);
    expect(b).toBeGreaterThanOrEqual(1);
    expect((b - 1) % c.proposers).toBe(c.index);
    expect(Math.ceil(b / c.proposers)).toBe(c.round);
  });

  test.prop([arbProposers.chain(arbCoordsFor)])('round 0 is ballot 0 (none)', (c) => {
    expect(ballotOf(0, c.index, c.proposers)).toBe(0);
  });
});

/** Two subsets of `acceptors`, each of at least `q` members. */
function arbTwoQuorums(acceptors: number, q: number): fc.Arbitrary<[string[], string[]]> {
  const all = names('a', acceptors);
  const arb = fc.shuffledSubarray(all, { minLength: q, maxLength: acceptors });
  return fc.tuple(arb, arb);
}

describe('quorumSize', () => {
  test.prop([arbAcceptors.chain((a) => fc.tuple(fc.constant(a), arbTwoQuorums(a, quorumSize(a))))])(
    'any two majorities of A acceptors intersect',
    ([, [q1, q2]]) => {
      expect(q1.some((x) => q2.includes(x))).toBe(true);
    },
  );

  test.prop([arbAcceptors])('a majority exists and is more than half: 1 <= Q <= A, 2Q > A', (a) => {
    const q = quorumSize(a);
    expect(q).toBeGreaterThanOrEqual(1);
    expect(q).toBeLessThanOrEqual(a);
    expect(2 * q).toBeGreaterThan(a);
  });

  test.prop([arbAcceptors.filter((a) => a >= 2)])('minority-quorum: for A >= 2 two disjoint quorums exist', (a) => {
    const q = quorumSize(a, 'minority-quorum');
    const all = names('a', a);
    const first = all.slice(0, q);
    const last = all.slice(a - q);
    expect(q).toBeGreaterThanOrEqual(1);
    expect(first).toHaveLength(q);
    expect(last).toHaveLength(q);
    expect(first.some((x) => last.includes(x))).toBe(false);
  });

  test.prop([arbAcceptors])('minority-quorum is exactly one less than a majority; other bugs keep the majority', (a) => {
    expect(quorumSize(a, 'minority-quorum')).toBe(quorumSize(a) - 1);
    expect(quorumSize(a, 'own-value')).toBe(quorumSize(a));
    expect(quorumSize(a, 'forgetful-acceptor')).toBe(quorumSize(a));
  });
});

describe('safeValue', () => {
  test.prop([arbConsistentPromises, arbValue])('is the value of the highest votedBallot when some vote is > 0', ({ promises, valueOf }, own) => {
    const max = Math.max(0, ...promises.map((p) => p.votedBallot));
    fc.pre(max > 0);
    expect(safeValue(promises, own)).toBe(valueOf[max]);
  });

  test.prop([fc.array(arbPromiseRecord.map((p) => ({ ...p, votedBallot: 0, votedValue: null }))), arbValue])(
    'is its own value when no promise reports a vote (or there are none)',
    (promises, own) => {
      expect(safeValue(promises, own)).toBe(own);
    },
  );

  test.prop([arbConsistentPromises.chain(({ promises }) => arbPermutationOf(promises)), arbValue])(
    'does not depend on the order of the promises',
    ([a, b], own) => {
      expect(safeValue(b, own)).toBe(safeValue(a, own));
    },
  );

  test.prop([fc.array(arbPromiseRecord, { maxLength: 7 }), arbValue])(
    'returns own or the value of some promise with the highest votedBallot, even for inconsistent votes',
    (promises, own) => {
      const max = Math.max(0, ...promises.map((p) => p.votedBallot));
      const v = safeValue(promises, own);
      if (max === 0) expect(v).toBe(own);
      else expect(promises.some((p) => p.votedBallot === max && p.votedValue === v)).toBe(true);
    },
  );

  test.prop([fc.array(arbPromiseRecord, { maxLength: 7 }), arbValue])('own-value bug: always its own value', (promises, own) => {
    expect(safeValue(promises, own, 'own-value')).toBe(own);
  });

  test.prop([fc.array(arbPromiseRecord, { maxLength: 7 }), arbValue, fc.constantFrom('forgetful-acceptor', 'minority-quorum' as const)])(
    'the other bugs do not change the rule',
    (promises, own, bug) => {
      expect(safeValue(promises, own, bug)).toBe(safeValue(promises, own));
    },
  );
});

const compareString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Inserts every item, in order, into an empty set. */
function fold<T>(items: readonly T[], compare: (a: T, b: T) => number): readonly T[] {
  return items.reduce<readonly T[]>((set, x) => insertSorted(set, x, compare), []);
}

/** The laws of `insertSorted` for one element type and order. */
function insertSortedLaws<T>(name: string, arb: fc.Arbitrary<T>, compare: (a: T, b: T) => number): void {
  describe(`insertSorted (${name})`, () => {
    test.prop([fc.array(arb, { maxLength: 12 })])('builds a strictly sorted set holding every item', (items) => {
      const set = fold(items, compare);
      for (let i = 1; i < set.length; i++) expect(compare(set[i - 1] as T, set[i] as T)).toBeLessThan(0);
      for (const x of items) expect(set.some((y) => compare(x, y) === 0)).toBe(true);
      expect(set.every((y) => items.some((x) => compare(x, y) === 0))).toBe(true);
    });

    test.prop([fc.array(arb, { maxLength: 12 }), arb])('is idempotent: inserting a member returns the set itself', (items, x) => {
      const once = insertSorted(fold(items, compare), x, compare);
      const twice = insertSorted(once, x, compare);
      expect(twice).toBe(once);
    });

    test.prop([fc.array(arb, { maxLength: 12 }), arb])('does not modify its input', (items, x) => {
      const set = fold(items, compare);
      const copy = [...set];
      insertSorted(set, x, compare);
      expect(set).toEqual(copy);
    });

    test.prop([arbWithPermutation(arb, 12)])('the order of insertion is irrelevant', ([a, b]) => {
      expect(fold(b, compare)).toEqual(fold(a, compare));
    });
  });
}

insertSortedLaws('values', arbValue, compareString);
insertSortedLaws('promises, comparePromise', arbPromiseRecord, comparePromise);
insertSortedLaws('votes, compareVote', arbVoteRecord, compareVote);
