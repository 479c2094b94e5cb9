/**
 * Calibrates the simulator's CPU costs (runtime/sim/model.ts) on this
 * project's own runtime, and writes them to docs/performance-calibration.json,
 * which `runtime/sim/report.ts` reads.
 *
 *   node dist/runtime/sim/calibrate.js [--real] [--seconds 15] [--clients 16] [--out FILE]
 *
 * Two measurements:
 *
 * 1. **Per byte** (in process): the runtime's encoding work on a message,
 *    JSON.stringify + `encodeFrame` on the sender, `FrameDecoder` + JSON.parse
 *    on the receiver, timed on Multi-Paxos 2a messages carrying 1 to 64
 *    commands of 1 KiB; the least-squares slope against the frame's size,
 *    halved (the model charges `perByte` once at each end). Also the
 *    per-message intercept of that line (encoding and decoding an almost empty
 *    message) and the machines' own step time (xstate's `transition()` on the
 *    acceptor), for reference.
 * 2. **Per message** (`--real`: a real cluster, Linux only): `agora run
 *    multipaxos` (3 server processes on loopback) under `agora client load`
 *    for `--seconds`; each server's CPU time (utime + stime from
 *    /proc/PID/stat) over the load, less its idle rate (timers, the event
 *    loop: measured over 3 s before the load) times the load's duration, against what its log says it did: steps
 *    (messages handed to a machine: network and local) and network messages
 *    sent, with their bytes. The bytes' share (perByte from 1.) is taken off,
 *    and CPU = a × steps + s × sent is solved by least squares over the
 *    servers (the leader sends more per step than the others, which separates
 *    a from s). `recvPerMessage` = `localPerMessage` = a (every step is
 *    decoded or dequeued, checked, stepped and logged; the local queue skips
 *    only the decoding, which 1. shows is small), `sendPerMessage` = s.
 *    Without `--real`, the per-message costs are 1.'s in-process figures.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import { acceptorMachine } from '../../machines/multipaxos/acceptor.machine.js';
import type { AcceptMsg } from '../../spec/multipaxos/messages.js';
import { encodeFrame, FrameDecoder } from '../frame.js';
import { actorScope } from './engine.js';
import { FRAME_OVERHEAD } from './model.js';
import { argOption, cpuOf, sleep, startRealCluster, stopRealCluster } from './real-cluster.js';

export interface Calibration {
  readonly measuredAt: string;
  readonly machine: { readonly cpu: string; readonly cores: number; readonly loadAverage: readonly number[]; readonly node: string };
  readonly micro: {
    /** CPU seconds per byte, encode + decode, per end (half the slope). */
    readonly perByte: number;
    /** Encode + decode of an almost empty message, seconds. */
    readonly codecPerMessage: number;
    /** One acceptor step with xstate's transition(), seconds. */
    readonly machineStep: number;
  };
  readonly real?: {
    readonly seconds: number;
    readonly clients: number;
    readonly opsPerSecond: number;
    readonly servers: readonly { readonly cpuSeconds: number; readonly idleCpuSeconds: number; readonly steps: number; readonly networkIn: number; readonly sent: number; readonly bytes: number }[];
    /** CPU seconds per step and per network message sent, solved from the servers. */
    readonly perStep: number;
    readonly perSend: number;
  };
  /** The constants the simulator uses. */
  readonly constants: { readonly recvPerMessage: number; readonly sendPerMessage: number; readonly localPerMessage: number; readonly perByte: number };
}

function timeIt(fn: () => void, minSeconds = 0.2): number {
  // CPU time, not wall time: the machine may be shared.
  let reps = 1;
  for (;;) {
    const start = process.cpuUsage();
    for (let i = 0; i < reps; i++) fn();
    const used = process.cpuUsage(start);
    const s = (used.user + used.system) / 1e6;
    if (s >= minSeconds) return s / reps;
    reps *= s < minSeconds / 10 ? 10 : 2;
  }
}

