#!/usr/bin/env node
/**
 * `agora`: the command line, the composition root (the only module that
 * imports the protocol registry). argv -> check -> render -> exit code:
 *   0 all properties hold, 1 a property is violated, 2 bad usage or bad model,
 *   3 stopped by a limit before finishing, 4 the search failed (a cluster
 *   worker was lost: nothing is concluded), 130 stopped by SIGINT or SIGTERM
 *   (the report so far is printed, and says "interrupted").
 * Parsing uses commander; colour picocolors; the live progress line log-update.
 */
import { writeFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import pc from 'picocolors';
import type { NamedConfig, ProtocolEntry } from '../spec/core/registry.js';
import { PROTOCOLS, findProtocol } from '../machines/index.js';
import { ModelError } from './actor-system/step.js';
import type { SystemSpec } from '../spec/core/system.js';
import { check, type CheckReport, type Strategy } from './check.js';
import { FAULT_OPTIONS, addSystemOptions, configFaults, integer, resolveRun, type RunFlags } from './cli-options.js';
import { simulateCommand } from './cli-simulate.js';
import { MIB, MemoryWatch, defaultCeiling, readMemoryFacts } from './memory.js';
import { clusterLauncher, SearchFailed } from './parallel/cluster.js';
import { startParallelCheck } from './parallel/coordinator.js';
import { workerCommand } from './cli-worker.js';
import { startThreadCheck } from './parallel/sequential.js';
import { ProgressPrinter } from './render/progress.js';
import { UsageError, buildSystem, livenessNames, resolveAdversary, resolveConfig, resolveVariant, selectProperties } from './registry.js';
import { FAIRNESS_KINDS, type Fairness } from '../spec/core/property.js';
import { costTable, type CostTable } from './cost.js';
import { costToJson, renderCostTable, renderLeaderShares } from './render/cost.js';
import { int } from './render/format.js';
import { traceToJson } from './render/json.js';
import { renderMarkdownTraces } from './render/markdown.js';
import { renderReport } from './render/report.js';
import { TRACE_FORMATS, outputStreams, renderTraceAs, type TraceFormat } from './cli-output.js';
import { replayCommand } from './cli-replay.js';
import { traceSystem } from './trace-system.js';
import type { SearchProgress } from './search/limits.js';

export const EXIT = { holds: 0, violated: 1, usage: 2, incomplete: 3, failed: 4, interrupted: 130 } as const;


interface CheckFlags extends RunFlags {
  symmetry?: 'on' | 'off';
  por?: 'on' | 'off';
  shortest?: boolean;
  strategy: Strategy;
  maxStates?: number;
  maxDepth?: number;
  maxSeconds?: number;
  maxMemory?: number;
  seed?: number;
  json?: boolean;
  trace: TraceFormat;
  quiet?: boolean;
  workers?: number;
  checkpoint?: string;
  checkpointEvery: number;
  resume?: string;
  cluster?: string;
  lostAfter: number;
  fairness?: Fairness;
  deadlock?: boolean;
  witnesses?: boolean;
  [param: string]: unknown;
}

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Whether stderr is a terminal (enables the live progress line). */
  readonly errIsTty: boolean;
  /** Whether output may carry colour; picocolors' own detection (a terminal, FORCE_COLOR, CI, ...) when unset. */
  readonly colour?: boolean;
}

const processIo: Io = {
  out: (t) => process.stdout.write(`${t}\n`),
  err: (t) => process.stderr.write(`${t}\n`),
  errIsTty: process.stderr.isTTY === true,
};

