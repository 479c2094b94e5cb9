/**
 * Partial-order reduction is sound for the invariants it checks: on randomly
 * generated small actor systems (random topology, random local behaviour that
 * only sends along the topology, random faults and network) and random
 * invariants over a node or two, the reduced search gives the same verdict as
 * the full search, and a counterexample it finds replays on the unreduced model
 * (`buildTrace` re-checks the final state of every trace it rebuilds).
 * A deliberately unsound variant (the topology declared without one of the
 * edges the machines use) is refused as a bad model rather than trusted.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { enqueueActions, setup } from 'xstate';
import { check } from '../../explorer/check.js';
import { always } from '../../spec/core/property.js';
import type { NetworkKind, SystemSpec } from '../../spec/core/system.js';

type Msg = { type: 'm'; from: string; to: string; v: number };
/** What a node does in one local state on one input: its next state and what it sends (receiver index, value). */
type Effect = { next: number; sends: [number, number][] } | null;
interface Table {
  readonly self: string;
  readonly names: readonly string[];
  /** onMsg[state][value]; null: the message is refused (consumed, nothing changes). */
  readonly onMsg: readonly (readonly Effect[])[];
  /** onTick[state]; null: the TICK is not enabled. */
  readonly onTick: readonly Effect[];
}

const randomMachine = setup({
  types: {
    context: {} as { s: number; t: Table },
    events: {} as Msg | { type: 'TICK' },
    input: {} as Table,
    emitted: {} as { type: 'send'; msg: Msg },
  },
  guards: {
    handles: ({ context, event }) => (event.type === 'm' ? context.t.onMsg[context.s]?.[event.v] : context.t.onTick[context.s]) != null,
  },
  actions: {
    apply: enqueueActions(({ context, event, enqueue }) => {
      const effect = (event.type === 'm' ? context.t.onMsg[context.s]?.[event.v] : context.t.onTick[context.s]) as NonNullable<Effect>;
      enqueue.assign({ s: effect.next });
      for (const [to, v] of effect.sends) enqueue.emit({ type: 'send', msg: { type: 'm', from: context.t.self, to: context.t.names[to] as string, v } });
    }),
  },
}).createMachine({
  id: 'random',
  context: ({ input }) => ({ s: 0, t: input }),
  on: {
    m: { guard: 'handles', actions: 'apply' },
    TICK: { guard: 'handles', actions: 'apply' },
  },
});

const STATES = 3;

/** A random system: n nodes, a topology, behaviour that only moves a node's state upward (so every run ends). */
const systemArb = fc.integer({ min: 2, max: 4 }).chain((n) =>
  fc
    .record({
      // Percentiles: an edge i -> j exists below 55 when i < j and below 15 when i > j (mostly "downstream", so
      // that some sets of nodes are closed under their senders and the reduction has something to do).
      edges: fc.array(fc.array(fc.nat(99), { minLength: n, maxLength: n }), { minLength: n, maxLength: n }),
      effects: fc.array(fc.array(fc.tuple(fc.nat(2), fc.nat(), fc.nat(), fc.nat(3)), { minLength: STATES * 3, maxLength: STATES * 3 }), { minLength: n, maxLength: n }),
      watched: fc.tuple(fc.nat(n - 1), fc.nat(STATES - 1), fc.nat(n - 1), fc.nat(STATES - 1), fc.boolean()),
    })
    .map(({ edges, effects, watched }) => ({ n, edges, effects, watched })),
);

