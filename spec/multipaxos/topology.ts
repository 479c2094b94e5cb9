/**
 * Who sends to whom in Multi-Paxos (`SystemSpec.topology`), exactly as the
 * machines do, per variant (where phase 2b goes):
 * - the clients send requests to the proposers;
 * - a proposer sends Prepare and Accept to the acceptors and, in the
 *   2b-to-leader variant, Decide to the replicas;
 * - an acceptor answers a Prepare with a Promise to its proposer, and sends
 *   each 2b (Accepted) to the leader (2b-to-leader) or to every replica
 *   (2b-to-all);
 * - a replica answers the clients.
 * When no proposer ever runs phase 1 (`phase1` false: one proposer with one
 * ballot, the initial leader's, or the `skip-phase1` bug), no Prepare is
 * sent, so in the 2b-to-all variant no acceptor sends anything to a proposer.
 * S-Paxos, which reuses the proposer and the acceptor, has its own (`spec/spaxos/topology.ts`).
 */
import type { Topology } from '../core/symmetry.js';
import type { MultiPaxosBug, Variant } from './bugs.js';

/** The topology of a variant; `phase1`: whether some proposer may run phase 1 (send Prepare). */
export function multipaxosTopology(variant: Variant, phase1 = true): Topology {
  if (variant === 'leader') return { clients: ['proposer'], proposer: ['acceptor', 'replica'], acceptor: ['proposer'], replica: ['clients'] };
  return { clients: ['proposer'], proposer: ['acceptor'], acceptor: phase1 ? ['proposer', 'replica'] : ['replica'], replica: ['clients'] };
}

/**
 * Whether some proposer may run phase 1: one that starts without a ballot
 * (every proposer but p0) or that has a ballot left after p0's ballot 0 may
 * time out into a new one, and sends Prepare unless the bug skips phase 1.
 */
export function mayRunPhase1(proposers: number, rounds: number, bug: MultiPaxosBug | null = null): boolean {
  return bug !== 'skip-phase1' && (proposers > 1 || rounds > 1);
}
