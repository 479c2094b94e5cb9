/**
 * Message cost of one fault-free run (`agora cost`): how many messages a
 * protocol sends for a workload, who handles them, and how many message
 * delays pass until each milestone, under one fixed synchronous schedule.
 * Generic: the protocol supplies a `CostScenario` (`spec/core/cost.ts`).
 *
 * The schedule:
 * - Time 0 (round 0): the workload's environment events fire in order. Each
 *   must be enabled (`canTake`), else a ModelError names the node and event.
 * - Synchronous rounds: every message in flight when a round starts is
 *   delivered in that round, in the order it was sent; a message sent during
 *   a round is delivered in the next round. Except a message between two
 *   nodes on one host (`scenario.hosts`): that is a local call, delivered in
 *   the same round (appended to the round's queue), not counted as a network
 *   message, and it adds no delay. A delivered message the receiver has no
 *   transition for is consumed without effect (as the explorer does).
 * - Causal delay (Lamport clocks): each node's clock starts at 0; a message
 *   carries its sender's clock + 1 (network) or + 0 (local call); delivering
 *   it sets the receiver's clock to max(own, message's). The delay of a
 *   milestone is the clock of the node whose step first made it reached (the
 *   milestones are checked after every step, and once before the first).
 *   This is the length of the longest chain of network messages that led to
 *   the milestone, counted in message delays.
 * - The run stops when nothing is in flight; a run that does not quiesce
 *   within MAX_ROUNDS rounds or MAX_DELIVERIES deliveries is a ModelError.
 *   Afterwards every milestone must have been reached and every checked
 *   property (`checkedProperties`) must hold in the final state: a cheap
 *   check that the measured run is a correct one. Both failures are ModelErrors.
 *
 * What is measured, network messages only unless said otherwise: the total;
 * local (same-host) messages, reported apart and not counted; the count per
 * message type; per role (`NodeSpec.role`) the messages sent and received;
 * the leader host's sent and received, and its share of all message
 * handlings, (sent + received) / (2 × total), since every network message is
 * handled twice (once sent, once received); and the delay of each milestone.
 */
import { CLIENT_REPLY, type CostFormula, type CostModel, type CostScenario } from '../spec/core/cost.js';
import type { Envelope } from '../spec/core/envelope.js';
import type { SystemView } from '../spec/core/property.js';
import type { EnvironmentEvent } from '../spec/core/system.js';
import { canTake, initialSnapshot, ModelError, stepSnapshot, type LocalSnapshot } from './actor-system/step.js';
import { checkedProperties } from './check.js';

/** A run that has not quiesced after this many rounds is rejected. */
export const MAX_ROUNDS = 10_000;
/** A run that has not quiesced after this many deliveries is rejected. */
export const MAX_DELIVERIES = 1_000_000;

/** Network messages sent and received by the nodes of one role. */
export interface RoleCost {
  readonly role: string;
  readonly sent: number;
  readonly received: number;
}

/** Messages of one type: over the network (counted) and local calls (not counted). */
export interface TypeCost {
  readonly type: string;
  readonly network: number;
  readonly local: number;
}

/** When a milestone was first reached. */
export interface MilestoneDelay {
  readonly name: string;
  /** Message delays: the longest causal chain of network messages to it. */
  readonly delay: number;
  /** The node whose step reached it (`-` when it held from the start). */
  readonly node: string;
  /** The round of that step (0: time 0). */
  readonly round: number;
}

export interface LeaderCost {
  readonly host: string;
  /** Network messages sent by the nodes on the leader's host. */
  readonly sent: number;
  /** Network messages received by the nodes on the leader's host. */
  readonly received: number;
  /** (sent + received) / (2 × all network messages): the leader host's share of all message handlings. */
  readonly share: number;
}

export interface CostMeasurement {
  /** Network messages (between different hosts). */
  readonly messages: number;
  /** Messages between nodes on one host: local calls, not counted in `messages`. */
  readonly localMessages: number;
  /** Per message type, in the order each type was first sent. */
  readonly types: readonly TypeCost[];
  /** Per role, in the order of the system's nodes. */
  readonly roles: readonly RoleCost[];
  readonly leader: LeaderCost;
  /** Per milestone, in the scenario's order. */
  readonly delays: readonly MilestoneDelay[];
  /** Rounds that delivered something (after time 0). */
  readonly rounds: number;
  /** Messages delivered (network and local). */
  readonly deliveries: number;
}

