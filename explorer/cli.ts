#!/usr/bin/env node
/**
 * `agora`: the command line, argv -> command -> exit code. This file only
 * assembles the commands (one module each: cli-check.ts, cli-list.ts,
 * cli-cost.ts, cli-traces.ts, cli-simulate.ts, cli-replay.ts, cli-view.ts,
 * cli-worker.ts), and turns errors into exit codes (cli-io.ts):
 *   0 all properties hold, 1 a property is violated, 2 bad usage or bad model,
 *   3 stopped by a limit before finishing, 4 the search failed (a cluster
 *   worker was lost: nothing is concluded), 130 stopped by SIGINT or SIGTERM
 *   (the report so far is printed, and says "interrupted").
 * Argument definitions are cli-options.ts (the protocol's own size flags
 * among them); reporting is cli-report.ts and cli-output.ts.
 * Parsing uses commander; colour picocolors; the live progress line log-update.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import type { ProtocolEntry } from '../spec/core/registry.js';
import { ModelError } from './actor-system/step.js';
import { checkCommand } from './cli-check.js';
import { costCommand } from './cli-cost.js';
import { EXIT, type Io, type SetCode } from './cli-io.js';
import { listCommand } from './cli-list.js';
import { replayCommand } from './cli-replay.js';
import { simulateCommand } from './cli-simulate.js';
import { tracesCommand } from './cli-traces.js';
import { viewCommand } from './cli-view.js';
import { workerCommand } from './cli-worker.js';
import { clientCommand, runCommand, validateCommand } from '../runtime/cli-run.js';
import { SearchFailed } from './parallel/cluster.js';
import { UsageError, findProtocolEntry } from './registry.js';
import { releaseSignals } from './signals.js';

export { EXIT, type Io, type SetCode } from './cli-io.js';

/**
 * Builds one command. `protocol` is the protocol named on the command line,
 * when there is one (a command that takes `<protocol>` shows its flags).
 */
export type CommandFactory = (io: Io, setCode: SetCode, protocol: ProtocolEntry | undefined) => Command;

/** The commands, in the order the help lists them. A new command is one more factory here. */
export const COMMANDS: readonly CommandFactory[] = [
  (io) => listCommand(io),
  (io, setCode, protocol) => checkCommand(io, setCode, protocol),
  (io, setCode) => costCommand(io, setCode),
  (io) => tracesCommand(io),
  (io, setCode, protocol) => simulateCommand(io, setCode, protocol),
  (io, setCode) => replayCommand(io, setCode),
  (io, setCode) => viewCommand(io, setCode),
  (io, setCode) => workerCommand(io, setCode),
  (io, setCode) => runCommand(io, setCode),
  (io, setCode) => clientCommand(io, setCode),
  (io, setCode) => validateCommand(io, setCode),
];

const processIo: Io = {
  out: (t) => process.stdout.write(`${t}\n`),
  err: (t) => process.stderr.write(`${t}\n`),
  errIsTty: process.stderr.isTTY === true,
};

/** The package's version, from its package.json (beside dist/ when built, or the source tree). */
export function packageVersion(): string {
  for (const up of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'agora-consensus' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // not there: try the next level up
    }
  }
  return 'unknown';
}

/** The protocol an argv names after its command (`check synod ...`), if any: its size flags are the ones offered. */
function protocolOf(argv: readonly string[]): ProtocolEntry | undefined {
  for (const arg of argv.slice(1)) {
    const p = findProtocolEntry(arg);
    if (p !== undefined) return p;
  }
  return undefined;
}

/** Runs the CLI on `argv` (without node and script); returns the exit code. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  let code: number | Promise<number> = EXIT.holds;
  const setCode: SetCode = (c) => {
    code = c;
  };
  const program = new Command('agora')
    .description('Consensus protocols as XState machines, checked by exhaustive exploration')
    .version(packageVersion(), '-V, --version', 'print the version of agora')
    .exitOverride()
    .configureOutput({
      writeOut: (t) => io.out(t.trimEnd()),
      writeErr: (t) => io.err(t.trimEnd()),
      // Help printed elsewhere than this process's terminal (tests, embedding) is wrapped at a fixed width.
      ...(io !== processIo ? { getOutHelpWidth: () => 100, getErrHelpWidth: () => 100 } : {}),
    })
    .showSuggestionAfterError(true);
  // Only `agora check` acts on a signal held while the CLI loaded; the others let Ctrl-C work as usual.
  if (argv[0] !== 'check' && releaseSignals()) return EXIT.interrupted;
  const protocol = protocolOf(argv);
  for (const make of COMMANDS) {
    const command = make(io, setCode, protocol);
    // Each command prints through `io` and throws instead of exiting, as the program does.
    command.copyInheritedSettings(program);
    program.addCommand(command);
  }

  try {
    program.parse(argv as string[], { from: 'user' });
    return await code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.holds;
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
