/**
 * The small pieces PBFT's rules rest on, with hand-computed expectations:
 * the orders its sets are kept in (spec/pbft/state.ts: every tie broken by
 * the next field), request identity and ids (spec/pbft/messages.ts), the
 * quorum sizes' refusals (spec/pbft/quorum.ts: n ≥ 1, 0 ≤ f < n, integers)
 * and which replicas are faulty (spec/pbft/configs.ts).
 */
import { describe, expect, it } from 'vitest';
import { faultyReplicas } from '../../../spec/pbft/configs.js';
import { BOGUS_REQUEST, describeAssignments, describePbftMessage, describeRequest, describeCertificates, digestOf, parseClientId, sameRequest, type PbftRequest } from '../../../spec/pbft/messages.js';
import { maxFaults, primaryOf, quorumsIntersectInCorrect, quorumsOf } from '../../../spec/pbft/quorum.js';
import { compareCommitted, compareEvidence, compareRequest, compareTally, compareViewChange, compareVote } from '../../../spec/pbft/state.js';

const A: PbftRequest = { id: 'c0.0', op: { kind: 'write', value: 'a' } };
const B: PbftRequest = { id: 'c1.0', op: { kind: 'read' } };
const sign = (n: number) => Math.sign(n);

describe('the orders of the sets (state.ts)', () => {
  it('tallies by seq, then digest (null first)', () => {
    expect(sign(compareTally({ seq: 1, digest: 'c1.0' }, { seq: 2, digest: 'c0.0' }))).toBe(-1);
    expect(sign(compareTally({ seq: 2, digest: 'c0.0' }, { seq: 1, digest: 'c1.0' }))).toBe(1);
    expect(sign(compareTally({ seq: 1, digest: 'c0.0' }, { seq: 1, digest: 'c1.0' }))).toBe(-1);
    expect(sign(compareTally({ seq: 1, digest: 'c1.0' }, { seq: 1, digest: 'c0.0' }))).toBe(1);
    expect(sign(compareTally({ seq: 1, digest: null }, { seq: 1, digest: 'c0.0' }))).toBe(-1);
    expect(compareTally({ seq: 1, digest: 'c0.0' }, { seq: 1, digest: 'c0.0' })).toBe(0);
  });

  it('evidence by view, then seq, then digest', () => {
    const e = (view: number, seq: number, digest: string | null) => ({ view, seq, digest });
    expect(sign(compareEvidence(e(0, 2, 'c1.0'), e(1, 1, 'c0.0')))).toBe(-1);
    expect(sign(compareEvidence(e(1, 1, 'c0.0'), e(0, 2, 'c1.0')))).toBe(1);
    expect(sign(compareEvidence(e(1, 1, 'c1.0'), e(1, 2, 'c0.0')))).toBe(-1);
    expect(sign(compareEvidence(e(1, 2, 'c0.0'), e(1, 1, 'c1.0')))).toBe(1);
    expect(sign(compareEvidence(e(1, 1, 'c1.0'), e(1, 1, 'c0.0')))).toBe(1);
    expect(sign(compareEvidence(e(1, 1, 'c0.0'), e(1, 1, 'c1.0')))).toBe(-1);
    expect(compareEvidence(e(1, 1, null), e(1, 1, null))).toBe(0);
  });

  it('view-changes by view, then sender; committed entries by seq, then digest; requests by id; votes by sender', () => {
    expect(sign(compareViewChange({ view: 1, from: 'r3', prepared: [] }, { view: 2, from: 'r0', prepared: [] }))).toBe(-1);
    expect(sign(compareViewChange({ view: 2, from: 'r0', prepared: [] }, { view: 1, from: 'r3', prepared: [] }))).toBe(1);
    expect(sign(compareViewChange({ view: 1, from: 'r3', prepared: [] }, { view: 1, from: 'r0', prepared: [] }))).toBe(1);
    expect(sign(compareViewChange({ view: 1, from: 'r0', prepared: [] }, { view: 1, from: 'r3', prepared: [] }))).toBe(-1);
    expect(sign(compareCommitted({ seq: 1, request: B }, { seq: 2, request: A }))).toBe(-1);
    expect(sign(compareCommitted({ seq: 2, request: A }, { seq: 1, request: B }))).toBe(1);
    expect(sign(compareCommitted({ seq: 1, request: B }, { seq: 1, request: A }))).toBe(1);
    expect(sign(compareCommitted({ seq: 1, request: null }, { seq: 1, request: A }))).toBe(-1);
    expect(compareCommitted({ seq: 1, request: A }, { seq: 1, request: { ...A } })).toBe(0);
    expect(sign(compareRequest(A, B))).toBe(-1);
    expect(sign(compareRequest(B, A))).toBe(1);
    expect(sign(compareVote({ from: 'r2', result: 'ok' }, { from: 'r1', result: null }))).toBe(1);
    expect(sign(compareVote({ from: 'r1', result: 'ok' }, { from: 'r2', result: null }))).toBe(-1);
  });
});

