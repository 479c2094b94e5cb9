/**
 * Multi-Paxos proposer/leader — "Paxos Made Simple" §3; PMMC's leader (its
 * scout is phase 1, its commanders phase 2). S-Paxos uses it unchanged to
 * order request ids.
 * Receives: TIMEOUT (environment), mp.request, mp.promise, mp.accepted
 * (2b-to-leader variant).  Emits: mp.prepare, mp.accept, mp.decide.
 * Its phase is the state value: idle, preparing, leading.
 * A new leader runs phase 1 once for all slots; in each slot it re-proposes
 * the batch of the highest vote reported, fills gaps below the highest voted
 * slot with no-ops, and only then assigns its own requests to free slots.
 * NOTE: p0 starts as the leader of ballot 0 without phase 1: no acceptor can
 *   have voted before the lowest ballot, so its promises would be empty.
 * NOTE: no leader election and no wall-clock timer: any proposer with rounds
 *   left may time out in any phase and start a higher ballot. R bounds the
 *   ballots a proposer may lead, p0's ballot 0 included.
 * NOTE: a superseded leader is not told (no NACK); it stays leading in its
 *   old ballot, whose accepts the acceptors reject.
 * NOTE: requests are never retransmitted; a request left when the S slots are
 *   full is never ordered.
 */
import { and, assertEvent, assign, enqueueActions, setup } from 'xstate';
import { insertSorted } from '../../spec/core/sorted.js';
import { assignRequests, ballotOf, recoverProposals } from '../../spec/multipaxos/log.js';
import type { AcceptMsg, Batch, MultiPaxosMessage, Timeout } from '../../spec/multipaxos/messages.js';
import { compareEntry, comparePromise, type ProposerConfig, type ProposerState } from '../../spec/multipaxos/state.js';
import type { Outbound } from '../shared/outbox.js';

function ballot(s: ProposerState): number {
  return ballotOf(s);
}

function emptySlots<T>(s: ProposerState, fill: T): T[] {
  return new Array<T>(s.cfg.slots).fill(fill);
}

/** Phase 2a for `slots` of `proposals`, to every acceptor. */
function accepts(s: ProposerState, proposals: readonly (Batch | null)[], slots: readonly number[]): AcceptMsg[] {
  const out: AcceptMsg[] = [];
  for (const slot of slots) {
    const batch = proposals[slot];
    if (batch === null || batch === undefined) continue;
    for (const to of s.cfg.acceptors) out.push({ type: 'mp.accept', from: s.cfg.self, to, ballot: ballot(s), slot, batch });
  }
  return out;
}

