/**
 * The Byzantine universe of spec/pbft/adversary.ts written out by hand for
 * the smallest case: two replicas, r1 faulty (it leads view 1 of V = 2), one
 * request A = c0.0 writing a, S = 1, Q = 2. What each adversary may send,
 * message by message and in order: the `full` one pre-prepares (A or the
 * bogus request, only in the view it leads), prepares (not in that view),
 * commits, view-changes (for views ≥ 1, P empty or one certificate of an
 * earlier view), new-views (Q senders, at most one certificate, O what V
 * implies) and replies (every result the register can give); the
 * `equivocating-primary` one only its pre-prepares; `silent` nothing.
 */
import { describe, expect, it } from 'vitest';
import { adversaryUniverse, possibleResults, type UniverseBounds } from '../../../spec/pbft/adversary.js';
import { BOGUS_REQUEST, type Certificate, type NewViewMsg, type PbftMessage, type PbftRequest } from '../../../spec/pbft/messages.js';

const A: PbftRequest = { id: 'c0.0', op: { kind: 'write', value: 'a' } };
const bounds = (over: Partial<UniverseBounds> = {}): UniverseBounds => ({ replicas: ['r0', 'r1'], faulty: [1], clients: 'clients', requests: [A], seqs: 1, views: 2, quorum: 2, bug: null, ...over });

describe('the universe for n = 2, r1 faulty, one request, S = 1, V = 2', () => {
  it('full: 20 messages, in order', () => {
    const from = 'r1';
    const to = 'r0';
    const certNull: Certificate = { view: 0, seq: 1, request: null };
    const certA: Certificate = { view: 0, seq: 1, request: A };
    const nv = (viewChanges: NewViewMsg['viewChanges'], preprepares: NewViewMsg['preprepares']): PbftMessage => ({ type: 'pbft.new-view', from, to, view: 1, viewChanges, preprepares });
    const expected: PbftMessage[] = [
      { type: 'pbft.pre-prepare', from, to, view: 1, seq: 1, request: A },
      { type: 'pbft.pre-prepare', from, to, view: 1, seq: 1, request: BOGUS_REQUEST },
      { type: 'pbft.prepare', from, to, view: 0, seq: 1, digest: null },
      { type: 'pbft.prepare', from, to, view: 0, seq: 1, digest: 'c0.0' },
      { type: 'pbft.commit', from, to, view: 0, seq: 1, digest: null },
      { type: 'pbft.commit', from, to, view: 0, seq: 1, digest: 'c0.0' },
      { type: 'pbft.commit', from, to, view: 1, seq: 1, digest: null },
      { type: 'pbft.commit', from, to, view: 1, seq: 1, digest: 'c0.0' },
      { type: 'pbft.view-change', from, to, view: 1, prepared: [] },
      { type: 'pbft.view-change', from, to, view: 1, prepared: [certNull] },
      { type: 'pbft.view-change', from, to, view: 1, prepared: [certA] },
      nv([{ from: 'r0', prepared: [] }, { from: 'r1', prepared: [] }], []),
      nv([{ from: 'r0', prepared: [certNull] }, { from: 'r1', prepared: [] }], [{ seq: 1, request: null }]),
      nv([{ from: 'r0', prepared: [certA] }, { from: 'r1', prepared: [] }], [{ seq: 1, request: A }]),
      nv([{ from: 'r0', prepared: [] }, { from: 'r1', prepared: [certNull] }], [{ seq: 1, request: null }]),
      nv([{ from: 'r0', prepared: [] }, { from: 'r1', prepared: [certA] }], [{ seq: 1, request: A }]),
      { type: 'pbft.reply', from, to: 'clients', id: 'c0.0', result: 'ok' },
      { type: 'pbft.reply', from, to: 'clients', id: 'c0.0', result: null },
      { type: 'pbft.reply', from, to: 'clients', id: 'c0.0', result: 'a' },
      { type: 'pbft.reply', from, to: 'clients', id: 'c0.0', result: 'z' },
    ];
    expect(adversaryUniverse('full', bounds())).toEqual(expected);
  });

  it('under no-viewchange-certificates, a forged new-view’s O is the bug’s: the null request', () => {
    const nvs = adversaryUniverse('full', bounds({ bug: 'no-viewchange-certificates' })).filter((m): m is NewViewMsg => m.type === 'pbft.new-view');
    expect(nvs.map((m) => m.preprepares)).toEqual([[], [{ seq: 1, request: null }], [{ seq: 1, request: null }], [{ seq: 1, request: null }], [{ seq: 1, request: null }]]);
  });

  it('equivocating-primary: only the two pre-prepares; silent and replay: nothing', () => {
    expect(adversaryUniverse('equivocating-primary', bounds())).toEqual([
      { type: 'pbft.pre-prepare', from: 'r1', to: 'r0', view: 1, seq: 1, request: A },
      { type: 'pbft.pre-prepare', from: 'r1', to: 'r0', view: 1, seq: 1, request: BOGUS_REQUEST },
    ]);
    expect(adversaryUniverse('silent', bounds())).toEqual([]);
    expect(adversaryUniverse('replay', bounds())).toEqual([]);
  });

  it('with one view, r1 leads none: no pre-prepare, no view-change, no new-view', () => {
    expect(adversaryUniverse('equivocating-primary', bounds({ views: 1 }))).toEqual([]);
    expect([...new Set(adversaryUniverse('full', bounds({ views: 1 })).map((m) => m.type))]).toEqual(['pbft.prepare', 'pbft.commit', 'pbft.reply']);
  });
});

describe('new-view senders: every Q-subset of the replicas, in order', () => {
  it('n = 3, Q = 2: {r0, r1}, {r0, r2}, {r1, r2}, each with no certificate or the one certificate at each position', () => {
    const u = adversaryUniverse('full', bounds({ replicas: ['r0', 'r1', 'r2'], requests: [] }));
    const toR0 = u.filter((m): m is NewViewMsg => m.type === 'pbft.new-view' && m.to === 'r0');
    expect(toR0.map((m) => m.viewChanges.map((p) => `${p.from}${p.prepared.length}`).join(' '))).toEqual([
      'r00 r10',
      'r01 r10',
      'r00 r11',
      'r00 r20',
      'r01 r20',
      'r00 r21',
      'r10 r20',
      'r11 r20',
      'r10 r21',
    ]);
    expect(u.filter((m) => m.type === 'pbft.new-view' && m.to === 'r2')).toHaveLength(9);
    expect(u.some((m) => m.type === 'pbft.reply')).toBe(false);
  });
});

describe('possibleResults', () => {
  it('ok, none, then every value written (the bogus request’s z included), sorted, once each', () => {
    const reqs: PbftRequest[] = [
      { id: 'c0.0', op: { kind: 'write', value: 'q' } },
      { id: 'c1.0', op: { kind: 'write', value: 'b' } },
      { id: 'c0.1', op: { kind: 'read' } },
      { id: 'c2.0', op: { kind: 'write', value: 'b' } },
    ];
    expect(possibleResults(reqs)).toEqual(['ok', null, 'b', 'q', 'z']);
    expect(possibleResults([])).toEqual(['ok', null, 'z']);
  });
});
