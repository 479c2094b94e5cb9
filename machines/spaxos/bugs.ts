/**
 * The S-Paxos bug variant (spec/spaxos/bugs.ts), as an override of the
 * production replica's named guard (xstate's `machine.provide`): the replica
 * itself carries no bug switch. Its proposers and acceptors are the
 * production Multi-Paxos ones.
 */
import type { SPaxosBug } from '../../spec/spaxos/bugs.js';
import { orderStable, spaxosReplicaMachine } from './replica.machine.js';

/** The replica of each bug variant. */
export const SPAXOS_BUG_REPLICAS: Readonly<Record<SPaxosBug, typeof spaxosReplicaMachine>> = {
  // An id is orderable as soon as the replica holds its request, before f+1 replicas do.
  'order-unstable': spaxosReplicaMachine.provide({
    guards: { isOrderable: (_, { state, id }) => orderStable(state, id) || state.requests.some((r) => r.id === id) },
  }),
};

/** The replica of the variant `bug` (the production replica for `null`). */
export function spaxosReplica(bug: SPaxosBug | null): typeof spaxosReplicaMachine {
  return bug === null ? spaxosReplicaMachine : SPAXOS_BUG_REPLICAS[bug];
}
