/**
 * `agora replay FILE`: a saved trace re-executed on the machines. Every pinned
 * bug-variant trace of synod is a valid run ending in its violation (exit 1,
 * naming the step); a trace with a step removed or changed is rejected with
 * one line naming the first bad step (exit 2); a prefix in which every
 * property holds is a valid execution (exit 0).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { pinnedSynodTraces, savedTrace, tempFile, type SavedTrace } from '../helpers/saved-traces.js';

interface JsonTrace {
  format: string;
  steps: { index: number; kind: string; node: string; label: string; message?: Record<string, unknown>; sent: Record<string, unknown>[]; changes: { node: string; after: { value: unknown; context: Record<string, unknown> } }[] }[];
}

const ownValue = savedTrace('synod', { bug: 'own-value' });

/** The one-line rejection of a corrupted trace, and the step it names. */
async function rejected(doc: unknown): Promise<string> {
  const r = await runCli('replay', tempFile(JSON.stringify(doc)));
  if (r.code !== 2) throw new Error(`exit ${r.code}; out: ${r.out}; err: ${r.err}`);
  expect(r.out).toBe('');
  expect(r.err.trim().split('\n')).toHaveLength(1);
  return r.err;
}

describe('agora replay: the pinned bug-variant traces of synod', () => {
  const pinned = pinnedSynodTraces();

  it('docs/synod-traces.md pins the traces of several bug variants', () => {
    expect(pinned.map((p) => p.bug)).toEqual(expect.arrayContaining(['own-value', 'forgetful-acceptor', 'minority-quorum', 'lowest-vote']));
  });

  for (const { config, bug } of pinned) {
    it(`${bug} on ${config}: a valid run, and agreement fails after its last step (agora-trace/1 and ITF)`, async () => {
      // On synod-p3 the shortest trace takes a BFS without the partial-order reduction (over 20 s);
      // the reduction's own trace is as much a run of the bug variant, and is replayed instead.
      const saved: SavedTrace = config === 'synod-s' ? savedTrace('synod', { config, bug }) : savedTrace('synod', { config, bug }, { por: true, shortest: false });
      const n = saved.trace.steps.length;
      for (const text of [saved.json, saved.itf]) {
        const r = await runCli('replay', tempFile(text));
        expect(r.code, r.err).toBe(1);
        expect(r.err).toBe('');
        expect(r.out).toContain(`synod ${config}:`);
        expect(r.out).toContain(`bug ${bug}`);
        expect(r.out).toContain(`${n} steps, each enabled where the trace takes it`);
        expect(r.out).toContain(`✗ agreement fails in the state after step ${n} (${saved.trace.steps[n - 1]?.label})`);
      }
    }, 20_000);
  }
});

describe('agora replay: corrupted traces are rejected at the first bad step', () => {
  const doc = (): JsonTrace => JSON.parse(ownValue.json) as JsonTrace;

  it('a step removed: the first step that needed it is named', async () => {
    const t = doc();
    // Remove step 1 (p0 times out); the first later step that takes one of the messages it sent is the first bad one.
    const [removed] = t.steps.splice(0, 1);
    const sentKeys = new Set((removed?.sent ?? []).map((m) => JSON.stringify(m)));
    const firstBad = t.steps.findIndex((s) => s.message !== undefined && sentKeys.has(JSON.stringify(s.message))) + 1;
    expect(firstBad).toBeGreaterThan(0);
    const err = await rejected(t);
    expect(err).toMatch(new RegExp(`^agora: .* is not a run of synod synod-s: .*step ${firstBad} \\(deliver .*p0.*\\) is not enabled`));
  });

  it('a delivered message changed: that step is named', async () => {
    const t = doc();
    const k = t.steps.findIndex((s) => s.kind === 'deliver');
    const step = t.steps[k];
    if (step?.message === undefined) throw new Error('no delivery');
    step.message = { ...step.message, ballot: 99 };
    expect(await rejected(t)).toMatch(new RegExp(`: step ${k + 1} \\(deliver .*\\) is not enabled in the state after step ${k}: that message is not in flight`));
  });

  it('a local state after a step changed: that step is named', async () => {
    const t = doc();
    const k = t.steps.findIndex((s) => s.changes.length > 0 && s.index > 3);
    const change = t.steps[k]?.changes[0];
    if (change === undefined) throw new Error('no change');
    change.after = { ...change.after, context: { ...change.after.context, forged: true } };
    expect(await rejected(t)).toMatch(new RegExp(`step ${k + 1} \\(.*\\): the trace's state of ${change.node} after it differs`));
  });

  it('a sent message left out: that step is named', async () => {
    const t = doc();
    const k = t.steps.findIndex((s) => s.sent.length > 1);
    t.steps[k]?.sent.pop();
    expect(await rejected(t)).toMatch(new RegExp(`step ${k + 1} \\(.*\\): the trace says it sent`));
  });

  it('an ITF state removed, or a var changed: the step is named', async () => {
    const itf = JSON.parse(ownValue.itf) as { states: Record<string, unknown>[] };
    const cut = { ...itf, states: [itf.states[0], ...itf.states.slice(2)] };
    expect(await rejected(cut)).toMatch(/step \d+ \(deliver .*\) is not enabled/);
    const forged = JSON.parse(ownValue.itf) as { states: Record<string, unknown>[] };
    (forged.states[5] as Record<string, unknown>)['crashed'] = { '#set': ['a0'] };
    expect(await rejected(forged)).toMatch(/step 5 \(.*\): var crashed of the state after it differs/);
  });

  it('a trace of another configuration does not fit: the system options replace the recorded one', async () => {
    const err = (await runCli('replay', tempFile(ownValue.json), '--config', 'synod-xs'));
    expect(err.code).toBe(2);
    // synod-xs has two acceptors: p0's initial state (its configuration) is not the trace's.
    expect(err.err).toMatch(/is not a run of synod synod-xs: P=2 A=2 R=1 · network multiset: the initial state of p0 differs/);
  });
});

