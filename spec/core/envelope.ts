/**
 * The shape every protocol message has: a namespaced `type` (the event type a
 * receiving machine reacts to), its sender and its receiver.
 * NOTE: channels are authenticated by construction: the explorer only puts a
 * message in flight when the machine named in `from` emitted it.
 */
import type { NodeId } from './ids.js';

/** A message in flight, addressed to exactly one node. */
export interface Envelope {
  readonly type: string;
  readonly from: NodeId;
  readonly to: NodeId;
}

/** What a machine emits to send a message (see `machines/shared/outbox.ts`). */
export interface SendEvent<M extends Envelope = Envelope> {
  readonly type: 'send';
  readonly msg: M;
}

/** An action as xstate's pure `transition()` returns it. */
export interface ActionRecord {
  readonly type: string;
  readonly params?: unknown;
}

/**
 * The `send` events among the actions of one pure `transition()` (xstate
 * returns an emitted event as an `xstate.emit` action), in emission order,
 * as emitted: their `msg` is not checked here.
 */
export function sendEvents(actions: readonly ActionRecord[]): { readonly type: 'send'; readonly msg?: unknown }[] {
  const out: { readonly type: 'send'; readonly msg?: unknown }[] = [];
  for (const a of actions) {
    if (a.type !== 'xstate.emit') continue;
    const ev = (a.params as { event?: { type?: unknown; msg?: unknown } } | undefined)?.event;
    if (ev?.type === 'send') out.push(ev as { readonly type: 'send'; readonly msg?: unknown });
  }
  return out;
}

/** The messages those `send` events carry (for a runtime that trusts its machines' emits). */
export function sentMessages(actions: readonly ActionRecord[]): Envelope[] {
  return sendEvents(actions).flatMap((ev) => (ev.msg !== undefined ? [ev.msg as Envelope] : []));
}

