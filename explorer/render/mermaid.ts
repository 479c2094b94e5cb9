/**
 * A trace as a Mermaid sequence diagram (renders on GitHub inside a
 * ```mermaid block): one participant per node, an arrow per delivered
 * message (sender to receiver, at the moment of delivery), a cross for a
 * dropped one, and a note for environment events, crashes and the violation.
 */
import type { Trace } from '../trace.js';

/** Mermaid treats `;` and `#` specially in messages; escape them as entity codes. */
function esc(text: string): string {
  return text.replace(/#/g, '#35;').replace(/;/g, '#59;');
}

export function renderMermaidTrace(trace: Trace): string {
  const lines = ['sequenceDiagram'];
  for (const l of trace.initial) lines.push(`  participant ${l.node}`);
  for (const s of trace.steps) {
    const n = `${s.index}. `;
    switch (s.kind) {
      case 'deliver':
        lines.push(`  ${s.message?.from ?? s.node}->>${s.node}: ${esc(n + s.label.replace(/^deliver /, ''))}`);
        break;
      case 'duplicate':
        lines.push(`  ${s.message?.from ?? s.node}-)${s.node}: ${esc(n + s.label)}`);
        break;
      case 'drop':
        lines.push(`  ${s.message?.from ?? s.node}-x${s.node}: ${esc(n + s.label)}`);
        break;
      case 'environment':
      case 'crash':
        lines.push(`  Note over ${s.node}: ${esc(n + s.label)}`);
        break;
    }
  }
  const last = trace.steps[trace.steps.length - 1];
  const where = last?.changes[0]?.node ?? last?.node ?? trace.initial[0]?.node ?? 'system';
  lines.push(`  Note over ${where}: ${esc(`${trace.property} violated`)}`);
  return lines.join('\n');
}
