/**
 * Known-bug variants of PBFT (Castro & Liskov, OSDI 1999, §4), each breaking
 * one rule. `agora check pbft --bug NAME` must find a counterexample for each
 * on the default configuration; the tests pin the length of the shortest one.
 */

import type { BugShowcase, RunBounds } from '../core/registry.js';

export const PBFT_BUGS = {
  'weak-prepare':
    'a replica is prepared with f matching prepares instead of 2f (quorum − 1); breaks §4.2 (prepared needs a pre-prepare and 2f prepares, so that two prepared certificates for one view and sequence number share a correct replica)',
  'no-viewchange-certificates':
    "the new primary ignores the prepared certificates of the view-change messages and fills every sequence number up to the highest one reported with a null request; breaks §4.4 (O re-proposes, per sequence number, the request of the highest-view prepared certificate)",
  'client-one-reply':
    'the client accepts the first reply instead of waiting for f+1 matching ones; breaks §4.1 (f+1 replies with the same result, so at least one comes from a correct replica)',
} as const;

/** The name of a known-bug variant. */
export type PbftBug = keyof typeof PBFT_BUGS;

export function isPbftBug(name: string): name is PbftBug {
  return Object.hasOwn(PBFT_BUGS, name);
}

const param = (b: RunBounds, name: string): number => b.params[name] ?? 0;

/** Where each bug variant shows (`agora check pbft --bug NAME` runs there when no bounds are named). */
export const PBFT_BUG_SHOWCASES: Readonly<Record<PbftBug, BugShowcase>> = {
  // Two requests the primary can pre-prepare at one seq: one client's commands come one at a time (--commands 2 holds,
  // with or without a view change); with f = 0, f prepares and 2f are both none: the bug changes nothing.
  'weak-prepare': {
    config: 'pbft-equivocation',
    unreachable: (b) => {
      if (param(b, 'f') < 1) return 'f ≥ 1: with f = 0, f and 2f prepares are both none (--f 1)';
      if (param(b, 'faulty') < 1) return 'a Byzantine replica (--faulty 1)';
      if (param(b, 'clients') < 2) return 'two requests for the primary to equivocate with (e.g. --clients 2)';
      // With --faulty-primary 0 the faulty replicas are the highest-numbered: r1, primary of view 1, only when all backups are.
      const faultyPrimaryOfView1 = param(b, 'views') >= 2 && param(b, 'faulty') >= param(b, 'replicas') - 1;
      if (param(b, 'faulty-primary') !== 1 && !faultyPrimaryOfView1) return 'a Byzantine primary to equivocate (--faulty-primary 1)';
      return undefined;
    },
  },
  // The rule it breaks is the new primary's (§4.4): one view has no new primary.
  'no-viewchange-certificates': {
    config: 'pbft-vc',
    unreachable: (b) => (param(b, 'views') < 2 ? 'a view change: --views 2 or more' : undefined),
  },
  // Correct replicas reply with the correct result: only a Byzantine reply shows it.
  'client-one-reply': {
    config: 'pbft-tiny',
    adversary: 'full',
    unreachable: (b) => (b.adversary !== 'full' || param(b, 'faulty') < 1 ? 'a Byzantine reply: a faulty replica and --adversary full' : undefined),
  },
};
