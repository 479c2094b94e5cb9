/**
 * Named Multi-Paxos configurations. `expected` pins what the explorer found
 * and the naive reference explorer confirmed (distinct states, transitions,
 * BFS depth) for the default variant (2b to the leader).
 */
import type { StateCounts } from '../core/registry.js';

/** The sizes of one Multi-Paxos cluster. */
export interface MultiPaxosSizes {
  /** C clients `c0..`, all played by the node `clients`. */
  readonly clients: number;
  /** K commands per client. */
  readonly commands: number;
  /** P proposers `p0..`; p0 leads ballot 0 from the start. */
  readonly proposers: number;
  /** A acceptors `a0..`. */
  readonly acceptors: number;
  /** L replicas `r0..`. */
  readonly replicas: number;
  /** S slots in the log. */
  readonly slots: number;
  /** R: how many ballots each proposer may lead (p0's initial ballot 0 included). */
  readonly rounds: number;
}

export interface MultiPaxosConfig extends MultiPaxosSizes {
  readonly name: string;
  readonly description: string;
  readonly expected?: StateCounts;
}

export const MULTIPAXOS_PARAMETERS = [
  { name: 'clients', description: 'C, the number of clients', min: 1, max: 4 },
  { name: 'commands', description: 'K, the commands each client issues', min: 1, max: 4 },
  { name: 'proposers', description: 'P, the number of proposers', min: 1, max: 5 },
  { name: 'acceptors', description: 'A, the number of acceptors', min: 1, max: 9 },
  { name: 'replicas', description: 'L, the number of replicas (learners)', min: 1, max: 9 },
  { name: 'slots', description: 'S, the slots in the log', min: 1, max: 8 },
  { name: 'rounds', description: "R, the ballots each proposer may lead (p0's ballot 0 included)", min: 1, max: 4 },
] as const;

export const MULTIPAXOS_CONFIGS: readonly MultiPaxosConfig[] = [
  { name: 'mp-tiny', description: 'one leader that may restart, for tests', clients: 1, commands: 1, proposers: 1, acceptors: 3, replicas: 1, slots: 1, rounds: 2, expected: { states: 32_092, transitions: 130_013, depth: 22 } },
  { name: 'mp-s', description: 'a leader change while two clients write and read, one slot (the default)', clients: 2, commands: 1, proposers: 2, acceptors: 3, replicas: 2, slots: 1, rounds: 1, expected: { states: 3_274_379, transitions: 18_970_393, depth: 30 } },
  { name: 'mp-m', description: 'mp-s with two slots: both clients commit, with a leader change; finishes only with the reductions (counts and times: docs/benchmarks.md)', clients: 2, commands: 1, proposers: 2, acceptors: 3, replicas: 2, slots: 2, rounds: 1 },
];

export const DEFAULT_MULTIPAXOS_CONFIG = 'mp-s';

/** Short form of the sizes. */
export function describeMultiPaxosSizes(p: Readonly<Record<string, number>>): string {
  return `C=${p['clients']} K=${p['commands']} P=${p['proposers']} A=${p['acceptors']} L=${p['replicas']} S=${p['slots']} R=${p['rounds']}`;
}
