/**
 * Known-bug variants of Raft, each breaking one rule of Figure 2 of
 * Ongaro & Ousterhout (2014). `agora check raft --bug NAME` must find a
 * counterexample for each; the tests pin the length of the shortest one.
 * NOTE: `forget-votedfor` (votedFor not kept on stable storage) is not here
 *   yet: crash-recovery exists now (`--recoveries`) and the servers declare
 *   `RAFT_STABLE_FIELDS` (machines/raft/system.ts), so the bug is a one-line
 *   declaration, but no showcase configuration that BFS catches it on has
 *   been searched for and pinned.
 */

export const RAFT_BUGS = {
  'commit-old-term':
    'a leader commits an entry of an earlier term once a majority stores it; breaks §5.4.2 (Figure 2, Rules for Servers, Leaders: commit index N only if log[N].term == currentTerm), the Figure 8 scenario',
  'vote-without-log-check':
    "a server grants its vote without comparing logs; breaks §5.4.1 (Figure 2, RequestVote receiver rule 2: grant only if the candidate's log is at least as up-to-date as the receiver's)",
  'append-without-consistency-check':
    "a follower appends the entries of an AppendEntries without checking that its log holds prevLogIndex with prevLogTerm; breaks §5.3 (Figure 2, AppendEntries receiver rule 2)",
} as const;

export type RaftBug = keyof typeof RAFT_BUGS;

export function isRaftBug(name: string): name is RaftBug {
  return Object.hasOwn(RAFT_BUGS, name);
}
