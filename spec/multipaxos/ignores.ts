/**
 * Messages a Multi-Paxos node refuses for good (`SystemSpec.ignores`), for
 * the partial-order reduction: in this state and in every state the node can
 * reach, delivering the message changes nothing and sends nothing. Each rule
 * holds in both variants (2b to the leader or to all), every bug variant,
 * any batch size and the cost deployment (`leaderKnown`), because it rests
 * only on fields that never shrink; S-Paxos runs the same proposer, acceptor
 * and clients machines and reuses these rules (`spec/spaxos/ignores.ts`).
 * - An acceptor refuses Prepare(b) when b ≤ promised and Accept(b) when
 *   b < promised: its guards; `promised` never decreases (a promise raises
 *   it to a higher ballot, a vote to one at least as high), and no variant
 *   or bug changes the acceptor.
 * - A proposer refuses:
 *   - a Request whose id it already holds: `requests` only grows (no step
 *     removes one) and holding it again keeps the set as it is; while leading
 *     the proposals are always as full as its requests allow (every way into
 *     `leading`, and every request taken there, ends by assigning the free
 *     slots, and nothing else there changes requests or proposals), so the
 *     `propose` that follows a request fills nothing;
 *   - a Promise for a ballot below its current one (its round only grows,
 *     so its ballot does), every Promise for its current ballot once leading
 *     (it leaves `leading` only by a time-out to a higher ballot), and one
 *     for its current ballot from an acceptor whose promise it has recorded
 *     while preparing (the record only grows within a ballot, it keeps the
 *     first, and with fewer than a quorum recorded it cannot complete one);
 *   - an Accepted (2b) for a ballot below its current one, and, while
 *     leading, one for its current ballot in a slot that reached the
 *     decision quorum or from an acceptor already counted there (per-slot
 *     voters only grow until the next ballot; a counted voter adds nothing
 *     and, below the quorum, sends nothing). In `idle` and for other
 *     ballots nothing more is declared.
 * - A replica refuses a Decide or an Accepted for a slot it has decided
 *   (its log only fills, and its guard takes only undecided slots), and an
 *   Accepted (2b-to-all) it has already counted: same slot, ballot and batch,
 *   from an acceptor in that tally (a tally only grows until its slot is
 *   decided; counting it again changes nothing, and what it executes is
 *   already executed, since the log did not change).
 * - The clients refuse a Reply to a command that has returned: its result
 *   is recorded for good, and only the pending last command of a client
 *   takes a reply.
 */
import type { Envelope } from '../core/envelope.js';
import type { NodeState } from '../core/symmetry.js';
import { ballotOf, type Learning } from './log.js';
import { parseRequestId, type MultiPaxosMessage } from './messages.js';
import { sameBatch, type AcceptorState, type ClientsState, type ProposerState, type ReplicaState } from './state.js';

/** Whether the clients node has recorded the result of request `id` (it then refuses every reply to it). */
export function hasReturned(s: Pick<ClientsState, 'history'>, id: string): boolean {
  if (!/^c\d+\.\d+$/.test(id)) return false;
  const { client, index } = parseRequestId(id);
  const op = s.history.clients[client]?.[index];
  return op !== undefined && 'result' in op;
}

/** The acceptor's refusals (Multi-Paxos and S-Paxos share the acceptor). */
export function acceptorIgnores(s: AcceptorState, msg: MultiPaxosMessage): boolean {
  if (msg.type === 'mp.prepare') return msg.ballot <= s.promised;
  if (msg.type === 'mp.accept') return msg.ballot < s.promised;
  return false;
}

/** The proposer's refusals (Multi-Paxos and S-Paxos share the proposer); `phase` is its state value. */
export function proposerIgnores(phase: unknown, s: ProposerState, msg: MultiPaxosMessage): boolean {
  switch (msg.type) {
    case 'mp.request':
      return s.requests.some((r) => r.id === msg.entry.id);
    case 'mp.promise': {
      const current = ballotOf(s);
      if (msg.ballot < current) return true;
      if (msg.ballot !== current) return false;
      if (phase === 'leading') return true;
      return phase === 'preparing' && s.promises.some((p) => p.acceptor === msg.from);
    }
    case 'mp.accepted': {
      const current = ballotOf(s);
      if (msg.ballot < current) return true;
      if (msg.ballot !== current || phase !== 'leading') return false;
      const voters = s.votes[msg.slot];
      if (voters === undefined) return false;
      return voters.length >= s.cfg.decisionQuorum || voters.includes(msg.from);
    }
    default:
      return false;
  }
}

/** A replica's refusals of the ordering layer's decisions (Multi-Paxos and S-Paxos replicas learn alike). */
export function learnerIgnores(s: Learning, msg: MultiPaxosMessage): boolean {
  if (msg.type !== 'mp.decide' && msg.type !== 'mp.accepted') return false;
  const decided = s.log[msg.slot];
  if (decided === undefined) return false;
  if (decided !== null) return true;
  if (msg.type === 'mp.decide') return false;
  const tally = s.tallies.find((t) => t.slot === msg.slot && t.ballot === msg.ballot);
  return tally !== undefined && tally.acceptors.includes(msg.from) && sameBatch(tally.batch, msg.batch);
}

/** The clients' refusals (the clients machine is shared with S-Paxos). */
export function clientsIgnores(s: ClientsState, msg: MultiPaxosMessage): boolean {
  return msg.type === 'mp.reply' && hasReturned(s, msg.id);
}

export function multipaxosIgnores(node: NodeState, envelope: Envelope): boolean {
  const msg = envelope as MultiPaxosMessage;
  switch (node.role) {
    case 'acceptor':
      return acceptorIgnores(node.context as AcceptorState, msg);
    case 'proposer':
      return proposerIgnores(node.value, node.context as ProposerState, msg);
    case 'replica':
      return learnerIgnores(node.context as ReplicaState, msg);
    case 'clients':
      return clientsIgnores(node.context as ClientsState, msg);
    default:
      return false;
  }
}
