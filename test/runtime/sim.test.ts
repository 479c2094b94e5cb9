/**
 * The discrete-event simulator (runtime/sim/): it delivers every message to
 * the node it is addressed to and the clients' histories are linearizable;
 * virtual time and CPU accounting on a hand-computed case; determinism.
 */
import { describe, expect, it } from 'vitest';
import { isLinearizable } from '../../explorer/linearizability.js';
import { register } from '../../spec/multipaxos/register.js';
import { simulate, type SimConfig, type SimProtocol } from '../../runtime/sim/engine.js';
import { EventHeap } from '../../runtime/sim/heap.js';
import { DEFAULT_COST, type CostModel } from '../../runtime/sim/model.js';
import { lineChart } from '../../runtime/sim/svg.js';

const small = (protocol: SimProtocol, extra: Partial<SimConfig> = {}): SimConfig => ({
  protocol,
  n: 3,
  clients: 4,
  batch: 2,
  epoch: 8,
  requests: 96,
  payload: 64,
  cost: { ...DEFAULT_COST, cores: 2 },
  warmup: 0,
  ...extra,
});

describe('runtime/sim: the event heap', () => {
  it('pops in time order, ties in insertion order', () => {
    const h = new EventHeap<string>();
    const input: [number, string][] = [[3, 'a'], [1, 'b'], [2, 'c'], [1, 'd'], [0, 'e'], [2, 'f']];
    for (const [t, v] of input) h.push(t, v);
    const out: string[] = [];
    for (let e = h.pop(); e !== undefined; e = h.pop()) out.push(e.value);
    expect(out).toEqual(['e', 'b', 'd', 'c', 'f', 'a']);
  });
});

describe('runtime/sim: delivery and linearizability', () => {
  for (const protocol of ['multipaxos', 'spaxos'] as const) {
    it(`${protocol}: every message reaches the node it is addressed to, once; each instance's history is linearizable`, () => {
      const delivered: { node: string; to: string | undefined }[] = [];
      let requests = 0;
      const r = simulate(
        small(protocol, {
          keepHistories: true,
          onStep: (_i, node, ev) => {
            if (ev.type === 'REQUEST') requests++;
            else delivered.push({ node, to: (ev as { to?: string }).to });
          },
        }),
      );
      expect(r.completed).toBe(96);
      expect(requests).toBe(96);
      for (const d of delivered) expect(d.to).toBe(d.node);
      // Every message sent (network or local) was handed to its machine exactly once.
      expect(delivered.length).toBe(r.messages.network + r.messages.local);
      const histories = r.histories ?? [];
      expect(histories.length).toBe(96 / 8);
      for (const h of histories) {
        expect(h.clients.every((ops) => ops.length === 1 && 'result' in (ops[0] as object))).toBe(true);
        expect(isLinearizable(h, register)).toBe(true);
      }
    });
  }

  it('refuses a batch larger than the clients, or an instance that is not a multiple of the batch', () => {
    expect(() => simulate(small('multipaxos', { batch: 5 }))).toThrow(RangeError);
    expect(() => simulate(small('multipaxos', { epoch: 7 }))).toThrow(RangeError);
  });
});

