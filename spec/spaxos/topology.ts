/**
 * Who sends to whom in S-Paxos (`SystemSpec.topology`), exactly as the
 * machines do, per variant (where phase 2b goes):
 * - the clients send each request to its coordinator replica;
 * - a replica forwards requests and acks ids to the other replicas (when
 *   there are others), hands stable ids to its own proposer, and answers
 *   the clients;
 * - the proposers and acceptors are the Multi-Paxos ones: a proposer sends
 *   Prepare and Accept to the acceptors and, in the 2b-to-leader variant,
 *   Decide to the replicas; an acceptor sends its Promise to the proposer and
 *   its 2b to the leader (2b-to-leader) or to every replica (2b-to-all);
 *   when no proposer ever runs phase 1 (one proposer with one ballot), no
 *   Promise is sent, so in the 2b-to-all variant no acceptor sends to a proposer.
 */
import type { Variant } from '../multipaxos/bugs.js';
import type { Topology } from '../core/symmetry.js';

/** The topology of a variant for n `replicas`; `phase1`: whether some proposer may run phase 1 (`mayRunPhase1`). */
export function spaxosTopology(variant: Variant, replicas: number, phase1 = true): Topology {
  const replica = [...(replicas > 1 ? ['replica'] : []), 'proposer', 'clients'];
  return variant === 'leader'
    ? { clients: ['replica'], replica, proposer: ['acceptor', 'replica'], acceptor: ['proposer'] }
    : { clients: ['replica'], replica, proposer: ['acceptor'], acceptor: phase1 ? ['proposer', 'replica'] : ['replica'] };
}
