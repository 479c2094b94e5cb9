/**
 * The Synod's symmetry (`SystemSpec.symmetry`): the acceptors a0..a(A-1) are
 * interchangeable. Their inputs differ only in their names; every proposer
 * sends the same messages to all of them, and only counts or keeps sets of
 * what they answer; the learner counts votes; no property reads an acceptor.
 * Proposers are not interchangeable (each has its own value and ballots),
 * and there is one learner.
 *
 * Why renaming commutes with every step, rule by rule:
 * - a proposer keeps its promises as a set sorted by acceptor and only
 *   counts them; the value it proposes (`safeValue`) is the value of the
 *   highest-ballot vote reported, and two reported votes with one ballot
 *   carry one value (a ballot belongs to one proposer, which sends one
 *   Accept value per round), so the tie between acceptors in the sort order
 *   never decides anything — under every bug variant too;
 * - an acceptor's behaviour does not depend on its name (it answers `from`);
 * - the learner keeps votes as a set and counts voters per (ballot, value).
 * Renaming a context renames every node name in it (`cfg.self`, the lists of
 * acceptors and learners, the acceptor of each promise and vote) and
 * re-sorts every set with the comparator the machines keep it with.
 */
import type { Envelope } from '../core/envelope.js';
import type { NodeId } from '../core/ids.js';
import { renamePeers, renameRecordSet, renameRoute } from '../core/rename.js';
import type { Rename, SymmetrySpec } from '../core/symmetry.js';
import type { SynodMessage } from './messages.js';
import { comparePromise, compareVote, type AcceptorState, type LearnerState, type ProposerState } from './state.js';

export function renameProposerState(s: ProposerState, rename: Rename): ProposerState {
  return {
    ...s,
    cfg: { ...s.cfg, self: rename(s.cfg.self), acceptors: renamePeers(s.cfg.acceptors, rename) },
    promises: renameRecordSet(s.promises, (p) => ({ ...p, acceptor: rename(p.acceptor) }), comparePromise),
  };
}

export function renameAcceptorState(s: AcceptorState, rename: Rename): AcceptorState {
  return { ...s, cfg: { ...s.cfg, self: rename(s.cfg.self), learners: renamePeers(s.cfg.learners, rename) } };
}

export function renameLearnerState(s: LearnerState, rename: Rename): LearnerState {
  return {
    ...s,
    cfg: { ...s.cfg, self: rename(s.cfg.self) },
    votes: renameRecordSet(s.votes, (v) => ({ ...v, acceptor: rename(v.acceptor) }), compareVote),
  };
}

/** A synod node's context with every node name renamed, sets re-sorted. */
export function renameSynodContext(role: string, context: unknown, rename: Rename): unknown {
  switch (role) {
    case 'proposer':
      return renameProposerState(context as ProposerState, rename);
    case 'acceptor':
      return renameAcceptorState(context as AcceptorState, rename);
    case 'learner':
      return renameLearnerState(context as LearnerState, rename);
    default:
      throw new RangeError(`synod has no role ${role}`);
  }
}

/** A synod message renamed: only `from` and `to` name nodes. */
export function renameSynodMessage(msg: SynodMessage, rename: Rename): SynodMessage {
  return renameRoute(msg, rename);
}

/** The symmetry of a synod cluster whose acceptors are `acceptors`; undefined when there is no group of two. */
export function synodSymmetry(acceptors: readonly NodeId[]): SymmetrySpec | undefined {
  if (acceptors.length < 2) return undefined;
  return {
    groups: [acceptors],
    why: 'the acceptors differ only in their names: proposers send to all of them alike and keep their answers as sets or counts, two votes of one ballot carry one value, the learner counts voters, and no property reads an acceptor',
    renameContext: renameSynodContext,
    renameMessage: (msg: Envelope, rename: Rename) => renameSynodMessage(msg as SynodMessage, rename),
  };
}
