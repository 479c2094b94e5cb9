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
  // One request in one view: the primary has nothing to equivocate with.
  'weak-prepare': {
    config: 'pbft-equivocation',
    unreachable: (b) =>
      param(b, 'clients') * param(b, 'commands') < 2 && param(b, 'views') < 2 ? 'two requests for the primary to equivocate with (e.g. --clients 2)' : undefined,
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
