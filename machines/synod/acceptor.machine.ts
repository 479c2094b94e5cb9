/**
 * Synod acceptor — "Paxos Made Simple" §2.2 (phases 1b and 2b), with the
 * exact steps of `shared/benchmarks/synod.md`.
 * Receives: synod.prepare, synod.accept.  Emits: synod.promise, synod.accepted.
 * Safety duty: never vote in a ballot below `promised`.
 * NOTE: stable storage is a declaration, not a machine step: under crash-recovery
 *   (`--recoveries`) the explorer restarts the machine with `promised`, `votedBallot`
 *   and `votedValue` kept (spec/synod/state.ts, SYNOD_ACCEPTOR_STABLE).
 * NOTE: a prepare or accept it rejects is dropped silently (no NACK), as in the paper.
 */
import { assertEvent, assign, enqueueActions, setup } from 'xstate';
import type { SynodMessage } from '../../spec/synod/messages.js';
import type { AcceptorConfig, AcceptorState } from '../../spec/synod/state.js';
import type { Outbound } from '../shared/outbox.js';

export const acceptorMachine = setup({
  types: {
    input: {} as AcceptorConfig,
    context: {} as AcceptorState,
    events: {} as SynodMessage,
    emitted: {} as Outbound<SynodMessage>,
  },
  guards: {
    /** Phase 1b is enabled only for a strictly higher ballot than promised. */
    isNewerBallot: ({ context, event }) => event.type === 'synod.prepare' && event.ballot > context.promised,
    /** Phase 2b is enabled unless a higher ballot was promised. */
    isNotSuperseded: ({ context, event }) => event.type === 'synod.accept' && event.ballot >= context.promised,
  },
  actions: {
    recordPromise: assign(({ context, event }) => {
      assertEvent(event, 'synod.prepare');
      // The `forgetful-acceptor` bug: answer, but do not raise `promised`.
      return { promised: context.cfg.bug === 'forgetful-acceptor' ? context.promised : event.ballot };
    }),
    /** Runs before `recordPromise`: `promised` is still the ballot promised before this one. */
    replyPromise: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'synod.prepare');
      // The `superseded-vote` bug: a vote followed by a higher promise is no longer reported.
      const hidden = context.cfg.bug === 'superseded-vote' && context.votedBallot < context.promised;
      enqueue.emit({
        type: 'send',
        msg: {
          type: 'synod.promise',
          from: context.cfg.self,
          to: event.from,
          ballot: event.ballot,
          votedBallot: hidden ? 0 : context.votedBallot,
          votedValue: hidden ? null : context.votedValue,
        },
      });
    }),
    recordVote: assign(({ event }) => {
      assertEvent(event, 'synod.accept');
      return { promised: event.ballot, votedBallot: event.ballot, votedValue: event.value };
    }),
    replyAccepted: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'synod.accept');
      for (const to of context.cfg.learners) {
        enqueue.emit({
          type: 'send',
          msg: { type: 'synod.accepted', from: context.cfg.self, to, ballot: event.ballot, value: event.value },
        });
      }
    }),
  },
}).createMachine({
  id: 'synod.acceptor',
  context: ({ input }) => ({ cfg: input, promised: 0, votedBallot: 0, votedValue: null }),
  initial: 'serving',
  states: {
    serving: {
      on: {
        'synod.prepare': { guard: 'isNewerBallot', actions: ['replyPromise', 'recordPromise'] },
        'synod.accept': { guard: 'isNotSuperseded', actions: ['recordVote', 'replyAccepted'] },
      },
    },
  },
});
