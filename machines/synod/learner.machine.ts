/**
 * Synod learner — "Paxos Made Simple" §2.3 (learning a chosen value), with
 * the exact steps of `shared/benchmarks/synod.md`.
 * Receives: synod.accepted.  Emits: nothing.
 * A value is decided once a quorum of acceptors voted for it in one ballot.
 * NOTE: the learner keeps every vote it heard (a set), as the benchmark does;
 *   a real learner would keep only votes of ballots not yet decided.
 */
import { assertEvent, assign, setup } from 'xstate';
import type { SynodMessage } from '../../spec/synod/messages.js';
import { isQuorum } from '../../spec/synod/safe-value.js';
import { compareValue, compareVote, insertSorted, type LearnerConfig, type LearnerState } from '../../spec/synod/state.js';
import type { Outbound } from '../shared/outbox.js';

export const learnerMachine = setup({
  types: {
    input: {} as LearnerConfig,
    context: {} as LearnerState,
    events: {} as SynodMessage,
    emitted: {} as Outbound<SynodMessage>,
  },
  actions: {
    recordVote: assign(({ context, event }) => {
      assertEvent(event, 'synod.accepted');
      const votes = insertSorted(context.votes, { ballot: event.ballot, value: event.value, acceptor: event.from }, compareVote);
      const voters = votes.filter((v) => v.ballot === event.ballot && v.value === event.value).length;
      const decided = isQuorum(voters, context.cfg.quorum) ? insertSorted(context.decided, event.value, compareValue) : context.decided;
      return { votes, decided };
    }),
  },
}).createMachine({
  id: 'synod.learner',
  context: ({ input }) => ({ cfg: input, votes: [], decided: [] }),
  initial: 'learning',
  states: {
    learning: {
      on: {
        // Always enabled: record the vote; decide when (ballot, value) has a quorum of voters.
        'synod.accepted': { actions: 'recordVote' },
      },
    },
  },
});
