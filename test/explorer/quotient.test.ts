/**
 * The synod with unbounded ballots, searched as its ballot quotient
 * (`spec/synod/quotient.ts`, `explorer/quotient.ts`): FLP's dueling
 * proposers as a genuine cycle, a lone proposer that decides, the
 * normal form on a hand-computed state, and the verdicts cross-checked
 * by the naive lasso search on the quotient graph.
 */
import type { AnyMachineSnapshot } from 'xstate';
import { describe, expect, it } from 'vitest';
import { ActorModel } from '../../explorer/actor-system/actor-model.js';
import { check } from '../../explorer/check.js';
import { QuotientModel } from '../../explorer/quotient.js';
import { renderTextTrace } from '../../explorer/render/text.js';
import type { Trace } from '../../explorer/trace.js';
import { synodSystem } from '../../machines/synod/system.js';
import type { Envelope } from '../../spec/core/envelope.js';
import type { SystemView } from '../../spec/core/property.js';
import type { QuotientState, SystemSpec } from '../../spec/core/system.js';
import { normaliseSynod, synodPatientTimeout } from '../../spec/synod/quotient.js';
import type { AcceptorState, LearnerState, ProposerState } from '../../spec/synod/state.js';
import { canonicalJson, type NaiveGraph } from '../helpers/naive-explorer.js';
import { naiveViolated } from '../helpers/naive-liveness.js';
import { replay } from '../helpers/replay.js';

const flp = (): SystemSpec => synodSystem({ proposers: 2, acceptors: 1, rounds: 1, unbounded: true });
const leader = (): SystemSpec => synodSystem({ proposers: 1, acceptors: 2, rounds: 1, unbounded: true });
const decided = (v: SystemView): boolean => v.locals.some((l) => (l as LearnerState).decided?.length > 0);

describe('dueling proposers with unbounded ballots (FLP)', () => {
  const spec = flp();
  const report = check(spec, { liveness: ['decided'], fairness: 'weak' });
  const trace = report.trace as Trace;

  it('finds a genuine cycle under weak fairness, raising the ballots each time round', () => {
    expect(report.status).toBe('violated');
    expect(report.properties.find((p) => p.name === 'decided')?.verdict).toBe('violated');
    expect(report.stats.states).toBe(56);
    expect(trace.lasso?.kind).toBe('cycle');
    if (trace.lasso?.kind !== 'cycle') return;
    expect(trace.lasso.renaming).toMatch(/^every ballot in play raised by \d+$/);
    expect(trace.fairness).toBe('weak');
    expect(renderTextTrace(trace)).toMatch(/steps \d+–\d+ repeat forever/);
    // Both proposers time out inside the loop: each pre-empts the other.
    const loop = trace.steps.slice(trace.lasso.loopFrom - 1);
    expect(new Set(loop.filter((s) => s.kind === 'environment').map((s) => s.node))).toEqual(new Set(['p0', 'p1']));
  });

  it('replays on the machines, and the loop closes up to the ballot shift', () => {
    if (trace.lasso?.kind !== 'cycle') throw new Error('expected a cycle');
    const end = replay(spec, trace);
    const start = replay(spec, { ...trace, steps: trace.steps.slice(0, trace.lasso.loopFrom - 1), lasso: { kind: 'terminal' } });
    const ctx = (snaps: Record<string, AnyMachineSnapshot>, name: string): unknown => (snaps[name] as AnyMachineSnapshot).context;
    // "every ballot in play raised by d": d/P rounds of each of the P = 2 proposers.
    const d = Number(/raised by (\d+)$/.exec(trace.lasso.renaming ?? '')?.[1]);
    expect(d % 2).toBe(0);
    expect(d).toBeGreaterThan(0);
    for (const p of ['p0', 'p1']) {
      expect((ctx(end, p) as ProposerState).round).toBe((ctx(start, p) as ProposerState).round + d / 2);
      expect((end[p] as AnyMachineSnapshot).value).toEqual((start[p] as AnyMachineSnapshot).value);
    }
    const a0s = ctx(start, 'a0') as AcceptorState;
    const a0e = ctx(end, 'a0') as AcceptorState;
    expect(a0e.promised).toBe(a0s.promised + d);
    expect((ctx(end, 'l0') as LearnerState).decided).toEqual([]);
    // Nothing is decided anywhere on the run.
    expect(trace.steps.every((s) => s.changes.every((c) => c.node !== 'l0' || (c.after.context as LearnerState).decided.length === 0))).toBe(true);
  });
});

