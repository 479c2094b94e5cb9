/**
 * The synod's cost model (machines/synod/cost.ts), fast: the leaderless
 * scenario against hand-counted messages and delays, and the literature's
 * formula. Host hi runs pi and ai, the learner l0 runs on h0; p0 times out
 * at 0 and runs both phases alone. Over the network: (n−1) Prepare, (n−1)
 * Promise, (n−1) Accept, (n−1) Accepted (a1..a(n−1) to l0); on h0, four
 * local ones (p0↔a0 each way twice, a0→l0): 4n in all. The learner decides
 * at 4 (Prepare 1, Promise 2, Accept 3, Accepted 4).
 */
import { describe, expect, it } from 'vitest';
import { measureCost } from '../../../explorer/cost.js';
import { synodCost, synodScenario } from '../../../machines/synod/cost.js';

describe('the synod cost scenario ("Paxos Made Simple" §2.2-2.3, no leader)', () => {
  for (const n of [3, 5]) {
    it(`n = ${n}: 4(n−1) = ${4 * (n - 1)} network messages and 4 local ones; the learner decides at 4`, () => {
      const m = measureCost(synodScenario(n));
      expect(m.messages).toBe(4 * (n - 1));
      expect(m.localMessages).toBe(4);
      expect(m.types.map((t) => [t.type, t.network])).toEqual([
        ['synod.prepare', n - 1],
        ['synod.promise', n - 1],
        ['synod.accept', n - 1],
        ['synod.accepted', n - 1],
      ]);
      expect(m.delays.map((d) => [d.name, d.delay, d.node])).toEqual([['the learner decides', 4, 'l0']]);
    });
  }

  it('hosts: pi and ai on hi, the learner on h0, which leads', () => {
    const s = synodScenario(3);
    expect(s.system.nodes.map((node, i) => `${node.name}@${s.hosts[i]}`).sort()).toEqual(['a0@h0', 'a1@h1', 'a2@h2', 'l0@h0', 'p0@h0', 'p1@h1', 'p2@h2']);
    expect(s.leaderHost).toBe('h0');
    expect(s.workload).toEqual([{ node: s.system.nodes.findIndex((node) => node.name === 'p0'), event: { type: 'TIMEOUT' } }]);
  });
});

describe('the literature’s formula', () => {
  it('4n messages: n of each phase message', () => {
    const f = synodCost.formula?.('none');
    expect(f?.text).toBe('4n');
    expect([1, 3, 5].map((n) => f?.messages(n))).toEqual([4, 12, 20]);
    expect(f?.source).toBe('n Prepare, n Promise, n Accept, n Accepted (two round trips, with no leader)');
    expect(synodCost.minN).toBe(1);
    expect(synodCost.maxBatch).toBe(1);
    expect(synodCost.batching).toBe('(one value: the single decree)');
    expect(synodCost.scenario(3, 'none', 1).system.nodes.length).toBe(7);
  });
});
