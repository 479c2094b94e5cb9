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
import { checkNamed } from '../shared/guards.js';
import type { Outbound } from '../shared/outbox.js';

type Send = SPaxosMessage;

function byId<T extends { readonly id: string }>(a: T, b: T): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function holds(s: SPaxosReplicaState, id: string): boolean {
  return s.requests.some((r) => r.id === id);
}

/** Records that `replica` holds `id`; when that makes f+1, the id becomes stable (its ack set is dropped). */
function countAck(s: SPaxosReplicaState, id: string, replica: string): Pick<SPaxosReplicaState, 'acks' | 'stable'> {
  if (s.stable.includes(id)) return { acks: s.acks, stable: s.stable };
  const old = s.acks.find((a) => a.id === id);
  const replicas = insertSorted(old?.replicas ?? [], replica, (a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const rest = s.acks.filter((a) => a !== old);
  if (replicas.length < s.cfg.stableAcks) return { acks: insertSorted(rest, { id, replicas } as AckSet, byId), stable: s.stable };
  return { acks: rest, stable: insertSorted(s.stable, id, (a, b) => (a < b ? -1 : a > b ? 1 : 0)) };
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

/** Whether the proposer of a replica holding `s` may order `id`; a replica hands an id over on the step that makes it orderable. */
export type OrderRule = (s: Pick<SPaxosReplicaState, 'requests' | 'stable'>, id: string) => boolean;

/** The correct rule (§IV): an id is orderable once it is stable, f+1 replicas holding it. */
export const orderStable: OrderRule = (s, id) => s.stable.includes(id);

/** The rule of the machine's `isOrderable` guard, as `check` evaluates it. */
function orderableBy(check: (guard: never) => boolean): OrderRule {
  return (state, id) => checkNamed(check, { type: 'isOrderable', params: { state, id } });
}

/** The context update and the messages of one step. */
interface ReplicaStep {
  readonly update: Partial<SPaxosReplicaState>;
  readonly sends: readonly Send[];
}

/** Holds a request (`mine` when from the client); forwards it if coordinator; acks it to all; hands the id over once orderable. */
function holdRequest(s: SPaxosReplicaState, entry: Entry, mine: boolean, orderable: OrderRule): ReplicaStep {
  if (entry.op === undefined) throw new Error(`request ${entry.id} arrived without its command`);
  const requests = insertSorted(s.requests, { id: entry.id, op: entry.op, mine }, byId);
  const { acks, stable } = countAck(s, entry.id, s.cfg.self);
  const { executed, replies } = execute(s, s.log, requests);
  const sends: Send[] = [];
  if (mine) for (const to of others(s)) sends.push({ type: 'sp.forward', from: s.cfg.self, to, entry });
  for (const to of others(s)) sends.push({ type: 'sp.ack', from: s.cfg.self, to, id: entry.id });
  if (!orderable(s, entry.id) && orderable({ requests, stable }, entry.id)) sends.push(...tellProposer(s, entry.id));
  sends.push(...replies);
  return { update: { requests, acks, stable, executed }, sends };
}

/** Counts `from`'s ack of `id`; at f+1 holders the id is stable, and goes to the proposer if that makes it orderable. */
function countAckOf(s: SPaxosReplicaState, id: string, from: string, orderable: OrderRule): ReplicaStep {
  const { acks, stable } = countAck(s, id, from);
  const handOver = !orderable(s, id) && orderable({ requests: s.requests, stable }, id);
  return { update: { acks, stable }, sends: handOver ? tellProposer(s, id) : [] };
}

export const spaxosReplicaMachine = setup({
  types: {
    input: {} as SPaxosReplicaState['cfg'],
    context: {} as SPaxosReplicaState,
    events: {} as SPaxosMessage,
    emitted: {} as Outbound<SPaxosMessage>,
  },
  guards: {
    /** `orderStable` (the `order-unstable` bug overrides it: machines/spaxos/bugs.ts). */
    isOrderable: (_, { state, id }: { readonly state: Pick<SPaxosReplicaState, 'requests' | 'stable'>; readonly id: string }) => orderStable(state, id),
    /** A client request or forward of a request this replica does not hold yet. */
    isNewRequest: ({ context, event }) => (event.type === 'mp.request' || event.type === 'sp.forward') && !holds(context, event.entry.id),
    isUndecided: ({ context, event }) => (event.type === 'mp.decide' || event.type === 'mp.accepted') && context.log[event.slot] === null,
  },
  actions: {
    /** Holds the request (`holdRequest`, with the rule of `isOrderable`). */
    hold: enqueueActions(({ context, event, enqueue, check }) => {
      assertEvent(event, ['mp.request', 'sp.forward']);
      const { update, sends } = holdRequest(context, event.entry, event.type === 'mp.request', orderableBy(check));
      enqueue.assign(update);
      for (const msg of sends) enqueue.emit({ type: 'send', msg });
    }),
    /** Counts an ack (`countAckOf`, with the rule of `isOrderable`). */
    ack: enqueueActions(({ context, event, enqueue, check }) => {
      assertEvent(event, 'sp.ack');
      const { update, sends } = countAckOf(context, event.id, event.from, orderableBy(check));
      enqueue.assign(update);
      for (const msg of sends) enqueue.emit({ type: 'send', msg });
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
