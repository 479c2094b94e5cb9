/**
 * Known-bug variants of Raft, each breaking one rule of Figure 2 of
 * Ongaro & Ousterhout (2014). `agora check raft --bug NAME` must find a
 * counterexample for each; the tests pin the length of the shortest one.
 * `forget-votedfor` needs crash-recovery (`--recoveries`): its showcase is
 * raft-recover.
 */

import type { BugShowcase, RunBounds } from '../core/registry.js';

export const RAFT_BUGS = {
  'commit-old-term':
    'a leader commits an entry of an earlier term once a majority stores it; breaks §5.4.2 (Figure 2, Rules for Servers, Leaders: commit index N only if log[N].term == currentTerm), the Figure 8 scenario',
  'vote-without-log-check':
    "a server grants its vote without comparing logs; breaks §5.4.1 (Figure 2, RequestVote receiver rule 2: grant only if the candidate's log is at least as up-to-date as the receiver's)",
  'forget-votedfor':
    'under crash-recovery, a server keeps currentTerm and its log on stable storage but not votedFor, so after a restart it votes a second time in the same term; breaks §5.2 and Figure 2 (Persistent state: votedFor, updated on stable storage before responding to RPCs), and with it Election Safety',
  'append-without-consistency-check':
    "a follower appends the entries of an AppendEntries without checking that its log holds prevLogIndex with prevLogTerm; breaks §5.3 (Figure 2, AppendEntries receiver rule 2)",
} as const;

export type RaftBug = keyof typeof RAFT_BUGS;

export function isRaftBug(name: string): name is RaftBug {
  return Object.hasOwn(RAFT_BUGS, name);
}

/** Votes are cast only in an election: s0 leads term 1 from the start, so one needs --terms 2 (or the Figure 8 start). */
const election = (b: RunBounds): string | undefined =>
  (b.params['terms'] ?? 0) < 2 && b.params['figure8'] !== 1 ? 'an election: --terms 2 or more' : undefined;

/** Where each bug variant shows (`agora check raft --bug NAME` runs there when no bounds are named). */
export const RAFT_BUG_SHOWCASES: Readonly<Record<RaftBug, BugShowcase>> = {
  'commit-old-term': { config: 'raft-fig8', unreachable: election },
  'vote-without-log-check': { config: 'raft-s', unreachable: election },
  'forget-votedfor': {
    config: 'raft-recover',
    unreachable: (b) => (b.faults.recoveries < 1 ? 'crash-recovery: a server that restarts (--crashes 1 --recoveries 1)' : election(b)),
  },
  'append-without-consistency-check': { config: 'raft-s3' },
};
