/**
 * VR recovery (Liskov & Cowling 2012, §4.3), the recovering replica's side,
 * one pure step at a time: the restart (the explorer boots a crashed replica
 * from its `restartInput` with the stable fields copied), RECOVER (a fresh
 * nonce, Recovery to the others), the responses to that nonce only, and the
 * `recovering-replica-votes` bug, which lets the replica take part before it
 * has recovered. The answering side is in replica.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { restartedSnapshot } from '../../../explorer/actor-system/step.js';
import { VR_BUG_REPLICAS } from '../../../machines/vr/bugs.js';
import { replicaMachine } from '../../../machines/vr/replica.machine.js';
import { vrSystem } from '../../../machines/vr/system.js';
import type { NodeSpec } from '../../../spec/core/system.js';
import type { LogEntry, PrepareMsg, RecoveryResponseMsg, VrMessage } from '../../../spec/vr/messages.js';
import type { ReplicaConfig, ReplicaState } from '../../../spec/vr/state.js';
import { restore, start, step, steps } from '../../helpers/machines.js';

const cfg = (self: string, over: Partial<ReplicaConfig> = {}): ReplicaConfig => ({
  self,
  replicas: ['r0', 'r1', 'r2'],
  f: 1,
  maxView: 2,
  clients: 'clients',
  commitMessages: false,
  ...over,
});
const A: LogEntry = { id: 'c0.0', op: { kind: 'write', value: 'a' } };
const B: LogEntry = { id: 'c0.1', op: { kind: 'read' } };

/** r2 as a restart leaves it: the recovering status, nothing but `nonce` kept. */
const restarted = (nonce = 0, machine = replicaMachine) => {
  const booted = start(machine, { ...cfg('r2'), restarted: true }).next;
  return restore(machine, 'restarted', { ...booted.context, nonce });
};
/** r2 after RECOVER: Recovery sent with nonce `nonce + 1`. */
const recovering = (nonce = 0, machine = replicaMachine) => step(machine, restarted(nonce, machine), { type: 'RECOVER' }).next;

const response = (from: string, view: number, primary: boolean, nonce = 1): RecoveryResponseMsg => ({
  type: 'vr.recovery-response',
  from,
  to: 'r2',
  view,
  nonce,
  log: primary ? [A, B] : null,
  commit: primary ? 1 : null,
});
const prepare: PrepareMsg = { type: 'vr.prepare', from: 'r0', to: 'r2', view: 0, entry: A, opNumber: 1, commit: 0 };
/** Every kind of message a recovering replica must not take part in (§4.3). */
const PROTOCOL: readonly VrMessage[] = [
  prepare,
  { type: 'vr.commit', from: 'r0', to: 'r2', view: 0, commit: 1 },
  { type: 'vr.start-view-change', from: 'r1', to: 'r2', view: 1 },
  { type: 'vr.do-view-change', from: 'r0', to: 'r2', view: 2, log: [A], lastNormal: 0, commit: 0 },
  { type: 'vr.start-view', from: 'r1', to: 'r2', view: 1, log: [A], commit: 0 },
  { type: 'vr.recovery', from: 'r1', to: 'r2', nonce: 1 },
  { type: 'mp.request', from: 'clients', to: 'r2', entry: A },
];

describe('restart (§4.3): the recovering status, everything but the nonce lost', () => {
  it('a replica booted from its restart input is recovering, in view 0 with empty fields, and sends nothing', () => {
    const { next, sent } = start(replicaMachine, { ...cfg('r0'), restarted: true });
    expect(next.value).toBe('restarted');
    // Even r0, the primary of view 0, holds no primary state: its view means nothing until it has recovered.
    expect(next.context).toMatchObject({ status: 'recovering', view: 0, lastNormal: 0, log: [], executed: [], acks: [], nonce: 0, recoveryResponses: [] });
    expect(sent).toEqual([]);
  });

  it("the explorer's restart keeps only the nonce counter (VR_STABLE_FIELDS), from any status", () => {
    const r2 = vrSystem({ clients: 1, commands: 1, replicas: 3, timers: 2, views: 2, commits: 0, stale: 0 }).nodes[3] as NodeSpec;
    expect(r2.name).toBe('r2');
    const crashedNormal = restore(replicaMachine, 'normal', { ...restarted(0).context, status: 'normal', view: 1, lastNormal: 1, log: [A, B], executed: [A], nonce: 1 });
    const crashedRecovering = steps(replicaMachine, recovering(1), [response('r0', 1, false, 2)]).next;
    for (const crashed of [crashedNormal, crashedRecovering]) {
      const after = restartedSnapshot(r2, crashed);
      expect(after.value).toBe('restarted');
      expect(after.context).toMatchObject({ status: 'recovering', view: 0, log: [], executed: [], recoveryResponses: [], nonce: crashed.context.nonce });
    }
  });

  it('RECOVER (only after a restart): the next nonce, Recovery to every other replica', () => {
    const { next, sent } = step(replicaMachine, restarted(1), { type: 'RECOVER' });
    expect(next.value).toBe('recovering');
    expect(next.context).toMatchObject({ status: 'recovering', nonce: 2, recoveryResponses: [] });
    expect(sent).toEqual([
      { type: 'vr.recovery', from: 'r2', to: 'r0', nonce: 2 },
      { type: 'vr.recovery', from: 'r2', to: 'r1', nonce: 2 },
    ]);
    // Never offered otherwise: a running replica does not restart by itself, and Recovery is sent once.
    expect(next.can({ type: 'RECOVER' })).toBe(false);
    expect(start(replicaMachine, cfg('r2')).next.can({ type: 'RECOVER' })).toBe(false);
    expect(restore(replicaMachine, 'viewChange', { ...restarted(0).context, status: 'view-change', view: 1 }).can({ type: 'RECOVER' })).toBe(false);
  });

  it('a recovering replica takes no part in the protocol, before and after sending Recovery, and never times out', () => {
    for (const rec of [restarted(0), recovering(0)]) {
      for (const event of PROTOCOL) {
        const r = step(replicaMachine, rec, event);
        expect(r.next.value, event.type).toBe(rec.value);
        expect(r.next.context, event.type).toEqual(rec.context);
        expect(r.sent, event.type).toEqual([]);
      }
      expect(rec.can({ type: 'TIMEOUT' })).toBe(false);
    }
    // Responses are taken only once Recovery is out.
    expect(step(replicaMachine, restarted(0), response('r0', 0, true, 0)).next.context.recoveryResponses).toEqual([]);
  });
});

