/**
 * The search split over worker threads (explorer/parallel/) against the
 * sequential search (`check()`, itself pinned against the naive explorer):
 * the same distinct states, transitions, depth and verdicts for every worker
 * count, with and without the reductions, on each network; the same
 * counterexample length, with a trace that replays to the violation; and a
 * stop request (or a signal, in a pipe and in a pseudo-terminal) ends a run
 * within a second, exit 130, saying "interrupted" and never "holds"; a
 * run stopped with a checkpoint and resumed gives the uninterrupted counts.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { check, type CheckReport } from '../../explorer/check.js';
import { startParallelCheck } from '../../explorer/parallel/coordinator.js';
import { startThreadCheck } from '../../explorer/parallel/sequential.js';
import { buildSpec, resolveSource, type SystemFlags } from '../../explorer/registry.js';
import type { FaultOptions } from '../../explorer/actor-system/faults.js';
import type { NetworkKind } from '../../spec/core/system.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

interface Case {
  readonly name: string;
  readonly protocol: string;
  readonly flags: SystemFlags;
  readonly faults?: FaultOptions;
  readonly network?: NetworkKind;
  readonly symmetry: boolean;
  readonly por: boolean;
}

const NONE: FaultOptions = { lossy: false, duplicates: 0, crashes: 0 };

const CASES: readonly Case[] = [
  { name: 'synod-s, both reductions', protocol: 'synod', flags: { config: 'synod-s' }, symmetry: true, por: true },
  { name: 'synod-s, partial order only', protocol: 'synod', flags: { config: 'synod-s' }, symmetry: false, por: true },
  { name: 'synod-xs, symmetry only', protocol: 'synod', flags: { config: 'synod-xs' }, symmetry: true, por: false },
  { name: 'synod-xs, lossy, a duplicate and a crash', protocol: 'synod', flags: { config: 'synod-xs' }, faults: { lossy: true, duplicates: 1, crashes: 1 }, symmetry: false, por: false },
  { name: 'synod-xs on fifo channels, both', protocol: 'synod', flags: { config: 'synod-xs' }, network: 'fifo', symmetry: true, por: true },
  { name: 'synod-xs on the set network, both', protocol: 'synod', flags: { config: 'synod-xs' }, network: 'set', symmetry: true, por: true },
  { name: 'multipaxos mp-tiny, both', protocol: 'multipaxos', flags: { config: 'mp-tiny' }, symmetry: true, por: true },
  { name: 'synod-xs, a crash and a restart (crash-recovery), both', protocol: 'synod', flags: { config: 'synod-xs' }, faults: { lossy: false, duplicates: 0, crashes: 1, recoveries: 1 }, symmetry: true, por: true },
  { name: 'synod-xs, forget-promise with two crashes and restarts, none', protocol: 'synod', flags: { config: 'synod-xs', bug: 'forget-promise' }, faults: { lossy: false, duplicates: 0, crashes: 2, recoveries: 2 }, symmetry: false, por: false },
  { name: 'pbft pbft-tiny, both', protocol: 'pbft', flags: { config: 'pbft-tiny' }, symmetry: true, por: true },
  { name: 'synod-s own-value (a violation), both', protocol: 'synod', flags: { config: 'synod-s', bug: 'own-value' }, symmetry: true, por: true },
  { name: 'multipaxos skip-phase1 (a violation), none', protocol: 'multipaxos', flags: { config: 'mp-tiny', bug: 'skip-phase1' }, symmetry: false, por: false },
];

function figures(r: CheckReport): unknown {
  return { status: r.status, states: r.stats.states, transitions: r.stats.transitions, depth: r.stats.depth, verdicts: r.properties.map((p) => p.verdict) };
}

describe('a search split over workers', () => {
  for (const c of CASES) {
    it(`${c.name}: 1, 2 and 3 workers agree with each other and with the sequential search`, async () => {
      const { source } = resolveSource(c.protocol, c.flags);
      const spec = buildSpec(source);
      // With the deadlock check (a state with no step must be final), which the split search makes too.
      const options = { faults: c.faults ?? NONE, ...(c.network !== undefined ? { network: c.network } : {}), symmetry: c.symmetry && spec.symmetry !== undefined, por: c.por, deadlock: true };
      const seq = check(spec, { ...options, shortest: true });
      const runs = await Promise.all([1, 2, 3].map((workers) => startParallelCheck(source, { ...options, shortest: true, workers }).report));
      const [one, ...more] = runs as [CheckReport, ...CheckReport[]];
      for (const r of more) expect(figures(r)).toEqual(figures(one));
      expect(one.status).toBe(seq.status);
      expect(one.properties.map((p) => p.verdict)).toEqual(seq.properties.map((p) => p.verdict));
      // The very same counts: for a violation too, since the sequential BFS also finishes the level it
      // finds one in, and every search reports the violating state first in BFS order.
      expect(figures(one)).toEqual(figures(seq));
      expect(one.reductions.por?.reduced).toBe(seq.reductions.por?.reduced);
      for (const r of runs) {
        expect(r.trace?.steps.length).toBe(seq.trace?.steps.length);
        expect(r.trace?.property).toBe(seq.trace?.property);
      }
    });
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

/** Runs `agora check synod --config synod-m`, interrupts it after 2 s, and reports the exit. */
function interrupted(how: 'pipe' | 'pty'): Promise<{ code: number | null; seconds: number; out: string }> {
  const cmd = [process.execPath, 'bin/agora.js', 'check', 'synod', '--config', 'synod-m', '--max-seconds', '60'];
  // In a pseudo-terminal (util-linux `script`), Ctrl-C is the terminal's: the byte 0x03 typed in.
  const child =
    how === 'pty'
      ? spawn('script', ['-qfec', cmd.map((a) => `'${a}'`).join(' '), '/dev/null'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] })
      : spawn(cmd[0] as string, cmd.slice(1), { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  let sent = 0;
  setTimeout(() => {
    sent = performance.now();
    if (how === 'pty') child.stdin.write('\x03');
    else child.kill('SIGINT');
  }, 2000);
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, seconds: (performance.now() - sent) / 1000, out })));
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
  const fresh = (): string => {
    const d = mkdtempSync(join(tmpdir(), 'agora-ck-'));
    dirs.push(d);
    return d;
  };
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  for (const [name, flags, symmetry, por, workers] of [
    ['synod-lossy-s unreduced, 1 worker', { config: 'synod-lossy-s' }, false, false, 1],
    ['synod-s with both reductions, 2 workers', { config: 'synod-s' }, true, true, 2],
    ['synod-s own-value (a violation), both, 2 workers', { config: 'synod-s', bug: 'own-value' }, true, true, 2],
  ] as const) {
    it(`${name}: stopped, then resumed, gives the uninterrupted run's counts and verdicts`, async () => {
      const { source, config } = resolveSource('synod', flags);
      const faults = { lossy: config.faults?.lossy === true, duplicates: config.faults?.duplicates ?? 0, crashes: config.faults?.crashes ?? 0 };
      const options = { faults, symmetry, por, workers, shortest: true };
      const straight = await startParallelCheck(source, options).report;
      const dir = fresh();
      const stopped = await startParallelCheck(source, { ...options, limits: { maxStates: Math.floor(straight.stats.states / 3) }, checkpoint: { dir, everySeconds: 3600 } }).report;
      expect(stopped.status).toBe('incomplete');
      const resumed = await startParallelCheck(source, { ...options, resume: dir, checkpoint: { dir, everySeconds: 3600 } }).report;
      expect(figures(resumed)).toEqual(figures(straight));
      expect(resumed.trace?.steps.length).toBe(straight.trace?.steps.length);
    });
  }

  it('a run interrupted by SIGINT keeps its work; --resume finishes it with the same counts', async () => {
    const dir = fresh();
    const args = ['check', 'synod', '--config', 'synod-lossy-s', '--symmetry', 'off', '--por', 'off', '--json'];
    const child = spawn(process.execPath, ['bin/agora.js', ...args, '--checkpoint', dir, '--checkpoint-every', '1'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    // Interrupt once the search is under way (its first periodic checkpoint is written), not after a fixed
    // time: on a loaded machine the process may not have installed its signal handlers yet.
    for (let waited = 0; !existsSync(join(dir, 'manifest.json')) && waited < 60_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGINT');
    const code = await exited;
    expect(code).toBe(130);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { level: number; states: number };
    expect(manifest.level).toBeGreaterThan(0);
    const { source, config } = resolveSource('synod', { config: 'synod-lossy-s' });
    const faults = { lossy: config.faults?.lossy === true, duplicates: config.faults?.duplicates ?? 0, crashes: config.faults?.crashes ?? 0 };
    const straight = check(buildSpec(source), { faults });
    const resumed = await startParallelCheck(source, { faults, por: false, resume: dir }).report;
    expect(figures(resumed)).toEqual(figures(straight));
  });

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
