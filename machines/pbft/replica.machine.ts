/**
 * PBFT replica — Castro & Liskov, "Practical Byzantine Fault Tolerance",
 * OSDI 1999, §4: the normal case (§4.2: pre-prepare, prepare, commit),
 * execution and replies (§4.1), and the view change (§4.4). The rules live in
 * `spec/pbft/log.ts` and `spec/pbft/view-change.ts`; this machine names them.
 * Receives: pbft.request (from the clients), pbft.pre-prepare, pbft.prepare,
 * pbft.commit, pbft.view-change, pbft.new-view, TIMEOUT (environment).
 * Emits: pbft.pre-prepare (as primary), pbft.prepare, pbft.commit,
 * pbft.reply, pbft.view-change, pbft.new-view (as the new primary).
 * Its status is the state value: `normal` (taking part in the normal case of
 * its view) or `changing` (it sent a view-change message for its view and
 * waits for the new-view). Normal-case messages are taken only in the former.
 * Safety duty: at most one pre-prepare per (view, seq); commit only when
 * prepared; a new primary re-proposes what V's certificates say.
 * NOTE: no wall-clock timer: the time-out may come at any moment the timer
 *   runs (§4.4): in the normal status, while a backup holds a request it has
 *   not executed; in the view-change status, always (no new-view came). V
 *   bounds the views.
 * NOTE: no checkpoints, no garbage collection, no state transfer (§4.3);
 *   sequence numbers are bounded by S.
 * NOTE: nothing is retransmitted; a message for another view or one the
 *   replica cannot yet check is dropped (see the NOTEs in spec/pbft/).
 */
import { and, assertEvent, enqueueActions, setup } from 'xstate';
import { acceptPrePrepare, acceptsCommit, acceptsPrePrepare, acceptsPrepare, holdRequest, isNewClientRequest, recordCommit, recordPrepare } from '../../spec/pbft/log.js';
import type { PbftMessage, Timeout } from '../../spec/pbft/messages.js';
import type { ReplicaConfig, ReplicaState } from '../../spec/pbft/state.js';
import {
  acceptsNewView,
  acceptsViewChange,
  canStartView,
  enterNewView,
  hasViewLeft,
  isWaiting,
  recordViewChange,
  startView,
  viewToJoin,
  startViewChange,
} from '../../spec/pbft/view-change.js';
import type { Outbound } from '../shared/outbox.js';

/** The replica's initial state: view 0, normal status, nothing received. */
export function initialReplicaState(cfg: ReplicaConfig): ReplicaState {
  return { cfg, view: 0, requests: [], log: [], prepares: [], commits: [], certificates: [], evidence: [], committed: [], executed: [], viewChanges: [] };
}

