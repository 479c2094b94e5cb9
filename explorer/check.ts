/**
 * Options in, report out: compiles a system, runs the chosen search, checks
 * the properties and rebuilds the counterexample. It prints nothing; the CLI
 * and the renderers decide how a report looks.
 */
import type { Property, SystemView } from '../spec/core/property.js';
import type { NetworkKind, SystemSpec } from '../spec/core/system.js';
import { ActorModel } from './actor-system/actor-model.js';
import { NO_FAULTS, type FaultOptions } from './actor-system/faults.js';
import { collisionOdds } from './encode.js';
import { linearizabilityProperty } from './linearizability.js';
import { bfs } from './search/bfs.js';
import { dfs } from './search/dfs.js';
import type { LimitName, SearchLimits, SearchOutcome, SearchProgress } from './search/limits.js';
import { StateStore } from './state-store.js';
import { buildTrace, type Trace } from './trace.js';

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
  readonly properties: readonly { readonly name: string; readonly description: string; readonly verdict: Verdict }[];
  readonly stats: CheckStats;
  readonly trace?: Trace;
}

/** The properties checked on `spec`: its own, plus `linearizable` when it records a client history. */
export function checkedProperties(spec: SystemSpec): readonly Property<SystemView>[] {
  return spec.history === undefined ? spec.properties : [...spec.properties, linearizabilityProperty(spec.history)];
}

/** Explores `spec` exhaustively (within the limits) and checks its properties. */
export function check(spec: SystemSpec, options: CheckOptions = {}): CheckReport {
  const faults = options.faults ?? NO_FAULTS;
  const strategy = options.strategy ?? 'bfs';
  const props = checkedProperties(spec);
  const modelOptions = {
    faults,
    properties: props,
    ...(options.network !== undefined ? { network: options.network } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    symmetry: options.symmetry === true,
  };
  let sys = new ActorModel(spec, { ...modelOptions, por: options.por === true });
  const porActive = sys.por?.active === true;
  let store = new StateStore(1024, porActive);
  const searchOptions = {
    limits: options.limits ?? {},
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.stopWord !== undefined ? { stopWord: options.stopWord } : {}),
  };
  let outcome: SearchOutcome = strategy === 'bfs' ? bfs(sys, store, searchOptions) : dfs(sys, store, searchOptions);
  const por = sys.por === null ? null : { active: porActive, ...(sys.por.off !== undefined ? { off: sys.por.off } : {}), ...sys.reduction };
  let shortest = strategy === 'bfs' && !porActive;
  let shortestStoppedBy: LimitName | undefined;
  if (options.shortest === true && porActive && outcome.violation !== undefined) {
    // Search again without the partial-order reduction, no deeper than the counterexample found.
    const again = new ActorModel(spec, { ...modelOptions, por: false });
    const againStore = new StateStore();
    const limits = { ...searchOptions, limits: { ...searchOptions.limits, maxDepth: outcome.violation.depth } };
    const second = bfs(again, againStore, limits);
    if (second.violation !== undefined) {
      sys = again;
      store = againStore;
      outcome = { ...outcome, violation: second.violation, seconds: outcome.seconds + second.seconds, peakRssBytes: Math.max(outcome.peakRssBytes, second.peakRssBytes) };
      shortest = true;
    } else shortestStoppedBy = second.stoppedBy;
  }

  const trace =
    outcome.violation !== undefined && !options.noTrace
      ? buildTrace(
          sys,
          store,
          outcome.violation.state,
          props[outcome.violation.property]?.name ?? '?',
          (final) => sys.check(final) === outcome.violation?.property,
        )
      : undefined;
  return reportOf(spec, sys, strategy, outcome, {
    por,
    shortest,
    ...(shortestStoppedBy !== undefined ? { shortestStoppedBy } : {}),
    storeBytes: store.bytes,
    memo: { lookups: sys.memo.lookups, misses: sys.memo.misses, localStates: sys.interner.localCount, messages: sys.interner.messageCount },
    learned: sys.adversary.learnedIds.size,
    ...(trace !== undefined ? { trace } : {}),
  });
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
