/**
 * What the client-server cost scenarios share (`agora cost`; multipaxos,
 * pbft, raft and vr): the clients node (slot 0) on a host of its own, each
 * other node `xi` on host `hi`, the leader's host h0, `batch` clients each
 * issuing one request at time 0, and the milestone "every client has its
 * reply", beside the protocol's own.
 */
import { CLIENT_REPLY, type CostScenario, type Milestone } from '../../spec/core/cost.js';
import type { SystemView } from '../../spec/core/property.js';
import type { SystemSpec } from '../../spec/core/system.js';
import type { ClientsState } from '../../spec/multipaxos/state.js';

/** A scenario of `system` whose clients node is slot 0: `batch` requests at time 0, the client's reply, then `milestones`. */
export function clientScenario(system: SystemSpec, batch: number, milestones: readonly Milestone[]): CostScenario {
  return {
    system,
    hosts: system.nodes.map((node) => (node.role === 'clients' ? 'client' : `h${node.name.slice(1)}`)),
    leaderHost: 'h0',
    workload: Array.from({ length: batch }, (_, client) => ({ node: 0, event: { type: 'REQUEST', client } })),
    milestones: [
      {
        name: CLIENT_REPLY,
        reached: (v: SystemView) => (v.locals[0] as ClientsState).history.clients.every((ops) => ops.length > 0 && ops.every((o) => 'result' in o)),
      },
      ...milestones,
    ],
  };
}
