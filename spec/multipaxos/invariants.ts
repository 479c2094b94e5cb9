/**
 * Multi-Paxos safety properties ("Paxos Made Simple" §2.1 per slot, and the
 * replicated state machine's guarantees of PMMC §2), over the replicas' logs
 * and the clients' history. S-Paxos checks the same ones on ids.
 * Linearizability of the clients' history is added by the explorer from
 * `SystemSpec.history` (see `spec/core/history.ts`).
 * Crashed replicas still count: what they decided or executed stays so.
 * Liveness (`replicatedLogTemporal`): `decided` and `client-answered`, which
 * no asynchronous protocol guarantees (FLP, `docs/impossibility.md`), and
 * witnesses that each client's request can be decided and answered.
 */
import type { ClientHistory } from '../core/history.js';
import { always, eventually, sometimes, type Property, type SystemView, type TemporalProperty } from '../core/property.js';
import { describeBatch, describeOp, parseRequestId, type Batch } from './messages.js';
import type { RegisterOp } from './register.js';
import { sameBatch } from './state.js';

/** What the properties read of a replica (Multi-Paxos and S-Paxos alike). */
export interface ReplicaView {
  readonly log: readonly (Batch | null)[];
  readonly executed: readonly string[];
}

function sameOp(a: RegisterOp, b: RegisterOp): boolean {
  return a.kind === b.kind && (a.kind === 'read' || (b.kind === 'write' && a.value === b.value));
}

/** Per-slot agreement: no two replicas decide different batches for one slot. */
export function agreementHolds(replicas: readonly ReplicaView[]): boolean {
  const first: (Batch | null)[] = [];
  for (const r of replicas) {
    for (let s = 0; s < r.log.length; s++) {
      const b = r.log[s] ?? null;
      if (b === null) continue;
      const f = first[s] ?? null;
      if (f === null) first[s] = b;
      else if (!sameBatch(f, b)) return false;
    }
  }
  return true;
}

/** Validity: every decided entry is a request some client issued, with the command it issued (a no-op decides nothing). */
export function validityHolds(replicas: readonly ReplicaView[], history: ClientHistory): boolean {
  return replicas.every((r) =>
    r.log.every(
      (b) =>
        b === null ||
        b.every((e) => {
          const { client, index } = parseRequestId(e.id);
          const issued = history.clients[client]?.[index];
          return issued !== undefined && (e.op === undefined || sameOp(issued.op as RegisterOp, e.op));
        }),
    ),
  );
}

/** At-most-once: no replica executes a request twice. */
export function atMostOnceHolds(replicas: readonly ReplicaView[]): boolean {
  return replicas.every((r) => new Set(r.executed).size === r.executed.length);
}

/** Consistent order: the replicas' executed sequences are prefixes of one another. */
export function prefixHolds(replicas: readonly ReplicaView[]): boolean {
  let longest: readonly string[] = [];
  for (const r of replicas) if (r.executed.length > longest.length) longest = r.executed;
  return replicas.every((r) => r.executed.every((id, i) => longest[i] === id));
}

/** The name of the k-th of the nodes at `slots`, e.g. `r0`. */
export function nodeName(nodes: readonly string[], slots: readonly number[], k: number, role = 'replica'): string {
  return nodes[slots[k] ?? -1] ?? `${role} ${k}`;
}

/** How a summary prints a list of ids: `[c0.0 c1.0]`. */
export function idsText(ids: readonly string[]): string {
  return `[${ids.join(' ')}]`;
}

/** Two replicas whose executed sequences are not prefixes of one another, e.g. `r0 executed [c0.0 c1.0], r1 executed [c1.0]: they differ at position 1`. */
export function prefixText(slots: readonly number[], executed: readonly (readonly string[])[], nodes: readonly string[]): string {
  for (let a = 0; a < executed.length; a++) {
    for (let b = a + 1; b < executed.length; b++) {
      const ea = executed[a] as readonly string[];
      const eb = executed[b] as readonly string[];
      const n = Math.min(ea.length, eb.length);
      for (let i = 0; i < n; i++) {
        if (ea[i] === eb[i]) continue;
        return `${nodeName(nodes, slots, a)} executed ${idsText(ea)}, ${nodeName(nodes, slots, b)} executed ${idsText(eb)}: they differ at position ${i + 1}`;
      }
    }
  }
  return 'the executed sequences are prefixes of one another';
}

