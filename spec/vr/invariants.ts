/**
 * Safety properties of Viewstamped Replication Revisited (Liskov & Cowling,
 * MIT TR 2012), checked on every reachable state over the replicas'
 * contexts. Linearizability of the clients' history is added by the explorer
 * from `SystemSpec.history` (`spec/core/history.ts`).
 * - `agreement`: the replicas' state machines run the same operation at each
 *   op-number (the point of state machine replication, §2-§3).
 * - `prefix`: the committed parts of the replicas' logs (the first
 *   commit-number entries) are prefixes of one another.
 * - `committed-survives`: §4.2's correctness condition for view changes,
 *   "every committed operation survives into all subsequent views in the same
 *   position in the serial order".
 * NOTE: the paper states the last over the whole history; the model keeps no
 *   history variable, so it is checked on each state, as Raft's Leader
 *   Completeness is: every replica in the normal status of a view above a
 *   replica's current view holds, at the same op-numbers, every operation
 *   that replica executed (an operation a replica executed was committed in a
 *   view no higher than its current one, and views only grow).
 */
import { always, type Property, type SystemView } from '../core/property.js';
import { sameEntry } from './log.js';
import type { LogEntry } from './messages.js';
import type { ReplicaState } from './state.js';

/** What the properties read of a replica. */
export type ReplicaView = Pick<ReplicaState, 'status' | 'view' | 'log' | 'executed'>;

/** Whether `a` and `b` agree on every position both have (one is a prefix of the other). */
function compatible(a: readonly LogEntry[], b: readonly LogEntry[]): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (!sameEntry(a[i], b[i])) return false;
  return true;
}

/** agreement: no two replicas execute different operations at one op-number. */
export function agreementHolds(replicas: readonly ReplicaView[]): boolean {
  for (let a = 0; a < replicas.length; a++) {
    for (let b = a + 1; b < replicas.length; b++) if (!compatible((replicas[a] as ReplicaView).executed, (replicas[b] as ReplicaView).executed)) return false;
  }
  return true;
}

/** prefix: the committed logs (each replica's first commit-number entries; a missing entry counts as a difference) are prefixes of one another. */
export function prefixHolds(replicas: readonly ReplicaView[]): boolean {
  for (let a = 0; a < replicas.length; a++) {
    for (let b = a + 1; b < replicas.length; b++) {
      const ra = replicas[a] as ReplicaView;
      const rb = replicas[b] as ReplicaView;
      const n = Math.min(ra.executed.length, rb.executed.length);
      for (let i = 0; i < n; i++) if (!sameEntry(ra.log[i], rb.log[i])) return false;
    }
  }
  return true;
}

/**
 * committed-survives: a replica in the normal status of a view above
 * another replica's view holds, at the same op-numbers, every operation that
 * replica executed.
 */
export function committedSurvivesHolds(replicas: readonly ReplicaView[]): boolean {
  for (const later of replicas) {
    if (later.status !== 'normal') continue;
    for (const r of replicas) {
      if (r.view >= later.view) continue;
      for (let i = 0; i < r.executed.length; i++) if (!sameEntry(r.executed[i], later.log[i])) return false;
    }
  }
  return true;
}

/** The three properties over the replicas at `replicaSlots`. */
export function vrProperties(replicaSlots: readonly number[]): Property<SystemView>[] {
  const replicas = (v: SystemView): ReplicaView[] => replicaSlots.map((i) => v.locals[i] as ReplicaView);
  return [
    always('agreement', 'no two replicas execute different operations at the same op-number (state machine replication, §2-§4.1)', (v) => agreementHolds(replicas(v)), replicaSlots),
    always('prefix', "the committed parts of the replicas' logs (up to each one's commit-number) are prefixes of one another (§4.1, §4.2)", (v) => prefixHolds(replicas(v)), replicaSlots),
    always(
      'committed-survives',
      "every committed operation survives into all subsequent views in the same position (§4.2's correctness condition): checked as every replica normal in a view above a replica's view holds what that replica executed",
      (v) => committedSurvivesHolds(replicas(v)),
      replicaSlots,
    ),
  ];
}
