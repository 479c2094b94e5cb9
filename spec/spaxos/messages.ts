/**
 * S-Paxos dissemination messages — Biely, Milosevic, Santos & Schiper,
 * "S-Paxos: Offloading the Leader for High Throughput State Machine
 * Replication", SRDS 2012, §IV. Ordering reuses the Multi-Paxos messages on
 * request ids (`spec/multipaxos/messages.ts`): a client's `mp.request` goes to
 * its coordinator replica; a replica's `mp.request` with the id alone tells
 * its own proposer that the id is stable.
 */
import type { Envelope } from '../core/envelope.js';
import { describeEntry, describeMultiPaxosMessage, type Entry, type MultiPaxosMessage } from '../multipaxos/messages.js';

/** The coordinator forwards a client request (id and command) to every other replica. */
export interface ForwardMsg extends Envelope { readonly type: 'sp.forward'; readonly entry: Entry }
/** A replica that holds a request acknowledges its id to every other replica. */
export interface AckMsg extends Envelope { readonly type: 'sp.ack'; readonly id: string }

export type SPaxosMessage = MultiPaxosMessage | ForwardMsg | AckMsg;

export function describeSPaxosMessage(m: SPaxosMessage): string {
  if (m.type === 'sp.forward') return `Forward(${describeEntry(m.entry)}, ${m.from}→${m.to})`;
  if (m.type === 'sp.ack') return `Ack(${m.id}, ${m.from}→${m.to})`;
  return describeMultiPaxosMessage(m);
}
