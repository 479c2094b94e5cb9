/**
 * The view-change rules of spec/pbft/view-change.ts (Castro & Liskov, OSDI
 * 1999, §4.4), one condition at a time, on hand-made replica states: what a
 * replica keeps when it leaves a view, which certificates it confirms, which
 * view-change and new-view messages it accepts (at and one past each bound),
 * when it joins a view change (f+1 senders) and when the new primary starts
 * its view (a quorum, its own included). n = 4, f = 1: Q = 3; S = 2; V = 3.
 */
import { describe, expect, it } from 'vitest';
import type { Certificate, NewViewMsg, PbftRequest, ViewChangeMsg } from '../../../spec/pbft/messages.js';
import type { ReplicaConfig, ReplicaState, ViewChangeEntry } from '../../../spec/pbft/state.js';
import {
  acceptsNewView,
  acceptsViewChange,
  archive,
  canStartView,
  enterNewView,
  hasViewLeft,
  isConfirmed,
  isWaiting,
  isWellFormedP,
  preparedCertificates,
  sameAssignments,
  sameCertificates,
  startView,
  viewChangesFor,
  viewToJoin,
} from '../../../spec/pbft/view-change.js';
import { pbftConfig, pbftReplica } from '../../helpers/pbft-replica.js';

const A: PbftRequest = { id: 'c0.0', op: { kind: 'write', value: 'a' } };
const A2: PbftRequest = { id: 'c0.0', op: { kind: 'write', value: 'z' } };
const B: PbftRequest = { id: 'c1.0', op: { kind: 'read' } };
const R = ['r0', 'r1', 'r2', 'r3'];

const cfg = (self: string, over: Partial<ReplicaConfig> = {}): ReplicaConfig => pbftConfig(self, { ...over });
const rs = (self: string, over: Partial<ReplicaState> = {}, c: Partial<ReplicaConfig> = {}): ReplicaState => pbftReplica(self, over, { ...c });
const vc = (from: string, view: number, prepared: Certificate[] = []): ViewChangeMsg => ({ type: 'pbft.view-change', from, to: 'r2', view, prepared });
const entry = (from: string, view: number, prepared: Certificate[] = []): ViewChangeEntry => ({ view, from, prepared });

describe('comparing certificates and assignments', () => {
  it('sameCertificates: same length, and per position the same view, seq and request', () => {
    const c: Certificate = { view: 0, seq: 1, request: A };
    expect(sameCertificates([c], [{ ...c }])).toBe(true);
    expect(sameCertificates([], [])).toBe(true);
    expect(sameCertificates([c], [])).toBe(false);
    expect(sameCertificates([], [c])).toBe(false);
    expect(sameCertificates([c], [{ ...c, view: 1 }])).toBe(false);
    expect(sameCertificates([c], [{ ...c, seq: 2 }])).toBe(false);
    expect(sameCertificates([c], [{ ...c, request: A2 }])).toBe(false);
    expect(sameCertificates([c], [{ ...c, request: null }])).toBe(false);
  });

  it('sameAssignments: same length, and per position the same seq and request', () => {
    expect(sameAssignments([{ seq: 1, request: null }], [{ seq: 1, request: null }])).toBe(true);
    expect(sameAssignments([{ seq: 1, request: A }], [{ seq: 2, request: A }])).toBe(false);
    expect(sameAssignments([{ seq: 1, request: A }], [{ seq: 1, request: B }])).toBe(false);
    expect(sameAssignments([{ seq: 1, request: A }], [])).toBe(false);
    expect(sameAssignments([], [{ seq: 1, request: A }])).toBe(false);
  });
});

describe('leaving a view', () => {
  it('preparedCertificates: the current view’s prepared ones replace older ones per seq, sorted by seq', () => {
    const s = rs('r2', {
      view: 1,
      log: [{ seq: 1, request: B }],
      prepares: [{ seq: 1, digest: 'c1.0', from: null }],
      certificates: [{ view: 0, seq: 1, request: A }, { view: 0, seq: 2, request: A }],
    });
    expect(preparedCertificates(s)).toEqual([{ view: 1, seq: 1, request: B }, { view: 0, seq: 2, request: A }]);
    const none = rs('r2', { log: [{ seq: 1, request: B }], certificates: [{ view: 0, seq: 2, request: A }] });
    expect(preparedCertificates(none)).toBe(none.certificates);
  });

  it('archive keeps evidence for tallies at prepareQuorum (not one below) and empties the log and tallies', () => {
    const s = rs('r2', {
      view: 1,
      log: [{ seq: 1, request: A }],
      prepares: [{ seq: 1, digest: 'c0.0', from: ['r2', 'r3'] }, { seq: 2, digest: 'c1.0', from: ['r3'] }],
      commits: [{ seq: 1, digest: 'c0.0', from: ['r2'] }],
      evidence: [{ view: 0, seq: 2, digest: 'c1.0' }],
    });
    const a = archive(s);
    expect(a.evidence).toEqual([{ view: 0, seq: 2, digest: 'c1.0' }, { view: 1, seq: 1, digest: 'c0.0' }]);
    expect(a.certificates).toEqual([{ view: 1, seq: 1, request: A }]);
    expect([a.log, a.prepares, a.commits]).toEqual([[], [], []]);
    const empty = rs('r2', { view: 1 });
    expect(archive(empty)).toBe(empty);
    expect(archive(rs('r2', { commits: [{ seq: 1, digest: 'c0.0', from: ['r1'] }] })).commits).toEqual([]);
    expect(archive(rs('r2', { prepares: [{ seq: 1, digest: 'c0.0', from: ['r1'] }] })).prepares).toEqual([]);
  });
});

