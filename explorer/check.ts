/**
 * Options in, report out: compiles a system, runs the chosen search, checks
 * the properties and rebuilds the counterexample. It prints nothing; the CLI
 * and the renderers decide how a report looks.
 */
import type { Property, SystemView } from '../spec/core/property.js';
import type { SystemSpec } from '../spec/core/system.js';
import { ActorSystem, NO_FAULTS, type FaultOptions } from './actor-system/system-state.js';
import { collisionOdds } from './encode.js';
import { linearizabilityProperty } from './linearizability.js';
import { PropertyChecker } from './properties.js';
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
}

export interface CheckReport {
  readonly protocol: string;
  readonly strategy: Strategy;
  readonly faults: FaultOptions;
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
  const sys = new ActorSystem(spec, faults, options.seed);
  const store = new StateStore();
  const props = checkedProperties(spec);
  const checker = new PropertyChecker(sys, props);
  const searchOptions = { limits: options.limits ?? {}, ...(options.onProgress ? { onProgress: options.onProgress } : {}) };
  const outcome: SearchOutcome = strategy === 'bfs' ? bfs(sys, store, checker, searchOptions) : dfs(sys, store, checker, searchOptions);

  const violated = outcome.violation?.property ?? -1;
  const properties = props.map((p, i) => ({
    name: p.name,
    description: p.description,
    verdict: (i === violated ? 'violated' : outcome.status === 'ok' ? 'holds' : 'unknown') as Verdict,
  }));
  const trace =
    outcome.violation !== undefined && !options.noTrace
      ? buildTrace(
          sys,
          store,
          outcome.violation.state,
          props[outcome.violation.property]?.name ?? '?',
          (final) => checker.firstViolated(final) === outcome.violation?.property,
        )
      : undefined;
  const status = outcome.status === 'ok' ? 'holds' : outcome.status === 'violation' ? 'violated' : 'incomplete';
  return {
    protocol: spec.protocol,
    strategy,
    faults,
    ...(spec.byzantine !== undefined
      ? {
          byzantine: {
            nodes: spec.byzantine.nodes.map((i) => sys.node(i).name),
            adversary: spec.byzantine.adversary,
            messages: sys.forged.length,
            learns: sys.learns,
            learned: sys.learnedIds.size,
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
      storeBytes: store.bytes,
      frontierBytes: outcome.peakFrontierBytes,
      memoLookups: sys.memoLookups,
      memoMisses: sys.memoMisses,
      memoHitRate: sys.memoLookups > 0 ? 1 - sys.memoMisses / sys.memoLookups : 1,
      localStates: sys.localCount,
      messages: sys.messageCount,
      collisionOdds: collisionOdds(outcome.states),
    },
    ...(trace !== undefined ? { trace } : {}),
  };
}
