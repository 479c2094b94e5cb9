/**
 * Messages a PBFT node refuses for good (`SystemSpec.ignores`), for the
 * partial-order reduction: in this state and in every state the node can
 * reach, delivering the message changes nothing and sends nothing.
 *
 * What the rules rest on, true of every replica whatever it receives (so
 * under every bug variant, adversary and deployment, `verifyRequests` on or
 * off):
 * - its view never decreases: a time-out moves to view + 1, joining moves to
 *   the smallest view above its own that f+1 view-change messages name, and
 *   a new-view is taken for its view (while changing) or a higher one;
 * - it never goes back to view-changing within a view: every way into
 *   `changing` moves to a higher view. So a replica in the normal status of
 *   view v stays in v, normal, until it leaves v for good;
 * - while in the normal status of a view, its log (at most one pre-prepare
 *   per seq), its prepare tallies and its commit tallies only grow (they
 *   are emptied only when it leaves the view; a tally that reaches its
 *   threshold forgets its senders and counts as having counted everyone);
 * - `requests` only grows; a view-change message it holds is dropped only
 *   when its view is entered or passed.
 *
 * A replica refuses:
 * - a Request not from the clients node, or for an id it holds (its guard);
 * - a Pre-prepare, Prepare or Commit for a view below its own (only messages
 *   of its current view are taken), or for a seq outside 1..S, or for a view
 *   outside the bounds; a Pre-prepare not from the primary of its view or
 *   sent to that primary; a Prepare from the primary of its view;
 * - in the normal status of view v: a Pre-prepare for (v, seq) when it has
 *   one logged at seq; a Prepare or Commit for (v, seq, d) it has counted
 *   from that sender (or whose tally is full), or for a digest other than
 *   the pre-prepare logged at seq;
 * - a View-change for a view below its own, for its own view in the normal
 *   status, for a view outside the bounds, from itself, malformed (its P not
 *   one certificate per seq, each of an earlier view and a seq in 1..S), or
 *   from a sender whose view-change for that view it holds (the first is
 *   kept until the view is entered or passed, which the view rules cover);
 * - a New-view for a view below its own, for its own view in the normal
 *   status, for a view outside the bounds, or not from that view's primary
 *   (or from itself).
 * Nothing is declared of a replica in `changing` for its own view beyond
 * these: entering the view (by the new-view or as its primary) fills its log.
 * The clients refuse a Reply to a command that has returned (the result is
 * kept for good), one whose id no client issues, and one to the pending
 * command from a replica whose reply to it they hold (a client's replies
 * only grow until its command returns).
 */
import type { Envelope } from '../core/envelope.js';
import type { NodeState } from '../core/symmetry.js';
import { hasCounted, loggedAt } from './log.js';
import { digestOf, parseClientId, type PbftMessage } from './messages.js';
import { primaryOf } from './quorum.js';
import type { ClientsState, ReplicaState } from './state.js';
import { isWellFormedP } from './view-change.js';

/** Whether `view` is a view a replica of this configuration can be in, and `seq` a sequence number it takes. */
function inBounds(s: ReplicaState, view: number, seq?: number): boolean {
  if (!Number.isInteger(view) || view < 0 || view >= s.cfg.views) return false;
  return seq === undefined || (Number.isInteger(seq) && seq >= 1 && seq <= s.cfg.seqs);
}

/** A replica's refusals; `status` is its state value (`normal` or `changing`). */
export function pbftReplicaIgnores(status: unknown, s: ReplicaState, msg: PbftMessage): boolean {
  const normal = status === 'normal';
  switch (msg.type) {
    case 'pbft.request':
      return msg.from !== s.cfg.clients || s.requests.some((r) => r.id === msg.request.id);
    case 'pbft.pre-prepare': {
      if (!inBounds(s, msg.view, msg.seq) || msg.view < s.view) return true;
      const leader = primaryOf(msg.view, s.cfg.replicas);
      if (msg.from !== leader || leader === s.cfg.self) return true;
      return normal && msg.view === s.view && loggedAt(s, msg.seq) !== undefined;
    }
    case 'pbft.prepare':
    case 'pbft.commit': {
      if (!inBounds(s, msg.view, msg.seq) || msg.view < s.view) return true;
      if (msg.type === 'pbft.prepare' && msg.from === primaryOf(msg.view, s.cfg.replicas)) return true;
      if (!normal || msg.view !== s.view) return false;
      if (hasCounted(msg.type === 'pbft.prepare' ? s.prepares : s.commits, msg.seq, msg.digest, msg.from)) return true;
      const logged = loggedAt(s, msg.seq);
      return logged !== undefined && digestOf(logged) !== msg.digest;
    }
    case 'pbft.view-change':
      return (
        !inBounds(s, msg.view) ||
        msg.view < s.view ||
        (normal && msg.view === s.view) ||
        msg.from === s.cfg.self ||
        !isWellFormedP(msg.prepared, msg.view, s.cfg.seqs) ||
        s.viewChanges.some((e) => e.view === msg.view && e.from === msg.from)
      );
    case 'pbft.new-view': {
      if (!inBounds(s, msg.view) || msg.view < s.view || (normal && msg.view === s.view)) return true;
      const leader = primaryOf(msg.view, s.cfg.replicas);
      return msg.from !== leader || leader === s.cfg.self;
    }
    default:
      return false;
  }
}

/** The clients' refusals. */
export function pbftClientsIgnores(s: ClientsState, msg: PbftMessage): boolean {
  if (msg.type !== 'pbft.reply') return false;
  const id = parseClientId(msg.id);
  if (id === null) return true;
  const ops = s.history.clients[id.client];
  if (ops === undefined) return true;
  const op = ops[id.index];
  if (op === undefined) return false;
  if ('result' in op) return true;
  // Pending: the last command of the client (a client invokes its next command only after this one returned).
  return (s.replies[id.client] ?? []).some((v) => v.from === msg.from);
}

export function pbftIgnores(node: NodeState, envelope: Envelope): boolean {
  const msg = envelope as PbftMessage;
  switch (node.role) {
    case 'replica':
      return pbftReplicaIgnores(node.value, node.context as ReplicaState, msg);
    case 'clients':
      return pbftClientsIgnores(node.context as ClientsState, msg);
    default:
      return false;
  }
}
