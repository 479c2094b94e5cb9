/**
 * Helpers for machine unit tests: run one pure xstate step (`initialTransition`
 * / `transition`, never `createActor`) and read the messages it sent, i.e. the
 * `{ type: 'send', msg }` events the machine emitted (`xstate.emit` actions).
 * NOTE: only emitted `send` events are read; any other action (a log, an
 * emitted event of another type) is ignored, as the explorer ignores it.
 */
import {
  initialTransition,
  transition,
  type AnyStateMachine,
  type EmittedFrom,
  type EventFromLogic,
  type InputFrom,
  type SnapshotFrom,
} from 'xstate';
import type { Envelope } from '../../spec/core/envelope.js';

/** The message type a machine sends: the `msg` of its emitted `send` events. */
export type SentBy<T extends AnyStateMachine> =
  Extract<EmittedFrom<T>, { type: 'send' }> extends { msg: infer M extends Envelope } ? M : Envelope;

/** The messages carried by the emitted `send` events among `actions`, in emission order. */
export function sentMessages<M extends Envelope = Envelope>(actions: readonly { type: string; params?: unknown }[]): M[] {
  const out: M[] = [];
  for (const a of actions) {
    if (a.type !== 'xstate.emit') continue;
    const ev = (a.params as { event?: { type?: unknown; msg?: M } } | undefined)?.event;
    if (ev?.type !== 'send' || ev.msg === undefined) continue;
    out.push(ev.msg);
  }
  return out;
}

/** One step of a machine: the next snapshot and the messages it sent. */
export interface Step<T extends AnyStateMachine, M extends Envelope> {
  readonly next: SnapshotFrom<T>;
  readonly sent: M[];
}

/** The machine's initial snapshot for `input`, and what it sent on start. */
export function start<T extends AnyStateMachine, M extends Envelope = SentBy<T>>(machine: T, input: InputFrom<T>): Step<T, M> {
  const [next, actions] = (initialTransition as (m: T, i: InputFrom<T>) => [SnapshotFrom<T>, { type: string; params?: unknown }[]])(
    machine,
    input,
  );
  return { next, sent: sentMessages<M>(actions) };
}

/** Applies `event` to `snapshot` with the pure `transition()`. */
export function step<T extends AnyStateMachine, M extends Envelope = SentBy<T>>(
  machine: T,
  snapshot: SnapshotFrom<T>,
  event: EventFromLogic<T>,
): Step<T, M> {
  const [next, actions] = transition(machine, snapshot, event);
  return { next, sent: sentMessages<M>(actions as readonly { type: string; params?: unknown }[]) };
}

/** Applies `events` in order; returns the last snapshot and every message sent, in order. */
export function steps<T extends AnyStateMachine, M extends Envelope = SentBy<T>>(
  machine: T,
  snapshot: SnapshotFrom<T>,
  events: readonly EventFromLogic<T>[],
): Step<T, M> {
  let s = snapshot;
  const sent: M[] = [];
  for (const e of events) {
    const r = step<T, M>(machine, s, e);
    s = r.next;
    sent.push(...r.sent);
  }
  return { next: s, sent };
}

/** Rebuilds an arbitrary snapshot (state value + context), as the explorer does. */
export function restore<T extends AnyStateMachine>(machine: T, value: string, context: SnapshotFrom<T>['context']): SnapshotFrom<T> {
  return machine.resolveState({ value, context }) as SnapshotFrom<T>;
}
