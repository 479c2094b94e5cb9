/**
 * The search split over worker threads (explorer/parallel/) against the
 * sequential search (`check()`, itself pinned against the naive explorer):
 * the same distinct states, transitions, depth and verdicts for every worker
 * count, with and without the reductions, on each network; the same
 * counterexample length, with a trace that replays to the violation; and a
 * stop request (or a signal, in a pipe and in a pseudo-terminal) ends a run
 * within a second, exit 130, saying "interrupted" and never "holds"; a
 * run stopped with a checkpoint and resumed gives the uninterrupted counts.
 * The slower cases (and a run interrupted by SIGINT, then resumed) are in
 * test/long/parallel.long.ts, over the tables of test/helpers/parallel-cases.ts.
 */
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startParallelCheck } from '../../explorer/parallel/coordinator.js';
import { startThreadCheck } from '../../explorer/parallel/sequential.js';
import { resolveSource } from '../../explorer/registry.js';
import { CHECKPOINT_CASES, expectCheckpointResumes, expectWorkersAgree, freshDir, WORKERS_CASES } from '../helpers/parallel-cases.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('a search split over workers', () => {
  for (const c of WORKERS_CASES.filter((x) => !x.long)) {
    it(`${c.name}: 1, 2 and 3 workers agree with each other and with the sequential search`, () => expectWorkersAgree(c));
  }

  it('stops within a second when asked, and the report says why, never "holds"', async () => {
    const { source } = resolveSource('synod', { config: 'synod-m' });
    const run = startParallelCheck(source, { workers: 2, symmetry: true, por: true, limits: { maxSeconds: 60 } });
    await new Promise((r) => setTimeout(r, 1500));
    const asked = performance.now();
    run.stop('interrupted');
    const report = await run.report;
    expect(performance.now() - asked).toBeLessThan(1000);
    expect(report.status).toBe('incomplete');
    expect(report.stoppedBy).toBe('interrupted');
    expect(report.properties.every((p) => p.verdict === 'unknown')).toBe(true);
  });

  it('a depth-first search in its thread stops too', async () => {
    const { source } = resolveSource('synod', { config: 'synod-m' });
    const run = startThreadCheck(source, { strategy: 'dfs', symmetry: true, por: true, limits: { maxSeconds: 60 } });
    await new Promise((r) => setTimeout(r, 1500));
    run.stop('interrupted');
    const report = await run.report;
    expect(report.status).toBe('incomplete');
    expect(report.stoppedBy).toBe('interrupted');
  });
});

/** CPU seconds used so far by process `pid` and its descendants (Linux /proc). */
function treeCpuSeconds(pid: number): number {
  const procs = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  const parent = new Map<number, number>();
  const cpu = new Map<number, number>();
  for (const d of procs) {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(d), Number(f[1]));
      cpu.set(Number(d), (Number(f[11]) + Number(f[12])) / 100);
    } catch {
      // The process ended while being read.
    }
  }
  let total = 0;
  for (const [p, c] of cpu) {
    for (let q: number | undefined = p; q !== undefined && q > 1; q = parent.get(q)) {
      if (q === pid) {
        total += c;
        break;
      }
    }
  }
  return total;
}

/**
 * Runs `agora check synod --config synod-m`, interrupts it once its search is
 * under way (the command has used 1.5 s of CPU: loading takes well under
 * that, and on a loaded machine a fixed delay may fall inside it), and
 * reports the exit and the seconds from the interrupt to the exit.
 */
async function interrupted(how: 'pipe' | 'pty'): Promise<{ code: number | null; seconds: number; out: string }> {
  const cmd = [process.execPath, 'bin/agora.js', 'check', 'synod', '--config', 'synod-m', '--max-seconds', '60'];
  // In a pseudo-terminal (util-linux `script`), Ctrl-C is the terminal's: the byte 0x03 typed in.
  const child =
    how === 'pty'
      ? spawn('script', ['-qfec', cmd.map((a) => `'${a}'`).join(' '), '/dev/null'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] })
      : spawn(cmd[0] as string, cmd.slice(1), { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  for (let waited = 0; treeCpuSeconds(child.pid as number) < 1.5 && waited < 30_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
  const sent = performance.now();
  if (how === 'pty') child.stdin.write('\x03');
  else child.kill('SIGINT');
  const code = await exited;
  return { code, seconds: (performance.now() - sent) / 1000, out };
}

describe('agora check under a signal', () => {
  for (const how of ['pipe', 'pty'] as const) {
    it(`stops within a second in a ${how}, exits 130 and says "interrupted"`, async () => {
      const r = await interrupted(how);
      expect(r.code).toBe(130);
      expect(r.seconds).toBeLessThan(1);
      expect(r.out).toMatch(/search interrupted/);
      expect(r.out).not.toMatch(/\bholds\b/);
    });
  }
});

describe('checkpoints', () => {
  const dirs: string[] = [];
  const fresh = (): string => freshDir(dirs);
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  for (const c of CHECKPOINT_CASES.filter((x) => !x.long)) {
    it(`${c.name}: stopped, then resumed, gives the uninterrupted run's counts and verdicts`, () => expectCheckpointResumes(c, fresh()));
  }

  // A run interrupted by SIGINT, then resumed (synod-lossy-s, about 20 s): test/long/parallel.long.ts.

  it('refuses a checkpoint of another system, other options or another number of workers, naming the difference', async () => {
    const dir = fresh();
    const { source } = resolveSource('synod', { config: 'synod-s' });
    await startParallelCheck(source, { por: false, limits: { maxStates: 5000 }, checkpoint: { dir, everySeconds: 3600 } }).report;
    const other = resolveSource('synod', { config: 'synod-xs' }).source;
    await expect(startParallelCheck(other, { por: false, resume: dir }).report).rejects.toThrow(/another system/);
    await expect(startParallelCheck(source, { por: true, resume: dir }).report).rejects.toThrow(/another --por/);
    await expect(startParallelCheck(source, { por: false, workers: 2, resume: dir }).report).rejects.toThrow(/another number of --workers/);
    await expect(startParallelCheck(source, { por: false, resume: fresh() }).report).rejects.toThrow(/no checkpoint there/);
  });
});
