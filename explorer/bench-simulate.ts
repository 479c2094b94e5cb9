/**
 * `node dist/explorer/bench-simulate.js`: how long random simulation takes
 * to find each known bug, with every core. For every bug variant of every
 * protocol it runs `agora simulate`'s engine (`simulate/pool.ts`) on
 *   - the configuration where the docs show the bug: the protocol's
 *     showcases that name it (with their faults, adversary and properties),
 *     else the protocol's default configuration;
 *   - a configuration too big to exhaust without reductions (BIG below),
 *     with the same faults, adversary and properties;
 * plus the showcases that need no bug (configurations beyond the fault
 * bound), each with uniform walks and with swarm testing, and prints a
 * markdown table: protocol, bug, configuration, property, then per mode the
 * seconds to the violation (wall, worker start-up included), the runs walked,
 * and the failing walk's length -> its shrunk length; then the machine's
 * core count.
 *
 * Usage: node dist/explorer/bench-simulate.js [--seconds N] [--seed S] [--workers N] [--mode uniform|swarm|both]
 *   --seconds  bound per measurement (default 60); one that hits it says so
 *   --seed     the simulation seed (default 1: the runs are reproducible)
 *   --workers  worker threads (default: os.availableParallelism())
 *   --mode     uniform walks, swarm testing, or both (default)
 */
import os from 'node:os';
import type { ConfigFaults, ProtocolEntry } from '../spec/core/registry.js';
import type { FaultOptions } from './actor-system/faults.js';
import { allProtocols, camel, resolveSource, type SpecSource, type SystemFlags } from './registry.js';
import { MAX_RUN } from './simulate/engine.js';
import { simulate } from './simulate/pool.js';

/**
 * Per protocol, a configuration too big to exhaust without the reductions:
 * synod-m (P=2 A=3 R=2, over 596 million states); mp-m; sp-m with two
 * clients (sp-m alone is 19 million states); pbft-vc with two clients (a view
 * change and two requests; no named configuration has both).
 */
const BIG: Readonly<Record<string, { readonly config: string; readonly params?: Readonly<Record<string, number>> }>> = {
  synod: { config: 'synod-m' },
  multipaxos: { config: 'mp-m' },
  spaxos: { config: 'sp-m', params: { clients: 2 } },
  pbft: { config: 'pbft-vc', params: { clients: 2 } },
};

/** One measurement: a system and the faults it is simulated under. */
interface Target {
  readonly protocol: ProtocolEntry;
  readonly bug: string | null;
  readonly config: string;
  readonly params?: Readonly<Record<string, number>>;
  readonly faults?: ConfigFaults;
  readonly adversary?: string;
  readonly properties?: readonly string[];
}

/** One mode's measurement of a target. */
interface Found {
  readonly found: boolean;
  readonly property: string;
  readonly seconds: number;
  readonly runs: number;
  readonly length: number;
  readonly shrunk: number;
}

interface Row {
  readonly protocol: string;
  readonly bug: string;
  readonly config: string;
  readonly uniform?: Found;
  readonly swarm?: Found;
}

type Mode = 'uniform' | 'swarm';

const args = process.argv.slice(2);
let seconds = 60;
let seed = 1;
let workers = os.availableParallelism();
let modes: Mode[] = ['uniform', 'swarm'];
for (let i = 0; i < args.length; i++) {
  const a = args[i] as string;
  if (a === '--seconds') seconds = Number(args[++i]);
  else if (a === '--seed') seed = Number(args[++i]);
  else if (a === '--workers') workers = Number(args[++i]);
  else if (a === '--mode') {
    const m = args[++i];
    modes = m === 'both' ? ['uniform', 'swarm'] : m === 'uniform' || m === 'swarm' ? [m] : [];
  } else {
    process.stderr.write(`bench-simulate: unknown argument ${a}\n`);
    process.exit(2);
  }
}
if (!(seconds > 0) || !Number.isInteger(seed) || !(workers >= 1) || modes.length === 0) {
  process.stderr.write('bench-simulate: --seconds expects a positive number, --seed an integer, --workers at least 1, --mode uniform, swarm or both\n');
  process.exit(2);
}

