/**
 * Known-bug variants of the Synod, each a one-line change in behaviour that
 * breaks safety. `agora check synod --bug NAME` must find a counterexample
 * for each; the tests assert the length of the shortest one.
 */
import type { BugShowcase, RunBounds } from '../core/registry.js';

export const SYNOD_BUGS = {
  'own-value':
    'the proposer ignores the votes reported in promises and proposes its own value; breaks P2c of "Paxos Made Simple" §2.2 (propose the value of the highest-numbered vote among a majority)',
  'forgetful-acceptor':
    'an acceptor answers a prepare but does not raise `promised`; breaks the promise of phase 1b ("Paxos Made Simple" §2.2: never accept a proposal numbered less than n after responding to prepare n)',
  'lowest-vote':
    'the proposer proposes the value of the lowest-numbered vote its promises report instead of the highest; breaks P2c of "Paxos Made Simple" §2.2. It needs three ballots: with two, every reported vote comes from the one earlier ballot',
  'superseded-vote':
    'an acceptor that promised a higher ballot since it voted leaves that vote out of its promises; breaks phase 1b of "Paxos Made Simple" §2.2 (a promise reports the highest-numbered proposal accepted). It needs three ballots: a vote, a later promise, then the promise that hides the vote',
  'forget-promise':
    'under crash-recovery, an acceptor keeps its vote but not `promised` in stable storage, so after a restart it accepts a ballot below the one it promised; breaks "Paxos Made Simple" §2.3 (an acceptor must remember its promise even if it fails and restarts). It needs --recoveries: the synod-recover configuration shows it',
  'minority-quorum':
    'quorums of floor(A/2) acceptors instead of a majority; breaks the requirement that any two quorums intersect ("Paxos Made Simple" §2.2, "The Part-Time Parliament" §2.2 B3)',
} as const;

/** The name of a known-bug variant. */
export type SynodBug = keyof typeof SYNOD_BUGS;

export function isSynodBug(name: string): name is SynodBug {
  return Object.hasOwn(SYNOD_BUGS, name);
}

/** Ballots in a run: each of P proposers may start R rounds. */
const ballots = (b: RunBounds): number => (b.params['proposers'] ?? 0) * (b.params['rounds'] ?? 0);
/** Two values can be decided only when two proposers (each proposes its own value) start two ballots. */
const twoValues = (b: RunBounds): string | undefined => ((b.params['proposers'] ?? 0) < 2 ? 'two proposers, whose two values can both be decided (--proposers 2)' : undefined);
const twoBallots = (b: RunBounds): string | undefined => twoValues(b) ?? (ballots(b) < 2 ? 'two ballots, P×R ≥ 2 (e.g. --proposers 2)' : undefined);
const threeBallots = (b: RunBounds): string | undefined => twoValues(b) ?? (ballots(b) < 3 ? 'three ballots, P×R ≥ 3 (e.g. --proposers 3)' : undefined);

/**
 * Where each bug variant shows (`agora check synod --bug NAME` runs there when
 * no bounds are named), and what any bounds need to reach it
 * (test/cli/help.test.ts runs the smallest bounds each condition allows).
 */
export const SYNOD_BUG_SHOWCASES: Readonly<Record<SynodBug, BugShowcase>> = {
  'own-value': { config: 'synod-s', unreachable: twoBallots },
  'forgetful-acceptor': { config: 'synod-s', unreachable: twoBallots },
  // A promise must report a stale vote while the value was chosen by others: a quorum that is not every acceptor.
  'lowest-vote': {
    config: 'synod-p3',
    unreachable: (b) => threeBallots(b) ?? ((b.params['acceptors'] ?? 0) < 3 ? 'three acceptors, so that a quorum can report a stale vote beside the chosen one (--acceptors 3)' : undefined),
  },
  'superseded-vote': { config: 'synod-p3', unreachable: threeBallots },
  // The acceptors that forget must cover the intersection of two quorums: 2q − A of them (one for odd A, two for even A).
  'forget-promise': {
    config: 'synod-recover',
    unreachable: (b) => {
      if (b.faults.recoveries < 1) return 'crash-recovery: an acceptor that restarts (--crashes 1 --recoveries 1)';
      const a = b.params['acceptors'] ?? 0;
      const overlap = 2 * (Math.floor(a / 2) + 1) - a;
      if (Math.min(b.faults.crashes, b.faults.recoveries) < overlap) {
        return `${overlap} acceptors that restart, every acceptor two quorums of ${a} share (--crashes ${overlap} --recoveries ${overlap}, or an odd number of acceptors)`;
      }
      return twoBallots(b);
    },
  },
  'minority-quorum': { config: 'synod-s', unreachable: twoBallots },
};
