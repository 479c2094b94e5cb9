/**
 * Gaps left by the other tests of spec/pbft/messages.ts and of the `replay`
 * adversary's memory (spec/pbft/adversary.ts): multi-digit request indices,
 * the null digest's name, a new-view's V with certificates and with more than
 * one sender, and a replayed reply. Every expected text is written by hand
 * from the formats the functions' comments give.
 */
import { describe, expect, it } from 'vitest';
import { replayed } from '../../../spec/pbft/adversary.js';
import { describeDigest, describePbftMessage, parseClientId, type NewViewMsg, type PbftRequest, type ReplyMsg } from '../../../spec/pbft/messages.js';

const A: PbftRequest = { id: 'c0.0', op: { kind: 'write', value: 'a' } };

describe('parseClientId', () => {
  it('reads indices and clients of several digits', () => {
    // `c<client>.<index>`: the 11th command of client 0 is c0.10, of client 12 the first is c12.0.
    expect(parseClientId('c0.10')).toEqual({ client: 0, index: 10 });
    expect(parseClientId('c12.0')).toEqual({ client: 12, index: 0 });
  });
});

describe('describeDigest', () => {
  it('names the null request’s digest `null` (a string), a request’s by its id', () => {
    expect(describeDigest(null)).toBe('null');
    expect(describeDigest('c0.0')).toBe('c0.0');
  });
});

describe('describePbftMessage: a new-view’s V', () => {
  it('a sender with certificates is followed by its P; senders are separated by `, `', () => {
    // V = {r1 with P = {n=1: c0.0@v0}, r2 with P = ∅, r3 with P = ∅}; O = {n=1: c0.0}.
    const m: NewViewMsg = {
      type: 'pbft.new-view',
      from: 'r1',
      to: 'r2',
      view: 1,
      viewChanges: [
        { from: 'r1', prepared: [{ view: 0, seq: 1, request: A }] },
        { from: 'r2', prepared: [] },
        { from: 'r3', prepared: [] },
      ],
      preprepares: [{ seq: 1, request: A }],
    };
    expect(describePbftMessage(m)).toBe('NewView(v=1, V={r1{n=1: c0.0@v0}, r2, r3}, O={n=1: c0.0}, r1→r2)');
  });
});

describe('replayed: what a faulty replica may re-send', () => {
  it('a reply it got is nothing to replay (replies go to the clients, who count each replica once)', () => {
    const reply: ReplyMsg = { type: 'pbft.reply', from: 'r0', to: 'r3', id: 'c0.0', result: 'ok' };
    expect(replayed(reply, ['r0', 'r1', 'r2', 'r3'], [3])).toEqual([]);
  });
});