describe('agora replay: valid executions and bad files', () => {
  it('a prefix of a counterexample in which every property holds: exit 0', async () => {
    const t = JSON.parse(ownValue.json) as JsonTrace;
    t.steps = t.steps.slice(0, 6);
    const r = await runCli('replay', tempFile(JSON.stringify(t)));
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/6 steps, each enabled where the trace takes it\n✔ a valid execution: agreement, validity hold in all 7 states/);
    expect(r.out).toMatch(/note: the trace says agreement fails; replayed, it does not/);
  });

  it('the report of --json replays too (its embedded trace)', async () => {
    const r = await runCli('check', 'synod', '--bug', 'minority-quorum', '--json');
    expect(r.code).toBe(1);
    const replayed = await runCli('replay', tempFile(r.out));
    expect(replayed.code).toBe(1);
    expect(replayed.out).toMatch(/✗ agreement fails in the state after step \d+/);
  });

  it('the traces of agora simulate replay too (--json, --trace itf)', async () => {
    const sim = ['simulate', 'synod', '--bug', 'own-value', '--seed', '1', '--runs', '300', '--workers', '0'];
    for (const format of [['--json'], ['--trace', 'itf']]) {
      const r = await runCli(...sim, ...format);
      expect(r.code, r.err).toBe(1);
      const replayed = await runCli('replay', tempFile(r.out));
      expect(replayed.code, replayed.err).toBe(1);
      expect(replayed.out).toMatch(/^replay synod synod-s: P=2 A=3 R=1 · bug own-value · network multiset/);
      expect(replayed.out).toMatch(/✗ agreement fails in the state after step \d+/);
    }
  });

  it('a liveness lasso with a crash: the run stops, nothing decided', async () => {
    const saved = savedTrace('synod', { config: 'synod-xs', crashes: 1, crashOnly: 'p0,p1', property: 'decided' });
    expect(saved.trace.lasso).toBeDefined();
    for (const text of [saved.json, saved.itf]) {
      const r = await runCli('replay', tempFile(text));
      expect(r.code, r.err).toBe(1);
      expect(r.out).toMatch(/crashes|crash/);
      expect(r.out).toMatch(/✗ decided: the run (stops in the state after step \d+|can repeat steps \d+\.\.\d+ forever)/);
    }
  });

  for (const [what, text, message] of [
    ['not JSON', '{ nope', /is not JSON/],
    ['another document', '{"format": "something/2"}', /neither an agora-trace\/1 document .* nor an ITF trace/],
    ['ITF of another tool', '{"vars": ["x"], "states": [{"#meta": {"index": 0}, "x": true}]}', /names no Agora protocol/],
  ] as const) {
    it(`${what}: one line, exit 2`, async () => {
      const r = await runCli('replay', tempFile(text));
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    });
  }

  it('the installed binary reads the trace from stdin with -', () => {
    const bin = fileURLToPath(new URL('../../bin/agora.js', import.meta.url));
    const r = spawnSync(process.execPath, [bin, 'replay', '-'], { input: ownValue.itf, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/ITF: 18 steps, each enabled where the trace takes it\n✗ agreement fails in the state after step 18/);
  });

  it('a missing file: one line, exit 2', async () => {
    const r = await runCli('replay', '/nonexistent/trace.json');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^agora: cannot read \/nonexistent\/trace.json/);
  });
});
