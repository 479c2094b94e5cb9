/**
 * PBFT clients — Castro & Liskov, OSDI 1999, §4.1. One node plays every
 * client, so that the real-time order of their invocations and responses is
 * known to one context (the history the explorer checks for
 * linearizability, `spec/core/history.ts`). Each client issues its K
 * register commands one at a time (`clientOp`): a REQUEST sends the next one
 * to the client's targets and records the invocation; the client accepts a
 * result once `replyQuorum` (f+1) distinct replicas replied with it, and
 * records the response.
 * Receives: REQUEST (environment, one per client), pbft.reply.  Emits: pbft.request.
 * NOTE: the paper's client sends to the primary and broadcasts only after a
 *   time-out; here it broadcasts at once (targets: every replica), which
 *   needs no client timer. The cost scenario sends to the primary alone.
 * NOTE: no retransmission: a request whose messages are lost stays pending.
 * NOTE: replies to a request that is not pending are ignored; of a replica's
 *   replies to the pending request the first counts.
 */
import { and, assertEvent, assign, enqueueActions, setup } from 'xstate';
import { complete, isPending } from '../../spec/core/history.js';
import { insertSorted } from '../../spec/core/sorted.js';
import { invokeNext, mayInvoke } from '../../spec/multipaxos/register.js';
import { parseClientId, type ClientRequest, type PbftMessage, type ReplyMsg } from '../../spec/pbft/messages.js';
import { compareVote, type ClientsConfig, type ClientsState, type ReplyVote } from '../../spec/pbft/state.js';
import type { Outbound } from '../shared/outbox.js';

/** The client whose pending request the reply answers, or null. */
function awaitingClient(s: ClientsState, m: ReplyMsg): number | null {
  const id = parseClientId(m.id);
  if (id === null) return null;
  const { client, index } = id;
  return isPending(s.history, client) && s.history.clients[client]?.length === index + 1 ? client : null;
}

/** The votes of client c with `m` counted. */
function votesWith(s: ClientsState, c: number, m: ReplyMsg): readonly ReplyVote[] {
  return insertSorted(s.replies[c] ?? [], { from: m.from, result: m.result }, compareVote);
}

export const clientsMachine = setup({
  types: {
    input: {} as ClientsConfig,
    context: {} as ClientsState,
    events: {} as PbftMessage | ClientRequest,
    emitted: {} as Outbound<PbftMessage>,
  },
  guards: {
    /** Client c may invoke when it has nothing pending and commands left. */
    canRequest: ({ context, event }) => event.type === 'REQUEST' && mayInvoke(context.history, event.client, context.cfg.commands),
    /** A reply to a client's pending request from a replica that has not replied to it yet. */
    isAwaited: ({ context, event }) => {
      if (event.type !== 'pbft.reply') return false;
      const c = awaitingClient(context, event);
      return c !== null && !(context.replies[c] ?? []).some((v) => v.from === event.from);
    },
    /** With this reply, `replyQuorum` distinct replicas gave the same result. */
    completesQuorum: ({ context, event }) => {
      if (event.type !== 'pbft.reply') return false;
      const c = awaitingClient(context, event);
      return c !== null && votesWith(context, c, event).filter((v) => v.result === event.result).length >= context.cfg.replyQuorum;
    },
  },
  actions: {
    /** Records the invocation of client c's next command and sends it to the client's targets. */
    request: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'REQUEST');
      const { history, request } = invokeNext(context.history, event.client, context.cfg.commands);
      enqueue.assign({ history });
      for (const to of context.cfg.targets[event.client] ?? []) {
        enqueue.emit({ type: 'send', msg: { type: 'pbft.request', from: context.cfg.self, to, request } });
      }
    }),
    countReply: assign(({ context, event }) => {
      assertEvent(event, 'pbft.reply');
      const c = awaitingClient(context, event) as number;
      return { replies: context.replies.map((votes, i) => (i === c ? votesWith(context, c, event) : votes)) };
    }),
    acceptResult: assign(({ context, event }) => {
      assertEvent(event, 'pbft.reply');
      const c = awaitingClient(context, event) as number;
      return { history: complete(context.history, c, event.result), replies: context.replies.map((votes, i) => (i === c ? [] : votes)) };
    }),
  },
}).createMachine({
  id: 'pbft.clients',
  context: ({ input }) => ({ cfg: input, history: { clients: input.targets.map(() => []) }, replies: input.targets.map(() => []) }),
  initial: 'running',
  states: {
    running: {
      on: {
        REQUEST: { guard: 'canRequest', actions: 'request' },
        'pbft.reply': [
          { guard: and(['isAwaited', 'completesQuorum']), actions: 'acceptResult' },
          { guard: 'isAwaited', actions: 'countReply' },
        ],
      },
    },
  },
});
