/**
 * Synod messages — Lamport, "The Part-Time Parliament" §2 (the single-decree
 * Synod) in the vocabulary of "Paxos Made Simple" §2.2, with the exact fields
 * of the benchmark model `shared/benchmarks/synod.md`.
 *
 * Paper names: prepare = phase 1a (NextBallot), promise = phase 1b (LastVote),
 * accept = phase 2a (BeginBallot), accepted = phase 2b (Voted, sent to the learner).
 */
import type { NodeId } from '../core/ids.js';
import type { Ballot, Value } from './state.js';

/** Phase 1a: `from` (a proposer) asks `to` (an acceptor) to promise ballot `ballot`. */
export interface Prepare {
  readonly type: 'synod.prepare';
  readonly from: NodeId;
  readonly to: NodeId;
  readonly ballot: Ballot;
}

/** Phase 1b: the acceptor promises `ballot` and reports its last vote (ballot 0 and null: none). */
export interface PromiseMsg {
  readonly type: 'synod.promise';
  readonly from: NodeId;
  readonly to: NodeId;
  readonly ballot: Ballot;
  readonly votedBallot: Ballot;
  readonly votedValue: Value | null;
}

/** Phase 2a: the proposer asks the acceptor to vote for `value` in `ballot`. */
export interface Accept {
  readonly type: 'synod.accept';
  readonly from: NodeId;
  readonly to: NodeId;
  readonly ballot: Ballot;
  readonly value: Value;
}

/** Phase 2b: the acceptor tells the learner it voted for `value` in `ballot`. */
export interface Accepted {
  readonly type: 'synod.accepted';
  readonly from: NodeId;
  readonly to: NodeId;
  readonly ballot: Ballot;
  readonly value: Value;
}

/** Every synod message. */
export type SynodMessage = Prepare | PromiseMsg | Accept | Accepted;

/** The proposer's environment input: its timer fired, start the next round. */
export interface Timeout {
  readonly type: 'TIMEOUT';
}

/** How traces name a synod message: `Promise(b=1, a2→p0, voted none)`. */
export function describeSynodMessage(m: SynodMessage): string {
  const route = `${m.from}→${m.to}`;
  switch (m.type) {
    case 'synod.prepare':
      return `Prepare(b=${m.ballot}, ${route})`;
    case 'synod.promise':
      return `Promise(b=${m.ballot}, ${route}, voted ${m.votedBallot === 0 ? 'none' : `b=${m.votedBallot} ${m.votedValue}`})`;
    case 'synod.accept':
      return `Accept(b=${m.ballot}, ${m.value}, ${route})`;
    case 'synod.accepted':
      return `Accepted(b=${m.ballot}, ${m.value}, ${route})`;
  }
}
