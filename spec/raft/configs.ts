/**
 * Named Raft configurations. `expected` pins what the explorer found and,
 * for the small ones, the naive reference explorer confirmed (distinct
 * states, transitions, BFS depth) on the correct protocol, unreduced.
 */
import type { ConfigFaults, StateCounts } from '../core/registry.js';

/** The sizes of one Raft cluster. */
export interface RaftSizes {
  /** C clients `c0..`, all played by the node `clients`. */
  readonly clients: number;
  /** K commands per client. */
  readonly commands: number;
  /** N servers `s0..`. */
  readonly servers: number;
  /** How many servers may time out and stand for election: s0..s(E-1) (the others only vote). */
  readonly candidates: number;
  /** 1: start from the three-server analogue of Figure 8 (b) instead of s0 leading term 1 with empty logs (`machines/raft/system.ts`). */
  readonly figure8: number;
  /** T: the highest term (s0 leads term 1 from the start; elections may start terms 2..T). */
  readonly terms: number;
}

export interface RaftConfig extends RaftSizes {
  readonly name: string;
  readonly description: string;
  readonly expected?: StateCounts;
  /** Faults the configuration runs with (e.g. crash-recovery). */
  readonly faults?: ConfigFaults;
}

export const RAFT_PARAMETERS = [
  { name: 'clients', description: 'C, the number of clients', min: 1, max: 4 },
  { name: 'commands', description: 'K, the commands each client issues', min: 1, max: 4 },
  { name: 'servers', description: 'N, the number of servers', min: 1, max: 7 },
  { name: 'candidates', description: 'E, the servers s0..s(E-1) whose election timer may fire (the others only vote and replicate)', min: 1, max: 7 },
  { name: 'figure8', description: '1: start from the three-server analogue of Figure 8 (b): s0 holds an entry of term 1, s1 leads term 2 with an entry of its own (C=2, K=1, N=3)', min: 0, max: 1, scenario: true },
  { name: 'terms', description: 'T, the highest term: s0 leads term 1 from the start, so T − 1 elections at most may succeed one another', min: 1, max: 6 },
] as const;

export const RAFT_PARAMETER_NAMES = RAFT_PARAMETERS.map((p) => p.name);

export const RAFT_CONFIGS: readonly RaftConfig[] = [
  { name: 'raft-tiny', description: 'three servers, s0 and s1 may stand, two terms, one command, for tests', clients: 1, commands: 1, servers: 3, candidates: 2, figure8: 0, terms: 2, expected: { states: 9_874, transitions: 43_577, depth: 18 } },
  { name: 'raft-s', description: 'three servers, two terms (a leader change), one client with two commands (the default)', clients: 1, commands: 2, servers: 3, candidates: 3, figure8: 0, terms: 2, expected: { states: 2_864_499, transitions: 19_300_047, depth: 32 } },
  {
    name: 'raft-c2',
    description: 'three servers, two terms (a leader change), two clients with one command each, concurrent: the larger configuration (pinned by npm run test:long; its time: docs/benchmarks.md)',
    clients: 2,
    commands: 1,
    servers: 3,
    candidates: 3,
    figure8: 0,
    terms: 2,
    expected: { states: 33_669_391, transitions: 245_386_654, depth: 32 },
  },
  { name: 'raft-s3', description: 'raft-s with a third command and s2 never a candidate: the showcase of append-without-consistency-check', clients: 1, commands: 3, servers: 3, candidates: 2, figure8: 0, terms: 2 },
  {
    name: 'raft-recover',
    description: 'three servers, two terms, one command; s0 may crash and restart from stable storage (--crashes 1 --recoveries 1 --crash-only s0): the showcase of forget-votedfor',
    clients: 1,
    commands: 1,
    servers: 3,
    candidates: 3,
    figure8: 0,
    terms: 2,
    faults: { crashes: 1, recoveries: 1, crashOnly: ['s0'] },
  },
  {
    name: 'raft-fig8',
    description: "Figure 8 on three servers: from s1 leading term 2 while s0 holds an entry of term 1, elections up to term 4 (an old term's entry committed, then overwritten)",
    clients: 2,
    commands: 1,
    servers: 3,
    candidates: 3,
    figure8: 1,
    terms: 4,
    expected: { states: 37_079, transitions: 169_760, depth: 24 },
  },
];

export const DEFAULT_RAFT_CONFIG = 'raft-s';

/** Short form of the sizes. */
export function describeRaftSizes(p: Readonly<Record<string, number>>): string {
  return `C=${p['clients']} K=${p['commands']} N=${p['servers']} E=${p['candidates']} T=${p['terms']}${p['figure8'] === 1 ? ' from Figure 8 (b)' : ''}`;
}
