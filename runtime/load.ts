/**
 * A closed-loop load generator: C sessions, each issuing its next operation
 * as soon as the previous one returned (a put with odds `writeRatio`, else a
 * get, on a key drawn from `keys`), for a duration or a number of operations.
 * A session that gives up on an operation retires and a fresh client number
 * takes its place, so the load stays at C outstanding operations.
 */
import { HistoryRecorder, KvClient, KvSession, type SessionTiming, DEFAULT_TIMING } from './client.js';
import { now } from './log.js';
import { seededRandom } from './random.js';

export interface LoadOptions {
  readonly clients: number;
  readonly keys: number;
  /** Stop issuing after this long (ms), or after `ops` operations, whichever first. */
  readonly durationMs: number;
  readonly ops?: number;
  readonly writeRatio: number;
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
  readonly sessions: number;
  readonly seconds: number;
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
  const start = now();
  const more = (): boolean => now() - start < options.durationMs && (options.ops === undefined || issued < options.ops);
  const loop = async (): Promise<void> => {
    let session = new KvSession(client, recorder, nextClient++, timing);
    sessions++;
    while (more()) {
      issued++;
      const key = `k${Math.floor(random() * options.keys)}`;
      const write = random() < options.writeRatio;
      const out = write ? await session.put(key, `v${session.number}.${issued}`) : await session.get(key);
      latencies.push(out.latencyMs);
      if (out.ok) ok++;
      else {
        gaveUp++;
        session = new KvSession(client, recorder, nextClient++, timing);
        sessions++;
      }
      options.onOp?.(ok + gaveUp);
    }
  };
  await Promise.all(Array.from({ length: options.clients }, () => loop()));
  const seconds = (now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    ops: ok + gaveUp,
    ok,
    gaveUp,
    sessions,
    seconds,
    throughput: ok / seconds,
    latencyMs: { p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), max: latencies[latencies.length - 1] ?? 0 },
  };
}
