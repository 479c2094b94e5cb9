/**
 * The Multi-Paxos deployment `agora cost` measures: n hosts, host hi running
 * proposer pi, acceptor ai and replica ri; p0 leads ballot 0 (phase 1 is not
 * part of the steady state); k clients on their own host each send one
 * request to p0, which orders the k requests as one batch; r0 answers.
 * The literature's counts (e.g. Santos & Schiper; the S-Paxos paper §II):
 * 2n+2 with 2b to the leader, n²+n+2 with 2b to all. Its delays until the
 * client has its reply: 4 in both variants — with 2b to the leader, one round
 * trip from the leader (2a, 2b), which then answers; with 2b to all, the 2b
 * reaches the replicas directly, and the leader's host's replica answers.
 */
import type { CostModel, CostScenario } from '../../spec/core/cost.js';
import type { SystemView } from '../../spec/core/property.js';
import type { SystemSpec } from '../../spec/core/system.js';
import { variantOf } from '../../spec/multipaxos/bugs.js';
import type { ReplicaState } from '../../spec/multipaxos/state.js';
import { clientScenario } from '../shared/cost.js';
import { multipaxosSystem } from './system.js';

/**
 * The cost scenario of a replicated log whose node `xi` runs on host `hi`
 * (the clients node, first, on host `client`): `batch` clients each issue one
 * request at time 0; p0's host h0 leads; the milestones are the client's
 * reply and every replica having executed every request.
 */
export function replicatedLogScenario(system: SystemSpec, batch: number): CostScenario {
  const replicaSlots = system.nodes.flatMap((node, i) => (node.role === 'replica' ? [i] : []));
  return clientScenario(system, batch, [
    { name: 'every replica executed it', reached: (v: SystemView) => replicaSlots.every((i) => (v.locals[i] as ReplicaState).executed.length >= batch) },
  ]);
}

export const multipaxosCost: CostModel = {
  minN: 1,
  scenario(n, variant, batch) {
    const system = multipaxosSystem(
      { clients: batch, commands: 1, proposers: n, acceptors: n, replicas: n, slots: 1, rounds: 1 },
      { variant: variantOf(variant), batch, leaderKnown: true },
    );
    return replicatedLogScenario(system, batch);
  },
  formula(variant) {
    if (variant === 'leader') {
      return {
        text: '2n+2',
        messages: (n) => 2 * n + 2,
        source: 'request, n × 2a, n × 2b to the leader, reply',
        delays: { text: 'request + 2a + 2b + reply = 4: one round trip from the leader, which answers', clientReply: 4 },
      };
    }
    if (variant === 'all') {
      return {
        text: 'n²+n+2',
        messages: (n) => n * n + n + 2,
        source: 'request, n × 2a, n² × 2b to all, reply',
        delays: { text: 'request + 2a + 2b + reply = 4 (the 2b goes straight to the replicas)', clientReply: 4 },
      };
    }
    return undefined;
  },
};
