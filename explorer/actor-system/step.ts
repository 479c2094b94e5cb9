/**
 * The one place the explorer calls xstate: initial snapshots, pure
 * `transition()`, `snapshot.can()`, and reading the emitted `send` events.
 * Everything else in the explorer sees snapshots as opaque values plus their
 * canonical key (state value + context).
 */
import { initialTransition, transition, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import { sendEvents, type ActionRecord, type Envelope } from '../../spec/core/envelope.js';
import type { EnvironmentEvent, NodeSpec } from '../../spec/core/system.js';
import { canonicalKey } from '../encode.js';

/** A node's local snapshot (an xstate machine snapshot). */
export type LocalSnapshot = AnyMachineSnapshot;

/** The result of one local step: the next snapshot and the messages sent, in emission order. */
export interface LocalStep {
  readonly next: LocalSnapshot;
  readonly sent: readonly Envelope[];
}

/** Raised when a machine misbehaves (throws, emits a malformed event): a bad model, exit code 2. */
export class ModelError extends Error {
  override readonly name = 'ModelError';
}

function logicOf(node: NodeSpec): AnyStateMachine {
  const logic = node.logic as AnyStateMachine | undefined;
  if (logic === undefined || typeof (logic as { resolveState?: unknown }).resolveState !== 'function') {
    throw new ModelError(`node ${node.name}: its logic is not an XState machine`);
  }
  return logic;
}

function readSent(node: NodeSpec, actions: readonly ActionRecord[]): Envelope[] {
  const sent: Envelope[] = [];
  for (const ev of sendEvents(actions)) {
    const msg = ev.msg as Envelope | undefined;
    if (msg === undefined || typeof msg.type !== 'string' || typeof msg.to !== 'string' || msg.from !== node.name) {
      throw new ModelError(`node ${node.name} emitted a malformed send: ${JSON.stringify(ev)} (a message needs type, to, and from = its sender)`);
    }
    sent.push(msg);
  }
  return sent;
}

function checkStatus(node: NodeSpec, s: LocalSnapshot, what: string): LocalSnapshot {
  if (s.status === 'error') throw new ModelError(`node ${node.name} failed on ${what}: ${String((s as { error?: unknown }).error)}`);
  return s;
}

/** The node's initial snapshot; a machine that sends on start is not supported. */
export function initialSnapshot(node: NodeSpec): LocalSnapshot {
  const [s, actions] = initialTransition(logicOf(node), node.input);
  if (readSent(node, actions).length > 0) throw new ModelError(`node ${node.name} sends messages on start; send from a step instead`);
  return checkStatus(node, s, 'start');
}

/**
 * The snapshot of `node` restarted after a crash in `crashed` (crash-recovery):
 * its machine's initial snapshot for its input (`NodeSpec.restartInput` if
 * set), with the context fields the
 * node declares stable (`NodeSpec.stable`) copied from `crashed`.
 */
export function restartedSnapshot(node: NodeSpec, crashed: LocalSnapshot): LocalSnapshot {
  const fresh = initialSnapshot(node.restartInput !== undefined ? { ...node, input: node.restartInput } : node);
  const stable = node.stable ?? [];
  if (stable.length === 0) return fresh;
  const before = crashed.context as Record<string, unknown>;
  const context: Record<string, unknown> = { ...(fresh.context as Record<string, unknown>) };
  for (const field of stable) {
    if (!Object.hasOwn(before, field)) throw new ModelError(`node ${node.name} declares stable field ${field}, which its context does not have`);
    context[field] = before[field];
  }
  try {
    return checkStatus(node, logicOf(node).resolveState({ value: fresh.value, context }), 'restart');
  } catch (e) {
    if (e instanceof ModelError) throw e;
    throw new ModelError(`node ${node.name}: its restarted state is not a state of its machine: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Applies `event` to `snapshot` with xstate's pure `transition()`. */
export function stepSnapshot(node: NodeSpec, snapshot: LocalSnapshot, event: EnvironmentEvent | Envelope): LocalStep {
  let result: [LocalSnapshot, { type: string; params?: unknown }[]];
  try {
    result = transition(logicOf(node), snapshot, event) as typeof result;
  } catch (e) {
    throw new ModelError(`node ${node.name} threw on ${event.type}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const [next, actions] = result;
  return { next: checkStatus(node, next, event.type), sent: readSent(node, actions) };
}

/**
 * The snapshot of `node`'s machine in state value `like.value` with `context`
 * (a renamed copy of another node's snapshot, for symmetry reduction).
 */
export function renamedSnapshot(node: NodeSpec, like: LocalSnapshot, context: unknown): LocalSnapshot {
  try {
    return checkStatus(node, logicOf(node).resolveState({ value: like.value, context }), 'renaming');
  } catch (e) {
    if (e instanceof ModelError) throw e;
    throw new ModelError(`node ${node.name}: a renamed snapshot is not a state of its machine: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** The snapshot of `node`'s machine in state value `value` with `context` (a local state received from another worker). */
export function restoredSnapshot(node: NodeSpec, value: unknown, context: unknown): LocalSnapshot {
  try {
    return checkStatus(node, logicOf(node).resolveState({ value: value as never, context }), 'restoring');
  } catch (e) {
    if (e instanceof ModelError) throw e;
    throw new ModelError(`node ${node.name}: a local state from another worker is not a state of its machine: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Whether the machine has an enabled transition for `event` (its guards pass). */
export function canTake(snapshot: LocalSnapshot, event: EnvironmentEvent): boolean {
  return snapshot.can(event);
}

/** The canonical key of a local snapshot: its state value and context. */
export function snapshotKey(snapshot: LocalSnapshot): string {
  return canonicalKey({ value: snapshot.value, context: snapshot.context });
}
