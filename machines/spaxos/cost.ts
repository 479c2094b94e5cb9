/**
 * The S-Paxos deployment `agora cost` measures: n hosts, host hi running
 * replica ri, acceptor ai and proposer pi; p0 leads ballot 0; k clients on
 * their own host each send one request to a coordinator that is not the
 * leader's replica when n > 1 (client c → r((c+1) mod n)), as S-Paxos spreads
 * clients over replicas; the leader orders the k ids as one batch.
 * The literature's counts (SRDS 2012 §IV, per request, no batching):
 * n²+4n+2 with 2b to the leader, 2n²+2n+2 with 2b to all.
 */
import type { CostModel } from '../../spec/core/cost.js';
import { variantOf } from '../../spec/multipaxos/bugs.js';
import { replicatedLogMilestones } from '../multipaxos/cost.js';
import { spaxosSystem } from './system.js';

export const spaxosCost: CostModel = {
  minN: 1,
  scenario(n, variant, batch) {
    const system = spaxosSystem(
      { clients: batch, commands: 1, replicas: n, proposers: n, slots: 1, rounds: 1 },
      { variant: variantOf(variant), batch, coordinator: (c) => (c + 1) % n },
    );
    const hosts = system.nodes.map((node) => (node.role === 'clients' ? 'client' : `h${node.name.slice(1)}`));
    const replicaSlots = system.nodes.flatMap((node, i) => (node.role === 'replica' ? [i] : []));
    return {
      system,
      hosts,
      leaderHost: 'h0',
      workload: Array.from({ length: batch }, (_, client) => ({ node: 0, event: { type: 'REQUEST', client } })),
      milestones: replicatedLogMilestones(0, replicaSlots, batch),
    };
  },
  formula(variant) {
    if (variant === 'leader') {
      return { text: 'n²+4n+2', messages: (n) => n * n + 4 * n + 2, source: 'request, n forwards, n² acks, n × 2a, n × 2b, n commits, reply' };
    }
    if (variant === 'all') return { text: '2n²+2n+2', messages: (n) => 2 * n * n + 2 * n + 2, source: 'request, n forwards, n² acks, n × 2a, n² × 2b, reply' };
    return undefined;
  },
};
