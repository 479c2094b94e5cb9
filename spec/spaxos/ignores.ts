/**
 * Messages an S-Paxos node refuses for good (`SystemSpec.ignores`), for the
 * partial-order reduction: in this state and in every state the node can
 * reach, delivering the message changes nothing and sends nothing. Each rule
 * rests on fields that never shrink, so it holds in both variants (2b to the
 * leader or to all), under `order-unstable` (which changes only when an id
 * goes to the proposer), for any batch size and any coordinator map.
 * - The proposers, the acceptors and the clients are the Multi-Paxos
 *   machines, with their rules (`spec/multipaxos/ignores.ts`): a stale
 *   Prepare or Accept at an acceptor; at a proposer a Request (here: "this id
 *   is stable", from its replica) for an id it holds, a Promise or an
 *   Accepted it can no longer use; at the clients a Reply to a command that
 *   has returned.
 * - A replica refuses:
 *   - a client Request or a Forward of a request it holds (its guard;
 *     `requests` only grows);
 *   - an Ack of an id that is stable at the replica, or from a replica it has
 *     already counted for that id: `stable` only grows, an id's ack set only
 *     grows until it reaches f+1 and the id becomes stable, and counting a
 *     holder again keeps the set as it is and sends nothing;
 *   - a Decide or an Accepted for a decided slot, and an Accepted it has
 *     already counted (as a Multi-Paxos replica does, the same `learn`):
 *     the log and the held requests do not change, and what they allow is
 *     already executed, so nothing is executed or answered.
 */
import type { Envelope } from '../core/envelope.js';
import type { NodeState } from '../core/symmetry.js';
import { learnerIgnores, multipaxosIgnores } from '../multipaxos/ignores.js';
import type { SPaxosMessage } from './messages.js';
import type { SPaxosReplicaState } from './state.js';

/** An S-Paxos replica's refusals. */
export function spaxosReplicaIgnores(s: SPaxosReplicaState, msg: SPaxosMessage): boolean {
  switch (msg.type) {
    case 'mp.request':
    case 'sp.forward': {
      const id = msg.entry.id;
      return s.requests.some((r) => r.id === id);
    }
    case 'sp.ack': {
      const id = msg.id;
      if (s.stable.includes(id)) return true;
      return s.acks.some((a) => a.id === id && a.replicas.includes(msg.from));
    }
    case 'mp.decide':
    case 'mp.accepted':
      return learnerIgnores(s, msg);
    default:
      return false;
  }
}

export function spaxosIgnores(node: NodeState, envelope: Envelope): boolean {
  if (node.role === 'replica') return spaxosReplicaIgnores(node.context as SPaxosReplicaState, envelope as SPaxosMessage);
  return multipaxosIgnores(node, envelope);
}
