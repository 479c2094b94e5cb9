/** The pure rules of VR (spec/vr/log.ts) and its properties (spec/vr/invariants.ts), checked directly. */
import { describe, expect, it } from 'vitest';
import { committedUpTo, doViewChangeQuorum, largestCommit, primaryOf, recoverySource, selectLog } from '../../../spec/vr/log.js';
import { agreementHolds, committedSurvivesHolds, prefixHolds, type ReplicaView } from '../../../spec/vr/invariants.js';
import type { LogEntry } from '../../../spec/vr/messages.js';
import type { DoViewChangeRecord } from '../../../spec/vr/state.js';

const A: LogEntry = { id: 'c0.0', op: { kind: 'write', value: 'a' } };
const B: LogEntry = { id: 'c1.0', op: { kind: 'read' } };
const C: LogEntry = { id: 'c2.0', op: { kind: 'write', value: 'c' } };
const cfg = { replicas: ['r0', 'r1', 'r2'], f: 1 };
const rec = (from: string, log: LogEntry[], lastNormal: number, commit = 0): DoViewChangeRecord => ({ from, log, lastNormal, commit });

describe('rules', () => {
  it('primaries go round-robin', () => expect([0, 1, 2, 3, 4].map((v) => primaryOf(cfg, v))).toEqual(['r0', 'r1', 'r2', 'r0', 'r1']));

  it('the primary commits op n once f backups acknowledged n or more (its own slot never counts)', () => {
    expect(committedUpTo([0, 0, 0], 0, 2, 1, 0)).toBe(0);
    expect(committedUpTo([0, 2, 0], 0, 2, 1, 0)).toBe(2);
    expect(committedUpTo([5, 0, 0], 0, 2, 1, 0)).toBe(0);
    expect(committedUpTo([0, 1, 2], 0, 2, 2, 0)).toBe(1);
  });

  it("selectLog: the largest v', then the largest n; under log-by-opnumber the largest n alone", () => {
    const records = [rec('r0', [A, B], 0), rec('r2', [C], 1)];
    expect(selectLog(records, null).from).toBe('r2');
    expect(selectLog(records, 'log-by-opnumber').from).toBe('r0');
    expect(selectLog([rec('r0', [A], 1), rec('r2', [A, B], 1)], null).from).toBe('r2');
    expect(() => selectLog([], null)).toThrow(RangeError);
    expect(largestCommit([rec('r0', [], 0, 2), rec('r2', [], 0, 1)])).toBe(2);
  });

  it('the DoViewChange quorum is f + 1, f under view-change-quorum-f', () => {
    expect(doViewChangeQuorum({ f: 1, bug: null })).toBe(2);
    expect(doViewChangeQuorum({ f: 1, bug: 'view-change-quorum-f' })).toBe(1);
  });

  it('recovery needs f + 1 responses, one from the primary of the latest view reported', () => {
    const primary1 = { from: 'r1', view: 1, log: [A], commit: 1 };
    const backup0 = { from: 'r0', view: 0, log: null, commit: null };
    const backup1 = { from: 'r0', view: 1, log: null, commit: null };
    expect(recoverySource([primary1], cfg)).toBeNull();
    expect(recoverySource([backup1, primary1], cfg)).toEqual(primary1);
    expect(recoverySource([backup0, primary1], cfg)).toEqual(primary1);
    // r0 reports view 2 (its primary r2 has not answered): wait.
    expect(recoverySource([{ ...backup1, view: 2 }, primary1], cfg)).toBeNull();
  });
});

describe('properties', () => {
  const r = (over: Partial<ReplicaView>): ReplicaView => ({ status: 'normal', view: 0, log: [], executed: [], ...over });

  it('agreement: executed sequences are prefixes of one another', () => {
    expect(agreementHolds([r({ executed: [A] }), r({ executed: [A, B] })])).toBe(true);
    expect(agreementHolds([r({ executed: [A] }), r({ executed: [B] })])).toBe(false);
  });

  it("prefix: the committed parts of the logs agree (a missing committed entry counts as a difference)", () => {
    expect(prefixHolds([r({ log: [A, B], executed: [A] }), r({ log: [A, C], executed: [A] })])).toBe(true);
    expect(prefixHolds([r({ log: [C, B], executed: [A] }), r({ log: [A], executed: [A] })])).toBe(false);
    expect(prefixHolds([r({ log: [], executed: [A] }), r({ log: [A], executed: [A] })])).toBe(false);
  });

  it('committed-survives: a replica normal in a later view holds what an earlier-view replica executed', () => {
    const old = r({ view: 1, log: [C], executed: [C] });
    expect(committedSurvivesHolds([old, r({ view: 2, log: [C, A] })])).toBe(true);
    expect(committedSurvivesHolds([old, r({ view: 2, log: [A, B] })])).toBe(false);
    // Not normal yet, or not later: no claim.
    expect(committedSurvivesHolds([old, r({ view: 2, status: 'view-change', log: [A, B] })])).toBe(true);
    expect(committedSurvivesHolds([old, r({ view: 1, log: [] })])).toBe(true);
  });
});
