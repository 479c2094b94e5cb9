/**
 * Multi-Paxos's cost model (machines/multipaxos/cost.ts), fast: the scenario
 * measured against hand-counted messages and delays, and the literature's
 * formulas. Host hi runs pi, ai and ri, so the calls inside h0 are local.
 * - 2b to the leader, per request batch: 1 Request (clients→p0), n Accept
 *   (n−1 network), n Accepted to p0 (n−1 network), n Decide (n−1 network),
 *   1 Reply from r0 alone: 3n−1 network messages, 3 local. a0's 2b is local
 *   (time 1), a1's arrives at 3: p0 decides at 3, r0 executes at 3 and its
 *   Reply arrives at 4; the other replicas' Decide arrives at 4.
 * - 2b to all: 1 Request, n Accept (n−1 network), n² Accepted (ai→ri local:
 *   n² − n network), 1 Reply: n²+1 network, n+1 local. r0 counts a0's local
 *   2b (1) and a1's (3): executes at 3, Reply at 4; the others execute by 3.
 * The clients know the leader (only p0 gets requests) and only r0 answers.
 */
import { describe, expect, it } from 'vitest';
import { measureCost } from '../../../explorer/cost.js';
import { multipaxosCost, replicatedLogScenario } from '../../../machines/multipaxos/cost.js';
import { multipaxosSystem } from '../../../machines/multipaxos/system.js';
import { CLIENT_REPLY } from '../../../spec/core/cost.js';

const EXECUTED = 'every replica executed it';

describe('the Multi-Paxos cost scenario, 2b to the leader', () => {
  for (const n of [3, 5]) {
    it(`n = ${n}: 3n−1 = ${3 * n - 1} network messages, 3 local; reply at 4, every replica executed at 4`, () => {
      const m = measureCost(multipaxosCost.scenario(n, 'leader', 1));
      expect(m.messages).toBe(3 * n - 1);
      expect(m.localMessages).toBe(3);
      expect(m.types.map((t) => [t.type, t.network, t.local])).toEqual([
        ['mp.request', 1, 0],
        ['mp.accept', n - 1, 1],
        ['mp.accepted', n - 1, 1],
        ['mp.decide', n - 1, 1],
        ['mp.reply', 1, 0],
      ]);
      expect(m.delays.map((d) => [d.name, d.delay])).toEqual([
        [CLIENT_REPLY, 4],
        [EXECUTED, 4],
      ]);
      expect(m.delays[0]?.node).toBe('clients');
    });
  }

  it('n = 1: everything but the Request and the Reply is local; reply at 2, r0 executed at 1', () => {
    const m = measureCost(multipaxosCost.scenario(1, 'leader', 1));
    expect(m.messages).toBe(2);
    expect(m.localMessages).toBe(3);
    expect(m.delays.map((d) => [d.name, d.delay, d.node])).toEqual([
      [CLIENT_REPLY, 2, 'clients'],
      [EXECUTED, 1, 'r0'],
    ]);
  });

  it('two clients, one batch of two: one more Request and one more Reply, nothing else', () => {
    const m = measureCost(multipaxosCost.scenario(3, 'leader', 2));
    expect(m.messages).toBe(10);
    expect(m.types.map((t) => [t.type, t.network])).toEqual([
      ['mp.request', 2],
      ['mp.accept', 2],
      ['mp.accepted', 2],
      ['mp.decide', 2],
      ['mp.reply', 2],
    ]);
    // every replica executed both requests (the milestone waits for the whole batch)
    expect(m.delays.find((d) => d.name === EXECUTED)?.delay).toBe(4);
  });
});

describe('the Multi-Paxos cost scenario, 2b to all', () => {
  for (const n of [3, 5]) {
    it(`n = ${n}: n²+1 = ${n * n + 1} network messages, n+1 local; reply at 4, every replica executed at 3`, () => {
      const m = measureCost(multipaxosCost.scenario(n, 'all', 1));
      expect(m.messages).toBe(n * n + 1);
      expect(m.localMessages).toBe(n + 1);
      expect(m.types.map((t) => [t.type, t.network, t.local])).toEqual([
        ['mp.request', 1, 0],
        ['mp.accept', n - 1, 1],
        ['mp.accepted', n * n - n, n],
        ['mp.reply', 1, 0],
      ]);
      expect(m.delays.map((d) => [d.name, d.delay])).toEqual([
        [CLIENT_REPLY, 4],
        [EXECUTED, 3],
      ]);
    });
  }

  it('two clients: two Requests and two Replies, the 2b once per acceptor and replica', () => {
    const m = measureCost(multipaxosCost.scenario(3, 'all', 2));
    expect(m.messages).toBe(12);
    expect(m.types.find((t) => t.type === 'mp.accepted')?.network).toBe(6);
  });
});

