/**
 * End-to-end checks of the PBFT model (Castro & Liskov, OSDI 1999, §4):
 * - the fast explorer agrees with the naive reference explorer on small
 *   clusters with Byzantine replicas (the adversary's steps included; the
 *   slowest case in test/long/naive-crosschecks.long.ts);
 * - n = 3f + 1 holds against the full adversary; below the bound (n = 3 with
 *   f = 1, and n = 4 with 2 faulty replicas) the explorer finds an agreement
 *   violation, whose shortest trace replays on the machines;
 * - each bug variant is caught with a shortest counterexample.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../explorer/check.js';
import type { Trace } from '../../explorer/trace.js';
import { pbftSystem } from '../../machines/pbft/system.js';
import type { PbftAdversary } from '../../spec/pbft/adversary.js';
import type { PbftBug } from '../../spec/pbft/bugs.js';
import type { PbftSizes } from '../../spec/pbft/configs.js';
import type { SystemSpec } from '../../spec/core/system.js';
import { expectSameAsNaive } from '../helpers/agree.js';
import { PBFT_NAIVE_CASES, pbftSizes } from '../helpers/naive-cases.js';
import { naiveExplore } from '../helpers/naive-explorer.js';
import { replay } from '../helpers/replay.js';

const NONE = { lossy: false, duplicates: 0, crashes: 0 };
/** n = 4, f = 1, r3 Byzantine, one request, view 0 only. */
const sizes = pbftSizes;
/** The Byzantine primary r0 and one client issuing two commands: the smallest equivocation. */
const equivocation = (over: Partial<PbftSizes> = {}) => sizes({ commands: 2, faultyPrimary: true, ...over });
const system = (s: PbftSizes, adversary: PbftAdversary = 'full', bug: PbftBug | null = null) => pbftSystem(s, { adversary, bug });
/** The system checking only `property` (the explorer would otherwise report the first property violated on the way). */
const only = (spec: SystemSpec, property: string): SystemSpec => {
  const { history: _h, ...rest } = spec;
  return { ...rest, properties: spec.properties.filter((p) => p.name === property) };
};

describe('fast explorer = naive reference explorer, with Byzantine replicas', () => {
  // The slow cases (n=4 with a view change) run in test/long/naive-crosschecks.long.ts.
  for (const c of PBFT_NAIVE_CASES.filter((x) => !x.long)) {
    it(c.name, () => expectSameAsNaive(c.spec(), c.faults, c.maxStates));
  }
});

describe('the 3f+1 bound', () => {
  it('n = 4, f = 1 holds against the full adversary', () => {
    const r = check(system(sizes()));
    expect(r.status).toBe('holds');
    expect(r.byzantine?.nodes).toEqual(['r3']);
  });

  it('n = 3 with f = 1 (n = 3f): two correct replicas commit different requests at one sequence number', () => {
    const spec = only(system(equivocation({ replicas: 3 })), 'agreement');
    const r = check(spec);
    expect(r.status).toBe('violated');
    const trace = r.trace as Trace;
    expect(trace.steps).toHaveLength(10);
    expect(trace.steps.some((s) => s.kind === 'byzantine')).toBe(true);
    const final = replay(spec, trace);
    const seq1 = ['r1', 'r2'].map((r) => (final[r]?.context as { committed: { seq: number; request: { id: string } }[] }).committed.find((c) => c.seq === 1)?.request.id);
    expect(seq1[0]).toBeDefined();
    expect(seq1[1]).toBeDefined();
    expect(seq1[0]).not.toBe(seq1[1]);
    expect(naiveExplore(spec, NONE, { stopAtViolation: true }).violation).toEqual({ property: 'agreement', depth: 10 });
  });

  it('n = 4 with 2 Byzantine replicas (f = 2): agreement is violated too', () => {
    const r = check(only(system(equivocation({ faulty: 2, f: 2 })), 'agreement'));
    expect(r.status).toBe('violated');
    expect(r.trace?.steps).toHaveLength(11);
  });
});

describe('bug variants are caught with a shortest counterexample', () => {
  it('weak-prepare: two correct replicas prepared for different requests in one view', () => {
    const spec = system(equivocation(), 'full', 'weak-prepare');
    const r = check(spec);
    expect(r.status).toBe('violated');
    expect(r.properties.find((p) => p.verdict === 'violated')?.name).toBe('prepared-agreement');
    expect(r.trace?.steps).toHaveLength(12);
    replay(spec, r.trace as Trace);
    // Without the bug this configuration holds (13.8 million states: a benchmark row, not a test).
  });

  it('no-viewchange-certificates: a request committed in view 0 is replaced by the null request in view 1', () => {
    const spec = system(sizes({ views: 2 }), 'silent', 'no-viewchange-certificates');
    const r = check(spec);
    expect(r.status).toBe('violated');
    expect(r.properties.find((p) => p.verdict === 'violated')?.name).toBe('agreement');
    expect(r.trace?.steps).toHaveLength(28);
    expect(r.trace?.steps.some((s) => s.kind === 'environment' && s.event?.type === 'TIMEOUT')).toBe(true);
    replay(spec, r.trace as Trace);
    expect(check(system(sizes({ views: 2 }), 'silent')).status).toBe('holds');
  });

  it('client-one-reply: the client accepts a Byzantine replica\'s made-up result', () => {
    const spec = system(sizes(), 'full', 'client-one-reply');
    const r = check(spec);
    expect(r.status).toBe('violated');
    expect(r.properties.find((p) => p.verdict === 'violated')?.name).toBe('client-accepts-correct');
    const trace = r.trace as Trace;
    expect(trace.steps.map((s) => s.kind)).toEqual(['environment', 'byzantine']);
    replay(spec, trace);
  });
});
