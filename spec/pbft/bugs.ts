/**
 * Known-bug variants of PBFT (Castro & Liskov, OSDI 1999, §4), each breaking
 * one rule. `agora check pbft --bug NAME` must find a counterexample for each
 * on the default configuration; the tests pin the length of the shortest one.
 */

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
