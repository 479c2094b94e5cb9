/**
 * The Synod's arithmetic, free of any framework: ballots, quorums and the
 * safe-value rule ("Paxos Made Simple" §2.2, P2c; "The Part-Time Parliament"
 * §2.2, B3). Role machines call these; the tests check them directly.
 */
import type { SynodBug } from './bugs.js';
import type { Ballot, PromiseRecord, Value } from './state.js';

/** Ballot of proposer `index` (of `proposers`) in its round `round` (1-based); 0 for round 0. */
export function ballotOf(round: number, index: number, proposers: number): Ballot {
  return round === 0 ? 0 : (round - 1) * proposers + index + 1;
}

/** Majority quorum `floor(A/2) + 1`; the `minority-quorum` bug uses `floor(A/2)`. */
export function quorumSize(acceptors: number, bug: SynodBug | null = null): number {
  const half = Math.floor(acceptors / 2);
  return bug === 'minority-quorum' ? half : half + 1;
}

/**
 * The value a proposer may send in phase 2a once it holds a quorum of
 * promises: the value of the highest-ballot vote reported, or its own value
 * when no acceptor of the quorum has voted. The `own-value` bug always takes
 * its own value; the `lowest-vote` bug takes the lowest-ballot vote reported.
 */
export function safeValue(promises: readonly PromiseRecord[], own: Value, bug: SynodBug | null = null): Value {
  if (bug === 'own-value') return own;
  let best: PromiseRecord | undefined;
  for (const p of promises) {
    if (bug === 'lowest-vote') {
      if (p.votedBallot > 0 && (best === undefined || p.votedBallot < best.votedBallot)) best = p;
    } else if (best === undefined || p.votedBallot > best.votedBallot) best = p;
  }
  return best !== undefined && best.votedBallot > 0 && best.votedValue !== null ? best.votedValue : own;
}

/** Whether `count` distinct votes make a quorum of size `quorum`. */
export function isQuorum(count: number, quorum: number): boolean {
  return count >= quorum;
}
