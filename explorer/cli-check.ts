/**
 * `agora check <protocol>`: explore every interleaving of a small cluster and
 * check its properties. Its options (the protocol's own size flags among
 * them, `cli-options.ts`), its help, and the run: resolve the system
 * (`resolveRun`), search in worker threads, report (`cli-report.ts`,
 * `cli-output.ts`), and return the exit code (`cli-io.ts`).
 */
import { writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import type { ProtocolEntry } from '../spec/core/registry.js';
import { FAIRNESS_KINDS, type Fairness } from '../spec/core/property.js';
import type { CheckReport, Strategy } from './check.js';
import { EXIT, EXIT_CODES_HELP, type Io, type SetCode } from './cli-io.js';
import { addSystemOptions, integer, resolveRun, showcaseText, type ResolvedRun, type RunFlags } from './cli-options.js';
import { TRACE_FORMATS, outputStreams, renderTraceAs, type TraceFormat } from './cli-output.js';
import { byzantineText, checkJson, faultsText, runHeader } from './cli-report.js';
import { MIB, MemoryWatch, defaultCeiling, readMemoryFacts } from './memory.js';
import { clusterLauncher } from './parallel/cluster.js';
import { startParallelCheck } from './parallel/coordinator.js';
import { startThreadCheck } from './parallel/sequential.js';
import { UsageError, allProtocols, livenessNames } from './registry.js';
import { ProgressPrinter } from './render/progress.js';
import { renderReport } from './render/report.js';
import type { SearchProgress } from './search/limits.js';
import { traceSystem } from './trace-system.js';
import { viewerPage } from './cli-view.js';
import { releaseSignals } from './signals.js';

export interface CheckFlags extends RunFlags {
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
  traceFull?: boolean;
  html?: string;
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

/** The text after the options in `agora check [<protocol>] --help`: what the protocol offers, examples, exit codes. */
export function checkHelpText(protocol: ProtocolEntry | undefined): string {
  const lines: string[] = [''];
  if (protocol === undefined) {
    lines.push(
      'Each protocol has its own size flags (e.g. --proposers for synod, --replicas for pbft);',
      `'agora check <protocol> --help' lists them, with the protocol's configurations and bug variants.`,
      `Protocols: ${allProtocols().map((p) => p.name).join(', ')}.`,
      '',
      'Examples:',
      '  agora check synod                      the default configuration: every property holds (exit 0)',
      '  agora check synod --bug own-value      a known bug: the shortest counterexample (exit 1)',
      '  agora check pbft --help                the size flags, configurations and bugs of pbft',
    );
  } else {
    const pad = (xs: readonly string[]): number => Math.max(...xs.map((x) => x.length));
    lines.push(`${protocol.name}: ${protocol.summary}.`, `Follows ${protocol.source}.`, '');
    lines.push('Configurations (--config NAME; sizes given as flags change them):');
    const cw = pad(protocol.configs.map((c) => c.name));
    for (const c of protocol.configs) {
      const f = c.faults;
      const extra = [
        f?.lossy === true ? 'lossy' : '',
        f?.crashes !== undefined ? `crashes ${f.crashes}${f.crashOnly !== undefined ? ` (${f.crashOnly.join(', ')})` : ''}` : '',
        f?.recoveries !== undefined ? `recoveries ${f.recoveries}` : '',
        c.adversary !== undefined ? `adversary ${c.adversary}` : '',
        c.name === protocol.defaultConfig ? '(default)' : '',
      ].filter(Boolean);
      lines.push(`  ${c.name.padEnd(cw)}  ${[protocol.describeParams(c.params), ...extra].join(' · ')}`);
    }
    lines.push('', 'Bug variants (--bug NAME), each with the configuration it shows on when no bounds are named:');
    const bw = pad(Object.keys(protocol.bugs));
    for (const bug of Object.keys(protocol.bugs)) lines.push(`  ${bug.padEnd(bw)}  ${showcaseText(protocol, bug)}`);
    lines.push('', 'Properties (--property a,b checks only those; liveness ones are checked only when named):');
    const pw = pad(protocol.properties.map((x) => x.name));
    for (const x of protocol.properties) lines.push(`  ${x.name.padEnd(pw)}  ${x.description}`);
    const examples = protocol.examples ?? [];
    if (examples.length > 0) {
      lines.push('', 'Examples:');
      const commands = examples.map((e) => `agora check ${protocol.name}${e.args !== '' ? ` ${e.args}` : ''}`);
      const ew = pad(commands);
      examples.forEach((e, i) => lines.push(`  ${(commands[i] ?? '').padEnd(ew)}  ${e.what}`));
    }
  }
  lines.push('', EXIT_CODES_HELP);
  return lines.join('\n');
}

/** The `check` command; with `protocol` (named on the command line), that protocol's size flags and help. */
export function checkCommand(io: Io, setCode: SetCode, protocol?: ProtocolEntry): Command {
  const cmd = new Command('check')
    .description('explore every interleaving of a small cluster and check its properties')
    .argument('<protocol>', `one of: ${allProtocols().map((p) => p.name).join(', ')}`);
  addSystemOptions(cmd, protocol)
    .addOption(new Option('--symmetry <on|off>', 'store one state per orbit of the symmetry groups the protocol declares (default: on where declared)').choices(['on', 'off']))
    .addOption(new Option('--por <on|off>', 'partial-order reduction, where the declared topology makes it sound').choices(['on', 'off']).default('on'))
    .option('--no-shortest', 'keep the counterexample the partial-order reduction finds (it may be longer than the shortest) instead of searching again without it, by BFS bounded by its depth, for a shortest one')
    .addOption(new Option('--strategy <s>', 'search strategy').choices(['bfs', 'dfs']).default('bfs'))
    .addOption(new Option('--max-states <n>', 'stop after this many distinct states').argParser(integer(1)))
    .addOption(new Option('--max-depth <n>', 'do not expand states deeper than this').argParser(integer(0)))
    .addOption(new Option('--max-seconds <n>', 'stop after this many seconds').argParser(integer(1)))
    .addOption(new Option('--max-memory <mb>', 'memory budget in MiB: over it a BFS moves its queue (split over --workers without the partial-order reduction, its levels) to disk, and stops when that is not enough (default: from available memory, MemAvailable and any cgroup limit; the run also stops if the machine runs low)').argParser(integer(64)))
    .option('--checkpoint <dir>', 'write checkpoints to this directory (at the start of a level: periodically, and when the search is stopped) so that --resume can continue the run')
    .addOption(new Option('--checkpoint-every <s>', 'seconds between periodic checkpoints').argParser(integer(1)).default(300))
    .option('--resume <dir>', 'continue the run checkpointed in this directory (same protocol, configuration, options, workers and build; checkpoints keep going there)')
    .addOption(new Option('--workers <n>', 'worker threads (or, with --cluster, worker processes) to split a BFS search over (counts and verdicts do not depend on it; about 1.4x faster on two cores for long runs with --por off, slower with the partial-order reduction: see docs/benchmarks.md)').argParser(integer(1, 256)).default(1))
    .option('--cluster <url>', "coordinate the search over NATS at this URL (e.g. nats://host:4222): its --workers are 'agora worker --nats URL' processes, on any machines (docs/explorer.md)")
    .addOption(new Option('--lost-after <s>', 'with --cluster: a worker unheard for this many seconds is lost, and the run fails (exit 4)').argParser(integer(1, 3600)).default(10))
    .addOption(new Option('--seed <n>', 'seed of the random fingerprint keys; rerun with another seed to rule out a fingerprint collision').argParser(integer(0, 2 ** 32 - 1)))
    .addOption(new Option('--fairness <f>', "fairness of the liveness properties named with --property (default: each property's own, else weak): weak or strong on message delivery and on each node's timeouts and requests; never on faults").choices([...FAIRNESS_KINDS]))
    .option('--no-deadlock', 'do not report states without a step that the protocol does not declare final')
    .option('--no-witnesses', "do not look for the protocol's witnesses (the vacuity check)")
    .option('--json', 'print the report (and any trace) as JSON')
    .addOption(new Option('--trace <format>', 'counterexample format; json, mermaid and itf put exactly that document on stdout and the report on stderr').choices([...TRACE_FORMATS]).default('text'))
    .option('--trace-full', 'with the text trace: every node\'s whole state after each step, not only what changed')
    .option('--html <file>', 'also write the counterexample as one self-contained HTML page, the trace viewer (agora view)')
    .option('--quiet', 'print only the verdict line and any trace (no progress lines)')
    .addHelpText('after', checkHelpText(protocol))
    .action((protocolName: string, flags: CheckFlags, command: Command) => {
      setCode(runCheck(protocolName, flags, io, command.getOptionValueSource('trace') === 'cli'));
    });
  return cmd;
}

export async function runCheck(protocolName: string, flags: CheckFlags, io: Io, traceGiven: boolean): Promise<number> {
  // Stdout carries one document (--json, --trace json|mermaid|itf), else the report: cli-output.ts.
  const streams = outputStreams(flags, traceGiven, io);
  if (flags.traceFull === true && (flags.json === true || flags.trace !== 'text')) throw new UsageError('--trace-full shows whole states in the text trace: drop it, or drop --json / --trace');
  const run = resolveRun(protocolName, flags);
  const { protocol, source, spec, faults } = run;
  const { bug } = source;
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
  const quiet = flags.quiet === true || flags.json === true;
  const progress = new ProgressPrinter({
    out: io.err,
    isTty: io.errIsTty,
    quiet,
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
  const launcher = flags.cluster !== undefined ? { launcher: clusterLauncher(flags.cluster, { lostAfterMs: flags.lostAfter * 1000, log: quiet ? () => {} : io.err }) } : {};
  const split = flags.strategy === 'bfs' && (workers > 1 || checkpointDir !== undefined || flags.cluster !== undefined);
  // A note (e.g. --bug chose its showcase configuration) comes first, on the report's stream.
  for (const note of run.notes) streams.report(`note: ${note}`);
  const search = split
    ? startParallelCheck(source, { ...common, ...keep, ...launcher, workers, memoryCheck: (rss) => watch.check(rss) === 'machine' })
    : startThreadCheck(source, { ...common, strategy: flags.strategy, memoryCheck: (rss) => watch.check(rss) === 'machine' });
  let signals = 0;
  const onSignal = (): void => {
    // The first signal stops the search (the report follows); a second one leaves at once.
    if (++signals > 1) process.exit(EXIT.interrupted);
    search.stop('interrupted');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // A signal that came while the CLI was loading stops the search now.
  if (releaseSignals()) onSignal();
  let report: CheckReport;
  try {
    report = await search.report;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    progress.done();
  }

  const allFaults = [faultsText(faults, spec), byzantineText(report.byzantine)].filter(Boolean).join(', ');
  const header = runHeader(run, allFaults, report.network, flags.strategy);
  const system = traceSystem(run.config.name, source, faults, spec, report.network);
  if (flags.json === true) {
    io.out(checkJson(run, report, system));
  } else {
    // The human report: on stdout, or on stderr when stdout carries the trace document.
    if (flags.quiet === true) streams.report(`${header}: ${report.status}${report.stoppedBy !== undefined ? ` (stopped by --${report.stoppedBy})` : ''}`);
    else streams.report(renderReport(report, header));
    if (report.trace !== undefined) {
      const ctx = { protocol: protocol.name, spec, faults, network: report.network, system, full: flags.traceFull === true };
      if (!streams.machine) io.out('');
      io.out(renderTraceAs(flags.trace, report.trace, ctx));
    }
  }
  if (flags.html !== undefined) writeViewer(flags.html, run, report, streams.report);
  // A bug variant that the search could not reach on these bounds is said so, never left as a bare "holds".
  if (bug !== null && report.status === 'holds') {
    streams.report(`note: --bug ${bug} was not reached on these bounds (the search finished without a counterexample); it shows on ${showcaseText(protocol, bug)}`);
  }
  if (report.status === 'holds') return EXIT.holds;
  if (report.status === 'violated') return EXIT.violated;
  return report.stoppedBy === 'interrupted' ? EXIT.interrupted : EXIT.incomplete;
}

/** `--html FILE`: the counterexample's viewer page (cli-view.ts), or a note that there is none. */
function writeViewer(file: string, run: ResolvedRun, report: CheckReport, say: (text: string) => void): void {
  if (report.trace === undefined) {
    say(`note: no counterexample: --html wrote nothing to ${file}`);
    return;
  }
  writeFileSync(file, viewerPage(run, report.trace.steps, report.trace.property, { network: report.network, ...(report.trace.lasso !== undefined ? { lasso: report.trace.lasso } : {}) }));
  say(`wrote ${file}: the trace viewer of this counterexample; open it in a browser`);
}
