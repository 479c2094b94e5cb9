/**
 * Multi-Paxos acceptor — "Paxos Made Simple" §3 (phase 1 for all slots at
 * once, phase 2 per slot); PMMC's acceptor. S-Paxos uses it unchanged.
 * Receives: mp.prepare, mp.accept.  Emits: mp.promise, mp.accepted.
 * Safety duty: never vote in a ballot below `promised`; a promise reports the
 * latest vote in every slot.
 * NOTE: no stable storage is modelled; crash-stop is an explorer fault.
 * NOTE: a rejected prepare or accept is dropped silently (no NACK).
 * NOTE: votes are kept for every slot forever (no log truncation).
 */
import { assertEvent, assign, enqueueActions, setup } from 'xstate';
import type { MultiPaxosMessage } from '../../spec/multipaxos/messages.js';
import type { AcceptorConfig, AcceptorState } from '../../spec/multipaxos/state.js';
import type { Outbound } from '../shared/outbox.js';

export const acceptorMachine = setup({
  types: {
    input: {} as AcceptorConfig,
    context: {} as AcceptorState,
    events: {} as MultiPaxosMessage,
    emitted: {} as Outbound<MultiPaxosMessage>,
  },
  guards: {
    /** Phase 1b only for a strictly higher ballot than promised. */
    isNewerBallot: ({ context, event }) => event.type === 'mp.prepare' && event.ballot > context.promised,
    /** Phase 2b unless a higher ballot was promised. */
    isNotSuperseded: ({ context, event }) => event.type === 'mp.accept' && event.ballot >= context.promised,
  },
  actions: {
    promise: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'mp.prepare');
      enqueue.assign({ promised: event.ballot });
      enqueue.emit({
        type: 'send',
        msg: { type: 'mp.promise', from: context.cfg.self, to: event.from, ballot: event.ballot, votes: context.votes },
      });
    }),
    vote: assign(({ context, event }) => {
      assertEvent(event, 'mp.accept');
      const vote = { slot: event.slot, ballot: event.ballot, batch: event.batch };
      return { promised: event.ballot, votes: [...context.votes.filter((v) => v.slot !== event.slot), vote].sort((a, b) => a.slot - b.slot) };
    }),
    announce: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'mp.accept');
      const to = context.cfg.variant === 'leader' ? [event.from] : context.cfg.replicas;
      for (const r of to) {
        enqueue.emit({
          type: 'send',
          msg: { type: 'mp.accepted', from: context.cfg.self, to: r, ballot: event.ballot, slot: event.slot, batch: event.batch },
        });
      }
    }),
  },
}).createMachine({
  id: 'multipaxos.acceptor',
  context: ({ input }) => ({ cfg: input, promised: -1, votes: [] }),
  initial: 'serving',
  states: {
    serving: {
      on: {
        'mp.prepare': { guard: 'isNewerBallot', actions: 'promise' },
        'mp.accept': { guard: 'isNotSuperseded', actions: ['vote', 'announce'] },
      },
    },
  },
});