describe('isConfirmed: the receiver’s own quorum of prepares, for a request it holds', () => {
  it('a certificate of the current view: counted prepares, at the quorum and not one below', () => {
    const s = (from: string[]) => rs('r2', { requests: [A], prepares: [{ seq: 1, digest: 'c0.0', from }] });
    expect(isConfirmed(s(['r1', 'r3']), { view: 0, seq: 1, request: A })).toBe(true);
    expect(isConfirmed(s(['r1']), { view: 0, seq: 1, request: A })).toBe(false);
  });

  it('an earlier view: evidence matching view, seq and digest', () => {
    const s = rs('r2', { view: 2, requests: [A], evidence: [{ view: 1, seq: 1, digest: 'c0.0' }] });
    expect(isConfirmed(s, { view: 1, seq: 1, request: A })).toBe(true);
    expect(isConfirmed(s, { view: 0, seq: 1, request: A })).toBe(false);
    expect(isConfirmed(s, { view: 1, seq: 2, request: A })).toBe(false);
    expect(isConfirmed(s, { view: 1, seq: 1, request: null })).toBe(false);
  });

  it('a request it does not hold (or holds with another command) is never confirmed; the null request needs no holding', () => {
    const s = rs('r2', { view: 2, requests: [A2], evidence: [{ view: 1, seq: 1, digest: 'c0.0' }, { view: 1, seq: 2, digest: null }] });
    expect(isConfirmed(s, { view: 1, seq: 1, request: A })).toBe(false);
    expect(isConfirmed(s, { view: 1, seq: 2, request: null })).toBe(true);
    expect(isConfirmed(rs('r2', {}, { verifyRequests: false, prepareQuorum: 0 }), { view: 1, seq: 1, request: B })).toBe(true);
  });

  it('with prepareQuorum 0 (f = 0) any held request is confirmed; one not held still is not', () => {
    const s = rs('r2', { requests: [A] }, { prepareQuorum: 0 });
    expect(isConfirmed(s, { view: 0, seq: 1, request: A })).toBe(true);
    expect(isConfirmed(s, { view: 0, seq: 1, request: B })).toBe(false);
  });
});

describe('isWellFormedP', () => {
  it('bounds: seq 1..S, view 0..view−1, integers; strictly increasing seqs', () => {
    expect(isWellFormedP([], 1, 2)).toBe(true);
    expect(isWellFormedP([{ view: 0, seq: 1, request: A }, { view: 1, seq: 2, request: B }], 2, 2)).toBe(true);
    expect(isWellFormedP([{ view: 0, seq: 0, request: A }], 2, 2)).toBe(false);
    expect(isWellFormedP([{ view: 0, seq: 3, request: A }], 2, 2)).toBe(false);
    expect(isWellFormedP([{ view: 0, seq: 1.5, request: A }], 2, 2)).toBe(false);
    expect(isWellFormedP([{ view: -1, seq: 1, request: A }], 2, 2)).toBe(false);
    expect(isWellFormedP([{ view: 0.5, seq: 1, request: A }], 2, 2)).toBe(false);
    expect(isWellFormedP([{ view: 2, seq: 1, request: A }], 2, 2)).toBe(false);
    expect(isWellFormedP([{ view: 0, seq: 1, request: A }, { view: 0, seq: 1, request: B }], 2, 2)).toBe(false);
    expect(isWellFormedP([{ view: 0, seq: 2, request: A }, { view: 0, seq: 1, request: B }], 2, 2)).toBe(false);
  });
});

