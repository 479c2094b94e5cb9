/**
 * Safety properties: predicates that must hold in every reachable state.
 * A property reads a `SystemView`: the local context of every node (in the
 * system's node order), which nodes crashed, and the messages in flight.
 */
import type { Envelope } from './envelope.js';

/** What a property may read of one global state. */
export interface SystemView {
  /** The context of each node, indexed like `SystemSpec.nodes`. */
  readonly locals: readonly unknown[];
  /** `crashed[i]` is true when node i has crashed (it takes no more steps). */
  readonly crashed: readonly boolean[];
  /** The in-flight messages (one entry per copy). Built on demand: only call it when needed. */
  messages(): readonly Envelope[];
}

/** An invariant, named the way the CLI and traces print it (`agreement`). */
export interface Property<V = SystemView> {
  readonly name: string;
  /** One sentence: what must hold, and which rule of the paper it states. */
  readonly description: string;
  holds(view: V): boolean;
  /**
   * The node indices whose context the property reads, when it reads nothing
   * else (no messages, no crash flags). A hint that lets the explorer cache
   * the verdict per local state; omit it when unsure.
   */
  readonly reads?: readonly number[];
  /**
   * A one-line summary of a state, in the property's own terms, for the end of
   * a counterexample: e.g. `l0 decided {v0, v1}: two values`. `nodes` names
   * the nodes by index. Optional: traces without it end with the verdict alone.
   */
  explain?(view: V, nodes: readonly string[]): string;
}

/** Builds an invariant; `explain` summarises a violating state (`Property.explain`). */
export function always<V = SystemView>(
  name: string,
  description: string,
  holds: (view: V) => boolean,
  reads?: readonly number[],
  explain?: (view: V, nodes: readonly string[]) => string,
): Property<V> {
  return { name, description, holds, ...(reads !== undefined ? { reads } : {}), ...(explain !== undefined ? { explain } : {}) };
}

/** A set as traces print it: `{v0, v1}`. */
export function setText(xs: readonly unknown[]): string {
  return `{${xs.map(String).join(', ')}}`;
}

/**
 * Fairness: which steps a run may not neglect forever.
 * - `none`: any infinite run counts (a cycle of the state graph is a counterexample);
 * - `weak`: a delivery of a message (one task per distinct message) or an
 *   environment event of a node (one task per node and event: its timeout,
 *   a client's request) that stays enabled forever is eventually taken;
 * - `strong`: one that is enabled infinitely often is eventually taken.
 * Faults (drop, duplicate, crash, Byzantine sends) are never owed: a fair run
 * need not lose, duplicate, crash or forge anything.
 */
export type Fairness = 'none' | 'weak' | 'strong';

export const FAIRNESS_KINDS: readonly Fairness[] = ['none', 'weak', 'strong'];

/** One sentence on what a fairness assumption means here, for the report. */
export function fairnessText(f: Fairness): string {
  switch (f) {
    case 'none':
      return 'no fairness: any infinite run counts';
    case 'weak':
      return 'weak fairness on each message delivery and on each node\'s environment events (timeouts, client requests); none on faults (loss, duplication, crashes, Byzantine sends)';
    case 'strong':
      return 'strong fairness on each message delivery and on each node\'s environment events; none on faults';
  }
}


/**
 * A temporal property, declared like an invariant (a name, one sentence
 * naming the paper's rule) and checked on the whole explored graph:
 * - `eventually`: every run reaches a state where `goal` holds;
 * - `leads-to`: from every state where `trigger` holds, every run reaches a
 *   state where `goal` holds (the state itself counts);
 * - `sometimes`: some reachable state satisfies `goal` (a witness: the model
 *   can do this at all; a safety check that never reaches it may be vacuous).
 * A run is a maximal path: infinite (a cycle repeated, fair under the
 * fairness assumption) or ending in a state with no step at all.
 */
export interface TemporalProperty<V = SystemView> {
  readonly name: string;
  readonly description: string;
  readonly kind: 'eventually' | 'leads-to' | 'sometimes';
  readonly goal: (view: V) => boolean;
  /** `leads-to` only: where the obligation starts. */
  readonly trigger?: (view: V) => boolean;
  /** As `Property.reads`: the nodes `goal` (and `trigger`) read, when they read nothing else. */
  readonly reads?: readonly number[];
  /** The fairness this property is checked under unless the caller names one (default `weak`). */
  readonly fairness?: Fairness;
  /** `sometimes`: the warning printed when no state satisfies it, e.g. `no state decides v1`. */
  readonly unreachable?: string;
}

/** Builds `eventually(goal)`: every run reaches a state satisfying `goal`. */
export function eventually<V = SystemView>(
  name: string,
  description: string,
  goal: (view: V) => boolean,
  options: { readonly reads?: readonly number[]; readonly fairness?: Fairness } = {},
): TemporalProperty<V> {
  return { name, description, kind: 'eventually', goal, ...options };
}

/** Builds `leadsTo(trigger, goal)`: whenever `trigger` holds, every run from there reaches `goal`. */
export function leadsTo<V = SystemView>(
  name: string,
  description: string,
  trigger: (view: V) => boolean,
  goal: (view: V) => boolean,
  options: { readonly reads?: readonly number[]; readonly fairness?: Fairness } = {},
): TemporalProperty<V> {
  return { name, description, kind: 'leads-to', trigger, goal, ...options };
}

/** Builds `sometimes(goal)`: a witness, some reachable state satisfies `goal`; `unreachable` is the warning otherwise. */
export function sometimes<V = SystemView>(
  name: string,
  description: string,
  goal: (view: V) => boolean,
  options: { readonly reads?: readonly number[]; readonly unreachable?: string } = {},
): TemporalProperty<V> {
  return { name, description, kind: 'sometimes', goal, ...options };
}

/** Whether a temporal property is a liveness property (checked on cycles and terminal states), not a witness. */
export function isLiveness(p: TemporalProperty<never>): boolean {
  return p.kind !== 'sometimes';
}
