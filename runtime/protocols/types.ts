/**
 * What the runtime needs to know of a protocol to run it on sockets, beyond
 * its machines: how a cluster of `servers` processes is built from the
 * protocol's own system builder (the very `SystemSpec` the explorer checks),
 * which process hosts which node, the wire schema of its messages, how a
 * client request and reply look, and when a real timer fires `TIMEOUT`.
 * Nothing here decides what a node does with a message: that is the machines'.
 */
import type { Envelope } from '../../spec/core/envelope.js';
import type { SystemSpec } from '../../spec/core/system.js';

/** The cluster a runtime protocol is built for. */
export interface ClusterShape {
  /** Server processes (n). */
  readonly servers: number;
  /** Log slots per key (each key is one replicated register, one instance of the protocol). */
  readonly slots: number;
  /** Ballots each proposer may lead (the model's bound R). */
  readonly rounds: number;
  /** A known-bug variant of the protocol, or null for the correct one. */
  readonly bug: string | null;
  /**
   * Requests (Multi-Paxos) or request ids (S-Paxos) the leader orders per
   * slot: it proposes once this many wait (the machines' `batch`; default 1).
   * NOTE: the machines have no batch timer, so a key with fewer than `batch`
   *   requests waiting waits; `agora client load --pin-keys` keeps a multiple
   *   of the batch outstanding on every key. PBFT takes no batch.
   */
  readonly batch?: number;
}

/** A register operation as clients issue it. */
export type KvOp = { readonly kind: 'write'; readonly value: string } | { readonly kind: 'read' };
/** `ok` for a write; the value read (null before any write) for a read. */
export type KvResult = string | null;

/** The outcome of checking an inbound message. */
export type Checked = { readonly ok: true; readonly msg: Envelope } | { readonly ok: false; readonly reason: string };

/** Everything the runtime needs to run one protocol as a key-value store. */
export interface RuntimeProtocol {
  readonly name: string;
  /** The servers `agora run` starts when `--servers` is not given (default 3). PBFT: 4, the smallest n with f = 1. */
  readonly defaultServers?: number;
  /** The `--timeout` of `agora run` when none is given (default 200 ms). PBFT: 300 (see docs/runtime.md: a spurious view change is costly). */
  readonly defaultTimeoutMs?: number;
  /** The protocol's model of one key's cluster (its system builder, unchanged). */
  system(shape: ClusterShape): SystemSpec;
  /** The server index hosting `node`, or null when no server does (the clients). */
  serverOf(node: string, shape: ClusterShape): number | null;
  /** The name of the node that plays the clients in the model (replies are addressed to it). */
  readonly clientsNode: string;
  /** The wire schema: a message as received, checked field by field, or why it is refused. */
  check(raw: unknown, shape: ClusterShape): Checked;
  /** The request client `client`'s `index`-th operation on one key sends to server `server`. */
  request(client: number, index: number, op: KvOp, server: number): Envelope;
  /** The request id a client request carries, or null when `msg` is not a client request. */
  requestIdOf(msg: Envelope): string | null;
  /** The request id and result a reply carries, or null when `msg` is not a reply. */
  reply(msg: Envelope): { readonly id: string; readonly result: KvResult } | null;
  /**
   * How many distinct servers must send matching replies before a client
   * takes the result (default 1: the first reply wins). PBFT: f+1, the
   * model's clients' `replyQuorum`, so that one reply is from a correct replica.
   */
  replyQuorum?(shape: ClusterShape): number;
  /**
   * Hold back a message from another node that its machine cannot take in
   * its present state (`snapshot.can` is false), instead of handing it over
   * to be dropped, and offer it again after each later step of that node (at
   * most `HOLD_BACK` per node and key, the oldest dropped first). To the model
   * this is a message that stays in flight a while longer (its network may
   * reorder). PBFT needs it: a pre-prepare can overtake the client's request
   * it carries, and a prepare of the next view the new-view that opens it.
   */
  readonly holdBack?: boolean;
  /** The request id of client `client`'s `index`-th operation on one key. */
  requestId(client: number, index: number): string;
  /**
   * The one server a client's first send of a request goes to when the client
   * sends to one server (`agora client load --send one`); its retransmissions
   * go to every server. Multi-Paxos: server 0 (proposer p0 leads ballot 0;
   * JPaxos's clients talk to the leader); S-Paxos: client mod n (any replica
   * coordinates, SRDS 2012 §IV); PBFT: the primary of view 0 (§4.1: the
   * client sends to the primary and broadcasts when it times out).
   */
  firstServer(client: number, shape: ClusterShape): number;
  /**
   * Runtime timers: given the local contexts of one key's nodes on one server
   * (by node name), the node that should receive `TIMEOUT` when this server
   * stops making progress, and a progress measure (a count that grows when
   * the cluster moves) and whether work is waiting; `states` holds the same
   * nodes' state values. A change of the optional `epoch` restarts the wait
   * without resetting its backoff (PBFT: a replica entered a view, which gets
   * its full time-out to execute what waits, §4.4).
   */
  timerState(
    contexts: ReadonlyMap<string, unknown>,
    server: number,
    states: ReadonlyMap<string, unknown>,
  ): { readonly node: string; readonly waiting: boolean; readonly progress: number; readonly epoch?: string } | null;
}
