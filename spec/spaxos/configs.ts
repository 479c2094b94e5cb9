/**
 * Named S-Paxos configurations: n = 2f+1 replicas, each with an acceptor;
 * the first P replicas also have a proposer (p0 leads ballot 0).
 */
import type { StateCounts } from '../core/registry.js';

export interface SPaxosSizes {
  /** C clients, all played by the node `clients`; client c's coordinator is replica c mod n. */
  readonly clients: number;
  /** K commands per client. */
  readonly commands: number;
  /** n replicas `r0..` and as many acceptors `a0..` (n = 2f+1). */
  readonly replicas: number;
  /** P proposers `p0..`, on replicas r0..r(P-1). */
  readonly proposers: number;
  readonly slots: number;
  /** R: how many ballots each proposer may lead (p0's ballot 0 included). */
  readonly rounds: number;
}

export interface SPaxosConfig extends SPaxosSizes {
  readonly name: string;
  readonly description: string;
  /** Distinct states, transitions and BFS depth found (2b-to-leader variant, no faults). */
  readonly expected?: StateCounts;
}

export const SPAXOS_PARAMETERS = [
  { name: 'clients', description: 'C, the number of clients', min: 1, max: 4 },
  { name: 'commands', description: 'K, the commands each client issues', min: 1, max: 4 },
  { name: 'replicas', description: 'n = 2f+1, the replicas (each with an acceptor)', min: 1, max: 9 },
  { name: 'proposers', description: 'P, the replicas that also run a proposer', min: 1, max: 9 },
  { name: 'slots', description: 'S, the slots in the log', min: 1, max: 8 },
  { name: 'rounds', description: "R, the ballots each proposer may lead (p0's ballot 0 included)", min: 1, max: 4 },
] as const;

export const SPAXOS_CONFIGS: readonly SPaxosConfig[] = [
  { name: 'sp-tiny', description: 'one request, one leader: the dissemination layer alone', clients: 1, commands: 1, replicas: 3, proposers: 1, slots: 1, rounds: 1, expected: { states: 8_294, transitions: 41_070, depth: 21 } },
  { name: 'sp-s', description: 'two clients on two coordinators, one leader, one slot (the default)', clients: 2, commands: 1, replicas: 3, proposers: 1, slots: 1, rounds: 1, expected: { states: 3_339_732, transitions: 26_770_624, depth: 32 } },
  { name: 'sp-m', description: 'a leader change: r1 also runs a proposer', clients: 1, commands: 1, replicas: 3, proposers: 2, slots: 1, rounds: 1, expected: { states: 19_344_118, transitions: 152_439_853, depth: 37 } },
];

export const DEFAULT_SPAXOS_CONFIG = 'sp-s';

export function describeSPaxosSizes(p: Readonly<Record<string, number>>): string {
  return `C=${p['clients']} K=${p['commands']} n=${p['replicas']} P=${p['proposers']} S=${p['slots']} R=${p['rounds']}`;
}
