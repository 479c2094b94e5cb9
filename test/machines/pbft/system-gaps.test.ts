/**
 * Gaps left by the system and cost tests (machines/pbft/system.ts,
 * machines/pbft/cost.ts): the issued requests sorted by id when ids of
 * several digits break the order they are issued in, and the cost
 * scenario's `every replica executed it` milestone, which needs every
 * replica, not one.
 * NOTE: the issuedRequests cases pin the order but cannot tell apart the
 *   comparator's mutants that return 0 instead of 1 for a > b: V8's sort only
 *   tests for a negative result (scripts/mutation/equivalent.json).
 */
import { describe, expect, it } from 'vitest';
import { pbftScenario } from '../../../machines/pbft/cost.js';
import { issuedRequests } from '../../../machines/pbft/system.js';
import type { SystemView } from '../../../spec/core/property.js';

describe('issuedRequests: sorted by id (as strings)', () => {
  it('K = 11: c0.10 sorts between c0.1 and c0.2', () => {
    // Issued in order c0.0 … c0.10; as strings, "c0.10" < "c0.2" (at the 4th character '1' < '2'), so it comes third.
    expect(issuedRequests(1, 11).map((r) => r.id)).toEqual(['c0.0', 'c0.1', 'c0.10', 'c0.2', 'c0.3', 'c0.4', 'c0.5', 'c0.6', 'c0.7', 'c0.8', 'c0.9']);
  });

  it('11 clients: c10.0 sorts between c1.0 and c2.0', () => {
    expect(issuedRequests(11, 1).map((r) => r.id)).toEqual(['c0.0', 'c1.0', 'c10.0', 'c2.0', 'c3.0', 'c4.0', 'c5.0', 'c6.0', 'c7.0', 'c8.0', 'c9.0']);
  });
});

describe('pbftScenario: the `every replica executed it` milestone', () => {
  // n = 4, one client with one request: nodes are clients (slot 0) and r0..r3 (slots 1..4).
  const scenario = pbftScenario(4, 1);
  const milestone = scenario.milestones.find((m) => m.name === 'every replica executed it');
  const view = (executed: readonly (readonly string[])[]): SystemView => ({
    locals: [{ history: { clients: [[]] } }, ...executed.map((e) => ({ executed: e }))],
    crashed: [false, false, false, false, false],
    messages: () => [],
  });

  it('is not reached while only the primary executed the request, and is once all four did', () => {
    expect(milestone).toBeDefined();
    expect(milestone?.reached(view([['c0.0'], [], [], []]))).toBe(false);
    expect(milestone?.reached(view([['c0.0'], ['c0.0'], ['c0.0'], []]))).toBe(false);
    expect(milestone?.reached(view([['c0.0'], ['c0.0'], ['c0.0'], ['c0.0']]))).toBe(true);
  });
});
