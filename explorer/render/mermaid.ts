/**
 * A trace as a Mermaid sequence diagram (renders on GitHub inside a
 * ```mermaid block): one participant per node, an arrow per delivered
 * message (sender to receiver, at the moment of delivery), a cross for a
 * dropped one, and a note for environment events, crashes and the violation.
 */
import { match } from 'ts-pattern';
import type { Trace } from '../trace.js';

/** Mermaid treats `;` and `#` specially in messages; escape them as entity codes. */
function esc(text: string): string {
  return text.replace(/#/g, '#35;').replace(/;/g, '#59;');
}

export function renderMermaidTrace(trace: Trace): string {
  const lines = ['sequenceDiagram'];
  for (const l of trace.initial) lines.push(`  participant ${l.node}`);
  const lasso = trace.lasso;
  for (const s of trace.steps) {
    if (lasso?.kind === 'cycle' && s.index === lasso.loopFrom) lines.push(`  loop steps ${lasso.loopFrom}–${trace.steps.length} repeat forever`);
    const n = `${s.index}. `;
    const from = s.message?.from ?? s.node;
    lines.push(
      match(s.kind)
        .with('deliver', () => `  ${from}->>${s.node}: ${esc(n + s.label.replace(/^deliver /, ''))}`)
        .with('duplicate', () => `  ${from}-)${s.node}: ${esc(n + s.label)}`)
        .with('drop', () => `  ${from}-x${s.node}: ${esc(n + s.label)}`)
        .with('byzantine', () => `  ${from}--)${s.node}: ${esc(n + s.label)}`)
        .with('environment', 'crash', 'restart', () => `  Note over ${s.node}: ${esc(n + s.label)}`)
        .exhaustive(),
    );
  }
  if (lasso?.kind === 'cycle') lines.push('  end');
  const last = trace.steps[trace.steps.length - 1];
  const where = last?.changes[0]?.node ?? last?.node ?? trace.initial[0]?.node ?? 'system';
  const verdict = lasso === undefined ? `${trace.property} violated` : lasso.kind === 'cycle' ? `${trace.property} never holds: the loop repeats forever` : trace.property === 'deadlock' ? 'deadlock: no step, not final' : `${trace.property} never holds: no step is enabled`;
  lines.push(`  Note over ${where}: ${esc(verdict)}`);
  return lines.join('\n');
}
