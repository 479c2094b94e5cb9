/**
 * The Multi-Paxos cluster: the clients node, P proposers, A acceptors and L
 * replicas (`spec/multipaxos/configs.ts`), wired for one variant (where 2b
 * goes). Quorums are majorities of the acceptors, and a decision takes a
 * quorum of 2b unless the `early-reply` bug is chosen; the other bugs are
 * overrides of the proposer's named guard and action (machines/multipaxos/bugs.ts).
 * NOTE: network faults are not part of the system: the explorer adds them.
 */
import { historySpec } from '../../spec/core/history.js';
import { names } from '../../spec/core/ids.js';
import type { NodeSpec, SystemSpec } from '../../spec/core/system.js';
import type { MultiPaxosBug, Variant } from '../../spec/multipaxos/bugs.js';
import type { MultiPaxosSizes } from '../../spec/multipaxos/configs.js';
import { ballotOf } from '../../spec/multipaxos/log.js';
import { replicatedLogFinal, replicatedLogProperties, replicatedLogTemporal } from '../../spec/multipaxos/invariants.js';
import { describeMultiPaxosMessage, type MultiPaxosMessage } from '../../spec/multipaxos/messages.js';
import { register } from '../../spec/multipaxos/register.js';
import type { ClientsState, ProposerState } from '../../spec/multipaxos/state.js';
import { multipaxosSymmetry } from '../../spec/multipaxos/symmetry.js';
import { mayRunPhase1, multipaxosTopology } from '../../spec/multipaxos/topology.js';
import { multipaxosIgnores } from '../../spec/multipaxos/ignores.js';
import { acceptorMachine } from './acceptor.machine.js';
import { clientsMachine } from './clients.machine.js';
import { multipaxosProposer } from './bugs.js';
import { replicaMachine } from './replica.machine.js';

export interface MultiPaxosOptions {
  readonly variant: Variant;
  readonly bug?: MultiPaxosBug | null;
  /** Requests per slot (default 1). */
  readonly batch?: number;
  /**
   * The steady-state deployment of `agora cost`: clients know the leader (p0)
   * and send it alone their requests, and only the leader's replica (r0)
   * answers. By default clients send to every proposer and every replica answers.
   */
  readonly leaderKnown?: boolean;
}

/** Checks the sizes; throws a RangeError naming the first bad one. */
export function checkSizes(sizes: Readonly<Record<string, number>>, mins: Readonly<Record<string, number>>): void {
  for (const [name, min] of Object.entries(mins)) {
    const v = sizes[name];
    if (v === undefined || !Number.isInteger(v) || v < min) throw new RangeError(`${name} must be an integer >= ${min}, got ${String(v)}`);
  }
}

/** How a trace names an environment step of the replicated-log protocols. */
export function describeClientOrTimeout(node: string, event: { readonly type: string }, after: unknown): string {
  if (event.type === 'TIMEOUT') {
    const s = after as ProposerState;
    return `${node} times out: ballot ${ballotOf(s)}`;
  }
  return describeClientRequest(event, after);
}

/** How a trace names a client's REQUEST, given the clients node's context after it: `c0 requests write(a)`. */
export function describeClientRequest(event: { readonly type: string }, after: unknown): string {
  const client = (event as { client?: number }).client ?? 0;
  const ops = (after as { history: ClientsState['history'] }).history.clients[client] ?? [];
  const last = ops[ops.length - 1];
  return `c${client} requests ${last !== undefined ? register.describe?.(last.op) ?? '' : '?'}`;
}

/** The clients node: client c's environment event REQUEST{client: c}. */
export function clientsNode(clients: number, commands: number, targets: (c: number) => readonly string[]): NodeSpec {
  return {
    name: 'clients',
    role: 'clients',
    logic: clientsMachine,
    input: { self: 'clients', commands, targets: Array.from({ length: clients }, (_, c) => targets(c)) },
    environment: Array.from({ length: clients }, (_, client) => ({ type: 'REQUEST', client })),
  };
}

