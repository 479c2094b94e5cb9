/**
 * Checks of a protocol's refusals (`SystemSpec.ignores`, `spec/<p>/ignores.ts`):
 * - `refuses`: the declared verdict for one node state and message; when it
 *   says "refused", the machine, stepped with xstate directly, must indeed
 *   change nothing (state value, context) and send nothing;
 * - `compareVerdicts`: the explorer with the reductions (POR, which consumes
 *   refused messages at once, and symmetry where declared) against the
 *   unreduced search: the same status and, for a violation, the same
 *   property and (with `shortest`) the same length;
 * - `visibleStates`: every local state of the nodes the properties read,
 *   recorded by an always-true property that reads the same nodes; a sound
 *   POR reaches all of them (it preserves what the visible nodes go through,
 *   up to stuttering), so comparing the sets with and without POR finds a
 *   refusal that is not for good.
 */
import { expect } from 'vitest';
import { transition, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import { check, type CheckReport } from '../../explorer/check.js';
import type { FaultOptions } from '../../explorer/actor-system/faults.js';
import type { Envelope } from '../../spec/core/envelope.js';
import type { Ignores } from '../../spec/core/symmetry.js';
import type { SystemSpec } from '../../spec/core/system.js';
import { canonicalJson } from '../helpers/naive-explorer.js';
import { sentMessages } from '../helpers/machines.js';

export const NO_FAULTS: FaultOptions = { lossy: false, duplicates: 0, crashes: 0 };

/** What `ignores` declares for `role` in `snapshot`; a refusal is checked against the machine. */
export function refuses(ignores: Ignores, machine: AnyStateMachine, role: string, snapshot: AnyMachineSnapshot, msg: Envelope): boolean {
  const verdict = ignores({ role, value: snapshot.value, context: snapshot.context }, msg);
  if (verdict) {
    const [next, actions] = transition(machine, snapshot, msg as never);
    expect(sentMessages(actions as readonly { type: string; params?: unknown }[]), `${msg.type} from ${msg.from} refused, yet sent`).toEqual([]);
    expect(next.value, `${msg.type} from ${msg.from} refused, yet the state changed`).toEqual(snapshot.value);
    expect(next.context, `${msg.type} from ${msg.from} refused, yet the context changed`).toEqual(snapshot.context);
  }
  return verdict;
}

/** The reduced search (POR, symmetry where declared, shortest counterexamples) against the unreduced one. */
export function compareVerdicts(spec: SystemSpec, faults: FaultOptions, violated: boolean): { full: CheckReport; reduced: CheckReport } {
  const full = check(spec, { faults });
  const reduced = check(spec, { faults, por: true, symmetry: spec.symmetry !== undefined, shortest: true });
  expect(full.status).toBe(violated ? 'violated' : 'holds');
  expect(reduced.status).toBe(full.status);
  if (violated) {
    expect(reduced.trace?.property).toBe(full.trace?.property);
    expect(reduced.trace?.steps.length).toBe(full.trace?.steps.length);
  } else {
    expect(reduced.stats.states).toBeLessThanOrEqual(full.stats.states);
  }
  return { full, reduced };
}

/**
 * Every local state of the nodes `spec`'s properties read (its history's
 * node included), in a search with POR on or off (no symmetry). The
 * properties are replaced by the recorder, which reads the same nodes, so
 * that a bug variant is explored in full too.
 */
export function visibleStates(spec: SystemSpec, faults: FaultOptions, por: boolean): { keys: Set<string>; report: CheckReport } {
  expect(spec.properties.every((p) => p.reads !== undefined), 'every property declares what it reads').toBe(true);
  const reads = [...new Set([...spec.properties.flatMap((p) => p.reads ?? []), ...(spec.history !== undefined ? [spec.history.node] : [])])].sort((a, b) => a - b);
  const keys = new Set<string>();
  const recorder = {
    name: 'recorder',
    description: 'records the local states of the nodes the properties read',
    reads,
    holds: (view: { locals: readonly unknown[] }) => {
      keys.add(canonicalJson(reads.map((i) => view.locals[i])));
      return true;
    },
  };
  const { history: _history, ...rest } = spec;
  const report = check({ ...rest, properties: [recorder] }, { faults, por });
  expect(report.status).toBe('holds');
  return { keys, report };
}

/** POR (on the refusals) reaches exactly the visible local states the full search reaches, and reduces something. */
export function expectSameVisibleStates(spec: SystemSpec, faults: FaultOptions = NO_FAULTS): void {
  const full = visibleStates(spec, faults, false);
  const reduced = visibleStates(spec, faults, true);
  expect(reduced.report.reductions.por?.active).toBe(true);
  expect(reduced.report.reductions.por?.reduced).toBeGreaterThan(0);
  expect(reduced.report.stats.states).toBeLessThan(full.report.stats.states);
  const missing = [...full.keys].filter((k) => !reduced.keys.has(k));
  expect(missing.slice(0, 3), `POR misses ${missing.length} of ${full.keys.size} visible local states`).toEqual([]);
  expect(reduced.keys.size).toBe(full.keys.size);
}
