/**
 * The refusals of spec/vr/ignores.ts, one message type at a time, and the
 * §4.3 recovery rule of spec/vr/log.ts on records the rule must reject
 * (issue 14). Expectations come from the rules stated in ignores.ts' header
 * and in §4 of Liskov & Cowling (2012): a replica outside the recovering
 * status refuses a view-carrying protocol message of a view below its own;
 * a RecoveryResponse to a lower nonce, or to its own nonce unless it is
 * waiting for answers; nothing else.
 */
import { describe, expect, it } from 'vitest';
import type { Envelope } from '../../../spec/core/envelope.js';
import { vrIgnores } from '../../../spec/vr/ignores.js';
import { recoverySource, sameEntry } from '../../../spec/vr/log.js';
import type { LogEntry } from '../../../spec/vr/messages.js';

const A: LogEntry = { id: 'c0.0', op: { kind: 'write', value: 'a' } };
const replica = (value: string, view: number, nonce = 0, status = value === 'viewChange' ? 'view-change' : value === 'normal' ? 'normal' : 'recovering') => ({
  role: 'replica',
  value,
  context: { status, view, nonce },
});
const msg = (type: string, over: Record<string, unknown> = {}): Envelope => ({ type, from: 'r0', to: 'r1', ...over }) as Envelope;
const VIEW_TYPES = ['vr.prepare', 'vr.prepare-ok', 'vr.commit', 'vr.start-view-change', 'vr.do-view-change', 'vr.start-view'];

describe('vrIgnores: messages of an earlier view', () => {
  it('a normal or view-changing replica in view 2 refuses every view-carrying message of view 1, and none of view 2', () => {
    for (const node of [replica('normal', 2), replica('viewChange', 2)]) {
      expect(VIEW_TYPES.map((t) => vrIgnores(node, msg(t, { view: 1 })))).toEqual(VIEW_TYPES.map(() => true));
      expect(VIEW_TYPES.map((t) => vrIgnores(node, msg(t, { view: 2 })))).toEqual(VIEW_TYPES.map(() => false));
    }
  });

  it('a recovering replica refuses nothing, whatever view its context says', () => {
    for (const value of ['restarted', 'recovering']) {
      expect(VIEW_TYPES.map((t) => vrIgnores(replica(value, 2), msg(t, { view: 1 })))).toEqual(VIEW_TYPES.map(() => false));
    }
  });

  it('the clients node refuses nothing, even with a view-like context', () => {
    expect(vrIgnores({ role: 'clients', value: 'idle', context: { status: 'normal', view: 5, nonce: 3 } }, msg('vr.prepare', { view: 0 }))).toBe(false);
  });

  it('messages without a view (Recovery, requests, replies) are never refused', () => {
    for (const t of ['vr.recovery', 'mp.request', 'mp.reply']) expect(vrIgnores(replica('normal', 2, 1), msg(t, { nonce: 0 }))).toBe(false);
  });
});

describe('vrIgnores: RecoveryResponse by nonce', () => {
  const response = (nonce: number) => msg('vr.recovery-response', { view: 0, nonce, log: null, commit: null });

  it('a lower nonce is refused in every status', () => {
    for (const value of ['normal', 'viewChange', 'restarted', 'recovering']) expect(vrIgnores(replica(value, 0, 2), response(1))).toBe(true);
  });

  it('its own nonce: refused unless waiting for answers (recovering)', () => {
    expect(vrIgnores(replica('recovering', 0, 2), response(2))).toBe(false);
    expect(vrIgnores(replica('normal', 0, 2), response(2))).toBe(true);
    expect(vrIgnores(replica('restarted', 0, 2), response(2))).toBe(true);
  });

  it('a higher nonce is never refused (a later recovery will use it)', () => {
    for (const value of ['normal', 'restarted', 'recovering']) expect(vrIgnores(replica(value, 0, 2), response(3))).toBe(false);
  });
});

describe('recoverySource: f + 1 responses, one of them the log of the primary of the latest view', () => {
  const cfg = { replicas: ['r0', 'r1', 'r2'], f: 1 };
  it('a log from a replica that does not lead the latest view is not enough', () => {
    // View 1 is led by r1; r0's log (whatever it claims) is not the primary's.
    expect(recoverySource([{ from: 'r0', view: 1, log: [A], commit: 1 }, { from: 'r2', view: 1, log: null, commit: null }], cfg)).toBeNull();
  });

  it('the primary of the latest view must have sent its log, not null', () => {
    expect(recoverySource([{ from: 'r0', view: 1, log: null, commit: null }, { from: 'r1', view: 1, log: null, commit: null }], cfg)).toBeNull();
  });

  it('sameEntry: a missing entry is the same as nothing, on either side', () => {
    expect([sameEntry(A, undefined), sameEntry(undefined, A), sameEntry(undefined, undefined), sameEntry(A, { ...A })]).toEqual([false, false, false, true]);
  });
});
