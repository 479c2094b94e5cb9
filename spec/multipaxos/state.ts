/**
 * Multi-Paxos local state: each role's constant configuration (`cfg`, which
 * adds no states) and the protocol variables, nothing derivable kept beside
 * them. Sets are arrays sorted by the `compare*` functions below.
 * A proposer's phase (idle, preparing, leading) is its XState state value.
 */
import type { ClientHistory } from '../core/history.js';
import type { NodeId } from '../core/ids.js';
import type { Variant } from './bugs.js';
import type { Ballot, Batch, Entry, Slot, SlotVote } from './messages.js';
import type { RegisterOp, RegisterResult } from './register.js';

export interface ProposerConfig {
  readonly self: NodeId;
  /** i in `pi`: its ballots are round * P + i. */
  readonly index: number;
  readonly proposers: number;
  readonly acceptors: readonly NodeId[];
  /** Who is told of decisions (2b-to-leader variant). */
  readonly replicas: readonly NodeId[];
  /** Promises (and 2b) that make a quorum. */
  readonly quorum: number;
  /** 2b that make a decision (the quorum, or 1 under `early-reply`). */
  readonly decisionQuorum: number;
  readonly slots: number;
  /** R: how many ballots this proposer may lead (p0's ballot 0 included). */
  readonly rounds: number;
  /** Requests ordered per slot: the leader waits until it has this many unordered requests. */
  readonly batch: number;
  readonly variant: Variant;
  /** Starts as the leader of ballot 0 (p0 only). */
  readonly initialLeader: boolean;
}

/** A promise as the proposer records it. */
export interface PromiseRecord {
  readonly acceptor: NodeId;
  readonly votes: readonly SlotVote[];
}

export interface ProposerState {
  readonly cfg: ProposerConfig;
  /** 0..R, the ballots led so far (p0 starts at 1); the ballot is (round - 1) * P + index. */
  readonly round: number;
  /** Promises for the current ballot, sorted by acceptor. */
  readonly promises: readonly PromiseRecord[];
  /** Every request received, sorted by id. */
  readonly requests: readonly Entry[];
  /** The batch proposed in each slot in the current ballot (null: none yet). */
  readonly proposals: readonly (Batch | null)[];
  /** 2b-to-leader: per slot, the acceptors whose 2b arrived for the current ballot, until a decision. */
  readonly votes: readonly (readonly NodeId[])[];
}

export interface AcceptorConfig {
  readonly self: NodeId;
  /** Where 2b goes in the 2b-to-all variant. */
  readonly replicas: readonly NodeId[];
  readonly variant: Variant;
}

export interface AcceptorState {
  readonly cfg: AcceptorConfig;
  /** The highest ballot promised or accepted; -1 before any. */
  readonly promised: Ballot;
  /** The latest vote in each slot that has one, sorted by slot. */
  readonly votes: readonly SlotVote[];
}

/** 2b-to-all: the acceptors that accepted one batch in one ballot of an undecided slot. */
export interface Tally {
  readonly slot: Slot;
  readonly ballot: Ballot;
  readonly batch: Batch;
  readonly acceptors: readonly NodeId[];
}

export interface ReplicaConfig {
  readonly self: NodeId;
  readonly slots: number;
  readonly decisionQuorum: number;
  /** The node that plays the clients. */
  readonly clients: NodeId;
  /** Whether this replica answers clients. */
  readonly replies: boolean;
}

export interface ReplicaState {
  readonly cfg: ReplicaConfig;
  /** The batch decided in each slot (null: not yet known). */
  readonly log: readonly (Batch | null)[];
  /** 2b-to-all: tallies of undecided slots, sorted by (slot, ballot). */
  readonly tallies: readonly Tally[];
  /**
   * The request ids this replica has executed, in order: its state machine's
   * record of what it did (each at most once, in slot order, as far as the log
   * has no gap), which the properties inspect.
   */
  readonly executed: readonly string[];
}

export interface ClientsConfig {
  readonly self: NodeId;
  /** K: commands per client. */
  readonly commands: number;
  /** targets[c]: where client c sends its requests. */
  readonly targets: readonly (readonly NodeId[])[];
  /** The history to start from (default: nothing invoked); Raft's Figure 8 configuration starts with requests already in the servers' logs. */
  readonly initialHistory?: ClientHistory<RegisterOp, RegisterResult>;
}

export interface ClientsState {
  readonly cfg: ClientsConfig;
  readonly history: ClientHistory<RegisterOp, RegisterResult>;
}

export function compareEntry(a: Entry, b: Entry): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function comparePromise(a: PromiseRecord, b: PromiseRecord): number {
  return a.acceptor < b.acceptor ? -1 : a.acceptor > b.acceptor ? 1 : 0;
}

/** Two batches are the same when they order the same ids (an id names one command). */
export function sameBatch(a: Batch, b: Batch): boolean {
  return a.length === b.length && a.every((e, i) => e.id === b[i]?.id);
}
