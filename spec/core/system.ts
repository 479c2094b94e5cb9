/**
 * What a protocol hands the explorer: the nodes of one cluster (each a role
 * machine with its input), the environment events each may take, the
 * properties to check, and how to name messages in traces.
 *
 * This file is free of xstate: a node's `logic` is opaque here and only the
 * explorer's adapter (`explorer/actor-system/step.ts`) interprets it.
 */
import type { Envelope } from './envelope.js';
import type { HistorySpec } from './history.js';
import type { NodeId } from './ids.js';
import type { Property, SystemView, TemporalProperty } from './property.js';
import type { Ignores, SymmetrySpec, Topology } from './symmetry.js';

/**
 * How the network holds messages in flight:
 * - `multiset`: each send adds one copy, each delivery consumes one (the default);
 * - `fifo`: one ordered channel per sender→receiver pair; only a channel's head can be delivered (TCP);
 * - `set`: a sent message stays available forever and may be delivered any number of times
 *   (the `msgs` of the TLA+ Paxos specifications); a delivery that changes nothing is not a step.
 */
export type NetworkKind = 'multiset' | 'fifo' | 'set';

export const NETWORK_KINDS: readonly NetworkKind[] = ['multiset', 'fifo', 'set'];

/** An event the environment may offer a node (a timer firing, a client request). */
export interface EnvironmentEvent {
  readonly type: string;
}

/** One node of the cluster. */
export interface NodeSpec {
  readonly name: NodeId;
  /** The role, e.g. `proposer`: used in listings and traces. */
  readonly role: string;
  /** The role's XState machine (opaque to spec/). */
  readonly logic: unknown;
  /** The machine's input: identity and cluster configuration. */
  readonly input: unknown;
  /**
   * Environment events the explorer offers this node wherever the machine can
   * take them (xstate's `snapshot.can`), in this order.
   */
  readonly environment: readonly EnvironmentEvent[];
  /**
   * The context fields this node keeps in stable storage: under
   * crash-recovery (`--recoveries`), a restarted node is its machine's
   * initial state for `input` with these fields copied from the state it
   * crashed in; every other field (and the state value) is lost. Absent: none
   * (a restart is a fresh start). A bug variant that forgets to persist a
   * field is one name fewer here.
   */
  readonly stable?: readonly string[];
  /**
   * The input a restarted node starts from (default: `input`), when its
   * input describes more than a fresh boot: Raft's cluster starts with s0
   * already leading term 1, but a restarted s0 boots as a follower.
   */
  readonly restartInput?: unknown;
}

/**
 * Byzantine nodes and the adversary's power over them. A Byzantine node's
 * machine never runs; instead, each of `messages` may be delivered to its
 * receiver at any time, any number of times (the explorer's `byzantine`
 * step). Channels stay authenticated: a message's `from` must be a Byzantine
 * node, so a correct node's messages cannot be forged. The universe is
 * finite: the protocol enumerates it from its bounds (views, sequence
 * numbers, requests, one bogus digest).
 *
 * Without `learn`, what is sent to a Byzantine node is discarded: the
 * adversary's power does not depend on what it has seen. With `learn`, the
 * adversary also has a memory: the moment a correct node sends a message to
 * a Byzantine node, every message `learn` returns for it joins what the
 * Byzantine nodes may send from then on (at any time, any number of times).
 * Learning at send time rather than at a later delivery loses nothing: an
 * adversary that knows earlier can always wait, and no correct node can
 * tell the difference.
 */
export interface ByzantineSpec {
  /** Indices (in `SystemSpec.nodes`) of the Byzantine nodes. */
  readonly nodes: readonly number[];
  /** The adversary's name, e.g. `full` or `equivocating-primary`. */
  readonly adversary: string;
  /** What the Byzantine nodes may send from the start, each addressed to one correct node. */
  readonly messages: readonly Envelope[];
  /**
   * What the Byzantine nodes may send once a correct node has sent them
   * `received` (e.g. the same content in a Byzantine node's own name: a
   * replay). Each returned message must be from a Byzantine node to a
   * correct one. Must be a pure function of `received`.
   */
  readonly learn?: (received: Envelope) => readonly Envelope[];
}