/** The first slot two replicas decided differently: `r0 decided c0.0:write(a) at slot 0, r1 decided c1.0:write(b) at slot 0: two values at slot 0`. */
export function agreementText(slots: readonly number[], replicas: readonly ReplicaView[], nodes: readonly string[]): string {
  const length = Math.max(0, ...replicas.map((r) => r.log.length));
  for (let s = 0; s < length; s++) {
    const deciders = replicas.flatMap((r, k) => {
      const b = r.log[s] ?? null;
      return b === null ? [] : [{ k, b }];
    });
    const first = deciders[0];
    const other = deciders.find((d) => first !== undefined && !sameBatch(first.b, d.b));
    if (first === undefined || other === undefined) continue;
    const kinds = new Set(deciders.map((d) => describeBatch(d.b))).size;
    const each = deciders.map((d) => `${nodeName(nodes, slots, d.k)} decided ${describeBatch(d.b)} at slot ${s}`);
    return `${each.join(', ')}: ${kinds === 2 ? 'two' : kinds} values at slot ${s}`;
  }
  return 'no two replicas decided different values for one slot';
}

/** The first decided entry no client issued: `r0 decided c0.0:write(z) at slot 0, but c0.0 issued write(a)`. */
export function validityText(slots: readonly number[], replicas: readonly ReplicaView[], history: ClientHistory, nodes: readonly string[]): string {
  for (let k = 0; k < replicas.length; k++) {
    const r = replicas[k] as ReplicaView;
    for (let s = 0; s < r.log.length; s++) {
      for (const e of r.log[s] ?? []) {
        const { client, index } = parseRequestId(e.id);
        const issued = history.clients[client]?.[index];
        const at = `${nodeName(nodes, slots, k)} decided ${describeBatch([e])} at slot ${s}`;
        if (issued === undefined) return `${at}, but no client issued ${e.id}`;
        if (e.op !== undefined && !sameOp(issued.op as RegisterOp, e.op)) return `${at}, but the client issued ${e.id} as ${describeOp(issued.op as RegisterOp)}`;
      }
    }
  }
  return 'every decided entry was issued';
}

/** A replica that executed a request twice: `r0 executed [c0.0 c0.0]: c0.0 twice`. */
export function atMostOnceText(slots: readonly number[], replicas: readonly ReplicaView[], nodes: readonly string[]): string {
  for (let k = 0; k < replicas.length; k++) {
    const ex = (replicas[k] as ReplicaView).executed;
    const twice = ex.find((id, i) => ex.indexOf(id) !== i);
    if (twice !== undefined) return `${nodeName(nodes, slots, k)} executed ${idsText(ex)}: ${twice} ${ex.filter((id) => id === twice).length === 2 ? 'twice' : `${ex.filter((id) => id === twice).length} times`}`;
  }
  return 'no replica executed a request twice';
}

/** Where the properties find their inputs in a system. */
export interface ReplicatedLayout {
  readonly replicaSlots: readonly number[];
  readonly clientsSlot: number;
  /** Reads the history from the clients node's context. */
  readonly history: (context: unknown) => ClientHistory;
}

/** The properties shared by Multi-Paxos and S-Paxos (what is ordered: commands, or ids). */
export function replicatedLogProperties(layout: ReplicatedLayout, what: 'command' | 'id'): Property<SystemView>[] {
  const { replicaSlots, clientsSlot } = layout;
  const replicas = (v: SystemView): ReplicaView[] => replicaSlots.map((i) => v.locals[i] as ReplicaView);
  return [
    always('agreement', `no two replicas decide different ${what}s for one slot ("Paxos Made Simple" §2.1, per slot)`, (v) =>
      agreementHolds(replicas(v)),
      replicaSlots,
      (v, nodes) => agreementText(replicaSlots, replicas(v), nodes),
    ),
    always('validity', `every decided ${what} belongs to a request a client issued, or is a no-op ("Paxos Made Simple" §2.1)`, (v) =>
      validityHolds(replicas(v), layout.history(v.locals[clientsSlot])),
      [...replicaSlots, clientsSlot],
      (v, nodes) => validityText(replicaSlots, replicas(v), layout.history(v.locals[clientsSlot]), nodes),
    ),
    always('at-most-once', 'no replica executes a client request twice (PMMC §2, a replica skips a command it already performed)', (v) =>
      atMostOnceHolds(replicas(v)),
      replicaSlots,
      (v, nodes) => atMostOnceText(replicaSlots, replicas(v), nodes),
    ),
    always('prefix', "the replicas' executed sequences are prefixes of one another: one execution order", (v) =>
      prefixHolds(replicas(v)),
      replicaSlots,
      (v, nodes) => prefixText(replicaSlots, replicas(v).map((r) => r.executed), nodes),
    ),
  ];
}

/** Whether client c has had a response to at least one request. */
function answered(history: ClientHistory, c: number): boolean {
  return (history.clients[c] ?? []).some((op) => op.result !== undefined);
}

/**
 * The client side of a replicated service's temporal properties, read from
 * the clients node's history: `client-answered` (each of the `clients`
 * clients has all its `commands` requests answered; `source` says where the
 * protocol promises it) and, per client c, the witness `answers-c<c>`.
 */