function buildSystem(r: { n: number; edges: number[][]; effects: [number, number, number, number][][]; watched: [number, number, number, number, boolean] }, dropEdge = false): SystemSpec {
  const names = Array.from({ length: r.n }, (_, i) => `n${i}`);
  const targets = r.edges.map((row, i) => row.map((e, j) => (j !== i && e < (i < j ? 55 : 15) ? j : -1)).filter((j) => j >= 0));
  const tables: Table[] = names.map((self, i) => {
    const mine = r.effects[i] as [number, number, number, number][];
    const out = targets[i] as number[];
    const effect = (k: number, s: number): Effect => {
      const [step, a, b, on] = mine[k] as [number, number, number, number];
      if (on === 0 || s + 1 + step >= STATES + 1) return null;
      const next = Math.min(STATES - 1, s + 1 + step);
      if (next <= s) return null;
      const sends: [number, number][] = out.length === 0 ? [] : [[out[a % out.length] as number, b % 2]];
      if (out.length > 1 && a % 3 === 0) sends.push([out[(a + 1) % out.length] as number, (b + 1) % 2]);
      return { next, sends };
    };
    return {
      self,
      names,
      onMsg: Array.from({ length: STATES }, (_, s) => [effect(s * 3, s), effect(s * 3 + 1, s)]),
      onTick: Array.from({ length: STATES }, (_, s) => (s === 0 ? effect(s * 3 + 2, s) : null)),
    };
  });
  const [i, fi, j, fj, pair] = r.watched;
  const topology: Record<string, string[]> = {};
  names.forEach((name, k) => (topology[name] = (targets[k] as number[]).map((t) => names[t] as string)));
  if (dropEdge) {
    const from = names.findIndex((_, k) => (targets[k] as number[]).length > 0);
    if (from >= 0) topology[names[from] as string] = [];
  }
  const state = (view: { locals: readonly unknown[] }, k: number): number => (view.locals[k] as { s: number }).s;
  return {
    protocol: 'random',
    nodes: names.map((name, k) => ({ name, role: name, logic: randomMachine, input: tables[k] as Table, environment: [{ type: 'TICK' }] })),
    properties: [
      pair
        ? always('not-both', `not (n${i} in ${fi} and n${j} in ${fj})`, (v) => !(state(v, i) === fi && state(v, j) === fj), [...new Set([i, j])])
        : always('never', `n${i} never in ${fi}`, (v) => state(v, i) !== fi, [i]),
    ],
    topology,
    describeMessage: (m) => `${m.type}${(m as Msg).v}`,
  };
}

// Mostly without the budgets (a state with duplication or crash budget left is expanded in full).
const faultsArb = fc.record({ lossy: fc.boolean(), duplicates: fc.constantFrom(0, 0, 0, 1), crashes: fc.constantFrom(0, 0, 0, 1) });
const networkArb = fc.constantFrom<NetworkKind>('multiset', 'fifo', 'set');

describe('partial-order reduction on random actor systems', () => {
  it('gives the verdict of the full search, and its counterexamples replay', () => {
    let reducedSomewhere = 0;
    let violations = 0;
    fc.assert(
      fc.property(systemArb, faultsArb, networkArb, (r, faults, network) => {
        const spec = buildSystem(r);
        const f = network === 'set' ? { lossy: false, duplicates: 0, crashes: faults.crashes } : faults;
        const full = check(spec, { faults: f, network });
        const reduced = check(spec, { faults: f, network, por: true });
        expect(reduced.status).toBe(full.status);
        if (full.status === 'holds') expect(reduced.stats.states).toBeLessThanOrEqual(full.stats.states);
        if (full.status === 'violated') {
          violations++;
          expect(reduced.trace?.property).toBe(full.trace?.property);
          // BFS without the reduction is shortest; the reduced trace may be longer, never shorter.
          expect(reduced.trace?.steps.length ?? 0).toBeGreaterThanOrEqual(full.trace?.steps.length ?? 0);
          const shortest = check(spec, { faults: f, network, por: true, shortest: true });
          expect(shortest.trace?.steps.length).toBe(full.trace?.steps.length);
          expect(shortest.reductions.shortest).toBe(true);
        }
        if ((reduced.reductions.por?.reduced ?? 0) > 0) reducedSomewhere++;
      }),
      { numRuns: 400, seed: 20261129 },
    );
    // The property is not vacuous: the reduction acted, and both verdicts occurred.
    expect(reducedSomewhere).toBeGreaterThan(50);
    expect(violations).toBeGreaterThan(20);
  });

  it('a message outside the declared topology is a bad model, not a silently unsound reduction', () => {
    fc.assert(
      fc.property(systemArb, (r) => {
        const spec = buildSystem(r, true);
        try {
          check(spec, { por: true });
        } catch (e) {
          expect(String(e)).toMatch(/outside the topology/);
        }
      }),
      { numRuns: 50, seed: 7 },
    );
  });
});