interface InFlight {
  readonly msg: Envelope;
  /** The clock the message carries. */
  readonly clock: number;
}

type Item = { readonly kind: 'env'; readonly node: number; readonly event: EnvironmentEvent } | { readonly kind: 'msg'; readonly m: InFlight };

function count<K>(map: Map<K, number>, key: K): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** Runs `scenario` under the synchronous schedule above and measures it. */
export function measureCost(scenario: CostScenario): CostMeasurement {
  const { system, hosts } = scenario;
  const nodes = system.nodes;
  if (hosts.length !== nodes.length) throw new ModelError(`the scenario names ${hosts.length} hosts for ${nodes.length} nodes`);
  if (!hosts.includes(scenario.leaderHost)) throw new ModelError(`the leader host ${scenario.leaderHost} runs no node`);
  if ((system.byzantine?.nodes.length ?? 0) > 0) throw new ModelError('a cost run is fault-free: the scenario must have no Byzantine nodes');
  const slotOf = new Map(nodes.map((node, i) => [node.name, i]));
  const snapshots: LocalSnapshot[] = nodes.map((node) => initialSnapshot(node));
  const contexts: unknown[] = snapshots.map((s) => s.context as unknown);
  const clocks: number[] = nodes.map(() => 0);

  let current: Item[] = scenario.workload.map((w) => ({ kind: 'env', node: w.node, event: w.event }));
  let next: InFlight[] = [];
  let position = 0; // the next item of `current` to process
  const view: SystemView = {
    locals: contexts,
    crashed: nodes.map(() => false),
    messages: () => [...current.slice(position).flatMap((it) => (it.kind === 'msg' ? [it.m.msg] : [])), ...next.map((m) => m.msg)],
  };

  let network = 0;
  let local = 0;
  const types = new Map<string, { network: number; local: number }>();
  const sent = new Map<string, number>();
  const received = new Map<string, number>();
  let leaderSent = 0;
  let leaderReceived = 0;
  const reached: (MilestoneDelay | undefined)[] = scenario.milestones.map((m) =>
    m.reached(view) ? { name: m.name, delay: 0, node: '-', round: 0 } : undefined,
  );

  let round = 0;
  let deliveries = 0;
  const apply = (slot: number, event: EnvironmentEvent | Envelope): void => {
    const node = nodes[slot];
    if (node === undefined) throw new ModelError(`no node ${slot}`);
    const { next: after, sent: out } = stepSnapshot(node, snapshots[slot] as LocalSnapshot, event);
    snapshots[slot] = after;
    contexts[slot] = after.context;
    const clock = clocks[slot] as number;
    for (const msg of out) {
      const to = slotOf.get(msg.to);
      if (to === undefined) throw new ModelError(`${msg.from} sent ${msg.type} to ${msg.to}, which is not a node of this system`);
      const t = types.get(msg.type) ?? { network: 0, local: 0 };
      types.set(msg.type, t);
      if (hosts[to] === hosts[slot]) {
        local++;
        t.local++;
        current.push({ kind: 'msg', m: { msg, clock } });
      } else {
        network++;
        t.network++;
        count(sent, node.role);
        count(received, (nodes[to] as (typeof nodes)[number]).role);
        if (hosts[slot] === scenario.leaderHost) leaderSent++;
        if (hosts[to] === scenario.leaderHost) leaderReceived++;
        next.push({ msg, clock: clock + 1 });
      }
    }
    scenario.milestones.forEach((m, i) => {
      if (reached[i] === undefined && m.reached(view)) reached[i] = { name: m.name, delay: clock, node: node.name, round };
    });
  };

  for (;;) {
    while (position < current.length) {
      const item = current[position++] as Item;
      if (item.kind === 'env') {
        const node = nodes[item.node];
        if (node === undefined) throw new ModelError(`the workload names node ${item.node}, but the system has ${nodes.length} nodes`);
        if (!canTake(snapshots[item.node] as LocalSnapshot, item.event)) {
          throw new ModelError(`workload event ${item.event.type} is not enabled at node ${node.name} at time 0`);
        }
        apply(item.node, item.event);
      } else {
        const to = slotOf.get(item.m.msg.to) as number;
        if (++deliveries > MAX_DELIVERIES) throw new ModelError(`the run did not quiesce within ${MAX_DELIVERIES} deliveries`);
        clocks[to] = Math.max(clocks[to] as number, item.m.clock);
        apply(to, item.m.msg);
      }
    }
    if (next.length === 0) break;
    if (++round > MAX_ROUNDS) throw new ModelError(`the run did not quiesce within ${MAX_ROUNDS} rounds`);
    current = next.map((m) => ({ kind: 'msg', m }));
    position = 0;
    next = [];
  }

  const delays = scenario.milestones.map((m, i) => {
    const d = reached[i];
    if (d === undefined) throw new ModelError(`milestone '${m.name}' was never reached`);
    return d;
  });
  for (const p of checkedProperties(system)) {
    if (!p.holds(view)) throw new ModelError(`property ${p.name} does not hold at the end of the cost run`);
  }
  const roles = [...new Set(nodes.map((n) => n.role))].map((role) => ({ role, sent: sent.get(role) ?? 0, received: received.get(role) ?? 0 }));
  return {
    messages: network,
    localMessages: local,
    types: [...types].map(([type, t]) => ({ type, network: t.network, local: t.local })),
    roles,
    leader: {
      host: scenario.leaderHost,
      sent: leaderSent,
      received: leaderReceived,
      share: network === 0 ? 0 : (leaderSent + leaderReceived) / (2 * network),
    },
    delays,
    rounds: round,
    deliveries,
  };
}

