/**
 * A simulation report as the CLI prints it: the run, a verdict per property
 * (VIOLATED, or "not violated in N runs": never "holds"), the figures (runs,
 * steps, rates), the coverage (steps by kind, distinct local states per
 * node, state values never reached), and a closing line. The counterexample
 * itself is rendered by `../render/text.ts` like any other trace; JSON goes
 * through `../render/json.ts`.
 */
import { STEP_KIND_NAMES } from '../actor-system/actions.js';
import { int, rate } from '../render/format.js';
import { traceToJson } from '../render/json.js';
import { MAX_RUN, type SimulationReport, type StopReason } from './engine.js';

const STOP_TEXT: Record<StopReason, string> = {
  violation: 'stopped at the first violation',
  runs: 'every run asked for',
  'max-seconds': 'stopped by --max-seconds',
  interrupt: 'interrupted',
};

function plural(n: number, one: string, many = `${one}s`): string {
  return `${int(n)} ${n === 1 ? one : many}`;
}

function percent(part: number, whole: number): string {
  if (whole === 0) return '0%';
  const p = (100 * part) / whole;
  return p > 0 && p < 0.1 ? '<0.1%' : `${p.toFixed(1)}%`;
}

/** The coverage lines: steps by kind, local states per node (grouped by role), unreached state values. */
export function coverageLines(report: SimulationReport): string[] {
  const { kinds, nodes, roles } = report.coverage;
  const total = report.stats.steps;
  const lines: string[] = [];
  const taken = STEP_KIND_NAMES.filter((k) => kinds[k] > 0);
  // NOTE: restarts exist only under --recoveries and the report does not say which kinds were possible, so an
  // untaken restart is not listed (it would be, for every crash-stop run).
  const never = STEP_KIND_NAMES.filter((k) => kinds[k] === 0 && k !== 'restart');
  lines.push(`  step kinds        ${taken.length > 0 ? taken.map((k) => `${k} ${int(kinds[k])} (${percent(kinds[k], total)})`).join(' · ') : 'none taken'}`);
  if (never.length > 0) lines.push(`                    never taken: ${never.join(', ')}`);
  const byRole = new Map<string, string[]>();
  for (const n of nodes) {
    const list = byRole.get(n.role) ?? [];
    list.push(`${n.node} ${int(n.localStates)}`);
    byRole.set(n.role, list);
  }
  let first = true;
  for (const [role, list] of byRole) {
    lines.push(`  ${first ? 'local states' : ''.padEnd(12)}      ${role}: ${list.join(', ')}`);
    first = false;
  }
  const unreached = roles.flatMap((r) => (r.unreached ?? []).map((v) => `${r.role}.${v}`));
  const unknown = roles.filter((r) => r.values === undefined).map((r) => r.role);
  lines.push(`  state values      ${unreached.length === 0 ? 'every state value of every role was reached' : `never reached: ${unreached.join(', ')}`}`);
  if (unknown.length > 0) lines.push(`                    (not enumerable for: ${unknown.join(', ')})`);
  return lines;
}

/** The command line that replays the reported violation: the run alone, in this thread. */
export function replayCommand(base: string, report: SimulationReport): string | undefined {
  const v = report.violation;
  if (v === undefined) return undefined;
  return `${base} --seed ${report.seed} --run ${v.run}${report.swarm ? ' --swarm' : ''}${report.maxSteps !== DEFAULT_MAX_STEPS ? ` --max-steps ${report.maxSteps}` : ''}`;
}

/** The default step bound of a walk (`--max-steps`). */
export const DEFAULT_MAX_STEPS = 200;

/**
 * The report as text. `header` names the system; `command`, the command line
 * that chose it (for the replay line).
 */
export function renderSimulationReport(report: SimulationReport, header: string, command: string): string {
  const s = report.stats;
  const runsText = plural(s.runs, 'run');
  const lines: string[] = [header, ''];
  const width = Math.max(...report.properties.map((p) => p.name.length));
  for (const p of report.properties) {
    lines.push(`  ${p.name.padEnd(width)} ${p.verdict === 'violated' ? 'VIOLATED' : `not violated in ${runsText} (not a proof)`}`);
  }
  lines.push('');
  const asked = report.runsAsked >= MAX_RUN - report.firstRun ? '' : ` of ${int(report.runsAsked)}`;
  const from = report.firstRun > 0 ? ` from run #${report.firstRun}` : '';
  lines.push(`  runs              ${int(s.runs)}${asked}${from}, ${STOP_TEXT[report.stoppedBy]}; seed ${report.seed}${report.swarm ? ', swarm' : ''}`);
  lines.push(
    `  steps             ${int(s.steps)} (${s.runs > 0 ? (s.steps / Math.max(1, s.runs)).toFixed(1) : '0'} per run; ${plural(s.deadlocks, 'run')} ended with no step enabled, ${int(s.maxedOut)} at --max-steps ${report.maxSteps})`,
  );
  lines.push(`  time              ${s.seconds.toFixed(2)} s  (${rate(s.runsPerSecond)} runs/s, ${rate(s.stepsPerSecond)} steps/s, ${report.workers === 0 ? 'in this thread' : plural(report.workers, 'worker')})`);
  lines.push(`  violating runs    ${int(s.violations)}`);
  lines.push(...coverageLines(report));
  const v = report.violation;
  if (v !== undefined) {
    lines.push('');
    lines.push(
      `  violation         ${v.propertyName} in run #${v.run} after ${plural(v.length, 'step')}; shrunk to ${plural(v.steps.length, 'step')} (${plural(v.shrinkTests, 'candidate')} replayed${v.shrinkCut ? ', budget exhausted: may shrink further' : ''})`,
    );
    if (v.weights !== null) {
      lines.push(`  run's weights     ${Object.entries(v.weights).map(([k, w]) => `${k} ${w === 0 ? 'off' : w}`).join(' · ')}`);
    }
    lines.push(`  replay            ${replayCommand(command, report) ?? ''}`);
    lines.push('');
    lines.push(`✗ ${v.propertyName} is violated (counterexample below, shrunk from run #${v.run} of seed ${report.seed}).`);
  } else {
    const why = report.stoppedBy === 'runs' ? '' : ` (${STOP_TEXT[report.stoppedBy]})`;
    lines.push('');
    lines.push(`○ no violation found in ${runsText}${why}. Random simulation samples executions; it is not a proof that the properties hold (agora check explores them all).`);
  }
  return lines.join('\n');
}

/** The report as JSON (the trace in the `agora-trace/1` format). */
export function simulationToJson(report: SimulationReport, extra: Record<string, unknown>, command: string): unknown {
  const { violation, ...rest } = report;
  return {
    ...extra,
    ...rest,
    ...(violation !== undefined
      ? { violation: { ...violation, trace: traceToJson(violation.trace, report.protocol), replay: replayCommand(command, report) } }
      : {}),
  };
}
