/**
 * PBFT's quorum maths (`spec/pbft/quorum.ts`, Castro & Liskov §4): the
 * thresholds derived from n and f, the bug variants' changed ones, and the
 * intersection law they rest on — two quorums of n − f share a correct
 * replica exactly when n ≥ 3f + 1 and at most f are faulty.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { maxFaults, primaryOf, quorumsIntersectInCorrect, quorumsOf } from '../../../spec/pbft/quorum.js';

describe('quorumsOf', () => {
  it('n = 4, f = 1: quorum 3, prepared at 2 prepares, committed at 3 commits, f+1 = 2 replies', () => {
    expect(quorumsOf(4, 1)).toEqual({ quorum: 3, prepare: 2, commit: 3, reply: 2 });
  });

  it('n = 3, f = 1 and n = 4, f = 2: quorum 2, one prepare', () => {
    expect(quorumsOf(3, 1)).toEqual({ quorum: 2, prepare: 1, commit: 2, reply: 2 });
    expect(quorumsOf(4, 2)).toEqual({ quorum: 2, prepare: 1, commit: 2, reply: 3 });
  });

  it('n = 7, f = 2: quorum 5 = 2f+1, 2f = 4 prepares', () => {
    expect(quorumsOf(7, 2)).toEqual({ quorum: 5, prepare: 4, commit: 5, reply: 3 });
  });

  it('the bug variants: weak-prepare takes f prepares, client-one-reply one reply; the others are unchanged', () => {
    expect(quorumsOf(4, 1, 'weak-prepare')).toEqual({ quorum: 3, prepare: 1, commit: 3, reply: 2 });
    expect(quorumsOf(4, 1, 'client-one-reply')).toEqual({ quorum: 3, prepare: 2, commit: 3, reply: 1 });
    expect(quorumsOf(4, 1, 'no-viewchange-certificates')).toEqual(quorumsOf(4, 1));
  });

  it('rejects f >= n and non-integers', () => {
    expect(() => quorumsOf(3, 3)).toThrow(RangeError);
    expect(() => quorumsOf(0, 0)).toThrow(RangeError);
    expect(() => quorumsOf(4, -1)).toThrow(RangeError);
    expect(() => quorumsOf(4, 1.5)).toThrow(RangeError);
  });

  it('maxFaults is floor((n−1)/3); the primary of view v is r(v mod n)', () => {
    expect([1, 3, 4, 6, 7, 10].map(maxFaults)).toEqual([0, 0, 1, 1, 2, 3]);
    const rs = ['r0', 'r1', 'r2', 'r3'];
    expect([0, 1, 3, 4, 5].map((v) => primaryOf(v, rs))).toEqual(['r0', 'r1', 'r3', 'r0', 'r1']);
  });
});

/** n, f < n, and two quorums (sets of n − f replicas) with a set of at most f faulty replicas. */
const arbCluster = fc
  .integer({ min: 1, max: 10 })
  .chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n - 1 })))
  .chain(([n, f]) => {
    const q = n - f;
    const quorum = fc.shuffledSubarray([...Array(n).keys()], { minLength: q, maxLength: q });
    return fc.tuple(fc.constant(n), fc.constant(f), quorum, quorum, fc.shuffledSubarray([...Array(n).keys()], { maxLength: f }));
  });

describe('the intersection law', () => {
  test.prop([arbCluster])('two quorums share at least n − 2f replicas', ([n, f, a, b]) => {
    const shared = a.filter((x) => b.includes(x)).length;
    expect(shared).toBeGreaterThanOrEqual(n - 2 * f);
  });

  test.prop([arbCluster])('with n ≥ 3f+1 and at most f faulty, two quorums share a correct replica', ([n, f, a, b, faulty]) => {
    fc.pre(quorumsIntersectInCorrect(n, f));
    expect(a.some((x) => b.includes(x) && !faulty.includes(x))).toBe(true);
  });

  test.prop([fc.integer({ min: 1, max: 10 }), fc.integer({ min: 0, max: 9 })])('below 3f+1 some two quorums share only faulty replicas', (n, f) => {
    fc.pre(f < n && !quorumsIntersectInCorrect(n, f));
    // Quorum A: the first n − f; quorum B: the last n − f; they share the middle n − 2f ≤ f replicas, all of which may be faulty.
    const q = n - f;
    const a = [...Array(q).keys()];
    const b = [...Array(q).keys()].map((i) => i + f);
    const shared = a.filter((x) => b.includes(x));
    expect(shared.length).toBeLessThanOrEqual(f);
  });
});
