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
import type { Io } from './cli-io.js';
import { UsageError } from './registry.js';
import { traceToItf, renderItfTrace } from './render/itf.js';
import { renderJsonTrace } from './render/json.js';
import { renderMermaidTrace } from './render/mermaid.js';
import { renderTextTrace } from './render/text.js';
import { replayClaims } from './replay.js';
import { decodeState, type Trace } from './trace.js';
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
  /** Text traces: every node's whole state after each step (`--trace-full`), not only what changed. */
  readonly full?: boolean;
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
    case 'text': {
      const summary = finalSummary(trace, ctx);
      return renderTextTrace(trace, {
        describeMessage: ctx.spec.describeMessage as (m: never) => string,
        ...(summary !== undefined ? { summary } : {}),
        ...(ctx.spec.notations !== undefined ? { notations: ctx.spec.notations } : {}),
        ...(ctx.full === true ? { full: true } : {}),
      });
    }
  }
}

/**
 * The last state of a safety counterexample in the violated property's own
 * terms (`Property.explain`), e.g. `l0 decided {v0, v1}: two values`: the
 * trace is replayed on the machines to get that state whole. Undefined when
 * the property declares no summary, or for a liveness counterexample.
 */
export function finalSummary(trace: Trace, ctx: Pick<TraceContext, 'spec' | 'faults' | 'network'>): string | undefined {
  const property = ctx.spec.properties.find((p) => p.name === trace.property);
  if (trace.lasso !== undefined || property?.explain === undefined) return undefined;
  const sys = new ActorModel(ctx.spec, { faults: ctx.faults, ...(ctx.network !== undefined ? { network: ctx.network } : {}) });
  const run = replayClaims(sys, trace.steps, trace.property);
  const last = run.states[run.states.length - 1];
  if (last === undefined) return undefined;
  const state = decodeState(sys, last);
  const view = { locals: state.locals.map((l) => l.context), crashed: state.crashed, messages: () => state.messages };
  return property.explain(view, state.locals.map((l) => l.node));
}
