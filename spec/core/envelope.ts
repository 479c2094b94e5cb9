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
