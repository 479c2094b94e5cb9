/**
 * Who sends to whom in PBFT (`SystemSpec.topology`), exactly as the machines
 * do: the clients send requests to the replicas; a replica sends
 * pre-prepares, prepares, commits, view-changes and new-views to the other
 * replicas (when there are others) and replies to the clients. The
 * adversary's messages (`adversary.ts`) are replica-to-replica and
 * replica-to-clients too.
 */
import type { Topology } from '../core/symmetry.js';

/** The topology for n `replicas`. */
export function pbftTopology(replicas: number): Topology {
  return { clients: ['replica'], replica: [...(replicas > 1 ? ['replica'] : []), 'clients'] };
}
