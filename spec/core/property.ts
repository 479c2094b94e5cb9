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
}

/** Builds an invariant. */
export function always<V = SystemView>(
  name: string,
  description: string,
  holds: (view: V) => boolean,
  reads?: readonly number[],
): Property<V> {
  return reads === undefined ? { name, description, holds } : { name, description, holds, reads };
}
