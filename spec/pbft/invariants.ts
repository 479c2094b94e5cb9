/**
 * PBFT safety properties — Castro & Liskov, OSDI 1999, §4 (safety, §4.5.1:
 * correct replicas agree on the sequence numbers of requests that commit
 * locally, even across views) and the replicated service's guarantees of
 * §3 (linearizability; replies the client accepts come from the service).
 * Read among the correct replicas only: a Byzantine replica's state means
 * nothing (its machine never runs). Linearizability of the clients' history
 * is added by the explorer from `SystemSpec.history`.
 */
import type { ClientHistory } from '../core/history.js';
import { always, eventually, sometimes, type Property, type SystemView, type TemporalProperty } from '../core/property.js';
import { clientTemporal, nodeName, prefixText } from '../multipaxos/invariants.js';
import { register, type RegisterOp, type RegisterResult } from '../multipaxos/register.js';
import { isPrepared } from './log.js';
import { digestOf, parseClientId, sameRequest, type Certificate, type Digest } from './messages.js';
import type { Committed, ReplicaState } from './state.js';
import { hasViewLeft, isWaiting } from './view-change.js';

/** What most properties read of a correct replica. */
export interface PbftReplicaView {
  readonly committed: readonly Committed[];
  readonly executed: readonly string[];
}

/** A replica's prepared certificates as far as its state keeps them: those of its current view, and the highest-view one per seq of the views it left. */
export function preparedNow(s: ReplicaState): Certificate[] {
  const current = s.log.filter((a) => isPrepared(s, a.seq, digestOf(a.request))).map((a) => ({ view: s.view, seq: a.seq, request: a.request }));
  return [...s.certificates, ...current];
}

/**
 * Prepared agreement (§4.2: the pre-prepare and prepare phases order requests
 * within a view): no two correct replicas are prepared for different
 * requests at one view and sequence number.
 * NOTE: a replica keeps only its highest-view certificate per seq once it
 *   left a view, so a conflict with a superseded one goes unseen; every state
 *   is checked, so a conflict is seen while both are kept.
 */
export function preparedAgreementHolds(replicas: readonly ReplicaState[]): boolean {
  const first = new Map<string, Digest>();
  for (const r of replicas) {
    for (const c of preparedNow(r)) {
      const key = `${c.view}:${c.seq}`;
      const d = digestOf(c.request);
      const f = first.get(key);
      if (f === undefined) first.set(key, d);
      else if (f !== d) return false;
    }
  }
  return true;
}

/** Agreement: no two correct replicas (nor one in two views) commit different requests at one sequence number. */
export function agreementHolds(replicas: readonly PbftReplicaView[]): boolean {
  const first = new Map<number, Digest>();
  for (const r of replicas) {
    for (const c of r.committed) {
      const d = digestOf(c.request);
      const f = first.get(c.seq);
      if (f === undefined) first.set(c.seq, d);
      else if (f !== d) return false;
    }
  }
  return true;
}

/** What the correct replicas committed, per sequence number: `r1 committed c0.0 at seq 1, r2 committed null at seq 1`. */
export function committedText(slots: readonly number[], replicas: readonly PbftReplicaView[], nodes: readonly string[]): string {
  const parts = replicas.flatMap((r, k) => r.committed.map((c) => `${nodes[slots[k] ?? -1] ?? `replica ${k}`} committed ${digestOf(c.request)} at seq ${c.seq}`));
  return parts.length > 0 ? parts.join(', ') : 'no correct replica committed anything';
}

/** Validity: every request a correct replica commits is one a client issued, with its command (the null request allowed). */
export function validityHolds(replicas: readonly PbftReplicaView[], history: ClientHistory): boolean {
  return replicas.every((r) =>
    r.committed.every((c) => {
      if (c.request === null) return true;
      const id = parseClientId(c.request.id);
      const issued = id === null ? undefined : history.clients[id.client]?.[id.index];
      return issued !== undefined && sameRequest(c.request, { id: c.request.id, op: issued.op as RegisterOp });
    }),
  );
}

/** The result of each request a replica executed, replaying its executed sequence on the register. */
export function executionResults(r: PbftReplicaView): Map<string, RegisterResult> {
  const out = new Map<string, RegisterResult>();
  let value = register.initial;
  for (const id of r.executed) {
    const request = r.committed.find((c) => c.request?.id === id)?.request;
    if (request === null || request === undefined) return out;
    const [next, result] = register.apply(value, request.op);
    value = next;
    out.set(id, result);
  }
  return out;
}

/** Every result a client accepted is one some correct replica produced when it executed that request. */
export function clientAcceptsCorrectHolds(replicas: readonly PbftReplicaView[], history: ClientHistory): boolean {
  let results: Map<string, RegisterResult>[] | undefined;
  for (let c = 0; c < history.clients.length; c++) {
    const ops = history.clients[c] ?? [];
    for (let j = 0; j < ops.length; j++) {
      const op = ops[j];
      if (op === undefined || !('result' in op)) continue;
      results ??= replicas.map(executionResults);
      const id = `c${c}.${j}`;
      if (!results.some((m) => m.has(id) && m.get(id) === op.result)) return false;
    }
  }
  return true;
}

