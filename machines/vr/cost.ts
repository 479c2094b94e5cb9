/**
 * The Viewstamped Replication deployment `agora cost` measures: n hosts, host
 * hi running replica ri; r0 is the primary of view 0; k clients on their own
 * host each send one request to it, which assigns each an op-number and
 * sends Prepare to the backups (one round per request: no batching); it
 * executes and answers once f PrepareOKs arrive (Liskov & Cowling,
 * "Viewstamped Replication Revisited", §4.1 steps 1–5). Every backup answers
 * with a PrepareOK, those past the f the primary needs included.
 * The literature's count: request, n−1 Prepare, n−1 PrepareOK, reply: 2n
 * messages, 4 message delays. Afterwards only the primary knows the request
 * is committed; the backups learn it from the next Prepare's commit-number
 * or a Commit message (§4.1 step 7), which this run does not send (NOTE: the
 * scenario has Commit messages off, as the default configuration has).
 */
import type { CostModel, CostScenario } from '../../spec/core/cost.js';
import type { SystemView } from '../../spec/core/property.js';
import type { ReplicaState } from '../../spec/vr/state.js';
import { clientScenario } from '../shared/cost.js';
import { vrSystem } from './system.js';

/** The cost scenario for n replicas (at least 3) and `batch` clients with one request each, sent to the primary r0. */
export function vrScenario(n: number, batch: number): CostScenario {
  const system = vrSystem({ clients: batch, commands: 1, replicas: n, timers: 0, views: 0, commits: 0, stale: 0 });
  const primarySlot = system.nodes.findIndex((node) => node.name === 'r0');
  return clientScenario(system, batch, [
    { name: 'the primary executed it (only it knows)', reached: (v: SystemView) => (v.locals[primarySlot] as ReplicaState).executed.length >= batch },
  ]);
}

export const vrCost: CostModel = {
  minN: 3,
  batching: '(one Prepare round per request: no batching)',
  scenario: (n, _variant, batch) => vrScenario(n, batch),
  formula: () => ({
    text: '2n',
    messages: (n) => 2 * n,
    source: 'request, n−1 Prepare, n−1 PrepareOK, reply',
    delays: { text: 'request + Prepare + PrepareOK + reply = 4 (one round trip from the primary, which alone knows the commit)', clientReply: 4 },
  }),
};
