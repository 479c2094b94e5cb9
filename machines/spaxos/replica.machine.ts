/**
 * S-Paxos replica — Biely et al., "S-Paxos", SRDS 2012, §IV: the
 * dissemination layer, plus the Multi-Paxos replica's learning and execution
 * (shared through `spec/multipaxos/log.ts`), on ids.
 * Receives: mp.request (a client's request: it becomes the request's
 * coordinator), sp.forward, sp.ack, mp.decide / mp.accepted (the ordering
 * layer's decisions).  Emits: sp.forward, sp.ack, mp.request (to its own
 * proposer: "this id is stable"), mp.reply.
 * A replica that gets a request holds it, the coordinator forwards it to every
 * other replica, and every holder acks its id to every other replica; an id
 * is stable once f+1 replicas (acks, its own included) hold it, and only then
 * does the replica hand it to its proposer. A decided id executes once its
 * request is held; the coordinator answers the client.
 * NOTE: no retransmission of forwards or acks, and no request recovery from
 *   other replicas (the paper fetches a missing request): a replica whose
 *   forward was lost stalls at that slot.
 * NOTE: no batching of dissemination messages (the paper batches requests
 *   per forward); the leader batches ids per 2a (`--batch`, cost only).
 */
import { assertEvent, enqueueActions, setup } from 'xstate';
import { insertSorted } from '../../spec/core/sorted.js';
import { executeLog, learn } from '../../spec/multipaxos/log.js';
import type { Batch, Entry } from '../../spec/multipaxos/messages.js';
import type { SPaxosMessage } from '../../spec/spaxos/messages.js';
import type { AckSet, HeldRequest, SPaxosReplicaState } from '../../spec/spaxos/state.js';
import type { Outbound } from '../shared/outbox.js';

type Send = SPaxosMessage;

function byId<T extends { readonly id: string }>(a: T, b: T): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function holds(s: SPaxosReplicaState, id: string): boolean {
  return s.requests.some((r) => r.id === id);
}

/** Records that `replica` holds `id`; when that makes f+1, the id becomes stable (its ack set is dropped). */
function countAck(s: SPaxosReplicaState, id: string, replica: string): Pick<SPaxosReplicaState, 'acks' | 'stable'> & { readonly nowStable: boolean } {
  if (s.stable.includes(id)) return { acks: s.acks, stable: s.stable, nowStable: false };
  const old = s.acks.find((a) => a.id === id);
  const replicas = insertSorted(old?.replicas ?? [], replica, (a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const rest = s.acks.filter((a) => a !== old);
  if (replicas.length < s.cfg.stableAcks) return { acks: insertSorted(rest, { id, replicas } as AckSet, byId), stable: s.stable, nowStable: false };
  return { acks: rest, stable: insertSorted(s.stable, id, (a, b) => (a < b ? -1 : a > b ? 1 : 0)), nowStable: true };
}

/** Executes what the log and the held requests allow; the replies this replica owes as coordinator. */
function execute(s: SPaxosReplicaState, log: readonly (Batch | null)[], requests: readonly HeldRequest[]): { executed: readonly string[]; replies: Send[] } {
  const { executed, results } = executeLog(log, s.executed, (e) => requests.find((r) => r.id === e.id)?.op);
  const replies: Send[] = results
    .filter((x) => requests.some((r) => r.id === x.id && r.mine))
    .map((x) => ({ type: 'mp.reply', from: s.cfg.self, to: s.cfg.clients, id: x.id, result: x.result }));
  return { executed, replies };
}

function others(s: SPaxosReplicaState): readonly string[] {
  return s.cfg.replicas.filter((r) => r !== s.cfg.self);
}

function tellProposer(s: SPaxosReplicaState, id: string): Send[] {
  return s.cfg.proposer === null ? [] : [{ type: 'mp.request', from: s.cfg.self, to: s.cfg.proposer, entry: { id } }];
}

export const spaxosReplicaMachine = setup({
  types: {
    input: {} as SPaxosReplicaState['cfg'],
    context: {} as SPaxosReplicaState,
    events: {} as SPaxosMessage,
    emitted: {} as Outbound<SPaxosMessage>,
  },
  guards: {
    /** A client request or forward of a request this replica does not hold yet. */
    isNewRequest: ({ context, event }) => (event.type === 'mp.request' || event.type === 'sp.forward') && !holds(context, event.entry.id),
    isUndecided: ({ context, event }) => (event.type === 'mp.decide' || event.type === 'mp.accepted') && context.log[event.slot] === null,
  },
  actions: {
    /** Holds the request; forwards it if coordinator; acks it to all; hands the id to the proposer once stable. */
    hold: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, ['mp.request', 'sp.forward']);
      const entry = event.entry as Entry;
      if (entry.op === undefined) throw new Error(`request ${entry.id} arrived without its command`);
      const mine = event.type === 'mp.request';
      const requests = insertSorted(context.requests, { id: entry.id, op: entry.op, mine }, byId);
      const { acks, stable, nowStable } = countAck(context, entry.id, context.cfg.self);
      const { executed, replies } = execute(context, context.log, requests);
      enqueue.assign({ requests, acks, stable, executed });
      const sends: Send[] = [];
      if (mine) for (const to of others(context)) sends.push({ type: 'sp.forward', from: context.cfg.self, to, entry });
      for (const to of others(context)) sends.push({ type: 'sp.ack', from: context.cfg.self, to, id: entry.id });
      // `order-unstable`: hand the id over as soon as this replica holds it (unless stability already did).
      const early = context.cfg.bug === 'order-unstable' && !context.stable.includes(entry.id);
      if (early || nowStable) sends.push(...tellProposer(context, entry.id));
      sends.push(...replies);
      for (const msg of sends) enqueue.emit({ type: 'send', msg });
    }),
    /** Counts an ack; at f+1 holders the id is stable and goes to the proposer. */
    ack: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'sp.ack');
      const { acks, stable, nowStable } = countAck(context, event.id, event.from);
      enqueue.assign({ acks, stable });
      const handedOver = context.cfg.bug === 'order-unstable' && holds(context, event.id);
      if (nowStable && !handedOver) for (const msg of tellProposer(context, event.id)) enqueue.emit({ type: 'send', msg });
    }),
    learn: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, ['mp.decide', 'mp.accepted']);
      const { log, tallies } = learn(context, event, context.cfg.decisionQuorum);
      const { executed, replies } = execute(context, log, context.requests);
      enqueue.assign({ log, tallies, executed });
      for (const msg of replies) enqueue.emit({ type: 'send', msg });
    }),
  },
}).createMachine({
  id: 'spaxos.replica',
  context: ({ input }) => ({
    cfg: input,
    requests: [],
    acks: [],
    stable: [],
    log: new Array<Batch | null>(input.slots).fill(null),
    tallies: [],
    executed: [],
  }),
  initial: 'serving',
  states: {
    serving: {
      on: {
        'mp.request': { guard: 'isNewRequest', actions: 'hold' },
        'sp.forward': { guard: 'isNewRequest', actions: 'hold' },
        'sp.ack': { actions: 'ack' },
        'mp.decide': { guard: 'isUndecided', actions: 'learn' },
        'mp.accepted': { guard: 'isUndecided', actions: 'learn' },
      },
    },
  },
});
