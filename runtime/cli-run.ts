/**
 * The runtime's commands: `agora run <protocol>` (a cluster on loopback, with
 * fault injection), `agora client put|get|load` (a key-value client of a
 * running cluster) and `agora validate LOGDIR` (a real run against the
 * model). Each command is a plain function of parsed options (`runCluster`,
 * `clientPut`/`clientGet`/`clientLoad`, `validateDir`) plus a commander
 * factory that parses argv into those options; the CLI registers the
 * factories (explorer/cli.ts), so that a reshaped CLI only moves three lines.
 */
import { existsSync, readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { allocateClientNumbers, DEFAULT_TIMING, HistoryRecorder, KvClient, KvSession, type OpOutcome } from './client.js';
import { Cluster, type ClusterFile } from './cluster.js';
import { linearizableFromSomeStart, runLoad, type LoadReport } from './load.js';
import { runtimeProtocol, RUNTIME_PROTOCOLS } from './protocols/index.js';
import type { RuntimeProtocol } from './protocols/types.js';
import { renderValidation, validateLogs } from './validate.js';

/** Where a command prints (structurally the CLI's `Io`). */
export interface RuntimeIo {
  out(text: string): void;
  err(text: string): void;
}
/** How a command hands its exit code to the CLI (the CLI's `SetCode`). */
export type RuntimeSetCode = (code: Promise<number> | number) => void;

export interface RunOptions {
  readonly protocol: string;
  readonly servers: number;
  readonly slots: number;
  readonly rounds: number;
  /** Requests (or ids) per slot (ClusterShape.batch). */
  readonly batch: number;
  readonly bug: string | null;
  readonly dir: string;
  readonly drop: number;
  readonly delayMs: number;
  readonly jitterMs: number;
  readonly timeoutMs: number;
  readonly seed: number;
  /** Stop after this many seconds (default: run until SIGINT or SIGTERM). */
  readonly seconds?: number;
  /** Faults on a schedule: kill or restart server `server` at `at` seconds. */
  readonly schedule: readonly { readonly action: 'kill' | 'restart'; readonly server: number; readonly at: number }[];
}

/** Runs a cluster until `seconds` pass or the process is told to stop; resolves to the exit code. */
export async function runCluster(o: RunOptions, io: RuntimeIo): Promise<number> {
  const shape = { servers: o.servers, slots: o.slots, rounds: o.rounds, bug: o.bug, ...(o.batch !== 1 ? { batch: o.batch } : {}) };
  runtimeProtocol(o.protocol).system(shape); // fails early on a bad shape or bug
  const cluster = await Cluster.start({
    protocol: o.protocol,
    shape,
    logDir: o.dir,
    faults: { drop: o.drop, delayMs: o.delayMs, jitterMs: o.jitterMs },
    timeoutMs: o.timeoutMs,
    seed: o.seed,
  });
  io.out(`agora run ${o.protocol}: ${o.servers} servers on 127.0.0.1 ports ${cluster.addresses.join(', ')}; logs and cluster.json in ${o.dir}`);
  const timers = o.schedule.map((f) =>
    setTimeout(() => {
      io.out(`${f.action} server ${f.server} at ${f.at}s`);
      void (f.action === 'kill' ? cluster.kill(f.server) : cluster.restart(f.server));
    }, f.at * 1000),
  );
  await new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    if (o.seconds !== undefined) setTimeout(stop, o.seconds * 1000);
  });
  for (const t of timers) clearTimeout(t);
  await cluster.stop();
  io.out(`stopped; check the run with: agora validate ${o.dir}`);
  return 0;
}

function runtimeProtocolOrNull(name: string): RuntimeProtocol | null {
  return RUNTIME_PROTOCOLS.find((p) => p.name === name) ?? null;
}

function readCluster(dir: string): ClusterFile {
  const path = `${dir}/cluster.json`;
  if (!existsSync(path)) throw new RangeError(`no ${path}: start a cluster with agora run <protocol> --dir ${dir}`);
  return JSON.parse(readFileSync(path, 'utf8')) as ClusterFile;
}

async function withSession<T>(dir: string, f: (s: KvSession) => Promise<T>): Promise<T> {
  const file = readCluster(dir);
  const client = new KvClient(runtimeProtocol(file.protocol), file.shape, file.ports);
  const recorder = new HistoryRecorder(dir);
  try {
    return await f(new KvSession(client, recorder, allocateClientNumbers(dir, 1)));
  } finally {
    recorder.close();
    client.close();
  }
}

function printOutcome(io: RuntimeIo, o: OpOutcome): number {
  if (!o.ok) {
    io.err(`agora client: no reply within the deadline (${o.latencyMs.toFixed(0)} ms); the operation may or may not take effect`);
    return 1;
  }
  io.out(o.result === null ? '(none)' : o.result);
  return 0;
}

export async function clientPut(dir: string, key: string, value: string, io: RuntimeIo): Promise<number> {
  return printOutcome(io, await withSession(dir, (s) => s.put(key, value)));
}

