/**
 * `agora simulate`: random simulation for models too big to exhaust. Seeded
 * random walks on worker threads (`simulate/pool.ts`), each run reproducible
 * from (seed, run number); a violation is shrunk and printed exactly like an
 * exhaustive counterexample, with the command line that replays it.
 * Exit codes as `agora check`: 0 no violation found (which is not a proof),
 * 1 a property is violated, 2 bad usage or bad model.
 *
 * The main CLI adds this command with `program.addCommand(simulateCommand(io, setCode))`;
 * `runSimulateCli` runs it on its own (tests, and until the main CLI awaits it).
 */
import { randomInt } from 'node:crypto';
import os from 'node:os';
import { Command, CommanderError, Option } from 'commander';
import { createLogUpdate } from 'log-update';
import pc from 'picocolors';
import { ModelError } from './actor-system/step.js';
import type { ProtocolEntry } from '../spec/core/registry.js';
import type { Io } from './cli-io.js';
import { addSystemOptions, integer, resolveRun, type RunFlags } from './cli-options.js';
import { UsageError, allParameters, camel } from './registry.js';
import { int, rate } from './render/format.js';
import { TRACE_FORMATS, outputStreams, renderTraceAs, type TraceFormat } from './cli-output.js';
import { faultsText, runHeader } from './cli-report.js';
import { traceSystem } from './trace-system.js';
import { MAX_RUN, simulationModel, type Tally } from './simulate/engine.js';
import { simulate } from './simulate/pool.js';
import { DEFAULT_MAX_STEPS, renderSimulationReport, simulationToJson } from './simulate/render.js';

/** Exit codes, as `agora check` (3, stopped by a limit, does not apply: a simulation never claims completeness). */
export const SIMULATE_EXIT = { noViolation: 0, violated: 1, usage: 2 } as const;

/** Runs when neither --runs nor --max-seconds is given. */
export const DEFAULT_RUNS = 10_000;

interface SimulateFlags extends RunFlags {
  seed?: number;
  runs?: number;
  run?: number;
  maxSteps: number;
  workers?: number;
  maxSeconds?: number;
  swarm?: boolean;
  json?: boolean;
  trace: TraceFormat;
  [param: string]: unknown;
}


function progressLine(t: Tally, seconds: number): string {
  const perSec = seconds > 0 ? t.runs / seconds : 0;
  return `${pc.cyan('simulating')} ${int(t.runs)} runs · ${rate(perSec)} runs/s · ${int(t.steps)} steps · ${t.violations} violating · ${seconds.toFixed(0)} s`;
}

/**
 * The command: validates everything it can synchronously (a usage error or a
 * bad model throws from the action, as in `agora check`), then hands
 * `setCode` the promise of the exit code of the simulation it starts.
 */
