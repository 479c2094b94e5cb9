/**
 * Named PBFT configurations. `expected` pins what the explorer found with the
 * configuration's adversary (the default, `equivocating-primary`, unless it
 * names another) and no bug, for a run that holds; `violates`, the property and the length of the shortest
 * counterexample for those that must fail (n < 3f+1, or more than f faulty
 * replicas).
 *
 * Which replicas are faulty: the highest-numbered F, so that the view-0
 * primary r0 is correct; with `faulty-primary` 1, r0 and the highest-numbered
 * F−1 (r0 is then the Byzantine primary of view 0, which is what lets it
 * equivocate from the first step).
 */
import type { StateCounts } from '../core/registry.js';
import type { PbftAdversary } from './adversary.js';

/** The sizes of one PBFT cluster. */
export interface PbftSizes {
  /** C clients `c0..`, all played by the node `clients`. */
  readonly clients: number;
  /** K commands per client. */
  readonly commands: number;
  /** n replicas `r0..`. */
  readonly replicas: number;
  /** F: how many replicas are Byzantine. */
  readonly faulty: number;
  /** The f the replicas assume, from which the quorums derive (`quorum.ts`). */
  readonly f: number;
  /** S: sequence numbers 1..S. */
  readonly seqs: number;
  /** V: views 0..V-1 (V − 1 view changes at most). */
  readonly views: number;
  /** Whether r0 (the primary of view 0) is among the faulty replicas. */
  readonly faultyPrimary: boolean;
}

export interface PbftConfig extends PbftSizes {
  readonly name: string;
  readonly description: string;
  /** A complete run on the default adversary: distinct states, transitions, BFS depth. */
  readonly expected?: StateCounts;
  /** The adversary this configuration is meant for (default: the protocol's). */
  readonly adversary?: PbftAdversary;
  /** For a configuration that must fail: the property violated and the length of its shortest counterexample. */
  readonly violates?: { readonly property: string; readonly steps: number };
}

export const PBFT_PARAMETERS = [
  { name: 'clients', description: 'C, the number of clients', min: 1, max: 3 },
  { name: 'commands', description: 'K, the commands each client issues', min: 1, max: 3 },
  { name: 'replicas', description: 'n, the number of replicas', min: 1, max: 7 },
  { name: 'faulty', description: 'F, the Byzantine replicas: the highest-numbered F, or r0 and the highest-numbered F−1 with --faulty-primary 1', min: 0, max: 7 },
  { name: 'f', description: 'f, the faults the replicas assume: quorum n−f, prepared at n−f−1 prepares, f+1 replies', min: 0, max: 3 },
  { name: 'seqs', description: 'S, the sequence numbers 1..S', min: 1, max: 4 },
  { name: 'views', description: 'V, the views 0..V-1 a replica may move through', min: 1, max: 4 },
  { name: 'faulty-primary', description: '1: r0, the primary of view 0, is among the faulty replicas', min: 0, max: 1 },
] as const;

export const PBFT_PARAMETER_NAMES = PBFT_PARAMETERS.map((p) => p.name);

const base = { clients: 1, commands: 1, replicas: 4, faulty: 1, f: 1, seqs: 1, views: 1, faultyPrimary: true } as const;

/**
 * Every configuration but the replay ones makes r0, the primary of view 0,
 * Byzantine: it is the adversary's strongest seat (equivocation needs a
 * primary), and the default adversary, `equivocating-primary`, sends nothing
 * from a replica that leads no view. The `full` adversary is affordable on
 * one view only (pbft-tiny: 173,408 states; on pbft-vc it runs past 20
 * million states). The `replay` configurations make a backup Byzantine
 * instead: a faulty primary that only replays never pre-prepares, so nothing
 * would happen. Replay is cheap in one view and dear across a view change
 * (pbft-vc with a replaying r3 runs past 21 million states without finishing).
 */
