/**
 * Options in, report out: compiles a system, runs the chosen search, checks
 * the properties and rebuilds the counterexample. It prints nothing; the CLI
 * and the renderers decide how a report looks.
 */
import { isLiveness, type Fairness, type Property, type SystemView, type TemporalProperty } from '../spec/core/property.js';
import type { NetworkKind, SystemSpec } from '../spec/core/system.js';
import { ActorModel } from './actor-system/actor-model.js';
import { NO_FAULTS, type FaultOptions } from './actor-system/faults.js';
import { collisionOdds } from './encode.js';
import { linearizabilityProperty } from './linearizability.js';
import { checkLiveness } from './check-liveness.js';
import { PropertyChecker } from './properties.js';
import { bfs } from './search/bfs.js';
import { dfs } from './search/dfs.js';
import { DEADLOCK, type LimitName, type SearchLimits, type SearchOutcome, type SearchProgress } from './search/limits.js';
import { StateStore } from './state-store.js';
import { buildTrace, type Trace } from './trace.js';
import { WitnessTracker, asProperty, withWitnesses, type WitnessResult } from './witnesses.js';

export type Strategy = 'bfs' | 'dfs';

export interface CheckOptions {
  readonly faults?: FaultOptions;
  readonly strategy?: Strategy;
  readonly limits?: SearchLimits;
  readonly onProgress?: (p: SearchProgress) => void;
  /** Seed of the fingerprint keys (default fixed: runs are reproducible). */
  readonly seed?: number;
  /** Skip rebuilding the counterexample trace (benchmarks). */
  readonly noTrace?: boolean;
  /** The network semantics; default the protocol's (`SystemSpec.network`), else `multiset`. */
  readonly network?: NetworkKind;
  /** Symmetry reduction over the groups the protocol declares (default off; the CLI turns it on where declared). */
  readonly symmetry?: boolean;
  /** Partial-order reduction (default off; the CLI turns it on). */
  readonly por?: boolean;
  /**
   * When the partial-order reduction found a violation, search again without
   * it (BFS, bounded by the depth found) for a shortest counterexample.
   */
  readonly shortest?: boolean;
  /** Another thread's request to stop (see `SearchOptions.stopWord`). */
  readonly stopWord?: Int32Array;
  /**
   * Liveness properties to check, by name (`SystemSpec.temporal`, kinds
   * `eventually` and `leads-to`): the search then keeps the explored graph
   * (`search/graph.ts`, `liveness.ts`), without the reductions.
   */
  readonly liveness?: readonly string[];
  /** The fairness assumption of every liveness property checked (default: each property's own, else `weak`). */
  readonly fairness?: Fairness;
  /** Report a state with no step that the protocol does not declare final (`SystemSpec.final`) as a deadlock (default off; the CLI turns it on). */
  readonly deadlock?: boolean;
  /** Look for the protocol's witnesses (`sometimes`) and warn of those never reached (default off; the CLI turns it on). */
  readonly witnesses?: boolean;
}

/** What the reductions did in a run. */
export interface ReductionReport {
  /** Symmetry: the groups used and the number of permutations; null when off. */
  readonly symmetry: { readonly groups: readonly (readonly string[])[]; readonly permutations: number } | null;
  /**
   * Partial-order reduction: null when not asked for; otherwise whether it
   * took effect (`off` says why not) and how many expanded states it reduced.
   */
  readonly por: { readonly active: boolean; readonly off?: string; readonly reduced: number; readonly full: number } | null;
  /** Whether the counterexample is known to be a shortest one (BFS without POR, or re-searched with `shortest`). */
  readonly shortest: boolean;
  /** Set when `shortest` was asked for but the search for a shorter counterexample stopped at a limit. */
  readonly shortestStoppedBy?: LimitName;
}

export type Verdict = 'holds' | 'violated' | 'unknown';

