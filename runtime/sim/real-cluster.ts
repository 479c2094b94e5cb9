/**
 * What the two measurements of real clusters share (runtime/sim/calibrate.ts
 * and runtime/sim/measure.ts): starting `agora run` as a child process and
 * finding its server processes, reading a process's CPU time from /proc,
 * stopping the cluster, and the scripts' `--name value` options. Linux only.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

/** CPU seconds (utime + stime) a process has used, from /proc/PID/stat. */
export function cpuOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const hz = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  return ticks / hz;
}

/** The child processes of a process (from /proc/PID/task/* /children). */
export function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    const f = `/proc/${pid}/task/${task}/children`;
    if (existsSync(f)) out.push(...readFileSync(f, 'utf8').trim().split(/\s+/).filter((x) => x !== '').map(Number));
  }
  return out;
}

/** A cluster started by `agora run` in a temporary directory. */
export interface RealCluster {
  readonly dir: string;
  readonly run: ChildProcess;
  /** The server processes, in the order the OS lists them. */
  readonly servers: readonly number[];
}

/**
 * Starts `agora run <protocol> --dir <temp> <args>` from this checkout's
 * bin/agora.js, waits for its cluster.json and `settleMs` more, and checks
 * that it runs `servers` server processes.
 */
export async function startRealCluster(protocol: string, args: readonly string[], servers: number, settleMs: number): Promise<RealCluster> {
  const dir = mkdtempSync(join(tmpdir(), `agora-${protocol}-`));
  const run = spawn(process.execPath, [join(process.cwd(), 'bin', 'agora.js'), 'run', protocol, '--dir', dir, ...args], { stdio: 'ignore' });
  const cluster = { dir, run, servers: [] as number[] };
  try {
    for (let i = 0; i < 100 && !existsSync(join(dir, 'cluster.json')); i++) await sleep(100);
    await sleep(settleMs);
    const found = childrenOf(run.pid as number);
    if (found.length !== servers) throw new Error(`expected ${servers} server processes, found ${found.length}`);
    return { ...cluster, servers: found };
  } catch (e) {
    await stopRealCluster(cluster);
    throw e;
  }
}

/** SIGTERM, then SIGKILL if it is still up; removes the directory. */
export async function stopRealCluster(c: Pick<RealCluster, 'dir' | 'run'>): Promise<void> {
  c.run.kill('SIGTERM');
  await sleep(300);
  if (c.run.exitCode === null) c.run.kill('SIGKILL');
  rmSync(c.dir, { recursive: true, force: true });
}

/** `--name value` from a script's arguments, or `dflt`. */
export function argOption(args: readonly string[], name: string, dflt: string): string {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? (args[i + 1] as string) : dflt;
}
