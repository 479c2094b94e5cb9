/**
 * `check()` for liveness: explores the whole graph (`search/graph.ts`),
 * checks the selected invariants on the way, then each liveness property on
 * the graph (`liveness.ts`) under its fairness assumption, and the deadlock
 * check on its terminal states. Counterexamples are lassos, rebuilt by
 * replay like safety traces and checked again after the replay: the loop
 * must come back to the state it left, a terminal state must have no step.
 *
 * Reductions: the partial-order reduction is off (its persistent sets keep
 * reachability, not the cycles and fairness of every run), and so is symmetry
 * (a cycle of orbits need not be a cycle of concrete states, and fairness
 * names concrete messages and nodes); the report says so.
 *
 * A system that declares a quotient (`SystemSpec.quotient`: the synod with
 * unbounded ballots) is searched as its quotient (`quotient.ts`); its traces
 * are lifted to runs of the machines, and a "holds" is claimed only if no
 * state was renamed (docs/impossibility.md, "Unbounded ballots").
 */
import type { Fairness, SystemView, TemporalProperty } from '../spec/core/property.js';
import type { SystemSpec } from '../spec/core/system.js';
import { ActorModel } from './actor-system/actor-model.js';
import { NO_FAULTS } from './actor-system/faults.js';
import { DEADLOCK_PROPERTY, checkedProperties, finalTest, reportOf, withExtras, witnessProperties, type CheckOptions, type CheckReport, type Verdict } from './check.js';
import { findLasso, type Lasso } from './liveness.js';
import { PropertyChecker } from './properties.js';
import { QuotientModel, liftLasso, liftSteps } from './quotient.js';
import { exploreGraph } from './search/graph.js';
import { StateStore } from './state-store.js';
import { buildTrace, buildTraceFromSteps, chainTo, replaySteps, type Trace } from './trace.js';
import { WitnessTracker, asProperty, withWitnesses } from './witnesses.js';

/** Label bit of state "final" (the deadlock check); bits 2p and 2p+1 are property p's goal and trigger. */
const FINAL_BIT = 1 << 30;
/** At most this many liveness properties in one run (two label bits each). */
const MAX_LIVENESS = 15;

/** The fairness a property is checked under: the run's, else its own, else weak. */
export function fairnessOf(p: TemporalProperty<SystemView>, options: CheckOptions): Fairness {
  return options.fairness ?? p.fairness ?? 'weak';
}

