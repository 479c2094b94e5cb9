/**
 * VR replica — Liskov & Cowling, "Viewstamped Replication Revisited" (MIT
 * TR 2012), §4: one machine for every replica; its status (§4, Figure 2:
 * normal, view-change, recovering) is the state value. The primary of view v
 * is replica v mod N (`primaryOf`, `spec/vr/log.ts`).
 * Receives: mp.request (a client request), vr.prepare, vr.prepare-ok,
 * vr.commit (§4.1), vr.start-view-change, vr.do-view-change, vr.start-view
 * (§4.2), vr.recovery, vr.recovery-response (§4.3), TIMEOUT (environment:
 * a backup suspects the primary), RECOVER (environment: a replica restarted
 * after a crash starts its recovery).
 * Emits: vr.prepare, vr.prepare-ok, vr.commit, vr.start-view-change,
 * vr.do-view-change, vr.start-view, vr.recovery, vr.recovery-response, mp.reply.
 * Safety duties: backups take prepares in op-number order (§4.1 step 3); the
 * primary commits an op once f backups hold it (§4.1 step 4); a new primary
 * waits for f + 1 DoViewChange messages and takes the log with the largest
 * (v', n) (§4.2 step 3); a recovering replica takes no part until it has
 * f + 1 answers to its nonce, one from the latest primary (§4.3); under
 * `recovering-replica-votes` it does (`VOTES_WHILE_RECOVERING`).
 * NOTE: the cluster starts in view 0, all replicas normal with empty logs, as
 *   §4 prescribes: no start-up shortcut.
 * NOTE: timeouts are a nondeterministic TIMEOUT the explorer may offer a
 *   backup in the normal status, or any replica in the view-change status
 *   (the view change did not finish: try the next view), at any time, as
 *   PBFT's view-change timer and Raft's election timer are; the primary
 *   never suspects itself. V (`cfg.maxView`) bounds the views.
 * NOTE: a normal-case message that a replica cannot use at once is dropped,
 *   not kept: a Prepare beyond the next op-number (§4.1 step 3 waits; a
 *   schedule that delivers the missing Prepare first reaches the same
 *   states), and any message of another view or status (§4.1: a replica
 *   behind in views would ask for a state transfer, §5.2, which is not
 *   modelled; it catches up at the next StartView).
 * NOTE: Prepares carry the commit-number (§4.1 step 5). With
 *   `cfg.commitMessages`, the primary also sends a Commit to every backup as
 *   soon as its commit-number advances (§4.1 step 5 sends one when no Prepare
 *   follows soon; here "soon" never comes, and the Commit may still be
 *   delayed in the network). Without it, no Commit is sent: backups learn
 *   the commit-number from the next Prepare or StartView only, as if every
 *   Commit were lost (a schedule the paper's lossy network allows); the
 *   Commits multiply the state space by about six.
 * NOTE: the primary forgets an acknowledgement at or below its
 *   commit-number (it can commit nothing more), so that it splits no state.
 * NOTE: a client request reaching a replica that is not the primary of its
 *   view in the normal status is dropped (clients send every request to every
 *   replica, so the primary of a later view still gets it); replies are not
 *   re-sent, and reads go through the log (§6.3's fast reads are not modelled).
 * NOTE: recovery (§4.3): under crash-recovery (`--recoveries`) the explorer
 *   restarts a crashed replica from its `restartInput` (`cfg.restarted`):
 *   the `boot` state sends it to `restarted`, in the recovering status, with
 *   all volatile state lost and only the nonce counter kept
 *   (`VR_STABLE_FIELDS`). There it takes RECOVER (the environment) to pick
 *   the next nonce and send Recovery: a restart itself sends nothing in the
 *   explorer, so booting and asking are two steps, and in between the
 *   replica takes no message. In `recovering` it waits for f + 1 answers to
 *   that nonce. There is no application state to fetch: the recovered
 *   replica re-executes the committed prefix of the primary's log (§5.1's
 *   checkpoints are not modelled). A Recovery is sent once: the paper's
 *   resend on a timeout is not modelled (liveness is not checked here).
 * NOTE: reconfiguration (§7) is out of scope; so are the optimisations of §6
 *   (witnesses, batching, fast reads).
 */
