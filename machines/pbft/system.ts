/**
 * The PBFT cluster (Castro & Liskov, OSDI 1999, §4): the clients node and n
 * replicas r0..r(n-1), quorums derived from n and the f the replicas assume
 * (`spec/pbft/quorum.ts`), F of them Byzantine (`spec/pbft/configs.ts` says
 * which), with the adversary's universe of messages (`spec/pbft/adversary.ts`).
 * NOTE: network faults are not part of the system: the explorer adds them.
 * NOTE: a Byzantine replica is still listed with the replica machine, so that
 *   the node list (and node indices) do not depend on who is faulty; the
 *   explorer never runs it and discards what is sent to it.
 */
import type { Envelope } from '../../spec/core/envelope.js';
import { historySpec } from '../../spec/core/history.js';
import { names } from '../../spec/core/ids.js';
import type { EnvironmentEvent, NodeSpec, SystemSpec } from '../../spec/core/system.js';
import { requestId } from '../../spec/multipaxos/messages.js';
import { clientOp, register } from '../../spec/multipaxos/register.js';
import { adversaryUniverse, DEFAULT_PBFT_ADVERSARY, replayed, type PbftAdversary } from '../../spec/pbft/adversary.js';
import type { PbftBug } from '../../spec/pbft/bugs.js';
import { faultyReplicas, type PbftSizes } from '../../spec/pbft/configs.js';
import { pbftFinal, pbftProperties, pbftTemporal } from '../../spec/pbft/invariants.js';
import { describePbftMessage, type PbftMessage, type PbftRequest } from '../../spec/pbft/messages.js';
import { quorumsOf } from '../../spec/pbft/quorum.js';
import type { ClientsConfig, ClientsState, ReplicaConfig, ReplicaState } from '../../spec/pbft/state.js';
import { pbftSymmetry } from '../../spec/pbft/symmetry.js';
import { pbftTopology } from '../../spec/pbft/topology.js';
import { pbftIgnores } from '../../spec/pbft/ignores.js';
import { clientsMachine } from './clients.machine.js';
import { pbftReplica } from './bugs.js';
import { checkSizes, describeClientRequest } from '../multipaxos/system.js';

export interface PbftOptions {
  readonly bug?: PbftBug | null;
  /** What the faulty replicas may send (default `full`). */
  readonly adversary?: PbftAdversary;
  /**
   * The steady-state deployment of `agora cost`: clients send their requests
   * to the primary of view 0 alone, as the paper's client does first. The
   * backups then never hold the client's request, so they take the request a
   * pre-prepare carries as authentic (`verifyRequests` off): only without
   * Byzantine replicas.
   */
  readonly primaryOnly?: boolean;
}

