/**
 * Hand-made PBFT replica states for the rule tests (spec/pbft/*): n = 4
 * replicas r0..r3, f = 1, so Q = 2f + 1 = 3, prepared at 2f = 2 prepares from
 * backups, committed-local at 3 commits (Castro & Liskov §4.2); two sequence
 * numbers and, unless a test says otherwise, three views (0-2).
 */
import type { ReplicaConfig, ReplicaState } from '../../spec/pbft/state.js';

export const PBFT_REPLICAS: readonly string[] = ['r0', 'r1', 'r2', 'r3'];

/** Replica `self`'s configuration, with `over` in place of the defaults. */
export function pbftConfig(self: string, over: Partial<ReplicaConfig> = {}): ReplicaConfig {
  return {
    self,
    replicas: PBFT_REPLICAS,
    clients: 'clients',
    quorum: 3,
    prepareQuorum: 2,
    commitQuorum: 3,
    seqs: 2,
    views: 3,
    verifyRequests: true,
    replies: true,
    ...over,
  };
}

/** Replica `self` in view 0 with empty logs, with `over` in place of the defaults (and `config` of its configuration's). */
export function pbftReplica(self: string, over: Partial<ReplicaState> = {}, config: Partial<ReplicaConfig> = {}): ReplicaState {
  return {
    cfg: pbftConfig(self, config),
    view: 0,
    requests: [],
    log: [],
    prepares: [],
    commits: [],
    certificates: [],
    evidence: [],
    committed: [],
    executed: [],
    viewChanges: [],
    ...over,
  };
}