function fit(xs: readonly number[], ys: readonly number[]): { slope: number; intercept: number } {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += ((xs[i] as number) - mx) * ((ys[i] as number) - my);
    sxx += ((xs[i] as number) - mx) ** 2;
  }
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

function accept(commands: number, valueBytes: number): AcceptMsg {
  const value = 'x'.repeat(valueBytes);
  return {
    type: 'mp.accept',
    from: 'p0',
    to: 'a1',
    ballot: 0,
    slot: 7,
    batch: Array.from({ length: commands }, (_, i) => ({ id: `c${i}.0`, op: { kind: 'write' as const, value } })),
  };
}

export function microbenchmark(): Calibration['micro'] {
  const sizes: number[] = [];
  const times: number[] = [];
  for (const k of [1, 4, 16, 64]) {
    const msg = accept(k, 1024);
    const frame = encodeFrame({ g: 'k0', m: msg });
    sizes.push(frame.length);
    times.push(
      timeIt(() => {
        const decoder = new FrameDecoder();
        decoder.push(encodeFrame({ g: 'k0', m: msg }));
      }),
    );
  }
  const line = fit(sizes, times);
  const tiny = accept(0, 0);
  const codec = timeIt(() => {
    const decoder = new FrameDecoder();
    decoder.push(encodeFrame({ g: 'k0', m: tiny }));
  });
  const input = { self: 'a1', replicas: ['r0', 'r1', 'r2'], variant: 'leader' };
  const logic = acceptorMachine as unknown as AnyStateMachine;
  const scope = actorScope(logic, input, () => {});
  const s0 = logic.getInitialSnapshot(scope, input) as AnyMachineSnapshot;
  const ev = accept(1, 16);
  const machineStep = timeIt(() => {
    logic.transition(s0, ev as never, scope);
  });
  return { perByte: Math.max(0, line.slope / 2), codecPerMessage: Math.max(0, codec), machineStep };
}

function logLines(dir: string, k: number): string[] {
  const f = join(dir, `server-${k}.jsonl`);
  return existsSync(f) ? readFileSync(f, 'utf8').split('\n').filter((l) => l !== '') : [];
}

