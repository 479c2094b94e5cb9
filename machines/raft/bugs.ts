/**
 * The Raft bug variants (spec/raft/bugs.ts) that are machine logic, as
 * overrides of the production server's named guards (xstate's
 * `machine.provide`): the server itself carries no bug switch.
 * NOTE: `forget-votedfor` is what a server keeps across a restart, the
 *   system's shape: `raftSystem` applies it (machines/raft/system.ts).
 */
import type { RaftBug } from '../../spec/raft/bugs.js';
import { serverMachine } from './server.machine.js';

/** The server of each bug variant; `forget-votedfor` keeps the production server. */
export const RAFT_BUG_SERVERS: Readonly<Record<RaftBug, typeof serverMachine>> = {
  // A leader commits an entry of an earlier term by counting replicas (Figure 8).
  'commit-old-term': serverMachine.provide({ guards: { countsCurrentTermOnly: () => false } }),
  // A server grants its vote without comparing logs.
  'vote-without-log-check': serverMachine.provide({ guards: { isCandidateUpToDate: () => true } }),
  'forget-votedfor': serverMachine,
  // A follower appends entries without checking prevLogIndex and prevLogTerm.
  'append-without-consistency-check': serverMachine.provide({ guards: { hasMatchingPrev: () => true } }),
};

/** The server of the variant `bug` (the production server for `null`). */
export function raftServer(bug: RaftBug | null): typeof serverMachine {
  return bug === null ? serverMachine : RAFT_BUG_SERVERS[bug];
}
