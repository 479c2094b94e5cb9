/**
 * The PBFT deployment `agora cost` measures (Castro & Liskov, OSDI 1999,
 * §4.2, the normal case): n replicas, each on its own host, f =
 * floor((n−1)/3), nobody Byzantine; k clients on their own host each send one
 * request to the primary r0 alone (as the paper's client does first), which
 * orders them one per sequence number; every replica answers.
 * The literature's count per request, multicasts counted to all n replicas:
 * request, n pre-prepares, n² prepares, n² commits, n replies: 1+2n+2n².
 * Measured, a replica sends nothing to itself and the primary no prepare:
 * request, n−1 pre-prepares, (n−1)² prepares, n(n−1) commits, n replies =
 * 2n²−n+1, that is 3n fewer. Its delays until the client has f+1 matching
 * replies: request + pre-prepare + prepare + commit + reply = 5.
 * NOTE: no batching: k requests take k sequence numbers, so every figure is
 *   k times the one-request figure.
 * NOTE: the backups never receive the client's request here, so they take
 *   the request a pre-prepare carries as authentic (`verifyRequests` off);
 *   this deployment therefore admits no Byzantine replica.
 */
import type { CostModel, CostScenario } from '../../spec/core/cost.js';
import type { SystemView } from '../../spec/core/property.js';
import { maxFaults } from '../../spec/pbft/quorum.js';
import type { ReplicaState } from '../../spec/pbft/state.js';
import { clientScenario } from '../shared/cost.js';
import { pbftSystem } from './system.js';

/** The cost scenario for n replicas and `batch` clients with one request each. */
export function pbftScenario(n: number, batch: number): CostScenario {
  const system = pbftSystem(
    { clients: batch, commands: 1, replicas: n, faulty: 0, f: maxFaults(n), seqs: batch, views: 1, faultyPrimary: false },
    { primaryOnly: true },
  );
  const replicaSlots = system.nodes.flatMap((node, i) => (node.role === 'replica' ? [i] : []));
  return clientScenario(system, batch, [
    { name: 'every replica executed it', reached: (v: SystemView) => replicaSlots.every((i) => (v.locals[i] as ReplicaState).executed.length >= batch) },
  ]);
}

export const pbftCost: CostModel = {
  minN: 1,
  batching: '(one per sequence number: no batching)',
  scenario: (n, _variant, batch) => pbftScenario(n, batch),
  formula: () => ({
    text: '1+2n+2n²',
    messages: (n) => 1 + 2 * n + 2 * n * n,
    source: 'request, n pre-prepares, n² prepares, n² commits, n replies',
    delays: { text: 'request + pre-prepare + prepare + commit + reply = 5 (1.5 round trips between the replicas)', clientReply: 5 },
  }),
};
