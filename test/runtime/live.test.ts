/**
 * The live runner (`runtime/live.ts`) on the synod: the same machines the
 * explorer checks, run as xstate actors over a seeded in-memory transport.
 */
import { describe, expect, it } from 'vitest';
import { InMemoryTransport, runLive, seededRandom, type LiveResult } from '../../runtime/live.js';
import { synodSystem } from '../../machines/synod/system.js';
import type { Envelope } from '../../spec/core/envelope.js';
import type { SystemSpec } from '../../spec/core/system.js';
import type { LearnerState, ProposerState } from '../../spec/synod/state.js';

const params = { proposers: 2, acceptors: 3, rounds: 2, lossy: false };
const SEEDS = [1, 2, 3, 7, 42, 1234, 99991, 2026];

function learnerOf(spec: SystemSpec, contexts: readonly unknown[]): LearnerState {
  const i = spec.nodes.findIndex((n) => n.role === 'learner');
  return contexts[i] as LearnerState;
}

function decidedSomething(spec: SystemSpec) {
  return (contexts: readonly unknown[]): boolean => learnerOf(spec, contexts).decided.length > 0;
}

function proposedValues(spec: SystemSpec): string[] {
  return spec.nodes.filter((n) => n.role === 'proposer').map((n) => (n.input as ProposerState['cfg']).value);
}

describe('runLive on the synod (P=2, A=3, R=2)', () => {
  const spec = synodSystem(params);

  it.each(SEEDS)('seed %i: the learner decides exactly one proposed value', (seed) => {
    const r = runLive(spec, { seed, maxSteps: 10_000, until: decidedSomething(spec) });
    expect(r.status).toBe('until');
    expect(r.violated).toBeNull();
    const { decided } = learnerOf(spec, r.contexts);
    expect(decided).toHaveLength(1); // decided, and agreement: at most one value
    expect(proposedValues(spec)).toContain(decided[0]); // validity
    expect(r.seed).toBe(seed);
    expect(r.steps).toBe(r.delivered + r.injected);
    expect(r.steps).toBe(r.trace.length);
    // A decision needs a Timeout, a quorum of Prepare/Promise and of Accept/Accepted: at least 1 + 2*2 + 2*2 steps.
    expect(r.injected).toBeGreaterThanOrEqual(1);
    expect(r.delivered).toBeGreaterThanOrEqual(8);
  });

  it.each(SEEDS)('seed %i: run to quiescence, every proposer used its rounds and agreement still holds', (seed) => {
    const r = runLive(spec, { seed, maxSteps: 10_000 });
    expect(r.status).toBe('quiescent');
    expect(r.violated).toBeNull();
    expect(r.inFlight).toEqual([]);
    const { decided } = learnerOf(spec, r.contexts);
    expect(decided).toHaveLength(1);
    for (const [i, n] of spec.nodes.entries()) {
      if (n.role === 'proposer') expect((r.contexts[i] as ProposerState).round).toBe(params.rounds);
    }
  });

  it('a fixed seed reproduces the same run; another seed gives another run', () => {
    const run = (seed: number): LiveResult => runLive(spec, { seed, maxSteps: 10_000, until: decidedSomething(spec) });
    const a = run(42);
    const b = run(42);
    expect(b).toEqual(a);
    expect(b.trace.length).toBeGreaterThan(0);
    const others = [1, 2, 3, 4, 5].map((s) => run(s).trace);
    expect(others.some((t) => JSON.stringify(t) !== JSON.stringify(a.trace))).toBe(true);
  });

  it('different seeds take different first steps', () => {
    const firstSteps = new Set(SEEDS.map((seed) => JSON.stringify(runLive(spec, { seed, maxSteps: 3 }).trace)));
    expect(firstSteps.size).toBeGreaterThan(1);
  });

  it('stops at maxSteps and says so', () => {
    const r = runLive(spec, { seed: 5, maxSteps: 4 });
    expect(r.status).toBe('max-steps');
    expect(r.steps).toBe(4);
  });

  it('with environmentRate 0 a timeout fires only when no message is in flight', () => {
    const r = runLive(spec, { seed: 9, maxSteps: 10_000, environmentRate: 0 });
    expect(r.status).toBe('quiescent');
    const timeouts = r.trace.flatMap((s, k) => (s.kind === 'environment' ? [k] : []));
    expect(timeouts.length).toBe(params.proposers * params.rounds);
    for (const k of timeouts) {
      // A run cut after k steps is the same run's prefix (same seed): nothing was in flight then.
      const prefix = runLive(spec, { seed: 9, maxSteps: k, environmentRate: 0 });
      expect(prefix.trace).toEqual(r.trace.slice(0, k));
      expect(prefix.inFlight).toEqual([]);
    }
  });

  it('finds the agreement violation of the minority-quorum bug on some seed', () => {
    const buggy = synodSystem({ ...params, rounds: 1 }, 'minority-quorum');
    const results = Array.from({ length: 30 }, (_, seed) => runLive(buggy, { seed, maxSteps: 10_000 }));
    const bad = results.filter((r) => r.status === 'violation');
    expect(bad.length).toBeGreaterThan(0);
    expect(bad[0]?.violated).toBe('agreement');
    expect(learnerOf(buggy, bad[0]?.contexts ?? []).decided).toHaveLength(2);
  });

  it('rejects a bad seed or step bound', () => {
    expect(() => runLive(spec, { seed: 1.5, maxSteps: 10 })).toThrow(RangeError);
    expect(() => runLive(spec, { seed: 1, maxSteps: -1 })).toThrow(RangeError);
    expect(() => runLive(spec, { seed: 1, maxSteps: 1, environmentRate: 2 })).toThrow(RangeError);
  });
});

describe('seededRandom and InMemoryTransport', () => {
  it('the PRNG is deterministic per seed, in [0, 1), and differs across seeds', () => {
    const draw = (seed: number): number[] => {
      const r = seededRandom(seed);
      return Array.from({ length: 1000 }, () => r());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    expect(draw(7).every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = draw(3).reduce((s, x) => s + x, 0) / 1000;
    expect(mean).toBeGreaterThan(0.4);
    expect(mean).toBeLessThan(0.6);
  });

  it('the transport delivers every message exactly once, in a seed-dependent order', () => {
    const msgs: Envelope[] = Array.from({ length: 20 }, (_, i) => ({ type: 'm', from: 'x', to: `n${i}` }));
    const drain = (seed: number): string[] => {
      const t = new InMemoryTransport(seededRandom(seed));
      for (const m of msgs) t.enqueue(m);
      const out: string[] = [];
      for (let m = t.take(); m !== undefined; m = t.take()) out.push(m.to);
      expect(t.size).toBe(0);
      return out;
    };
    expect([...drain(1)].sort()).toEqual(msgs.map((m) => m.to).sort());
    expect(drain(1)).toEqual(drain(1));
    expect(drain(1)).not.toEqual(drain(2));
    expect(drain(1)).not.toEqual(msgs.map((m) => m.to));
  });
});