export function simulateCommand(io: Io, setCode: (code: Promise<number> | number) => void, protocol?: ProtocolEntry): Command {
  const cmd = new Command('simulate')
    .description('random walks on a system too big to exhaust: seeded, shrunk counterexamples, coverage (finding nothing is not a proof)')
    .exitOverride()
    .configureOutput({ writeOut: (t) => io.out(t.trimEnd()), writeErr: (t) => io.err(t.trimEnd()) })
    .showSuggestionAfterError(true)
    .argument('<protocol>', 'a protocol (see agora list)');
  addSystemOptions(cmd, protocol)
    .addOption(new Option('--seed <n>', 'seed of the random walks (default: drawn at random and printed)').argParser(integer(0, 2 ** 32 - 1)))
    .addOption(new Option('--runs <n>', `walks to run (default ${int(DEFAULT_RUNS)}; unbounded with --max-seconds)`).argParser(integer(1, MAX_RUN)))
    .addOption(new Option('--run <n>', 'replay run number N of --seed alone, in this thread (the replay line of a report)').argParser(integer(0, MAX_RUN - 1)))
    .addOption(new Option('--max-steps <n>', 'steps per walk at most').argParser(integer(1, 1_000_000)).default(DEFAULT_MAX_STEPS))
    .addOption(new Option('--workers <n>', 'worker threads (default: the available cores; 0 runs in this thread)').argParser(integer(0, 256)))
    .addOption(new Option('--max-seconds <n>', 'stop after this many seconds').argParser(integer(1)))
    .option('--swarm', 'swarm testing: each run draws its own step-kind weights, some fault kinds off (Groce et al. 2012)')
    .option('--json', 'print the report (and any trace) as JSON')
    .addOption(new Option('--trace <format>', 'counterexample format; json, mermaid and itf put exactly that document on stdout and the report on stderr').choices([...TRACE_FORMATS]).default('text'))
    .addHelpText(
      'after',
      [
        '',
        'Each run walks from the initial state, taking an enabled step chosen at random, and checks',
        'the properties after every step, until a violation, a state with no step enabled, or',
        '--max-steps. A violation is shrunk by delta debugging and printed like a counterexample',
        'of agora check, with the command line that replays it. "No violation found" is not a',
        'proof: the walks sample the executions, agora check explores them all.',
      ].join('\n'),
    )
    .action((protocolName: string, flags: SimulateFlags, command: Command) => {
      setCode(startSimulation(protocolName, flags, io, command.getOptionValueSource('trace') === 'cli'));
    });
  return cmd;
}

/** The command line that names the same system (the base of the replay line). */
function systemCommand(protocol: string, config: string, flags: SimulateFlags, faults: { lossy: boolean; duplicates: number; crashes: number }): string {
  const parts = [`agora simulate ${protocol} --config ${config}`];
  for (const p of allParameters()) {
    const v = flags[camel(p.name)];
    if (v !== undefined) parts.push(`--${p.name} ${String(v)}`);
  }
  if (flags.variant !== undefined) parts.push(`--variant ${flags.variant}`);
  if (flags.adversary !== undefined) parts.push(`--adversary ${flags.adversary}`);
  if (flags.bug !== undefined) parts.push(`--bug ${flags.bug}`);
  if (flags.property !== undefined) parts.push(`--property ${flags.property}`);
  if (flags.network !== undefined) parts.push(`--network ${flags.network}`);
  if (faults.lossy) parts.push('--lossy');
  if (faults.duplicates > 0) parts.push(`--duplicates ${faults.duplicates}`);
  if (faults.crashes > 0) parts.push(`--crashes ${faults.crashes}`);
  return parts.join(' ');
}

