/**
 * Known-bug variants of Raft, each breaking one rule of Figure 2 of
 * Ongaro & Ousterhout (2014). `agora check raft --bug NAME` must find a
 * counterexample for each; the tests pin the length of the shortest one.
 * `forget-votedfor` needs crash-recovery (`--recoveries`): its showcase is
 * raft-recover.
 */

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
