/**
 * Renders a counterexample: the explorer checks Synod with the `own-value`
 * bug (a proposer that ignores the votes reported to it) on the default
 * configuration, with the reductions the CLI uses, and the shortest trace
 * that breaks agreement is rendered as text, as a Mermaid sequence diagram
 * and as JSON, as `agora check synod --bug own-value --trace ...` prints it.
 */
import { explorer, synod } from '../index.js';

/** The own-value counterexample in the three formats, and its number of steps. */
export function ownValueTrace(): { readonly steps: number; readonly text: string; readonly mermaid: string; readonly json: string } {
  const system = synod.synodSystem({ proposers: 2, acceptors: 3, rounds: 1 }, 'own-value');
  const report = explorer.check(system, { symmetry: true, por: true, shortest: true });
  if (report.status !== 'violated' || report.trace === undefined) throw new Error(`own-value should break agreement, got ${report.status}`);
  const trace = report.trace;
  return {
    steps: trace.steps.length,
    text: explorer.renderTextTrace(trace, { describeMessage: system.describeMessage }),
    mermaid: explorer.renderMermaidTrace(trace),
    json: explorer.renderJsonTrace(trace, system.protocol),
  };
}
