/**
 * Sweeps of the simulator: throughput and latency against the number of
 * clients, for Multi-Paxos and S-Paxos at several n, under one cost model.
 */
import { simulate, type SimProtocol, type SimResult } from './engine.js';
import type { CostModel } from './model.js';

export interface Setup {
  readonly name: string;
  readonly cost: CostModel;
  readonly ns: readonly number[];
  /** Model clients per point (each stands for `aggregate` clients). */
  readonly clients: readonly number[];
  readonly aggregate: number;
  /** The machines' batch: min(batchMax, model clients). */
  readonly batchMax: number;
  readonly payload: number;
  /** Client requests simulated per point. */
  readonly requests: number;
  readonly seed?: number;
}

export interface Point {
  readonly protocol: SimProtocol;
  readonly n: number;
  /** Real clients (model clients × aggregate). */
  readonly clients: number;
  readonly batch: number;
  readonly result: SimResult;
}

export const PROTOCOLS: readonly SimProtocol[] = ['multipaxos', 'spaxos'];

export function runPoint(setup: Setup, protocol: SimProtocol, n: number, modelClients: number): Point {
  const batch = Math.min(setup.batchMax, modelClients);
  const result = simulate({
    protocol,
    n,
    clients: modelClients,
    batch,
    requests: setup.requests,
    payload: setup.payload,
    aggregate: setup.aggregate,
    cost: setup.cost,
    seed: setup.seed ?? 1,
  });
  return { protocol, n, clients: modelClients * setup.aggregate, batch, result };
}

export function sweep(setup: Setup, log?: (p: Point) => void): Point[] {
  const out: Point[] = [];
  for (const n of setup.ns) {
    for (const protocol of PROTOCOLS) {
      for (const c of setup.clients) {
        const p = runPoint(setup, protocol, n, c);
        log?.(p);
        out.push(p);
      }
    }
  }
  return out;
}

/** The point of highest throughput of one protocol and n. */
export function peak(points: readonly Point[], protocol: SimProtocol, n: number): Point {
  const mine = points.filter((p) => p.protocol === protocol && p.n === n);
  if (mine.length === 0) throw new Error(`no points for ${protocol} n=${n}`);
  return mine.reduce((a, b) => (b.result.throughput > a.result.throughput ? b : a));
}
