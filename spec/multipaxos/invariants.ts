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
import { parseRequestId, type Batch } from './messages.js';
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
    ),
    always('validity', `every decided ${what} belongs to a request a client issued, or is a no-op ("Paxos Made Simple" §2.1)`, (v) =>
      validityHolds(replicas(v), layout.history(v.locals[clientsSlot])),
      [...replicaSlots, clientsSlot],
    ),
    always('at-most-once', 'no replica executes a client request twice (PMMC §2, a replica skips a command it already performed)', (v) =>
      atMostOnceHolds(replicas(v)),
      replicaSlots,
    ),
    always('prefix', "the replicas' executed sequences are prefixes of one another: one execution order", (v) =>
      prefixHolds(replicas(v)),
      replicaSlots,
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
  const { replicaSlots, clientsSlot } = layout;
  const replicas = (v: SystemView): ReplicaView[] => replicaSlots.map((i) => v.locals[i] as ReplicaView);
  const history = (v: SystemView): ClientHistory => layout.history(v.locals[clientsSlot]);
  const decidesFor = (v: SystemView, c: number): boolean =>
    replicas(v).some((r) => r.log.some((b) => b !== null && b.some((e) => parseRequestId(e.id).client === c)));
  const ids = Array.from({ length: clients }, (_, c) => c);
  const client = clientTemporal(clientsSlot, history, clients, commands, 'PMMC §2');
  return [
    eventually('decided', 'eventually some replica decides a slot ("Paxos Made Simple" §3: the leader gets each command chosen; not guaranteed, by FLP)', (v) =>
      replicas(v).some((r) => r.log.some((b) => b !== null)),
      { reads: replicaSlots },
    ),
    client.answered,
    ...ids.map((c) =>
      sometimes(`decides-c${c}`, `some run decides a request of client c${c} (a witness)`, (v) => decidesFor(v, c), {
        reads: replicaSlots,
        unreachable: `no state decides a request of c${c}`,
      }),
    ),
    ...client.answers,
  ];
}

/**
 * Final states of a replicated log: every client has all its requests
 * answered, or `outOfBallots` (no proposer that has not crashed may start
 * another ballot). NOTE: with ballots bounded, running out of them is an
 * acceptable end; the protocol itself would keep electing leaders.
 */
export function replicatedLogFinal(layout: ReplicatedLayout, commands: number, outOfBallots: (v: SystemView) => boolean): (v: SystemView) => boolean {
  return (v) => {
    const h = layout.history(v.locals[layout.clientsSlot]);
    return h.clients.every((ops) => ops.length === commands && ops.every((op) => op.result !== undefined)) || outOfBallots(v);
  };
}