/**
 * The literature's count beside a measured one. The closed forms count the
 * messages of one request, so with a batch of k requests the measured figure
 * compared is the network messages per request (total / k).
 */
export interface LiteratureCount {
  /** e.g. `2n+2`. */
  readonly formula: string;
  readonly value: number;
  /** Measured network messages per request: total / batch. */
  readonly measured: number;
  /** measured per request − literature. */
  readonly difference: number;
}

/**
 * The literature's message delays until the client has its reply beside the
 * measured delay of the milestone named `CLIENT_REPLY` (the whole batch's:
 * the last client's reply).
 */
export interface LiteratureDelay {
  readonly value: number;
  readonly measured: number;
  /** measured − literature. */
  readonly difference: number;
}

export interface CostRow {
  readonly n: number;
  readonly measured: CostMeasurement;
  readonly literature?: LiteratureCount;
  readonly literatureDelay?: LiteratureDelay;
}

/** The cost of one protocol variant for several n. */
export interface CostTable {
  readonly protocol: string;
  /** The variant, or null for a protocol without variants. */
  readonly variant: string | null;
  /** Requests ordered as one batch. */
  readonly batch: number;
  /** The literature's closed form for this variant, if it gives one, and its delays, if it gives them. */
  readonly formula?: {
    readonly text: string;
    readonly source: string;
    readonly delays?: { readonly text: string; readonly clientReply: number };
  };
  readonly rows: readonly CostRow[];
}

/**
 * Measures `model` for each n (each at least `model.minN`) with `batch`
 * requests ordered as one batch, and sets the literature's count beside each
 * (per request), and the literature's delay until the client has its reply
 * beside the measured one, when the formula gives it (the scenario must then
 * have a milestone named `CLIENT_REPLY`, else a ModelError). A protocol
 * without variants (`variant` null) gets the empty string as its variant.
 */
export function costTable(protocol: string, model: CostModel, variant: string | null, ns: readonly number[], batch: number): CostTable {
  const formula: CostFormula | undefined = model.formula(variant ?? '');
  const rows = ns.map((n): CostRow => {
    if (!Number.isInteger(n) || n < model.minN) throw new RangeError(`${protocol}: n must be an integer >= ${model.minN}, got ${n}`);
    const measured = measureCost(model.scenario(n, variant ?? '', batch));
    if (formula === undefined) return { n, measured };
    const value = formula.messages(n);
    const perRequest = measured.messages / batch;
    const literature = { formula: formula.text, value, measured: perRequest, difference: perRequest - value };
    if (formula.delays === undefined) return { n, measured, literature };
    const reply = measured.delays.find((d) => d.name === CLIENT_REPLY);
    if (reply === undefined) throw new ModelError(`${protocol}: the literature gives the delay until '${CLIENT_REPLY}', but the scenario has no such milestone`);
    const expected = formula.delays.clientReply;
    return { n, measured, literature, literatureDelay: { value: expected, measured: reply.delay, difference: reply.delay - expected } };
  });
  return {
    protocol,
    variant,
    batch,
    ...(formula !== undefined
      ? { formula: { text: formula.text, source: formula.source, ...(formula.delays !== undefined ? { delays: { text: formula.delays.text, clientReply: formula.delays.clientReply } } : {}) } }
      : {}),
    rows,
  };
}
