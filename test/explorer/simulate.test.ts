/**
 * Random simulation (`explorer/simulate/*`, `agora simulate`):
 * - known bugs are found, and shrunk to a schedule that replays on the
 *   machines (xstate directly, `test/helpers/replay.ts`) to the violation,
 *   no longer than the walk that found it and no shorter than the shortest
 *   counterexample `check()` (BFS, independent code) finds; for
 *   minority-quorum, exactly as short;
 * - the correct protocol yields "no violation found", never "holds";
 * - a seed gives the same result: run by run, whichever runs a model
 *   instance walked before, and whatever the number of worker threads;
 * - coverage: the steps by kind add up to the steps taken; state values
 *   never reached are listed;
 * - the delta debugging itself, on plain lists;
 * - bad input: one line, exit code 2.
 * Most cases run in this thread (`workers: 0`); one runs worker threads on
 * the compiled tree (`npm test` builds it first).
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../explorer/check.js';
import { runSimulateCli } from '../../explorer/cli-simulate.js';
import type { Io } from '../../explorer/cli.js';
import { buildSpec, resolveSource } from '../../explorer/registry.js';
import { machineValuePaths } from '../../explorer/simulate/coverage.js';
import { simulateHere, type SimulationOptions, type SimulationReport } from '../../explorer/simulate/engine.js';
import { simulate } from '../../explorer/simulate/pool.js';
import { renderSimulationReport } from '../../explorer/simulate/render.js';
import { shrinkList } from '../../explorer/simulate/shrink.js';
import { synodSystem } from '../../machines/synod/system.js';
import type { SynodBug } from '../../spec/synod/bugs.js';
import { replay } from '../helpers/replay.js';

const synod = (proposers: number, acceptors: number, rounds: number, bug: SynodBug | null = null) => synodSystem({ proposers, acceptors, rounds }, bug);
const base: SimulationOptions = { seed: 20261127, runs: 5_000, maxSteps: 200 };

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (t) => out.push(t), err: (t) => err.push(t), errIsTty: false, colour: false };
  const code = await runSimulateCli(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** What two reports must share to be "the same result". */
const outcome = (r: SimulationReport) => ({ status: r.status, violation: r.violation === undefined ? undefined : { ...r.violation, trace: undefined }, trace: r.violation?.trace });

describe('known bugs are found and shrunk', () => {
  it('minority-quorum on synod-s: shrunk to the shortest counterexample (10 steps, as BFS finds)', () => {
    const spec = synod(2, 3, 1, 'minority-quorum');
    const r = simulateHere(spec, base);
    expect(r.status).toBe('violated');
    const v = r.violation!;
    expect(v.propertyName).toBe('agreement');
    expect(v.steps.length).toBeLessThanOrEqual(v.length);
    expect(v.trace.steps).toHaveLength(v.steps.length);
    const shortest = check(spec).trace!.steps.length;
    expect(shortest).toBe(10);
    expect(v.steps.length).toBe(shortest);
    // Replayed on the machines alone, the shrunk trace ends with the learner holding two values.
    const final = replay(spec, v.trace);
    expect((final['l0']?.context as { decided: string[] }).decided).toHaveLength(2);
  });

  for (const bug of ['own-value', 'forgetful-acceptor'] as const) {
    it(`${bug} on synod-xs: the shrunk trace replays, between the BFS shortest and the walk in length`, () => {
      const spec = synod(2, 2, 1, bug);
      const r = simulateHere(spec, base);
      const v = r.violation!;
      expect(v.propertyName).toBe('agreement');
      expect(v.steps.length).toBeLessThanOrEqual(v.length);
      expect(v.steps.length).toBeGreaterThanOrEqual(check(spec).trace!.steps.length);
      expect((replay(spec, v.trace)['l0']?.context as { decided: string[] }).decided).toHaveLength(2);
    });
  }

  it('a Byzantine bug (pbft weak-prepare on pbft-equivocation) is found, shrunk to the BFS shortest (6 steps), and replays', () => {
    const { source } = resolveSource('pbft', { config: 'pbft-equivocation', bug: 'weak-prepare' });
    const spec = buildSpec(source);
    const r = simulateHere(spec, base);
    const v = r.violation!;
    expect(v.propertyName).toBe('prepared-agreement');
    expect(v.steps.length).toBe(6);
    replay(spec, v.trace);
  });

  it('swarm mode finds it too, and the report gives the failing run its weights', () => {
    const r = simulateHere(synod(2, 3, 1, 'minority-quorum'), { ...base, swarm: true });
    expect(r.violation?.weights).not.toBeNull();
    expect(Object.keys(r.violation?.weights ?? {})).toContain('deliver');
  });
});