/** Proposer nodes p0..p(P-1), ordering for `replicas` with majority quorums of `acceptors`. */
export function proposerNodes(
  sizes: Pick<MultiPaxosSizes, 'proposers' | 'slots' | 'rounds'>,
  acceptors: readonly string[],
  replicas: readonly string[],
  options: MultiPaxosOptions,
): NodeSpec[] {
  const quorum = Math.floor(acceptors.length / 2) + 1;
  const bug = options.bug ?? null;
  return names('p', sizes.proposers).map((self, index) => ({
    name: self,
    role: 'proposer',
    logic: multipaxosProposer(bug),
    input: {
      self,
      index,
      proposers: sizes.proposers,
      acceptors,
      replicas,
      quorum,
      decisionQuorum: bug === 'early-reply' ? 1 : quorum,
      slots: sizes.slots,
      rounds: sizes.rounds,
      batch: options.batch ?? 1,
      variant: options.variant,
      initialLeader: index === 0,
    },
    environment: [{ type: 'TIMEOUT' }],
  }));
}

/** Acceptor nodes a0..a(A-1). */
export function acceptorNodes(acceptors: readonly string[], replicas: readonly string[], variant: Variant): NodeSpec[] {
  return acceptors.map((self) => ({ name: self, role: 'acceptor', logic: acceptorMachine, input: { self, replicas, variant }, environment: [] }));
}

/** Assembles a Multi-Paxos system; throws a RangeError for sizes the model does not support. */
export function multipaxosSystem(sizes: MultiPaxosSizes, options: MultiPaxosOptions): SystemSpec<MultiPaxosMessage> {
  checkSizes({ ...sizes }, { clients: 1, commands: 1, proposers: 1, acceptors: 1, replicas: 1, slots: 1, rounds: 1 });
  const batch = options.batch ?? 1;
  if (!Number.isInteger(batch) || batch < 1) throw new RangeError(`batch must be an integer >= 1, got ${batch}`);
  const proposers = names('p', sizes.proposers);
  const acceptors = names('a', sizes.acceptors);
  const replicas = names('r', sizes.replicas);
  const quorum = Math.floor(sizes.acceptors / 2) + 1;
  const leaderKnown = options.leaderKnown === true;
  const nodes: NodeSpec[] = [
    clientsNode(sizes.clients, sizes.commands, () => (leaderKnown ? ['p0'] : proposers)),
    ...proposerNodes(sizes, acceptors, replicas, options),
    ...acceptorNodes(acceptors, replicas, options.variant),
    ...replicas.map((self, i) => ({
      name: self,
      role: 'replica',
      logic: replicaMachine,
      input: {
        self,
        slots: sizes.slots,
        decisionQuorum: options.bug === 'early-reply' ? 1 : quorum,
        clients: 'clients',
        replies: !leaderKnown || i === 0,
      },
      environment: [],
    })),
  ];
  const replicaSlots = replicas.map((r) => nodes.findIndex((n) => n.name === r));
  const proposerSlots = proposers.map((p) => nodes.findIndex((n) => n.name === p));
  const history = (context: unknown) => (context as ClientsState).history;
  // The acceptors, and the replicas that answer the clients alike (spec/multipaxos/symmetry.ts); every bug variant keeps them.
  const symmetry = multipaxosSymmetry([acceptors, ...(leaderKnown ? [replicas.slice(1)] : [replicas])]);
  return {
    protocol: 'multipaxos',
    nodes,
    properties: replicatedLogProperties({ replicaSlots, clientsSlot: 0, history }, 'command'),
    temporal: replicatedLogTemporal({ replicaSlots, clientsSlot: 0, history }, sizes.clients, sizes.commands),
    final: replicatedLogFinal({ replicaSlots, clientsSlot: 0, history }, sizes.commands, (v) =>
      proposerSlots.every((i) => v.crashed[i] === true || (v.locals[i] as ProposerState).round >= (v.locals[i] as ProposerState).cfg.rounds),
    ),
    history: historySpec(0, history, register),
    topology: multipaxosTopology(options.variant, mayRunPhase1(sizes.proposers, sizes.rounds, options.bug ?? null)),
    ignores: multipaxosIgnores,
    ...(symmetry !== undefined ? { symmetry } : {}),
    // A split search places states by the proposers' local states (about a fifth of the steps change them).
    partition: proposers,
    describeMessage: describeMultiPaxosMessage,
    describeEnvironment: describeClientOrTimeout,
  };
}
