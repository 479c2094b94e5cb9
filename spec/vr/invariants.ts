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
import type { ClientHistory } from '../core/history.js';
import { always, type Property, type SystemView, type TemporalProperty } from '../core/property.js';
import { allAnswered, logTemporal, nodeName } from '../multipaxos/invariants.js';
import { describeEntry as describeRequest } from '../multipaxos/messages.js';
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

const entryText = (e: LogEntry | undefined): string => (e === undefined ? 'nothing' : describeRequest(e));

/** The first op-number two replicas differ at, in `part` of their states (`pick`): `r0 executed c0.0:write(a) at op 1, r1 executed c1.0:read() at op 1`. */
function pairText(
  slots: readonly number[],
  replicas: readonly ReplicaView[],
  nodes: readonly string[],
  verb: string,
  entries: (a: ReplicaView, b: ReplicaView) => readonly [readonly (LogEntry | undefined)[], readonly (LogEntry | undefined)[], number],
): string | undefined {
  for (let a = 0; a < replicas.length; a++) {
    for (let b = a + 1; b < replicas.length; b++) {
      const [ea, eb, n] = entries(replicas[a] as ReplicaView, replicas[b] as ReplicaView);
      for (let i = 0; i < n; i++) {
        if (sameEntry(ea[i], eb[i])) continue;
        return `${nodeName(nodes, slots, a)} ${verb} ${entryText(ea[i])} at op ${i + 1}, ${nodeName(nodes, slots, b)} ${verb} ${entryText(eb[i])} at op ${i + 1}: two operations at op ${i + 1}`;
      }
    }
  }
  return undefined;
}

/** agreement's summary: the first op-number two replicas executed differently. */
export function agreementText(slots: readonly number[], replicas: readonly ReplicaView[], nodes: readonly string[]): string {
  return pairText(slots, replicas, nodes, 'executed', (a, b) => [a.executed, b.executed, Math.min(a.executed.length, b.executed.length)]) ?? 'no two replicas executed different operations at one op-number';
}

/** prefix's summary: the first op-number, below both commit-numbers, where two logs differ. */
export function prefixText(slots: readonly number[], replicas: readonly ReplicaView[], nodes: readonly string[]): string {
  return pairText(slots, replicas, nodes, 'committed', (a, b) => [a.log, b.log, Math.min(a.executed.length, b.executed.length)]) ?? 'the committed logs are prefixes of one another';
}

/** committed-survives' summary: `r1 is normal in view 1 without c0.0:write(a) at op 1, which r0 (view 0) executed; it holds nothing there`. */
export function committedSurvivesText(slots: readonly number[], replicas: readonly ReplicaView[], nodes: readonly string[]): string {
  for (let k = 0; k < replicas.length; k++) {
    const later = replicas[k] as ReplicaView;
    if (later.status !== 'normal') continue;
    for (let m = 0; m < replicas.length; m++) {
      const r = replicas[m] as ReplicaView;
      if (r.view >= later.view) continue;
      const i = r.executed.findIndex((e, x) => !sameEntry(e, later.log[x]));
      if (i < 0) continue;
      return `${nodeName(nodes, slots, k)} is normal in view ${later.view} without ${entryText(r.executed[i])} at op ${i + 1}, which ${nodeName(nodes, slots, m)} (view ${r.view}) executed; it holds ${entryText(later.log[i])} there`;
    }
  }
  return 'every committed operation survives';
}

