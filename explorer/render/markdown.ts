/**
 * Counterexamples as a markdown page: for each trace a heading, the text
 * rendering in a code block and the Mermaid sequence diagram (which GitHub
 * renders). `agora traces` writes the docs pages with it, so the docs, the
 * CLI output and the golden test come from the same functions.
 */
import type { Trace } from '../trace.js';
import { renderMermaidTrace } from './mermaid.js';
import { renderTextTrace, type TextTraceOptions } from './text.js';

export interface MarkdownSection {
  readonly title: string;
  /** One paragraph above the trace. */
  readonly intro: string;
  readonly trace: Trace;
  /** The final state in the violated property's own terms, printed under the verdict as `agora check` prints it. */
  readonly summary?: string;
}

export function renderMarkdownTraces(title: string, preface: string, sections: readonly MarkdownSection[], options: TextTraceOptions = {}): string {
  const out: string[] = [`# ${title}`, '', preface, ''];
  for (const s of sections) {
    out.push(`## ${s.title}`, '', s.intro, '', '```text', renderTextTrace(s.trace, s.summary !== undefined ? { ...options, summary: s.summary } : options), '```', '', '```mermaid', renderMermaidTrace(s.trace), '```', '');
  }
  return out.join('\n');
}