export function checkLiveness(spec: SystemSpec, options: CheckOptions, live: readonly TemporalProperty<SystemView>[]): CheckReport {
  if (live.length > MAX_LIVENESS) throw new RangeError(`at most ${MAX_LIVENESS} liveness properties in one run`);
  const faults = options.faults ?? NO_FAULTS;
  const props = checkedProperties(spec);
  const witnesses = options.witnesses === true ? witnessProperties(spec) : [];
  const sys = new ActorModel(spec, {
    faults,
    properties: props,
    ...(options.network !== undefined ? { network: options.network } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    symmetry: false,
    por: false,
  });
  const notes: string[] = [];
  if (options.por === true) notes.push('partial-order reduction off for liveness: it keeps the reachable states, not every cycle and its fairness');
  if (options.symmetry === true) notes.push('symmetry off for liveness: a cycle of orbits need not be a cycle of states, and fairness names concrete messages and nodes');
  if ((options.strategy ?? 'bfs') === 'dfs') notes.push('liveness uses its own breadth-first search of the whole graph (--strategy dfs ignored)');
  const store = new StateStore(1024, true);
  const isFinal = options.deadlock === true ? finalTest(spec, sys) : undefined;
  // Per liveness property, a checker whose "violation" is the goal (or trigger) holding.
  const goalCheckers = live.map((p) => new PropertyChecker(sys.interner, sys.layout, [asProperty(p, (v) => !p.goal(v))]));
  const triggerCheckers = live.map((p) => {
    const trigger = p.trigger;
    return trigger === undefined ? null : new PropertyChecker(sys.interner, sys.layout, [asProperty(p, (v) => !trigger(v))]);
  });
  const label = (state: Int32Array): number => {
    let bits = 0;
    for (let p = 0; p < live.length; p++) {
      if ((goalCheckers[p] as PropertyChecker).firstViolated(state) === 0) bits |= 1 << (2 * p);
      if (triggerCheckers[p]?.firstViolated(state) === 0) bits |= 1 << (2 * p + 1);
    }
    if (isFinal?.(state) === true) bits |= FINAL_BIT;
    return bits;
  };
  const tracker = witnesses.length > 0 ? new WitnessTracker(sys, store, witnesses) : undefined;
  const quotient = spec.quotient !== undefined ? new QuotientModel(sys, spec.quotient) : undefined;
  const searched0 = quotient ?? sys;
  const model = tracker !== undefined ? withWitnesses(searched0, tracker) : searched0;
  /** Rebuilds the trace of the path to graph state `index`: lifted from the quotient when there is one. */
  const pathTrace = (index: number, property: string, violates: (final: Int32Array) => boolean): Trace => {
    if (quotient === undefined) return buildTrace(sys, store, index, property, violates);
    const run = liftSteps(quotient, chainTo(store, index).slice(1).map((i) => store.stepOf(i)));
    return buildTraceFromSteps(sys, run.steps, property, (final) => violates(quotient.normalise(final).vec));
  };
  const searchOptions = {
    limits: options.limits ?? {},
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.stopWord !== undefined ? { stopWord: options.stopWord } : {}),
  };
  const { outcome: searched, graph } = exploreGraph(model, store, searchOptions, label);
  const complete = searched.status === 'ok';
  const t0 = performance.now();

  // Liveness verdicts, on the complete graph only.
  const verdicts: Verdict[] = live.map(() => 'unknown');
  let trace: Trace | undefined;
  if (searched.violation !== undefined && !options.noTrace) {
    const v = searched.violation;
    trace = pathTrace(v.state, props[v.property]?.name ?? '?', (final) => sys.check(final) === v.property);
  }
  let firstViolated = -1;
  if (complete) {
    for (let p = 0; p < live.length; p++) {
      const prop = live[p] as TemporalProperty<SystemView>;
      const goalBit = 1 << (2 * p);
      const triggerBit = 1 << (2 * p + 1);
      const fairness = fairnessOf(prop, options);
      const lasso = findLasso(graph, store, {
        goal: (s) => ((graph.labels[s] as number) & goalBit) !== 0,
        ...(prop.kind === 'leads-to' ? { trigger: (s: number) => ((graph.labels[s] as number) & triggerBit) !== 0 } : {}),
        fairness,
        initialStates: 1,
      });
      // On a quotient that renamed states, a fair cycle of the system may have no fair cycle in the quotient.
      verdicts[p] = lasso !== null ? 'violated' : quotient !== undefined && quotient.renamedStates > 0 ? 'unknown' : 'holds';
      if (lasso !== null && firstViolated < 0) {
        firstViolated = p;
        if (!options.noTrace) trace = quotient !== undefined ? quotientLassoTrace(quotient, prop.name, lasso, fairness) : lassoTrace(sys, prop.name, lasso, fairness);
      }
    }
  }
  // Deadlock: the first state (BFS order) with no step that is not final.
  let deadlock: Verdict | 'not declared' | 'off' = options.deadlock === true ? (isFinal === undefined ? 'not declared' : 'unknown') : 'off';
  if (complete && isFinal !== undefined) {
    deadlock = 'holds';
    for (let s = 0; s < graph.size; s++) {
      if (graph.edgeStart[s] === graph.edgeStart[s + 1] && ((graph.labels[s] as number) & FINAL_BIT) === 0) {
        deadlock = 'violated';
        if (firstViolated < 0 && !options.noTrace) {
          trace = { ...pathTrace(s, DEADLOCK_PROPERTY.name, (final) => !isFinal(final)), lasso: { kind: 'terminal' } };
        }
        break;
      }
    }
  }
  if (quotient !== undefined) {
    notes.push(`searched as a quotient: ${quotient.quotient.why}; traces are lifted to runs of the machines`);
    if (quotient.restricted > 0) notes.push(`${quotient.restricted} environment steps left out by the model's restriction (e.g. patient timers)`);
    if (quotient.pruned > 0) notes.push(`${quotient.pruned} successors outside the model's state constraint not explored: a "holds" covers only the runs inside it`);
    if (quotient.renamedStates > 0 && verdicts.includes('unknown')) {
      notes.push('no fair cycle in the quotient, but states were renamed: a fair run of the system need not show as a fair cycle of the quotient, so no verdict is claimed');
    }
  }
  const seconds = searched.seconds + (performance.now() - t0) / 1000;
  const anyViolated = searched.violation !== undefined || verdicts.includes('violated') || deadlock === 'violated';
  const outcome = { ...searched, seconds, status: anyViolated ? ('violation' as const) : searched.status };
  const base = reportOf(spec, sys, 'bfs', outcome, {
    por: options.por === true ? { active: false, off: 'liveness needs every interleaving', reduced: 0, full: 0 } : null,
    shortest: false,
    storeBytes: store.bytes + graph.bytes,
    memo: { lookups: sys.memo.lookups, misses: sys.memo.misses, localStates: sys.interner.localCount, messages: sys.interner.messageCount },
    learned: sys.adversary.learnedIds.size,
    ...(trace !== undefined ? { trace } : {}),
  });
  // reportOf marks invariants; the liveness lines follow them.
  const safetyVerdict = (i: number): Verdict => (searched.violation?.property === i ? 'violated' : complete ? 'holds' : 'unknown');
  const report: CheckReport = {
    ...base,
    properties: [
      ...base.properties.map((p, i) => ({ ...p, verdict: safetyVerdict(i) })),
      ...live.map((p, i) => ({ name: p.name, description: p.description, verdict: verdicts[i] as Verdict, kind: p.kind === 'leads-to' ? ('leads-to' as const) : ('eventually' as const), fairness: fairnessOf(p, options) })),
    ],
  };
  return withExtras(report, { deadlock, ...(tracker !== undefined ? { witnesses: tracker.results(complete) } : {}), notes });
}

