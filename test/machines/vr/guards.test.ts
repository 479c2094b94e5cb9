/**
 * The replica's guards and bookkeeping where the mutation run found gaps
 * (issue 14): messages of another view, a DoViewChange to a replica that
 * does not lead its view, f = 2 (N = 5) where one StartViewChange is not
 * enough, the canonical (sorted by sender) order of the DoViewChange and
 * recovery records, and the fields a new view or a first boot starts empty.
 * Expected states are written from §4.1-§4.3 of Liskov & Cowling (2012).
 */
import { describe, expect, it } from 'vitest';
import { replicaMachine } from '../../../machines/vr/replica.machine.js';
import type { DoViewChangeMsg, LogEntry, RecoveryResponseMsg } from '../../../spec/vr/messages.js';
import type { ReplicaConfig, ReplicaState } from '../../../spec/vr/state.js';
import { restore, start, step, steps } from '../../helpers/machines.js';

const THREE = ['r0', 'r1', 'r2'];
const FIVE = ['r0', 'r1', 'r2', 'r3', 'r4'];
const cfg = (self: string, replicas = THREE, over: Partial<ReplicaConfig> = {}): ReplicaConfig => ({
  self,
  replicas,
  f: Math.floor((replicas.length - 1) / 2),
  maxView: 4,
  clients: 'clients',
  commitMessages: false,
  ...over,
});
const A: LogEntry = { id: 'c0.0', op: { kind: 'write', value: 'a' } };
const base = (c: ReplicaConfig, over: Partial<ReplicaState>): ReplicaState => ({
  cfg: c,
  status: 'normal',
  view: 0,
  lastNormal: 0,
  log: [],
  executed: [],
  acks: [],
  startViewChanges: [],
  doViewChanges: [],
  nonce: 0,
  recoveryResponses: [],
  ...over,
});
const normal = (c: ReplicaConfig, over: Partial<ReplicaState> = {}) => restore(replicaMachine, 'normal', base(c, over));
const changing = (c: ReplicaConfig, over: Partial<ReplicaState> = {}) => restore(replicaMachine, 'viewChange', base(c, { status: 'view-change', ...over }));
const dvc = (from: string, to: string, view: number): DoViewChangeMsg => ({ type: 'vr.do-view-change', from, to, view, log: [], lastNormal: 0, commit: 0 });

describe('first boot (§4)', () => {
  it('a backup starts normal in view 0 with every list empty', () => {
    const c = cfg('r1');
    expect(start(replicaMachine, c).next.context).toEqual(base(c, {}));
  });
});

describe('view change with f = 2 (N = 5, §4.2 step 2)', () => {
  it('one StartViewChange makes a backup join the view but not send DoViewChange; the second (f) does', () => {
    const c = cfg('r2', FIVE);
    const joined = step(replicaMachine, normal(c), { type: 'vr.start-view-change', from: 'r3', to: 'r2', view: 1 });
    expect(joined.next.value).toBe('viewChange');
    expect(joined.next.context.startViewChanges).toEqual(['r3']);
    expect(joined.sent).toEqual(['r0', 'r1', 'r3', 'r4'].map((to) => ({ type: 'vr.start-view-change', from: 'r2', to, view: 1 })));
    const second = step(replicaMachine, joined.next, { type: 'vr.start-view-change', from: 'r0', to: 'r2', view: 1 });
    expect(second.next.context.startViewChanges).toEqual(['r0', 'r3']);
    expect(second.sent).toEqual([{ type: 'vr.do-view-change', from: 'r2', to: 'r1', view: 1, log: [], lastNormal: 0, commit: 0 }]);
  });

  it('the new primary keeps DoViewChange records sorted by sender, whatever the arrival order', () => {
    // r1 leads view 1; f + 1 = 3 records are needed, so two stay recorded.
    const { next } = steps(replicaMachine, changing(cfg('r1', FIVE), { view: 1 }), [dvc('r3', 'r1', 1), dvc('r2', 'r1', 1)]);
    expect(next.value).toBe('viewChange');
    expect(next.context.doViewChanges.map((r) => r.from)).toEqual(['r2', 'r3']);
  });
});

