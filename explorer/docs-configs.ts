/**
 * The configuration tables of the protocol pages (docs/<protocol>.md),
 * generated from the configuration tables of spec/<protocol>/configs.ts:
 * each configuration's sizes and pinned counts (`expected`, and `reduced`
 * where the counts with the CLI's default reductions are pinned), or, for
 * one without counts, why (`NO_COUNTS`). Cheap: read from the tables, no
 * search. The pages hold each table between the markers of a generated
 * block (`docs-blocks.ts`): `<!-- generated: configurations raft -->`.
 */
import type { ConfigFaults, StateCounts } from '../spec/core/registry.js';
import { DEFAULT_MULTIPAXOS_CONFIG, MULTIPAXOS_CONFIGS } from '../spec/multipaxos/configs.js';
import { DEFAULT_PBFT_CONFIG, PBFT_CONFIGS, faultyReplicas } from '../spec/pbft/configs.js';
import { DEFAULT_RAFT_CONFIG, RAFT_CONFIGS } from '../spec/raft/configs.js';
import { DEFAULT_SPAXOS_CONFIG, SPAXOS_CONFIGS } from '../spec/spaxos/configs.js';
import { DEFAULT_SYNOD_CONFIG, SYNOD_CONFIGS } from '../spec/synod/configs.js';
import { DEFAULT_VR_CONFIG, VR_CONFIGS } from '../spec/vr/configs.js';
import { int } from './render/format.js';

/**
 * What the table says of a configuration that pins no unreduced counts
 * (test/protocols/pinned-configs.test.ts gives the longer reason for each).
 * A configuration without `expected` and without an entry here fails the
 * generation.
 */
export const NO_COUNTS: Readonly<Record<string, string>> = {
  'synod-flp': 'ballots unbounded: for liveness (`--property decided`)',
  'synod-leader': 'ballots unbounded: for liveness (`--property decided`)',
  'synod-p3': 'not finished',
  'synod-m': 'not finished',
  'synod-l': 'not finished',
  'synod-xl': 'not finished',
  'mp-m': 'not finished; with the reductions: [benchmarks.md](benchmarks.md)',
  'pbft-m': 'not finished; with the reductions: [benchmarks.md](benchmarks.md)',
  'raft-s3': '(showcase of `append-without-consistency-check`)',
  'raft-recover': '(showcase of `forget-votedfor`)',
  'vr-c2': 'not finished',
  'vr-v2': 'not finished',
};

/** The reduced column of the synod table for configurations without pinned reduced counts. */
const SYNOD_REDUCED_NOTE: Readonly<Record<string, string>> = {
  'synod-flp': '(liveness: `decided` violated by a cycle)',
  'synod-leader': '(liveness: `decided` holds)',
  'synod-m': '[benchmarks.md](benchmarks.md)',
  'synod-l': 'not finished',
  'synod-xl': 'not finished',
};

interface Counted {
  readonly name: string;
  readonly expected?: StateCounts;
}

const row = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`.replace(/ {2,}/g, ' ');
const name = (c: { name: string }, dflt: string): string => `\`${c.name}\`${c.name === dflt ? ' (default)' : ''}`;

/** Distinct states, transitions, depth; or the reason across the three cells. */
function counts(c: Counted): string[] {
  if (c.expected !== undefined) return [int(c.expected.states), int(c.expected.transitions), String(c.expected.depth)];
  const why = NO_COUNTS[c.name];
  if (why === undefined) throw new Error(`configuration ${c.name} has no expected counts and no entry in NO_COUNTS (explorer/docs-configs.ts)`);
  return [why, '', ''];
}

function faultsText(f: ConfigFaults | undefined, lossy = false): string {
  const parts = [lossy || f?.lossy === true ? 'loss' : ''];
  if (f?.crashes !== undefined) {
    const who = f.crashOnly !== undefined ? ` (${f.crashOnly.join(', ')})` : '';
    parts.push(`${f.crashes} crash${f.crashes > 1 ? 'es' : ''}${(f.recoveries ?? 0) > 0 ? ' and restart' : ''}${who}`);
  }
  return parts.filter(Boolean).join(', ');
}

function table(header: readonly string[], align: readonly string[], rows: readonly (readonly string[])[]): string {
  return [row(header), row(align), ...rows.map(row)].join('\n');
}

const R = '---:';
const L = '---';

