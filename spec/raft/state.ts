/**
 * Raft server state — Figure 2 of Ongaro & Ousterhout (2014), "State": the
 * persistent state (currentTerm, votedFor, log) and the volatile state of
 * every server and of leaders, plus the constant configuration (`cfg`,
 * which adds no states). A server's role (follower, candidate, leader) is
 * its XState state value; the volatile fields of a role are empty outside it,
 * so that no stale value splits states.
 * NOTE: entries are applied as soon as they are committed, so lastApplied =
 *   commitIndex, and both are `applied.length`: `applied` is the state
 *   machine's record of the entries it executed, in index order.
 */
import type { ClientHistory } from '../core/history.js';
import type { NodeId } from '../core/ids.js';
import type { RegisterOp, RegisterResult } from '../multipaxos/register.js';
import type { LogEntry, Term } from './messages.js';

export interface ServerConfig {
  readonly self: NodeId;
  /** Every server, in name order (self included). */
  readonly servers: readonly NodeId[];
  /** A majority of the servers. */
  readonly quorum: number;
  /** T: the highest term a server may start an election for (bounds the state space). */
  readonly maxTerm: Term;
  /** The node that plays the clients. */
  readonly clients: NodeId;
  /** The leader of term 1 in the initial state (s0). */
  readonly initialLeader: NodeId;
  /** A given initial state instead (the Figure 8 configuration): persistent fields, and whether the server leads currentTerm. */
  readonly start?: { readonly currentTerm: Term; readonly votedFor: NodeId | null; readonly log: readonly LogEntry[]; readonly leads: boolean };
}

/** Volatile state on leaders (reinitialized after election), indexed like `cfg.servers`; the leader's own slots are unused (0). */
export interface LeaderState {
  readonly nextIndex: readonly number[];
  readonly matchIndex: readonly number[];
}

export interface ServerState {
  readonly cfg: ServerConfig;
  // Persistent state on all servers.
  /** Latest term the server has seen (0 on first boot, increases monotonically). */
  readonly currentTerm: Term;
  /** The candidate that received this server's vote in currentTerm, or null. */
  readonly votedFor: NodeId | null;
  /** Log entries; `log[i - 1]` is the entry at index i (1-based, as in the paper). */
  readonly log: readonly LogEntry[];
  // Volatile state on all servers.
  /** The entries applied to the state machine, in index order: commitIndex = lastApplied = applied.length. */
  readonly applied: readonly LogEntry[];
  // Volatile state of a candidate and of a leader.
  /** Candidate: the servers that voted for it in currentTerm (itself included), sorted; [] otherwise. */
  readonly votes: readonly NodeId[];
  /** Leader: nextIndex and matchIndex; null unless leading. */
  readonly leader: LeaderState | null;
}

/**
 * The fields a server must keep on stable storage (Figure 2: "Persistent
 * state on all servers, updated on stable storage before responding to
 * RPCs"). A restarted server starts again from its input plus these; the
 * rest is volatile. Declared for the crash-recovery fault kind (issue 11).
 */
export const RAFT_STABLE_FIELDS = ['currentTerm', 'votedFor', 'log'] as const satisfies readonly (keyof ServerState)[];

/**
 * The initial state: term 1, led by `cfg.initialLeader`, for which every
 * server voted; empty logs. NOTE: a reachable state of the full protocol
 * (after the first election and its heartbeats), taken as the start to
 * spare the search the first election's interleavings.
 */
export function initialServerState(cfg: ServerConfig): ServerState {
  const leads = cfg.start?.leads ?? cfg.self === cfg.initialLeader;
  const n = cfg.servers.length;
  const log = cfg.start?.log ?? [];
  return {
    cfg,
    currentTerm: cfg.start?.currentTerm ?? 1,
    votedFor: cfg.start !== undefined ? cfg.start.votedFor : cfg.initialLeader,
    log,
    applied: [],
    votes: [],
    leader: leads ? { nextIndex: new Array<number>(n).fill(log.length + 1), matchIndex: new Array<number>(n).fill(0) } : null,
  };
}

/** The clients node's state: the Multi-Paxos clients machine's. */
export interface RaftClientsState {
  readonly history: ClientHistory<RegisterOp, RegisterResult>;
}