describe('the correct protocol', () => {
  it('yields no violation in some runs, and the report says it is not a proof', () => {
    const r = simulateHere(synod(2, 3, 1), { ...base, runs: 300 });
    expect(r.status).toBe('no-violation-found');
    expect(r.stoppedBy).toBe('runs');
    expect(r.stats.runs).toBe(300);
    expect(r.properties.every((p) => p.verdict === 'not violated in these runs')).toBe(true);
    const text = renderSimulationReport(r, 'synod synod-s', 'agora simulate synod');
    expect(text).toMatch(/no violation found in 300 runs/);
    expect(text).toMatch(/not a proof/);
    expect(text).not.toMatch(/holds/);
  });
});

describe('determinism', () => {
  it('the same seed gives the same result; another seed, other walks', () => {
    const spec = synod(2, 3, 2, 'lowest-vote');
    const a = simulateHere(spec, base);
    const b = simulateHere(synod(2, 3, 2, 'lowest-vote'), base);
    expect(a.status).toBe('violated');
    expect(outcome(b)).toEqual(outcome(a));
    expect(b.stats.steps).toBe(a.stats.steps);
    const c = simulateHere(spec, { ...base, seed: base.seed + 1, runs: 50 });
    expect(c.stats.steps).not.toBe(simulateHere(spec, { ...base, runs: 50 }).stats.steps);
  });

  it('a run replays alone (--run R), in a fresh model instance, to the same violation', () => {
    const spec = synod(2, 3, 2, 'lowest-vote');
    const all = simulateHere(spec, base);
    const run = all.violation!.run;
    expect(run).toBeGreaterThan(0);
    const alone = simulateHere(synod(2, 3, 2, 'lowest-vote'), { ...base, firstRun: run, runs: 1 });
    expect(outcome(alone)).toEqual(outcome(all));
    expect(alone.stats.runs).toBe(1);
  });

  it('worker threads report the lowest failing run, as one thread does; an interrupt stops them promptly', async () => {
    const { source } = resolveSource('synod', { config: 'synod-m', bug: 'lowest-vote' });
    const here = simulateHere(buildSpec(source), base);
    const pooled = await simulate(source, { ...base, workers: 2 });
    expect(pooled.workers).toBe(2);
    expect(outcome(pooled)).toEqual(outcome(here));

    const correct = resolveSource('synod', { config: 'synod-m' }).source;
    const controller = new AbortController();
    // Late enough that the workers have started and finished some runs, even on a loaded machine.
    setTimeout(() => controller.abort(), 1500);
    const started = performance.now();
    const stopped = await simulate(correct, { ...base, runs: 1e9, workers: 2, signal: controller.signal });
    expect(performance.now() - started).toBeLessThan(6_500);
    expect(stopped.stoppedBy).toBe('interrupt');
    expect(stopped.status).toBe('no-violation-found');
    expect(stopped.stats.runs).toBeGreaterThan(0);
  });
});

