/**
 * The slower checks of the search split over worker threads, too slow for
 * `npm test` (test/explorer/parallel.test.ts runs the others; the tables are
 * in test/helpers/parallel-cases.ts): 1, 2 and 3 workers against the
 * sequential search on synod-s (POR only, and own-value, a violation) and on
 * synod-xs with faults and with crash-recovery; checkpoints of synod-lossy-s
 * (1 worker) and of own-value (2 workers), stopped then resumed; and a run
 * interrupted by SIGINT that keeps its work, resumed with the same counts.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { check } from '../../explorer/check.js';
import { startParallelCheck } from '../../explorer/parallel/coordinator.js';
import { buildSpec, resolveSource } from '../../explorer/registry.js';
import { CHECKPOINT_CASES, expectCheckpointResumes, expectWorkersAgree, figures, freshDir, WORKERS_CASES } from '../helpers/parallel-cases.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('a search split over workers', () => {
  for (const c of WORKERS_CASES.filter((x) => x.long)) {
    it(`${c.name}: 1, 2 and 3 workers agree with each other and with the sequential search`, () => expectWorkersAgree(c), 600_000);
  }
});

describe('checkpoints', () => {
  const dirs: string[] = [];
  const fresh = (): string => freshDir(dirs);
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  for (const c of CHECKPOINT_CASES.filter((x) => x.long)) {
    it(`${c.name}: stopped, then resumed, gives the uninterrupted run's counts and verdicts`, () => expectCheckpointResumes(c, fresh()), 600_000);
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
  }, 600_000);
});