describe('messages a replica must not take', () => {
  it('a DoViewChange of a higher view sent to a replica that does not lead that view is dropped', () => {
    // r1, not r2, leads view 1.
    const s = normal(cfg('r2'));
    const { next, sent } = step(replicaMachine, s, dvc('r0', 'r2', 1));
    expect(next.value).toBe('normal');
    expect(next.context).toEqual(s.context);
    expect(sent).toEqual([]);
  });

  it('a DoViewChange of an earlier view led by the same replica is not recorded in the current view change', () => {
    // r1 leads views 1 and 4; it is changing to view 4 when a DoViewChange for view 1 arrives.
    const s = changing(cfg('r1'), { view: 4 });
    const { next, sent } = step(replicaMachine, s, dvc('r0', 'r1', 1));
    expect(next.context.doViewChanges).toEqual([]);
    expect(next.context).toEqual(s.context);
    expect(sent).toEqual([]);
  });

  it('a StartViewChange of an earlier view is not counted', () => {
    const s = changing(cfg('r2'), { view: 2 });
    const { next, sent } = step(replicaMachine, s, { type: 'vr.start-view-change', from: 'r0', to: 'r2', view: 1 });
    expect(next.context).toEqual(s.context);
    expect(sent).toEqual([]);
  });

  it('a PrepareOK of an earlier view commits nothing at the primary of a later view', () => {
    // r0 leads view 3 (3 mod 3 = 0); a PrepareOK from view 0 says nothing about view 3's log.
    const s = normal(cfg('r0'), { view: 3, lastNormal: 3, log: [A], acks: [0, 0, 0] });
    const { next, sent } = step(replicaMachine, s, { type: 'vr.prepare-ok', from: 'r1', to: 'r0', view: 0, opNumber: 1 });
    expect(next.context.executed).toEqual([]);
    expect(next.context).toEqual(s.context);
    expect(sent).toEqual([]);
  });
});

describe('a new view starts with no view-change bookkeeping (§4.2 step 5)', () => {
  it('StartView clears the counted StartViewChange and DoViewChange records', () => {
    const s = changing(cfg('r2'), { view: 1, startViewChanges: ['r0'] });
    const { next } = step(replicaMachine, s, { type: 'vr.start-view', from: 'r1', to: 'r2', view: 1, log: [A], commit: 1 });
    expect(next.value).toBe('normal');
    expect(next.context).toMatchObject({ view: 1, lastNormal: 1, log: [A], executed: [A] });
    expect(next.context.startViewChanges).toEqual([]);
    expect(next.context.doViewChanges).toEqual([]);
    // A backup of the new view keeps no PrepareOK tally (acks are a normal primary's only).
    expect(next.context.acks).toEqual([]);
  });
});

describe('recovery records (§4.3 step 3)', () => {
  it('are kept sorted by sender, whatever the arrival order', () => {
    // r2 led view 2 before it crashed: r0 and r1 answer as backups of view 2 (no log), so r2 keeps waiting.
    const booted = start(replicaMachine, { ...cfg('r2'), restarted: true }).next;
    const recovering = step(replicaMachine, restore(replicaMachine, 'restarted', booted.context), { type: 'RECOVER' }).next;
    const response = (from: string): RecoveryResponseMsg => ({ type: 'vr.recovery-response', from, to: 'r2', view: 2, nonce: 1, log: null, commit: null });
    const { next } = steps(replicaMachine, recovering, [response('r1'), response('r0')]);
    expect(next.value).toBe('recovering');
    expect(next.context.recoveryResponses.map((r) => r.from)).toEqual(['r0', 'r1']);
  });
});