describe('acceptsViewChange', () => {
  const s = (over: Partial<ReplicaState> = {}) => rs('r2', { view: 1, ...over });
  it('normal: a view above its own, within V, a new sender, well formed and confirmed', () => {
    expect(acceptsViewChange(s(), vc('r1', 2), false)).toBe(true);
    expect(acceptsViewChange(s(), vc('r1', 1), false)).toBe(false);
    expect(acceptsViewChange(s(), vc('r1', 1), true)).toBe(true);
    expect(acceptsViewChange(s(), vc('r1', 0), true)).toBe(false);
    expect(acceptsViewChange(s(), vc('r1', 3), false)).toBe(false);
    expect(acceptsViewChange(s(), vc('r1', 2.5), false)).toBe(false);
    expect(acceptsViewChange(s(), vc('r2', 2), false)).toBe(false);
    expect(acceptsViewChange(s({ viewChanges: [entry('r1', 2)] }), vc('r1', 2), false)).toBe(false);
    expect(acceptsViewChange(s({ viewChanges: [entry('r1', 1)] }), vc('r1', 2), false)).toBe(true);
    expect(acceptsViewChange(s({ viewChanges: [entry('r3', 2)] }), vc('r1', 2), false)).toBe(true);
    expect(acceptsViewChange(s(), vc('r1', 2, [{ view: 2, seq: 1, request: A }]), false)).toBe(false);
    expect(acceptsViewChange(s(), vc('r1', 2, [{ view: 0, seq: 1, request: A }]), false)).toBe(false);
    const confirmed = s({ requests: [A], evidence: [{ view: 0, seq: 1, digest: 'c0.0' }] });
    expect(acceptsViewChange(confirmed, vc('r1', 2, [{ view: 0, seq: 1, request: A }]), false)).toBe(true);
    expect(acceptsViewChange(confirmed, vc('r1', 2, [{ view: 0, seq: 1, request: A }, { view: 0, seq: 2, request: A }]), false)).toBe(false);
  });
});

describe('joining and starting a view', () => {
  it('viewToJoin: f+1 = 2 distinct senders for views above its own, the smallest of them', () => {
    expect(viewToJoin(rs('r0', { viewChanges: [entry('r1', 1)] }))).toBeNull();
    expect(viewToJoin(rs('r0', { viewChanges: [entry('r1', 1), entry('r1', 2)] }))).toBeNull();
    expect(viewToJoin(rs('r0', { viewChanges: [entry('r1', 2), entry('r3', 1)] }))).toBe(1);
    expect(viewToJoin(rs('r0', { view: 1, viewChanges: [entry('r1', 1), entry('r3', 2)] }))).toBeNull();
    expect(viewToJoin(rs('r0', { view: 1, viewChanges: [entry('r1', 2), entry('r3', 2)] }))).toBe(2);
  });

  it('hasViewLeft: a view below V − 1; isWaiting: a backup holding an unexecuted request', () => {
    expect(hasViewLeft(rs('r1', { view: 1 }))).toBe(true);
    expect(hasViewLeft(rs('r1', { view: 2 }))).toBe(false);
    expect(isWaiting(rs('r1', { requests: [A] }))).toBe(true);
    expect(isWaiting(rs('r1', { requests: [A], executed: ['c0.0'] }))).toBe(false);
    expect(isWaiting(rs('r1', { requests: [A, B], executed: ['c0.0'] }))).toBe(true);
    expect(isWaiting(rs('r0', { requests: [A] }))).toBe(false);
    expect(isWaiting(rs('r1'))).toBe(false);
  });

  it('canStartView: the view’s primary, its own view-change held, Q = 3 of them for that view', () => {
    const three = [entry('r0', 1), entry('r1', 1), entry('r3', 1)];
    expect(canStartView(rs('r1', { view: 1, viewChanges: three }))).toBe(true);
    expect(canStartView(rs('r1', { view: 1, viewChanges: three.slice(0, 2) }))).toBe(false);
    expect(canStartView(rs('r1', { view: 1, viewChanges: [entry('r0', 1), entry('r2', 1), entry('r3', 1)] }))).toBe(false);
    expect(canStartView(rs('r2', { view: 1, viewChanges: [entry('r0', 1), entry('r2', 1), entry('r3', 1)] }))).toBe(false);
    expect(canStartView(rs('r1', { view: 1, viewChanges: [entry('r0', 1), entry('r1', 1), entry('r3', 2)] }))).toBe(false);
    expect(viewChangesFor(rs('r1', { viewChanges: [entry('r0', 1), entry('r3', 2)] }), 2)).toEqual([entry('r3', 2)]);
  });

  it('startView: new-view to the others, O logged, view-changes up to the view settled, later ones kept', () => {
    const P: Certificate[] = [{ view: 0, seq: 2, request: A }];
    const s = rs('r1', { view: 1, requests: [B], viewChanges: [entry('r0', 1), entry('r1', 1, P), entry('r3', 1), entry('r0', 2)] }, { prepareQuorum: 2 });
    const { state, sent } = startView(s);
    const V = [{ from: 'r0', prepared: [] }, { from: 'r1', prepared: P }, { from: 'r3', prepared: [] }];
    const O = [{ seq: 1, request: null }, { seq: 2, request: A }];
    expect(sent.filter((m) => m.type === 'pbft.new-view')).toEqual(['r0', 'r2', 'r3'].map((to) => ({ type: 'pbft.new-view', from: 'r1', to, view: 1, viewChanges: V, preprepares: O })));
    // Then B takes the seq after O, if any: S = 2 is used up.
    expect(state.log).toEqual(O);
    expect(state.viewChanges).toEqual([entry('r0', 2)]);
  });
});