export interface CheckStats {
  readonly states: number;
  readonly transitions: number;
  readonly depth: number;
  readonly seconds: number;
  readonly statesPerSecond: number;
  readonly peakRssBytes: number;
  /** Peak RSS divided by distinct states. */
  readonly bytesPerState: number;
  /** Bytes held by the fingerprint table and the per-state parent/fingerprint arrays. */
  readonly storeBytes: number;
  /** Peak bytes of the BFS queue or DFS stack. */
  readonly frontierBytes: number;
  readonly memoLookups: number;
  /** xstate `transition()` calls: one per distinct local step. */
  readonly memoMisses: number;
  readonly memoHitRate: number;
  readonly localStates: number;
  readonly messages: number;
  /** Upper bound on the probability that two distinct states shared a fingerprint. */
  readonly collisionOdds: number;
  /** Bytes of the BFS queue moved to disk over the memory budget (absent when none). */
  readonly spilledBytes?: number;
}

/** What kind of property a report line is about. */
export type PropertyKind = 'invariant' | 'eventually' | 'leads-to' | 'deadlock';

export interface CheckReport {
  readonly protocol: string;
  readonly strategy: Strategy;
  readonly faults: FaultOptions;
  readonly network: NetworkKind;
  readonly reductions: ReductionReport;
  /** The Byzantine nodes and the size of the adversary's universe, when the system has any. */
  readonly byzantine?: {
    readonly nodes: readonly string[];
    readonly adversary: string;
    /** The universe: what the adversary may send from the start. */
    readonly messages: number;
    /** Whether it learns from what it is sent (`ByzantineSpec.learn`); then how many distinct messages it learned in the states explored. */
    readonly learns: boolean;
    readonly learned: number;
  };
  readonly status: 'holds' | 'violated' | 'incomplete';
  readonly stoppedBy?: LimitName;
  readonly properties: readonly {
    readonly name: string;
    readonly description: string;
    readonly verdict: Verdict;
    /** Absent: an invariant. */
    readonly kind?: PropertyKind;
    /** Liveness: the fairness assumption it was checked under. */
    readonly fairness?: Fairness;
  }[];
  readonly stats: CheckStats;
  readonly trace?: Trace;
  /** The witnesses looked for (`CheckOptions.witnesses`), and whether each was reached. */
  readonly witnesses?: readonly WitnessResult[];
  /** Why the check did what it did: reductions switched off for liveness, a deadlock check not declared. */
  readonly notes?: readonly string[];
}

/** The line of a deadlock in a report's properties. */
export const DEADLOCK_PROPERTY = {
  name: 'deadlock',
  description: 'no reachable state without a step is one the protocol does not declare final',
  kind: 'deadlock' as const,
};

/** The temporal properties of `spec` of the given names that are liveness properties (not witnesses). */
export function livenessProperties(spec: SystemSpec, names: readonly string[] | undefined): TemporalProperty<SystemView>[] {
  if (names === undefined || names.length === 0) return [];
  return (spec.temporal ?? []).filter((p) => isLiveness(p) && names.includes(p.name));
}

/** The witnesses (`sometimes`) of `spec`. */
export function witnessProperties(spec: SystemSpec): TemporalProperty<SystemView>[] {
  return (spec.temporal ?? []).filter((p) => p.kind === 'sometimes');
}

/** A test of "this state is final" for the deadlock check, or undefined when the protocol declares none. */
export function finalTest(spec: SystemSpec, sys: ActorModel): ((state: Int32Array) => boolean) | undefined {
  const final = spec.final;
  if (final === undefined) return undefined;
  const checker = new PropertyChecker(sys.interner, sys.layout, [{ name: 'final', description: '', holds: final }]);
  return (state) => checker.firstViolated(state) === -1;
}

/** The properties checked on `spec`: its own, plus `linearizable` when it records a client history. */
export function checkedProperties(spec: SystemSpec): readonly Property<SystemView>[] {
  return spec.history === undefined ? spec.properties : [...spec.properties, linearizabilityProperty(spec.history)];
}