function listText(colour: boolean): string {
  const { bold } = pc.createColors(colour);
  const lines: string[] = [];
  for (const p of PROTOCOLS) {
    lines.push(`${bold(p.name)} — ${p.summary}`);
    lines.push(`  follows: ${p.source}`);
    lines.push(`  sizes:   ${p.parameters.map((x) => `--${x.name} N (${x.description}, ${x.min}..${x.max})`).join('; ')}`);
    lines.push('  configurations:');
    // Each list's names padded to its longest, so the descriptions line up.
    const column = (names: readonly string[]): number => Math.max(...names.map((x) => x.length));
    const cw = column(p.configs.map((c) => c.name));
    for (const c of p.configs) {
      const mark = c.name === p.defaultConfig ? ' (default)' : '';
      const adversary = c.adversary !== undefined ? ` adversary ${c.adversary}` : '';
      lines.push(`    ${c.name.padEnd(cw)}  ${p.describeParams(c.params)}${c.faults?.lossy ? ' lossy' : ''}${adversary}${mark} — ${c.description}`);
    }
    if (p.adversaries !== undefined) {
      lines.push('  Byzantine adversaries (--adversary NAME):');
      const aw = column(Object.keys(p.adversaries));
      for (const [name, what] of Object.entries(p.adversaries)) {
        lines.push(`    ${name.padEnd(aw)}  ${what}${name === p.defaultAdversary ? ' (default)' : ''}`);
      }
    }
    if (p.variants !== undefined) {
      lines.push('  variants (--variant NAME):');
      const vw = column(Object.keys(p.variants));
      for (const [name, what] of Object.entries(p.variants)) {
        lines.push(`    ${name.padEnd(vw)}  ${what}${name === p.defaultVariant ? ' (default)' : ''}`);
      }
    }
    lines.push('  properties:');
    const pw = column(p.properties.map((x) => x.name));
    for (const x of p.properties) lines.push(`    ${x.name.padEnd(pw)}  ${x.description}`);
    lines.push('  bug variants (--bug NAME):');
    const bw = column(Object.keys(p.bugs));
    for (const [name, why] of Object.entries(p.bugs)) lines.push(`    ${name.padEnd(bw)}  ${why}`);
    lines.push('');
  }
  lines.push('fault options (any protocol):');
  for (const [flag, what] of FAULT_OPTIONS) lines.push(`  ${flag.padEnd(16)} ${what}`);
  lines.push('');
  lines.push('strategies: --strategy bfs (default; shortest counterexample) | dfs (less memory, no shortest-trace promise)');
  return lines.join('\n');
}

