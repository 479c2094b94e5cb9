/**
 * The Raft deployment `agora cost` measures: n hosts, host hi running server
 * si; s0 leads term 1 from the start (the steady state: no election); k
 * clients on their own host each send one request to the leader, which
 * appends each and sends AppendEntries for it (one round per request: no
 * batching); the leader answers once it commits and applies.
 * The literature's count (Ongaro & Ousterhout 2014, §5.3; Ongaro's thesis
 * §10): request, n−1 AppendEntries, n−1 responses, reply: 2n messages, one
 * round trip from the leader, 4 message delays to the client. Afterwards only
 * the leader knows the entry is committed: the followers learn it from the
 * next AppendEntries' leaderCommit, which this run does not send (NOTE: the
 * model has no heartbeats), so the followers' application is not a milestone.
 */
import type { CostModel, CostScenario } from '../../spec/core/cost.js';
import type { SystemView } from '../../spec/core/property.js';
import type { ServerState } from '../../spec/raft/state.js';
import { clientScenario } from '../shared/cost.js';
import { raftSystem } from './system.js';

/** The cost scenario for n servers and `batch` clients with one request each, sent to the leader s0. */
export function raftScenario(n: number, batch: number): CostScenario {
  const system = raftSystem({ clients: batch, commands: 1, servers: n, candidates: 0, figure8: 0, terms: 1 }, { clientTargets: ['s0'] });
  const leaderSlot = system.nodes.findIndex((node) => node.name === 's0');
  return clientScenario(system, batch, [
    { name: 'the leader applied it (only it knows)', reached: (v: SystemView) => (v.locals[leaderSlot] as ServerState).applied.length >= batch },
  ]);
}

export const raftCost: CostModel = {
  minN: 1,
  batching: '(one AppendEntries round per request: no batching)',
  scenario: (n, _variant, batch) => raftScenario(n, batch),
  formula: () => ({
    text: '2n',
    messages: (n) => 2 * n,
    source: 'request, n−1 AppendEntries, n−1 responses, reply',
    delays: { text: 'request + AppendEntries + response + reply = 4 (one round trip from the leader, which alone knows the commit)', clientReply: 4 },
  }),
};