/** Explores `spec` exhaustively (within the limits) and checks its properties. */
export function check(spec: SystemSpec, options: CheckOptions = {}): CheckReport {
  const live = livenessProperties(spec, options.liveness);
  // A system searched as a quotient (unbounded ballots) has an infinite raw graph: it goes through the graph search.
  if (live.length > 0 || spec.quotient !== undefined) return checkLiveness(spec, options, live);
  const faults = options.faults ?? NO_FAULTS;
  const strategy = options.strategy ?? 'bfs';
  const props = checkedProperties(spec);
  const witnesses = options.witnesses === true ? witnessProperties(spec) : [];
  const modelOptions = {
    faults,
    properties: props,
    ...(options.network !== undefined ? { network: options.network } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    symmetry: options.symmetry === true,
    ...(witnesses.length > 0 ? { visible: witnesses.map((w) => asProperty(w)) } : {}),
  };
  let sys = new ActorModel(spec, { ...modelOptions, por: options.por === true });
  const porActive = sys.por?.active === true;
  let store = new StateStore(1024, porActive);
  const isFinal = options.deadlock === true ? finalTest(spec, sys) : undefined;
  const searchOptions = {
    limits: options.limits ?? {},
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.stopWord !== undefined ? { stopWord: options.stopWord } : {}),
    ...(isFinal !== undefined ? { deadlock: (state: Int32Array) => !isFinal(state) } : {}),
  };
  const tracker = witnesses.length > 0 ? new WitnessTracker(sys, store, witnesses) : undefined;
  const searched = tracker !== undefined ? withWitnesses(sys, tracker) : sys;
  let outcome: SearchOutcome = strategy === 'bfs' ? bfs(searched, store, searchOptions) : dfs(searched, store, searchOptions);
  const por = sys.por === null ? null : { active: porActive, ...(sys.por.off !== undefined ? { off: sys.por.off } : {}), ...sys.reduction };
  let shortest = strategy === 'bfs' && !porActive;
  let shortestStoppedBy: LimitName | undefined;
  let againModel: ActorModel | undefined;
  if (options.shortest === true && porActive && outcome.violation !== undefined) {
    // Search again without the partial-order reduction, no deeper than the counterexample found.
    const again = new ActorModel(spec, { ...modelOptions, por: false });
    const againStore = new StateStore();
    // The deadlock test reads local states by id: the second model has its own interner, so a test of its own.
    const againFinal = isFinal !== undefined ? finalTest(spec, again) : undefined;
    const limits = {
      ...searchOptions,
      ...(againFinal !== undefined ? { deadlock: (state: Int32Array) => !againFinal(state) } : {}),
      limits: { ...searchOptions.limits, maxDepth: outcome.violation.depth },
    };
    const second = bfs(again, againStore, limits);
    if (second.violation !== undefined) {
      againModel = again;
      sys = again;
      store = againStore;
      outcome = { ...outcome, violation: second.violation, seconds: outcome.seconds + second.seconds, peakRssBytes: Math.max(outcome.peakRssBytes, second.peakRssBytes) };
      shortest = true;
    } else shortestStoppedBy = second.stoppedBy;
  }

  const deadlocked = outcome.violation?.property === DEADLOCK;
  // The final-state test of the model the trace is rebuilt on (the second search's, when it found the violation).
  const finalOf = (m: ActorModel): ((state: Int32Array) => boolean) | undefined => (options.deadlock !== true ? undefined : m === againModel ? finalTest(spec, m) : isFinal);
  const trace =
    outcome.violation !== undefined && !options.noTrace
      ? deadlocked
        ? { ...buildTrace(sys, store, outcome.violation.state, DEADLOCK_PROPERTY.name, (final) => !(finalOf(sys)?.(final) ?? true)), lasso: { kind: 'terminal' as const } }
        : buildTrace(
            sys,
            store,
            outcome.violation.state,
            props[outcome.violation.property]?.name ?? '?',
            (final) => sys.check(final) === outcome.violation?.property,
          )
      : undefined;
  const report = reportOf(spec, sys, strategy, outcome, {
    por,
    shortest,
    ...(shortestStoppedBy !== undefined ? { shortestStoppedBy } : {}),
    storeBytes: store.bytes,
    memo: { lookups: sys.memo.lookups, misses: sys.memo.misses, localStates: sys.interner.localCount, messages: sys.interner.messageCount },
    learned: sys.adversary.learnedIds.size,
    ...(trace !== undefined ? { trace } : {}),
  });
  return withExtras(report, {
    deadlock: options.deadlock === true ? (isFinal !== undefined ? (deadlocked ? 'violated' : outcome.status === 'ok' ? 'holds' : 'unknown') : 'not declared') : 'off',
    ...(tracker !== undefined ? { witnesses: tracker.results(outcome.status === 'ok') } : {}),
    notes: [],
  });
}