describe('one proposer with unbounded ballots', () => {
  it('decides under weak fairness (patient timers): decided holds, and nothing is renamed', () => {
    const report = check(leader(), { liveness: ['decided'], fairness: 'weak' });
    expect(report.properties.find((p) => p.name === 'decided')?.verdict).toBe('holds');
    expect(report.status).toBe('holds');
    // The same 18 states as the bounded synod-tiny: a lone patient proposer never starts a second ballot.
    expect(report.stats.states).toBe(18);
  });

  it('two proposers without fairness: no verdict is claimed beyond the counterexample', () => {
    const report = check(flp(), { liveness: ['decided'], fairness: 'none' });
    expect(report.properties.find((p) => p.name === 'decided')?.verdict).toBe('violated');
  });
});

describe('the synod normal form, by hand', () => {
  // P=2, A=2. p0 in round 3 (ballot 5), p1 in round 3 (ballot 6); a0 promised 6 and voted in ballot 2;
  // a1 promised 5. In flight: Prepare(6) to a1 (live), Prepare(4) to a0 (refused for good: 4 ≤ 6),
  // Promise(5, voted b=2) to p0 (live: p0 prepares ballot 5).
  const spec = synodSystem({ proposers: 2, acceptors: 2, rounds: 1, unbounded: true });
  const cfg = (i: number): unknown => (spec.nodes[i]?.input as object);
  const prop = (i: number, round: number, value: string): QuotientState['nodes'][number] => ({
    name: `p${i}`, role: 'proposer', value, context: { cfg: cfg(i), round, promises: [], proposal: null },
  });
  const acc = (i: number, promised: number, votedBallot: number, votedValue: string | null): QuotientState['nodes'][number] => ({
    name: `a${i}`, role: 'acceptor', value: 'serving', context: { cfg: cfg(2 + i), promised, votedBallot, votedValue },
  });
  const learner: QuotientState['nodes'][number] = {
    name: 'l0', role: 'learner', value: 'learning',
    context: { cfg: cfg(4), votes: [{ ballot: 2, value: 'v1', acceptor: 'a0' }], decided: [] },
  };
  const messages: Envelope[] = [
    { type: 'synod.prepare', from: 'p1', to: 'a1', ballot: 6 } as Envelope,
    { type: 'synod.prepare', from: 'p1', to: 'a0', ballot: 4 } as Envelope,
    { type: 'synod.promise', from: 'a0', to: 'p0', ballot: 5, votedBallot: 2, votedValue: 'v1' } as Envelope,
  ];
  const state: QuotientState = { nodes: [prop(0, 3, 'preparing'), prop(1, 3, 'preparing'), acc(0, 6, 2, 'v1'), acc(1, 5, 0, null), learner], crashed: [false, false, false, false, false], messages };

  it('drops the refused Prepare and the closed ballot\'s vote, packs old ballot 2 to 1, lowers the rest by 2', () => {
    // L = 5; the old ballots are {2} (the learner's vote of ballot 2 is dropped: ballot 2 is closed,
    // but a0 still reports it); D = 1, so L goes to the least value ≥ 2 that is odd like 5: 3. k = 1.
    const form = normaliseSynod(state);
    expect(form.renamed).toBe(true);
    expect(form.messages).toEqual([
      { type: 'synod.prepare', from: 'p1', to: 'a1', ballot: 4 },
      null,
      { type: 'synod.promise', from: 'a0', to: 'p0', ballot: 3, votedBallot: 1, votedValue: 'v1' },
    ]);
    expect((form.contexts[0] as ProposerState).round).toBe(2);
    expect((form.contexts[1] as ProposerState).round).toBe(2);
    expect(form.contexts[2]).toMatchObject({ promised: 4, votedBallot: 1, votedValue: 'v1' });
    expect(form.contexts[3]).toMatchObject({ promised: 3, votedBallot: 0 });
    expect((form.contexts[4] as LearnerState).votes).toEqual([]);
    // Idempotent.
    const again = normaliseSynod({ ...state, nodes: state.nodes.map((n, i) => ({ ...n, context: form.contexts[i] })), messages: form.messages.filter((m): m is Envelope => m !== null) });
    expect(again.renamed).toBe(false);
    expect(again.contexts).toEqual(form.contexts);
  });

  it('patient timers: a proposer waits while a live message of its ballot is in flight', () => {
    expect(synodPatientTimeout(state, 0, { type: 'TIMEOUT' })).toBe(false);
    expect(synodPatientTimeout(state, 1, { type: 'TIMEOUT' })).toBe(false);
    const quiet: QuotientState = { ...state, messages: [messages[1] as Envelope] };
    expect(synodPatientTimeout(quiet, 0, { type: 'TIMEOUT' })).toBe(true);
  });
});

