/**
 * `agora worker --nats URL`: lend this process to searches coordinated over
 * NATS (`agora check ... --cluster URL`). It serves one run at a time and
 * keeps serving until SIGINT or SIGTERM (exit 0), or until the server is
 * gone for good (exit 4). See `parallel/cluster-worker.ts`.
 */
import { Command } from 'commander';
import type { Io } from './cli-io.js';
import { startClusterWorker } from './parallel/cluster-worker.js';

export function workerCommand(io: Io, setCode: (code: Promise<number> | number) => void): Command {
  return new Command('worker')
    .description('serve searches coordinated over NATS by agora check --cluster (on this or another machine)')
    .exitOverride()
    .configureOutput({ writeOut: (t) => io.out(t.trimEnd()), writeErr: (t) => io.err(t.trimEnd()) })
    .requiredOption('--nats <url>', 'the NATS server, e.g. nats://host:4222')
    .addHelpText('after', '\nRuns until SIGINT or SIGTERM. Start one per core, on every machine; the coordinator recruits as many as its --workers.')
    .action((flags: { nats: string }) => {
      setCode(serve(flags.nats, io));
    });
}

async function serve(url: string, io: Io): Promise<number> {
  let worker;
  try {
    worker = await startClusterWorker(url, { log: io.err });
  } catch (e) {
    io.err(`agora worker: cannot reach the NATS server at ${url}: ${(e as Error).message}`);
    return 4;
  }
  let stopping = false;
  const onSignal = (): void => {
    if (stopping) process.exit(130);
    stopping = true;
    void worker.stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    await worker.closed;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  if (stopping) return 0;
  io.err('agora worker: the connection to the NATS server is closed');
  return 4;
}