describe('responses (§4.3 step 3): f + 1 to the current nonce, one from the latest primary', () => {
  it('take the view, log and commit-number of the primary of the latest view; nothing is sent', () => {
    const rec = recovering(0);
    // A response to an older nonce is ignored.
    expect(step(replicaMachine, rec, response('r1', 1, true, 0)).next.context.recoveryResponses).toEqual([]);
    // A backup's response alone is not enough, nor is the same one twice.
    const one = steps(replicaMachine, rec, [response('r0', 1, false), response('r0', 1, false)]);
    expect(one.next.value).toBe('recovering');
    expect(one.next.context.recoveryResponses).toHaveLength(1);
    // The primary of view 1 (r1) answers: done.
    const two = step(replicaMachine, one.next, response('r1', 1, true));
    expect(two.next.value).toBe('normal');
    expect(two.next.context).toMatchObject({ status: 'normal', view: 1, lastNormal: 1, log: [A, B], executed: [A], acks: [], recoveryResponses: [], nonce: 1 });
    expect(two.sent).toEqual([]);
  });

  it('f + 1 responses without the primary of the latest view they report: keep waiting', () => {
    // r0 reports view 1 as a backup; r1 answers from view 0: the primary of view 1 (r1) has not answered for view 1.
    const { next } = steps(replicaMachine, recovering(0), [response('r0', 1, false), response('r1', 0, true)]);
    expect(next.value).toBe('recovering');
    expect(next.context.recoveryResponses).toHaveLength(2);
  });

  it('the nonce rejects the answers to an earlier recovery, even the primary’s, after a second restart', () => {
    // r2 recovered once with nonce 1 and crashed again: its second recovery uses nonce 2.
    const rec = recovering(1);
    expect(rec.context.nonce).toBe(2);
    const stale = steps(replicaMachine, rec, [response('r0', 0, true, 1), response('r1', 0, false, 1)]);
    expect(stale.next.value).toBe('recovering');
    expect(stale.next.context.recoveryResponses).toEqual([]);
    const fresh = steps(replicaMachine, rec, [response('r0', 0, true, 2), response('r1', 0, false, 2)]);
    expect(fresh.next.value).toBe('normal');
  });
});

describe('recovering-replica-votes: the recovering replica takes part before it has recovered', () => {
  const bug = VR_BUG_REPLICAS['recovering-replica-votes'];

  it('it answers a Prepare of view 0 with PrepareOK, from the empty log it restarted with', () => {
    const { next, sent } = step(bug, restarted(0, bug), prepare);
    expect(next.value).toBe('restarted');
    expect(next.context.log).toEqual([A]);
    expect(sent).toEqual([{ type: 'vr.prepare-ok', from: 'r2', to: 'r0', view: 0, opNumber: 1 }]);
  });

  it('it joins a view change and sends DoViewChange with its empty log, giving up its recovery', () => {
    const waiting = step(bug, recovering(0, bug), response('r0', 0, true)).next;
    expect(waiting.context.recoveryResponses).toHaveLength(1);
    const { next, sent } = step(bug, waiting, { type: 'vr.start-view-change', from: 'r0', to: 'r2', view: 2 });
    expect(next.value).toBe('viewChange');
    expect(next.context).toMatchObject({ status: 'view-change', view: 2, lastNormal: 0, log: [], startViewChanges: ['r0'], recoveryResponses: [] });
    expect(sent).toEqual([
      { type: 'vr.start-view-change', from: 'r2', to: 'r0', view: 2 },
      { type: 'vr.start-view-change', from: 'r2', to: 'r1', view: 2 },
    ]);
    // r2 leads view 2: its own DoViewChange, with the empty log and v' = 0, is recorded rather than sent.
    expect(next.context.doViewChanges).toEqual([{ from: 'r2', log: [], lastNormal: 0, commit: 0 }]);
    // As the primary of view 2 it also takes a DoViewChange, with its own empty one.
    const asPrimary = step(bug, restarted(0, bug), { type: 'vr.do-view-change', from: 'r0', to: 'r2', view: 2, log: [A], lastNormal: 0, commit: 0 });
    expect(asPrimary.next.value).toBe('viewChange');
    expect(asPrimary.next.context.doViewChanges.map((r) => r.from)).toEqual(['r0']);
  });

  it('the correct replica, in the same states, takes none of these', () => {
    const st = (s: ReturnType<typeof restarted>): ReplicaState => s.context;
    expect(step(replicaMachine, restarted(0), prepare).sent).toEqual([]);
    expect(st(step(replicaMachine, recovering(0), { type: 'vr.start-view-change', from: 'r0', to: 'r2', view: 2 }).next)).toEqual(st(recovering(0)));
  });
});
