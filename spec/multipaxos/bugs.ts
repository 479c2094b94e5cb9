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

const param = (b: RunBounds, name: string): number => b.params[name] ?? 0;

/**
 * Two replicas deciding different commands for one slot, which is how each
 * bug shows (`agreement`): with one replica there is nothing to disagree
 * with, and a single replica's execution is linearizable.
 */
const twoReplicas = (b: RunBounds): string | undefined => (param(b, 'replicas') < 2 ? 'two replicas that decide differently (--replicas 2)' : undefined);
/** A leader change needs a second ballot: P proposers may each lead R. */
const twoBallots = (b: RunBounds): string | undefined =>
  param(b, 'proposers') * param(b, 'rounds') < 2 ? 'a second ballot, P×R ≥ 2 (e.g. --proposers 2)' : undefined;
/**
 * Two commands to order differently. One proposer serving one client orders
 * the client's commands in the order issued, ballot after ballot (the next
 * command is issued only once the last was answered), so it takes a second
 * proposer or a second client.
 */
const twoCommands = (b: RunBounds): string | undefined => {
  if (param(b, 'clients') * param(b, 'commands') < 2) return 'two commands (e.g. --clients 2)';
  if (param(b, 'proposers') < 2 && param(b, 'clients') < 2) return 'two proposers or two clients: one proposer orders one client\'s commands the same way in every ballot (--proposers 2 or --clients 2)';
  return undefined;
};
const first = (b: RunBounds, ...conditions: ((b: RunBounds) => string | undefined)[]): string | undefined => {
  for (const c of conditions) {
    const why = c(b);
    if (why !== undefined) return why;
  }
  return undefined;
};

/**
 * early-reply: a single 2b is taken for a decision, so another ballot must be
 * able to choose another value without that acceptor: a quorum that misses
 * it (A ≥ 3). With one proposer and one client the other value can only be
 * a no-op filling a gap below a later slot's vote (--slots 2).
 */
const earlyReply = (b: RunBounds): string | undefined => {
  if (param(b, 'acceptors') < 3) return 'three acceptors, so that a quorum can miss the one whose 2b was taken for a decision (--acceptors 3)';
  const why = first(b, twoReplicas, twoBallots);
  if (why !== undefined) return why;
  if (param(b, 'clients') * param(b, 'commands') < 2) return 'two commands (e.g. --clients 2)';
  if (param(b, 'proposers') < 2 && param(b, 'clients') < 2 && param(b, 'slots') < 2) {
    return 'a second value for the slot: with one proposer and one client, a second slot (a no-op fills the gap below a vote; --slots 2), or --proposers 2 or --clients 2';
  }
  return undefined;
};

/**
 * Where each bug variant shows (`agora check multipaxos --bug NAME` runs there
 * when no bounds are named), and what any bounds need to reach it
 * (test/cli/help.test.ts runs the smallest bounds each condition allows).
 */
export const MULTIPAXOS_BUG_SHOWCASES: Readonly<Record<MultiPaxosBug, BugShowcase>> = {
  'no-recovery': { config: 'mp-s', unreachable: (b) => first(b, twoReplicas, twoBallots, twoCommands) },
  'skip-phase1': { config: 'mp-s', unreachable: (b) => first(b, twoReplicas, twoBallots, twoCommands) },
  'early-reply': { config: 'mp-s', unreachable: earlyReply },
};