/** Validates synchronously (throws UsageError / ModelError), then returns the promise of the exit code. */
function startSimulation(protocolName: string, flags: SimulateFlags, io: Io, traceGiven = false): Promise<number> {
  // Stdout carries one document (--json, --trace json|mermaid|itf), else the report: cli-output.ts.
  const streams = outputStreams(flags, traceGiven, io);
  const resolved = resolveRun(protocolName, flags);
  const { protocol, config, source, spec, faults } = resolved;
  const { params, bug, variant } = source;
  if (flags.run !== undefined && flags.runs !== undefined) throw new UsageError('--run replays one run: drop --runs');
  // Building the model here reports a bad model (or faults the network cannot take) before any worker starts.
  const network = flags.network;
  const model = simulationModel(spec, { faults, ...(network !== undefined ? { network } : {}) });
  const seed = flags.seed ?? randomInt(0, 2 ** 32);
  const replay = flags.run !== undefined;
  const firstRun = flags.run ?? 0;
  const runs = replay ? 1 : (flags.runs ?? (flags.maxSeconds !== undefined ? MAX_RUN : DEFAULT_RUNS));
  const workers = replay ? 0 : (flags.workers ?? os.availableParallelism());
  // The adversary the run uses, when the command line alone would not name it (a bug's showcase chose it).
  const adversary = flags.adversary ?? (source.adversary !== (config.adversary ?? protocol.defaultAdversary ?? null) ? (source.adversary ?? undefined) : undefined);
  const command = systemCommand(protocol.name, config.name, { ...flags, ...(adversary !== undefined ? { adversary } : {}) }, faults);

  const byz = spec.byzantine !== undefined && spec.byzantine.nodes.length > 0 ? `Byzantine ${spec.byzantine.nodes.map((i) => spec.nodes[i]?.name).join(', ')} (adversary ${spec.byzantine.adversary})` : '';
  const header = runHeader(resolved, [faultsText(faults, spec), byz].filter(Boolean).join(', '), model.network.kind, `random simulation${replay ? `, replaying run #${firstRun}` : ''}`);
  for (const note of resolved.notes) streams.report(`note: ${note}`);

  const live = io.errIsTty && flags.json !== true ? createLogUpdate(process.stderr) : undefined;
  // SIGINT stops the workers and prints what they found so far; a second one exits at once.
  const controller = new AbortController();
  const onSigint = (): void => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
  };
  process.on('SIGINT', onSigint);

  const run = async (): Promise<number> => {
    try {
      const report = await simulate(source, {
        faults,
        ...(network !== undefined ? { network } : {}),
        seed,
        runs,
        firstRun,
        maxSteps: flags.maxSteps,
        swarm: flags.swarm === true,
        ...(flags.maxSeconds !== undefined ? { maxSeconds: flags.maxSeconds } : {}),
        workers,
        signal: controller.signal,
        ...(live !== undefined ? { onProgress: (t: Tally, s: number) => live(progressLine(t, s)) } : {}),
      });
      live?.clear();
      live?.done();
      if (flags.json === true) {
        const doc = simulationToJson(report, { config: resolved.label, params, variant, bug }, command) as { violation?: { trace: object } };
        // The trace records its system, for `agora replay`.
        if (doc.violation !== undefined) doc.violation.trace = { ...doc.violation.trace, system: traceSystem(config.name, source, faults, spec, model.network.kind) };
        io.out(JSON.stringify(doc, null, 2));
      } else {
        // The human report: on stdout, or on stderr when stdout carries the trace document.
        streams.report(renderSimulationReport(report, header, command));
        const trace = report.violation?.trace;
        if (trace !== undefined) {
          const system = traceSystem(config.name, source, faults, spec, model.network.kind);
          if (!streams.machine) io.out('');
          io.out(renderTraceAs(flags.trace, trace, { protocol: protocol.name, spec, faults, network: model.network.kind, system }));
        }
      }
      return report.status === 'violated' ? SIMULATE_EXIT.violated : SIMULATE_EXIT.noViolation;
    } catch (e) {
      live?.clear();
      live?.done();
      if (e instanceof ModelError) {
        io.err(`agora: bad model: ${e.message}`);
        return SIMULATE_EXIT.usage;
      }
      throw e;
    } finally {
      process.off('SIGINT', onSigint);
    }
  };
  return run();
}

/**
 * Runs `agora simulate` on `argv` (the arguments after `simulate`), on its
 * own: usage errors print one line and give exit code 2, as in the main CLI.
 */
export async function runSimulateCli(argv: readonly string[], io: Io): Promise<number> {
  let code: Promise<number> | number = SIMULATE_EXIT.noViolation;
  try {
    simulateCommand(io, (c) => {
      code = c;
    }).parse(argv as string[], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.help' ? SIMULATE_EXIT.noViolation : SIMULATE_EXIT.usage;
    }
    if (e instanceof UsageError) {
      io.err(`agora: ${e.message}`);
      return SIMULATE_EXIT.usage;
    }
    if (e instanceof ModelError) {
      io.err(`agora: bad model: ${e.message}`);
      return SIMULATE_EXIT.usage;
    }
    throw e;
  }
  return code;
}