/**
 * Adds what `reportOf` does not know of to a report: the deadlock verdict
 * (`not declared`: the protocol declares no final states, so none is
 * checked), the witnesses and the notes.
 */
export function withExtras(
  report: CheckReport,
  extras: { readonly deadlock: Verdict | 'not declared' | 'off'; readonly witnesses?: readonly WitnessResult[]; readonly notes: readonly string[] },
): CheckReport {
  const notes = [...extras.notes];
  if (extras.deadlock === 'not declared') notes.push(`no deadlock check: ${report.protocol} declares no final states`);
  const properties =
    extras.deadlock === 'off' || extras.deadlock === 'not declared' ? report.properties : [...report.properties, { ...DEADLOCK_PROPERTY, verdict: extras.deadlock }];
  return {
    ...report,
    properties,
    ...(extras.witnesses !== undefined ? { witnesses: extras.witnesses } : {}),
    ...(notes.length > 0 ? { notes } : {}),
  };
}

/** What a search found beyond its outcome, for `reportOf`. */
export interface ReportExtras {
  readonly por: ReductionReport['por'];
  readonly shortest: boolean;
  readonly shortestStoppedBy?: LimitName;
  readonly storeBytes: number;
  readonly memo: { readonly lookups: number; readonly misses: number; readonly localStates: number; readonly messages: number };
  /** Distinct messages a learning adversary learned. */
  readonly learned: number;
  readonly trace?: Trace;
}

/** Assembles the report of a search of `spec` (compiled as `sys`, whose options it describes). */
export function reportOf(spec: SystemSpec, sys: ActorModel, strategy: Strategy, outcome: SearchOutcome, extras: ReportExtras): CheckReport {
  const props = checkedProperties(spec);
  const faults = sys.faults;
  const { trace } = extras;
  const violated = outcome.violation?.property ?? -1;
  const properties = props.map((p, i) => ({
    name: p.name,
    description: p.description,
    verdict: (i === violated ? 'violated' : outcome.status === 'ok' ? 'holds' : 'unknown') as Verdict,
  }));
  const status = outcome.status === 'ok' ? 'holds' : outcome.status === 'violation' ? 'violated' : 'incomplete';
  const reductions: ReductionReport = {
    symmetry: sys.symmetric ? { groups: sys.hasher.groups, permutations: sys.hasher.size } : null,
    por: extras.por,
    shortest: extras.shortest,
    ...(extras.shortestStoppedBy !== undefined ? { shortestStoppedBy: extras.shortestStoppedBy } : {}),
  };
  const memo = extras.memo;
  return {
    protocol: spec.protocol,
    strategy,
    faults,
    network: sys.network.kind,
    reductions,
    ...(spec.byzantine !== undefined
      ? {
          byzantine: {
            nodes: spec.byzantine.nodes.map((i) => sys.node(i).name),
            adversary: spec.byzantine.adversary,
            messages: sys.adversary.forged.length,
            learns: sys.adversary.learns,
            learned: extras.learned,
          },
        }
      : {}),
    status,
    ...(outcome.stoppedBy !== undefined ? { stoppedBy: outcome.stoppedBy } : {}),
    properties,
    stats: {
      states: outcome.states,
      transitions: outcome.transitions,
      depth: outcome.depth,
      seconds: outcome.seconds,
      statesPerSecond: outcome.seconds > 0 ? outcome.states / outcome.seconds : 0,
      peakRssBytes: outcome.peakRssBytes,
      bytesPerState: outcome.states > 0 ? outcome.peakRssBytes / outcome.states : 0,
      storeBytes: extras.storeBytes,
      frontierBytes: outcome.peakFrontierBytes,
      memoLookups: memo.lookups,
      memoMisses: memo.misses,
      memoHitRate: memo.lookups > 0 ? 1 - memo.misses / memo.lookups : 1,
      localStates: memo.localStates,
      messages: memo.messages,
      collisionOdds: collisionOdds(outcome.states),
      ...(outcome.spilledBytes !== undefined ? { spilledBytes: outcome.spilledBytes } : {}),
    },
    ...(trace !== undefined ? { trace } : {}),
  };

}
