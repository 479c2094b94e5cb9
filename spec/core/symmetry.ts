/**
 * Facts a protocol may declare so that the explorer can reduce the state
 * space (DESIGN.md, "Explorer architecture"): groups of interchangeable
 * nodes (symmetry) and who may send to whom (partial-order reduction).
 * The explorer never guesses either: it uses what is declared here, and it
 * checks each declaration where it can (a message outside the declared
 * topology, or a renaming that does not map the initial state onto itself,
 * is a bad model: exit 2).
 */
import type { Envelope } from './envelope.js';
import type { NodeId } from './ids.js';

/** A permutation of node names (identity outside the group it permutes). */
export type Rename = (node: NodeId) => NodeId;

/**
 * Groups of interchangeable nodes. Declaring a group asserts that for every
 * permutation π of its members (fixing every other node):
 * - π maps the initial state onto itself: node i's initial context, renamed,
 *   is node π(i)'s initial context;
 * - π commutes with every step: renaming a local state and an event, then
 *   stepping, gives the renamed result of stepping;
 * - every checked property has the same verdict on a state and its renaming.
 * Nodes that differ in their input (a proposer's own value, a distinguished
 * leader, a Byzantine node) must not share a group.
 */
export interface SymmetrySpec {
  /** The groups, each a list of node names; a node is in at most one group. */
  readonly groups: readonly (readonly NodeId[])[];
  /** Why the groups are symmetries: one sentence for the report and the docs. */
  readonly why: string;
  /**
   * A node's context with every node name renamed by `rename`, with sets
   * re-sorted so that the result is canonical. The machine's state value is
   * kept as it is.
   */
  renameContext(role: string, context: unknown, rename: Rename): unknown;
  /** A message with every node name in it (`from`, `to` and any field) renamed. */
  renameMessage(msg: Envelope, rename: Rename): Envelope;
}

/**
 * Who may send to whom, by role: `{ proposer: ['acceptor'], acceptor:
 * ['proposer', 'learner'] }`. A role that is not a key sends nothing. The
 * explorer checks every message against it when the message first appears.
 */
export type Topology = Readonly<Record<string, readonly string[]>>;

/** A node's local state as `Ignores` sees it: its role, XState state value and context. */
export interface NodeState {
  readonly role: string;
  readonly value: unknown;
  readonly context: unknown;
}

/**
 * Messages a node refuses for good. `ignores(node, msg)` true promises that
 * the node, in this state and in every state it can reach from it, takes
 * `msg` without changing state or sending anything (a stale Prepare at an
 * acceptor that promised a higher ballot). The partial-order reduction may
 * then consume the message at once, as the only step of the state. The
 * explorer checks the promise where it can: the node must indeed do nothing
 * with `msg` now, and every step of the node from a state that ignores `msg`
 * must lead to a state that still ignores it.
 */
export type Ignores = (node: NodeState, msg: Envelope) => boolean;