export const proposerMachine = setup({
  types: {
    input: {} as ProposerConfig,
    context: {} as ProposerState,
    events: {} as MultiPaxosMessage | Timeout,
    emitted: {} as Outbound<MultiPaxosMessage>,
  },
  guards: {
    isInitialLeader: ({ context }) => context.cfg.initialLeader,
    hasRoundLeft: ({ context }) => context.round < context.cfg.rounds,
    /**
     * A new ballot may skip phase 1 only if no acceptor can have voted below it: never for a ballot
     * above the lowest, which p0 leads from the start (the `skip-phase1` bug overrides it: machines/multipaxos/bugs.ts).
     */
    isPhase1Unneeded: () => false,
    isForCurrentBallot: ({ context, event }) =>
      (event.type === 'mp.promise' || event.type === 'mp.accepted') && event.ballot === ballot(context),
    completesQuorum: ({ context, event }) =>
      event.type === 'mp.promise' &&
      insertSorted(context.promises, { acceptor: event.from, votes: event.votes }, comparePromise).length >= context.cfg.quorum,
    /** 2b-to-leader: a 2b for a slot of the current ballot that is not yet decided. */
    isOpenVote: ({ context, event }) =>
      event.type === 'mp.accepted' &&
      context.cfg.variant === 'leader' &&
      (context.votes[event.slot]?.length ?? 0) < context.cfg.decisionQuorum,
  },
  actions: {
    startRound: assign(({ context }) => ({
      round: context.round + 1,
      promises: [],
      proposals: emptySlots<Batch | null>(context, null),
      votes: emptySlots<readonly string[]>(context, []),
    })),
    sendPrepares: enqueueActions(({ context, enqueue }) => {
      for (const to of context.cfg.acceptors) {
        enqueue.emit({ type: 'send', msg: { type: 'mp.prepare', from: context.cfg.self, to, ballot: ballot(context) } });
      }
    }),
    recordRequest: assign(({ context, event }) => {
      assertEvent(event, 'mp.request');
      return { requests: insertSorted(context.requests, event.entry, compareEntry) };
    }),
    /**
     * Phase 1 done (runs after `recordPromise`): in each slot, the batch of the highest vote
     * the quorum reports (the `no-recovery` bug overrides it: machines/multipaxos/bugs.ts).
     */
    recoverVotes: assign(({ context }) => ({
      proposals: recoverProposals(context.promises.map((p) => p.votes), context.cfg.slots),
    })),
    /** Then assigns waiting requests to the free slots and sends 2a for every proposal. */
    lead: enqueueActions(({ context, enqueue }) => {
      const { proposals } = assignRequests(context.proposals, context.requests, context.cfg.batch);
      enqueue.assign({ proposals });
      for (const msg of accepts(context, proposals, proposals.map((_, slot) => slot))) enqueue.emit({ type: 'send', msg });
    }),
    recordPromise: assign(({ context, event }) => {
      assertEvent(event, 'mp.promise');
      return { promises: insertSorted(context.promises, { acceptor: event.from, votes: event.votes }, comparePromise) };
    }),
    /** Assigns waiting requests to free slots and sends 2a for them. */
    propose: enqueueActions(({ context, enqueue }) => {
      const { proposals, filled } = assignRequests(context.proposals, context.requests, context.cfg.batch);
      if (filled.length === 0) return;
      enqueue.assign({ proposals });
      for (const msg of accepts(context, proposals, filled)) enqueue.emit({ type: 'send', msg });
    }),
    /** 2b-to-leader: count the vote; at the decision quorum tell every replica. */
    countVote: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'mp.accepted');
      const voters = insertSorted(context.votes[event.slot] ?? [], event.from, (a, b) => (a < b ? -1 : a > b ? 1 : 0));
      enqueue.assign({ votes: context.votes.map((v, i) => (i === event.slot ? voters : v)) });
      if (voters.length < context.cfg.decisionQuorum) return;
      for (const to of context.cfg.replicas) {
        enqueue.emit({ type: 'send', msg: { type: 'mp.decide', from: context.cfg.self, to, slot: event.slot, batch: event.batch } });
      }
    }),
  },
}).createMachine({
  id: 'multipaxos.proposer',
  context: ({ input }) => ({
    cfg: input,
    round: input.initialLeader ? 1 : 0,
    promises: [],
    requests: [],
    proposals: new Array<Batch | null>(input.slots).fill(null),
    votes: new Array<readonly string[]>(input.slots).fill([]),
  }),
  initial: 'start',
  on: {
    TIMEOUT: [
      // Enabled while rounds are left, in any phase. A ballot that needs no phase 1 goes straight to phase 2.
      { guard: and(['hasRoundLeft', 'isPhase1Unneeded']), target: '.leading', reenter: true, actions: ['startRound', 'propose'] },
      { guard: 'hasRoundLeft', target: '.preparing', reenter: true, actions: ['startRound', 'sendPrepares'] },
    ],
    // Always enabled: remember the request (a later ballot may order it).
    'mp.request': { actions: 'recordRequest' },
  },
  states: {
    start: { always: [{ guard: 'isInitialLeader', target: 'leading' }, { target: 'idle' }] },
    idle: {},
    preparing: {
      on: {
        'mp.promise': [
          // A promise for the current ballot that completes a quorum: lead.
          { guard: and(['isForCurrentBallot', 'completesQuorum']), target: 'leading', actions: ['recordPromise', 'recoverVotes', 'lead'] },
          { guard: 'isForCurrentBallot', actions: 'recordPromise' },
        ],
      },
    },
    leading: {
      on: {
        'mp.request': { actions: ['recordRequest', 'propose'] },
        'mp.accepted': { guard: and(['isForCurrentBallot', 'isOpenVote']), actions: 'countVote' },
      },
    },
  },
});