/** Consistent order: the correct replicas' executed sequences are prefixes of one another. */
export function prefixHolds(replicas: readonly PbftReplicaView[]): boolean {
  let longest: readonly string[] = [];
  for (const r of replicas) if (r.executed.length > longest.length) longest = r.executed;
  return replicas.every((r) => r.executed.every((id, i) => longest[i] === id));
}

/** The first view and sequence number two correct replicas are prepared for differently: `r1 prepared c0.0 at view 0 seq 1, r2 prepared c0.1 at view 0 seq 1: two requests`. */
export function preparedText(slots: readonly number[], replicas: readonly ReplicaState[], nodes: readonly string[]): string {
  const prepared = replicas.map((r) => preparedNow(r));
  for (const c of prepared.flat()) {
    const at = prepared.flatMap((cs, k) => cs.filter((x) => x.view === c.view && x.seq === c.seq).map((x) => ({ k, d: digestOf(x.request) })));
    const digests = new Set(at.map((x) => x.d));
    if (digests.size < 2) continue;
    const each = at.map((x) => `${nodeName(nodes, slots, x.k)} prepared ${String(x.d)} at view ${c.view} seq ${c.seq}`);
    return `${each.join(', ')}: ${digests.size === 2 ? 'two' : digests.size} requests`;
  }
  return 'no two correct replicas are prepared for different requests at one view and sequence number';
}

/** The first committed request no client issued: `r1 committed bogus at seq 1, which no client issued`. */
export function validityText(slots: readonly number[], replicas: readonly PbftReplicaView[], history: ClientHistory, nodes: readonly string[]): string {
  for (let k = 0; k < replicas.length; k++) {
    for (const c of (replicas[k] as PbftReplicaView).committed) {
      if (c.request === null) continue;
      const id = parseClientId(c.request.id);
      const issued = id === null ? undefined : history.clients[id.client]?.[id.index];
      const at = `${nodeName(nodes, slots, k)} committed ${c.request.id}:${register.describe?.(c.request.op) ?? ''} at seq ${c.seq}`;
      if (issued === undefined) return `${at}, which no client issued`;
      if (!sameRequest(c.request, { id: c.request.id, op: issued.op as RegisterOp })) return `${at}, but the client issued ${register.describe?.(issued.op as RegisterOp) ?? ''}`;
    }
  }
  return 'every committed request was issued';
}

/** The first result a client accepted that no correct replica produced: `c0 accepted c0.0 → x; correct replicas executed it with: r1 none`. */
export function clientAcceptsText(slots: readonly number[], replicas: readonly PbftReplicaView[], history: ClientHistory, nodes: readonly string[]): string {
  const results = replicas.map(executionResults);
  for (let c = 0; c < history.clients.length; c++) {
    const ops = history.clients[c] ?? [];
    for (let j = 0; j < ops.length; j++) {
      const op = ops[j];
      if (op === undefined || !('result' in op)) continue;
      const id = `c${c}.${j}`;
      if (results.some((m) => m.has(id) && m.get(id) === op.result)) continue;
      const produced = results.flatMap((m, k) => (m.has(id) ? [`${nodeName(nodes, slots, k)} → ${m.get(id) ?? 'none'}`] : []));
      const accepted = register.describe?.(op.op as RegisterOp, op.result as RegisterResult) ?? String(op.result);
      return `c${c} accepted ${id}:${accepted}, but ${produced.length > 0 ? `the correct replicas produced ${produced.join(', ')}` : 'no correct replica executed it'}`;
    }
  }
  return 'every accepted result was produced by a correct replica';
}

/** Where the properties find their inputs in a system. */
export interface PbftLayout {
  /** Node indices of the correct replicas. */
  readonly correctReplicas: readonly number[];
  readonly clientsSlot: number;
  readonly history: (context: unknown) => ClientHistory;
}

export const PBFT_PROPERTIES = [
  { name: 'prepared-agreement', description: 'no two correct replicas are prepared for different requests at one view and sequence number' },
  { name: 'agreement', description: 'no two correct replicas commit different requests at one sequence number, in any views' },
  { name: 'validity', description: 'every request a correct replica commits was issued by a client (or is the null request)' },
  { name: 'client-accepts-correct', description: 'every result a client accepts was produced by a correct replica executing that request' },
  { name: 'prefix', description: "correct replicas' executed sequences are prefixes of one another" },
  { name: 'linearizable', description: "the clients' history is linearizable to a register" },
] as const;

