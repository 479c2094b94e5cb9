/**
 * S-Paxos's symmetry (`SystemSpec.symmetry`): two groups of
 * interchangeable nodes.
 * - The acceptors a0..a(n-1), for the reasons Multi-Paxos gives
 *   (`spec/multipaxos/symmetry.ts`): the same proposers and acceptors order
 *   the ids. An acceptor and the replica of the same index are separate
 *   nodes that share nothing but the index in their names.
 * - The plain replicas: those that run no proposer (`cfg.proposer` null) and
 *   coordinate no client. Their inputs differ only in their names; every
 *   replica forwards and acks to all the others alike and counts acks as
 *   sets, the proposers and acceptors send to every replica alike, and every
 *   property treats the replicas alike (durability and no-lost-request count
 *   holders over all of them). The order-unstable bug keeps this: it changes
 *   when any replica hands an id over, not which.
 * Not grouped: a replica that runs a proposer (ri hands ids to pi, and the
 *   proposers differ) or coordinates a client (the clients send to it alone),
 *   the proposers, and the clients node.
 *
 * Renaming a replica's context renames every node name in it (`cfg.self`,
 * the list of replicas, its proposer, the clients node, the holders of each
 * ack set, the acceptors of each 2b tally) and re-sorts every set.
 */
import type { Envelope } from '../core/envelope.js';
import type { NodeId } from '../core/ids.js';
import { renameNameSet, renamePeers, renameRoute } from '../core/rename.js';
import type { Rename, SymmetrySpec } from '../core/symmetry.js';
import { renameMultiPaxosContext, renameTallies } from '../multipaxos/symmetry.js';
import type { SPaxosMessage } from './messages.js';
import type { SPaxosReplicaState } from './state.js';

export function renameSPaxosReplicaState(s: SPaxosReplicaState, rename: Rename): SPaxosReplicaState {
  return {
    ...s,
    cfg: {
      ...s.cfg,
      self: rename(s.cfg.self),
      replicas: renamePeers(s.cfg.replicas, rename),
      clients: rename(s.cfg.clients),
      proposer: s.cfg.proposer === null ? null : rename(s.cfg.proposer),
    },
    // Ack sets stay sorted by id; the holders of each are a set of names.
    acks: s.acks.map((a) => ({ ...a, replicas: renameNameSet(a.replicas, rename) })),
    tallies: renameTallies(s.tallies, rename),
  };
}

/** An S-Paxos node's context with every node name renamed, sets re-sorted. */
export function renameSPaxosContext(role: string, context: unknown, rename: Rename): unknown {
  if (role === 'replica') return renameSPaxosReplicaState(context as SPaxosReplicaState, rename);
  if (role === 'clients' || role === 'proposer' || role === 'acceptor') return renameMultiPaxosContext(role, context, rename);
  throw new RangeError(`spaxos has no role ${role}`);
}

/** An S-Paxos message renamed: only `from` and `to` name nodes. */
export function renameSPaxosMessage(msg: SPaxosMessage, rename: Rename): SPaxosMessage {
  return renameRoute(msg, rename);
}

export const SPAXOS_SYMMETRY_WHY =
  'the acceptors differ only in their names, as in Multi-Paxos; the replicas that run no proposer and coordinate no client differ only in their names: every node sends to all replicas alike, acks are counted as sets, and every property treats the replicas alike';

/** The symmetry of an S-Paxos cluster with these groups (those of fewer than two nodes dropped); undefined when none is left. */
export function spaxosSymmetry(groups: readonly (readonly NodeId[])[]): SymmetrySpec | undefined {
  const kept = groups.filter((g) => g.length >= 2);
  if (kept.length === 0) return undefined;
  return {
    groups: kept,
    why: SPAXOS_SYMMETRY_WHY,
    renameContext: renameSPaxosContext,
    renameMessage: (msg: Envelope, rename: Rename) => renameSPaxosMessage(msg as SPaxosMessage, rename),
  };
}
