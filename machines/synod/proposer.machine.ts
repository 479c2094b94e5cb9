/**
 * Synod proposer — "The Part-Time Parliament" §2 / "Paxos Made Simple" §2.2
 * (phases 1a and 2a), with the exact steps of `shared/benchmarks/synod.md`.
 * Receives: TIMEOUT (environment), synod.promise.  Emits: synod.prepare, synod.accept.
 * Its phase is the state value (idle, preparing, accepting); its context holds
 * `round`, `promises` and `proposal` and nothing more.
 * NOTE: no leader election and no wall-clock timer: any proposer may time out
 *   in any phase while it has rounds left; the explorer offers TIMEOUT
 *   wherever the guard allows it. Rounds are bounded by R.
 * NOTE: promises for other ballots, and every promise outside `preparing`, are
 *   ignored (the message is still consumed).
 */
import { and, assertEvent, assign, enqueueActions, setup } from 'xstate';
import type { PromiseMsg, SynodMessage, Timeout } from '../../spec/synod/messages.js';
import { ballotOf, isQuorum, safeValue } from '../../spec/synod/safe-value.js';
import { comparePromise, insertSorted, type ProposerConfig, type ProposerState } from '../../spec/synod/state.js';
import type { Outbound } from '../shared/outbox.js';

function currentBallot(s: ProposerState): number {
  return ballotOf(s.round, s.cfg.index, s.cfg.proposers);
}

function withPromise(s: ProposerState, m: PromiseMsg): ProposerState['promises'] {
  return insertSorted(s.promises, { acceptor: m.from, votedBallot: m.votedBallot, votedValue: m.votedValue }, comparePromise);
}

export const proposerMachine = setup({
  types: {
    input: {} as ProposerConfig,
    context: {} as ProposerState,
    events: {} as SynodMessage | Timeout,
    emitted: {} as Outbound<SynodMessage>,
  },
  guards: {
    /** Step 1 is enabled iff the proposer has a round left, in any phase. */
    hasRoundLeft: ({ context }) => context.round < context.cfg.rounds,
    /** A promise counts only for the current ballot. */
    isForCurrentBallot: ({ context, event }) => event.type === 'synod.promise' && event.ballot === currentBallot(context),
    /** This promise brings the set of promises to a quorum. */
    completesQuorum: ({ context, event }) =>
      event.type === 'synod.promise' && isQuorum(withPromise(context, event).length, context.cfg.quorum),
  },
  actions: {
    startRound: assign(({ context }) => ({ round: context.round + 1, promises: [], proposal: null })),
    sendPrepares: enqueueActions(({ context, enqueue }) => {
      const ballot = currentBallot(context);
      for (const to of context.cfg.acceptors) {
        enqueue.emit({ type: 'send', msg: { type: 'synod.prepare', from: context.cfg.self, to, ballot } });
      }
    }),
    recordPromise: assign(({ context, event }) => {
      assertEvent(event, 'synod.promise');
      return { promises: withPromise(context, event) };
    }),
    /** The safe value of phase 2a (the `own-value` and `lowest-vote` bugs override it: machines/synod/bugs.ts). */
    chooseProposal: assign(({ context }) => ({
      proposal: safeValue(context.promises, context.cfg.value),
    })),
    sendAccepts: enqueueActions(({ context, enqueue }) => {
      const ballot = currentBallot(context);
      const value = context.proposal;
      if (value === null) throw new Error('sendAccepts without a proposal');
      for (const to of context.cfg.acceptors) {
        enqueue.emit({ type: 'send', msg: { type: 'synod.accept', from: context.cfg.self, to, ballot, value } });
      }
    }),
  },
}).createMachine({
  id: 'synod.proposer',
  context: ({ input }) => ({ cfg: input, round: 0, promises: [], proposal: null }),
  initial: 'idle',
  on: {
    TIMEOUT: { guard: 'hasRoundLeft', target: '.preparing', reenter: true, actions: ['startRound', 'sendPrepares'] },
  },
  states: {
    idle: {},
    preparing: {
      on: {
        'synod.promise': [
          // Enabled when the promise is for the current ballot and completes a quorum: go to phase 2a.
          {
            guard: and(['isForCurrentBallot', 'completesQuorum']),
            target: 'accepting',
            actions: ['recordPromise', 'chooseProposal', 'sendAccepts'],
          },
          // Enabled when the promise is for the current ballot but no quorum yet.
          { guard: 'isForCurrentBallot', actions: 'recordPromise' },
        ],
      },
    },
    accepting: {},
  },
});
