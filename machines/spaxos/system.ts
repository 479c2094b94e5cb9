/**
 * The S-Paxos cluster (SRDS 2012 §IV): the clients node, P proposers and n
 * acceptors — the Multi-Paxos machines, unchanged, ordering ids — and n
 * S-Paxos replicas doing dissemination and execution. Replica ri hands stable
 * ids to proposer pi (i < P). f = floor((n-1)/2): an id is stable at f+1
 * holders; quorums are f+1 = majorities.
 */
import { historySpec } from '../../spec/core/history.js';
import { names } from '../../spec/core/ids.js';
import type { NodeSpec, SystemSpec } from '../../spec/core/system.js';
import type { Variant } from '../../spec/multipaxos/bugs.js';
import { replicatedLogFinal, replicatedLogProperties, replicatedLogTemporal } from '../../spec/multipaxos/invariants.js';
import type { ProposerState } from '../../spec/multipaxos/state.js';
import { mayRunPhase1 } from '../../spec/multipaxos/topology.js';
import { register } from '../../spec/multipaxos/register.js';
import type { ClientsState } from '../../spec/multipaxos/state.js';
import type { SPaxosBug } from '../../spec/spaxos/bugs.js';
import type { SPaxosSizes } from '../../spec/spaxos/configs.js';
import { spaxosProperties } from '../../spec/spaxos/invariants.js';
import { describeSPaxosMessage, type SPaxosMessage } from '../../spec/spaxos/messages.js';
import { spaxosSymmetry } from '../../spec/spaxos/symmetry.js';
import { spaxosTopology } from '../../spec/spaxos/topology.js';
import { spaxosIgnores } from '../../spec/spaxos/ignores.js';
import { acceptorNodes, checkSizes, clientsNode, describeClientOrTimeout, proposerNodes } from '../multipaxos/system.js';
import { spaxosReplica } from './bugs.js';

export interface SPaxosOptions {
  readonly variant: Variant;
  readonly bug?: SPaxosBug | null;
  /** Ids per slot (default 1). */
  readonly batch?: number;
  /** Client c's coordinator replica (default: c mod n). */
  readonly coordinator?: (client: number) => number;
}

export function spaxosSystem(sizes: SPaxosSizes, options: SPaxosOptions): SystemSpec<SPaxosMessage> {
  checkSizes({ ...sizes }, { clients: 1, commands: 1, replicas: 1, proposers: 1, slots: 1, rounds: 1 });
  if (sizes.proposers > sizes.replicas) throw new RangeError(`proposers (${sizes.proposers}) must not exceed replicas (${sizes.replicas}): each runs on a replica`);
  const n = sizes.replicas;
  const f = Math.floor((n - 1) / 2);
  const replicas = names('r', n);
  const acceptors = names('a', n);
  const coordinator = options.coordinator ?? ((c: number) => c % n);
  // The `order-unstable` bug is an override of the replica's named actions (machines/spaxos/bugs.ts).
  const replica = spaxosReplica(options.bug ?? null);
  const nodes: NodeSpec[] = [
    clientsNode(sizes.clients, sizes.commands, (c) => [replicas[coordinator(c)] as string]),
    ...proposerNodes({ proposers: sizes.proposers, slots: sizes.slots, rounds: sizes.rounds }, acceptors, replicas, {
      variant: options.variant,
      batch: options.batch ?? 1,
    }),
    ...acceptorNodes(acceptors, replicas, options.variant),
    ...replicas.map((self, i) => ({
      name: self,
      role: 'replica',
      logic: replica,
      input: {
        self,
        replicas,
        stableAcks: f + 1,
        slots: sizes.slots,
        decisionQuorum: Math.floor(n / 2) + 1,
        clients: 'clients',
        proposer: i < sizes.proposers ? `p${i}` : null,
      },
      environment: [],
    })),
  ];
  const slotsOf = (role: string) => nodes.flatMap((node, i) => (node.role === role ? [i] : []));
  const replicaSlots = slotsOf('replica');
  const history = (context: unknown) => (context as ClientsState).history;
  // The acceptors, and the replicas that run no proposer and coordinate no client (spec/spaxos/symmetry.ts).
  const coordinators = new Set(Array.from({ length: sizes.clients }, (_, c) => replicas[coordinator(c)]));
  const plain = replicas.filter((r, i) => i >= sizes.proposers && !coordinators.has(r));
  const symmetry = spaxosSymmetry([acceptors, plain]);
  return {
    protocol: 'spaxos',
    nodes,
    properties: [
      ...replicatedLogProperties({ replicaSlots, clientsSlot: 0, history }, 'id'),
      ...spaxosProperties(slotsOf('proposer'), replicaSlots, f + 1),
    ],
    temporal: replicatedLogTemporal({ replicaSlots, clientsSlot: 0, history }, sizes.clients, sizes.commands),
    // NOTE: final (the deadlock check), as Multi-Paxos's: every client answered, or every proposer up has spent its R rounds
    // (with ballots bounded, running out of them is an acceptable end: the protocol would keep electing leaders).
    final: replicatedLogFinal({ replicaSlots, clientsSlot: 0, history }, sizes.commands, (v) =>
      slotsOf('proposer').every((i) => v.crashed[i] === true || (v.locals[i] as ProposerState).round >= (v.locals[i] as ProposerState).cfg.rounds),
    ),
    history: historySpec(0, history, register),
    topology: spaxosTopology(options.variant, n, mayRunPhase1(sizes.proposers, sizes.rounds)),
    ignores: spaxosIgnores,
    ...(symmetry !== undefined ? { symmetry } : {}),
    describeMessage: describeSPaxosMessage,
    describeEnvironment: describeClientOrTimeout,
  };
}
