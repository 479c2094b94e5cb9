/**
 * Known-bug variants of Multi-Paxos, each breaking one rule. `agora check
 * multipaxos --bug NAME` must find a counterexample for each; the tests assert
 * the length of the shortest one.
 */

import type { BugShowcase, RunBounds } from '../core/registry.js';

export const MULTIPAXOS_BUGS = {
  'no-recovery':
    'a new leader ignores the votes reported in promises and orders its own requests from slot 0; breaks "Paxos Made Simple" §3 (a new leader must propose, in each slot, the value of the highest-numbered vote a quorum reports)',
  'skip-phase1':
    'a proposer that times out starts phase 2 in its new ballot without running phase 1; breaks "Paxos Made Simple" §2.2 (a proposal numbered n needs the promises of a quorum for n)',
  'early-reply':
    'whoever learns decisions treats a single 2b as a decision, so a replica executes and answers the client before the command is chosen; breaks "Paxos Made Simple" §2.3 (a value is learned once a quorum accepted it)',
} as const;

export type MultiPaxosBug = keyof typeof MULTIPAXOS_BUGS;

export function isMultiPaxosBug(name: string): name is MultiPaxosBug {
  return Object.hasOwn(MULTIPAXOS_BUGS, name);
}

/** Where phase 2b goes. */
export const MULTIPAXOS_VARIANTS = {
  leader: 'phase 2b goes to the leader only; the leader tells the replicas (Decide) once a quorum accepted',
  all: 'phase 2b goes to every replica; each replica counts a quorum itself',
} as const;

export type Variant = keyof typeof MULTIPAXOS_VARIANTS;

export function isVariant(name: string): name is Variant {
  return Object.hasOwn(MULTIPAXOS_VARIANTS, name);
}

/** The variant named, or `leader`; a RangeError for an unknown one. */
export function variantOf(name: string | null | undefined): Variant {
  const v = name ?? 'leader';
  if (!isVariant(v)) throw new RangeError(`unknown variant ${v}`);
  return v;
}

/** A leader change needs a second ballot: P proposers may each lead R. */
const twoBallots = (b: RunBounds): string | undefined =>
  (b.params['proposers'] ?? 0) * (b.params['rounds'] ?? 0) < 2 ? 'a second ballot, P×R ≥ 2 (e.g. --proposers 2)' : undefined;

/** Where each bug variant shows (`agora check multipaxos --bug NAME` runs there when no bounds are named). */
export const MULTIPAXOS_BUG_SHOWCASES: Readonly<Record<MultiPaxosBug, BugShowcase>> = {
  'no-recovery': { config: 'mp-s', unreachable: twoBallots },
  'skip-phase1': { config: 'mp-s', unreachable: twoBallots },
  'early-reply': { config: 'mp-s' },
};
