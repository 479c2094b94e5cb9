/**
 * VR replica machine (Liskov & Cowling 2012, §4), one pure step at a time:
 * next context and messages sent. The recovering replica's side of §4.3
 * (restart, RECOVER, nonces, responses) is in recovery.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { VR_BUG_REPLICAS } from '../../../machines/vr/bugs.js';
import { replicaMachine } from '../../../machines/vr/replica.machine.js';
import type { DoViewChangeMsg, LogEntry, PrepareMsg, StartViewMsg } from '../../../spec/vr/messages.js';
import type { ReplicaConfig, ReplicaState } from '../../../spec/vr/state.js';
import { restore, start, step, steps } from '../../helpers/machines.js';

const cfg = (self: string, over: Partial<ReplicaConfig> = {}): ReplicaConfig => ({
  self,
  replicas: ['r0', 'r1', 'r2'],
  f: 1,
  maxView: 2,
  clients: 'clients',
  commitMessages: true,
  ...over,
});
const A: LogEntry = { id: 'c0.0', op: { kind: 'write', value: 'a' } };
const B: LogEntry = { id: 'c0.1', op: { kind: 'read' } };
const C: LogEntry = { id: 'c1.0', op: { kind: 'write', value: 'c' } };
const base = (self: string, c: Partial<ReplicaConfig>): ReplicaState => ({
  cfg: cfg(self, c),
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
});
const normal = (self: string, over: Partial<ReplicaState> = {}, c: Partial<ReplicaConfig> = {}) =>
  restore(replicaMachine, 'normal', { ...base(self, c), ...over });
const changing = (self: string, over: Partial<ReplicaState> = {}, c: Partial<ReplicaConfig> = {}) =>
  restore(replicaMachine, 'viewChange', { ...base(self, c), status: 'view-change', ...over });
const prepare = (over: Partial<PrepareMsg>): PrepareMsg => ({ type: 'vr.prepare', from: 'r0', to: 'r1', view: 0, entry: A, opNumber: 1, commit: 0, ...over });
const dvc = (over: Partial<DoViewChangeMsg>): DoViewChangeMsg => ({ type: 'vr.do-view-change', from: 'r0', to: 'r1', view: 1, log: [], lastNormal: 0, commit: 0, ...over });

describe('start (§4)', () => {
  it('view 0, normal, empty logs; r0 is the primary; nothing sent', () => {
    const r0 = start(replicaMachine, cfg('r0'));
    expect(r0.next.value).toBe('normal');
    expect(r0.next.context).toMatchObject({ status: 'normal', view: 0, lastNormal: 0, log: [], executed: [], acks: [0, 0, 0] });
    const r1 = start(replicaMachine, cfg('r1'));
    expect(r1.next.context.acks).toEqual([]);
    expect([...r0.sent, ...r1.sent]).toEqual([]);
  });
});

describe('normal operation (§4.1)', () => {
  it('the primary appends a request and sends Prepare with its commit-number to the backups; a repeated request is dropped', () => {
    const { next, sent } = step(replicaMachine, normal('r0', { acks: [0, 0, 0] }), { type: 'mp.request', from: 'clients', to: 'r0', entry: A });
    expect(next.context.log).toEqual([A]);
    expect(sent).toEqual([prepare({ to: 'r1' }), prepare({ to: 'r2' })]);
    expect(step(replicaMachine, next, { type: 'mp.request', from: 'clients', to: 'r0', entry: A }).sent).toEqual([]);
  });

  it('a backup drops a request (only the primary takes them)', () => {
    const { next, sent } = step(replicaMachine, normal('r1'), { type: 'mp.request', from: 'clients', to: 'r1', entry: A });
    expect(next.context.log).toEqual([]);
    expect(sent).toEqual([]);
  });

  it('a backup takes prepares in op-number order only, answers PrepareOK, and executes what the Prepare says is committed', () => {
    const early = step(replicaMachine, normal('r1'), prepare({ entry: B, opNumber: 2 }));
    expect(early.next.context.log).toEqual([]);
    expect(early.sent).toEqual([]);
    const { next, sent } = steps(replicaMachine, normal('r1'), [prepare({}), prepare({ entry: B, opNumber: 2, commit: 1 })]);
    expect(next.context.log).toEqual([A, B]);
    expect(next.context.executed).toEqual([A]);
    expect(sent).toEqual([
      { type: 'vr.prepare-ok', from: 'r1', to: 'r0', view: 0, opNumber: 1 },
      { type: 'vr.prepare-ok', from: 'r1', to: 'r0', view: 0, opNumber: 2 },
    ]);
  });

  it('a Prepare of another view is dropped', () => {
    expect(step(replicaMachine, normal('r1', { view: 1, lastNormal: 1 }), prepare({})).next.context.log).toEqual([]);
  });

  it('the primary commits with f PrepareOKs plus itself: executes, replies to the client, sends Commit; a late PrepareOK changes nothing', () => {
    const s = normal('r0', { log: [A], acks: [0, 0, 0] });
    const { next, sent } = step(replicaMachine, s, { type: 'vr.prepare-ok', from: 'r2', to: 'r0', view: 0, opNumber: 1 });
    expect(next.context.executed).toEqual([A]);
    expect(next.context.acks).toEqual([0, 0, 0]);
    expect(sent).toEqual([
      { type: 'mp.reply', from: 'r0', to: 'clients', id: 'c0.0', result: 'ok' },
      { type: 'vr.commit', from: 'r0', to: 'r1', view: 0, commit: 1 },
      { type: 'vr.commit', from: 'r0', to: 'r2', view: 0, commit: 1 },
    ]);
    const late = step(replicaMachine, next, { type: 'vr.prepare-ok', from: 'r1', to: 'r0', view: 0, opNumber: 1 });
    expect(late.next.context).toEqual(next.context);
    expect(late.sent).toEqual([]);
  });

  it('with N = 5 (f = 2), one PrepareOK is not enough', () => {
    const five = { replicas: ['r0', 'r1', 'r2', 'r3', 'r4'], f: 2 };
    const s = normal('r0', { log: [A], acks: [0, 0, 0, 0, 0] }, five);
    const one = step(replicaMachine, s, { type: 'vr.prepare-ok', from: 'r1', to: 'r0', view: 0, opNumber: 1 });
    expect(one.next.context.executed).toEqual([]);
    expect(one.next.context.acks).toEqual([0, 1, 0, 0, 0]);
    const two = step(replicaMachine, one.next, { type: 'vr.prepare-ok', from: 'r3', to: 'r0', view: 0, opNumber: 1 });
    expect(two.next.context.executed).toEqual([A]);
  });

  it('without Commit messages the primary still commits, and sends only the reply', () => {
    const s = normal('r0', { log: [A], acks: [0, 0, 0] }, { commitMessages: false });
    const { sent } = step(replicaMachine, s, { type: 'vr.prepare-ok', from: 'r1', to: 'r0', view: 0, opNumber: 1 });
    expect(sent.map((m) => m.type)).toEqual(['mp.reply']);
  });

  it('a backup executes on Commit, but only as far as its log goes', () => {
    const { next } = step(replicaMachine, normal('r1', { log: [A] }), { type: 'vr.commit', from: 'r0', to: 'r1', view: 0, commit: 2 });
    expect(next.context.executed).toEqual([A]);
  });
});

describe('view change (§4.2)', () => {
  it('a backup times out: next view, view-change status, StartViewChange to the others; the primary never times out', () => {
    const { next, sent } = step(replicaMachine, normal('r2'), { type: 'TIMEOUT' });
    expect(next.value).toBe('viewChange');
    expect(next.context).toMatchObject({ status: 'view-change', view: 1, lastNormal: 0 });
    expect(sent).toEqual([
      { type: 'vr.start-view-change', from: 'r2', to: 'r0', view: 1 },
      { type: 'vr.start-view-change', from: 'r2', to: 'r1', view: 1 },
    ]);
    expect(normal('r0', { acks: [0, 0, 0] }).can({ type: 'TIMEOUT' })).toBe(false);
    expect(normal('r1', { view: 2, lastNormal: 2 }).can({ type: 'TIMEOUT' })).toBe(false);
  });

  it('a StartViewChange of a higher view: join it, and with f of them send DoViewChange (log, v′, k) to the new primary', () => {
    const { next, sent } = step(replicaMachine, normal('r0', { log: [A, B], executed: [A], acks: [0, 0, 0] }), { type: 'vr.start-view-change', from: 'r2', to: 'r0', view: 1 });
    expect(next.value).toBe('viewChange');
    expect(next.context).toMatchObject({ view: 1, lastNormal: 0, acks: [], startViewChanges: ['r2'] });
    expect(sent).toEqual([
      { type: 'vr.start-view-change', from: 'r0', to: 'r1', view: 1 },
      { type: 'vr.start-view-change', from: 'r0', to: 'r2', view: 1 },
      { type: 'vr.do-view-change', from: 'r0', to: 'r1', view: 1, log: [A, B], lastNormal: 0, commit: 1 },
    ]);
  });

  it('the new primary waits for f + 1 DoViewChange messages, its own included, then takes the log with the largest (v′, n) and sends StartView', () => {
    // r1 timed out (view 1); r2's StartViewChange gives it f: its own DoViewChange is recorded, not sent.
    const joined = step(replicaMachine, changing('r1', { view: 1, log: [C], lastNormal: 0 }), { type: 'vr.start-view-change', from: 'r2', to: 'r1', view: 1 });
    expect(joined.next.value).toBe('viewChange');
    expect(joined.sent).toEqual([]);
    expect(joined.next.context.doViewChanges).toEqual([{ from: 'r1', log: [C], lastNormal: 0, commit: 0 }]);
    // r0's log is longer, of the same last normal view: it wins; the commit-number is the largest.
    const { next, sent } = step(replicaMachine, joined.next, dvc({ log: [A, B], lastNormal: 0, commit: 1 }));
    expect(next.value).toBe('normal');
    expect(next.context).toMatchObject({ status: 'normal', view: 1, lastNormal: 1, log: [A, B], executed: [A], acks: [0, 0, 0], doViewChanges: [], startViewChanges: [] });
    expect(sent).toEqual([
      { type: 'vr.start-view', from: 'r1', to: 'r0', view: 1, log: [A, B], commit: 1 },
      { type: 'vr.start-view', from: 'r1', to: 'r2', view: 1, log: [A, B], commit: 1 },
      { type: 'mp.reply', from: 'r1', to: 'clients', id: 'c0.0', result: 'ok' },
    ]);
  });

  it('the latest last-normal view wins over a longer log; log-by-opnumber takes the longer one', () => {
    const s = changing('r2', { view: 2, lastNormal: 1, log: [C], startViewChanges: ['r0'], doViewChanges: [{ from: 'r2', log: [C], lastNormal: 1, commit: 0 }] });
    const msg = dvc({ to: 'r2', view: 2, log: [A, B], lastNormal: 0 });
    expect(step(replicaMachine, s, msg).next.context.log).toEqual([C]);
    const byOpNumber = VR_BUG_REPLICAS['log-by-opnumber'];
    expect(step(byOpNumber, restore(byOpNumber, 'viewChange', s.context), msg).next.context.log).toEqual([A, B]);
  });

  it('view-change-quorum-f: the new primary starts the view from its own DoViewChange alone', () => {
    const quorumF = VR_BUG_REPLICAS['view-change-quorum-f'];
    const s = restore(quorumF, 'viewChange', changing('r1', { view: 1 }).context);
    const { next, sent } = step(quorumF, s, { type: 'vr.start-view-change', from: 'r2', to: 'r1', view: 1 });
    expect(next.value).toBe('normal');
    expect(sent.map((m) => m.type)).toEqual(['vr.start-view', 'vr.start-view']);
    // The correct protocol waits.
    expect(step(replicaMachine, changing('r1', { view: 1 }), { type: 'vr.start-view-change', from: 'r2', to: 'r1', view: 1 }).next.value).toBe('viewChange');
  });

  it('a DoViewChange of a higher view makes its primary join the view change and keep it', () => {
    const { next, sent } = step(replicaMachine, normal('r1'), dvc({ from: 'r2', log: [A] }));
    expect(next.value).toBe('viewChange');
    expect(next.context.doViewChanges).toEqual([{ from: 'r2', log: [A], lastNormal: 0, commit: 0 }]);
    expect(sent.map((m) => m.type)).toEqual(['vr.start-view-change', 'vr.start-view-change']);
  });

  it('StartView: take the log and view, become normal, PrepareOK the uncommitted ops, execute the committed', () => {
    const sv: StartViewMsg = { type: 'vr.start-view', from: 'r1', to: 'r2', view: 1, log: [A, B], commit: 1 };
    const { next, sent } = step(replicaMachine, changing('r2', { view: 1, startViewChanges: ['r0'] }), sv);
    expect(next.value).toBe('normal');
    expect(next.context).toMatchObject({ status: 'normal', view: 1, lastNormal: 1, log: [A, B], executed: [A], startViewChanges: [] });
    expect(sent).toEqual([{ type: 'vr.prepare-ok', from: 'r2', to: 'r1', view: 1, opNumber: 2 }]);
    // A replica still in view 0 takes it too; a StartView of an older view is dropped.
    expect(step(replicaMachine, normal('r0', { acks: [0, 0, 0] }), { ...sv, to: 'r0' }).next.context.view).toBe(1);
    expect(step(replicaMachine, changing('r2', { view: 2 }), sv).next.context.view).toBe(2);
  });

  it('in the view-change status the timer moves on to the next view, within V', () => {
    const { next } = step(replicaMachine, changing('r2', { view: 1, startViewChanges: ['r0'] }), { type: 'TIMEOUT' });
    expect(next.context).toMatchObject({ view: 2, startViewChanges: [] });
    expect(changing('r2', { view: 2 }).can({ type: 'TIMEOUT' })).toBe(false);
  });
});

// The recovering side of §4.3 (restart, nonce, responses) is in recovery.test.ts.
describe('recovery (§4.3): the replicas that answer', () => {
  it('a normal replica answers Recovery; only the primary sends its log and commit-number; a replica changing views does not answer', () => {
    const ask = { type: 'vr.recovery' as const, from: 'r2', to: 'r0', nonce: 3 };
    expect(step(replicaMachine, normal('r0', { log: [A, B], executed: [A], acks: [0, 0, 0] }), ask).sent).toEqual([
      { type: 'vr.recovery-response', from: 'r0', to: 'r2', view: 0, nonce: 3, log: [A, B], commit: 1 },
    ]);
    expect(step(replicaMachine, normal('r1', { log: [A] }), { ...ask, to: 'r1' }).sent).toEqual([
      { type: 'vr.recovery-response', from: 'r1', to: 'r2', view: 0, nonce: 3, log: null, commit: null },
    ]);
    expect(step(replicaMachine, changing('r1', { view: 1 }), { ...ask, to: 'r1' }).sent).toEqual([]);
  });
});
