/**
 * `npm run bench`: explores the benchmark configurations, each in its own
 * process (so peak memory is that run's alone) through the real CLI, and
 * prints a markdown table: distinct states, transitions, depth, seconds,
 * distinct states/s, peak RSS, bytes per state, memo hit rate, and whether
 * the run finished. Runs bounded by --max-seconds say so in the table.
 *
 * Usage: node dist/explorer/bench.js [--seconds N] [--baseline CLI] [run ...]
 *   a run is `protocol:config[:variant][@reductions][#workers[c]]` (a bare config name
 *   means synod); reductions are `off` (neither symmetry nor partial-order
 *   reduction), `sym` (symmetry alone), `por` (POR alone), `both`, or `live`
 *   (the invariants and the liveness property `decided`, no reductions); default
 *   `off`. The default runs: every benchmark configuration unreduced (the
 *   explorer's raw speed), the reduction factors of synod-s, synod-lossy-s,
 *   mp-s, sp-s and pbft-s, synod-m with each reduction (exhaustive with
 *   both), and the larger Multi-Paxos and PBFT configurations that finish only
 *   with the reductions, and 1 against 2 workers (`--workers`) on synod-m
 *   (unreduced, for 180 s, and with both reductions), mp-s, and pbft-s
 *   (unreduced, symmetry alone, both), and 2 worker processes over NATS (`#2c`: `--cluster`, with
 *   a nats-server on loopback and `agora worker` processes the bench starts
 *   and ends) on mp-s and pbft-s. Default bound 180 s each.
 *   --baseline CLI: the `bin/agora.js` of another build (a checkout of the
 *   previous commit); every unreduced run is then repeated three times,
 *   alternating the two builds, and the table gets the baseline's rate too.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

interface Row {
  config: string;
  status: string;
  stoppedBy?: string;
  stats: {
    states: number;
    transitions: number;
    depth: number;
    seconds: number;
    statesPerSecond: number;
    peakRssBytes: number;
    bytesPerState: number;
    memoHitRate: number;
  };
  wall: number;
}

const args = process.argv.slice(2);
let seconds = 180;
let baseline: string | undefined;
const configs: string[] = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i] as string;
  if (a === '--seconds') seconds = Number(args[++i]);
  else if (a === '--baseline') baseline = args[++i];
  else configs.push(a);
}
if (!Number.isFinite(seconds) || seconds <= 0) {
  process.stderr.write('bench: --seconds expects a positive number\n');
  process.exit(2);
}
if (configs.length === 0) {
  configs.push(
    ...['synod-s', 'synod-lossy-s', 'multipaxos:mp-s', 'multipaxos:mp-s:all', 'spaxos:sp-s', 'spaxos:sp-m', 'pbft:pbft-s', 'pbft:pbft-vc', 'pbft:pbft-replay', 'raft:raft-s', 'vr:vr-s'],
    ...['synod-s', 'synod-lossy-s', 'multipaxos:mp-s', 'spaxos:sp-s', 'pbft:pbft-s'].flatMap((c) => ['sym', 'por', 'both'].map((r) => `${c}@${r}`)),
    'synod-p3@both',
    'synod-m@sym',
    'synod-m@por',
    'synod-m@both',
    'multipaxos:mp-m@both',
    'pbft:pbft-m@both',
    // Raft's larger configuration (two concurrent clients), with its symmetry.
    'raft:raft-c2@sym',
    // 1 against 2 workers: unreduced and symmetry alone split over a shared table; with the partial-order reduction, partitioned.
    ...['synod-m', 'multipaxos:mp-s', 'pbft:pbft-s', 'pbft:pbft-s@sym', 'pbft:pbft-s@both', 'synod-m@both'].flatMap((c) => [`${c}#1`, `${c}#2`]),
    ...['multipaxos:mp-s', 'pbft:pbft-s@both'].map((c) => `${c}#2c`),
    // Liveness (the graph kept, SCCs, lassos) against the safety-only search of the same configuration (`@off` above): target at most 2x.
    'synod-s@live',
    'multipaxos:mp-s@live',
  );
}

const REDUCTIONS: Record<string, string[]> = {
  off: ['--symmetry', 'off', '--por', 'off'],
  sym: ['--symmetry', 'on', '--por', 'off'],
  por: ['--symmetry', 'off', '--por', 'on'],
  both: ['--symmetry', 'on', '--por', 'on'],
  /** `decided` under weak fairness with the invariants (liveness turns both reductions off). */
  live: ['--symmetry', 'off', '--por', 'off', '--property', 'agreement,validity,decided'],
};

interface Report extends Omit<Row, 'config' | 'wall'> {
  readonly stats: Row['stats'];
}

