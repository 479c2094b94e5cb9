/**
 * A trace as plain text: each step numbered and named the way a person reads
 * it, followed by the local state it changed (field: before → after) and the
 * messages it sent.
 */
import type { Trace } from '../trace.js';
import { compact, shownFields, stateValue } from './format.js';

export interface TextTraceOptions {
  /** Names the messages sent by a step (defaults to the message type). */
  readonly describeMessage?: (m: never) => string;
}

/**
 * One changed field: `round: 0 → 1`; for arrays (sets) that only grew or only
 * shrank, just the difference: `promises += {acceptor: a1, ...}`.
 */
function describeChange(key: string, was: unknown, now: unknown): string | undefined {
  const a = compact(was);
  const b = compact(now);
  if (a === b) return undefined;
  if (Array.isArray(was) && Array.isArray(now) && was.length > 0) {
    const before = was.map(compact);
    const after = now.map(compact);
    const added = after.filter((x) => !before.includes(x));
    const removed = before.filter((x) => !after.includes(x));
    if (removed.length === 0 && added.length > 0) return `${key} += ${added.join(', ')}`;
    if (added.length === 0 && removed.length > 0) return `${key} -= ${removed.join(', ')}`;
  }
  return `${key}: ${a} → ${b}`;
}

export function renderTextTrace(trace: Trace, options: TextTraceOptions = {}): string {
  const name = (m: { type: string }): string => (options.describeMessage ? options.describeMessage(m as never) : m.type);
  const lines: string[] = [];
  lines.push(`Counterexample: ${trace.property} is violated after ${trace.steps.length} step${trace.steps.length === 1 ? '' : 's'}.`);
  lines.push('');
  lines.push('  initial state');
  const width = Math.max(...trace.initial.map((l) => l.node.length));
  for (const l of trace.initial) {
    const fields = shownFields(l.context).map(([k, v]) => `${k}=${compact(v)}`);
    lines.push(`    ${l.node.padEnd(width)}  ${stateValue(l.value)}  ${fields.join(' ')}`);
  }
  for (const step of trace.steps) {
    lines.push('');
    lines.push(`  ${String(step.index).padStart(2)}. ${step.label}`);
    for (const c of step.changes) {
      const parts: string[] = [];
      const bv = stateValue(c.before.value);
      const av = stateValue(c.after.value);
      if (bv !== av) parts.push(`${bv} → ${av}`);
      const before = new Map(shownFields(c.before.context));
      for (const [k, v] of shownFields(c.after.context)) {
        const change = describeChange(k, before.get(k), v);
        if (change !== undefined) parts.push(change);
      }
      lines.push(`        ${c.node}: ${parts.length > 0 ? parts.join('; ') : '(no visible change)'}`);
    }
    if (step.sent.length > 0) lines.push(`        sends ${step.sent.map(name).join(', ')}`);
    if (step.learned !== undefined) lines.push(`        the adversary may now send ${step.learned.map(name).join(', ')}`);
  }
  lines.push('');
  lines.push(`  ✗ ${trace.property} fails in the state reached by step ${trace.steps.length}.`);
  return lines.join('\n');
}
