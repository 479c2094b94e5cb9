/**
 * S-Paxos properties beyond those it shares with Multi-Paxos
 * (`replicatedLogProperties`, on ids): durability (SRDS 2012 §IV: the
 * leader orders only ids whose request f+1 replicas hold, so f crashes
 * cannot lose a committed request), and the loss itself, stated as a state
 * predicate.
 */
import { always, type Property, type SystemView } from '../core/property.js';
import type { Envelope } from '../core/envelope.js';
import { nodeName } from '../multipaxos/invariants.js';
import type { Entry } from '../multipaxos/messages.js';
import type { ProposerState } from '../multipaxos/state.js';
import type { SPaxosReplicaState } from './state.js';

/** How many of `replicas` hold request `id`. */
export function holders(replicas: readonly SPaxosReplicaState[], id: string): number {
  return replicas.filter((r) => r.requests.some((q) => q.id === id)).length;
}

/** Ids a proposer has ordered in its current ballot, and ids some replica has decided. */
export function orderedIds(proposers: readonly ProposerState[], replicas: readonly SPaxosReplicaState[]): Set<string> {
  const ids = new Set<string>();
  for (const p of proposers) for (const b of p.proposals) for (const e of b ?? []) ids.add(e.id);
  for (const r of replicas) for (const b of r.log) for (const e of b ?? []) ids.add(e.id);
  return ids;
}

/** Durability: every ordered id's request is held by at least `f+1` replicas (crashed ones included). */
export function durabilityHolds(proposers: readonly ProposerState[], replicas: readonly SPaxosReplicaState[], stableAcks: number): boolean {
  for (const id of orderedIds(proposers, replicas)) if (holders(replicas, id) < stableAcks) return false;
  return true;
}

/**
 * No committed request is lost: for every id some replica decided, a replica
 * that is up holds the request, or a message carrying it (a client request or
 * a forward) is in flight to one that is up.
 */
export function noLostRequestHolds(
  replicas: readonly SPaxosReplicaState[],
  replicaCrashed: readonly boolean[],
  inFlight: () => readonly Envelope[],
): boolean {
  return lostRequests(replicas, replicaCrashed, inFlight).length === 0;
}

/** The committed ids no replica that is up holds and no message in flight carries to one (`noLostRequestHolds`). */
export function lostRequests(
  replicas: readonly SPaxosReplicaState[],
  replicaCrashed: readonly boolean[],
  inFlight: () => readonly Envelope[],
): string[] {
  const committed = new Set<string>();
  for (const r of replicas) for (const b of r.log) for (const e of b ?? []) committed.add(e.id);
  // Most states: every committed request is held by a live replica; the messages are read only otherwise.
  const unheld = [...committed].filter((id) => !replicas.some((r, i) => !replicaCrashed[i] && r.requests.some((q) => q.id === id)));
  if (unheld.length === 0) return [];
  const live = new Set(replicas.flatMap((r, i) => (replicaCrashed[i] ? [] : [r.cfg.self])));
  const carried = new Set<string>();
  for (const m of inFlight()) {
    const entry = (m as { entry?: Entry }).entry;
    if (entry?.op !== undefined && live.has(m.to)) carried.add(entry.id);
  }
  return unheld.filter((id) => !carried.has(id));
}

/** Who holds request `id`, e.g. `r0 (crashed)`, or `no replica`. */
function holdersText(replicaSlots: readonly number[], replicas: readonly SPaxosReplicaState[], crashed: readonly boolean[], id: string, nodes: readonly string[]): string {
  const who = replicas.flatMap((r, k) => (r.requests.some((q) => q.id === id) ? [`${nodeName(nodes, replicaSlots, k)}${crashed[k] === true ? ' (crashed)' : ''}`] : []));
  return who.length > 0 ? who.join(', ') : 'no replica';
}

export function spaxosProperties(proposerSlots: readonly number[], replicaSlots: readonly number[], stableAcks: number): Property<SystemView>[] {
  const replicas = (v: SystemView) => replicaSlots.map((i) => v.locals[i] as SPaxosReplicaState);
  return [
    always(
      'durability',
      `every ordered or committed id's request is held by at least f+1 = ${stableAcks} replicas, so f crashes cannot lose it (S-Paxos §IV)`,
      (v) => durabilityHolds(proposerSlots.map((i) => v.locals[i] as ProposerState), replicas(v), stableAcks),
      [...proposerSlots, ...replicaSlots],
      (v, nodes) => {
        const rs = replicas(v);
        const id = [...orderedIds(proposerSlots.map((i) => v.locals[i] as ProposerState), rs)].find((x) => holders(rs, x) < stableAcks);
        if (id === undefined) return 'every ordered id is held by enough replicas';
        const crashed = replicaSlots.map((i) => v.crashed[i] === true);
        return `${id} is ordered but held by ${holders(rs, id)} replica(s) (${holdersText(replicaSlots, rs, crashed, id, nodes)}), fewer than f+1 = ${stableAcks}`;
      },
    ),
    always(
      'no-lost-request',
      'every committed request is still held by a replica that is up, or on its way to one',
      (v) => noLostRequestHolds(replicas(v), replicaSlots.map((i) => v.crashed[i] === true), () => v.messages()),
      undefined,
      (v, nodes) => {
        const rs = replicas(v);
        const crashed = replicaSlots.map((i) => v.crashed[i] === true);
        const lost = lostRequests(rs, crashed, () => v.messages());
        const id = lost[0];
        if (id === undefined) return 'no committed request is lost';
        const deciders = rs.flatMap((r, k) => (r.log.some((b) => (b ?? []).some((e) => e.id === id)) ? [nodeName(nodes, replicaSlots, k)] : []));
        return `${id} is committed (by ${deciders.join(', ')}) but held by ${holdersText(replicaSlots, rs, crashed, id, nodes)}, and no message carries it to a replica that is up: lost`;
      },
    ),
  ];
}