describe('runtime/sim: time and CPU on a hand-computed case', () => {
  // One request, Multi-Paxos, n = 3, one core each, no bytes cost, infinite bandwidth, no jitter.
  const cost: CostModel = {
    cores: 1,
    recvPerMessage: 10e-6,
    sendPerMessage: 1e-6,
    perByte: 0,
    localPerMessage: 5e-6,
    latency: 100e-6,
    clientLatency: 50e-6,
    jitter: 0,
    bandwidth: Infinity,
  };
  it('Multi-Paxos, one request: 351 µs, and the leader host busy 50 µs', () => {
    const r = simulate({ protocol: 'multipaxos', n: 3, clients: 1, batch: 1, epoch: 1, requests: 1, payload: 0, cost, warmup: 0 });
    // t=50: the request reaches h0; p0: 10 (in) + 2 × 1 (2a to a1, a2; a0 is local) = 12 → 62.
    // a0 (local 2a): 5 → 67, its 2b to p0 is local; p0 counts it: 5 → 72.
    // a1, a2: 2a in at 162, 10 + 1 → 173; their 2b in at h0 at 273.
    // p0 takes a1's 2b (quorum of 2): 10 + 2 × 1 (decide to r1, r2) = 12 → 285; a2's 2b (ignored): 10 → 295.
    // r0 (local decide, queued at 285 behind a2's 2b): 5 + 1 (reply) = 6 → 301; the reply reaches the client at 351.
    expect(r.latency.p50).toBeCloseTo(351e-6, 12);
    expect(r.latency.mean).toBeCloseTo(351e-6, 12);
    expect(r.throughput).toBeCloseTo(1 / 351e-6, 6);
    expect(r.cpu.busy[0]).toBeCloseTo(50e-6, 12);
    // h1 in the window: a1's step (11 µs); r1's decide arrives at 385, after the reply (the window ends at 351).
    expect(r.cpu.busy[1]).toBeCloseTo(11e-6, 12);
    expect(r.cpu.utilisation[0]).toBeCloseTo(50 / 351, 9);
    // The run ends when r1 and r2 have taken the decision: 285 + 100 + 10.
    expect(r.virtualSeconds).toBeCloseTo(395e-6, 12);
    expect(r.messages).toMatchObject({ network: 8, local: 3 });
  });

  it('two cores serve one queue: the same case with 2 cores is no slower, and CPU time is the same', () => {
    const one = simulate({ protocol: 'multipaxos', n: 3, clients: 1, batch: 1, epoch: 1, requests: 1, payload: 0, cost, warmup: 0 });
    const two = simulate({ protocol: 'multipaxos', n: 3, clients: 1, batch: 1, epoch: 1, requests: 1, payload: 0, cost: { ...cost, cores: 2 }, warmup: 0 });
    // With two cores, a2's ignored 2b and r0's decide run side by side: the reply leaves at 285 + 6, reaches the client at 341.
    expect(two.latency.p50).toBeCloseTo(341e-6, 12);
    expect(two.cpu.busy[0]).toBeCloseTo(one.cpu.busy[0] as number, 12);
  });

  it('one machine: the servers share its cores, one job at a time per server, so a1 and a2 (and later r1 and r2) take turns on one core', () => {
    const shared = simulate({ protocol: 'multipaxos', n: 3, clients: 1, batch: 1, epoch: 1, requests: 1, payload: 0, cost: { ...cost, oneMachine: true }, warmup: 0 });
    // a1's 2a runs 162..173, a2's waits for it: 173..184; a2's 2b reaches h0 at 284, while p0 counts a1's (273..285),
    // and runs before r0's decide (queued at 285): 285..295, r0 295..301; the reply still reaches the client at 351.
    expect(shared.latency.p50).toBeCloseTo(351e-6, 12);
    expect(shared.cpu.busy[2]).toBeCloseTo(11e-6, 12);
    // r1's and r2's decisions both arrive at 385 and take turns: 395, then 405.
    expect(shared.virtualSeconds).toBeCloseTo(405e-6, 12);
    // With two cores on the one machine r1 and r2 run side by side again: the run ends at 395, as with a machine each.
    const twoCores = simulate({ protocol: 'multipaxos', n: 3, clients: 1, batch: 1, epoch: 1, requests: 1, payload: 0, cost: { ...cost, oneMachine: true, cores: 2 }, warmup: 0 });
    expect(twoCores.virtualSeconds).toBeCloseTo(395e-6, 12);
    // But a server is one process: a2's 2b and r0's decide, both on h0, still take turns (with two cores of h0's own the reply came at 341).
    expect(twoCores.latency.p50).toBeCloseTo(351e-6, 12);
  });

  it('bandwidth: a message occupies the sender\'s and the receiver\'s interface for bytes / bandwidth', () => {
    const slow = simulate({ protocol: 'multipaxos', n: 3, clients: 1, batch: 1, epoch: 1, requests: 1, payload: 1000, cost: { ...cost, bandwidth: 1e6 }, warmup: 0 });
    const fast = simulate({ protocol: 'multipaxos', n: 3, clients: 1, batch: 1, epoch: 1, requests: 1, payload: 1000, cost, warmup: 0 });
    // At 1 MB/s every network message of ~1 kB adds about a millisecond on the critical path.
    expect(slow.latency.p50).toBeGreaterThan(fast.latency.p50 + 3e-3);
  });
});

describe('runtime/sim: determinism', () => {
  const strip = (r: ReturnType<typeof simulate>) => {
    const { wallSeconds: _w, cpuSeconds: _c, ...rest } = r;
    return rest;
  };
  it('the same seed gives the same result; another seed changes the jitter', () => {
    const cfg = small('spaxos', { requests: 64, cost: { ...DEFAULT_COST, jitter: 50e-6 } });
    const a = simulate({ ...cfg, seed: 7 });
    const b = simulate({ ...cfg, seed: 7 });
    const c = simulate({ ...cfg, seed: 8 });
    expect(strip(a)).toEqual(strip(b));
    expect(strip(c).latency).not.toEqual(strip(a).latency);
  });
});

describe('runtime/sim: charts', () => {
  it('draws one polyline per series, with the legend', () => {
    const svg = lineChart({
      title: 't',
      xLabel: 'clients',
      yLabel: 'req/s',
      logX: true,
      series: [
        { name: 'A', color: 'red', points: [[1, 10], [2, 20], [4, 30]] },
        { name: 'B', color: 'blue', dash: '4 2', points: [[1, 5], [2, 6], [4, 7]] },
      ],
    });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<polyline/g)?.length).toBe(2);
    expect(svg).toContain('>A</text>');
    expect(svg).toContain('stroke-dasharray="4 2"');
  });
});
