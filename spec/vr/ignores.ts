/**
 * Who sends to whom in a VR cluster, and the messages a replica refuses for
 * good (`SystemSpec.topology`, `SystemSpec.ignores`), for the partial-order
 * reduction. Liskov & Cowling, "Viewstamped Replication Revisited" (MIT TR
 * 2012), §4: every message carries the view it belongs to, and a replica
 * takes a message of a view below its own in no status (§4.1: a message
 * from a sender behind in views is dropped).
 * - The topology: the clients send requests to the replicas; a replica sends
 *   to every replica and answers the clients. Every node may therefore send to
 *   every other, and no set of nodes is closed but all of them: the
 *   reduction comes from the refusals alone.
 * - A replica outside the recovering status refuses any Prepare, PrepareOK,
 *   Commit, StartViewChange, DoViewChange or StartView of a view below its
 *   own: each handler takes only its own view (or a higher one, to join
 *   it), and a replica's view never decreases (a timeout, a view change,
 *   a StartView raise it). In every bug variant too: none changes a view
 *   test. Only a restart (crash-recovery) lowers it, to the recovering
 *   status's view 0, and the explorer expands in full every state where a
 *   restart may still follow, so no refusal is used across one.
 * - A replica refuses a RecoveryResponse to a nonce below its own, and to
 *   its own nonce unless it is waiting for answers (`recovering`): it takes
 *   only answers to its current nonce while waiting, and its nonce only grows
 *   (a new recovery takes the next one; a restart keeps it).
 * NOTE: a recovering replica declares no refusal (under
 *   `recovering-replica-votes` it takes messages of its view 0).
 */
import type { Envelope } from '../core/envelope.js';
import type { NodeState, Topology } from '../core/symmetry.js';
import type { VrMessage } from './messages.js';
import type { ReplicaState } from './state.js';

export const VR_TOPOLOGY: Topology = {
  clients: ['replica'],
  replica: ['replica', 'clients'],
};

export function vrIgnores(node: NodeState, envelope: Envelope): boolean {
  if (node.role !== 'replica') return false;
  const s = node.context as ReplicaState;
  const msg = envelope as VrMessage;
  switch (msg.type) {
    case 'vr.prepare':
    case 'vr.prepare-ok':
    case 'vr.commit':
    case 'vr.start-view-change':
    case 'vr.do-view-change':
    case 'vr.start-view':
      return s.status !== 'recovering' && msg.view < s.view;
    case 'vr.recovery-response':
      return msg.nonce < s.nonce || (msg.nonce === s.nonce && node.value !== 'recovering');
    default:
      return false;
  }
}