export const PBFT_CONFIGS: readonly PbftConfig[] = [
  {
    name: 'pbft-tiny',
    description: 'n = 4, f = 1, the primary r0 Byzantine, one request, no view change: the normal case, for tests',
    ...base,
    expected: { states: 4_501, transitions: 21_958, depth: 22 },
  },
  {
    name: 'pbft-s',
    description: 'n = 4, f = 1, the primary r0 Byzantine against the full adversary, one client with two commands, no view change (the default)',
    ...base,
    commands: 2,
    adversary: 'full',
    expected: { states: 13_837_504, transitions: 103_354_552, depth: 30 },
  },
  {
    name: 'pbft-m',
    description: 'pbft-s with three commands: n = 4, f = 1, the primary r0 Byzantine against the full adversary; finishes only with the reductions (counts and times: docs/benchmarks.md)',
    ...base,
    commands: 3,
    adversary: 'full',
  },
  {
    name: 'pbft-vc',
    description: 'n = 4, f = 1, the primary r0 Byzantine, one request, one view change to r1',
    ...base,
    views: 2,
    expected: { states: 4_162_425, transitions: 30_323_440, depth: 42 },
  },
  {
    name: 'pbft-equivocation',
    description: 'n = 4, f = 1, the primary r0 Byzantine, two clients whose requests it may pre-prepare at one seq to different backups; no view change',
    ...base,
    clients: 2,
    expected: { states: 207_897, transitions: 1_132_412, depth: 26 },
  },
  {
    name: 'pbft-replay',
    description: 'n = 4, f = 1, the backup r3 Byzantine, replaying what correct replicas send it; one client with two commands, no view change',
    ...base,
    commands: 2,
    faultyPrimary: false,
    adversary: 'replay',
    expected: { states: 53_401, transitions: 334_610, depth: 24 },
  },
  {
    name: 'pbft-n3f1-replay',
    description: 'n = 3, f = 1 (quorum 2), the backup r2 Byzantine but only replaying, two clients, one view change: below the bound, yet it holds',
    ...base,
    clients: 2,
    replicas: 3,
    views: 2,
    faultyPrimary: false,
    adversary: 'replay',
    expected: { states: 35_218, transitions: 200_178, depth: 20 },
  },
  {
    name: 'pbft-n3f1',
    description: 'n = 3, f = 1 (quorum 2), the primary r0 Byzantine, two clients: too few replicas, must be violated',
    ...base,
    clients: 2,
    replicas: 3,
    violates: { property: 'prepared-agreement', steps: 6 },
  },
  {
    name: 'pbft-n4f2',
    description: 'n = 4 replicas assuming f = 2 (quorum 2), r0 and r3 Byzantine, two clients: must be violated',
    ...base,
    clients: 2,
    faulty: 2,
    f: 2,
    violates: { property: 'prepared-agreement', steps: 6 },
  },
];

export const DEFAULT_PBFT_CONFIG = 'pbft-s';

/** The sizes as CLI parameters. */
export function pbftParams(s: PbftSizes): Record<string, number> {
  return {
    clients: s.clients,
    commands: s.commands,
    replicas: s.replicas,
    faulty: s.faulty,
    f: s.f,
    seqs: s.seqs,
    views: s.views,
    'faulty-primary': s.faultyPrimary ? 1 : 0,
  };
}

/** The sizes from CLI parameters. */
export function pbftSizesOf(p: Readonly<Record<string, number>>): PbftSizes {
  const get = (k: string): number => {
    const v = p[k];
    if (v === undefined) throw new RangeError(`missing parameter ${k}`);
    return v;
  };
  return {
    clients: get('clients'),
    commands: get('commands'),
    replicas: get('replicas'),
    faulty: get('faulty'),
    f: get('f'),
    seqs: get('seqs'),
    views: get('views'),
    faultyPrimary: get('faulty-primary') === 1,
  };
}

/** Short form of the sizes. */
export function describePbftSizes(p: Readonly<Record<string, number>>): string {
  return `C=${p['clients']} K=${p['commands']} n=${p['replicas']} f=${p['f']} F=${p['faulty']}${p['faulty-primary'] === 1 ? ' (r0 faulty)' : ''} S=${p['seqs']} V=${p['views']}`;
}

/**
 * Refuses sizes that contradict one another (a RangeError naming the flags):
 * with f ≥ n − 1 > 0 a quorum of n − f is a single replica, prepared needs no
 * prepare at all, and the three phases of §4.2 say nothing; f ≤ n − 2 keeps
 * each certificate a matter of two replicas at least. More faulty replicas
 * than f (F > f), and n < 3f + 1, stay allowed: they are how the model shows
 * the bounds are needed.
 */
export function checkPbftSizes(s: PbftSizes): void {
  if (s.f > 0 && s.replicas - s.f < 2) {
    throw new RangeError(
      `--f ${s.f} with --replicas ${s.replicas} leaves quorums of n − f = ${s.replicas - s.f} replica: one replica's word would commit; f must be from 0 to n − 2 = ${Math.max(0, s.replicas - 2)}`,
    );
  }
  if (s.faulty > s.replicas) throw new RangeError(`--faulty ${s.faulty} exceeds the ${s.replicas} replicas`);
}

/** Indices (0..n-1) of the faulty replicas: the highest-numbered F, or r0 and the highest-numbered F−1. */
export function faultyReplicas(s: Pick<PbftSizes, 'replicas' | 'faulty' | 'faultyPrimary'>): number[] {
  const { replicas: n, faulty: F } = s;
  if (!Number.isInteger(F) || F < 0 || F > n) throw new RangeError(`faulty must be an integer from 0 to n = ${n}, got ${F}`);
  if (!s.faultyPrimary) return Array.from({ length: F }, (_, i) => n - F + i);
  if (F < 1) throw new RangeError('faulty-primary 1 needs at least one faulty replica');
  return [0, ...Array.from({ length: F - 1 }, (_, i) => n - F + 1 + i)];
}
