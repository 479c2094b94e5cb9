/**
 * PBFT's symmetry (`SystemSpec.symmetry`): one group, the correct replicas
 * that lead none of the views 0..V-1 the model lets the replicas reach.
 *
 * Replicas are not interchangeable in general: the primary of view v is
 * `replicas[v mod n]` (§4.1), so a replica's index decides which views it
 * leads, and a Byzantine replica does not run the protocol at all. But a
 * correct replica whose index is not `v mod n` for any view v < V is a backup
 * in every view it can reach, and backups are treated alike by every rule:
 * - its input differs from another such backup's only in its name;
 * - the clients send every request to every replica and count distinct
 *   repliers (a set sorted by sender); every replica sends to all the others
 *   alike; prepares and commits are counted as sets of senders; view-change
 *   messages are kept sorted by (view, sender), and a new-view's V sorted by
 *   sender; the new primary's O depends on the certificates of V only, ties
 *   broken by digest, never by sender — under every bug variant too;
 * - the adversary's universe (`adversary.ts`) sends the same messages to
 *   every correct replica and draws the senders of a forged V from all
 *   Q-subsets of the replicas, so it is closed under renaming the group, and
 *   what the replay adversary learns is re-sent to every correct replica;
 * - every property quantifies over the correct replicas alike.
 * Not grouped: the primaries of views 0..V-1 (with V ≥ n, every replica, and
 * there is no group), the Byzantine replicas, and the clients node.
 *
 * Renaming a context renames every node name in it (`cfg.self`, the list of
 * replicas, the senders counted in tallies, of view-change messages and of
 * replies) and re-sorts every set; renaming a new-view renames the senders of
 * its V and re-sorts them.
 */
import type { Envelope } from '../core/envelope.js';
import type { NodeId } from '../core/ids.js';
import { renameNameSet, renamePeers, renameRecordSet, renameRoute } from '../core/rename.js';
import { compareStr } from '../core/sorted.js';
import type { Rename, SymmetrySpec } from '../core/symmetry.js';
import type { PbftMessage } from './messages.js';
import { primaryOf } from './quorum.js';
import { compareViewChange, compareVote, type ClientsState, type ReplicaState, type Tally } from './state.js';

function renameTallies(tallies: readonly Tally[], rename: Rename): Tally[] {
  return tallies.map((t) => (t.from === null ? t : { ...t, from: renameNameSet(t.from, rename) }));
}

export function renameReplicaState(s: ReplicaState, rename: Rename): ReplicaState {
  return {
    ...s,
    cfg: { ...s.cfg, self: rename(s.cfg.self), replicas: renamePeers(s.cfg.replicas, rename), clients: rename(s.cfg.clients) },
    prepares: renameTallies(s.prepares, rename),
    commits: renameTallies(s.commits, rename),
    viewChanges: renameRecordSet(s.viewChanges, (e) => ({ ...e, from: rename(e.from) }), compareViewChange),
  };
}

export function renameClientsState(s: ClientsState, rename: Rename): ClientsState {
  return {
    ...s,
    cfg: { ...s.cfg, self: rename(s.cfg.self), targets: s.cfg.targets.map((t) => renamePeers(t, rename)) },
    replies: s.replies.map((votes) => renameRecordSet(votes, (v) => ({ ...v, from: rename(v.from) }), compareVote)),
  };
}

/** A PBFT node's context with every node name renamed, sets re-sorted. */
export function renamePbftContext(role: string, context: unknown, rename: Rename): unknown {
  switch (role) {
    case 'replica':
      return renameReplicaState(context as ReplicaState, rename);
    case 'clients':
      return renameClientsState(context as ClientsState, rename);
    default:
      throw new RangeError(`pbft has no role ${role}`);
  }
}

/** A PBFT message renamed: its route, and the senders of a new-view's V (re-sorted by sender). */
export function renamePbftMessage(msg: PbftMessage, rename: Rename): PbftMessage {
  const routed = renameRoute(msg, rename);
  if (routed.type !== 'pbft.new-view') return routed;
  return { ...routed, viewChanges: renameRecordSet(routed.viewChanges, (p) => ({ ...p, from: rename(p.from) }), (a, b) => compareStr(a.from, b.from)) };
}

/** The correct replicas that lead none of the views 0..views-1: `replicas[i]` for i not faulty and not v mod n for any v < views. */
export function pbftBackupGroup(replicas: readonly NodeId[], faulty: readonly number[], views: number): NodeId[] {
  const leaders = new Set(Array.from({ length: views }, (_, v) => primaryOf(v, replicas)));
  return replicas.filter((r, i) => !faulty.includes(i) && !leaders.has(r));
}

export const PBFT_SYMMETRY_WHY =
  'the correct replicas that lead none of the views 0..V-1 are backups in every view they reach, and backups are treated alike: requests and every replica message go to all of them, votes, view-changes and replies are counted as sets of senders, O breaks ties by digest, the adversary sends the same to each of them, and every property treats them alike';

/** The symmetry of a PBFT cluster: the backups that lead no view (`pbftBackupGroup`); undefined when fewer than two. */
export function pbftSymmetry(replicas: readonly NodeId[], faulty: readonly number[], views: number): SymmetrySpec | undefined {
  const group = pbftBackupGroup(replicas, faulty, views);
  if (group.length < 2) return undefined;
  return {
    groups: [group],
    why: PBFT_SYMMETRY_WHY,
    renameContext: renamePbftContext,
    renameMessage: (msg: Envelope, rename: Rename) => renamePbftMessage(msg as PbftMessage, rename),
  };
}
