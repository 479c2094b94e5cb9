/** The fast explorer and the naive reference explorer must agree on a complete run. */
import { expect } from 'vitest';
import { check } from '../../explorer/check.js';
import type { SystemSpec } from '../../spec/core/system.js';
import { naiveExplore, type NaiveFaults } from './naive-explorer.js';

/** Explores `spec` with both; the properties must hold and states, transitions and BFS depth be equal. */
export function expectSameAsNaive(spec: SystemSpec, faults: NaiveFaults, maxStates = 100_000): void {
  const naive = naiveExplore(spec, faults, { maxStates });
  const fast = check(spec, { faults });
  expect(fast.status).toBe('holds');
  expect({ states: fast.stats.states, transitions: fast.stats.transitions, depth: fast.stats.depth }).toEqual({
    states: naive.states,
    transitions: naive.transitions,
    depth: naive.depth,
  });
}
