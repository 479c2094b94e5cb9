/**
 * PBFT's cost model (machines/pbft/cost.ts), fast: the normal-case scenario
 * (§4.2) measured for n = 4 against hand-counted messages and delays, and the
 * literature's formula. Per request, a replica sending nothing to itself and
 * the primary no prepare: 1 request (clients→r0) + (n−1) pre-prepares +
 * (n−1)² prepares + n(n−1) commits + n replies = 2n²−n+1 (29 for n = 4).
 * The pre-prepares arrive at 2, the prepares at 3, the commits at 4, when
 * every replica executes; the replies arrive at 5.
 */
import { describe, expect, it } from 'vitest';
import { measureCost } from '../../../explorer/cost.js';
import { pbftCost, pbftScenario } from '../../../machines/pbft/cost.js';
import { CLIENT_REPLY } from '../../../spec/core/cost.js';
import type { ReplicaConfig } from '../../../spec/pbft/state.js';

describe('the PBFT cost scenario (§4.2, no view change)', () => {
  it('n = 4: 29 messages; every replica executed it at 4, the client has f+1 matching replies at 5', () => {
    const m = measureCost(pbftScenario(4, 1));
    expect(m.messages).toBe(29);
    expect(m.localMessages).toBe(0);
    expect(m.types.map((t) => [t.type, t.network])).toEqual([
      ['pbft.request', 1],
      ['pbft.pre-prepare', 3],
      ['pbft.prepare', 9],
      ['pbft.commit', 12],
      ['pbft.reply', 4],
    ]);
    expect(m.delays.map((d) => [d.name, d.delay])).toEqual([
      [CLIENT_REPLY, 5],
      ['every replica executed it', 4],
    ]);
  });

  it('the deployment: f = floor((n−1)/3), nobody faulty, requests to r0 alone, pre-prepares trusted, one seq and one view per request', () => {
    const s = pbftScenario(4, 2).system;
    expect(s.byzantine).toBeUndefined();
    expect(s.nodes.map((n) => n.name)).toEqual(['clients', 'r0', 'r1', 'r2', 'r3']);
    expect(s.nodes[0]?.input).toEqual({ self: 'clients', commands: 1, targets: [['r0'], ['r0']], replyQuorum: 2 });
    const r1 = s.nodes[2]?.input as ReplicaConfig;
    expect([r1.quorum, r1.prepareQuorum, r1.commitQuorum, r1.seqs, r1.views, r1.verifyRequests]).toEqual([3, 2, 3, 2, 1, false]);
    const seven = pbftScenario(7, 1).system.nodes[1]?.input as ReplicaConfig;
    expect(seven.quorum).toBe(5);
  });

  it('two clients: 58 messages; both requests reach r0 at 1 and go through the phases side by side: executed everywhere at 4', () => {
    const m = measureCost(pbftCost.scenario(4, 'none', 2));
    expect(m.messages).toBe(58);
    expect(m.delays.find((d) => d.name === 'every replica executed it')?.delay).toBe(4);
  });
});

describe('the literature’s formula', () => {
  it('1+2n+2n² messages and 5 delays', () => {
    const f = pbftCost.formula?.('none');
    expect(f?.text).toBe('1+2n+2n²');
    expect([1, 4, 7].map((n) => f?.messages(n))).toEqual([5, 41, 113]);
    expect(f?.source).toBe('request, n pre-prepares, n² prepares, n² commits, n replies');
    expect(f?.delays?.clientReply).toBe(5);
    expect(f?.delays?.text).toBe('request + pre-prepare + prepare + commit + reply = 5 (1.5 round trips between the replicas)');
    expect(pbftCost.minN).toBe(1);
    expect(pbftCost.batching).toBe('(one per sequence number: no batching)');
  });
});