/** The requests the clients issue, sorted by id. */
export function issuedRequests(clients: number, commands: number): PbftRequest[] {
  const out: PbftRequest[] = [];
  for (let c = 0; c < clients; c++) for (let j = 0; j < commands; j++) out.push({ id: requestId(c, j), op: clientOp(c, j, commands) });
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function checkPbftSizes(s: PbftSizes): void {
  checkSizes({ ...s, faultyPrimary: s.faultyPrimary ? 1 : 0 }, { clients: 1, commands: 1, replicas: 1, seqs: 1, views: 1, f: 0, faulty: 0 });
  if (s.f >= s.replicas) throw new RangeError(`f (${s.f}) must be below n = ${s.replicas}: the quorum n − f needs a replica`);
  if (s.faulty > s.replicas) throw new RangeError(`faulty (${s.faulty}) must not exceed replicas (${s.replicas})`);
}

/** How a trace names an environment step: a client's request, or a replica's time-out. */
export function describePbftEnvironment(node: string, event: EnvironmentEvent, after: unknown): string {
  if (event.type === 'TIMEOUT') return `${node} times out: view change to view ${(after as ReplicaState).view}`;
  return describeClientRequest(event, after);
}

/** Assembles a PBFT system; throws a RangeError for sizes the model does not support. */
export function pbftSystem(sizes: PbftSizes, options: PbftOptions = {}): SystemSpec<PbftMessage> {
  checkPbftSizes(sizes);
  const bug = options.bug ?? null;
  const adversary = options.adversary ?? DEFAULT_PBFT_ADVERSARY;
  const primaryOnly = options.primaryOnly === true;
  const faulty = faultyReplicas(sizes);
  if (primaryOnly && faulty.length > 0) throw new RangeError('the primary-only deployment trusts pre-prepares: it takes no Byzantine replicas');
  const replicas = names('r', sizes.replicas);
  const q = quorumsOf(sizes.replicas, sizes.f, bug);
  // `no-viewchange-certificates` is an override of the replica's named guard and action (machines/pbft/bugs.ts).
  const replica = pbftReplica(bug);
  const clientsCfg: ClientsConfig = {
    self: 'clients',
    commands: sizes.commands,
    targets: Array.from({ length: sizes.clients }, () => (primaryOnly ? ['r0'] : replicas)),
    replyQuorum: q.reply,
  };
  const nodes: NodeSpec[] = [
    {
      name: 'clients',
      role: 'clients',
      logic: clientsMachine,
      input: clientsCfg,
      environment: Array.from({ length: sizes.clients }, (_, client) => ({ type: 'REQUEST', client })),
    },
    ...replicas.map((self): NodeSpec => {
      const input: ReplicaConfig = {
        self,
        replicas,
        clients: 'clients',
        quorum: q.quorum,
        prepareQuorum: q.prepare,
        commitQuorum: q.commit,
        seqs: sizes.seqs,
        views: sizes.views,
        verifyRequests: !primaryOnly,
        replies: true,
      };
      return { name: self, role: 'replica', logic: replica, input, environment: [{ type: 'TIMEOUT' }] };
    }),
  ];
  const slotOf = (i: number) => i + 1;
  const correctReplicas = replicas.flatMap((_, i) => (faulty.includes(i) ? [] : [slotOf(i)]));
  const history = (context: unknown) => (context as ClientsState).history;
  const universe =
    faulty.length === 0
      ? []
      : adversaryUniverse(adversary, {
          replicas,
          faulty,
          clients: 'clients',
          requests: issuedRequests(sizes.clients, sizes.commands),
          seqs: sizes.seqs,
          views: sizes.views,
          quorum: q.quorum,
          bug,
        });
  // The correct replicas that lead none of the views 0..V-1 (spec/pbft/symmetry.ts); every bug variant and adversary keeps them interchangeable.
  const symmetry = pbftSymmetry(replicas, faulty, sizes.views);
  return {
    protocol: 'pbft',
    nodes,
    properties: pbftProperties({ correctReplicas, clientsSlot: 0, history }),
    temporal: pbftTemporal({ correctReplicas, clientsSlot: 0, history }, sizes.clients, sizes.commands),
    // NOTE: final (the deadlock check): every client answered, or every correct replica up has spent its views or runs no view-change timer (spec/pbft/invariants.ts).
    final: pbftFinal({ correctReplicas, clientsSlot: 0, history }, sizes.commands),
    history: historySpec(0, history, register),
    topology: pbftTopology(sizes.replicas),
    ignores: pbftIgnores,
    ...(symmetry !== undefined ? { symmetry } : {}),
    // A split search places states by the clients' local state: it changes on about a tenth of the steps.
    partition: ['clients'],
    ...(faulty.length > 0
      ? {
          byzantine: {
            nodes: faulty.map(slotOf),
            adversary,
            messages: universe,
            ...(adversary === 'replay' ? { learn: (m: Envelope) => replayed(m as PbftMessage, replicas, faulty) } : {}),
          },
        }
      : {}),
    describeMessage: describePbftMessage,
    notations: [
      {
        text: 'from: null',
        meaning:
          'a tally whose senders are forgotten: it reached its threshold (a prepared or committed certificate), so the replica keeps the count as reached and takes no more votes for it (spec/pbft/log.ts)',
      },
    ],
    describeEnvironment: describePbftEnvironment,
  };
}
