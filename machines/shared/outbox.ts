/**
 * The one way a role machine sends: it emits `{ type: 'send', msg }` events
 * (declared in the machine's `types.emitted`). xstate's pure `transition()`
 * returns them as data for the explorer; a live actor hands them to a
 * runtime through `actor.on('send', ...)`. A machine never performs I/O.
 */
import type { Envelope, SendEvent } from '../../spec/core/envelope.js';

/** The outbound event type of a machine whose messages are `M`. */
export type Outbound<M extends Envelope> = SendEvent<M>;