/** The three properties over the replicas at `replicaSlots`. */
export function vrProperties(replicaSlots: readonly number[]): Property<SystemView>[] {
  const replicas = (v: SystemView): ReplicaView[] => replicaSlots.map((i) => v.locals[i] as ReplicaView);
  return [
    always('agreement', 'no two replicas execute different operations at the same op-number (state machine replication, §2-§4.1)', (v) => agreementHolds(replicas(v)), replicaSlots, (v, nodes) =>
      agreementText(replicaSlots, replicas(v), nodes),
    ),
    always('prefix', "the committed parts of the replicas' logs (up to each one's commit-number) are prefixes of one another (§4.1, §4.2)", (v) => prefixHolds(replicas(v)), replicaSlots, (v, nodes) =>
      prefixText(replicaSlots, replicas(v), nodes),
    ),
    always(
      'committed-survives',
      "every committed operation survives into all subsequent views in the same position (§4.2's correctness condition): checked as every replica normal in a view above a replica's view holds what that replica executed",
      (v) => committedSurvivesHolds(replicas(v)),
      replicaSlots,
      (v, nodes) => committedSurvivesText(replicaSlots, replicas(v), nodes),
    ),
  ];
}

/** Where VR's temporal properties find their inputs: the replicas, and the clients node's history. */
export interface VrLayout {
  readonly replicaSlots: readonly number[];
  /** The backups whose view-change timer may fire (r1..rE), as slots. */
  readonly timerSlots: readonly number[];
  readonly clientsSlot: number;
  readonly history: (context: unknown) => ClientHistory;
}

/**
 * VR's temporal properties: `decided` (eventually some replica executes an
 * operation, §4.1), `client-answered` (every client's K requests are
 * eventually answered: the primary replies once the operation commits,
 * §4.1 steps 4-5), and per client c the witnesses `decides-c<c>` (a replica
 * executes a request of c) and `answers-c<c>` (c gets a reply).
 * NOTE: clients do not resend a request after a view change (§4.1's resend
 *   to the new primary is not modelled) and a request reaching a replica
 *   that is not the primary in the normal status is dropped: a request that
 *   a view change leaves out of the new view's log is lost. So with a view
 *   change (V >= 1, E >= 1) both properties fail on a terminal state, and
 *   with V = 0 (r0 leads for good) both hold under weak fairness
 *   (test/protocols/raft-vr-liveness.test.ts).
 */
export function vrTemporal(layout: VrLayout, clients: number, commands: number): TemporalProperty<SystemView>[] {
  return logTemporal<ReplicaView>({
    nodeSlots: layout.replicaSlots,
    clientsSlot: layout.clientsSlot,
    history: layout.history,
    clients,
    commands,
    decided: (r) => r.executed.length > 0,
    entries: (r) => r.executed,
    decidedText: 'eventually some replica executes an operation (§4.1: the primary commits an operation once f backups prepared it; not guaranteed without timing, by FLP: the view change of §4.2 needs timeouts)',
    witnessText: (c) => `some run has a replica execute a request of client c${c} (a witness, §4.1)`,
    unreachableText: (c) => `no state executes a request of c${c}`,
    clientSource: 'VR §4.1: the primary replies once the operation commits',
  });
}

/**
 * VR's final states (the deadlock check): every client has all its requests
 * answered, or no replica still up can start another view change: each
 * backup whose timer may fire (r1..rE) has reached the last view V, or is
 * the primary of its view in the normal status (the primary never suspects
 * itself, §4.2).
 * NOTE: with views bounded, running out of them is an acceptable end, not a
 *   deadlock; the protocol itself would keep changing views. The second half
 *   is where the model disables a normal-status TIMEOUT; a timer replica in
 *   the recovering status below V is not final (its Recovery is sent once,
 *   and not re-sent: §4.3's resend is not modelled), and neither is one whose
 *   timer never fires while it still owes a view change.
 */
export function vrFinal(layout: VrLayout, commands: number): (v: SystemView) => boolean {
  return (v) =>
    allAnswered(layout.history(v.locals[layout.clientsSlot]), commands) ||
    layout.timerSlots.every((i) => {
      const r = v.locals[i] as ReplicaView & { readonly cfg: { readonly maxView: number; readonly replicas: readonly string[]; readonly self: string } };
      const primary = r.status === 'normal' && r.cfg.replicas[r.view % r.cfg.replicas.length] === r.cfg.self;
      return v.crashed[i] === true || r.view >= r.cfg.maxView || primary;
    });
}
