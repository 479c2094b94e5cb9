/** The CLI on Viewstamped Replication: `agora list` shows it, a small configuration holds (exit 0), a bug variant exits 1 with its trace. */
import { describe, expect, it } from 'vitest';
import { runCli as run } from '../helpers/cli.js';

describe('agora on vr', () => {
  it('agora list shows vr with its configurations, bug variants and properties', async () => {
    const r = await run('list');
    expect(r.code).toBe(0);
    for (const text of ['vr-s', 'vr-stale', 'log-by-opnumber', 'view-change-quorum-f', 'committed-survives']) expect(r.out).toContain(text);
  });

  it('vr-tiny holds, naming every property', async () => {
    // Unreduced: the pinned count (the partial-order reduction, on by default, stores 32,790).
    const r = await run('check', 'vr', '--config', 'vr-tiny', '--por', 'off');
    expect(r.code).toBe(0);
    for (const p of ['agreement', 'prefix', 'committed-survives', 'linearizable']) expect(r.out).toMatch(new RegExp(`${p}\\s+holds`));
    expect(r.out).toMatch(/83,009/);
  });

  it('--bug view-change-quorum-f exits 1 with the 6-step trace', async () => {
    const r = await run('check', 'vr', '--bug', 'view-change-quorum-f');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/committed-survives is violated after 6 steps/);
    expect(r.out).toMatch(/r2 times out: view change to view 1/);
  });
});
