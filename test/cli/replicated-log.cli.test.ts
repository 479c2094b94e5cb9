/**
 * The CLI on the replicated-log protocols: `agora list` shows them with
 * their variants, `--variant` and `--property` work and reject bad input
 * with one line, and the client steps print the command issued.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const run = runCli;

describe('agora list', () => {
  it('shows multipaxos and spaxos with configurations, variants, bug variants and properties', async () => {
    const r = (await run('list'));
    expect(r.code).toBe(0);
    for (const text of ['multipaxos', 'spaxos', 'mp-s', 'sp-s', 'variants (--variant NAME)', 'no-recovery', 'skip-phase1', 'early-reply', 'order-unstable', 'linearizable', 'durability', 'no-lost-request']) {
      expect(r.out).toContain(text);
    }
    expect(r.out).toMatch(/^\s+leader\s+phase 2b goes to the leader only.*\(default\)$/m);
  });
});

describe('agora check on the replicated logs', () => {
  it('multipaxos mp-tiny holds in both variants, naming the variant and every property', async () => {
    for (const variant of ['leader', 'all']) {
      const r = (await run('check', 'multipaxos', '--config', 'mp-tiny', '--variant', variant));
      expect(r.code).toBe(0);
      expect(r.out).toContain(`variant ${variant}`);
      for (const p of ['agreement', 'validity', 'at-most-once', 'prefix', 'linearizable']) expect(r.out).toMatch(new RegExp(`^\\s+${p}\\s+holds$`, 'm'));
    }
  });

  it('a bug variant prints a trace with the clients\' commands', async () => {
    const r = (await run('check', 'multipaxos', '--bug', 'skip-phase1'));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/Counterexample: agreement is violated after 15 steps/);
    expect(r.out).toMatch(/c\d requests (write\([a-z]\)|read\(\))/);
    expect(r.out).toMatch(/times out: ballot 1/);
  });

  it('--property checks only the named properties', async () => {
    const r = (await run('check', 'spaxos', '--config', 'sp-tiny', '--bug', 'order-unstable', '--property', 'no-lost-request', '--crashes', '1', '--lossy'));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/no-lost-request VIOLATED/);
    expect(r.out).not.toMatch(/durability/);
    expect(r.out).toMatch(/violated after 11 steps/);
  });

  it('--json carries the variant and the whole environment event of each step', async () => {
    const r = (await run('check', 'multipaxos', '--bug', 'skip-phase1', '--json'));
    const report = JSON.parse(r.out) as { variant: string; trace: { steps: { kind: string; event?: { type: string; client?: number } }[] } };
    expect(report.variant).toBe('leader');
    const requests = report.trace.steps.filter((s) => s.event?.type === 'REQUEST');
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.every((s) => typeof s.event?.client === 'number')).toBe(true);
  });

  it('bad input: one line, exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['check', 'multipaxos', '--variant', 'sideways'], /unknown variant 'sideways' for multipaxos; choose one of: leader, all/],
      [['check', 'synod', '--variant', 'all'], /synod has no variants/],
      [['check', 'spaxos', '--property', 'liveness'], /unknown property 'liveness'; this system checks: agreement, .*linearizable/],
      [['check', 'spaxos', '--bug', 'no-recovery'], /unknown bug variant 'no-recovery' for spaxos; choose one of: order-unstable/],
      [['check', 'spaxos', '--replicas', '3', '--proposers', '4'], /proposers \(4\) must not exceed replicas \(3\)/],
      [['check', 'multipaxos', '--rounds', '0'], /--rounds.* from 1 to 4/],
    ];
    for (const [argv, message] of cases) {
      const r = (await run(...argv));
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err.split('\n')).toHaveLength(1);
    }
  });
});
