/**
 * Raft's symmetry (`SystemSpec.symmetry`), Ongaro & Ousterhout 2014: the
 * servers other than s0 that may stand for election (s1..s(E-1)) are
 * interchangeable, and so are the servers that may not (sE..s(N-1)). s0 is
 * singled out (it leads term 1 from the start), and so is each server of
 * the Figure 8 start, which declares no symmetry.
 *
 * Why renaming commutes with every step, rule by rule (in every bug variant):
 * - a server's behaviour never depends on its name or another's: it answers
 *   `from`, votes for `from` (votedFor), counts votes as a set sorted by name
 *   and only compares its size with the quorum; a leader keeps nextIndex and
 *   matchIndex per server and commits by counting how many peers match
 *   (`advanceCommit` counts, never picks one), and sends to every peer alike;
 * - the clients send every command to every server (or, for `agora cost`,
 *   to s0 only, which no group holds) and ignore who replied;
 * - every property quantifies over all pairs of servers alike; the
 *   persistent fields kept across a restart are the same for every server;
 * - group members have the same environment (a timer, or none).
 * Renaming a server context renames `cfg.self`, `cfg.servers` (re-sorted:
 *   the same list), `votedFor` (also in a restart input's `start`), the
 *   sorted `votes`, and moves each server's slot of nextIndex and
 *   matchIndex to its new name's index. Messages name nodes only in `from`
 *   and `to`.
 */
import type { Envelope } from '../core/envelope.js';
import type { NodeId } from '../core/ids.js';
import { renameNameSet, renamePeers, renameRoute } from '../core/rename.js';
import type { Rename, SymmetrySpec } from '../core/symmetry.js';
import { renameClientsState } from '../multipaxos/symmetry.js';
import type { ClientsState } from '../multipaxos/state.js';
import type { RaftMessage } from './messages.js';
import type { LeaderState, ServerState } from './state.js';

/** A per-server array indexed like `servers`, with the entry of server s moved to the index of `rename(s)`. */
function permuteIndexed(values: readonly number[], servers: readonly NodeId[], rename: Rename): number[] {
  const out = [...values];
  servers.forEach((s, i) => {
    const j = servers.indexOf(rename(s));
    out[j] = values[i] as number;
  });
  return out;
}

export function renameServerState(s: ServerState, rename: Rename): ServerState {
  const servers = s.cfg.servers;
  const leader: LeaderState | null =
    s.leader === null ? null : { nextIndex: permuteIndexed(s.leader.nextIndex, servers, rename), matchIndex: permuteIndexed(s.leader.matchIndex, servers, rename) };
  const start = s.cfg.start;
  return {
    ...s,
    cfg: {
      ...s.cfg,
      self: rename(s.cfg.self),
      servers: renamePeers(servers, rename),
      clients: rename(s.cfg.clients),
      initialLeader: rename(s.cfg.initialLeader),
      ...(start !== undefined ? { start: { ...start, votedFor: start.votedFor === null ? null : rename(start.votedFor) } } : {}),
    },
    votedFor: s.votedFor === null ? null : rename(s.votedFor),
    votes: renameNameSet(s.votes, rename),
    leader,
  };
}

/** A Raft node's context with every node name renamed, sets re-sorted. */
export function renameRaftContext(role: string, context: unknown, rename: Rename): unknown {
  switch (role) {
    case 'clients':
      return renameClientsState(context as ClientsState, rename);
    case 'server':
      return renameServerState(context as ServerState, rename);
    default:
      throw new RangeError(`raft has no role ${role}`);
  }
}

export const RAFT_SYMMETRY_WHY =
  'the servers other than s0 differ only in their names within each group (those that may stand for election, those that may not): every server answers, votes for and counts the others alike, a leader treats its followers alike and commits by counting, clients send to all and ignore who replied, and every property treats the servers alike';

/**
 * The symmetry of a Raft cluster of `servers` in which s0..s(E-1) may stand:
 * the groups s1..s(E-1) and sE..s(N-1), those of fewer than two dropped;
 * undefined when none is left.
 */
export function raftSymmetry(servers: readonly NodeId[], candidates: number): SymmetrySpec | undefined {
  const groups = [servers.slice(1, Math.max(1, candidates)), servers.slice(Math.max(1, candidates))].filter((g) => g.length >= 2);
  if (groups.length === 0) return undefined;
  return {
    groups,
    why: RAFT_SYMMETRY_WHY,
    renameContext: renameRaftContext,
    renameMessage: (msg: Envelope, rename: Rename) => renameRoute(msg as RaftMessage, rename),
  };
}
