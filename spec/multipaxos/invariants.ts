/**
 * Multi-Paxos safety properties ("Paxos Made Simple" §2.1 per slot, and the
 * replicated state machine's guarantees of PMMC §2), over the replicas' logs
 * and the clients' history. S-Paxos checks the same ones on ids.
 * Linearizability of the clients' history is added by the explorer from
 * `SystemSpec.history` (see `spec/core/history.ts`).
 * Crashed replicas still count: what they decided or executed stays so.
 */
import type { ClientHistory } from '../core/history.js';
import { always, type Property, type SystemView } from '../core/property.js';
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
