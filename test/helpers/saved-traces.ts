/**
 * Traces as `agora check` saves them (agora-trace/1 with its `system`, and
 * ITF), found through the check API, for the replay and ITF tests.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { check, type CheckOptions } from '../../explorer/check.js';
import { renderTraceAs } from '../../explorer/cli-output.js';
import { resolveRun, type RunFlags } from '../../explorer/cli-options.js';
import type { Trace } from '../../explorer/trace.js';
import { traceSystem } from '../../explorer/trace-system.js';

export interface SavedTrace {
  readonly trace: Trace;
  /** The agora-trace/1 document. */
  readonly json: string;
  readonly itf: string;
}

/** Checks the system the flags name (BFS, symmetry where declared) and renders its counterexample. */
export function savedTrace(protocol: string, flags: RunFlags, options: CheckOptions = {}): SavedTrace {
  const { config, source, spec, faults } = resolveRun(protocol, flags);
  const liveness = flags.property !== undefined ? { liveness: flags.property.split(',') } : {};
  const report = check(spec, { faults, symmetry: spec.symmetry !== undefined, ...(flags.network !== undefined ? { network: flags.network } : {}), ...liveness, ...options });
  if (report.trace === undefined) throw new Error(`no counterexample for ${protocol} ${JSON.stringify(flags)}`);
  const ctx = { protocol, spec, faults, network: report.network, system: traceSystem(config.name, source, faults, spec, report.network) };
  return { trace: report.trace, json: renderTraceAs('json', report.trace, ctx), itf: renderTraceAs('itf', report.trace, ctx) };
}

const dir = mkdtempSync(join(tmpdir(), 'agora-traces-'));
let files = 0;

/** Writes `text` to a fresh temporary file; returns its path. */
export function tempFile(text: string, ext = 'json'): string {
  const path = join(dir, `trace-${files++}.${ext}`);
  writeFileSync(path, text);
  return path;
}

/** The bug variants and configurations whose traces docs/synod-traces.md pins (its `agora check` command lines). */
export function pinnedSynodTraces(): { config: string; bug: string }[] {
  const page = readFileSync(new URL('../../docs/synod-traces.md', import.meta.url), 'utf8');
  return [...page.matchAll(/`agora check synod --config ([\w-]+) --bug ([\w-]+)`/g)].map((m) => ({ config: m[1] as string, bug: m[2] as string }));
}
