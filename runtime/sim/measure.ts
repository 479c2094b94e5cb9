/**
 * Measures real clusters (issue 12 part 5): throughput, latency and each
 * server's CPU time against the number of closed-loop clients, for
 * Multi-Paxos and S-Paxos at n = 3 and 5, with batching on for both, and
 * writes docs/performance-measured.json, which `runtime/sim/report.ts`
 * renders beside the simulator's figures.
 *
 *   npm run build && node dist/runtime/sim/measure.js [--seconds 10] [--clients 1,2,4,8,16,32,64] [--ns 3,5] [--out FILE]
 *
 * Each point is a fresh cluster, `agora run <protocol> --servers n --batch b
 * --slots 64/b` (one process per server on loopback, every step logged), then
 * the load of `agora client load --clients C --keys C/b --pin-keys
 * --ops-per-key 64/b --send one --warmup 3` from this process: 3 s to warm up
 * (the JIT), then `--seconds` measured.
 * - The batch b is min(8, C), as in the simulator, and each key has b
 *   sessions (the machines have no batch timer: a batch must fill), so each
 *   slot holds one operation of each.
 * - After 64 requests on a key (64 / b operations of each session, in 64 / b
 *   slots) its sessions move together to a fresh key, a fresh instance of the
 *   protocol: the machines keep every slot and request, and a step's cost
 *   grows with them (the simulator cuts its runs into instances of 64 the
 *   same way).
 * - `--send one` sends a request first to one server (Multi-Paxos: the
 *   leader's; S-Paxos: client mod n, so every replica coordinates a share of
 *   the requests), as the papers' clients do.
 * CPU: utime + stime of each server process (/proc) over the measured load.
 * Linux only.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_TIMING, HistoryRecorder, KvClient } from '../client.js';
import type { ClusterFile } from '../cluster.js';
import { linearizableFromSomeStart, runLoad } from '../load.js';
import { now } from '../log.js';
import { runtimeProtocol } from '../protocols/index.js';
import { argOption, cpuOf, sleep, startRealCluster, stopRealCluster } from './real-cluster.js';
import type { SimProtocol } from './engine.js';

export const BATCH_MAX = 8;
/**
 * Requests per protocol instance (key), as in the simulator: each of a key's
 * b sessions does 64 / b operations on it, in 64 / b slots, then they move on.
 * NOTE: the machines' work per request grows with the requests an instance
 *   has seen (the proposer scans its log for each request it holds), so the
 *   instance's size is held fixed whatever the batch.
 */
export const REQUESTS_PER_KEY = 64;

export interface MeasuredPoint {
  readonly protocol: SimProtocol;
  readonly n: number;
  readonly clients: number;
  readonly batch: number;
  readonly seconds: number;
  /** Answered per second while the load ran (runtime/load.ts). */
  readonly throughput: number;
  readonly answered: number;
  readonly gaveUp: number;
  /** Of those, given up inside the window (the others in the drain after it). */
  readonly gaveUpInWindow: number;
  readonly latencyMs: { readonly p50: number; readonly p99: number };
  /** The CPU figures' window (the measured load's, to a few milliseconds), seconds. */
  readonly cpuSeconds: number;
  /** CPU seconds of each server process over the measured load; server 0 hosts the leader. */
  readonly serverCpu: readonly number[];
  /** CPU seconds of the load generator (this process) over the measured window. */
  readonly clientCpu: number;
  /** From each server's log, over the measured window: steps (messages handed to a machine) and messages sent to other servers or to clients. */
  readonly serverSteps: readonly number[];
  readonly serverSent: readonly number[];
}

export interface Measurement {
  readonly measuredAt: string;
  readonly machine: { readonly cpu: string; readonly cores: number; readonly loadAverageBefore: readonly number[]; readonly loadAverageAfter: readonly number[]; readonly node: string };
  readonly requestsPerKey: number;
  readonly points: readonly MeasuredPoint[];
}

/** Steps logged by server k between w0 and w1, and the messages they sent off the server (node names end in their server's index). */
function windowCounts(file: string, k: number, w0: number, w1: number): { steps: number; sent: number } {
  let steps = 0;
  let sent = 0;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.startsWith('{"k":"step"')) continue;
    const r = JSON.parse(line) as { t: number; sent?: { to: string }[] };
    if (r.t < w0 || r.t > w1) continue;
    steps++;
    for (const m of r.sent ?? []) if (!/^[a-z]\d+$/.test(m.to) || Number(m.to.slice(1)) !== k) sent++;
  }
  return { steps, sent };
}

