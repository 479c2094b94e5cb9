/**
 * The single-decree Paxos deployment `agora cost` measures: the leaderless
 * case. n hosts, host hi running proposer pi and acceptor ai; the learner l0
 * runs on h0. Any proposer may take a value: here p0 does, with no leader
 * and no earlier ballot (a fault-free run, one TIMEOUT of p0 at time 0), and
 * runs both phases ("Paxos Made Simple" §2.2–2.3): Prepare to every acceptor,
 * Promise back, Accept to every acceptor, Accepted to the learner. Every
 * acceptor answers, those past a quorum included.
 * The literature's count: n Prepare, n Promise, n Accept, n Accepted: 4n
 * messages, self-addressed ones included, and 4 message delays (two round
 * trips) before the value is learned: the price of having no leader, against
 * Multi-Paxos's one round trip once a leader has run phase 1.
 * NOTE: no client: the workload is p0's timeout, and the milestone is the
 *   learner deciding, so the delays count from the proposer's first message.
 */
import type { CostModel, CostScenario } from '../../spec/core/cost.js';
import type { SystemView } from '../../spec/core/property.js';
import type { LearnerState } from '../../spec/synod/state.js';
import { synodSystem } from './system.js';

/** The cost scenario for n hosts (each a proposer and an acceptor; the learner on h0). */
export function synodScenario(n: number): CostScenario {
  const system = synodSystem({ proposers: n, acceptors: n, rounds: 1 });
  const learnerSlot = system.nodes.findIndex((node) => node.name === 'l0');
  return {
    system,
    hosts: system.nodes.map((node) => (node.role === 'learner' ? 'h0' : `h${node.name.slice(1)}`)),
    leaderHost: 'h0',
    workload: [{ node: system.nodes.findIndex((node) => node.name === 'p0'), event: { type: 'TIMEOUT' } }],
    milestones: [
      {
        name: 'the learner decides',
        reached: (v: SystemView) => (v.locals[learnerSlot] as LearnerState).decided.length > 0,
      },
    ],
  };
}

export const synodCost: CostModel = {
  minN: 1,
  maxBatch: 1,
  batching: '(one value: the single decree)',
  scenario: (n) => synodScenario(n),
  formula: () => ({
    text: '4n',
    messages: (n) => 4 * n,
    source: 'n Prepare, n Promise, n Accept, n Accepted (two round trips, with no leader)',
  }),
};
