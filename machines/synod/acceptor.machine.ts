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
import type { Prepare, PromiseMsg, SynodMessage } from '../../spec/synod/messages.js';
import type { AcceptorConfig, AcceptorState } from '../../spec/synod/state.js';
import type { Outbound } from '../shared/outbox.js';

/** The promise `s` sends for `prepare`, reporting `vote` as its last vote. */
export function promiseReply(s: AcceptorState, prepare: Prepare, vote: Pick<AcceptorState, 'votedBallot' | 'votedValue'>): PromiseMsg {
  return {
    type: 'synod.promise',
    from: s.cfg.self,
    to: prepare.from,
    ballot: prepare.ballot,
    votedBallot: vote.votedBallot,
    votedValue: vote.votedValue,
  };
}

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
    /** Raises `promised` to the prepared ballot (the `forgetful-acceptor` bug overrides it: machines/synod/bugs.ts). */
    recordPromise: assign(({ event }) => {
      assertEvent(event, 'synod.prepare');
      return { promised: event.ballot };
    }),
    /**
     * Runs before `recordPromise`: `promised` is still the ballot promised before this one.
     * Reports the last vote (the `superseded-vote` bug overrides it: machines/synod/bugs.ts).
     */
    replyPromise: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'synod.prepare');
      enqueue.emit({ type: 'send', msg: promiseReply(context, event, context) });
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
