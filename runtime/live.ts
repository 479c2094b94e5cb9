/**
 * Live runner: runs a system's role machines as live XState actors, the way a
 * real runtime does (stateright's `spawn`), instead of enumerating states.
 * One `createActor(node.logic, { input: node.input })` per node of a
 * `SystemSpec`; each actor's emitted `{ type: 'send', msg }` events go to an
 * in-memory transport (`actor.on('send', ...)`), which hands messages back one
 * at a time, in an order drawn from a seeded PRNG, to the actor named by
 * `msg.to` (`actor.send(msg)`). Environment events (a timer firing, a client
 * request) are injected by the same PRNG while the node can take them
 * (`snapshot.can(event)`). The same seed replays the same run exactly.
 *
 * It knows no protocol: it reads only `spec/core` types and xstate. It checks
 * the spec's properties (and linearizability, when the system records a
 * client history) after every step and stops at the first violation.
 * (Moved here from explorer/: it runs machines, it does not search.)
 *
 * What it leaves out (see the NOTEs below): real time, real sockets, message
 * loss, duplication and crashes, concurrency between nodes.
 */
import { createActor, type Actor, type AnyStateMachine } from 'xstate';
import type { Envelope } from '../spec/core/envelope.js';
import type { NodeId } from '../spec/core/ids.js';
import type { SystemView } from '../spec/core/property.js';
import type { EnvironmentEvent, SystemSpec } from '../spec/core/system.js';
import { linearizabilityProperty } from '../explorer/linearizability.js';
import { seededRandom, type Random } from './random.js';

export { seededRandom, type Random };

/** An integer in [0, n), n >= 1. */
function pick(random: Random, n: number): number {
  return Math.min(n - 1, Math.floor(random() * n));
}

/**
 * An in-memory network: a bag of messages in flight, delivered one at a
 * time in an order chosen by `random`.
 * NOTE: no message is lost, duplicated or delayed past the end of the run,
 *   whatever faults the explorer would allow (`--lossy`, duplicates): any
 *   order is possible (an unordered network), but it is drawn uniformly, not
 *   adversarially, so rare interleavings are rare here. A run finds bugs by
 *   sampling and proves nothing; the explorer is what checks every order.
 */
export class InMemoryTransport {
  private readonly inFlight: Envelope[] = [];
  private readonly random: Random;

  constructor(random: Random) {
    this.random = random;
  }

  /** Puts one copy of `msg` in flight. */
  enqueue(msg: Envelope): void {
    this.inFlight.push(msg);
  }

  /** How many messages are in flight. */
  get size(): number {
    return this.inFlight.length;
  }

  /** The messages in flight, in arrival order (a copy). */
  pending(): readonly Envelope[] {
    return [...this.inFlight];
  }

  /** Removes one message chosen by the PRNG and returns it; `undefined` when none is in flight. */
  take(): Envelope | undefined {
    if (this.inFlight.length === 0) return undefined;
    return this.inFlight.splice(pick(this.random, this.inFlight.length), 1)[0];
  }
}

/** One step of a live run. */
export type LiveStep =
  | { readonly kind: 'deliver'; readonly msg: Envelope }
  | { readonly kind: 'environment'; readonly node: NodeId; readonly event: EnvironmentEvent };

/** Options of a live run. */
export interface LiveOptions {
  /** Seeds the PRNG that orders deliveries and environment events; a 32-bit integer. */
  readonly seed: number;
  /** Stop after this many steps (status `max-steps`). */
  readonly maxSteps: number;
  /** Stop as soon as this holds of the node contexts (in `spec.nodes` order), checked before every step. */
  readonly until?: (contexts: readonly unknown[]) => boolean;
  /**
   * Odds, per step, of injecting an enabled environment event rather than
   * delivering a message when both are possible (default 0.1). When no message
   * is in flight, an enabled environment event is always injected.
   */
  readonly environmentRate?: number;
}

/** Why a live run stopped. */
export type LiveStatus =
  /** `until` held. */
  | 'until'
  /** A property of the spec was violated (`violated` names it). */
  | 'violation'
  /** No message in flight and no environment event enabled. */
  | 'quiescent'
  /** `maxSteps` steps were taken first: nothing is claimed about the rest of the run. */
  | 'max-steps';

/** The outcome of a live run. */
export interface LiveResult {
  readonly seed: number;
  readonly status: LiveStatus;
  /** Steps taken (deliveries plus environment events). */
  readonly steps: number;
  /** Messages delivered. */
  readonly delivered: number;
  /** Environment events injected. */
  readonly injected: number;
  /** The name of the first property violated, or null. */
  readonly violated: string | null;
  /** Each node's context at the end, in `spec.nodes` order. */
  readonly contexts: readonly unknown[];
  /** The messages still in flight at the end. */
  readonly inFlight: readonly Envelope[];
  /** Every step, in order: replaying it needs only the seed. */
  readonly trace: readonly LiveStep[];
}

/** Raised when a machine fails in a live run (throws, sends as another node, sends to nobody). */
export class LiveError extends Error {
  override readonly name = 'LiveError';
}

interface LiveNode {
  readonly name: NodeId;
  readonly actor: Actor<AnyStateMachine>;
  readonly environment: readonly EnvironmentEvent[];
}