describe('acceptsNewView', () => {
  const P: Certificate[] = [{ view: 0, seq: 1, request: A }];
  /** r2 changing to view 1, holding view-changes from r1 (with P), r2 (its own, with P) and r3. */
  const s = (over: Partial<ReplicaState> = {}) =>
    rs('r2', { view: 1, requests: [A], evidence: [{ view: 0, seq: 1, digest: 'c0.0' }], viewChanges: [entry('r1', 1, P), entry('r2', 1, P), entry('r3', 1)], ...over });
  const nv = (over: Partial<NewViewMsg> = {}): NewViewMsg => ({
    type: 'pbft.new-view',
    from: 'r1',
    to: 'r2',
    view: 1,
    viewChanges: [{ from: 'r1', prepared: P }, { from: 'r2', prepared: P }, { from: 'r3', prepared: [] }],
    preprepares: [{ seq: 1, request: A }],
    ...over,
  });

  it('changing: its own view; normal: only a higher one', () => {
    expect(acceptsNewView(s(), nv(), true)).toBe(true);
    expect(acceptsNewView(s(), nv(), false)).toBe(false);
    expect(acceptsNewView(s({ view: 0 }), nv(), false)).toBe(true);
    expect(acceptsNewView(s({ view: 2 }), nv(), true)).toBe(false);
  });

  it('bounds and sender: view < V and an integer; from the view’s primary, not itself', () => {
    expect(acceptsNewView(s(), nv({ view: 3, from: 'r3' }), true)).toBe(false);
    expect(acceptsNewView(s(), nv({ view: 1.5 }), true)).toBe(false);
    expect(acceptsNewView(s(), nv({ from: 'r0' }), true)).toBe(false);
    expect(acceptsNewView(rs('r1', { view: 1, viewChanges: s().viewChanges }), nv({ to: 'r1' }), true)).toBe(false);
  });

  it('V: a quorum of distinct senders in order, each a view-change it holds with the same P', () => {
    expect(acceptsNewView(s(), nv({ viewChanges: nv().viewChanges.slice(0, 2) }), true)).toBe(false);
    const dup = [{ from: 'r1', prepared: P }, { from: 'r1', prepared: P }, { from: 'r3', prepared: [] }];
    expect(acceptsNewView(s({ viewChanges: [...s().viewChanges] }), nv({ viewChanges: dup }), true)).toBe(false);
    const unsorted = [{ from: 'r2', prepared: P }, { from: 'r1', prepared: P }, { from: 'r3', prepared: [] }];
    expect(acceptsNewView(s(), nv({ viewChanges: unsorted }), true)).toBe(false);
    const other = [{ from: 'r1', prepared: [] }, { from: 'r2', prepared: P }, { from: 'r3', prepared: [] }];
    expect(acceptsNewView(s(), nv({ viewChanges: other }), true)).toBe(false);
    // Four senders, all held: more than a quorum is fine.
    const four = s({ viewChanges: [entry('r0', 1), ...s().viewChanges] });
    expect(acceptsNewView(four, nv({ viewChanges: [{ from: 'r0', prepared: [] }, ...nv().viewChanges] }), true)).toBe(true);
  });

  it('O: what V implies, or under the bug what the bug computes', () => {
    expect(acceptsNewView(s(), nv({ preprepares: [{ seq: 1, request: null }] }), true)).toBe(false);
    expect(acceptsNewView(s(), nv({ preprepares: [{ seq: 1, request: null }] }), true, 'no-viewchange-certificates')).toBe(true);
    expect(acceptsNewView(s(), nv(), true, 'no-viewchange-certificates')).toBe(false);
  });

  it('enterNewView: logs O, counts and sends its prepares, settles the view-changes', () => {
    const { state, sent } = enterNewView(s({ viewChanges: [...s().viewChanges, entry('r0', 2)] }), nv());
    expect(state.view).toBe(1);
    expect(state.log).toEqual([{ seq: 1, request: A }]);
    expect(state.prepares).toEqual([{ seq: 1, digest: 'c0.0', from: ['r2'] }]);
    expect(state.viewChanges).toEqual([entry('r0', 2)]);
    expect(sent).toEqual(['r0', 'r1', 'r3'].map((to) => ({ type: 'pbft.prepare', from: 'r2', to, view: 1, seq: 1, digest: 'c0.0' })));
  });
});
