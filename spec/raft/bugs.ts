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

const param = (b: RunBounds, name: string): number => b.params[name] ?? 0;

/**
 * Votes are cast only in an election. s0 leads term 1 from the start and a
 * leader never times out, so one needs --terms 2 and a second candidate
 * (--candidates 2); from Figure 8 (b), s1 leads term 2: a term 3.
 */
const election = (b: RunBounds): string | undefined => {
  if (param(b, 'figure8') === 1) return param(b, 'terms') < 3 ? 'an election: from Figure 8 (b), s1 already leads term 2, so --terms 3 or more' : undefined;
  if (param(b, 'terms') < 2) return 'an election: --terms 2 or more';
  if (param(b, 'candidates') < 2) return 'an election: s0 leads term 1 and a leader never times out, so a second candidate (--candidates 2)';
  return undefined;
};
/** Two logs to compare: with two servers, a candidate needs the vote of the only other. */
const threeServers = (b: RunBounds): string | undefined => (param(b, 'servers') < 3 ? 'three servers (--servers 3)' : undefined);

/**
 * forget-votedfor: the server that restarts (one that may crash: all, or
 * those --crash-only names) votes twice in one term, for two candidates other
 * than itself; it cannot count for itself, since its own votes as a
 * candidate are lost in the restart. In term 2 the candidates are s1..s(E-1)
 * (s0 leads term 1 and never times out, unless a second crash restarts it);
 * from term 3 on, s0 too, having stepped down. Bounded runs: raft-recover
 * (s0 may crash) with --candidates 2 --terms 3 holds, as does --crash-only s1
 * there, or --candidates 3 --terms 2 --crash-only s1; --crash-only s2 with
 * --candidates 2 --terms 3 and s0 with --candidates 3 --terms 2 are caught.
 */
const twoCandidatesBesidesVoter = (b: RunBounds): string | undefined => {
  const servers = param(b, 'servers');
  const candidates = param(b, 'candidates');
  const laterTerm = param(b, 'figure8') === 1 || param(b, 'terms') >= 3;
  const names = Array.from({ length: servers }, (_, i) => `s${i}`);
  const mayCrash = (s: string): boolean => b.crashOnly === undefined || b.crashOnly.includes(s);
  // s0 stands in term 2 only if it may restart besides the voter (a second crash).
  const s0Stands = laterTerm || (b.faults.crashes >= 2 && b.faults.recoveries >= 2 && mayCrash('s0'));
  const standing = (voter: number): number => names.filter((_, i) => i < candidates && i !== voter && (i !== 0 || s0Stands)).length;
  if (names.some((s, i) => mayCrash(s) && standing(i) >= 2)) return undefined;
  const voters = b.crashOnly === undefined ? 'the server that restarts' : `a server that may crash (--crash-only ${b.crashOnly.join(',')})`;
  const ways = ['--candidates 3', laterTerm ? '' : '--terms 3', b.crashOnly !== undefined ? '--crash-only naming a server that only votes' : ''].filter(Boolean);
  return `two candidates in ${laterTerm ? 'one term' : 'term 2'} besides ${voters}, which votes for both (${ways.join(', or ')})`;
};

/**
 * Where each bug variant shows (`agora check raft --bug NAME` runs there when
 * no bounds are named), and what any bounds need to reach it
 * (test/cli/help.test.ts runs the smallest bounds each condition allows).
 */
export const RAFT_BUG_SHOWCASES: Readonly<Record<RaftBug, BugShowcase>> = {
  // Figure 8: an entry of term 1, a leader of term 2 with its own, a leader of term 3 that commits the old one, a leader of term 4 that overwrites it.
  'commit-old-term': {
    config: 'raft-fig8',
    unreachable: (b) =>
      threeServers(b) ?? election(b) ?? (param(b, 'terms') < 4 ? "the Figure 8 scenario: an old term's entry committed in term 3, overwritten in term 4 (--terms 4)" : undefined),
  },
  'vote-without-log-check': { config: 'raft-s', unreachable: (b) => threeServers(b) ?? election(b) },
  // Two votes in one term by the server that restarts, for two candidates other than itself.
  'forget-votedfor': {
    config: 'raft-recover',
    unreachable: (b) =>
      b.faults.recoveries < 1 ? 'crash-recovery: a server that restarts (--crashes 1 --recoveries 1)' : (threeServers(b) ?? election(b) ?? twoCandidatesBesidesVoter(b)),
  },
  // Three entries: one a follower misses, two the new leader sends past the gap (a command counts again in each term whose leader takes it).
  'append-without-consistency-check': {
    config: 'raft-s3',
    unreachable: (b) =>
      threeServers(b) ??
      election(b) ??
      (param(b, 'clients') * param(b, 'commands') + param(b, 'terms') < 5
        ? 'three entries: one a follower misses, two sent past the gap; C×K + T ≥ 5 (e.g. --commands 3 with --terms 2, or --commands 2 with --terms 3)'
        : undefined),
  },
};
