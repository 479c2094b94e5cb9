/**
 * Helpers for the reduction-soundness tests (test/explorer/reductions.test.ts,
 * test/long/reductions.long.ts): build a system from a registry entry the
 * way the CLI does, run it with the reductions off and on, and compare.
 *
 * What "sound" means here:
 * - the verdict is the same with the reductions off, with symmetry, with
 *   partial-order reduction (POR) and with both;
 * - every counterexample a run returns is real: it replays on the machines
 *   with xstate directly (`replay`) and its final state violates the property
 *   it names (re-evaluated here, not read off the report);
 * - a BFS without an active POR (symmetry alone) returns a shortest
 *   counterexample, as long as the unreduced one; with POR it may be longer,
 *   and `shortest: true` recovers the unreduced length;
 * - on a run that holds, the reduced searches store no more states.
 *
 * With search limits (the long tests), a run may stop before it finishes;
 * then the comparison keeps only what is proved: a run that is violated
 * carries a replayed counterexample, so no run of the same system may hold,
 * and a run that holds is complete, so no run may be violated.
 */
import { expect } from 'vitest';
import { check, checkedProperties, type CheckOptions, type CheckReport } from '../../explorer/check.js';
import type { FaultOptions } from '../../explorer/actor-system/faults.js';
import type { SearchLimits } from '../../explorer/search/limits.js';
import type { Trace } from '../../explorer/trace.js';
import type { Envelope } from '../../spec/core/envelope.js';
import type { ConfigFaults, NamedConfig, ProtocolEntry } from '../../spec/core/registry.js';
import type { NetworkKind, SystemSpec } from '../../spec/core/system.js';
import { canonicalJson } from './naive-explorer.js';
import { replay } from './replay.js';

/** A named configuration's faults as `check` takes them (as the CLI's `bugTracesPage` does). */
export function faultsOf(f: ConfigFaults | undefined): FaultOptions {
  return { lossy: f?.lossy === true, duplicates: f?.duplicates ?? 0, crashes: f?.crashes ?? 0 };
}

export function findConfig(entry: ProtocolEntry, name: string): NamedConfig {
  const config = entry.configs.find((c) => c.name === name);
  if (config === undefined) throw new Error(`${entry.name} has no configuration ${name}; it has ${entry.configs.map((c) => c.name).join(', ')}`);
  return config;
}

/** The variant the CLI uses when none is named (null for a protocol without variants). */
export function defaultVariant(entry: ProtocolEntry): string | null {
  if (entry.variants === undefined) return null;
  return entry.defaultVariant ?? Object.keys(entry.variants)[0] ?? null;
}

/** The adversary the CLI uses for `config` (its own, else the protocol's default; null without Byzantine faults). */
export function adversaryOf(entry: ProtocolEntry, config: NamedConfig): string | null {
  if (entry.adversaries === undefined) return null;
  return config.adversary ?? entry.defaultAdversary ?? Object.keys(entry.adversaries)[0] ?? null;
}

/** The system and faults of a named configuration, as `agora check <protocol> --config <name> [--bug] [--variant]` builds them. */
export function buildNamed(
  entry: ProtocolEntry,
  config: NamedConfig,
  bug: string | null,
  variant: string | null = defaultVariant(entry),
): { spec: SystemSpec; faults: FaultOptions } {
  return { spec: entry.build(config.params, bug, variant, adversaryOf(entry, config)), faults: faultsOf(config.faults) };
}

/**
 * Replays `trace` on the machines with xstate directly (`replay` checks every
 * step) and re-evaluates the property the trace names on its final state:
 * the nodes' contexts, the crashed nodes and the messages in flight, all
 * rebuilt from the trace, not read from the explorer. For the multiset and
 * fifo networks (`replay` removes a delivered copy; under fifo it does not
 * check the channel order, only that the message is in flight).
 */
export function expectRealCounterexample(spec: SystemSpec, trace: Trace, label = ''): void {
  const final = replay(spec, trace);
  const crashed = new Set<string>();
  const inFlight: string[] = [];
  for (const step of trace.steps) {
    if (step.kind === 'deliver' || step.kind === 'drop') {
      const i = inFlight.indexOf(canonicalJson(step.message));
      expect(i, `${label}: step ${step.index} takes a message in flight`).toBeGreaterThanOrEqual(0);
      inFlight.splice(i, 1);
    }
    if (step.kind === 'crash') crashed.add(step.node);
    inFlight.push(...step.sent.map((m) => canonicalJson(m)));
  }
  const property = checkedProperties(spec).find((p) => p.name === trace.property);
  expect(property, `${label}: the trace names a property of the system (${trace.property})`).toBeDefined();
  const view = {
    locals: spec.nodes.map((n) => final[n.name]?.context as unknown),
    crashed: spec.nodes.map((n) => crashed.has(n.name)),
    messages: () => inFlight.map((k) => JSON.parse(k) as Envelope),
  };
  expect(property?.holds(view), `${label}: ${trace.property} fails in the trace's final state`).toBe(false);
}

export interface Mode {
  readonly name: 'full' | 'symmetry' | 'por' | 'symmetry+por';
  readonly symmetry: boolean;
  readonly por: boolean;
}

export const MODES: readonly Mode[] = [
  { name: 'full', symmetry: false, por: false },
  { name: 'symmetry', symmetry: true, por: false },
  { name: 'por', symmetry: false, por: true },
  { name: 'symmetry+por', symmetry: true, por: true },
];

