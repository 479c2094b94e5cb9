/**
 * Reporting shared by the commands that run a system (check, simulate): the
 * header line that names what ran, and the JSON document of `agora check`.
 * The report body itself is `render/report.ts`; traces are `cli-output.ts`.
 */
import type { SystemSpec } from '../spec/core/system.js';
import type { FaultOptions } from './actor-system/faults.js';
import type { CheckReport } from './check.js';
import type { ResolvedRun } from './cli-options.js';
import { int } from './render/format.js';
import { traceToJson } from './render/json.js';
import type { TraceSystem } from './trace-system.js';

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** The generic faults in words: "lossy, 1 duplicate, 1 crash (only a0, a1), 1 restart". */
export function faultsText(faults: FaultOptions, spec: SystemSpec): string {
  return [faults.lossy ? 'lossy' : '', faults.duplicates > 0 ? plural(faults.duplicates, 'duplicate') : '', faults.crashes > 0 ? plural(faults.crashes, 'crash', 'crashes') : '']
    .filter(Boolean)
    .join(', ')
    .concat(faults.crashable !== undefined ? ` (only ${faults.crashable.map((i) => spec.nodes[i]?.name).join(', ')})` : '')
    .concat((faults.recoveries ?? 0) > 0 ? `, ${plural(faults.recoveries ?? 0, 'restart')}` : '');
}

/** What the Byzantine nodes did in a check, in words (empty without them). */
export function byzantineText(byz: CheckReport['byzantine']): string {
  if (byz === undefined || byz.nodes.length === 0) return '';
  const power = byz.learns ? `${int(byz.messages)} messages from the start, ${int(byz.learned)} learned from what it was sent` : `${int(byz.messages)} messages`;
  return `Byzantine ${byz.nodes.join(', ')} (adversary ${byz.adversary}: ${power})`;
}

/**
 * The header of a report: "synod synod-s with --proposers 3: P=3 A=3 R=1 ·
 * bug own-value · faults: none · network multiset · bfs". The configuration
 * is named only when used unchanged (`ResolvedRun.label`).
 */
export function runHeader(run: ResolvedRun, faults: string, network: string, how: string): string {
  const { protocol, label, source } = run;
  return `${protocol.name} ${label}: ${protocol.describeParams(source.params)}${source.variant !== null ? ` · variant ${source.variant}` : ''}${source.bug !== null ? ` · bug ${source.bug}` : ''} · faults: ${faults || 'none'} · network ${network} · ${how}`;
}

/** The JSON document of `agora check --json`: the report, with the configuration as the header names it and any trace inside. */
export function checkJson(run: ResolvedRun, report: CheckReport, system: TraceSystem): string {
  const { trace, ...rest } = report;
  const { params, variant, bug } = run.source;
  return JSON.stringify(
    {
      config: run.label,
      params,
      variant,
      bug,
      ...(run.notes.length > 0 ? { notes: run.notes } : {}),
      ...rest,
      ...(trace !== undefined ? { trace: traceToJson(trace, run.protocol.name, system) } : {}),
    },
    null,
    2,
  );
}