describe('requests and ids (messages.ts)', () => {
  it('sameRequest: same id and command; the null request only equals itself', () => {
    expect(sameRequest(A, { ...A })).toBe(true);
    expect(sameRequest(B, { id: 'c1.0', op: { kind: 'read' } })).toBe(true);
    expect(sameRequest(A, { id: 'c0.0', op: { kind: 'write', value: 'z' } })).toBe(false);
    expect(sameRequest(A, { id: 'c0.1', op: A.op })).toBe(false);
    expect(sameRequest(A, { id: 'c0.0', op: { kind: 'read' } })).toBe(false);
    expect(sameRequest({ id: 'c0.0', op: { kind: 'read' } }, A)).toBe(false);
    expect(sameRequest(null, null)).toBe(true);
    expect(sameRequest(null, A)).toBe(false);
    expect(sameRequest(A, null)).toBe(false);
  });

  it('parseClientId: c<client>.<index> exactly, anything else null', () => {
    expect(parseClientId('c12.3')).toEqual({ client: 12, index: 3 });
    expect(parseClientId('c0.0')).toEqual({ client: 0, index: 0 });
    for (const id of ['bogus', 'xc0.0', 'c0.0x', 'c0', 'c.0', 'c0.', 'c0-0', 'ca.0']) expect(parseClientId(id)).toBeNull();
  });

  it('digests, the bogus request, and the texts of P and O', () => {
    expect(digestOf(A)).toBe('c0.0');
    expect(digestOf(null)).toBeNull();
    expect(BOGUS_REQUEST).toEqual({ id: 'bogus', op: { kind: 'write', value: 'z' } });
    expect(describeCertificates([])).toBe('∅');
    expect(describeCertificates([{ view: 1, seq: 2, request: B }])).toBe('{n=2: c1.0@v1}');
    expect(describeAssignments([])).toBe('∅');
    expect(describeAssignments([{ seq: 1, request: null }, { seq: 2, request: A }])).toBe('{n=1: null, n=2: c0.0}');
    expect(describeRequest(B)).toBe('c1.0:read()');
    expect(describePbftMessage({ type: 'pbft.pre-prepare', from: 'r0', to: 'r2', view: 1, seq: 2, request: B })).toBe('PrePrepare(v=1, n=2, c1.0:read(), r0→r2)');
  });
});

describe('quorum sizes (quorum.ts)', () => {
  it('the smallest cluster: n = 1, f = 0', () => {
    expect(quorumsOf(1, 0)).toEqual({ quorum: 1, prepare: 0, commit: 1, reply: 1 });
    expect(quorumsOf(2, 1)).toEqual({ quorum: 1, prepare: 0, commit: 1, reply: 2 });
  });

  it('refusals name the bound and the value', () => {
    expect(() => quorumsOf(0, 0)).toThrow(new RangeError('n must be an integer >= 1, got 0'));
    expect(() => quorumsOf(2.5, 0)).toThrow(new RangeError('n must be an integer >= 1, got 2.5'));
    expect(() => quorumsOf(4, 4)).toThrow(new RangeError('f must be an integer from 0 to n - 1 = 3, got 4'));
    expect(() => quorumsOf(4, -1)).toThrow(new RangeError('f must be an integer from 0 to n - 1 = 3, got -1'));
    expect(() => quorumsOf(4, 0.5)).toThrow(new RangeError('f must be an integer from 0 to n - 1 = 3, got 0.5'));
  });

  it('3f+1 exactly is enough; 3f is not', () => {
    expect([quorumsIntersectInCorrect(4, 1), quorumsIntersectInCorrect(3, 1), quorumsIntersectInCorrect(7, 2), quorumsIntersectInCorrect(6, 2)]).toEqual([true, false, true, false]);
    expect(maxFaults(0)).toBe(-1);
    expect(() => primaryOf(0, [])).toThrow(new RangeError('no replicas'));
  });
});

describe('faultyReplicas (configs.ts)', () => {
  it('the highest-numbered F, or r0 and the highest-numbered F−1', () => {
    expect(faultyReplicas({ replicas: 4, faulty: 0, faultyPrimary: false })).toEqual([]);
    expect(faultyReplicas({ replicas: 4, faulty: 2, faultyPrimary: false })).toEqual([2, 3]);
    expect(faultyReplicas({ replicas: 4, faulty: 4, faultyPrimary: false })).toEqual([0, 1, 2, 3]);
    expect(faultyReplicas({ replicas: 4, faulty: 1, faultyPrimary: true })).toEqual([0]);
    expect(faultyReplicas({ replicas: 4, faulty: 3, faultyPrimary: true })).toEqual([0, 2, 3]);
  });

  it('refuses F outside 0..n, a fraction, and a faulty primary with F = 0', () => {
    expect(() => faultyReplicas({ replicas: 4, faulty: 5, faultyPrimary: false })).toThrow(new RangeError('faulty must be an integer from 0 to n = 4, got 5'));
    expect(() => faultyReplicas({ replicas: 4, faulty: -1, faultyPrimary: false })).toThrow(new RangeError('faulty must be an integer from 0 to n = 4, got -1'));
    expect(() => faultyReplicas({ replicas: 4, faulty: 1.5, faultyPrimary: false })).toThrow(new RangeError('faulty must be an integer from 0 to n = 4, got 1.5'));
    expect(() => faultyReplicas({ replicas: 4, faulty: 0, faultyPrimary: true })).toThrow(new RangeError('faulty-primary 1 needs at least one faulty replica'));
  });
});