export interface CompareOptions {
  readonly network?: NetworkKind;
  readonly limits?: SearchLimits;
  /** Every run must finish (no limits): verdicts are then compared exactly. Default true. */
  readonly complete?: boolean;
  /** Printed in assertion messages. */
  readonly label?: string;
}

export interface Comparison {
  /** The runs by mode; symmetry modes are absent when the system declares no symmetry. */
  readonly runs: Partial<Record<Mode['name'], CheckReport>>;
  /** The `shortest: true` re-runs of the POR modes that found a violation. */
  readonly shortest: Partial<Record<Mode['name'], CheckReport>>;
  /** The length of a shortest counterexample, when one is known (unreduced BFS, or BFS with symmetry alone). */
  readonly shortestLength: number | undefined;
  /** One line per run: mode, verdict, states, trace length, seconds. */
  readonly summary: string;
}

/** Runs `spec` in every mode (symmetry only where declared) and checks that the reductions are sound (see the header). */
export function compareReductions(spec: SystemSpec, faults: FaultOptions, options: CompareOptions = {}): Comparison {
  const complete = options.complete ?? true;
  const label = options.label ?? spec.protocol;
  const base: CheckOptions = {
    faults,
    ...(options.network !== undefined ? { network: options.network } : {}),
    ...(options.limits !== undefined ? { limits: options.limits } : {}),
  };
  const replayable = (options.network ?? spec.network ?? 'multiset') !== 'set';
  const runs: Partial<Record<Mode['name'], CheckReport>> = {};
  const shortest: Partial<Record<Mode['name'], CheckReport>> = {};
  for (const mode of MODES) {
    if (mode.symmetry && spec.symmetry === undefined) continue;
    const r = check(spec, { ...base, symmetry: mode.symmetry, por: mode.por });
    runs[mode.name] = r;
    const at = `${label} [${mode.name}]`;
    if (complete) expect(r.status, `${at}: finishes`).not.toBe('incomplete');
    expect(r.reductions.symmetry !== null, `${at}: symmetry ${mode.symmetry ? 'on' : 'off'}`).toBe(mode.symmetry);
    expect(r.reductions.por !== null, `${at}: POR asked for`).toBe(mode.por);
    if (r.status === 'violated') {
      expect(r.trace, `${at}: a violation comes with its trace`).toBeDefined();
      if (replayable) expectRealCounterexample(spec, r.trace as Trace, at);
    }
  }
  const full = runs.full as CheckReport;
  const all = Object.entries(runs) as [Mode['name'], CheckReport][];
  const summary = (): string =>
    all
      .map(
        ([m, r]) =>
          `${m}: ${r.status} ${r.stats.states} states${r.trace !== undefined ? `, trace ${r.trace.steps.length}` : ''}${r.reductions.por !== null && !r.reductions.por.active ? ' (POR inactive)' : ''}, ${r.stats.seconds.toFixed(2)} s`,
      )
      .join('; ');

  // Verdicts. A violated run is proved (its trace replayed), a holding run is complete: no two may disagree.
  const violated = all.filter(([, r]) => r.status === 'violated').map(([m]) => m);
  const holds = all.filter(([, r]) => r.status === 'holds').map(([m]) => m);
  expect(violated.length > 0 && holds.length > 0, `${label}: violated in [${violated.join(', ')}] but holds in [${holds.join(', ')}] — ${summary()}`).toBe(false);
  if (complete) {
    for (const [m, r] of all) expect(r.status, `${label} [${m}] has the unreduced verdict — ${summary()}`).toBe(full.status);
  }

  // State counts: on a run that holds, a reduction never stores more states.
  if (full.status === 'holds') {
    for (const [m, r] of all) {
      if (r.status === 'holds') expect(r.stats.states, `${label} [${m}] stores no more states than the full search`).toBeLessThanOrEqual(full.stats.states);
    }
  }

  // Trace lengths. A BFS without an active POR gives a shortest counterexample.
  const bfsShortest = (r: CheckReport | undefined): number | undefined =>
    r !== undefined && r.status === 'violated' && r.reductions.por?.active !== true ? (r.trace as Trace).steps.length : undefined;
  const shortestLength = bfsShortest(full) ?? bfsShortest(runs.symmetry);
  for (const [m, r] of all) {
    if (r.status !== 'violated' || shortestLength === undefined) continue;
    const length = (r.trace as Trace).steps.length;
    if (r.reductions.por?.active !== true) {
      expect(length, `${label} [${m}]: a BFS without POR finds a shortest counterexample`).toBe(shortestLength);
      expect(r.reductions.shortest, `${label} [${m}] reports its trace as a shortest one`).toBe(true);
      continue;
    }
    expect(length, `${label} [${m}]: no counterexample is shorter than a shortest one`).toBeGreaterThanOrEqual(shortestLength);
    const mode = MODES.find((x) => x.name === m) as Mode;
    const s = check(spec, { ...base, symmetry: mode.symmetry, por: true, shortest: true });
    shortest[m] = s;
    const at = `${label} [${m}, shortest]`;
    expect(s.status, `${at}: still violated`).toBe('violated');
    if (complete || s.reductions.shortest) {
      expect(s.reductions.shortest, `${at}: reports a shortest trace`).toBe(true);
      expect(s.trace?.steps.length, `${at}: the unreduced length`).toBe(shortestLength);
    }
    if (replayable) expectRealCounterexample(spec, s.trace as Trace, at);
  }
  return { runs, shortest, shortestLength, summary: summary() };
}
