/**
 * The liveness cross-check of test/explorer/liveness.test.ts and
 * test/long/liveness.long.ts: the fast explorer's verdict on a temporal
 * property against the naive reference explorer's own lasso search, and a
 * counterexample walked on the naive graph and replayed on the machines.
 */
import { expect } from 'vitest';
import { check, type CheckOptions, type CheckReport } from '../../explorer/check.js';
import type { Fairness } from '../../spec/core/property.js';
import type { SystemSpec } from '../../spec/core/system.js';
import { naiveExplore, type NaiveFaults } from './naive-explorer.js';
import { naiveLassoProblem, naiveViolated } from './naive-liveness.js';
import { replay } from './replay.js';

const NONE: NaiveFaults = { lossy: false, duplicates: 0, crashes: 0 };

/** Checks `property` with the fast explorer and the naive one; they must agree, and a counterexample must check out. */
export function crossCheck(spec: SystemSpec, property: string, fairness: Fairness, faults: NaiveFaults = NONE, extra: CheckOptions = {}): CheckReport {
  const fast = check(spec, { liveness: [property], fairness, faults, ...extra });
  const p = (spec.temporal ?? []).find((x) => x.name === property);
  if (p === undefined) throw new Error(`no property ${property}`);
  const naive = naiveExplore(spec, faults, { graph: true, maxStates: 200_000 });
  const graph = naive.graph;
  if (graph === undefined) throw new Error('no graph');
  expect(fast.stats.states).toBe(graph.keys.length);
  const violated = naiveViolated(graph, fairness, p.goal, p.trigger);
  const verdict = fast.properties.find((x) => x.name === property)?.verdict;
  expect(verdict, `${property} under ${fairness}`).toBe(violated ? 'violated' : 'holds');
  if (violated) {
    const trace = fast.trace;
    expect(trace?.lasso).toBeDefined();
    if (trace === undefined) return fast;
    expect(naiveLassoProblem(graph, trace, fairness, p.goal, p.trigger)).toBeNull();
    replay(spec, trace);
  }
  return fast;
}

