/**
 * Shared fast-check arbitraries for the synod's vocabulary (`spec/synod/`):
 * cluster sizes, ballot coordinates, values, promise and vote records.
 * Sizes are kept small on purpose: collisions (same acceptor, same ballot)
 * are what the laws are about.
 */
import fc from 'fast-check';
import type { Ballot, PromiseRecord, Value, VoteRecord } from '../../spec/synod/state.js';

/** The largest ballot the record arbitraries use. */
export const MAX_BALLOT = 12;

/** P, a number of proposers. */
export const arbProposers = fc.integer({ min: 1, max: 8 });

/** A, a number of acceptors. */
export const arbAcceptors = fc.integer({ min: 1, max: 15 });

/** Where a ballot comes from: proposer `index` of `proposers`, in its round `round` (1-based). */
export interface BallotCoords {
  readonly proposers: number;
  readonly index: number;
  readonly round: number;
}

/** Ballot coordinates for a given P (index < P, round 1..20). */
export function arbCoordsFor(proposers: number): fc.Arbitrary<BallotCoords> {
  return fc.record({
    proposers: fc.constant(proposers),
    index: fc.integer({ min: 0, max: proposers - 1 }),
    round: fc.integer({ min: 1, max: 20 }),
  });
}

/** Two ballot coordinates of the same cluster. */
export const arbCoordsPair: fc.Arbitrary<[BallotCoords, BallotCoords]> = arbProposers.chain((p) =>
  fc.tuple(arbCoordsFor(p), arbCoordsFor(p)),
);

/** A proposed value, `v0`..`v4`. */
export const arbValue: fc.Arbitrary<Value> = fc.integer({ min: 0, max: 4 }).map((i) => `v${i}`);

/** An acceptor name, `a0`..`a4`. */
export const arbAcceptorId = fc.integer({ min: 0, max: 4 }).map((i) => `a${i}`);

/** A ballot 0..MAX_BALLOT (0 means none). */
export const arbBallot: fc.Arbitrary<Ballot> = fc.integer({ min: 0, max: MAX_BALLOT });

/** A promise record as a proposer stores it: no vote is (0, null); a vote has a ballot >= 1 and a value. */
export const arbPromiseRecord: fc.Arbitrary<PromiseRecord> = fc.oneof(
  arbAcceptorId.map((acceptor) => ({ acceptor, votedBallot: 0, votedValue: null })),
  fc.record({ acceptor: arbAcceptorId, votedBallot: fc.integer({ min: 1, max: MAX_BALLOT }), votedValue: arbValue }),
);

/**
 * Promises whose votes are consistent, as in any real run: a ballot has one
 * proposer, which proposes one value in it, so equal voted ballots carry equal values.
 * Also returns that ballot → value assignment.
 */
export const arbConsistentPromises: fc.Arbitrary<{ promises: PromiseRecord[]; valueOf: readonly Value[] }> = fc
  .tuple(
    fc.array(arbValue, { minLength: MAX_BALLOT + 1, maxLength: MAX_BALLOT + 1 }),
    fc.array(fc.record({ acceptor: arbAcceptorId, votedBallot: arbBallot }), { maxLength: 7 }),
  )
  .map(([valueOf, raw]) => ({
    valueOf,
    promises: raw.map(({ acceptor, votedBallot }) => ({
      acceptor,
      votedBallot,
      votedValue: votedBallot === 0 ? null : (valueOf[votedBallot] as Value),
    })),
  }));

/** A vote record as the learner stores it. */
export const arbVoteRecord: fc.Arbitrary<VoteRecord> = fc.record({
  ballot: fc.integer({ min: 1, max: 4 }),
  value: fc.integer({ min: 0, max: 2 }).map((i) => `v${i}`),
  acceptor: arbAcceptorId,
});

/** `xs` and a permutation of it. */
export function arbPermutationOf<T>(xs: T[]): fc.Arbitrary<[T[], T[]]> {
  return fc.tuple(fc.constant(xs), fc.shuffledSubarray(xs, { minLength: xs.length, maxLength: xs.length }));
}

/** An array of `arb` and a permutation of it. */
export function arbWithPermutation<T>(arb: fc.Arbitrary<T>, maxLength = 10): fc.Arbitrary<[T[], T[]]> {
  return fc.array(arb, { maxLength }).chain(arbPermutationOf);
}