describe('the deployment the scenario builds', () => {
  it('n proposers, acceptors and replicas, one client per request, one slot; only p0 is targeted and only r0 answers', () => {
    const s = multipaxosCost.scenario(3, 'all', 2);
    expect(s.system.nodes.map((node) => node.name)).toEqual(['clients', 'p0', 'p1', 'p2', 'a0', 'a1', 'a2', 'r0', 'r1', 'r2']);
    expect(s.hosts).toEqual(['client', 'h0', 'h1', 'h2', 'h0', 'h1', 'h2', 'h0', 'h1', 'h2']);
    expect(s.system.nodes[0]?.input).toEqual({ self: 'clients', commands: 1, targets: [['p0'], ['p0']] });
    expect(s.system.nodes.slice(7).map((node) => (node.input as { replies: boolean }).replies)).toEqual([true, false, false]);
    const p0 = s.system.nodes[1]?.input as { variant: string; batch: number; slots: number; rounds: number };
    expect([p0.variant, p0.batch, p0.slots, p0.rounds]).toEqual(['all', 2, 1, 1]);
    expect(s.workload).toEqual([
      { node: 0, event: { type: 'REQUEST', client: 0 } },
      { node: 0, event: { type: 'REQUEST', client: 1 } },
    ]);
  });

  it('an unknown variant is refused', () => {
    expect(() => multipaxosCost.scenario(3, 'nope', 1)).toThrow(new RangeError('unknown variant nope'));
  });

  it('replicatedLogScenario: "every replica executed it" needs every replica to have executed the whole batch', () => {
    const system = multipaxosSystem({ clients: 2, commands: 1, proposers: 2, acceptors: 1, replicas: 2, slots: 1, rounds: 1 }, { variant: 'leader', batch: 2 });
    const s = replicatedLogScenario(system, 2);
    const executed = s.milestones.find((m) => m.name === EXECUTED);
    const view = (r0: string[], r1: string[]) => ({
      locals: [{}, {}, {}, {}, { executed: r0 }, { executed: r1 }],
      crashed: [false, false, false, false, false, false],
      messages: () => [],
    });
    // nodes: clients p0 p1 a0 r0 r1
    expect(executed?.reached(view(['c0.0', 'c1.0'], ['c0.0', 'c1.0']) as never)).toBe(true);
    expect(executed?.reached(view(['c0.0', 'c1.0'], ['c0.0']) as never)).toBe(false);
    expect(executed?.reached(view(['c0.0'], ['c0.0', 'c1.0']) as never)).toBe(false);
    expect(executed?.reached(view(['c0.0', 'c1.0', 'c0.1'], ['c0.0', 'c1.0']) as never)).toBe(true);
  });
});

describe('the literature’s formulas', () => {
  it('2b to the leader: 2n+2 messages, 4 delays', () => {
    const f = multipaxosCost.formula?.('leader');
    expect(f?.text).toBe('2n+2');
    expect([1, 3, 5].map((n) => f?.messages(n))).toEqual([4, 8, 12]);
    expect(f?.source).toBe('request, n × 2a, n × 2b to the leader, reply');
    expect(f?.delays?.clientReply).toBe(4);
    expect(f?.delays?.text).toBe('request + 2a + 2b + reply = 4: one round trip from the leader, which answers');
  });

  it('2b to all: n²+n+2 messages, 4 delays', () => {
    const f = multipaxosCost.formula?.('all');
    expect(f?.text).toBe('n²+n+2');
    expect([1, 3, 5].map((n) => f?.messages(n))).toEqual([4, 14, 32]);
    expect(f?.source).toBe('request, n × 2a, n² × 2b to all, reply');
    expect(f?.delays?.clientReply).toBe(4);
    expect(f?.delays?.text).toBe('request + 2a + 2b + reply = 4 (the 2b goes straight to the replicas)');
  });

  it('no formula for an unknown variant; the smallest n is 1', () => {
    expect(multipaxosCost.formula?.('none')).toBeUndefined();
    expect(multipaxosCost.minN).toBe(1);
  });
});
