/**
 * The PBFT deployment `agora cost` measures (Castro & Liskov, OSDI 1999, §4.2,
 * the normal case): n replicas, each on its own host, no Byzantine replica;
 * the client sends its request to the primary of view 0 alone (as the paper's
 * client does first); every replica replies, and the client accepts f+1
 * matching replies. f = floor((n-1)/3).
 * The literature's count: 1 + 2n + 2n² messages per request (request,
 * n pre-prepares, n² prepares, n² commits, n replies, counting a replica's
 * messages to itself), and 1.5 round trips between the replicas
 * (pre-prepare, prepare, commit): with the request and the reply, 5 message
 * delays until the client has its result.
 */
import type { CostModel } from '../../spec/core/cost.js';
import { replicatedLogScenario } from '../multipaxos/cost.js';
import { pbftSystem } from './system.js';

export const pbftCost: CostModel = {
  minN: 1,
  // NOTE: no batching in the model: k requests take k sequence numbers.
  batching: 'one per sequence number',
  scenario(n, _variant, batch) {
    const system = pbftSystem(
      { clients: batch, commands: 1, replicas: n, faulty: 0, f: Math.floor((n - 1) / 3), seqs: batch, views: 1, faultyPrimary: false },
      { primaryOnly: true },
    );
    return replicatedLogScenario(system, batch);
  },
  formula() {
    return {
      text: '1+2n+2n²',
      messages: (n) => 1 + 2 * n + 2 * n * n,
      source: 'request, n pre-prepares, n² prepares, n² commits, n replies',
      delays: { text: 'request + pre-prepare + prepare + commit + reply = 5 (1.5 round trips between the replicas)', clientReply: 5 },
    };
  },
};
