/**
 * Multi-Paxos messages — Lamport, "Paxos Made Simple" §3 and van Renesse &
 * Altinbuken, "Paxos Made Moderately Complex" (PMMC): phase 1 once for all
 * slots, then phase 2 per slot. S-Paxos reuses them for ordering request ids.
 *
 * A slot's value is a batch: the requests the leader orders in that slot, in
 * execution order. The empty batch is the no-op that fills a gap.
 */
import type { Envelope } from '../core/envelope.js';
import type { RegisterOp, RegisterResult } from './register.js';

/** A ballot: round * P + proposer index. p0's ballot 0 is the initial leader's. */
export type Ballot = number;
/** A slot index, 0..S-1. */
export type Slot = number;

/**
 * A client request as it is ordered: its id `c<client>.<index>` and, in
 * Multi-Paxos, the command. S-Paxos orders ids alone (`op` absent).
 */
export interface Entry {
  readonly id: string;
  readonly op?: RegisterOp;
}

/** The value of a slot: the entries ordered there; `[]` is a no-op. */
export type Batch = readonly Entry[];

/** What an acceptor reports in a promise: its latest vote in one slot. */
export interface SlotVote {
  readonly slot: Slot;
  readonly ballot: Ballot;
  readonly batch: Batch;
}

/** A client's request (to a proposer in Multi-Paxos, to its coordinator replica in S-Paxos); in S-Paxos also a replica telling its proposer that an id is stable. */
export interface RequestMsg extends Envelope { readonly type: 'mp.request'; readonly entry: Entry }
/** Phase 1a. */
export interface PrepareMsg extends Envelope { readonly type: 'mp.prepare'; readonly ballot: Ballot }
/** Phase 1b: the acceptor's votes in every slot. */
export interface PromiseMsg extends Envelope { readonly type: 'mp.promise'; readonly ballot: Ballot; readonly votes: readonly SlotVote[] }
/** Phase 2a. */
export interface AcceptMsg extends Envelope { readonly type: 'mp.accept'; readonly ballot: Ballot; readonly slot: Slot; readonly batch: Batch }
/** Phase 2b, to the leader or to every replica (the variant). */
export interface AcceptedMsg extends Envelope { readonly type: 'mp.accepted'; readonly ballot: Ballot; readonly slot: Slot; readonly batch: Batch }
/** The leader tells the replicas a slot is decided (2b-to-leader variant). */
export interface DecideMsg extends Envelope { readonly type: 'mp.decide'; readonly slot: Slot; readonly batch: Batch }
/** A replica answers a client. */
export interface ReplyMsg extends Envelope { readonly type: 'mp.reply'; readonly id: string; readonly result: RegisterResult }

export type MultiPaxosMessage = RequestMsg | PrepareMsg | PromiseMsg | AcceptMsg | AcceptedMsg | DecideMsg | ReplyMsg;

/** Environment events: a proposer's timer fires; client `client` issues its next command. */
export interface Timeout { readonly type: 'TIMEOUT' }
export interface ClientRequest { readonly type: 'REQUEST'; readonly client: number }

/** The request id of client c's j-th command. */
export function requestId(client: number, index: number): string {
  return `c${client}.${index}`;
}

/** The client and index of a request id. */
export function parseRequestId(id: string): { readonly client: number; readonly index: number } {
  const m = /^c(\d+)\.(\d+)$/.exec(id);
  if (m === null) throw new RangeError(`not a request id: ${id}`);
  return { client: Number(m[1]), index: Number(m[2]) };
}

export function describeOp(op: RegisterOp): string {
  return op.kind === 'write' ? `write(${op.value})` : 'read()';
}

export function describeEntry(e: Entry): string {
  return e.op === undefined ? e.id : `${e.id}:${describeOp(e.op)}`;
}

export function describeBatch(b: Batch): string {
  return b.length === 0 ? 'no-op' : b.map(describeEntry).join('+');
}

/** Names a Multi-Paxos message in traces, e.g. `Accept(b=2, slot 0: c0.0:write(a))`. */
export function describeMultiPaxosMessage(m: MultiPaxosMessage): string {
  const route = `${m.from}→${m.to}`;
  switch (m.type) {
    case 'mp.request':
      return `Request(${describeEntry(m.entry)}, ${route})`;
    case 'mp.prepare':
      return `Prepare(b=${m.ballot}, ${route})`;
    case 'mp.promise': {
      const votes = m.votes.map((v) => `${v.slot}:${describeBatch(v.batch)}@${v.ballot}`).join(' ');
      return `Promise(b=${m.ballot}, ${route}, ${votes === '' ? 'no votes' : `votes ${votes}`})`;
    }
    case 'mp.accept':
      return `Accept(b=${m.ballot}, slot ${m.slot}: ${describeBatch(m.batch)}, ${route})`;
    case 'mp.accepted':
      return `Accepted(b=${m.ballot}, slot ${m.slot}: ${describeBatch(m.batch)}, ${route})`;
    case 'mp.decide':
      return `Decide(slot ${m.slot}: ${describeBatch(m.batch)}, ${route})`;
    case 'mp.reply':
      return `Reply(${m.id} → ${m.result ?? 'none'}, ${route})`;
  }
}