export async function clientGet(dir: string, key: string, io: RuntimeIo): Promise<number> {
  return printOutcome(io, await withSession(dir, (s) => s.get(key)));
}

export interface LoadCommandOptions {
  readonly dir: string;
  readonly clients: number;
  readonly keys: number;
  readonly seconds: number;
  readonly writes: number;
  readonly seed: number;
  readonly send: 'all' | 'one';
  readonly pinKeys: boolean;
  /** Seconds of load run first and left out of the figures. */
  readonly warmup: number;
  /** With pinKeys: move to a fresh key after this many operations on one. */
  readonly opsPerKey?: number;
}

/** Closed-loop load; prints throughput and latency, and whether the history is linearizable (exit 1 if not). */
export async function clientLoad(o: LoadCommandOptions, io: RuntimeIo): Promise<number> {
  const file = readCluster(o.dir);
  const client = new KvClient(runtimeProtocol(file.protocol), file.shape, file.ports);
  const recorder = new HistoryRecorder(o.dir);
  let report: LoadReport;
  try {
    // Room for sessions that give up and are replaced (at most one per operation; 4x the clients is plenty in practice).
    const first = allocateClientNumbers(o.dir, o.clients * 4);
    report = await runLoad(client, recorder, { clients: o.clients, keys: o.keys, durationMs: o.seconds * 1000, warmupMs: o.warmup * 1000, writeRatio: o.writes, seed: o.seed, firstClient: first, pinKeys: o.pinKeys, ...(o.opsPerKey !== undefined ? { opsPerKey: o.opsPerKey } : {}), timing: { ...DEFAULT_TIMING, sendFirst: o.send } });
  } finally {
    recorder.close();
    client.close();
  }
  const bad = [...recorder.all].filter(([, h]) => !linearizableFromSomeStart(h)).map(([k]) => k);
  io.out(
    `${report.ok} operations answered, ${report.gaveUp} given up, in ${report.seconds.toFixed(1)} s: ${report.throughput.toFixed(0)} ops/s while the load ran; ` +
      `latency p50 ${report.latencyMs.p50.toFixed(1)} ms, p99 ${report.latencyMs.p99.toFixed(1)} ms, max ${report.latencyMs.max.toFixed(1)} ms`,
  );
  io.out(bad.length === 0 ? `linearizable: every key's history (${recorder.all.size} keys)` : `NOT linearizable: keys ${bad.join(', ')}`);
  return bad.length === 0 ? 0 : 1;
}

/** Validates a log directory; exit 0 valid, 1 invalid. */
export function validateDir(dir: string, bug: string | null, io: RuntimeIo): number {
  const r = validateLogs(dir, { bug });
  io.out(renderValidation(r).trimEnd());
  return r.failure === null ? 0 : 1;
}

function num(name: string, min: number, max = Infinity, integer = true): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) throw new RangeError(`--${name} must be ${integer ? 'an integer' : 'a number'} in [${min}, ${max}], got ${v}`);
    return n;
  };
}

function fault(action: 'kill' | 'restart') {
  return (v: string, prev: RunOptions['schedule']): RunOptions['schedule'] => {
    const m = /^(\d+)@(\d+(?:\.\d+)?)$/.exec(v);
    if (m === null) throw new RangeError(`--${action} takes SERVER@SECONDS, e.g. 0@5, got ${v}`);
    return [...prev, { action, server: Number(m[1]), at: Number(m[2]) }];
  };
}

