/**
 * The JSON trace format, `agora-trace/1` (documented in docs/traces.md):
 *
 *   { format: "agora-trace/1", protocol, property, system?,
 *     initial: [{ node, value, context }],
 *     steps: [{ index, kind, node, label, message?, event?, sent: [msg], learned?: [msg],
 *               changes: [{ node, before: { value, context }, after: { value, context } }] }] }
 *
 * `kind` is one of environment, deliver, duplicate, drop, crash, byzantine.
 * Messages are the protocol's message objects (type, from, to and their
 * fields). `learned`: what a learning adversary may send from this step on.
 * A liveness counterexample adds `lasso`: `{ kind: "cycle", loopFrom }` (steps
 * loopFrom.. repeat forever) or `{ kind: "terminal" }` (no step after the
 * last), and `fairness`, the assumption it is fair under.
 * Fields are only ever added to this format, never renamed or removed.
 */
import type { Trace } from '../trace.js';
import type { TraceSystem } from '../trace-system.js';

export const TRACE_FORMAT = 'agora-trace/1';

/** `system`, when given, records the configuration, sizes, faults and network the trace was found on (for `agora replay`). */
export function traceToJson(trace: Trace, protocol: string, system?: TraceSystem): unknown {
  return {
    format: TRACE_FORMAT,
    protocol,
    property: trace.property,
    ...(system !== undefined ? { system } : {}),
    ...(trace.lasso !== undefined ? { lasso: trace.lasso } : {}),
    ...(trace.fairness !== undefined ? { fairness: trace.fairness } : {}),
    initial: trace.initial.map((l) => ({ node: l.node, value: l.value, context: l.context })),
    steps: trace.steps.map((s) => ({
      index: s.index,
      kind: s.kind,
      node: s.node,
      label: s.label,
      ...(s.message !== undefined ? { message: s.message } : {}),
      ...(s.event !== undefined ? { event: s.event } : {}),
      sent: s.sent,
      ...(s.learned !== undefined ? { learned: s.learned } : {}),
      changes: s.changes.map((c) => ({
        node: c.node,
        before: { value: c.before.value, context: c.before.context },
        after: { value: c.after.value, context: c.after.context },
      })),
    })),
  };
}

export function renderJsonTrace(trace: Trace, protocol: string, system?: TraceSystem): string {
  return JSON.stringify(traceToJson(trace, protocol, system), null, 2);
}