async function runCheck(protocolName: string, flags: CheckFlags, io: Io, traceGiven: boolean): Promise<number> {
  // Stdout carries one document (--json, --trace json|mermaid|itf), else the report: cli-output.ts.
  const streams = outputStreams(flags, traceGiven, io);
  const { protocol, config, source, spec, faults } = resolveRun(protocolName, flags);
  const { params, bug, variant } = source;
  if (flags.symmetry === 'on' && spec.symmetry === undefined) {
    throw new UsageError(`${protocol.name}${bug !== null ? ` with --bug ${bug}` : ''} declares no symmetry groups; drop --symmetry on`);
  }
  // By default, symmetry wherever declared, except against an adversary that learns (not supported with it).
  const symmetry = flags.symmetry !== undefined ? flags.symmetry === 'on' : spec.symmetry !== undefined && spec.byzantine?.learn === undefined;
  // The memory ceiling: --max-memory, else what the machine has available (memory.ts); the machine is
  // watched during the run either way, so that a run stops before the kernel's OOM killer acts.
  const maxMemoryBytes = flags.maxMemory !== undefined ? flags.maxMemory * MIB : defaultCeiling(readMemoryFacts(), process.memoryUsage.rss());
  const watch = new MemoryWatch({ budgetBytes: maxMemoryBytes });
  const limits = {
    ...(flags.maxStates !== undefined ? { maxStates: flags.maxStates } : {}),
    ...(flags.maxDepth !== undefined ? { maxDepth: flags.maxDepth } : {}),
    ...(flags.maxSeconds !== undefined ? { maxSeconds: flags.maxSeconds } : {}),
    maxMemoryBytes,
    // Over the budget, the BFS queue goes to disk first; the search stops only when that is not enough.
    spillAboveBytes: maxMemoryBytes,
  };
  const progress = new ProgressPrinter({
    out: io.err,
    isTty: io.errIsTty,
    quiet: flags.quiet === true || flags.json === true,
    limits: { ...(flags.maxSeconds !== undefined ? { maxSeconds: flags.maxSeconds } : {}), ...(flags.maxStates !== undefined ? { maxStates: flags.maxStates } : {}) },
  });
  // Liveness (named with --property) runs the sequential graph search: one worker, no checkpoints.
  const liveness = livenessNames(spec, flags.property);
  if (liveness.length > 0 && ((flags.workers ?? 1) > 1 || flags.checkpoint !== undefined || flags.resume !== undefined || flags.cluster !== undefined)) {
    throw new UsageError(`liveness (${liveness.join(', ')}) is checked by one worker: drop --workers, --cluster, --checkpoint and --resume`);
  }
  const common = {
    ...(liveness.length > 0 ? { liveness } : {}),
    ...(flags.fairness !== undefined ? { fairness: flags.fairness } : {}),
    deadlock: flags.deadlock !== false,
    witnesses: flags.witnesses !== false,
    faults,
    ...(flags.network !== undefined ? { network: flags.network } : {}),
    symmetry,
    por: flags.por !== 'off',
    shortest: flags.shortest !== false,
    ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
    limits,
    onProgress: (p: SearchProgress & { readonly workers?: number }) => void progress.update(p),
  };
  const checkpointDir = flags.checkpoint ?? flags.resume;
  if (flags.strategy === 'dfs' && checkpointDir !== undefined) throw new UsageError('--checkpoint and --resume work with --strategy bfs (checkpoints are taken at the start of a BFS level)');
  const keep = {
    ...(checkpointDir !== undefined ? { checkpoint: { dir: checkpointDir, everySeconds: flags.checkpointEvery } } : {}),
    ...(flags.resume !== undefined ? { resume: flags.resume } : {}),
  };
  // The search runs in worker threads; this thread stays free for signals, progress and the report.
  // One worker without checkpoints: the sequential search, in its thread (the same counts as any number of
  // workers, and faster than the split search's machinery on one worker).
  const workers = flags.workers ?? 1;
  if (flags.cluster !== undefined && flags.strategy !== 'bfs') throw new UsageError('--cluster works with --strategy bfs');
  // Across machines (--cluster): the same split search, its workers in `agora worker` processes.
  const launcher = flags.cluster !== undefined ? { launcher: clusterLauncher(flags.cluster, { lostAfterMs: flags.lostAfter * 1000, log: flags.quiet === true || flags.json === true ? () => {} : io.err }) } : {};
  const split = flags.strategy === 'bfs' && (workers > 1 || checkpointDir !== undefined || flags.cluster !== undefined);
  const run = split
    ? startParallelCheck(source, { ...common, ...keep, ...launcher, workers, memoryCheck: (rss) => watch.check(rss) === 'machine' })
    : startThreadCheck(source, { ...common, strategy: flags.strategy, memoryCheck: (rss) => watch.check(rss) === 'machine' });
  let signals = 0;
  const onSignal = (): void => {
    // The first signal stops the search (the report follows); a second one leaves at once.
    if (++signals > 1) process.exit(EXIT.interrupted);
    run.stop('interrupted');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let report: CheckReport;
  try {
    report = await run.report;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    progress.done();
  }

  const faultText = [faults.lossy ? 'lossy' : '', faults.duplicates > 0 ? `${faults.duplicates} duplicate${faults.duplicates === 1 ? '' : 's'}` : '', faults.crashes > 0 ? `${faults.crashes} crash${faults.crashes === 1 ? '' : 'es'}` : '']
    .filter(Boolean)
    .join(', ')
    .concat(faults.crashable !== undefined ? ` (only ${faults.crashable.map((i) => spec.nodes[i]?.name).join(', ')})` : '')
    .concat((faults.recoveries ?? 0) > 0 ? `, ${faults.recoveries} restart${faults.recoveries === 1 ? '' : 's'}` : '');
  const byz = report.byzantine;
  const byzPower = byz === undefined ? '' : byz.learns ? `${int(byz.messages)} messages from the start, ${int(byz.learned)} learned from what it was sent` : `${int(byz.messages)} messages`;
  const byzText = byz !== undefined && byz.nodes.length > 0 ? `Byzantine ${byz.nodes.join(', ')} (adversary ${byz.adversary}: ${byzPower})` : '';
  const allFaults = [faultText, byzText].filter(Boolean).join(', ');
  const header = `${protocol.name} ${config.name}: ${protocol.describeParams(params)}${variant !== null ? ` · variant ${variant}` : ''}${bug !== null ? ` · bug ${bug}` : ''} · faults: ${allFaults || 'none'} · network ${report.network} · ${flags.strategy}`;
  const system = traceSystem(config.name, source, faults, spec, report.network);
  if (flags.json === true) {
    const { trace, ...rest } = report;
    io.out(
      JSON.stringify(
        { config: config.name, params, variant, bug, ...rest, ...(trace !== undefined ? { trace: traceToJson(trace, protocol.name, system) } : {}) },
        null,
        2,
      ),
    );
  } else {
    // The human report: on stdout, or on stderr when stdout carries the trace document.
    if (flags.quiet === true) streams.report(`${header}: ${report.status}${report.stoppedBy !== undefined ? ` (stopped by --${report.stoppedBy})` : ''}`);
    else streams.report(renderReport(report, header));
    if (report.trace !== undefined) {
      const ctx = { protocol: protocol.name, spec, faults, network: report.network, system };
      if (!streams.machine) io.out('');
      io.out(renderTraceAs(flags.trace, report.trace, ctx));
    }
  }
  if (report.status === 'holds') return EXIT.holds;
  if (report.status === 'violated') return EXIT.violated;
  return report.stoppedBy === 'interrupted' ? EXIT.interrupted : EXIT.incomplete;
}

/** The largest cluster `agora cost` measures. */
const MAX_COST_N = 99;

interface CostFlags {
  n: string;
  variant?: string;
  batch: number;
  json?: boolean;
}

/** Parses `--n 3,5,7` into sizes from `min` to MAX_COST_N. */
function parseSizes(raw: string, min: number, protocol: string): number[] {
  const parts = raw.split(',').map((x) => x.trim());
  if (parts.length === 0 || parts.every((x) => x === '')) throw new UsageError(`--n needs at least one cluster size, e.g. --n 3,5`);
  return parts.map((x) => {
    const n = /^\d+$/.test(x) ? Number(x) : NaN;
    if (!Number.isInteger(n) || n < min || n > MAX_COST_N) {
      throw new UsageError(`--n takes comma-separated whole numbers from ${min} to ${MAX_COST_N} for ${protocol}, got '${x}'`);
    }
    return n;
  });
}

/** The variants to measure: the one named, or every variant (null for a protocol without variants). */
function costVariants(protocol: ProtocolEntry, name: string | undefined): (string | null)[] {
  if (name !== undefined || protocol.variants === undefined) return [resolveVariant(protocol, name)];
  return Object.keys(protocol.variants);
}

/** `costTable`, turning a protocol's RangeError (a size it cannot model) into a usage error. */
function measureTable(protocol: ProtocolEntry, variant: string | null, ns: readonly number[], batch: number): CostTable {
  const model = protocol.cost;
  if (model === undefined) throw new UsageError(`${protocol.name} has no cost model`);
  try {
    return costTable(protocol.name, model, variant, ns, batch);
  } catch (e) {
    if (e instanceof RangeError) throw new UsageError(e.message);
    throw e;
  }
}

function runCost(protocolName: string, flags: CostFlags, io: Io): number {
  const withCost = PROTOCOLS.filter((p) => p.cost !== undefined);
  const protocol = findProtocol(protocolName);
  if (protocol === undefined || protocol.cost === undefined) {
    const what = protocol === undefined ? `unknown protocol '${protocolName}'` : `${protocol.name} has no cost model`;
    throw new UsageError(`${what}; agora cost measures: ${withCost.map((p) => p.name).join(', ')}`);
  }
  const ns = parseSizes(flags.n, protocol.cost.minN, protocol.name);
  const batch = flags.batch;
  if (batch > (protocol.cost.maxBatch ?? Infinity)) throw new UsageError(`${protocol.name} measures at most --batch ${protocol.cost.maxBatch}`);
  const tables = costVariants(protocol, flags.variant).map((v) => measureTable(protocol, v, ns, batch));
  // The comparison: every variant of every protocol with a cost model, at the sizes each supports.
  const comparison: CostTable[] = withCost.flatMap((p) => {
    const sizes = ns.filter((n) => n >= (p.cost?.minN ?? 1));
    if (sizes.length === 0 || batch > (p.cost?.maxBatch ?? Infinity)) return [];
    return costVariants(p, undefined).map(
      (v) => (p === protocol ? tables.find((t) => t.variant === v) : undefined) ?? measureTable(p, v, sizes, batch),
    );
  });
  if (flags.json === true) {
    io.out(JSON.stringify(costToJson(protocol.name, batch, ns, tables, comparison), null, 2));
    return EXIT.holds;
  }
  const { bold } = pc.createColors(io.colour ?? pc.isColorSupported);
  const sections = tables.map((t) => {
    const what = t.variant !== null ? protocol.variants?.[t.variant] : undefined;
    const title = `${protocol.name}${t.variant !== null ? ` · variant ${t.variant}` : ''} · ${batch} request${batch === 1 ? '' : 's'} ${protocol.cost?.batching ?? 'ordered as one batch'}`;
    return renderCostTable(t, `${bold(title)}${what !== undefined ? `\n  ${what}` : ''}`);
  });
  io.out(
    [
      'One fault-free run under a synchronous schedule: each round delivers every message in flight; delays count the longest causal chain of network messages.',
      '',
      sections.join('\n\n'),
      '',
      renderLeaderShares(comparison, ns, batch, bold),
    ].join('\n'),
  );
  return EXIT.holds;
}

/** How many states a docs trace's search explored, and in what unit. */
function statesExplored(report: CheckReport): string {
  return report.reductions.symmetry !== null ? `${int(report.stats.states)} orbits explored with symmetry` : `${int(report.stats.states)} distinct states explored`;
}

/**
 * The counterexample of every bug variant of a protocol on one configuration,
 * as a markdown page (the docs' generated traces). Deterministic: no timings.
 */
export function bugTracesPage(protocolName: string, configName?: string, variantName?: string): string {
  const protocol = findProtocol(protocolName);
  if (protocol === undefined) throw new UsageError(`unknown protocol '${protocolName}'; choose one of: ${PROTOCOLS.map((p) => p.name).join(', ')}`);
  const base = { strategy: 'bfs' as const, trace: 'text' as const };
  const { config, params } = resolveConfig(protocol, { ...base, ...(configName !== undefined ? { config: configName } : {}) });
  const variant = resolveVariant(protocol, variantName);
  const adversary = resolveAdversary(protocol, config.adversary);
  // A bug variant with a showcase of its own (another configuration or adversary) is shown there instead.
  const showcased = new Set((protocol.showcases ?? []).filter((s) => s.replacesBugSection === true).map((s) => s.bug ?? null));
  const sections = Object.entries(protocol.bugs).filter(([bug]) => !showcased.has(bug)).map(([bug, rule]) => {
    const spec = buildSystem(protocol, params, bug, variant, adversary);
    const report = check(spec, { faults: configFaults(config.faults, spec), symmetry: spec.symmetry !== undefined });
    if (report.trace === undefined) throw new Error(`bug variant ${bug} was not caught on ${config.name}`);
    return {
      title: `\`--bug ${bug}\``,
      intro: `The variant breaks one rule: ${rule}. \`agora check ${protocol.name} --config ${config.name}${variantName !== undefined ? ` --variant ${variantName}` : ''} --bug ${bug}\` finds this shortest counterexample (${statesExplored(report)}).`,
      trace: report.trace,
      describe: spec.describeMessage,
    };
  });
  for (const show of protocol.showcases ?? []) {
    const resolved = resolveConfig(protocol, { ...base, ...(show.config !== undefined ? { config: show.config } : {}) });
    const spec = selectProperties(
      buildSystem(protocol, resolved.params, show.bug ?? null, resolveVariant(protocol, show.variant), resolveAdversary(protocol, show.adversary ?? resolved.config.adversary)),
      show.properties?.join(','),
    );
    const faults = configFaults(show.faults ?? resolved.config.faults, spec);
    const report = check(spec, { faults, symmetry: spec.symmetry !== undefined });
    if (report.trace === undefined) throw new Error(`showcase '${show.title}' found no counterexample`);
    const flags = [
      `--config ${resolved.config.name}`,
      show.variant !== undefined ? `--variant ${show.variant}` : '',
      show.adversary !== undefined ? `--adversary ${show.adversary}` : '',
      show.bug ? `--bug ${show.bug}` : '',
      faults.lossy ? '--lossy' : '',
      faults.duplicates > 0 ? `--duplicates ${faults.duplicates}` : '',
      faults.crashes > 0 ? `--crashes ${faults.crashes}` : '',
      (faults.recoveries ?? 0) > 0 ? `--recoveries ${faults.recoveries}` : '',
      faults.crashable !== undefined ? `--crash-only ${faults.crashable.map((i) => spec.nodes[i]?.name).join(',')}` : '',
      show.properties !== undefined ? `--property ${show.properties.join(',')}` : '',
    ].filter(Boolean);
    sections.push({
      title: show.title,
      intro: `${show.intro} \`agora check ${protocol.name} ${flags.join(' ')}\` finds this shortest counterexample (${statesExplored(report)}).`,
      trace: report.trace,
      describe: spec.describeMessage,
    });
  }
  const describe = sections[0]?.describe;
  return renderMarkdownTraces(
    `${protocol.name}: counterexamples`,
    `Generated by \`agora traces ${protocol.name}\` (${config.name}: ${protocol.describeParams(params)}${variant !== null ? `, variant ${variant}` : ''}); do not edit by hand. Each trace is the shortest (BFS) path to a state that violates the named property.`,
    sections,
    describe !== undefined ? { describeMessage: describe as (m: never) => string } : {},
  );
}

/**
 * The measured cost tables as a markdown page (`docs/cost-tables.md`, via
 * `npm run docs:cost`): the text of `agora cost` for each protocol with a
 * cost model, then S-Paxos with 4 ids per batch. Deterministic.
 */
export function costTablesPage(): string {
  const capture = (protocol: string, batch: number): string => {
    const out: string[] = [];
    runCost(protocol, { n: '3,5,7,9', batch }, { out: (t) => out.push(t), err: (t) => out.push(t), errIsTty: false, colour: false });
    return out.join('\n');
  };
  const runs = [
    ...PROTOCOLS.filter((p) => p.cost !== undefined).map((p) => ({ protocol: p.name, batch: 1 })),
    { protocol: 'spaxos', batch: 4 },
  ];
  const parts = [
    '# Message cost: the measured tables',
    '',
    'Generated by `npm run docs:cost` (the output of `agora cost`); do not edit by hand. [`cost.md`](cost.md) explains the figures.',
    '',
  ];
  for (const { protocol, batch } of runs) {
    parts.push(`## \`agora cost ${protocol}${batch !== 1 ? ` --batch ${batch}` : ''}\``, '', '```text', capture(protocol, batch), '```', '');
  }
  return parts.join('\n');
}

/** Runs the CLI on `argv` (without node and script); returns the exit code. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  let code: number | Promise<number> = EXIT.holds;
  const program = new Command('agora')
    .description('Consensus protocols as XState machines, checked by exhaustive exploration')
    .exitOverride()
    .configureOutput({ writeOut: (t) => io.out(t.trimEnd()), writeErr: (t) => io.err(t.trimEnd()) })
    .showSuggestionAfterError(true);

  program
    .command('list')
    .description('list protocols, configurations, properties, bug variants and fault options')
    .action(() => {
      io.out(listText(io.colour ?? pc.isColorSupported));
    });

  const checkCmd = program
    .command('check')
    .description('explore every interleaving of a small cluster and check its properties')
    .argument('<protocol>', `one of: ${PROTOCOLS.map((p) => p.name).join(', ')}`);
  addSystemOptions(checkCmd)
    .addOption(new Option('--symmetry <on|off>', 'store one state per orbit of the symmetry groups the protocol declares (default: on where declared)').choices(['on', 'off']))
    .addOption(new Option('--por <on|off>', 'partial-order reduction, where the declared topology makes it sound').choices(['on', 'off']).default('on'))
    .option('--no-shortest', 'keep the counterexample the partial-order reduction finds (it may be longer than the shortest) instead of searching again without it, by BFS bounded by its depth, for a shortest one')
    .addOption(new Option('--strategy <s>', 'search strategy').choices(['bfs', 'dfs']).default('bfs'))
    .addOption(new Option('--max-states <n>', 'stop after this many distinct states').argParser(integer(1)))
    .addOption(new Option('--max-depth <n>', 'do not expand states deeper than this').argParser(integer(0)))
    .addOption(new Option('--max-seconds <n>', 'stop after this many seconds').argParser(integer(1)))
    .addOption(new Option('--max-memory <mb>', 'memory budget in MiB: over it a BFS moves its queue to disk, and stops when that is not enough (default: from available memory, MemAvailable and any cgroup limit; the run also stops if the machine runs low)').argParser(integer(64)))
    .option('--checkpoint <dir>', 'write checkpoints to this directory (at the start of a level: periodically, and when the search is stopped) so that --resume can continue the run')
    .addOption(new Option('--checkpoint-every <s>', 'seconds between periodic checkpoints').argParser(integer(1)).default(300))
    .option('--resume <dir>', 'continue the run checkpointed in this directory (same protocol, configuration, options, workers and build; checkpoints keep going there)')
    .addOption(new Option('--workers <n>', 'worker threads (or, with --cluster, worker processes) to split a BFS search over (counts and verdicts do not depend on it; not yet faster than one: see docs/benchmarks.md)').argParser(integer(1, 256)).default(1))
    .option('--cluster <url>', "coordinate the search over NATS at this URL (e.g. nats://host:4222): its --workers are 'agora worker --nats URL' processes, on any machines (docs/explorer.md)")
    .addOption(new Option('--lost-after <s>', 'with --cluster: a worker unheard for this many seconds is lost, and the run fails (exit 4)').argParser(integer(1, 3600)).default(10))
    .addOption(new Option('--seed <n>', 'seed of the random fingerprint keys; rerun with another seed to rule out a fingerprint collision').argParser(integer(0, 2 ** 32 - 1)))
    .addOption(new Option('--fairness <f>', "fairness of the liveness properties named with --property (default: each property's own, else weak): weak or strong on message delivery and on each node's timeouts and requests; never on faults").choices([...FAIRNESS_KINDS]))
    .option('--no-deadlock', 'do not report states without a step that the protocol does not declare final')
    .option('--no-witnesses', "do not look for the protocol's witnesses (the vacuity check)")
    .option('--json', 'print the report (and any trace) as JSON')
    .addOption(new Option('--trace <format>', 'counterexample format; json, mermaid and itf put exactly that document on stdout and the report on stderr').choices([...TRACE_FORMATS]).default('text'))
    .option('--quiet', 'print only the verdict line and any trace (no progress lines)')
    .action((protocol: string, flags: CheckFlags, cmd: Command) => {
      code = runCheck(protocol, flags, io, cmd.getOptionValueSource('trace') === 'cli');
    });

  program
    .command('cost')
    .description('count the messages and message delays of one fault-free client request, beside the literature\'s closed forms')
    .argument('<protocol>', `a protocol with a cost model: ${PROTOCOLS.filter((p) => p.cost !== undefined).map((p) => p.name).join(', ')}`)
    .option('--n <sizes>', `cluster sizes n, comma-separated (whole numbers up to ${MAX_COST_N})`, '3,5,7,9')
    .option('--variant <name>', 'measure one protocol variant (default: every variant)')
    .addOption(new Option('--batch <k>', 'k client requests, ordered as one batch (1..64)').argParser(integer(1, 64)).default(1))
    .option('--json', 'print the figures as JSON')
    .addHelpText(
      'after',
      [
        '',
        'Runs one fault-free execution per n under a fixed synchronous schedule (every message in',
        'flight is delivered each round, in the order sent) and prints, per n: network messages,',
        "the literature's closed form and the difference, messages sent/received per role and by",
        "the leader's host, the leader's share of all message handlings, and the message delays",
        "(longest causal chain) until the client has its reply, beside the literature's delays and",
        'the difference, and until every replica has it.',
        'Messages between roles on one host (self-addressed) are local calls: not counted, no delay.',
        "Ends with the leader's share compared across every protocol with a cost model.",
      ].join('\n'),
    )
    .action((protocol: string, flags: CostFlags) => {
      code = runCost(protocol, flags, io);
    });

  program
    .command('traces')
    .description('write the shortest counterexample of every bug variant as a markdown page (the docs traces)')
    .argument('<protocol>', `one of: ${PROTOCOLS.map((p) => p.name).join(', ')}`)
    .option('--config <name>', 'a named configuration (default: the protocol default)')
    .option('--out <file>', 'write to this file instead of stdout')
    .action((protocol: string, flags: { config?: string; out?: string }) => {
      const page = bugTracesPage(protocol, flags.config);
      if (flags.out !== undefined) writeFileSync(flags.out, page);
      else io.out(page);
    });

  program.addCommand(
    simulateCommand(io, (c) => {
      code = c;
    }),
  );
  program.addCommand(
    replayCommand(io, (c) => {
      code = c;
    }),
  );
  program.addCommand(
    workerCommand(io, (c) => {
      code = c;
    }),
  );

  try {
    program.parse(argv as string[], { from: 'user' });
    return await code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.holds;
      if (e.code === 'commander.executeSubCommandAsync') return EXIT.usage;
      return EXIT.usage; // commander already printed the one-line error
    }
    if (e instanceof UsageError) {
      io.err(`agora: ${e.message}`);
      return EXIT.usage;
    }
    if (e instanceof ModelError) {
      io.err(`agora: bad model: ${e.message}`);
      return EXIT.usage;
    }
    if (e instanceof SearchFailed) {
      io.err(`agora: the search failed: ${e.message}`);
      return EXIT.failed;
    }
    throw e;
  }
}
