/**
 * S-Paxos's cost model (machines/spaxos/cost.ts), fast: the scenario at
 * n = 3 against hand-counted messages and delays, and the literature's
 * formulas. Host hi runs ri, ai and pi; client c's coordinator is
 * r((c+1) mod n), so client 0 sends to r1, not to the leader's replica r0.
 * Per request, 2b to the leader, over the network: 1 request + (n−1)
 * forwards + n(n−1) acks + (n−1) 2a + (n−1) 2b + (n−1) decides + 1 reply
 * = n²+3n−2 = 16; local: n hand-overs ri→pi + 2a p0→a0 + 2b a0→p0 + decide
 * p0→r0 = n+3 = 6. 2b to all: the (n−1) 2b and the decides become n(n−1)
 * network 2b and n local ones: 2n² = 18 network, 2n+1 = 7 local.
 * Delays (n = 3, f+1 = 2): r1 holds at 1; its forward and ack reach r0 at
 * 2, where the id is stable; 2a 3, 2b 4, decide 5, reply 6 (leader); with
 * 2b to all r1 has a0's 2b at 3 and its own a1's locally: reply at 4, and
 * r0 needs a remote 2b, at 4 too. (The slow test/explorer/cost.test.ts
 * checks more sizes and the cost table.)
 */
import { describe, expect, it } from 'vitest';
import { measureCost } from '../../../explorer/cost.js';
import { spaxosCost } from '../../../machines/spaxos/cost.js';
import { CLIENT_REPLY } from '../../../spec/core/cost.js';

const EVERY = 'every replica executed it';

describe('the S-Paxos cost scenario, n = 3, one request', () => {
  it('2b to the leader: 16 network messages, 6 local; reply at 6, every replica done at 5', () => {
    const m = measureCost(spaxosCost.scenario(3, 'leader', 1));
    expect(m.messages).toBe(16);
    expect(m.localMessages).toBe(6);
    expect(m.types.map((t) => [t.type, t.network, t.local])).toEqual([
      ['mp.request', 1, 3],
      ['sp.forward', 2, 0],
      ['sp.ack', 6, 0],
      ['mp.accept', 2, 1],
      ['mp.accepted', 2, 1],
      ['mp.decide', 2, 1],
      ['mp.reply', 1, 0],
    ]);
    expect(m.delays.map((d) => [d.name, d.delay, d.node])).toEqual([
      [CLIENT_REPLY, 6, 'clients'],
      [EVERY, 5, 'r2'],
    ]);
  });

  it('2b to all: 18 network messages, 7 local, no decide; reply at 4, every replica done at 4', () => {
    const m = measureCost(spaxosCost.scenario(3, 'all', 1));
    expect(m.messages).toBe(18);
    expect(m.localMessages).toBe(7);
    expect(m.types.map((t) => [t.type, t.network, t.local])).toEqual([
      ['mp.request', 1, 3],
      ['sp.forward', 2, 0],
      ['sp.ack', 6, 0],
      ['mp.accept', 2, 1],
      ['mp.accepted', 6, 3],
      ['mp.reply', 1, 0],
    ]);
    expect(m.delays.map((d) => [d.name, d.delay])).toEqual([
      [CLIENT_REPLY, 4],
      [EVERY, 4],
    ]);
  });

  it('n = 1: no forward and no ack; the request and the reply are the only network messages', () => {
    const m = measureCost(spaxosCost.scenario(1, 'leader', 1));
    expect(m.messages).toBe(2);
    expect(m.types.map((t) => [t.type, t.network, t.local])).toEqual([
      ['mp.request', 1, 1],
      ['mp.accept', 0, 1],
      ['mp.accepted', 0, 1],
      ['mp.decide', 0, 1],
      ['mp.reply', 1, 0],
    ]);
  });
});

describe('a batch of k = n = 3 requests, one per replica as coordinator', () => {
  // Clients 0, 1, 2 send to r1, r2 and r0. Per request 1 request + 2 forwards + 6 acks = 9 network messages (27),
  // one 2a, 2b and decide round for the batch (2 + 2 + 2), 3 replies: 36. Local: 3 × 3 hand-overs + 3 = 12.
  // The id coordinated by r0 is stable at r0 only at 3 (r1's and r2's acks follow r0's forward), so the batch
  // is proposed at 3: 2a 4, 2b 5, decide 6, replies 7 (leader); with 2b to all one delay less: 6.
  it('2b to the leader: 36 messages, 12 local; the replies at 7', () => {
    const m = measureCost(spaxosCost.scenario(3, 'leader', 3));
    expect([m.messages, m.localMessages]).toEqual([36, 12]);
    expect(m.delays[0]?.delay).toBe(7);
  });

  it('2b to all: the replies at 6', () => {
    expect(measureCost(spaxosCost.scenario(3, 'all', 3)).delays[0]?.delay).toBe(6);
  });
});

describe('the literature’s formulas (SRDS 2012 §IV)', () => {
  it('2b to the leader: n²+4n+2 messages, 7 delays', () => {
    const f = spaxosCost.formula?.('leader');
    expect(f?.text).toBe('n²+4n+2');
    expect([1, 3, 5].map((n) => f?.messages(n))).toEqual([7, 23, 47]);
    expect(f?.source).toBe('request, n forwards, n² acks, n × 2a, n × 2b, n commits, reply');
    expect(f?.delays?.clientReply).toBe(7);
    expect(f?.delays?.text).toBe(
      'request + forward + ack (f+1 holders: stable at the leader) + 2a + 2b + commit + reply = 7; with f = 1 (n = 3, 4) the forward alone makes f+1 = 2: 6',
    );
  });

  it('2b to all: 2n²+2n+2 messages, 6 delays', () => {
    const f = spaxosCost.formula?.('all');
    expect(f?.text).toBe('2n²+2n+2');
    expect([1, 3, 5].map((n) => f?.messages(n))).toEqual([6, 26, 62]);
    expect(f?.source).toBe('request, n forwards, n² acks, n × 2a, n² × 2b, reply');
    expect(f?.delays?.clientReply).toBe(6);
    expect(f?.delays?.text).toBe(
      "request + forward + ack + 2a + 2b + reply = 6 (2b to all saves the commit); with f = 1 (n = 3, 4) the forward alone makes f+1 = 2: 5; at n = 3 the quorum is the leader's and the coordinator's own acceptors: 4",
    );
  });

  it('no formula for another variant; the smallest n is 1', () => {
    expect(spaxosCost.formula?.('none')).toBeUndefined();
    expect(spaxosCost.minN).toBe(1);
  });
});