export const replicaMachine = setup({
  types: {
    input: {} as ReplicaConfig,
    context: {} as ReplicaState,
    events: {} as PbftMessage | Timeout,
    emitted: {} as Outbound<PbftMessage>,
  },
  guards: {
    /** A request from the clients node that the replica does not hold yet. */
    isNewClientRequest: ({ context, event }) => event.type === 'pbft.request' && isNewClientRequest(context, event.from, event.request),
    /** A pre-prepare from the primary of the current view for a free seq, with an authentic request (§4.2). */
    isAcceptablePrePrepare: ({ context, event }) => event.type === 'pbft.pre-prepare' && acceptsPrePrepare(context, event),
    /** A prepare of the current view from a backup, not counted yet. */
    isAcceptablePrepare: ({ context, event }) => event.type === 'pbft.prepare' && acceptsPrepare(context, event),
    /** A commit of the current view, not counted yet. */
    isAcceptableCommit: ({ context, event }) => event.type === 'pbft.commit' && acceptsCommit(context, event),
    /** The time-out is enabled while a higher view is within the bounds. */
    hasViewLeft: ({ context }) => hasViewLeft(context),
    /** In the normal status the timer runs only while a backup holds a request it has not executed (§4.4). */
    isWaiting: ({ context }) => isWaiting(context),
    /** After its time-out the replica is the new primary and already holds a quorum of view-change messages. */
    startsViewAtOnce: ({ context }) => canStartView(startViewChange(context).state),
    /** A view-change message for a view the replica has not entered, with certificates it can confirm (§4.4). */
    isAcceptableViewChange: ({ context, event }, params: { changing: boolean }) =>
      event.type === 'pbft.view-change' && acceptsViewChange(context, event, params.changing),
    /** With this view-change message the replica holds f+1 for higher views: it joins the smallest (§4.4). */
    joinsViewChange: ({ context, event }) => event.type === 'pbft.view-change' && viewToJoin(recordViewChange(context, event)) !== null,
    /** Joining, it leads the view it joins and already holds a quorum for it. */
    startsJoinedView: ({ context, event }) => {
      if (event.type !== 'pbft.view-change') return false;
      const recorded = recordViewChange(context, event);
      const view = viewToJoin(recorded);
      return view !== null && canStartView(startViewChange(recorded, view).state);
    },
    /** The view-change message for the view the replica moves to that completes the new primary's quorum. */
    completesQuorum: ({ context, event }) =>
      event.type === 'pbft.view-change' && event.view === context.view && canStartView(recordViewChange(context, event)),
    /** A new-view whose V the replica holds and whose O is what V implies (§4.4; the `no-viewchange-certificates` bug overrides it). */
    isAcceptableNewView: ({ context, event }, params: { changing: boolean }) =>
      event.type === 'pbft.new-view' && acceptsNewView(context, event, params.changing),
  },
  actions: {
    /** Holds the request; the primary of a view it is active in assigns it a seq. */
    holdRequest: enqueueActions(({ context, event, enqueue }, params: { active: boolean }) => {
      assertEvent(event, 'pbft.request');
      const { state, sent } = holdRequest(context, event.request, params.active);
      enqueue.assign(state);
      for (const msg of sent) enqueue.emit({ type: 'send', msg });
    }),
    /** Logs the pre-prepare, sends prepares, and advances. */
    acceptPrePrepare: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'pbft.pre-prepare');
      const { state, sent } = acceptPrePrepare(context, event);
      enqueue.assign(state);
      for (const msg of sent) enqueue.emit({ type: 'send', msg });
    }),
    /** Counts the prepare; on prepared, sends commits; on committed-local, executes and replies. */
    recordPrepare: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'pbft.prepare');
      const { state, sent } = recordPrepare(context, event);
      enqueue.assign(state);
      for (const msg of sent) enqueue.emit({ type: 'send', msg });
    }),
    /** Counts the commit; on committed-local, executes and replies. */
    recordCommit: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'pbft.commit');
      const { state, sent } = recordCommit(context, event);
      enqueue.assign(state);
      for (const msg of sent) enqueue.emit({ type: 'send', msg });
    }),
    /** Moves to the next view and sends view-change messages. */
    timeOut: enqueueActions(({ context, enqueue }) => {
      const { state, sent } = startViewChange(context);
      enqueue.assign(state);
      for (const msg of sent) enqueue.emit({ type: 'send', msg });
    }),
    /** Records a view-change message; joins the view change it now has f+1 messages for. */
    recordViewChange: enqueueActions(({ context, event, enqueue }, params: { join: boolean }) => {
      assertEvent(event, 'pbft.view-change');
      const recorded = recordViewChange(context, event);
      const { state, sent } = params.join ? startViewChange(recorded, viewToJoin(recorded) ?? recorded.view + 1) : { state: recorded, sent: [] };
      enqueue.assign(state);
      for (const msg of sent) enqueue.emit({ type: 'send', msg });
    }),
    /**
     * As the new primary with a quorum of view-change messages (after `timeOut` or `recordViewChange`): starts the
     * view with the O its V implies (the `no-viewchange-certificates` bug overrides it: machines/pbft/bugs.ts).
     */
    startView: enqueueActions(({ context, enqueue }) => {
      const { state, sent } = startView(context);
      enqueue.assign(state);
      for (const msg of sent) enqueue.emit({ type: 'send', msg });
    }),
    /** Enters the new view and sends prepares for the pre-prepares of O. */
    enterNewView: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'pbft.new-view');
      const { state, sent } = enterNewView(context, event);
      enqueue.assign(state);
      for (const msg of sent) enqueue.emit({ type: 'send', msg });
    }),
  },
}).createMachine({
  id: 'pbft.replica',
  context: ({ input }) => initialReplicaState(input),
  initial: 'normal',
  states: {
    normal: {
      on: {
        TIMEOUT: [
          // A backup waiting for a request, with views left, that leads the next view and already holds a quorum of view-change messages: it starts that view at once.
          { guard: and(['hasViewLeft', 'isWaiting', 'startsViewAtOnce']), target: 'normal', actions: ['timeOut', 'startView'] },
          // A backup waiting for a request, with views left: move to the next view and wait for its new-view.
          { guard: and(['hasViewLeft', 'isWaiting']), target: 'changing', actions: 'timeOut' },
        ],
        'pbft.request': { guard: 'isNewClientRequest', actions: { type: 'holdRequest', params: { active: true } } },
        'pbft.pre-prepare': { guard: 'isAcceptablePrePrepare', actions: 'acceptPrePrepare' },
        'pbft.prepare': { guard: 'isAcceptablePrepare', actions: 'recordPrepare' },
        'pbft.commit': { guard: 'isAcceptableCommit', actions: 'recordCommit' },
        'pbft.view-change': [
          // The f+1-th view-change message for higher views: join the smallest, and start it at once as its primary with a quorum held.
          {
            guard: and([{ type: 'isAcceptableViewChange', params: { changing: false } }, 'joinsViewChange', 'startsJoinedView']),
            target: 'normal',
            actions: [{ type: 'recordViewChange', params: { join: true } }, 'startView'],
          },
          // The f+1-th: join the smallest of those views.
          {
            guard: and([{ type: 'isAcceptableViewChange', params: { changing: false } }, 'joinsViewChange']),
            target: 'changing',
            actions: { type: 'recordViewChange', params: { join: true } },
          },
          // Kept for when the replica gets to that view.
          { guard: { type: 'isAcceptableViewChange', params: { changing: false } }, actions: { type: 'recordViewChange', params: { join: false } } },
        ],
        // A new-view for a higher view whose V the replica holds: it follows without having timed out itself.
        'pbft.new-view': { guard: { type: 'isAcceptableNewView', params: { changing: false } }, target: 'normal', actions: 'enterNewView' },
      },
    },
    changing: {
      on: {
        // No new-view came: move on to the next view, if any (and start it at once as its primary with a quorum held).
        TIMEOUT: [
          { guard: and(['hasViewLeft', 'startsViewAtOnce']), target: 'normal', actions: ['timeOut', 'startView'] },
          { guard: 'hasViewLeft', target: 'changing', actions: 'timeOut' },
        ],
        'pbft.request': { guard: 'isNewClientRequest', actions: { type: 'holdRequest', params: { active: false } } },
        'pbft.view-change': [
          {
            guard: and([{ type: 'isAcceptableViewChange', params: { changing: true } }, 'completesQuorum']),
            target: 'normal',
            actions: [{ type: 'recordViewChange', params: { join: false } }, 'startView'],
          },
          { guard: { type: 'isAcceptableViewChange', params: { changing: true } }, actions: { type: 'recordViewChange', params: { join: false } } },
        ],
        'pbft.new-view': { guard: { type: 'isAcceptableNewView', params: { changing: true } }, target: 'normal', actions: 'enterNewView' },
      },
    },
  },
});