function checkOptions(options: LiveOptions): number {
  const rate = options.environmentRate ?? 0.1;
  if (!Number.isInteger(options.seed)) throw new RangeError(`seed must be an integer, got ${options.seed}`);
  if (!Number.isInteger(options.maxSteps) || options.maxSteps < 0) {
    throw new RangeError(`maxSteps must be an integer >= 0, got ${options.maxSteps}`);
  }
  if (!(rate >= 0 && rate <= 1)) throw new RangeError(`environmentRate must be in [0, 1], got ${rate}`);
  return rate;
}

/**
 * Runs `spec` live: one actor per node, an in-memory transport, and seeded
 * choices of what happens next. Deterministic for a given seed.
 */
export function runLive(spec: SystemSpec, options: LiveOptions): LiveResult {
  const rate = checkOptions(options);
  if ((spec.byzantine?.nodes.length ?? 0) > 0) {
    // NOTE: the live runner runs correct nodes only; Byzantine behaviour is explored by the checker.
    throw new LiveError(`${spec.protocol}: the live runner does not play Byzantine nodes; check this system with the explorer`);
  }
  const random = seededRandom(options.seed);
  const transport = new InMemoryTransport(random);
  // A failure inside an actor or its emit handler is recorded here and raised
  // by the runner after the step, outside xstate's own error handling.
  let failure: string | null = null;

  const nodes: LiveNode[] = spec.nodes.map((n) => {
    const actor = createActor(n.logic as AnyStateMachine, { input: n.input });
    actor.on('send', (e: { msg?: Envelope }) => {
      const msg = e.msg;
      // NOTE: authenticated channels: a node may only send in its own name.
      if (msg === undefined || typeof msg.type !== 'string' || typeof msg.to !== 'string' || msg.from !== n.name) {
        failure ??= `node ${n.name} emitted a malformed send: ${JSON.stringify(e)}`;
        return;
      }
      transport.enqueue(msg);
    });
    actor.subscribe({
      error: (err: unknown) => {
        failure ??= `node ${n.name} failed: ${err instanceof Error ? err.message : String(err)}`;
      },
    });
    return { name: n.name, actor, environment: n.environment };
  });
  const byName = new Map(nodes.map((n) => [n.name, n] as const));
  if (byName.size !== nodes.length) throw new LiveError(`spec ${spec.protocol} has two nodes with the same name`);

  const contexts = (): unknown[] => nodes.map((n) => n.actor.getSnapshot().context as unknown);
  const view = (): SystemView => ({
    locals: contexts(),
    // NOTE: no crashes: every node stays up for the whole run.
    crashed: nodes.map(() => false),
    messages: () => transport.pending(),
  });
  const properties = spec.history === undefined ? spec.properties : [...spec.properties, linearizabilityProperty(spec.history)];
  const firstViolated = (): string | null => {
    const v = view();
    return properties.find((p) => !p.holds(v))?.name ?? null;
  };
  const raiseFailure = (): void => {
    if (failure !== null) throw new LiveError(`seed ${options.seed}: ${failure}`);
  };

  const trace: LiveStep[] = [];
  let delivered = 0;
  let injected = 0;
  let status: LiveStatus | null = null;
  let violated: string | null = null;
  try {
    for (const n of nodes) n.actor.start();
    raiseFailure();
    violated = firstViolated();
    if (violated !== null) status = 'violation';

    while (status === null) {
      if (options.until?.(contexts())) {
        status = 'until';
        break;
      }
      if (trace.length >= options.maxSteps) {
        status = 'max-steps';
        break;
      }
      // Environment events enabled now, in node order then the node's own order (deterministic).
      const enabled: { node: LiveNode; event: EnvironmentEvent }[] = [];
      for (const node of nodes) {
        for (const event of node.environment) if (node.actor.getSnapshot().can(event)) enabled.push({ node, event });
      }
      if (enabled.length === 0 && transport.size === 0) {
        status = 'quiescent';
        break;
      }
      // NOTE: no real timers: a timeout fires with odds `rate` per step while it
      //   is enabled, or at once when nothing else can happen.
      const inject = enabled.length > 0 && (transport.size === 0 || random() < rate);
      if (inject) {
        const { node, event } = enabled[pick(random, enabled.length)] as (typeof enabled)[number];
        trace.push({ kind: 'environment', node: node.name, event });
        injected++;
        node.actor.send(event);
      } else {
        const msg = transport.take() as Envelope;
        const to = byName.get(msg.to);
        if (to === undefined) throw new LiveError(`seed ${options.seed}: message to unknown node ${msg.to}: ${JSON.stringify(msg)}`);
        trace.push({ kind: 'deliver', msg });
        delivered++;
        // NOTE: delivery is synchronous and one at a time: the receiver finishes
        //   its step (and its sends reach the transport) before anything else happens.
        to.actor.send(msg);
      }
      raiseFailure();
      violated = firstViolated();
      if (violated !== null) status = 'violation';
    }
    return {
      seed: options.seed,
      status,
      steps: trace.length,
      delivered,
      injected,
      violated,
      contexts: contexts(),
      inFlight: transport.pending(),
      trace,
    };
  } finally {
    for (const n of nodes) n.actor.stop();
  }
}