export function pbftProperties(layout: PbftLayout): Property<SystemView>[] {
  const { correctReplicas, clientsSlot } = layout;
  const replicas = (v: SystemView): PbftReplicaView[] => correctReplicas.map((i) => v.locals[i] as PbftReplicaView);
  return [
    always('prepared-agreement', 'no two correct replicas are prepared for different requests at one view and sequence number (§4.2)', (v) =>
      preparedAgreementHolds(correctReplicas.map((i) => v.locals[i] as ReplicaState)),
      correctReplicas,
      (v, nodes) => preparedText(correctReplicas, correctReplicas.map((i) => v.locals[i] as ReplicaState), nodes),
    ),
    always('agreement', 'no two correct replicas commit different requests at one sequence number, in any views (§4.5.1)', (v) =>
      agreementHolds(replicas(v)),
      correctReplicas,
      (v, nodes) => committedText(correctReplicas, replicas(v), nodes),
    ),
    always('validity', 'every request a correct replica commits was issued by a client, with its command, or is the null request (§3, §4.4)', (v) =>
      validityHolds(replicas(v), layout.history(v.locals[clientsSlot])),
      [...correctReplicas, clientsSlot],
      (v, nodes) => validityText(correctReplicas, replicas(v), layout.history(v.locals[clientsSlot]), nodes),
    ),
    always('client-accepts-correct', 'every result a client accepts was produced by a correct replica executing that request (§4.1: f+1 matching replies)', (v) =>
      clientAcceptsCorrectHolds(replicas(v), layout.history(v.locals[clientsSlot])),
      [...correctReplicas, clientsSlot],
      (v, nodes) => clientAcceptsText(correctReplicas, replicas(v), layout.history(v.locals[clientsSlot]), nodes),
    ),
    always('prefix', "the correct replicas' executed sequences are prefixes of one another: one execution order", (v) =>
      prefixHolds(replicas(v)),
      correctReplicas,
      (v, nodes) => prefixText(correctReplicas, replicas(v).map((r) => r.executed), nodes),
    ),
  ];
}

/**
 * PBFT's temporal properties: `decided` (eventually some correct replica
 * commits a request, §4.3), `client-answered` (every client's requests are
 * eventually answered: f+1 matching replies accepted, §4.1), and per client c
 * the witnesses `decides-c<c>` (a correct replica commits a request of c) and
 * `answers-c<c>` (c accepts a result).
 * NOTE: liveness in PBFT rests on the view change and on timeouts that grow
 *   (§4.4, §4.5.2); the checked systems bound views, so with a faulty
 *   primary and too few views `decided` fails by running out of views, not by
 *   any fault of the protocol's safety.
 */
export function pbftTemporal(layout: PbftLayout, clients: number, commands: number): TemporalProperty<SystemView>[] {
  const { correctReplicas, clientsSlot } = layout;
  const replicas = (v: SystemView): PbftReplicaView[] => correctReplicas.map((i) => v.locals[i] as PbftReplicaView);
  const history = (v: SystemView): ClientHistory => layout.history(v.locals[clientsSlot]);
  const ids = Array.from({ length: clients }, (_, c) => c);
  const commitsFor = (v: SystemView, c: number): boolean =>
    replicas(v).some((r) => r.committed.some((k) => k.request !== null && parseClientId(k.request.id)?.client === c));
  const client = clientTemporal(clientsSlot, history, clients, commands, '§4.1: with f+1 matching replies');
  return [
    eventually('decided', 'eventually some correct replica commits a request (§4.3; not guaranteed without synchrony, by FLP: §4.5.2)', (v) =>
      replicas(v).some((r) => r.committed.some((k) => k.request !== null)),
      { reads: correctReplicas },
    ),
    client.answered,
    ...ids.map((c) =>
      sometimes(`decides-c${c}`, `some run has a correct replica commit a request of client c${c} (a witness)`, (v) => commitsFor(v, c), {
        reads: correctReplicas,
        unreachable: `no state commits a request of c${c}`,
      }),
    ),
    ...client.answers,
  ];
}

/**
 * PBFT's final states (the deadlock check): every client has all its
 * requests answered (f+1 matching replies, §4.1), or no correct replica still
 * up owes a view change: each has spent its views (the last view V-1), or
 * its view-change timer does not run (§4.4: it runs only while a backup
 * holds a request it has not executed; the primary never suspects itself).
 * NOTE: with views bounded, running out of them is an acceptable end, not a
 *   deadlock; the protocol itself would keep changing views with growing
 *   timeouts (§4.5.2). The second half is where the model disables a
 *   correct replica's TIMEOUT (a replica in the view-change status has one
 *   while views are left), so on the correct model every state with no step
 *   is final: the check flags a replica whose timer never fires while it
 *   still owes a view change. Faulty replicas owe nothing.
 */
export function pbftFinal(layout: PbftLayout, commands: number): (v: SystemView) => boolean {
  return (v) => {
    const h = layout.history(v.locals[layout.clientsSlot]);
    if (h.clients.every((ops) => ops.length === commands && ops.every((op) => op.result !== undefined))) return true;
    return layout.correctReplicas.every((i) => {
      const r = v.locals[i] as ReplicaState;
      return v.crashed[i] === true || !hasViewLeft(r) || !isWaiting(r);
    });
  };
}
