/**
 * A check report as the CLI prints it: the run, a verdict per property, the
 * figures (distinct states, transitions, depth, time, rate, memory, memo),
 * and a closing verdict line. Never says "holds" for a search that stopped early.
 */
import type { CheckReport } from '../check.js';
import { fairnessText } from '../../spec/core/property.js';
import { bytes, int, rate } from './format.js';

const LIMIT_TEXT: Record<string, string> = {
  'max-states': '--max-states',
  'max-depth': '--max-depth',
  'max-seconds': '--max-seconds',
  'max-memory': '--max-memory',
  interrupted: 'an interrupt (SIGINT or SIGTERM)',
};

/** What the reductions did: the groups of the symmetry, and how many states the partial-order reduction cut. */
function reductionLines(report: CheckReport): string[] {
  const { symmetry, por } = report.reductions;
  const lines: string[] = [];
  if (symmetry !== null) {
    lines.push(`  symmetry          on: ${symmetry.groups.map((g) => g.join(', ')).join(' and ')} interchangeable (${int(symmetry.permutations)} permutations); distinct states are orbits`);
  }
  if (por !== null) {
    const expanded = por.reduced + por.full;
    lines.push(
      por.active
        ? `  partial order     on: ${int(por.reduced)} of ${int(expanded)} expanded states took a persistent subset of their steps`
        : `  partial order     off: ${por.off ?? 'no set of nodes is closed under who sends to them and unread by the properties'}`,
    );
  }
  return lines;
}

export function renderReport(report: CheckReport, header: string): string {
  const s = report.stats;
  const lines: string[] = [header, ''];
  const width = Math.max(...report.properties.map((p) => p.name.length));
  for (const p of report.properties) {
    const verdict =
      p.verdict === 'holds'
        ? 'holds'
        : p.verdict === 'violated'
          ? 'VIOLATED'
          : report.status === 'violated'
            ? 'not established (the search stopped at the first violation)'
            : 'not established (the search did not finish)';
    const kind = p.kind === 'eventually' || p.kind === 'leads-to' ? `  (${p.kind}, fairness ${p.fairness ?? 'weak'})` : '';
    lines.push(`  ${p.name.padEnd(width)} ${verdict}${kind}`);
  }
  const fairness = [...new Set(report.properties.flatMap((p) => (p.fairness !== undefined ? [p.fairness] : [])))];
  for (const f of fairness) lines.push(`  fairness ${f}: ${fairnessText(f)}`);
  if (report.witnesses !== undefined && report.witnesses.length > 0) {
    lines.push('');
    const ww = Math.max(...report.witnesses.map((w) => w.name.length));
    for (const w of report.witnesses) {
      const what = w.reached === true ? `reached (first at depth ${w.depth ?? '?'})` : w.reached === false ? `UNREACHABLE: ${w.warning ?? ''}` : 'not reached before the search stopped';
      lines.push(`  witness ${w.name.padEnd(ww)} ${what}`);
    }
  }
  for (const n of report.notes ?? []) lines.push(`  note: ${n}`);
  lines.push('');
  lines.push(`  distinct states   ${int(s.states)}`);
  lines.push(`  transitions       ${int(s.transitions)}`);
  lines.push(`  depth             ${s.depth}`);
  lines.push(`  time              ${s.seconds.toFixed(2)} s  (${rate(s.statesPerSecond)} distinct states/s)`);
  lines.push(`  peak memory       ${bytes(s.peakRssBytes)} RSS  (${s.bytesPerState.toFixed(1)} bytes/state)`);
  lines.push(
    `  memo              ${int(s.memoMisses)} xstate steps served ${int(s.memoLookups)} lookups (${(s.memoHitRate * 100).toFixed(3)}% hits); ${int(s.localStates)} local states, ${int(s.messages)} messages`,
  );
  if (s.spilledBytes !== undefined) lines.push(`  queue on disk     ${bytes(s.spilledBytes)} moved to disk over the memory budget, and read back`);
  lines.push(`  fingerprints      64-bit; odds that two states collided ≤ ${s.collisionOdds.toExponential(1)} (another --seed rules it out)`);
  lines.push(...reductionLines(report));
  lines.push('');
  const vacuous = (report.witnesses ?? []).filter((w) => w.reached === false);
  if (report.status === 'holds') {
    lines.push(`✔ all properties hold: the search is exhaustive (${int(s.states)} distinct states).`);
    for (const w of vacuous) lines.push(`⚠ ${w.warning ?? `${w.name} is unreachable`}.`);
  } else if (report.status === 'violated') {
    const p = report.properties.find((x) => x.verdict === 'violated');
    const lasso = report.trace?.lasso;
    const how = lasso !== undefined
      ? lasso.kind === 'cycle'
        ? ' (a run that loops forever without it: the lasso below)'
        : p?.kind === 'deadlock'
          ? ' (a run to a state with no step that is not final, below)'
          : ' (a run that ends without it: the lasso below)'
      : report.reductions.shortest
      ? ' (shortest counterexample below)'
      : report.strategy === 'dfs'
        ? ' (counterexample below; DFS does not promise a shortest one)'
        : report.reductions.shortestStoppedBy !== undefined
          ? ` (counterexample below; with partial-order reduction it may be longer than the shortest, and the search for a shorter one stopped at ${LIMIT_TEXT[report.reductions.shortestStoppedBy] ?? 'a limit'})`
          : ' (counterexample below; with partial-order reduction it may be longer than the shortest: drop --no-shortest, or use --por off, for a shortest one)';
    lines.push(`✗ ${p?.name ?? 'a property'} is violated${how}.`);
  } else {
    const limit = report.stoppedBy !== undefined ? LIMIT_TEXT[report.stoppedBy] : 'a limit';
    const what = report.stoppedBy === 'interrupted' ? 'search interrupted' : 'search incomplete';
    lines.push(`… ${what}: stopped by ${limit} before exploring every state; no property is established.`);
  }
  return lines.join('\n');
}
