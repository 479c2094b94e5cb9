/**
 * Raft's cost model (machines/raft/cost.ts), fast: the scenario measured for
 * n = 3 and 5 against hand-counted messages and delays, and the literature's
 * formula. Per request (Ongaro & Ousterhout 2014, §5.3): 1 request
 * (clients→s0) + (n−1) AppendEntries + (n−1) responses + 1 reply = 2n; the
 * AppendEntries arrive at 2, the responses at 3, when s0 (alone) commits and
 * applies; the reply arrives at 4.
 */
import { describe, expect, it } from 'vitest';
import { measureCost } from '../../../explorer/cost.js';
import { raftCost, raftScenario } from '../../../machines/raft/cost.js';
import { CLIENT_REPLY } from '../../../spec/core/cost.js';

const LEADER = 'the leader applied it (only it knows)';

describe('the Raft cost scenario (§5.3, s0 leading, no election)', () => {
  for (const n of [3, 5]) {
    it(`n = ${n}: 2n = ${2 * n} messages; s0 applies at 3, the client has its reply at 4`, () => {
      const m = measureCost(raftScenario(n, 1));
      expect(m.messages).toBe(2 * n);
      expect(m.localMessages).toBe(0);
      expect(m.types.map((t) => [t.type, t.network])).toEqual([
        ['mp.request', 1],
        ['raft.append-entries', n - 1],
        ['raft.append-response', n - 1],
        ['mp.reply', 1],
      ]);
      expect(m.delays.map((d) => [d.name, d.delay, d.node])).toEqual([
        [CLIENT_REPLY, 4, 'clients'],
        [LEADER, 3, 's0'],
      ]);
    });
  }

  it('two clients: s0 has applied both (not just one) at 3; 2n messages per request', () => {
    const m = measureCost(raftCost.scenario(3, 'none', 2));
    expect(m.messages).toBe(12);
    expect(m.delays.find((d) => d.name === LEADER)?.delay).toBe(3);
  });
});

describe('the literature’s formula', () => {
  it('2n messages and 4 delays; one server is enough', () => {
    const f = raftCost.formula?.('none');
    expect(f?.text).toBe('2n');
    expect([1, 3, 5, 7].map((n) => f?.messages(n))).toEqual([2, 6, 10, 14]);
    expect(f?.source).toBe('request, n−1 AppendEntries, n−1 responses, reply');
    expect(f?.delays?.clientReply).toBe(4);
    expect(f?.delays?.text).toBe('request + AppendEntries + response + reply = 4 (one round trip from the leader, which alone knows the commit)');
    expect(raftCost.minN).toBe(1);
    expect(raftCost.batching).toBe('(one AppendEntries round per request: no batching)');
  });
});
