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
import { insertSorted } from '../../spec/core/sorted.js';
import { executeLog } from '../../spec/multipaxos/log.js';
import type { Batch, MultiPaxosMessage } from '../../spec/multipaxos/messages.js';
import { sameBatch, type ReplicaState, type ReplicaConfig, type Tally } from '../../spec/multipaxos/state.js';
import type { Outbound } from '../shared/outbox.js';

function compareTally(a: Tally, b: Tally): number {
  return a.slot - b.slot || a.ballot - b.ballot;
}

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
    /** Learns a decision, executes what the log now allows, and answers the clients. */
    decide: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, ['mp.decide', 'mp.accepted']);
      let tallies = context.tallies;
      let decided: Batch | null = event.batch;
      if (event.type === 'mp.accepted') {
        // 2b-to-all: count the vote for (slot, ballot); decide at the quorum.
        const old = tallies.find((t) => t.slot === event.slot && t.ballot === event.ballot);
        const acceptors = insertSorted(old?.acceptors ?? [], event.from, (a, b) => (a < b ? -1 : a > b ? 1 : 0));
        if (old !== undefined && !sameBatch(old.batch, event.batch)) throw new Error(`two batches for slot ${event.slot} in ballot ${event.ballot}`);
        const tally: Tally = { slot: event.slot, ballot: event.ballot, batch: event.batch, acceptors };
        tallies = insertSorted(tallies.filter((t) => t !== old), tally, compareTally);
        if (acceptors.length < context.cfg.decisionQuorum) decided = null;
        else tallies = tallies.filter((t) => t.slot !== event.slot);
      }
      if (decided === null) {
        enqueue.assign({ tallies });
        return;
      }
      const log = context.log.map((b, i) => (i === event.slot ? decided : b));
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
        'mp.decide': { guard: 'isUndecided', actions: 'decide' },
        'mp.accepted': { guard: 'isUndecided', actions: 'decide' },
      },
    },
  },
});
