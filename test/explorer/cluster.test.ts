/**
 * The search split over worker processes that talk through NATS
 * (`agora worker --nats`, `agora check --cluster`): a real nats-server on
 * loopback (Debian's package, which .ci/run installs) and real worker
 * processes. Its counts, verdicts and counterexample lengths equal the
 * sequential search's (`check()`, pinned against the naive explorer); a
 * worker killed mid-run fails the run loudly (exit 4, never "holds"); a
 * coordinator killed mid-run frees its workers, and a restarted one resumes
 * the checkpoint with the uninterrupted run's counts; too few workers is an
 * error, not a wait forever.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check, type CheckReport } from '../../explorer/check.js';
import type { FaultOptions } from '../../explorer/actor-system/faults.js';
import { clusterLauncher } from '../../explorer/parallel/cluster.js';
import { startParallelCheck } from '../../explorer/parallel/coordinator.js';
import { buildSpec, resolveSource, type SystemFlags } from '../../explorer/registry.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const NONE: FaultOptions = { lossy: false, duplicates: 0, crashes: 0 };

/** A free TCP port on loopback (the server is then started on it). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function until(what: string, ok: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let server: ChildProcess;
let url: string;
const workers: { proc: ChildProcess; log: string }[] = [];

function startWorker(): { proc: ChildProcess; log: string } {
  const proc = spawn(process.execPath, ['bin/agora.js', 'worker', '--nats', url], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  const w = { proc, log: '' };
  proc.stderr?.on('data', (d: Buffer) => (w.log += d.toString()));
  workers.push(w);
  return w;
}

async function startWorkers(n: number): Promise<void> {
  const fresh = Array.from({ length: n }, startWorker);
  await until('workers to connect', () => fresh.every((w) => w.log.includes('waiting for a run')));
}

function alive(): number {
  return workers.filter((w) => w.proc.exitCode === null && w.proc.signalCode === null).length;
}

beforeAll(async () => {
  const which = spawnSync('nats-server', ['--version']);
  if (which.status !== 0) throw new Error("nats-server is not installed (apt-get install nats-server; .ci/run does it)");
  const port = await freePort();
  url = `nats://127.0.0.1:${port}`;
  // Through a shell that ends the server when this process is gone, even if it is killed (the workers then give up).
  server = spawn('sh', ['-c', `nats-server -a 127.0.0.1 -p ${port} & s=$!; trap 'kill $s 2>/dev/null; exit 0' TERM INT EXIT; while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  server.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  await until('nats-server', () => log.includes('Server is ready'));
  await startWorkers(2);
});

afterAll(() => {
  if (process.env['AGORA_DEBUG']) for (const w of workers) console.log(w.log);
  for (const w of workers) w.proc.kill('SIGKILL');
  server?.kill('SIGTERM');
});

function figures(r: CheckReport): unknown {
  return { status: r.status, states: r.stats.states, transitions: r.stats.transitions, depth: r.stats.depth, verdicts: r.properties.map((p) => p.verdict), steps: r.trace?.steps.length };
}

const CASES: readonly { name: string; protocol: string; flags: SystemFlags; faults?: FaultOptions; symmetry: boolean; por: boolean }[] = [
  { name: 'synod-s, both reductions', protocol: 'synod', flags: { config: 'synod-s' }, symmetry: true, por: true },
  { name: 'synod-xs lossy, a duplicate and a crash, none', protocol: 'synod', flags: { config: 'synod-xs' }, faults: { lossy: true, duplicates: 1, crashes: 1 }, symmetry: false, por: false },
  { name: 'synod-s own-value (a violation), both', protocol: 'synod', flags: { config: 'synod-s', bug: 'own-value' }, symmetry: true, por: true },
  { name: 'pbft pbft-tiny, both', protocol: 'pbft', flags: { config: 'pbft-tiny' }, symmetry: true, por: true },
];

describe('a search over worker processes and NATS', () => {
  for (const c of CASES) {
    it(`${c.name}: two worker processes agree with the sequential search`, async () => {
      const { source } = resolveSource(c.protocol, c.flags);
      const spec = buildSpec(source);
      const options = { faults: c.faults ?? NONE, symmetry: c.symmetry && spec.symmetry !== undefined, por: c.por, shortest: true };
      const seq = check(spec, options);
      const run = startParallelCheck(source, { ...options, workers: 2, launcher: clusterLauncher(url, { lostAfterMs: 3000 }) });
      const r = await run.report;
      expect(figures(r)).toEqual(figures(seq));
      expect(r.trace?.property).toBe(seq.trace?.property);
    });
  }

  it('refuses to wait forever for workers that are not there', async () => {
    const { source } = resolveSource('synod', { config: 'synod-xs' });
    const run = startParallelCheck(source, { workers: 5, launcher: clusterLauncher(url, { joinTimeoutMs: 1000 }) });
    await expect(run.report).rejects.toThrow(/only 2 of 5 workers joined/);
    // The two that joined are freed for the next run.
    const { source: s2 } = resolveSource('synod', { config: 'synod-xs' });
    const again = await startParallelCheck(s2, { workers: 2, launcher: clusterLauncher(url, { lostAfterMs: 3000 }) }).report;
    expect(again.status).toBe('holds');
  });

  it('a worker killed mid-run fails the run loudly: exit 4, never "holds"', async () => {
    const child = spawn(
      process.execPath,
      ['bin/agora.js', 'check', 'synod', '--config', 'synod-lossy-s', '--por', 'off', '--symmetry', 'off', '--cluster', url, '--workers', '2', '--lost-after', '2', '--max-seconds', '60'],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    await until('the run to start', () => err.includes('agora: run '));
    await new Promise((r) => setTimeout(r, 500));
    const victim = workers.find((w) => w.proc.exitCode === null && w.proc.signalCode === null && w.log.includes('joined run')) as (typeof workers)[number];
    victim.proc.kill('SIGKILL');
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(4);
    expect(err).toMatch(/the search failed: worker \d \(.*\) was lost/);
    expect(out).not.toMatch(/holds/);
    await startWorkers(1);
    expect(alive()).toBe(2);
  });

  it('a coordinator killed mid-run frees its workers; a restarted one resumes the checkpoint with the uninterrupted counts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agora-cluster-'));
    try {
      const args = ['bin/agora.js', 'check', 'synod', '--config', 'synod-lossy-s', '--por', 'off', '--symmetry', 'off', '--cluster', url, '--workers', '2', '--lost-after', '2', '--json'];
      const first = spawn(process.execPath, [...args, '--checkpoint', dir, '--checkpoint-every', '1'], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
      // Generous: with the rest of the suite running beside it, the three processes may start slowly.
      await until('a checkpoint', () => existsSync(join(dir, 'manifest.json')), 60_000);
      first.kill('SIGKILL');
      await new Promise((r) => first.once('exit', r));
      // Its workers hear no heartbeat and leave the run.
      await until('the workers to be free', () => workers.filter((w) => w.log.match(/left run \w+ \(nothing heard/) !== null).length >= 2, 15_000);
      const second = spawnSync(process.execPath, [...args, '--resume', dir], { cwd: root, encoding: 'utf8', timeout: 60_000 });
      expect(second.status).toBe(0);
      const resumed = JSON.parse(second.stdout) as CheckReport;
      const { source, config } = resolveSource('synod', { config: 'synod-lossy-s' });
      const faults = { lossy: config.faults?.lossy === true, duplicates: config.faults?.duplicates ?? 0, crashes: config.faults?.crashes ?? 0 };
      const straight = check(buildSpec(source), { faults, symmetry: false, por: false });
      expect(resumed.stats.states).toBe(straight.stats.states);
      expect(resumed.stats.transitions).toBe(straight.stats.transitions);
      expect(resumed.stats.depth).toBe(straight.stats.depth);
      expect(resumed.status).toBe(straight.status);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