/** Every bug's targets (its showcases or the default configuration, and the big one), then the bug-free showcases. */
function targets(protocol: ProtocolEntry): Target[] {
  const out: Target[] = [];
  const showcases = protocol.showcases ?? [];
  const optional = (s: (typeof showcases)[number]) => ({
    ...(s.faults !== undefined ? { faults: s.faults } : {}),
    ...(s.adversary !== undefined ? { adversary: s.adversary } : {}),
    ...(s.properties !== undefined ? { properties: s.properties } : {}),
  });
  for (const bug of Object.keys(protocol.bugs)) {
    const shown = showcases.filter((s) => s.bug === bug).map((s): Target => ({ protocol, bug, config: s.config ?? protocol.defaultConfig, ...optional(s) }));
    const replaced = showcases.some((s) => s.bug === bug && s.replacesBugSection === true);
    const own: Target[] = replaced ? [] : [{ protocol, bug, config: protocol.defaultConfig }];
    const first = [...own, ...shown];
    out.push(...first);
    const big = BIG[protocol.name];
    const like = first[0];
    if (big !== undefined && like !== undefined) {
      const { config: _shown, ...rest } = like;
      out.push({ ...rest, config: big.config, ...(big.params !== undefined ? { params: big.params } : {}) });
    }
  }
  for (const s of showcases.filter((x) => x.bug === undefined || x.bug === null)) {
    out.push({ protocol, bug: null, config: s.config ?? protocol.defaultConfig, ...optional(s) });
  }
  return out;
}

/** The flags that name a target's system, and its faults. */
function resolveTarget(t: Target): { source: SpecSource; faults: FaultOptions; label: string } {
  const flags: SystemFlags = {
    config: t.config,
    ...(t.bug !== null ? { bug: t.bug } : {}),
    ...(t.adversary !== undefined ? { adversary: t.adversary } : {}),
    ...(t.properties !== undefined ? { property: t.properties.join(',') } : {}),
    ...Object.fromEntries(Object.entries(t.params ?? {}).map(([k, v]) => [camel(k), v])),
  };
  const { config, source } = resolveSource(t.protocol.name, flags);
  const f = t.faults ?? config.faults;
  const faults = { lossy: f?.lossy === true, duplicates: f?.duplicates ?? 0, crashes: f?.crashes ?? 0 };
  const label = [
    t.config,
    ...Object.entries(t.params ?? {}).map(([k, x]) => `--${k} ${x}`),
    t.adversary !== undefined ? `--adversary ${t.adversary}` : '',
    faults.lossy ? '--lossy' : '',
    faults.crashes > 0 ? `--crashes ${faults.crashes}` : '',
    faults.duplicates > 0 ? `--duplicates ${faults.duplicates}` : '',
    t.properties !== undefined ? `--property ${t.properties.join(',')}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return { source, faults, label };
}

async function measure(source: SpecSource, faults: FaultOptions, mode: Mode): Promise<Found> {
  const start = performance.now();
  const report = await simulate(source, { faults, seed, runs: MAX_RUN, maxSteps: 200, maxSeconds: seconds, workers, swarm: mode === 'swarm' });
  const v = report.violation;
  return {
    found: v !== undefined,
    property: v?.propertyName ?? '',
    seconds: (performance.now() - start) / 1000,
    runs: report.stats.runs,
    length: v?.length ?? 0,
    shrunk: v?.steps.length ?? 0,
  };
}

const rows: Row[] = [];
for (const protocol of allProtocols()) {
  for (const t of targets(protocol)) {
    const { source, faults, label } = resolveTarget(t);
    const row: { -readonly [K in keyof Row]: Row[K] } = { protocol: protocol.name, bug: t.bug ?? '(none)', config: label };
    for (const mode of modes) {
      const found = await measure(source, faults, mode);
      row[mode] = found;
      process.stderr.write(`${row.protocol} ${row.bug} ${label} (${mode}): ${found.found ? `found in ${found.seconds.toFixed(2)} s` : 'not found'}\n`);
    }
    rows.push(row);
  }
}

const cells = (f: Found | undefined): string[] =>
  f === undefined ? [] : [f.found ? f.seconds.toFixed(2) : `**not found in ${seconds} s**`, f.runs.toLocaleString('en-US'), f.found ? `${f.length} → ${f.shrunk}` : ''];
const property = (r: Row): string => r.uniform?.property || r.swarm?.property || '';
const lines = [
  `Random simulation: seconds to the first violation (seed ${seed}, ${workers} worker${workers === 1 ? '' : 's'}, walks of at most 200 steps, ${seconds} s bound per measurement).`,
  '',
  `| protocol | bug | configuration | property | ${modes.map((m) => `${m} s | runs | walk → shrunk`).join(' | ')} |`,
  `|---|---|---|---|${modes.map(() => '---:|---:|---:').join('|')}|`,
  ...rows.map((r) => `| ${r.protocol} | ${r.bug} | ${r.config} | ${property(r)} | ${modes.flatMap((m) => cells(r[m])).join(' | ')} |`),
  '',
  `Machine: ${os.availableParallelism()} cores available (os.availableParallelism()), ${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}.`,
];
process.stdout.write(`${lines.join('\n')}\n`);
