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
  /** The final state summarised in the violated property's own terms (`Property.explain`), printed under the verdict. */
  readonly summary?: string;
  /** Notations explained under the trace when the trace shows them (`SystemSpec.notations`). */
  readonly notations?: readonly { readonly text: string; readonly meaning: string }[];
  /** Every node's whole state after each step, not only what changed (`--trace-full`). */
  readonly full?: boolean;
}

/** The local states as a block of lines: `p0  preparing  round=1 ...`, names padded to `width`. */
function stateBlock(locals: readonly { node: string; value: unknown; context: unknown }[], indent: string): string[] {
  const width = Math.max(...locals.map((l) => l.node.length));
  return locals.map((l) => `${indent}${l.node.padEnd(width)}  ${stateValue(l.value)}  ${shownFields(l.context).map(([k, v]) => `${k}=${compact(v)}`).join(' ')}`);
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
  const lasso = trace.lasso;
  const n = trace.steps.length;
  if (lasso === undefined) lines.push(`Counterexample: ${trace.property} is violated after ${n} step${n === 1 ? '' : 's'}.`);
  else if (lasso.kind === 'cycle') {
    lines.push(`Counterexample (a lasso): ${trace.property} never holds on a run that takes steps 1–${lasso.loopFrom - 1}, then repeats steps ${lasso.loopFrom}–${n} forever${trace.fairness !== undefined ? ` (fair under fairness ${trace.fairness})` : ''}.`);
  } else if (trace.property === 'deadlock') lines.push(`Counterexample: after ${n} step${n === 1 ? '' : 's'} no step is enabled, in a state the protocol does not declare final.`);
  else lines.push(`Counterexample (a lasso ending in a state with no step): ${trace.property} never holds on a run of ${n} step${n === 1 ? '' : 's'} after which nothing can happen.`);
  lines.push('');
  lines.push('  initial state');
  lines.push(...stateBlock(trace.initial, '    '));
  // The whole state as the steps go (for --trace-full): the initial locals, each step's changes applied.
  const current = new Map(trace.initial.map((l) => [l.node, l]));
  for (const step of trace.steps) {
    lines.push('');
    if (lasso?.kind === 'cycle' && step.index === lasso.loopFrom) lines.push(`  ── loop: steps ${lasso.loopFrom}–${n} repeat forever ──`);
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
    for (const c of step.changes) current.set(c.node, c.after);
    if (options.full === true) {
      lines.push('        state after it:');
      lines.push(...stateBlock([...current.values()], '          '));
    }
  }
  lines.push('');
  if (lasso === undefined) lines.push(`  ✗ ${trace.property} fails in the state reached by step ${n}.`);
  else if (lasso.kind === 'cycle' && lasso.renaming !== undefined) {
    const how = lasso.renaming === '' ? 'up to messages its receivers refuse for good' : `up to the model's renaming: ${lasso.renaming}`;
    lines.push(`  ↺ the state after step ${n} is the state before step ${lasso.loopFrom} ${how}: steps ${lasso.loopFrom}–${n} repeat forever, and ${trace.property} never holds.`);
  } else if (lasso.kind === 'cycle') lines.push(`  ↺ the state after step ${n} is the state before step ${lasso.loopFrom}: steps ${lasso.loopFrom}–${n} repeat, and ${trace.property} never holds.`);
  else lines.push(`  ■ no step is enabled after step ${n}: the run ends here${trace.property === 'deadlock' ? ', in a state that is not final' : `, and ${trace.property} never held`}.`);
  if (options.summary !== undefined) lines.push(`    ${options.summary}`);
  // Notations the trace shows that a reader cannot guess, each explained once, where it appears.
  const shown = (options.notations ?? []).filter((x) => lines.some((l) => l.includes(x.text)));
  if (shown.length > 0) {
    lines.push('');
    for (const x of shown) lines.push(`  note: \`${x.text}\` is ${x.meaning}.`);
  }
  return lines.join('\n');
}
