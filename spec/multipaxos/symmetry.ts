/**
 * Multi-Paxos's symmetry (`SystemSpec.symmetry`): two groups of
 * interchangeable nodes.
 * - The acceptors a0..a(A-1). Their inputs differ only in their names; a
 *   proposer sends the same messages to all of them and keeps what they
 *   answer as sets (promises sorted by acceptor, the 2b voters of each slot)
 *   or counts; replicas count 2b voters (2b-to-all); no property reads an
 *   acceptor. A new leader re-proposes in each slot the batch of the
 *   highest-ballot vote its quorum reports; two reported votes with one
 *   ballot and one slot carry one batch (a ballot belongs to one proposer,
 *   which proposes at most one batch per slot in it, under every bug variant
 *   too), so the order of acceptor names never decides anything.
 * - The replicas that answer the clients alike: all of them by default; in
 *   the cost deployment (`leaderKnown`: only r0 answers) r1..r(L-1). Proposers
 *   and acceptors send the same messages to every replica, the clients ignore
 *   who replied, and every property treats the replicas alike (agreement,
 *   at-most-once and prefix quantify over all of them).
 * Not grouped: the proposers (p0 leads ballot 0 from the start, and each
 * proposer owns its own ballots) and the one clients node.
 *
 * Renaming a context renames every node name in it (`cfg.self`, the lists of
 * acceptors, replicas and targets, promise senders, 2b voters, tallies) and
 * re-sorts every set with the comparator the machines keep it with. The
 * same renamers serve S-Paxos, which runs these proposers, acceptors and clients.
 */
import type { Envelope } from '../core/envelope.js';
import type { NodeId } from '../core/ids.js';
import { renameNameSet, renamePeers, renameRecordSet, renameRoute } from '../core/rename.js';
import type { Rename, SymmetrySpec } from '../core/symmetry.js';
import type { MultiPaxosMessage } from './messages.js';
import { comparePromise, type AcceptorState, type ClientsState, type ProposerState, type ReplicaState, type Tally } from './state.js';

export function renameProposerState(s: ProposerState, rename: Rename): ProposerState {
  return {
    ...s,
    cfg: { ...s.cfg, self: rename(s.cfg.self), acceptors: renamePeers(s.cfg.acceptors, rename), replicas: renamePeers(s.cfg.replicas, rename) },
    promises: renameRecordSet(s.promises, (p) => ({ ...p, acceptor: rename(p.acceptor) }), comparePromise),
    votes: s.votes.map((voters) => renameNameSet(voters, rename)),
  };
}

export function renameAcceptorState(s: AcceptorState, rename: Rename): AcceptorState {
  return { ...s, cfg: { ...s.cfg, self: rename(s.cfg.self), replicas: renamePeers(s.cfg.replicas, rename) } };
}

/** The 2b tallies of a replica (2b-to-all): each tally's acceptors renamed and re-sorted; the tallies stay sorted by (slot, ballot). */
export function renameTallies(tallies: readonly Tally[], rename: Rename): Tally[] {
  return tallies.map((t) => ({ ...t, acceptors: renameNameSet(t.acceptors, rename) }));
}

export function renameReplicaState(s: ReplicaState, rename: Rename): ReplicaState {
  return { ...s, cfg: { ...s.cfg, self: rename(s.cfg.self), clients: rename(s.cfg.clients) }, tallies: renameTallies(s.tallies, rename) };
}

export function renameClientsState(s: ClientsState, rename: Rename): ClientsState {
  return { ...s, cfg: { ...s.cfg, self: rename(s.cfg.self), targets: s.cfg.targets.map((t) => renamePeers(t, rename)) } };
}

/** A Multi-Paxos node's context with every node name renamed, sets re-sorted. */
export function renameMultiPaxosContext(role: string, context: unknown, rename: Rename): unknown {
  switch (role) {
    case 'clients':
      return renameClientsState(context as ClientsState, rename);
    case 'proposer':
      return renameProposerState(context as ProposerState, rename);
    case 'acceptor':
      return renameAcceptorState(context as AcceptorState, rename);
    case 'replica':
      return renameReplicaState(context as ReplicaState, rename);
    default:
      throw new RangeError(`multipaxos has no role ${role}`);
  }
}

/** A Multi-Paxos message renamed: only `from` and `to` name nodes (votes, batches and replies name none). */
export function renameMultiPaxosMessage(msg: MultiPaxosMessage, rename: Rename): MultiPaxosMessage {
  return renameRoute(msg, rename);
}

export const MULTIPAXOS_SYMMETRY_WHY =
  'the acceptors differ only in their names: proposers send to all of them alike and keep their answers as sets or counts, and two votes of one ballot and slot carry one batch; the replicas that answer the clients alike differ only in their names: everyone sends to all of them alike, clients ignore who replied, and every property treats them alike';

/** The symmetry of a Multi-Paxos cluster with these groups (those of fewer than two nodes dropped); undefined when none is left. */
export function multipaxosSymmetry(groups: readonly (readonly NodeId[])[]): SymmetrySpec | undefined {
  const kept = groups.filter((g) => g.length >= 2);
  if (kept.length === 0) return undefined;
  return {
    groups: kept,
    why: MULTIPAXOS_SYMMETRY_WHY,
    renameContext: renameMultiPaxosContext,
    renameMessage: (msg: Envelope, rename: Rename) => renameMultiPaxosMessage(msg as MultiPaxosMessage, rename),
  };
}