describe('coverage', () => {
  it('steps by kind add up to the steps taken; every correct node reached local states', () => {
    const r = simulateHere(synod(2, 3, 1), { ...base, runs: 200, faults: { lossy: true, duplicates: 1, crashes: 1 } });
    const kinds = Object.values(r.coverage.kinds).reduce((a, b) => a + b, 0);
    expect(kinds).toBe(r.stats.steps);
    for (const k of ['environment', 'deliver', 'duplicate', 'drop', 'crash'] as const) expect(r.coverage.kinds[k]).toBeGreaterThan(0);
    expect(r.coverage.kinds.byzantine).toBe(0);
    expect(r.coverage.nodes.map((n) => n.node)).toEqual(['p0', 'p1', 'a0', 'a1', 'a2', 'l0']);
    for (const n of r.coverage.nodes) expect(n.localStates).toBeGreaterThan(1);
  });

  it("lists the state values no walk reached, enumerated from each role's machine", () => {
    const spec = synod(2, 3, 1);
    const proposer = spec.nodes.find((n) => n.role === 'proposer');
    expect(machineValuePaths(proposer?.logic)).toEqual(['idle', 'preparing', 'accepting']);
    // One step per walk: a proposer can time out (preparing), never get to accepting.
    const r = simulateHere(spec, { ...base, runs: 20, maxSteps: 1 });
    const role = r.coverage.roles.find((x) => x.role === 'proposer');
    expect(role?.unreached).toEqual(['accepting']);
    expect(r.stats.maxedOut).toBe(20);
    expect(renderSimulationReport(r, '', '')).toMatch(/never reached: proposer\.accepting/);
  });
});

describe('delta debugging', () => {
  it('shrinks a list to a 1-minimal failing one, cutting at the failure', () => {
    const items = Array.from({ length: 100 }, (_, i) => i);
    // Fails once 17 and then 42 have both occurred; the failure shows at 42.
    const fails = (c: readonly number[]): number => {
      const a = c.indexOf(17);
      const b = c.indexOf(42);
      return a >= 0 && b > a ? b + 1 : -1;
    };
    const r = shrinkList(items, fails);
    expect(r.items).toEqual([17, 42]);
    expect(r.cut).toBe(false);
    expect(shrinkList(items, fails, 3).cut).toBe(true);
  });
});

describe('agora simulate', () => {
  it('exit 1, the trace as agora check prints it, and a command line that replays it', async () => {
    const r = await cli('synod', '--bug', 'minority-quorum', '--seed', '5', '--workers', '0');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/agreement\s+VIOLATED/);
    expect(r.out).toMatch(/Counterexample: agreement is violated after 10 steps/);
    const line = /replay\s+agora simulate (.*)$/m.exec(r.out)?.[1];
    expect(line).toMatch(/--seed 5 --run \d+/);
    const again = await cli(...(line as string).split(' '));
    expect(again.code).toBe(1);
    const trace = (text: string) => text.slice(text.indexOf('Counterexample:'));
    expect(trace(again.out)).toBe(trace(r.out));
  });

  it('exit 0 and "no violation found", never "holds"', async () => {
    const r = await cli('synod', '--config', 'synod-xs', '--runs', '200', '--seed', '1', '--workers', '0');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/no violation found in 200 runs/);
    expect(r.out).not.toMatch(/\bholds\b/);
  });

  it('--json carries the report and the trace in the agora-trace/1 format', async () => {
    const r = await cli('synod', '--bug', 'minority-quorum', '--seed', '5', '--workers', '0', '--json');
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out) as { status: string; seed: number; violation: { trace: { format: string; steps: unknown[] }; replay: string } };
    expect(json.status).toBe('violated');
    expect(json.seed).toBe(5);
    expect(json.violation.trace.format).toBe('agora-trace/1');
    expect(json.violation.trace.steps).toHaveLength(10);
    expect(json.violation.replay).toMatch(/--seed 5 --run/);
  });

  it.each([
    [['nope'], /unknown protocol 'nope'/],
    [['synod', '--config', 'synod-huge'], /unknown configuration 'synod-huge'/],
    [['synod', '--bug', 'nope'], /unknown bug variant 'nope'/],
    [['synod', '--property', 'liveness'], /unknown property 'liveness'/],
    [['synod', '--runs', '0'], /--runs/],
    [['synod', '--run', '3', '--runs', '5'], /--run replays one run/],
    [['synod', '--network', 'set', '--lossy'], /bad model: loss and duplication have no meaning on the set network/],
  ])('bad input %j: one line, exit 2', async (argv, message) => {
    const r = await cli(...(argv as string[]));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err.split('\n')).toHaveLength(1);
  });
});