function synodTable(): string {
  return table(
    ['name', 'P', 'A', 'R', 'ballots', 'faults', 'distinct states (unreduced)', 'transitions', 'depth', 'with symmetry and POR (the CLI\'s default): orbits', 'transitions', 'depth'],
    [L, R, R, R, R, L, R, R, R, R, R, R],
    SYNOD_CONFIGS.map((c) => {
      const reduced = c.reduced !== undefined ? [int(c.reduced.states), int(c.reduced.transitions), String(c.reduced.depth)] : [SYNOD_REDUCED_NOTE[c.name] ?? '', '', ''];
      return [
        name(c, DEFAULT_SYNOD_CONFIG),
        String(c.proposers),
        String(c.acceptors),
        c.unbounded === true ? 'unbounded' : String(c.rounds),
        c.unbounded === true ? 'unbounded' : String(c.proposers * c.rounds),
        faultsText(c.faults, c.lossy),
        ...counts(c),
        ...reduced,
      ];
    }),
  );
}

function multipaxosTable(): string {
  return table(
    ['name', 'C', 'K', 'P', 'A', 'L', 'S', 'R', 'distinct states (2b to the leader)', 'transitions', 'depth'],
    [L, R, R, R, R, R, R, R, R, R, R],
    MULTIPAXOS_CONFIGS.map((c) => [name(c, DEFAULT_MULTIPAXOS_CONFIG), ...[c.clients, c.commands, c.proposers, c.acceptors, c.replicas, c.slots, c.rounds].map(String), ...counts(c)]),
  );
}

function spaxosTable(): string {
  return table(
    ['name', 'C', 'K', 'n', 'P', 'S', 'R', 'distinct states (2b to the leader)', 'transitions', 'depth'],
    [L, R, R, R, R, R, R, R, R, R],
    SPAXOS_CONFIGS.map((c) => [name(c, DEFAULT_SPAXOS_CONFIG), ...[c.clients, c.commands, c.replicas, c.proposers, c.slots, c.rounds].map(String), ...counts(c)]),
  );
}

function pbftTable(): string {
  return table(
    ['name', 'C', 'K', 'n', 'f', 'F (faulty replicas)', 'S', 'V', 'adversary', 'result'],
    [L, R, R, R, R, R, R, R, L, L],
    PBFT_CONFIGS.map((c) => {
      const faulty = faultyReplicas(c).map((i) => `r${i}`);
      let result: string;
      if (c.expected !== undefined) result = `holds: ${int(c.expected.states)} states, ${int(c.expected.transitions)} transitions, depth ${c.expected.depth}`;
      else if (c.violates !== undefined) result = `violated: \`${c.violates.property}\` after ${c.violates.steps} steps`;
      else result = counts(c)[0] as string;
      return [
        name(c, DEFAULT_PBFT_CONFIG),
        ...[c.clients, c.commands, c.replicas, c.f].map(String),
        `${c.faulty}${faulty.length > 0 ? ` (${faulty.join(', ')})` : ''}`,
        String(c.seqs),
        String(c.views),
        c.adversary ?? 'equivocating-primary',
        result,
      ];
    }),
  );
}

function raftTable(): string {
  return table(
    ['name', 'C', 'K', 'N', 'E', 'T', 'start', 'faults', 'distinct states', 'transitions', 'depth'],
    [L, R, R, R, R, R, L, L, R, R, R],
    RAFT_CONFIGS.map((c) => [
      name(c, DEFAULT_RAFT_CONFIG),
      ...[c.clients, c.commands, c.servers, c.candidates, c.terms].map(String),
      c.figure8 === 1 ? 'Figure 8 (b)' : '',
      faultsText(c.faults),
      ...counts(c),
    ]),
  );
}

function vrTable(): string {
  return table(
    ['name', 'C', 'K', 'N', 'E', 'V', 'Commit', 'start', 'faults', 'distinct states', 'transitions', 'depth', 'with POR: states', 'transitions', 'depth'],
    [L, R, R, R, R, R, L, L, L, R, R, R, R, R, R],
    VR_CONFIGS.map((c) => [
      name(c, DEFAULT_VR_CONFIG),
      ...[c.clients, c.commands, c.replicas, c.timers, c.views].map(String),
      c.commits === 1 ? 'yes' : 'no',
      c.stale === 1 ? 'stale primary' : '',
      faultsText(c.faults),
      ...counts(c),
      ...(c.reduced !== undefined ? [int(c.reduced.states), int(c.reduced.transitions), String(c.reduced.depth)] : ['', '', '']),
    ]),
  );
}

/** The configuration table of each protocol page, by protocol name. */
export const CONFIGURATION_TABLES: Readonly<Record<string, () => string>> = {
  synod: synodTable,
  multipaxos: multipaxosTable,
  spaxos: spaxosTable,
  pbft: pbftTable,
  raft: raftTable,
  vr: vrTable,
};
