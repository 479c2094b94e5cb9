/**
 * `node dist/explorer/bench-simulate.js`: how long random simulation takes
 * to find each known bug, with every core. For every bug variant of every
 * protocol it runs `agora simulate`'s engine (`simulate/pool.ts`) on
 *   - the configuration where the docs show the bug: the protocol's
 *     showcases that name it (with their faults, adversary and properties,
 *     recoveries included), else the protocol's default configuration;
 *   - a configuration too big to exhaust without reductions (BIG below),
 *     with the same faults, adversary and properties;
 * plus the showcases that need no bug (configurations beyond the fault
 * bound), each with uniform walks and with swarm testing, and prints a
 * markdown table: protocol, bug, configuration, property, then per mode the
 * seconds to the violation (wall, worker start-up included), the runs walked,
 * and the failing walk's length -> its shrunk length; then the machine's
 * core count.
 *
 * Usage: node dist/explorer/bench-simulate.js [--protocol P[,Q]] [--seconds N] [--seed S] [--workers N] [--mode uniform|swarm|both]
 *   --protocol only these protocols (default: every one)
 *   --seconds  bound per measurement (default 60); one that hits it says so
 *   --seed     the simulation seed (default 1: the runs are reproducible)
 *   --workers  worker threads (default: os.availableParallelism())
 *   --mode     uniform walks, swarm testing, or both (default)
 */
import os from 'node:os';
import type { ConfigFaults, ProtocolEntry } from '../spec/core/registry.js';
import type { FaultOptions } from './actor-system/faults.js';
import { configFaults } from './cli-options.js';
import { allProtocols, buildSpec, camel, resolveSource, type SpecSource, type SystemFlags } from './registry.js';
import { MAX_RUN } from './simulate/engine.js';
import { simulate } from './simulate/pool.js';

/**
 * Per protocol, a configuration too big to exhaust without the reductions:
 * synod-m (P=2 A=3 R=2, over 596 million states); mp-m; sp-m with two
 * clients (sp-m alone is 19 million states); pbft-vc with two clients (a view
 * change and two requests; no named configuration has both); raft-c2 with
 * five terms (raft-c2, with two, is 33.7 million states); vr-c2 with three
 * clients and three view changes. A bug's showcase parameters that set up
 * its scenario (raft's --figure8, VR's --stale) are kept on it, so those
 * start from the showcase's state with the bigger sizes (one more term or
 * view than raft-fig8 and vr-stale).
 */
const BIG: Readonly<Record<string, { readonly config: string; readonly params?: Readonly<Record<string, number>> }>> = {
  synod: { config: 'synod-m' },
  multipaxos: { config: 'mp-m' },
  spaxos: { config: 'sp-m', params: { clients: 2 } },
  pbft: { config: 'pbft-vc', params: { clients: 2 } },
  raft: { config: 'raft-c2', params: { terms: 5 } },
  vr: { config: 'vr-c2', params: { clients: 3, views: 3 } },
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
const only: string[] = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i] as string;
  if (a === '--protocol') only.push(...String(args[++i]).split(','));
  else if (a === '--seconds') seconds = Number(args[++i]);
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
    // Where the docs show the bug: its showcases (with their faults, e.g. the recoveries a crash-recovery bug
    // needs), else the default configuration.
    const shown = showcases.filter((s) => s.bug === bug).map((s): Target => ({ protocol, bug, config: s.config ?? protocol.defaultConfig, ...optional(s) }));
    const first: Target[] = shown.length > 0 ? shown : [{ protocol, bug, config: protocol.defaultConfig }];
    out.push(...first);
    const big = BIG[protocol.name];
    const like = first[0] as Target;
    if (big !== undefined) {
      const { config: shownConfig, ...rest } = like;
      const scenario = scenarioParams(protocol, shownConfig);
      const params = { ...scenario, ...big.params };
      // The faults the bug is shown with: the showcase's own, else its configuration's (e.g. raft-recover's restarts).
      const faults = like.faults ?? protocol.configs.find((c) => c.name === shownConfig)?.faults;
      out.push({ ...rest, ...(faults !== undefined ? { faults } : {}), config: big.config, ...(Object.keys(params).length > 0 ? { params } : {}) });
    }
  }
  for (const s of showcases.filter((x) => x.bug === undefined || x.bug === null)) {
    out.push({ protocol, bug: null, config: s.config ?? protocol.defaultConfig, ...optional(s) });
  }
  return out;
}

/**
 * The parameters of configuration `name` that choose a starting scenario
 * rather than a size (`ProtocolParameter.scenario`: raft's figure8, VR's
 * stale): the big configuration keeps them, so a bug shown from that
 * scenario is looked for from it.
 */
function scenarioParams(protocol: ProtocolEntry, name: string): Record<string, number> {
  const config = protocol.configs.find((c) => c.name === name);
  const out: Record<string, number> = {};
  for (const { name: key } of protocol.parameters.filter((p) => p.scenario === true)) {
    const v = config?.params[key];
    if (v !== undefined && v !== 0) out[key] = v;
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
  const faults = configFaults(f, buildSpec(source));
  const label = [
    t.config,
    ...Object.entries(t.params ?? {}).map(([k, x]) => `--${k} ${x}`),
    t.adversary !== undefined ? `--adversary ${t.adversary}` : '',
    faults.lossy ? '--lossy' : '',
    faults.crashes > 0 ? `--crashes ${faults.crashes}` : '',
    (faults.recoveries ?? 0) > 0 ? `--recoveries ${faults.recoveries}` : '',
    f?.crashOnly !== undefined && faults.crashes > 0 ? `--crash-only ${f.crashOnly.join(',')}` : '',
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

const known = allProtocols().map((p) => p.name);
const unknown = only.filter((p) => !known.includes(p));
if (unknown.length > 0) {
  process.stderr.write(`bench-simulate: no protocol ${unknown.join(', ')} (known: ${known.join(', ')})\n`);
  process.exit(2);
}
const rows: Row[] = [];
for (const protocol of allProtocols().filter((p) => only.length === 0 || only.includes(p.name))) {
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
