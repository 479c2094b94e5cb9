/**
 * Gaps left by view-change-rules (spec/pbft/view-change.ts, Castro & Liskov
 * §4.4), on hand-made replica states and messages: comparing certificate
 * and assignment lists element by element, superseding older certificates by
 * the current view's, leaving a view whose log holds an unprepared
 * pre-prepare, dropping view-change messages below the view joined, O's tie
 * between two certificates of one view and digest, and a new-view for a view
 * past the bounds. n = 4, f = 1: Q = 3, prepared at 2 prepares; S = 2; V = 3.
 */
import { describe, expect, it } from 'vitest';
import type { Assignment, Certificate, NewViewMsg, PbftRequest } from '../../../spec/pbft/messages.js';
import type { ReplicaConfig, ReplicaState } from '../../../spec/pbft/state.js';
import {
  acceptsNewView,
  archive,
  computeNewView,
  preparedCertificates,
  sameAssignments,
  sameCertificates,
  startViewChange,
} from '../../../spec/pbft/view-change.js';
import { pbftConfig, pbftReplica } from '../../helpers/pbft-replica.js';

const A: PbftRequest = { id: 'c0.0', op: { kind: 'write', value: 'a' } };
const A2: PbftRequest = { id: 'c0.0', op: { kind: 'write', value: 'z' } };
const B: PbftRequest = { id: 'c1.0', op: { kind: 'read' } };
const R = ['r0', 'r1', 'r2', 'r3'];

const cfg = (self: string): ReplicaConfig => pbftConfig(self);
const rs = (self: string, over: Partial<ReplicaState> = {}): ReplicaState => pbftReplica(self, over);

describe('sameCertificates and sameAssignments compare every element', () => {
  it('lists of one length that differ at the second element are not the same', () => {
    // First elements equal, second differ (seq 2: c1.0 vs null): not the same list.
    const p: Certificate[] = [{ view: 0, seq: 1, request: A }, { view: 0, seq: 2, request: B }];
    const q: Certificate[] = [{ view: 0, seq: 1, request: A }, { view: 0, seq: 2, request: null }];
    expect(sameCertificates(p, q)).toBe(false);
    const o: Assignment[] = [{ seq: 1, request: A }, { seq: 2, request: B }];
    const o2: Assignment[] = [{ seq: 1, request: A }, { seq: 2, request: null }];
    expect(sameAssignments(o, o2)).toBe(false);
    expect(sameAssignments(o, [...o])).toBe(true);
  });

  it('a list with a hole where the other has an element is not the same (no element to compare)', () => {
    // `new Array(1)` has length 1 but no element 0: the lengths agree, the elements do not.
    expect(sameCertificates([{ view: 0, seq: 1, request: A }], new Array<Certificate>(1))).toBe(false);
    expect(sameAssignments([{ seq: 1, request: A }], new Array<Assignment>(1))).toBe(false);
  });
});

describe('preparedCertificates: the current view’s certificate replaces the older one at its seq only', () => {
  it('prepared at seqs 1 and 2 in view 1 supersedes the view-0 certificate at seq 1', () => {
    // r1 in view 1 logged A at 1 and B at 2, each with 2 prepares (prepared); it kept (v0, seq 1, B) from view 0.
    // The highest-view one per seq: (v1, 1, A) and (v1, 2, B); the view-0 one at seq 1 is gone.
    const s = rs('r1', {
      view: 1,
      requests: [A, B],
      log: [{ seq: 1, request: A }, { seq: 2, request: B }],
      prepares: [{ seq: 1, digest: 'c0.0', from: null }, { seq: 2, digest: 'c1.0', from: null }],
      certificates: [{ view: 0, seq: 1, request: B }],
    });
    expect(preparedCertificates(s)).toEqual([
      { view: 1, seq: 1, request: A },
      { view: 1, seq: 2, request: B },
    ]);
  });
});

describe('archive: leaving a view drops its log', () => {
  it('a log with an unprepared pre-prepare (no prepares, no commits) is dropped; no certificate comes of it', () => {
    const s = rs('r1', { requests: [A], log: [{ seq: 1, request: A }] });
    const left = archive(s);
    expect(left.log).toEqual([]);
    expect(left.certificates).toEqual([]);
    expect(left.evidence).toEqual([]);
  });
});

describe('startViewChange: the view-change messages kept', () => {
  it('joining view 2, r0 drops the message it held for view 1 and keeps those for view 2, its own added', () => {
    // r0 in view 0 held view-change(1) from r1 and view-change(2) from r3. Moving to view 2 (§4.4) it keeps only
    // those for views >= 2: (2, r0) its own and (2, r3), sorted by (view, from).
    const s = rs('r0', {
      viewChanges: [
        { view: 1, from: 'r1', prepared: [] },
        { view: 2, from: 'r3', prepared: [] },
      ],
    });
    const { state } = startViewChange(s, 2);
    expect(state.view).toBe(2);
    expect(state.viewChanges).toEqual([
      { view: 2, from: 'r0', prepared: [] },
      { view: 2, from: 'r3', prepared: [] },
    ]);
  });
});

describe('computeNewView: a tie in view and digest keeps the first certificate', () => {
  it('two certificates for (v0, seq 1) with the digest c0.0 but different commands: the first in V wins', () => {
    // Ties are broken by a strictly smaller digest only; equal digests leave the one found first (r1's, A).
    const o = computeNewView(
      [
        { from: 'r1', prepared: [{ view: 0, seq: 1, request: A }] },
        { from: 'r2', prepared: [{ view: 0, seq: 1, request: A2 }] },
      ],
      null,
    );
    expect(o).toEqual([{ seq: 1, request: A }]);
  });
});

describe('acceptsNewView: a view past the bounds', () => {
  it('r0 refuses a new-view for view 3 = V, otherwise acceptable, and accepts the same one for view 2', () => {
    // V = 3: views 0..2. r3 leads view 3 (3 mod 4) and r2 leads view 2. r0 holds view-change messages from r1, r2, r3
    // for the view, V names them (Q = 3, distinct, sorted), and O = ∅ (no certificates): only the bound differs.
    const newView = (view: number, from: string): NewViewMsg => ({
      type: 'pbft.new-view',
      from,
      to: 'r0',
      view,
      viewChanges: ['r1', 'r2', 'r3'].map((f) => ({ from: f, prepared: [] })),
      preprepares: [],
    });
    const holding = (view: number) => rs('r0', { viewChanges: ['r1', 'r2', 'r3'].map((from) => ({ view, from, prepared: [] })) });
    expect(acceptsNewView(holding(2), newView(2, 'r2'), false)).toBe(true);
    expect(acceptsNewView(holding(3), newView(3, 'r3'), false)).toBe(false);
  });
});
