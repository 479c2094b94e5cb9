/**
 * The S-Paxos deployment `agora cost` measures: n hosts, host hi running
 * replica ri, acceptor ai and proposer pi; p0 leads ballot 0; k clients on
 * their own host each send one request to their coordinator, client c to
 * r((c+1) mod n), as S-Paxos spreads clients over the replicas: with n > 1 no
 * client below n−1 has the leader's replica r0 as coordinator, but from a
 * batch of k ≥ n on, clients n−1, 2n−1, … do. The leader orders the k ids as
 * one batch.
 * The literature's counts (SRDS 2012 §IV, per request, no batching):
 * n²+4n+2 with 2b to the leader, 2n²+2n+2 with 2b to all.
 * Its delays until the client has its reply: the request reaches the
 * coordinator (1), which forwards it to all (2); every holder acks its id to
 * all (3), and at f+1 holders the id is stable at the leader, which sends 2a
 * (4); the 2b (5) goes to the leader, which commits to all (6), or straight
 * to the replicas; the coordinator executes and replies: 7 with 2b to the
 * leader, 6 with 2b to all.
 * Measured, with the roles of a host co-located (local calls take no delay),
 * n ≥ 5 gives exactly 7 and 6 for one request. With f = 1 (n = 3, 4; f+1 = 2)
 * the ack step vanishes: the leader's replica holds the id itself once the
 * forward arrives, and the coordinator's ack travels with its forward, so the
 * id is stable at the leader after 2 delays: 6 with 2b to the leader, 5 with
 * 2b to all at n = 4. At n = 3, 2b to all also saves the 2a: the quorum of 2
 * is the leader's acceptor, which takes the 2a locally and whose 2b reaches
 * the coordinator one delay later, and the coordinator's own acceptor, whose
 * 2b is local: request + forward + 2b + reply = 4. (n = 1, 2 are smaller still.)
 * With a batch of k ≥ n, a request coordinated by r0 is stable at the leader
 * only after 3 delays even with f = 1 (the other holders ack only after r0's
 * forward), and the leader proposes the batch once its last id is stable: at
 * n = 3, k = 3 that gives 7 with 2b to the leader and 6 with 2b to all.
 */
import type { CostModel } from '../../spec/core/cost.js';
import { variantOf } from '../../spec/multipaxos/bugs.js';
import { replicatedLogScenario } from '../multipaxos/cost.js';
import { spaxosSystem } from './system.js';

export const spaxosCost: CostModel = {
  minN: 1,
  scenario(n, variant, batch) {
    const system = spaxosSystem(
      { clients: batch, commands: 1, replicas: n, proposers: n, slots: 1, rounds: 1 },
      { variant: variantOf(variant), batch, coordinator: (c) => (c + 1) % n },
    );
    return replicatedLogScenario(system, batch);
  },
  formula(variant) {
    if (variant === 'leader') {
      return {
        text: 'n²+4n+2',
        messages: (n) => n * n + 4 * n + 2,
        source: 'request, n forwards, n² acks, n × 2a, n × 2b, n commits, reply',
        delays: {
          text: 'request + forward + ack (f+1 holders: stable at the leader) + 2a + 2b + commit + reply = 7; with f = 1 (n = 3, 4) the forward alone makes f+1 = 2: 6',
          clientReply: 7,
        },
      };
    }
    if (variant === 'all') {
      return {
        text: '2n²+2n+2',
        messages: (n) => 2 * n * n + 2 * n + 2,
        source: 'request, n forwards, n² acks, n × 2a, n² × 2b, reply',
        delays: {
          text: "request + forward + ack + 2a + 2b + reply = 6 (2b to all saves the commit); with f = 1 (n = 3, 4) the forward alone makes f+1 = 2: 5; at n = 3 the quorum is the leader's and the coordinator's own acceptors: 4",
          clientReply: 6,
        },
      };
    }
    return undefined;
  },
};
