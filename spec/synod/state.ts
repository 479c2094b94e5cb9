/**
 * Synod local state — exactly the variables of `shared/benchmarks/synod.md`
 * ("Local state"), plus each node's constant configuration (`cfg`), which
 * never changes and so adds no states.
 *
 * A proposer's `phase` (idle, preparing, accepting) is its XState state value,
 * not a context field. Sets are kept as arrays sorted by `compare*` below, so
 * equal sets have equal encodings.
 */
import type { NodeId } from '../core/ids.js';
import { compareStr, insertSorted } from '../core/sorted.js';
import type { SynodBug } from './bugs.js';

export { insertSorted };

/** A ballot number; 0 means "none". */
export type Ballot = number;
/** A proposed value, `v0`..`v(P-1)`. */
export type Value = string;

/** A proposer's constant configuration (from its machine input). */
export interface ProposerConfig {
  readonly self: NodeId;
  /** i in `pi`: fixes the ballots `(k-1)*P + i + 1`. */
  readonly index: number;
  /** P, the number of proposers. */
  readonly proposers: number;
  readonly acceptors: readonly NodeId[];
  /** R, the rounds this proposer may start. */
  readonly rounds: number;
  /** Q, the number of promises that form a quorum. */
  readonly quorum: number;
  /** The value it proposes when free to choose (`vi`). */
  readonly value: Value;
}

/** One promise as the proposer records it: (acceptor, votedBallot, votedValue). */
export interface PromiseRecord {
  readonly acceptor: NodeId;
  readonly votedBallot: Ballot;
  readonly votedValue: Value | null;
}

export interface ProposerState {
  readonly cfg: ProposerConfig;
  /** 0..R; the current ballot is derived from it (`ballotOf`). */
  readonly round: number;
  /** The promises received for the current ballot, a set sorted by `comparePromise`. */
  readonly promises: readonly PromiseRecord[];
  /** The value sent in phase 2a, or null before. */
  readonly proposal: Value | null;
}

export interface AcceptorConfig {
  readonly self: NodeId;
  readonly learners: readonly NodeId[];
}

export interface AcceptorState {
  readonly cfg: AcceptorConfig;
  readonly promised: Ballot;
  readonly votedBallot: Ballot;
  readonly votedValue: Value | null;
}

/**
 * What an acceptor keeps in stable storage across a crash (crash-recovery,
 * `--recoveries`): its promise and its vote ("Paxos Made Simple" §2.3: "an
 * acceptor must remember this information even if it fails and then
 * restarts"). The proposers and the learner keep nothing: a restarted
 * proposer starts over at round 0 (NOTE: it may then reuse a ballot; safe,
 * since it proposes in it only the value its promises dictate, as before).
 */
export const SYNOD_ACCEPTOR_STABLE = ['promised', 'votedBallot', 'votedValue'] as const satisfies readonly (keyof AcceptorState)[];

/** The acceptor's stable fields under a bug variant: `forget-promise` does not persist `promised`. */
export function synodAcceptorStable(bug: SynodBug | null): readonly (keyof AcceptorState)[] {
  return bug === 'forget-promise' ? SYNOD_ACCEPTOR_STABLE.filter((f) => f !== 'promised') : SYNOD_ACCEPTOR_STABLE;
}

export interface LearnerConfig {
  readonly self: NodeId;
  readonly quorum: number;
}

/** One vote as the learner records it: (ballot, value, acceptor). */
export interface VoteRecord {
  readonly ballot: Ballot;
  readonly value: Value;
  readonly acceptor: NodeId;
}

export interface LearnerState {
  readonly cfg: LearnerConfig;
  /** Every Accepted received, a set sorted by `compareVote`. */
  readonly votes: readonly VoteRecord[];
  /** The values learned, a sorted set. */
  readonly decided: readonly Value[];
}

/** The order that keeps `ProposerState.promises` canonical. */
export function comparePromise(a: PromiseRecord, b: PromiseRecord): number {
  return compareStr(a.acceptor, b.acceptor) || a.votedBallot - b.votedBallot || compareStr(a.votedValue, b.votedValue);
}

/** The order that keeps `LearnerState.votes` canonical. */
export function compareVote(a: VoteRecord, b: VoteRecord): number {
  return a.ballot - b.ballot || compareStr(a.value, b.value) || compareStr(a.acceptor, b.acceptor);
}

/** The order that keeps `LearnerState.decided` canonical. */
export function compareValue(a: Value, b: Value): number {
  return compareStr(a, b);
}
