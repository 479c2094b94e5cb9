/**
 * The clients — one node plays every client, so that the real-time order of
 * their invocations and responses is known to one context (the history that
 * the explorer checks for linearizability, `spec/core/history.ts`).
 * Each client issues its K commands one at a time (`clientOp`): a REQUEST
 * sends the next command to the client's targets and records the invocation;
 * the first reply to it records the response.
 * Receives: REQUEST (environment, one per client), mp.reply.  Emits: mp.request.
 * Used by Multi-Paxos (targets: the proposers) and S-Paxos (target: the
 * client's coordinator replica).
 * NOTE: no retransmission: a request whose messages are lost stays pending.
 * NOTE: replies to a request that is no longer pending are ignored.
 */
import { assertEvent, enqueueActions, setup } from 'xstate';
import { complete, isPending } from '../../spec/core/history.js';
import { parseRequestId, type ClientRequest, type MultiPaxosMessage } from '../../spec/multipaxos/messages.js';
import { invokeNext, mayInvoke } from '../../spec/multipaxos/register.js';
import type { ClientsConfig, ClientsState } from '../../spec/multipaxos/state.js';
import type { Outbound } from '../shared/outbox.js';

export const clientsMachine = setup({
  types: {
    input: {} as ClientsConfig,
    context: {} as ClientsState,
    events: {} as MultiPaxosMessage | ClientRequest,
    emitted: {} as Outbound<MultiPaxosMessage>,
  },
  guards: {
    /** Client c may invoke when it has nothing pending and commands left. */
    canRequest: ({ context, event }) => event.type === 'REQUEST' && mayInvoke(context.history, event.client, context.cfg.commands),
    /** The reply answers the client's pending request. */
    isAwaited: ({ context, event }) => {
      if (event.type !== 'mp.reply') return false;
      const { client, index } = parseRequestId(event.id);
      return isPending(context.history, client) && context.history.clients[client]?.length === index + 1;
    },
  },
  actions: {
    request: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'REQUEST');
      const { history, request } = invokeNext(context.history, event.client, context.cfg.commands);
      enqueue.assign({ history });
      for (const to of context.cfg.targets[event.client] ?? []) {
        enqueue.emit({ type: 'send', msg: { type: 'mp.request', from: context.cfg.self, to, entry: request } });
      }
    }),
    respond: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'mp.reply');
      enqueue.assign({ history: complete(context.history, parseRequestId(event.id).client, event.result) });
    }),
  },
}).createMachine({
  id: 'multipaxos.clients',
  context: ({ input }) => ({ cfg: input, history: input.initialHistory ?? { clients: input.targets.map(() => []) } }),
  initial: 'running',
  states: {
    running: {
      on: {
        REQUEST: { guard: 'canRequest', actions: 'request' },
        'mp.reply': { guard: 'isAwaited', actions: 'respond' },
      },
    },
  },
});
