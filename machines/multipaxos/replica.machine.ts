/**
 * Multi-Paxos replica (learner + state machine) — "Paxos Made Simple" §3
 * (learning per slot) and PMMC's replica (`perform`): decided batches are
 * executed in slot order, each request id once, and the result goes back to
 * the client.
 * Receives: mp.decide (2b-to-leader variant), mp.accepted (2b-to-all
 * variant).  Emits: mp.reply.
 * NOTE: a request executed again under another slot is skipped without a
 *   second reply; clients take the first reply of each request.
 * NOTE: tallies of decided slots are dropped; no log truncation otherwise.
 */
import { assertEvent, enqueueActions, setup } from 'xstate';
import { executeLog, learn } from '../../spec/multipaxos/log.js';
import type { Batch, MultiPaxosMessage } from '../../spec/multipaxos/messages.js';
import type { ReplicaConfig, ReplicaState } from '../../spec/multipaxos/state.js';
import type { Outbound } from '../shared/outbox.js';

export const replicaMachine = setup({
  types: {
    input: {} as ReplicaConfig,
    context: {} as ReplicaState,
    events: {} as MultiPaxosMessage,
    emitted: {} as Outbound<MultiPaxosMessage>,
  },
  guards: {
    /** A decision or vote for a slot this replica has not decided yet. */
    isUndecided: ({ context, event }) =>
      (event.type === 'mp.decide' || event.type === 'mp.accepted') && context.log[event.slot] === null,
  },
  actions: {
    /** Learns (a decision, or a 2b towards one), executes what the log now allows, and answers the clients. */
    learn: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, ['mp.decide', 'mp.accepted']);
      const { log, tallies } = learn(context, event, context.cfg.decisionQuorum);
      const { executed, results } = executeLog(log, context.executed, (e) => e.op);
      enqueue.assign({ log, tallies, executed });
      if (!context.cfg.replies) return;
      for (const { id, result } of results) {
        enqueue.emit({ type: 'send', msg: { type: 'mp.reply', from: context.cfg.self, to: context.cfg.clients, id, result } });
      }
    }),
  },
}).createMachine({
  id: 'multipaxos.replica',
  context: ({ input }) => ({ cfg: input, log: new Array<Batch | null>(input.slots).fill(null), tallies: [], executed: [] }),
  initial: 'serving',
  states: {
    serving: {
      on: {
        'mp.decide': { guard: 'isUndecided', actions: 'learn' },
        'mp.accepted': { guard: 'isUndecided', actions: 'learn' },
      },
    },
  },
});
