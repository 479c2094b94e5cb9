/**
 * Where the CLI's output goes, one rule for every command (check, simulate):
 * when stdout carries a machine-readable document (`--json`, or `--trace
 * json|mermaid|itf`), stdout holds exactly that one document and the human
 * report goes to stderr; otherwise the report (and a text trace) go to
 * stdout. Flags that would silently drop each other are refused (exit 2).
 */
import type { NetworkKind, SystemSpec } from '../spec/core/system.js';
import { ActorModel } from './actor-system/actor-model.js';
import type { FaultOptions } from './actor-system/faults.js';
import type { Io } from './cli.js';
import { UsageError } from './registry.js';
import { traceToItf, renderItfTrace } from './render/itf.js';
import { renderJsonTrace } from './render/json.js';
import { renderMermaidTrace } from './render/mermaid.js';
import { renderTextTrace } from './render/text.js';
import { replayClaims } from './replay.js';
import type { Trace } from './trace.js';
import type { TraceSystem } from './trace-system.js';

export const TRACE_FORMATS = ['text', 'json', 'mermaid', 'itf'] as const;
export type TraceFormat = (typeof TRACE_FORMATS)[number];

export interface OutputFlags {
  json?: boolean;
  trace: TraceFormat;
  quiet?: boolean;
}

/**
 * Refuses conflicting output flags (`traceGiven`: --trace was on the command
 * line) and says where the human report goes: `report` is stderr when stdout
 * carries a document.
 */
export function outputStreams(flags: OutputFlags, traceGiven: boolean, io: Io): { machine: boolean; report: (text: string) => void } {
  if (flags.json === true && traceGiven) {
    throw new UsageError(`--json prints one JSON document, with any trace inside it (agora-trace/1): drop --trace ${flags.trace}`);
  }
  if (flags.json === true && flags.quiet === true) throw new UsageError('--json prints the whole report as one document: drop --quiet');
  const machine = flags.json === true || flags.trace !== 'text';
  return { machine, report: machine ? io.err : io.out };
}

export interface TraceContext {
  readonly protocol: string;
  readonly spec: SystemSpec;
  readonly faults: FaultOptions;
  readonly network?: NetworkKind;
  readonly system: TraceSystem;
}

/** A counterexample as one document in `format` (text: the readable trace). */
export function renderTraceAs(format: TraceFormat, trace: Trace, ctx: TraceContext): string {
  switch (format) {
    case 'json':
      return renderJsonTrace(trace, ctx.protocol, ctx.system);
    case 'mermaid':
      return renderMermaidTrace(trace);
    case 'itf': {
      // ITF holds every state: the trace is replayed on the machines to get them.
      const sys = new ActorModel(ctx.spec, { faults: ctx.faults, ...(ctx.network !== undefined ? { network: ctx.network } : {}) });
      const run = replayClaims(sys, trace.steps, trace.property);
      return renderItfTrace(traceToItf(sys, run.states, trace, ctx.protocol, ctx.system));
    }
    case 'text':
      return renderTextTrace(trace, { describeMessage: ctx.spec.describeMessage as (m: never) => string });
  }
}