/** A complete, checkable system. */
export interface SystemSpec<M extends Envelope = Envelope> {
  readonly protocol: string;
  readonly nodes: readonly NodeSpec[];
  readonly properties: readonly Property<SystemView>[];
  /**
   * Temporal properties: liveness (`eventually`, `leadsTo`), checked when
   * named with `--property`, and witnesses (`sometimes`), which a safety
   * check also looks for to warn of a vacuous pass. They must read the state
   * as the invariants do, and be invariant under the declared symmetry.
   */
  readonly temporal?: readonly TemporalProperty<SystemView>[];
  /**
   * The states in which the protocol is done: a state with no step that is
   * not final is a deadlock. Absent: no deadlock check (every state without
   * a step is an acceptable end).
   */
  readonly final?: (view: SystemView) => boolean;
  /**
   * Where the clients' history is recorded, if the system records one: the
   * explorer then also checks that it is linearizable to `history.object`.
   */
  readonly history?: HistorySpec;
  /** Byzantine nodes and what they may send; absent: every node is correct. */
  readonly byzantine?: ByzantineSpec;
  /** The network this protocol is checked on unless the caller names another (default `multiset`). */
  readonly network?: NetworkKind;
  /** Groups of interchangeable nodes (symmetry reduction); absent: none declared. */
  readonly symmetry?: SymmetrySpec;
  /**
   * A hint for a search split over workers: the nodes whose local states
   * decide which worker holds a state (nodes outside every symmetry group,
   * whose local states change on few steps but take many values, e.g. Paxos
   * proposers; `explorer/actor-system/partition.ts`). It changes no count,
   * only how many successors cross between workers. Absent: by fingerprint.
   */
  readonly partition?: readonly NodeId[];
  /** Who may send to whom, by role (partial-order reduction); absent: anyone to anyone. */
  readonly topology?: Topology;
  /** Messages a node refuses for good (partial-order reduction); absent: none declared. */
  readonly ignores?: Ignores;
  /**
   * A bisimulation quotient the explorer searches instead of the raw state
   * graph (`explorer/quotient.ts`), for models whose raw graph is infinite
   * (the synod with unbounded ballots). Absent: states are searched as they are.
   */
  readonly quotient?: StateQuotient;
  /** How a trace names a message, e.g. `Promise(b=1, a2→p0, voted none)`. */
  describeMessage(msg: M): string;
  /**
   * Notations of this protocol's states that a reader cannot guess, explained
   * under a text trace that shows them: `text` as it appears in the trace
   * (e.g. `from: null`), `meaning` in one sentence.
   */
  readonly notations?: readonly { readonly text: string; readonly meaning: string }[];
  /**
   * How a trace names an environment step, given the node's context after it,
   * e.g. `p0 times out: ballot 1`. Defaults to `<node> <EVENT>`.
   */
  describeEnvironment?(node: NodeId, event: EnvironmentEvent, after: unknown): string;
}

/** One global state as a quotient reads it: each node's role, state value and context, who is down, the messages in flight. */
export interface QuotientState {
  readonly nodes: readonly { readonly name: NodeId; readonly role: string; readonly value: unknown; readonly context: unknown }[];
  readonly crashed: readonly boolean[];
  readonly messages: readonly Envelope[];
}

/** A state's normal form (`StateQuotient.normalise`). */
export interface NormalForm {
  /** Each node's context in the normal form (the state values are kept). */
  readonly contexts: readonly unknown[];
  /** Per message of the input, in order: its renamed form, or null when it is dropped (see `StateQuotient`). */
  readonly messages: readonly (Envelope | null)[];
  /** Whether anything was renamed (beyond dropping messages): a "holds" found on a quotient that renamed is not claimed. */
  readonly renamed: boolean;
}

/**
 * A quotient of the state graph: `normalise` maps every state to the
 * representative of its class. Declaring one asserts:
 * - a state and its normal form are bisimilar (same enabled steps, steps to
 *   states with the same normal form, same verdict of every property);
 * - `normalise` is idempotent;
 * - a message it drops is refused for good by its receiver: delivering it
 *   changes nothing, now or later (the lift of a run delivers it at once);
 * - `allowsEnvironment` and `withinBoundary` read only what the normal form keeps.
 */
export interface StateQuotient {
  /** What the quotient abstracts: one sentence for the report and the docs. */
  readonly why: string;
  normalise(state: QuotientState): NormalForm;
  /**
   * An environment restriction (part of the model, not a reduction): whether
   * node `slot` may take `event` in this state. Absent: whenever its machine can.
   */
  allowsEnvironment?(state: QuotientState, slot: number, event: EnvironmentEvent): boolean;
  /** A state constraint (TLC's CONSTRAINT): successors outside it are not explored. Absent: none. */
  withinBoundary?(state: QuotientState): boolean;
  /** How a run's loop moves between two states with one normal form, for the trace: e.g. `every ballot raised by 4`. */
  describeLoop?(from: QuotientState, to: QuotientState): string;
}
