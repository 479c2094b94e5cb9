/**
 * VR's cost model (machines/vr/cost.ts), fast: the scenario measured for
 * n = 3 and 5 against hand-counted messages and delays, and the literature's
 * formula. Per request: 1 request (clients→r0) + (n−1) Prepare + (n−1)
 * PrepareOK + 1 reply = 2n; the Prepare arrives at 2, the PrepareOKs at 3,
 * when r0 (alone) executes; the reply arrives at 4.
 */
import { describe, expect, it } from 'vitest';
import { measureCost } from '../../../explorer/cost.js';
import { vrCost, vrScenario } from '../../../machines/vr/cost.js';
import { CLIENT_REPLY } from '../../../spec/core/cost.js';

describe('the VR cost scenario (§4.1 steps 1-5, no view change)', () => {
  for (const n of [3, 5]) {
    it(`n = ${n}: 2n = ${2 * n} messages; r0 executes at 3, the client has its reply at 4`, () => {
      const m = measureCost(vrScenario(n, 1));
      expect(m.messages).toBe(2 * n);
      expect(m.localMessages).toBe(0);
      expect(m.types.map((t) => [t.type, t.network])).toEqual([
        ['mp.request', 1],
        ['vr.prepare', n - 1],
        ['vr.prepare-ok', n - 1],
        ['mp.reply', 1],
      ]);
      expect(m.delays.map((d) => [d.name, d.delay, d.node])).toEqual([
        [CLIENT_REPLY, 4, 'clients'],
        ['the primary executed it (only it knows)', 3, 'r0'],
      ]);
    });
  }

  it('two clients: r0 has executed both (not just one) at 3; 2n messages per request', () => {
    const m = measureCost(vrCost.scenario(3, 'none', 2));
    expect(m.messages).toBe(12);
    expect(m.delays.find((d) => d.name === 'the primary executed it (only it knows)')?.delay).toBe(3);
  });
});

describe('the literature’s formula', () => {
  it('2n messages and 4 delays', () => {
    const f = vrCost.formula?.('none');
    expect(f?.text).toBe('2n');
    expect([3, 5, 7].map((n) => f?.messages(n))).toEqual([6, 10, 14]);
    expect(f?.source).toBe('request, n−1 Prepare, n−1 PrepareOK, reply');
    expect(f?.delays?.clientReply).toBe(4);
    expect(f?.delays?.text).toMatch(/^request \+ Prepare \+ PrepareOK \+ reply = 4/);
    expect(vrCost.minN).toBe(3);
  });
});