import { and, assertEvent, assign, enqueueActions, not, setup } from 'xstate';
import type { NodeId } from '../../spec/core/ids.js';
import { compareStr, insertSorted } from '../../spec/core/sorted.js';
import type { ReplyMsg } from '../../spec/multipaxos/messages.js';
import type { Applied } from '../../spec/raft/log.js';
import { committedUpTo, doViewChangeQuorum, executeUpTo, largestCommit, primaryOf, recoverySource, selectLog } from '../../spec/vr/log.js';
import type { Recover, Timeout, View, VrMessage } from '../../spec/vr/messages.js';
import { initialReplicaState, type DoViewChangeRecord, type RecoveryRecord, type ReplicaConfig, type ReplicaState } from '../../spec/vr/state.js';
import type { Outbound } from '../shared/outbox.js';

/** A pure step of the replica: its next context and what it sends. */
interface Effect {
  readonly state: ReplicaState;
  readonly sent: readonly VrMessage[];
}

/** §4.2 step 3: `s` is the primary of its view and holds `quorum` DoViewChange messages (its own included). */
export function hasDoViewChanges(s: ReplicaState, quorum: number): boolean {
  return isPrimaryOf(s, s.view) && s.doViewChanges.length >= quorum;
}

function isPrimaryOf(s: ReplicaState, view: View): boolean {
  return primaryOf(s.cfg, view) === s.cfg.self;
}

function others(s: ReplicaState): NodeId[] {
  return s.cfg.replicas.filter((r) => r !== s.cfg.self);
}

function replies(s: ReplicaState, results: readonly Applied[]): ReplyMsg[] {
  return results.map(({ id, result }) => ({ type: 'mp.reply', from: s.cfg.self, to: s.cfg.clients, id, result }));
}

/** §4.2 step 1: move to view `view` in the view-change status and send StartViewChange to every other replica. */
function enterViewChange(s: ReplicaState, view: View): Effect {
  return {
    state: { ...s, view, acks: [], startViewChanges: [], doViewChanges: [] },
    sent: others(s).map((to) => ({ type: 'vr.start-view-change', from: s.cfg.self, to, view })),
  };
}

/** §4.2 step 3: the new primary records a DoViewChange (its own, or one received). */
function recordDoViewChange(s: ReplicaState, record: DoViewChangeRecord): ReplicaState {
  return { ...s, doViewChanges: insertSorted(s.doViewChanges, record, (a, b) => compareStr(a.from, b.from)) };
}

/**
 * §4.2 step 2: a StartViewChange for the current view from `from`; the f-th
 * one sends the DoViewChange to the new primary (recorded at once when the
 * replica is that primary).
 */
function recordStartViewChange(s: ReplicaState, from: NodeId): Effect {
  const state = { ...s, startViewChanges: insertSorted(s.startViewChanges, from, compareStr) };
  if (state.startViewChanges.length < s.cfg.f) return { state, sent: [] };
  const { log, lastNormal } = s;
  const commit = s.executed.length;
  if (isPrimaryOf(s, s.view)) return { state: recordDoViewChange(state, { from: s.cfg.self, log, lastNormal, commit }), sent: [] };
  return { state, sent: [{ type: 'vr.do-view-change', from: s.cfg.self, to: primaryOf(s.cfg, s.view), view: s.view, log, lastNormal, commit }] };
}

/** Executes up to commit-number k; the primary answers the clients of what it just ran (§4.1 step 4, §4.2 step 4). */
function execute(s: ReplicaState, commit: number, primary: boolean): Effect {
  const { executed, results } = executeUpTo(s.log, s.executed, commit);
  return { state: executed === s.executed ? s : { ...s, executed }, sent: primary ? replies(s, results) : [] };
}

/**
 * `recovering-replica-votes` only: what a recovering replica must not do
 * (§4.3: it takes no part in request processing or view changes until it
 * has recovered), but the buggy one does, with the empty state it restarted
 * with: PrepareOK a Prepare of its view 0, and join a view change (sending
 * StartViewChange and DoViewChange with its empty log). The correct
 * protocol takes none of these messages in the recovering status.
 */