/** Runs a real 3-server Multi-Paxos cluster under load; see the file's comment. */
export async function realRun(seconds: number, clients: number, perByte: number): Promise<NonNullable<Calibration['real']>> {
  const cluster = await startRealCluster('multipaxos', ['--seconds', String(seconds + 30)], 3, 1000);
  const { dir, servers } = cluster;
  const cli = join(process.cwd(), 'bin', 'agora.js');
  try {
    // Idle CPU (timers, the event loop) over 3 s without load, taken off the loaded figures.
    const idle0 = servers.map(cpuOf);
    const idleStart = performance.now();
    await sleep(3000);
    const idleSeconds = (performance.now() - idleStart) / 1000;
    const idleRate = servers.map((pid, k) => (cpuOf(pid) - (idle0[k] as number)) / idleSeconds);
    const before = servers.map(cpuOf);
    const loadStart = performance.now();
    const linesBefore = [0, 1, 2].map((k) => logLines(dir, k).length);
    const out = execFileSync(process.execPath, [cli, 'client', '--dir', dir, 'load', '--clients', String(clients), '--keys', '4', '--seconds', String(seconds)], {
      timeout: (seconds + 60) * 1000,
    }).toString();
    const after = servers.map(cpuOf);
    const loadSeconds = (performance.now() - loadStart) / 1000;
    const ops = /(\d+) operations answered[^]*? in ([\d.]+) s/.exec(out);
    const rows = [0, 1, 2].map((k) => {
      const lines = logLines(dir, k).slice(linesBefore[k]);
      let steps = 0;
      let networkIn = 0;
      let sent = 0;
      let bytes = 0;
      for (const line of lines) {
        const r = JSON.parse(line) as { k: string; ev?: { from?: string }; sent?: { to: string }[] };
        if (r.k !== 'step' || r.ev === undefined) continue;
        steps++;
        const from = r.ev.from;
        if (from !== undefined && (from === 'clients' || Number(from.slice(1)) !== k)) {
          networkIn++;
          bytes += JSON.stringify(r.ev).length + FRAME_OVERHEAD;
        }
        for (const m of r.sent ?? []) {
          if (m.to === 'clients' || Number(m.to.slice(1)) !== k) {
            sent++;
            bytes += JSON.stringify(m).length + FRAME_OVERHEAD;
          }
        }
      }
      const idle = (idleRate[k] as number) * loadSeconds;
      return { cpuSeconds: (after[k] as number) - (before[k] as number) - idle, idleCpuSeconds: idle, steps, networkIn, sent, bytes };
    });
    // Least squares for cpu - perByte × bytes = a × steps + s × sent.
    let saa = 0;
    let sas = 0;
    let sss = 0;
    let say = 0;
    let ssy = 0;
    for (const r of rows) {
      const y = r.cpuSeconds - perByte * r.bytes;
      saa += r.steps * r.steps;
      sas += r.steps * r.sent;
      sss += r.sent * r.sent;
      say += r.steps * y;
      ssy += r.sent * y;
    }
    const det = saa * sss - sas * sas;
    let a = (say * sss - ssy * sas) / det;
    let s = (saa * ssy - sas * say) / det;
    if (!(a > 0 && s > 0)) {
      const all = rows.reduce((acc, r) => acc + r.cpuSeconds - perByte * r.bytes, 0) / rows.reduce((acc, r) => acc + r.steps + r.sent, 0);
      a = all;
      s = all;
    }
    return {
      seconds,
      clients,
      opsPerSecond: ops !== null ? Number(ops[1]) / Number(ops[2]) : NaN,
      servers: rows,
      perStep: a,
      perSend: s,
    };
  } finally {
    await stopRealCluster(cluster);
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (name: string, dflt: string): string => argOption(args, name, dflt);
  const micro = microbenchmark();
  console.log(`micro: ${(micro.perByte * 1e9).toFixed(2)} ns/byte per end, codec ${(micro.codecPerMessage * 1e6).toFixed(1)} µs/message, acceptor step ${(micro.machineStep * 1e6).toFixed(1)} µs`);
  let real: Calibration['real'];
  if (args.includes('--real')) {
    real = await realRun(Number(opt('--seconds', '15')), Number(opt('--clients', '16')), micro.perByte);
    console.log(`real: ${real.opsPerSecond.toFixed(0)} ops/s; ${(real.perStep * 1e6).toFixed(0)} µs per step, ${(real.perSend * 1e6).toFixed(0)} µs per message sent`);
    for (const [k, r] of real.servers.entries()) console.log(`  server ${k}: ${r.cpuSeconds.toFixed(2)} CPU s (idle ${r.idleCpuSeconds.toFixed(2)} s taken off), ${r.steps} steps, ${r.sent} sent, ${r.bytes} bytes`);
  }
  const constants =
    real !== undefined
      ? { recvPerMessage: real.perStep, sendPerMessage: real.perSend, localPerMessage: real.perStep, perByte: micro.perByte }
      : {
          recvPerMessage: micro.machineStep + micro.codecPerMessage / 2,
          sendPerMessage: micro.codecPerMessage / 2,
          localPerMessage: micro.machineStep,
          perByte: micro.perByte,
        };
  const cal: Calibration = {
    measuredAt: new Date().toISOString(),
    machine: { cpu: cpus()[0]?.model ?? '?', cores: cpus().length, loadAverage: loadavg(), node: process.version },
    micro,
    ...(real !== undefined ? { real } : {}),
    constants,
  };
  const out = opt('--out', 'docs/performance-calibration.json');
  writeFileSync(out, `${JSON.stringify(cal, null, 2)}\n`);
  console.log(`wrote ${out}`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