/** The quotient graph, as the naive lasso search reads it: tasks named by message content. */
function quotientGraph(spec: SystemSpec): NaiveGraph {
  const sys = new ActorModel(spec, { symmetry: false, por: false });
  const qm = new QuotientModel(sys, spec.quotient as NonNullable<SystemSpec['quotient']>);
  const keyOf = (v: Int32Array): string => {
    const { msgsAt } = sys.layout;
    return `${Array.from(v.subarray(0, msgsAt)).join(',')}|${Array.from(v.subarray(msgsAt)).sort((a, b) => a - b).join(',')}`;
  };
  const keys: string[] = [];
  const index = new Map<string, number>();
  const states: Int32Array[] = [];
  const add = (v: Int32Array): number => {
    const k = keyOf(v);
    let i = index.get(k);
    if (i === undefined) {
      i = keys.length;
      index.set(k, i);
      keys.push(k);
      states.push(v);
    }
    return i;
  };
  add(qm.initialStates()[0] as Int32Array);
  const succ: { to: number; task: string }[][] = [];
  for (let s = 0; s < states.length; s++) {
    const out: { to: number; task: string }[] = [];
    qm.expand(states[s] as Int32Array, {
      offer: () => true,
      accept: (v, len, kind, slot, arg) => {
        const to = add(v.slice(0, len));
        // StepKind: 0 environment, 1 deliver (synod has no faults here).
        const task = kind === 0 ? `env ${spec.nodes[slot]?.name}` : `deliver ${canonicalJson(sys.interner.messages[arg])}`;
        out.push({ to, task });
      },
    });
    succ.push(out);
  }
  const views = states.map((v): SystemView => ({
    locals: spec.nodes.map((_, i) => sys.interner.locals[v[i] as number]?.context),
    crashed: spec.nodes.map(() => false),
    messages: () => [],
  }));
  return { keys, succ, views };
}

describe('cross-check with the naive lasso search on the quotient graph', () => {
  it('agrees: violated with two proposers (weak and none), holds with one', () => {
    const two = quotientGraph(flp());
    expect(two.keys.length).toBe(56);
    expect(naiveViolated(two, 'weak', decided)).toBe(true);
    expect(naiveViolated(two, 'none', decided)).toBe(true);
    const one = quotientGraph(leader());
    expect(one.keys.length).toBe(18);
    expect(naiveViolated(one, 'weak', decided)).toBe(false);
  });
});