const VOTES_WHILE_RECOVERING = {
  'vr.prepare': { guard: and(['votesWhileRecovering', not('isPrimary'), 'isNextPrepare']), actions: 'acceptPrepare' },
  'vr.start-view-change': { guard: and(['votesWhileRecovering', 'isNewerView']), target: 'viewChange', actions: ['abandonRecovery', 'joinViewChange'] },
  'vr.do-view-change': { guard: and(['votesWhileRecovering', 'isNewerView', 'isForMeAsPrimary']), target: 'viewChange', actions: ['abandonRecovery', 'joinViewChange'] },
} as const;

export const replicaMachine = setup({
  types: {
    input: {} as ReplicaConfig,
    context: {} as ReplicaState,
    events: {} as VrMessage | Timeout | Recover,
    emitted: {} as Outbound<VrMessage>,
  },
  guards: {
    /** The primary of the current view (§4). */
    isPrimary: ({ context }) => isPrimaryOf(context, context.view),
    /** A view change may start only for a view within the bound V. */
    hasViewLeft: ({ context }) => context.view < context.cfg.maxView,
    /** A view-change message for a higher view: the replica joins that view change (§4.2 step 1). */
    isNewerView: ({ context, event }) => 'view' in event && event.view > context.view,
    /** A DoViewChange addressed to this replica as the primary of its view (§4.2 step 3). */
    isForMeAsPrimary: ({ context, event }) => event.type === 'vr.do-view-change' && isPrimaryOf(context, event.view),
    /** A DoViewChange for the current view from a replica not recorded yet. */
    isNewDoViewChange: ({ context, event }) =>
      event.type === 'vr.do-view-change' && event.view === context.view && !context.doViewChanges.some((r) => r.from === event.from),
    /** A StartViewChange for the current view from a replica not counted yet, while fewer than f are counted (§4.2 step 2). */
    isNewStartViewChange: ({ context, event }) =>
      event.type === 'vr.start-view-change' &&
      event.view === context.view &&
      context.startViewChanges.length < context.cfg.f &&
      !context.startViewChanges.includes(event.from),
    /** f + 1 DoViewChange messages (f under `view-change-quorum-f`), its own included (§4.2 step 3). */
    hasDoViewChangeQuorum: ({ context }) => hasDoViewChanges(context, doViewChangeQuorum(context.cfg)),
    /** A StartView for the current view or a later one (§4.2 step 5). */
    isStartViewNotBehind: ({ context, event }) => event.type === 'vr.start-view' && event.view >= context.view,
    /** The next Prepare of the current view: op-number n = the log's length + 1 (§4.1 step 3). */
    isNextPrepare: ({ context, event }) => event.type === 'vr.prepare' && event.view === context.view && event.opNumber === context.log.length + 1,
    /** A PrepareOK of the current view (§4.1 step 4). */
    isPrepareOkOfView: ({ context, event }) => event.type === 'vr.prepare-ok' && event.view === context.view,
    /** A Commit of the current view (§4.1 step 6). */
    isCommitOfView: ({ context, event }) => event.type === 'vr.commit' && event.view === context.view,
    /** A client request the primary's log does not hold yet (§4.1 step 2: the client-table drops a repeated request). */
    isNewRequest: ({ context, event }) =>
      event.type === 'mp.request' && event.entry.op !== undefined && !context.log.some((e) => e.id === event.entry.id),
    /** A RecoveryResponse to the current nonce from a replica not recorded yet (§4.3 step 3). */
    isResponseToMyNonce: ({ context, event }) =>
      event.type === 'vr.recovery-response' && event.nonce === context.nonce && !context.recoveryResponses.some((r) => r.from === event.from),
    /** f + 1 responses, one of them from the primary of the latest view they report (§4.3 step 3). */
    hasRecovered: ({ context }) => recoverySource(context.recoveryResponses, context.cfg) !== null,
    /** A replica restarted after a crash (its restart input): it boots in the recovering status (§4.3). */
    isRestarted: ({ context }) => context.cfg.restarted === true,
    /**
     * Whether a recovering replica takes part in the protocol before it has recovered: never (§4.3)
     * (the `recovering-replica-votes` bug overrides it: machines/vr/bugs.ts).
     */
    votesWhileRecovering: () => false,
  },
  actions: {
    /** Mirrors the state value in the context, where the properties read it. */
    markNormal: assign({ status: 'normal' as const }),
    markViewChange: assign({ status: 'view-change' as const }),
    markRecovering: assign({ status: 'recovering' as const }),
    /** §4.2 step 1: the timer fired: start a view change to the next view. */
    timeOut: enqueueActions(({ context, enqueue }) => {
      const { state, sent } = enterViewChange(context, context.view + 1);
      enqueue.assign(state);
      for (const msg of sent) enqueue.emit({ type: 'send', msg });
    }),
    /**
     * §4.2 step 1: a StartViewChange or DoViewChange for a higher view: move
     * to it (sending StartViewChange), then count the message received.
     */
    joinViewChange: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, ['vr.start-view-change', 'vr.do-view-change']);
      const entered = enterViewChange(context, event.view);
      const counted: Effect =
        event.type === 'vr.start-view-change'
          ? recordStartViewChange(entered.state, event.from)
          : { state: recordDoViewChange(entered.state, { from: event.from, log: event.log, lastNormal: event.lastNormal, commit: event.commit }), sent: [] };
      enqueue.assign(counted.state);
      for (const msg of [...entered.sent, ...counted.sent]) enqueue.emit({ type: 'send', msg });
    }),
    /** §4.2 step 2: count a StartViewChange for the current view. */
    countStartViewChange: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'vr.start-view-change');
      const { state, sent } = recordStartViewChange(context, event.from);
      enqueue.assign(state);
      for (const msg of sent) enqueue.emit({ type: 'send', msg });
    }),
    /** §4.2 step 3: keep a DoViewChange for the current view. */
    keepDoViewChange: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'vr.do-view-change');
      enqueue.assign(recordDoViewChange(context, { from: event.from, log: event.log, lastNormal: event.lastNormal, commit: event.commit }));
    }),
    /**
     * §4.2 step 3, first: the new primary takes the log with the largest (v', n)
     * (`selectLog`; the `log-by-opnumber` bug overrides it: machines/vr/bugs.ts).
     */
    adoptLog: assign(({ context }) => ({ log: selectLog(context.doViewChanges, null).log })),
    /**
     * §4.2 steps 3-4, then: with the adopted log, the new primary takes the largest
     * commit-number, becomes normal, sends StartView to the others, executes
     * what is committed and answers its clients.
     */
    startView: enqueueActions(({ context, enqueue }) => {
      const commit = Math.max(largestCommit(context.doViewChanges), context.executed.length);
      const adopted: ReplicaState = { ...context, lastNormal: context.view, acks: context.cfg.replicas.map(() => 0), startViewChanges: [], doViewChanges: [] };
      const { state, sent } = execute(adopted, commit, true);
      enqueue.assign(state);
      for (const to of others(context)) {
        enqueue.emit({ type: 'send', msg: { type: 'vr.start-view', from: context.cfg.self, to, view: context.view, log: state.log, commit: state.executed.length } });
      }
      for (const msg of sent) enqueue.emit({ type: 'send', msg });
    }),
    /**
     * §4.2 step 5: a replica takes the new view's log, view-number and
     * status; it sends a PrepareOK for the log's uncommitted ops, then
     * executes what is committed.
     */
    adoptStartView: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'vr.start-view');
      const adopted: ReplicaState = { ...context, view: event.view, lastNormal: event.view, log: event.log, acks: [], startViewChanges: [], doViewChanges: [] };
      const { state } = execute(adopted, Math.min(event.commit, event.log.length), false);
      enqueue.assign(state);
      if (event.log.length > event.commit) {
        enqueue.emit({ type: 'send', msg: { type: 'vr.prepare-ok', from: context.cfg.self, to: event.from, view: event.view, opNumber: event.log.length } });
      }
    }),
    /** §4.1 step 2: the primary appends the request and sends Prepare to the backups. */
    appendRequest: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'mp.request');
      const op = event.entry.op;
      if (op === undefined) return;
      const entry = { id: event.entry.id, op };
      const log = [...context.log, entry];
      enqueue.assign({ log });
      for (const to of others(context)) {
        enqueue.emit({ type: 'send', msg: { type: 'vr.prepare', from: context.cfg.self, to, view: context.view, entry, opNumber: log.length, commit: context.executed.length } });
      }
    }),
    /** §4.1 step 3 (and step 6 for the commit-number it carries): a backup appends the op, answers PrepareOK, and executes what is committed. */
    acceptPrepare: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'vr.prepare');
      const { state } = execute({ ...context, log: [...context.log, event.entry] }, event.commit, false);
      enqueue.assign(state);
      enqueue.emit({ type: 'send', msg: { type: 'vr.prepare-ok', from: context.cfg.self, to: event.from, view: context.view, opNumber: event.opNumber } });
    }),
    /**
     * §4.1 steps 4-5: the primary records the PrepareOK; once f backups hold
     * an op it and all before it are committed: it executes them, answers the
     * clients and sends Commit to the backups.
     */
    recordPrepareOk: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'vr.prepare-ok');
      const i = context.cfg.replicas.indexOf(event.from);
      const recorded = context.acks.map((a, j) => (j === i ? Math.max(a, event.opNumber) : a));
      const self = context.cfg.replicas.indexOf(context.cfg.self);
      const commit = committedUpTo(recorded, self, context.log.length, context.cfg.f, context.executed.length);
      // NOTE: an acknowledgement up to the commit-number can no longer commit anything: forgotten (0), so that it splits no state.
      const acks = recorded.map((a) => (a > commit ? a : 0));
      const { state, sent } = execute({ ...context, acks }, commit, true);
      enqueue.assign(state);
      for (const msg of sent) enqueue.emit({ type: 'send', msg });
      if (context.cfg.commitMessages && commit > context.executed.length) {
        for (const to of others(context)) enqueue.emit({ type: 'send', msg: { type: 'vr.commit', from: context.cfg.self, to, view: context.view, commit } });
      }
    }),
    /** §4.1 step 6: a backup executes what the primary says is committed (as far as its log goes). */
    executeCommitted: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'vr.commit');
      enqueue.assign(execute(context, event.commit, false).state);
    }),
    /** §4.3 step 2: a normal replica answers a Recovery; only the primary sends its log and commit-number. */
    answerRecovery: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'vr.recovery');
      const primary = isPrimaryOf(context, context.view);
      enqueue.emit({
        type: 'send',
        msg: {
          type: 'vr.recovery-response',
          from: context.cfg.self,
          to: event.from,
          view: context.view,
          nonce: event.nonce,
          log: primary ? context.log : null,
          commit: primary ? context.executed.length : null,
        },
      });
    }),
    /**
     * §4.3 step 1: the restarted replica (everything volatile already lost:
     * VR keeps nothing on disk but the nonce's counter, `VR_STABLE_FIELDS`)
     * takes a fresh nonce and sends Recovery to every other replica.
     * NOTE: the nonce is the next value of a per-replica counter, not a
     * random number (see `VR_STABLE_FIELDS`).
     */
    startRecovery: enqueueActions(({ context, enqueue }) => {
      const nonce = context.nonce + 1;
      enqueue.assign({ nonce });
      for (const to of others(context)) enqueue.emit({ type: 'send', msg: { type: 'vr.recovery', from: context.cfg.self, to, nonce } });
    }),
    /** `recovering-replica-votes`: the recovering replica gives up its recovery to take part in a view change (no stale responses kept). */
    abandonRecovery: assign({ recoveryResponses: [] as RecoveryRecord[] }),
    /** §4.3 step 3: keep a response to the current nonce. */
    keepRecoveryResponse: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'vr.recovery-response');
      const record: RecoveryRecord = { from: event.from, view: event.view, log: event.log, commit: event.commit };
      enqueue.assign({ recoveryResponses: insertSorted(context.recoveryResponses, record, (a, b) => compareStr(a.from, b.from)) });
    }),
    /** §4.3 step 3: take the view, log and commit-number of the latest primary, and become normal. */
    finishRecovery: enqueueActions(({ context, enqueue }) => {
      const source = recoverySource(context.recoveryResponses, context.cfg) as RecoveryRecord;
      const log = source.log ?? [];
      const adopted: ReplicaState = { ...context, view: source.view, lastNormal: source.view, log, executed: [], recoveryResponses: [] };
      enqueue.assign(execute(adopted, source.commit ?? 0, false).state);
    }),
  },
}).createMachine({
  id: 'vr.replica',
  context: ({ input }) => initialReplicaState(input),
  // §4 starts every replica normal in view 0; a replica restarted after a crash boots recovering (§4.3).
  initial: 'boot',
  states: {
    boot: {
      always: [{ guard: 'isRestarted', target: 'restarted' }, { target: 'normal' }],
    },
    normal: {
      entry: 'markNormal',
      on: {
        // §4.2 step 1: a backup's timer fires: it suspects the primary.
        TIMEOUT: { guard: and([not('isPrimary'), 'hasViewLeft']), target: 'viewChange', actions: 'timeOut' },
        'mp.request': { guard: and(['isPrimary', 'isNewRequest']), actions: 'appendRequest' },
        'vr.prepare': { guard: and([not('isPrimary'), 'isNextPrepare']), actions: 'acceptPrepare' },
        'vr.prepare-ok': { guard: and(['isPrimary', 'isPrepareOkOfView']), actions: 'recordPrepareOk' },
        'vr.commit': { guard: and([not('isPrimary'), 'isCommitOfView']), actions: 'executeCommitted' },
        'vr.start-view-change': { guard: 'isNewerView', target: 'viewChange', actions: 'joinViewChange' },
        'vr.do-view-change': { guard: and(['isNewerView', 'isForMeAsPrimary']), target: 'viewChange', actions: 'joinViewChange' },
        'vr.start-view': { guard: 'isNewerView', target: 'normal', reenter: true, actions: 'adoptStartView' },
        'vr.recovery': { actions: 'answerRecovery' },
      },
    },
    viewChange: {
      entry: 'markViewChange',
      // §4.2 step 3: the new primary holds enough DoViewChange messages.
      always: { guard: 'hasDoViewChangeQuorum', target: 'normal', actions: ['adoptLog', 'startView'] },
      on: {
        // The view change did not finish in time: try the next view.
        TIMEOUT: { guard: 'hasViewLeft', target: 'viewChange', reenter: true, actions: 'timeOut' },
        'vr.start-view-change': [
          { guard: 'isNewerView', target: 'viewChange', reenter: true, actions: 'joinViewChange' },
          { guard: 'isNewStartViewChange', actions: 'countStartViewChange' },
        ],
        'vr.do-view-change': [
          { guard: and(['isNewerView', 'isForMeAsPrimary']), target: 'viewChange', reenter: true, actions: 'joinViewChange' },
          { guard: and(['isForMeAsPrimary', 'isNewDoViewChange']), actions: 'keepDoViewChange' },
        ],
        'vr.start-view': { guard: 'isStartViewNotBehind', target: 'normal', actions: 'adoptStartView' },
      },
    },
    // Recovering status, before Recovery is sent: restarted after a crash, it knows nothing (§4.3).
    restarted: {
      entry: 'markRecovering',
      on: {
        // §4.3 step 1: pick a fresh nonce and ask the others.
        RECOVER: { target: 'recovering', actions: 'startRecovery' },
        ...VOTES_WHILE_RECOVERING,
      },
    },
    // Recovering status, Recovery sent: waiting for f + 1 answers to the nonce (§4.3 steps 2-3).
    recovering: {
      entry: 'markRecovering',
      // §4.3 step 3.
      always: { guard: 'hasRecovered', target: 'normal', actions: 'finishRecovery' },
      on: {
        'vr.recovery-response': { guard: 'isResponseToMyNonce', actions: 'keepRecoveryResponse' },
        ...VOTES_WHILE_RECOVERING,
      },
    },
  },
});
