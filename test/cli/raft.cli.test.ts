/** The CLI on Raft: `agora list` shows it, a small configuration holds (exit 0), a bug variant exits 1 with its trace. */
import { describe, expect, it } from 'vitest';
import { runCli as run } from '../helpers/cli.js';

describe('agora on raft', () => {
  it('agora list shows raft with its configurations, bug variants and Figure 3 properties', async () => {
    const r = await run('list');
    expect(r.code).toBe(0);
    for (const text of ['raft', 'raft-s', 'raft-fig8', 'commit-old-term', 'vote-without-log-check', 'append-without-consistency-check', 'election-safety', 'log-matching', 'leader-completeness', 'state-machine-safety']) {
      expect(r.out).toContain(text);
    }
  });

  it('raft-tiny holds, naming every property', async () => {
    const r = await run('check', 'raft', '--config', 'raft-tiny');
    expect(r.code).toBe(0);
    for (const p of ['election-safety', 'log-matching', 'leader-completeness', 'state-machine-safety', 'linearizable']) expect(r.out).toMatch(new RegExp(`${p}\\s+holds`));
  });

  it('--bug vote-without-log-check exits 1 with the 7-step trace', async () => {
    const r = await run('check', 'raft', '--bug', 'vote-without-log-check');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/leader-completeness is violated after 7 steps/);
    expect(r.out).toMatch(/s1 times out: election for term 2/);
  });
});