/** One point: a fresh cluster, then the load (warm-up, measured window) from this process. */
export async function measurePoint(protocol: SimProtocol, n: number, clients: number, seconds: number, warmup = 3): Promise<MeasuredPoint> {
  const batch = Math.min(BATCH_MAX, clients);
  if (clients % batch !== 0) throw new RangeError(`clients (${clients}) must be a multiple of the batch (${batch})`);
  const keys = clients / batch;
  const opsPerKey = REQUESTS_PER_KEY / batch;
  const cluster = await startRealCluster(protocol, ['--servers', String(n), '--batch', String(batch), '--slots', String(opsPerKey), '--seconds', String(seconds + warmup + 60)], n, 500);
  const { dir, servers } = cluster;
  let client: KvClient | null = null;
  const recorder = new HistoryRecorder(null);
  try {
    const file = JSON.parse(readFileSync(join(dir, 'cluster.json'), 'utf8')) as ClusterFile;
    client = new KvClient(runtimeProtocol(protocol), file.shape, file.ports);
    await sleep(300); // connections
    let before: number[] = [];
    let after: number[] = [];
    let w0 = 0;
    let w1 = 0;
    let clientBefore = 0;
    let clientAfter = 0;
    const self = (): number => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1e6;
    };
    const t0 = setTimeout(() => {
      before = servers.map(cpuOf);
      clientBefore = self();
      w0 = now();
    }, warmup * 1000);
    const end = (): void => {
      if (after.length > 0) return;
      after = servers.map(cpuOf);
      clientAfter = self();
      w1 = now();
    };
    const t1 = setTimeout(end, (warmup + seconds) * 1000);
    const report = await runLoad(client, recorder, {
      clients,
      keys,
      pinKeys: true,
      opsPerKey,
      durationMs: seconds * 1000,
      warmupMs: warmup * 1000,
      writeRatio: 0.5,
      seed: 1,
      timing: { ...DEFAULT_TIMING, sendFirst: 'one' },
    });
    clearTimeout(t1);
    // The sessions may see the window's end before the timer fires (a busy event loop): the window ends then.
    end();
    if (before.length === 0) throw new Error('the load ended before its warm-up did');
    const counts = servers.map((_, k) => windowCounts(join(dir, `server-${k}.jsonl`), k, w0, w1));
    const bad = [...recorder.all].filter(([, h]) => !linearizableFromSomeStart(h)).map(([k]) => k);
    if (bad.length > 0) throw new Error(`not linearizable: keys ${bad.join(', ')}`);
    return {
      protocol,
      n,
      clients,
      batch,
      seconds,
      throughput: report.throughput,
      answered: report.ok,
      gaveUp: report.gaveUp,
      gaveUpInWindow: report.gaveUpInWindow,
      latencyMs: { p50: report.latencyMs.p50, p99: report.latencyMs.p99 },
      cpuSeconds: (w1 - w0) / 1000,
      serverCpu: servers.map((_, k) => (after[k] as number) - (before[k] as number)),
      clientCpu: clientAfter - clientBefore,
      serverSteps: counts.map((c) => c.steps),
      serverSent: counts.map((c) => c.sent),
    };
  } finally {
    client?.close();
    recorder.close();
    await stopRealCluster(cluster);
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (name: string, dflt: string): string => argOption(args, name, dflt);
  const seconds = Number(opt('--seconds', '10'));
  const clientCounts = opt('--clients', '1,2,4,8,16,32,64').split(',').map(Number);
  const ns = opt('--ns', '3,5').split(',').map(Number);
  const loadBefore = loadavg();
  // Check that the CLI is built before a long run.
  execFileSync(process.execPath, [join(process.cwd(), 'bin', 'agora.js'), '--version']);
  const points: MeasuredPoint[] = [];
  for (const n of ns) {
    for (const protocol of ['multipaxos', 'spaxos'] as const) {
      for (const c of clientCounts) {
        const p = await measurePoint(protocol, n, c, seconds);
        const total = p.serverCpu.reduce((a, b) => a + b, 0);
        console.log(
          `${protocol} n=${n} clients=${c} batch=${p.batch}: ${p.throughput} ops/s, p50 ${p.latencyMs.p50} ms, given up ${p.gaveUp} (${p.gaveUpInWindow} in the window); ` +
            `server CPU ${p.serverCpu.map((x) => x.toFixed(2)).join(' ')} s (server 0: ${((100 * (p.serverCpu[0] as number)) / total).toFixed(0)}%), load generator ${p.clientCpu.toFixed(2)} s; ` +
            `µs per step + send ${p.serverCpu.map((c, k) => ((1e6 * c) / ((p.serverSteps[k] as number) + (p.serverSent[k] as number))).toFixed(0)).join(' ')}`,
        );
        points.push(p);
      }
    }
  }
  const result: Measurement = {
    measuredAt: new Date().toISOString(),
    machine: { cpu: cpus()[0]?.model ?? '?', cores: cpus().length, loadAverageBefore: loadBefore, loadAverageAfter: loadavg(), node: process.version },
    requestsPerKey: REQUESTS_PER_KEY,
    points,
  };
  const out = opt('--out', 'docs/performance-measured.json');
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`wrote ${out}`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
