/**
 * A closed-loop load generator: C sessions, each issuing its next operation
 * as soon as the previous one returned (a put with odds `writeRatio`, else a
 * get, on a key drawn from `keys`, or with `pinKeys` always key c mod `keys`
 * for the c-th session), for a duration or a number of operations.
 * A session that gives up on an operation retires and a fresh client number
 * takes its place, so the load stays at C outstanding operations.
 */
import { linearize } from '../explorer/linearizability.js';
import type { ClientHistory } from '../spec/core/history.js';
import { register } from '../spec/multipaxos/register.js';
import { HistoryRecorder, KvClient, KvSession, type SessionTiming, DEFAULT_TIMING } from './client.js';
import { now } from './log.js';
import type { KvOp, KvResult } from './protocols/types.js';
import { seededRandom } from './random.js';

export interface LoadOptions {
  readonly clients: number;
  readonly keys: number;
  /** Stop issuing after this long (ms, after the warm-up), or after `ops` operations, whichever first. */
  readonly durationMs: number;
  /** Run the load this long (ms) first, leaving it out of the throughput and the latencies (the JIT warming up). */
  readonly warmupMs?: number;
  readonly ops?: number;
  readonly writeRatio: number;
  /** Session c (0-based, and whoever replaces it) always works on key c mod `keys`, so each key has C/keys operations outstanding. */
  readonly pinKeys?: boolean;
  /**
   * With `pinKeys`: a session moves to a fresh key (`k<g>.<r>`, a fresh
   * instance of the protocol) after this many operations on one, so that no
   * instance's log outgrows this many batches (the machines keep every slot,
   * and a step's cost grows with the log). Sessions of one key move together
   * when each batch holds one operation of each (C/keys = the batch).
   */
  readonly opsPerKey?: number;
  readonly seed: number;
  readonly timing?: SessionTiming;
  /** The first client number (from `allocateClientNumbers` when clients of other processes share the cluster). */
  readonly firstClient?: number;
  /** Called between operations, e.g. to inject faults at a given count. */
  readonly onOp?: (done: number) => void;
}

export interface LoadReport {
  readonly ops: number;
  readonly ok: number;
  /** Operations given up on (left pending in the history). */
  readonly gaveUp: number;
  /** Of those, the ones given up inside the throughput window (the rest were given up in the drain after it). */
  readonly gaveUpInWindow: number;
  readonly sessions: number;
  readonly seconds: number;
  /**
   * Operations answered per second while the load ran: those answered within
   * the duration (or until the last was issued, when `ops` bounds the run),
   * over that time. The drain after it (sessions finishing their last
   * operation) is left out: with batching, a key whose other sessions have
   * stopped may wait for a batch that never fills.
   */
  readonly throughput: number;
  readonly latencyMs: { readonly p50: number; readonly p99: number; readonly max: number };
}


function quantile(sorted: readonly number[], q: number): number {
  return sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number);
}

/** Runs the load against `client`, recording into `recorder`. */
export async function runLoad(client: KvClient, recorder: HistoryRecorder, options: LoadOptions): Promise<LoadReport> {
  const random = seededRandom(options.seed);
  const timing = options.timing ?? DEFAULT_TIMING;
  let nextClient = options.firstClient ?? 0;
  let issued = 0;
  let ok = 0;
  let gaveUp = 0;
  let sessions = 0;
  const latencies: number[] = [];
  const answeredAt: number[] = [];
  const gaveUpAt: number[] = [];
  const began = now();
  const start = began + (options.warmupMs ?? 0);
  let lastIssue = start;
  const more = (): boolean => now() - start < options.durationMs && (options.ops === undefined || issued < options.ops);
  const loop = async (slot: number): Promise<void> => {
    let session = new KvSession(client, recorder, nextClient++, timing);
    sessions++;
    let mine = 0;
    while (more()) {
      issued++;
      lastIssue = now();
      const group = options.pinKeys === true ? slot % options.keys : Math.floor(random() * options.keys);
      const key = options.pinKeys === true && options.opsPerKey !== undefined ? `k${group}.${Math.floor(mine++ / options.opsPerKey)}` : `k${group}`;
      const write = random() < options.writeRatio;
      const issuedAt = lastIssue;
      const out = write ? await session.put(key, `v${session.number}.${issued}`) : await session.get(key);
      if (issuedAt >= start) latencies.push(out.latencyMs);
      if (out.ok) {
        ok++;
        answeredAt.push(now());
      }
      else {
        gaveUp++;
        gaveUpAt.push(now());
        session = new KvSession(client, recorder, nextClient++, timing);
        sessions++;
      }
      options.onOp?.(ok + gaveUp);
    }
  };
  await Promise.all(Array.from({ length: options.clients }, (_, slot) => loop(slot)));
  const seconds = (now() - began) / 1000;
  const windowEnd = Math.min(start + options.durationMs, options.ops !== undefined && issued >= options.ops ? lastIssue : Infinity, now());
  const inWindow = answeredAt.filter((t) => t >= start && t <= windowEnd).length;
  latencies.sort((a, b) => a - b);
  return {
    ops: ok + gaveUp,
    ok,
    gaveUp,
    gaveUpInWindow: gaveUpAt.filter((t) => t >= start && t <= windowEnd).length,
    sessions,
    seconds,
    throughput: windowEnd > start ? inWindow / ((windowEnd - start) / 1000) : 0,
    latencyMs: { p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), max: latencies[latencies.length - 1] ?? 0 },
  };
}

/**
 * Whether one key's history is linearizable for some starting value of the
 * register: null (never written), or, when the key was written before this
 * load (an earlier client process), the one value its reads return that this
 * load never writes. Sound when no other client writes the key meanwhile.
 */
export function linearizableFromSomeStart(h: ClientHistory<KvOp, KvResult>): boolean {
  const written = new Set<string>();
  const read = new Set<string>();
  for (const ops of h.clients)
    for (const o of ops) {
      if (o.op.kind === 'write') written.add(o.op.value);
      else if (o.result !== undefined && o.result !== null) read.add(o.result);
    }
  const foreign = [...read].filter((v) => !written.has(v));
  if (foreign.length > 1) return false;
  return linearize(h, foreign.length === 1 ? { ...register, initial: foreign[0] as string } : register) !== null;
}
