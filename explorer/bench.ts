/**
 * `npm run bench`: explores the benchmark configurations, each in its own
 * process (so peak memory is that run's alone) through the real CLI, and
 * prints a markdown table: distinct states, transitions, depth, seconds,
 * distinct states/s, peak RSS, bytes per state, memo hit rate, and whether
 * the run finished. Runs bounded by --max-seconds say so in the table.
 *
 * Usage: node dist/explorer/bench.js [--seconds N] [run ...]
 *   a run is `protocol:config[:variant]` (a bare config name means synod);
 *   default runs: synod-s, synod-lossy-s, synod-m, multipaxos:mp-s (both
 *   variants), spaxos:sp-s, spaxos:sp-m, pbft:pbft-s, pbft:pbft-vc, pbft:pbft-replay; default
 *   bound 180 s each.
 */
import { spawnSync } from 'node:child_process';
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
const configs: string[] = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i] as string;
  if (a === '--seconds') seconds = Number(args[++i]);
  else configs.push(a);
}
if (!Number.isFinite(seconds) || seconds <= 0) {
  process.stderr.write('bench: --seconds expects a positive number\n');
  process.exit(2);
}
if (configs.length === 0) {
  configs.push('synod-s', 'synod-lossy-s', 'synod-m', 'multipaxos:mp-s', 'multipaxos:mp-s:all', 'spaxos:sp-s', 'spaxos:sp-m', 'pbft:pbft-s', 'pbft:pbft-vc', 'pbft:pbft-replay');
}

const cli = fileURLToPath(new URL('../../bin/agora.js', import.meta.url));
const rows: Row[] = [];
for (const config of configs) {
  process.stderr.write(`bench: ${config} (bounded to ${seconds} s)…\n`);
  const start = performance.now();
  const [protocol, name, variant] = config.includes(':') ? config.split(':') : ['synod', config];
  const argv = [cli, 'check', protocol as string, '--config', name as string, ...(variant !== undefined ? ['--variant', variant] : [])];
  const run = spawnSync(process.execPath, [...argv, '--json', '--max-seconds', String(seconds)], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const wall = (performance.now() - start) / 1000;
  if (run.status !== 0 && run.status !== 3) {
    process.stderr.write(`bench: ${config} failed (exit ${run.status}):\n${run.stderr}\n`);
    process.exit(1);
  }
  const report = JSON.parse(run.stdout) as Omit<Row, 'config' | 'wall'>;
  rows.push({ ...report, config, wall });
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const lines = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; the search runs on one core.`,
  '',
  '| run | finished | distinct states | transitions | depth | search s | process s | distinct states/s | peak RSS | bytes/state | memo hits |',
  '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map((r) => {
    const s = r.stats;
    const finished = r.status === 'incomplete' ? `no (stopped by --${r.stoppedBy ?? '?'})` : `yes (${r.status})`;
    return `| ${r.config} | ${finished} | ${fmt(s.states)} | ${fmt(s.transitions)} | ${s.depth} | ${s.seconds.toFixed(2)} | ${r.wall.toFixed(2)} | ${fmt(s.statesPerSecond)} | ${(s.peakRssBytes / 2 ** 20).toFixed(0)} MiB | ${s.bytesPerState.toFixed(1)} | ${(s.memoHitRate * 100).toFixed(4)}% |`;
  }),
];
process.stdout.write(`${lines.join('\n')}\n`);