/**
 * The readable trace of a lasso, replayed on the machines; the replay must
 * close the loop (or end in a state with no step), else it is an internal error.
 */
export function lassoTrace(sys: ActorModel, property: string, lasso: Lasso, fairness: Fairness): Trace {
  const all = [...lasso.prefix, ...lasso.loop];
  const { initial, steps } = replaySteps(sys, all);
  const stateAfter = (k: number): Int32Array => (k === 0 ? initial : (steps[k - 1]?.state as Int32Array));
  const last = stateAfter(all.length);
  if (lasso.kind === 'cycle') {
    const start = stateAfter(lasso.prefix.length);
    if (lasso.loop.length === 0 || !sameVector(start, last)) throw new Error(`internal error: the loop of the ${property} counterexample does not close`);
  } else {
    let enabled = 0;
    sys.expanderWith(false, null).expand(last, { offer: () => ((enabled++), false), accept: () => undefined });
    if (enabled > 0) throw new Error(`internal error: the ${property} counterexample does not end in a state without steps`);
  }
  const trace = buildTraceFromSteps(sys, all, property);
  return {
    ...trace,
    lasso: lasso.kind === 'cycle' ? { kind: 'cycle', loopFrom: lasso.prefix.length + 1 } : { kind: 'terminal' },
    fairness,
  };
}

/** The readable trace of a quotient's lasso, lifted to a run of the machines (`quotient.ts`). */
export function quotientLassoTrace(qm: QuotientModel, property: string, lasso: Lasso, fairness: Fairness): Trace {
  const lifted = liftLasso(qm, lasso);
  const trace = buildTraceFromSteps(qm.sys, lifted.steps, property);
  return {
    ...trace,
    lasso: lasso.kind === 'cycle' ? { kind: 'cycle', loopFrom: lifted.loopFrom, renaming: lifted.renaming } : { kind: 'terminal' },
    fairness,
  };
}

function sameVector(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) {
    // Vectors may carry unused capacity only in buffers; replayed states are exact.
    return false;
  }
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