/** `agora run <protocol>`. */
export function runCommand(io: RuntimeIo, setCode: RuntimeSetCode): Command {
  return new Command('run')
    .description('run a protocol as a real cluster: one process per server on loopback, TCP between them')
    .argument('<protocol>', `one of: ${RUNTIME_PROTOCOLS.map((p) => p.name).join(', ')}`)
    .option('--servers <n>', 'server processes (default 3; pbft: 4, so that f = 1)', num('servers', 1, 9))
    .option('--slots <n>', 'log slots per key (PBFT: sequence numbers)', num('slots', 1, 100_000), 256)
    .option('--rounds <n>', 'ballots each proposer may lead (PBFT: views each replica may lead)', num('rounds', 1, 1_000_000), 1000)
    .option('--batch <k>', 'Multi-Paxos, S-Paxos: the leader orders k requests (S-Paxos: ids) per slot, once k wait (there is no batch timer: keep a multiple of k outstanding per key, e.g. agora client load --pin-keys)', num('batch', 1, 1024), 1)
    .option('--bug <name>', 'build the servers with a known-bug variant')
    .option('--dir <dir>', 'log directory (also cluster.json for clients)', 'agora-cluster')
    .option('--drop <fraction>', 'drop this fraction of messages between servers', num('drop', 0, 1, false), 0)
    .option('--delay <ms>', 'delay every message between servers', num('delay', 0, 60_000, false), 0)
    .option('--jitter <ms>', 'extra random delay (reorders messages)', num('jitter', 0, 60_000, false), 0)
    .option('--timeout <ms>', 'how long waiting work may stall before a node times out (a proposer: a new ballot; a PBFT backup: a view change); default 200, pbft 300', num('timeout', 1, 600_000))
    .option('--seed <n>', 'seeds the fault injection', num('seed', 0), 1)
    .option('--seconds <n>', 'stop after this long (default: until Ctrl-C)', num('seconds', 0, Infinity, false))
    .addOption(new Option('--kill <server@seconds>', 'kill a server (SIGKILL) at a time; repeatable').argParser(fault('kill')).default([]))
    .addOption(new Option('--restart <server@seconds>', 'restart a killed server at a time; repeatable').argParser(fault('restart')).default([]))
    .action((protocol: string, f: { servers?: number; slots: number; rounds: number; batch: number; bug?: string; dir: string; drop: number; delay: number; jitter: number; timeout?: number; seed: number; seconds?: number; kill: RunOptions['schedule']; restart: RunOptions['schedule'] }) => {
      setCode(
        runCluster(
          {
            protocol,
            servers: f.servers ?? runtimeProtocolOrNull(protocol)?.defaultServers ?? 3,
            slots: f.slots,
            rounds: f.rounds,
            batch: f.batch,
            bug: f.bug ?? null,
            dir: f.dir,
            drop: f.drop,
            delayMs: f.delay,
            jitterMs: f.jitter,
            timeoutMs: f.timeout ?? runtimeProtocolOrNull(protocol)?.defaultTimeoutMs ?? 200,
            seed: f.seed,
            ...(f.seconds !== undefined ? { seconds: f.seconds } : {}),
            schedule: [...f.kill, ...f.restart],
          },
          io,
        ).catch((e: unknown) => {
          io.err(`agora run: ${e instanceof Error ? e.message : String(e)}`);
          return 2;
        }),
      );
    });
}

/** `agora client put|get|load`. */
export function clientCommand(io: RuntimeIo, setCode: RuntimeSetCode): Command {
  return new Command('client')
    .description('a key-value client of a cluster started by agora run: put KEY VALUE, get KEY, or load (closed-loop clients, history checked for linearizability)')
    .argument('<op>', 'put, get or load')
    .argument('[key]')
    .argument('[value]')
    .option('--dir <dir>', 'the cluster directory of agora run', 'agora-cluster')
    .option('--clients <n>', 'load: concurrent closed-loop clients', num('clients', 1, 10_000), 4)
    .option('--keys <n>', 'load: distinct keys', num('keys', 1, 1_000_000), 8)
    .option('--seconds <n>', 'load: how long', num('seconds', 0, Infinity, false), 5)
    .option('--writes <fraction>', 'load: fraction of puts', num('writes', 0, 1, false), 0.5)
    .option('--seed <n>', 'load: seeds the workload', num('seed', 0), 1)
    .addOption(new Option('--send <all|one>', "load: a request's first send goes to every server, or to one (Multi-Paxos and PBFT: server 0; S-Paxos: client mod n); retransmissions go to all").choices(['all', 'one']).default('all'))
    .option('--pin-keys', 'load: client c always works on key c mod --keys (with agora run --batch k, use a multiple of k clients per key)', false)
    .option('--ops-per-key <n>', 'load, with --pin-keys: move to a fresh key (a fresh protocol instance) after n operations on one, so that no log outgrows n slots (agora run --slots n, with as many clients per key as --batch)', num('ops-per-key', 1, 1_000_000))
    .option('--warmup <s>', 'load: run this long first, left out of the throughput and latencies', num('warmup', 0, 3600, false), 0)
    .action((op: string, key: string | undefined, value: string | undefined, f: { dir: string; clients: number; keys: number; seconds: number; writes: number; seed: number; send: 'all' | 'one'; pinKeys: boolean; warmup: number; opsPerKey?: number }) => {
      const run = (): Promise<number> => {
        if (op === 'put' && key !== undefined && value !== undefined) return clientPut(f.dir, key, value, io);
        if (op === 'get' && key !== undefined && value === undefined) return clientGet(f.dir, key, io);
        if (op === 'load' && key === undefined) return clientLoad(f, io);
        return Promise.reject(new RangeError(`usage: agora client put KEY VALUE | get KEY | load [--clients N --keys N --seconds S --writes F --send all|one --pin-keys]`));
      };
      setCode(
        run().catch((e: unknown) => {
          io.err(`agora client: ${e instanceof Error ? e.message : String(e)}`);
          return 2;
        }),
      );
    });
}

/** `agora validate LOGDIR`. */
export function validateCommand(io: RuntimeIo, setCode: RuntimeSetCode): Command {
  return new Command('validate')
    .description('check that the logs of a real run are an execution the model allows, with every property holding')
    .argument('<logdir>', 'the --dir of agora run (server-*.jsonl, client-*.jsonl)')
    .option('--bug <name>', 'check against a known-bug variant instead of the correct protocol')
    .action((dir: string, f: { bug?: string }) => {
      try {
        setCode(validateDir(dir, f.bug ?? null, io));
      } catch (e) {
        io.err(`agora validate: ${e instanceof Error ? e.message : String(e)}`);
        setCode(2);
      }
    });
}