export function clientTemporal(
  clientsSlot: number,
  history: (v: SystemView) => ClientHistory,
  clients: number,
  commands: number,
  source: string,
): { readonly answered: TemporalProperty<SystemView>; readonly answers: TemporalProperty<SystemView>[] } {
  const ids = Array.from({ length: clients }, (_, c) => c);
  return {
    answered: eventually(
      'client-answered',
      `every client request is eventually answered (${source}: each of the ${clients} client(s) issues ${commands} request(s), one at a time)`,
      (v) => {
        const h = history(v);
        return ids.every((c) => (h.clients[c] ?? []).length === commands && (h.clients[c] ?? []).every((op) => op.result !== undefined));
      },
      { reads: [clientsSlot] },
    ),
    answers: ids.map((c) =>
      sometimes(`answers-c${c}`, `some run answers client c${c} (a witness)`, (v) => answered(history(v), c), {
        reads: [clientsSlot],
        unreachable: `no state answers c${c}`,
      }),
    ),
  };
}

/**
 * The temporal properties shared by Multi-Paxos and S-Paxos: `decided`
 * (eventually some replica decides a slot), `client-answered` (every client's
 * K requests are eventually answered: each client issues them one at a time,
 * so this is "every request is answered" once all are issued), and per client
 * c the witnesses `decides-c<c>` (a replica decides c's request) and
 * `answers-c<c>` (c gets a response).
 * NOTE: requests are not retransmitted and the log has S slots, so with
 *   fewer slots than requests `client-answered` fails by construction.
 */
export function replicatedLogTemporal(layout: ReplicatedLayout, clients: number, commands: number): TemporalProperty<SystemView>[] {
  return logTemporal<ReplicaView>({
    nodeSlots: layout.replicaSlots,
    clientsSlot: layout.clientsSlot,
    history: layout.history,
    clients,
    commands,
    decided: (r) => r.log.some((b) => b !== null),
    entries: (r) => r.log.flatMap((b) => b ?? []),
    decidedText: 'eventually some replica decides a slot ("Paxos Made Simple" §3: the leader gets each command chosen; not guaranteed, by FLP)',
    witnessText: (c) => `some run decides a request of client c${c} (a witness)`,
    unreachableText: (c) => `no state decides a request of c${c}`,
    clientSource: 'PMMC §2',
  });
}

/**
 * `decided`, `client-answered` and the witnesses of a service that orders
 * client requests into a log: `decided` holds once some node's `decided`
 * does; the witness `decides-c<c>` once some node's `entries` hold a request
 * of client c; the client side is `clientTemporal`'s. Multi-Paxos, S-Paxos,
 * Raft and VR each say what their nodes decide and cite their paper.
 */
export function logTemporal<N>(o: {
  readonly nodeSlots: readonly number[];
  readonly clientsSlot: number;
  readonly history: (context: unknown) => ClientHistory;
  readonly clients: number;
  readonly commands: number;
  readonly decided: (node: N) => boolean;
  readonly entries: (node: N) => readonly { readonly id: string }[];
  readonly decidedText: string;
  readonly witnessText: (c: number) => string;
  readonly unreachableText: (c: number) => string;
  readonly clientSource: string;
}): TemporalProperty<SystemView>[] {
  const nodes = (v: SystemView): N[] => o.nodeSlots.map((i) => v.locals[i] as N);
  const history = (v: SystemView): ClientHistory => o.history(v.locals[o.clientsSlot]);
  const decidesFor = (v: SystemView, c: number): boolean => nodes(v).some((n) => o.entries(n).some((e) => parseRequestId(e.id).client === c));
  const client = clientTemporal(o.clientsSlot, history, o.clients, o.commands, o.clientSource);
  return [
    eventually('decided', o.decidedText, (v) => nodes(v).some(o.decided), { reads: o.nodeSlots }),
    client.answered,
    ...Array.from({ length: o.clients }, (_, c) =>
      sometimes(`decides-c${c}`, o.witnessText(c), (v) => decidesFor(v, c), { reads: o.nodeSlots, unreachable: o.unreachableText(c) }),
    ),
    ...client.answers,
  ];
}

/** Whether every client has all its `commands` requests answered. */
export function allAnswered(history: ClientHistory, commands: number): boolean {
  return history.clients.every((ops) => ops.length === commands && ops.every((op) => op.result !== undefined));
}

/**
 * Final states of a replicated log: every client has all its requests
 * answered, or `outOfBallots` (no proposer that has not crashed may start
 * another ballot). NOTE: with ballots bounded, running out of them is an
 * acceptable end; the protocol itself would keep electing leaders.
 */
export function replicatedLogFinal(layout: ReplicatedLayout, commands: number, outOfBallots: (v: SystemView) => boolean): (v: SystemView) => boolean {
  return (v) => {
    return allAnswered(layout.history(v.locals[layout.clientsSlot]), commands) || outOfBallots(v);
  };
}