/** Runs one check through a CLI; exits the bench on a failure other than a limit. */
function runOnce(cliPath: string, config: string, flags: readonly string[]): { report: Report; wall: number } {
  const start = performance.now();
  const [path] = config.split('#')[0]?.split('@') ?? [];
  const [protocol, name, variant] = (path as string).includes(':') ? (path as string).split(':') : ['synod', path];
  const argv = [cliPath, 'check', protocol as string, '--config', name as string, ...(variant !== undefined ? ['--variant', variant] : []), ...flags];
  const run = spawnSync(process.execPath, [...argv, '--json', '--max-seconds', String(seconds)], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const wall = (performance.now() - start) / 1000;
  if (run.status !== 0 && run.status !== 3) {
    process.stderr.write(`bench: ${config} failed (exit ${run.status}):\n${run.stderr}\n`);
    process.exit(1);
  }
  return { report: JSON.parse(run.stdout) as Report, wall };
}

const cli = fileURLToPath(new URL('../../bin/agora.js', import.meta.url));

/** For `#Nc` runs: a nats-server on loopback and as many `agora worker` processes as the largest such run needs. */
const clusterSizes = configs.map((c) => /#(\d+)c$/.exec(c)).filter((m) => m !== null).map((m) => Number(m[1]));
const helpers: ChildProcess[] = [];
let natsUrl: string | undefined;
if (clusterSizes.length > 0) {
  const port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
  natsUrl = `nats://127.0.0.1:${port}`;
  const server = spawn('nats-server', ['-a', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  server.once('error', () => {
    process.stderr.write('bench: #Nc runs need nats-server on the PATH (apt-get install nats-server)\n');
    process.exit(2);
  });
  helpers.push(server);
  await new Promise((r) => setTimeout(r, 500));
  for (let i = 0; i < Math.max(...clusterSizes); i++) helpers.push(spawn(process.execPath, [cli, 'worker', '--nats', natsUrl], { stdio: 'ignore' }));
  await new Promise((r) => setTimeout(r, 1500));
  process.on('exit', () => helpers.forEach((h) => h.kill('SIGKILL')));
}

const rows: (Row & { baselineRates?: number[]; rates?: number[] })[] = [];
for (const config of configs) {
  const [named, split = '1'] = config.split('#');
  const reductions = named?.split('@')[1] ?? 'off';
  const workers = split.replace(/c$/, '');
  const cluster = split.endsWith('c') && natsUrl !== undefined ? ['--cluster', natsUrl] : [];
  const flags = REDUCTIONS[reductions]?.concat(['--workers', workers], cluster);
  if (flags === undefined) {
    process.stderr.write(`bench: unknown reductions '${reductions}' in ${config}; use off, sym, por or both\n`);
    process.exit(2);
  }
  process.stderr.write(`bench: ${config} (bounded to ${seconds} s)…\n`);
  if (baseline !== undefined && reductions === 'off') {
    // Alternate the two builds, three runs each, so that both see the same machine.
    const rates: number[] = [];
    const baselineRates: number[] = [];
    let last: { report: Report; wall: number } | undefined;
    for (let k = 0; k < 3; k++) {
      baselineRates.push(runOnce(baseline, config, []).report.stats.statesPerSecond);
      last = runOnce(cli, config, flags);
      rates.push(last.report.stats.statesPerSecond);
    }
    const done = last as { report: Report; wall: number };
    rows.push({ ...done.report, config, wall: done.wall, rates, baselineRates });
  } else {
    const { report, wall } = runOnce(cli, config, flags);
    rows.push({ ...report, config, wall });
  }
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const lines = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; the search runs on one worker thread unless the run names more (#N), or worker processes over a NATS server on loopback (#Nc).`,
  '',
  '| run | finished | distinct states | transitions | depth | search s | process s | distinct states/s | peak RSS | bytes/state | memo hits |',
  '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map((r) => {
    const s = r.stats;
    const finished = r.status === 'incomplete' ? `no (stopped by --${r.stoppedBy ?? '?'})` : `yes (${r.status})`;
    return `| ${r.config} | ${finished} | ${fmt(s.states)} | ${fmt(s.transitions)} | ${s.depth} | ${s.seconds.toFixed(2)} | ${r.wall.toFixed(2)} | ${fmt(s.statesPerSecond)} | ${(s.peakRssBytes / 2 ** 20).toFixed(0)} MiB | ${s.bytesPerState.toFixed(1)} | ${(s.memoHitRate * 100).toFixed(4)}% |`;
  }),
  ...(rows.some((r) => r.baselineRates !== undefined)
    ? [
        '',
        'Unreduced rate against the baseline build, three alternating runs each (distinct states/s):',
        '',
        '| run | this build | baseline |',
        '| --- | ---: | ---: |',
        ...rows
          .filter((r) => r.baselineRates !== undefined)
          .map((r) => `| ${r.config} | ${(r.rates ?? []).map(fmt).join(' / ')} | ${(r.baselineRates ?? []).map(fmt).join(' / ')} |`),
      ]
    : []),
];
process.stdout.write(`${lines.join('\n')}\n`);
