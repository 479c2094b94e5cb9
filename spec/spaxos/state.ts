/**
 * S-Paxos replica state (SRDS 2012 §IV): the requests it holds, the acks of
 * each id until it is stable, and — as in Multi-Paxos — the decided log of
 * ids, the 2b tallies and what it executed. Proposers and acceptors are the
 * Multi-Paxos ones (`spec/multipaxos/state.ts`).
 */
import type { NodeId } from '../core/ids.js';
import type { Learning } from '../multipaxos/log.js';
import type { RegisterOp } from '../multipaxos/register.js';

export interface SPaxosReplicaConfig {
  readonly self: NodeId;
  /** Every replica, this one included. */
  readonly replicas: readonly NodeId[];
  /** f+1: acks (holders) that make an id stable. */
  readonly stableAcks: number;
  readonly slots: number;
  readonly decisionQuorum: number;
  readonly clients: NodeId;
  /** The proposer on this replica's host, told of stable ids; null if none. */
  readonly proposer: NodeId | null;
}

/** A request the replica holds; `mine` when it is the request's coordinator (it got it from the client). */
export interface HeldRequest {
  readonly id: string;
  readonly op: RegisterOp;
  readonly mine: boolean;
}

/** The replicas known to hold request `id` (its own ack included), until the id is stable. */
export interface AckSet {
  readonly id: string;
  readonly replicas: readonly NodeId[];
}

export interface SPaxosReplicaState extends Learning {
  readonly cfg: SPaxosReplicaConfig;
  /** Requests held, sorted by id. */
  readonly requests: readonly HeldRequest[];
  /** Ack sets of ids not yet stable here, sorted by id. */
  readonly acks: readonly AckSet[];
  /** Ids stable here, sorted. */
  readonly stable: readonly string[];
  readonly executed: readonly string[];
}
