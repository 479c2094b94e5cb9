/**
 * The view-change maths of `spec/pbft/view-change.ts` (Castro & Liskov
 * §4.4): O as V implies it, the checks on a view-change message's P, and
 * what a replica keeps when it leaves a view (its certificates and evidence).
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { initialReplicaState } from '../../../machines/pbft/replica.machine.js';
import type { Certificate, PbftRequest, ViewChangeProof } from '../../../spec/pbft/messages.js';
import { digestOf } from '../../../spec/pbft/messages.js';
import type { ReplicaConfig, ReplicaState } from '../../../spec/pbft/state.js';
import { archive, computeNewView, isConfirmed, isWellFormedP, preparedCertificates } from '../../../spec/pbft/view-change.js';
import { pbftConfig } from '../../helpers/pbft-replica.js';

const A: PbftRequest = { id: 'c0.0', op: { kind: 'write', value: 'a' } };
const B: PbftRequest = { id: 'c1.0', op: { kind: 'read' } };
const cert = (view: number, seq: number, request: PbftRequest | null): Certificate => ({ view, seq, request });
const proof = (from: string, ...prepared: Certificate[]): ViewChangeProof => ({ from, prepared });

describe('computeNewView: O as V implies it', () => {
  it('no certificate in V: O is empty', () => {
    expect(computeNewView([proof('r1'), proof('r2'), proof('r3')], null)).toEqual([]);
  });

  it('a certificate at seq 2 only: a null request fills seq 1', () => {
    expect(computeNewView([proof('r1', cert(0, 2, A)), proof('r2')], null)).toEqual([
      { seq: 1, request: null },
      { seq: 2, request: A },
    ]);
  });

  it('per seq, the request of the highest-view certificate', () => {
    const v = [proof('r1', cert(0, 1, A), cert(2, 2, B)), proof('r2', cert(1, 1, B), cert(0, 2, A)), proof('r3')];
    expect(computeNewView(v, null)).toEqual([
      { seq: 1, request: B },
      { seq: 2, request: B },
    ]);
  });

  it('two certificates of one view (only under a bug or too many faults): the smallest digest, the null request first', () => {
    expect(computeNewView([proof('r1', cert(0, 1, B)), proof('r2', cert(0, 1, A))], null)).toEqual([{ seq: 1, request: A }]);
    expect(computeNewView([proof('r1', cert(0, 1, A)), proof('r2', cert(0, 1, null))], null)).toEqual([{ seq: 1, request: null }]);
  });

  it('no-viewchange-certificates: every seq up to the highest one reported gets the null request', () => {
    expect(computeNewView([proof('r1', cert(0, 2, A)), proof('r2', cert(1, 1, B))], 'no-viewchange-certificates')).toEqual([
      { seq: 1, request: null },
      { seq: 2, request: null },
    ]);
  });

  const arbRequest = fc.constantFrom<PbftRequest | null>(null, A, B);
  const arbP = fc
    .uniqueArray(fc.record({ view: fc.integer({ min: 0, max: 3 }), seq: fc.integer({ min: 1, max: 4 }), request: arbRequest }), {
      selector: (c) => c.seq,
      maxLength: 4,
    })
    .map((cs) => [...cs].sort((a, b) => a.seq - b.seq));
  const arbV = fc.array(arbP, { minLength: 1, maxLength: 4 }).map((ps) => ps.map((p, i) => proof(`r${i}`, ...p)));

  test.prop([arbV])('O covers 1..the highest seq reported, each entry the request of a highest-view certificate (or null where none)', (v) => {
    const all = v.flatMap((p) => p.prepared);
    const top = Math.max(0, ...all.map((c) => c.seq));
    const o = computeNewView(v, null);
    expect(o.map((a) => a.seq)).toEqual(Array.from({ length: top }, (_, i) => i + 1));
    for (const { seq, request } of o) {
      const here = all.filter((c) => c.seq === seq);
      if (here.length === 0) expect(request).toBeNull();
      else {
        const high = Math.max(...here.map((c) => c.view));
        expect(here.some((c) => c.view === high && digestOf(c.request) === digestOf(request))).toBe(true);
      }
    }
  });

  test.prop([arbV, fc.nat()])('O does not depend on the order of V', (v, k) => {
    const rotated = [...v.slice(k % v.length), ...v.slice(0, k % v.length)];
    expect(computeNewView(rotated, null)).toEqual(computeNewView(v, null));
  });
});

function cfg(over: Partial<ReplicaConfig> = {}): ReplicaConfig {
  return pbftConfig('r1', over);
}

describe("a view-change message's P", () => {
  it('well-formed: sorted by seq, one per seq, each of an earlier view, seqs in 1..S', () => {
    expect(isWellFormedP([], 1, 2)).toBe(true);
    expect(isWellFormedP([cert(0, 1, A), cert(1, 2, B)], 2, 2)).toBe(true);
    expect(isWellFormedP([cert(0, 2, A), cert(0, 1, B)], 2, 2)).toBe(false);
    expect(isWellFormedP([cert(0, 1, A), cert(1, 1, B)], 2, 2)).toBe(false);
    expect(isWellFormedP([cert(1, 1, A)], 1, 2)).toBe(false);
    expect(isWellFormedP([cert(0, 3, A)], 1, 2)).toBe(false);
    expect(isWellFormedP([cert(0, 0, A)], 1, 2)).toBe(false);
  });

  it("a certificate is confirmed by the receiver's own quorum of prepares, for a request it holds", () => {
    const s: ReplicaState = { ...initialReplicaState(cfg()), requests: [A], prepares: [{ seq: 1, digest: 'c0.0', from: null }] };
    expect(isConfirmed(s, cert(0, 1, A))).toBe(true);
    expect(isConfirmed(s, cert(0, 2, A))).toBe(false);
    expect(isConfirmed({ ...s, prepares: [{ seq: 1, digest: 'c0.0', from: ['r2'] }] }, cert(0, 1, A))).toBe(false);
    // B has the prepares but is not held from the client.
    expect(isConfirmed({ ...s, prepares: [{ seq: 1, digest: 'c1.0', from: null }] }, cert(0, 1, B))).toBe(false);
    // The null request needs no client's copy; views left behind are read from the evidence.
    const later: ReplicaState = { ...initialReplicaState(cfg()), view: 2, evidence: [{ view: 1, seq: 2, digest: null }] };
    expect(isConfirmed(later, cert(1, 2, null))).toBe(true);
    expect(isConfirmed(later, cert(0, 2, null))).toBe(false);
  });
});

describe('leaving a view', () => {
  it('keeps the prepared certificates (the current view replacing older ones per seq) and the evidence, drops the log', () => {
    const s: ReplicaState = {
      ...initialReplicaState(cfg()),
      view: 1,
      requests: [A, B],
      log: [{ seq: 1, request: B }],
      prepares: [
        { seq: 1, digest: 'c1.0', from: null },
        { seq: 2, digest: 'c0.0', from: null },
        { seq: 2, digest: 'c1.0', from: ['r2'] },
      ],
      commits: [{ seq: 1, digest: 'c1.0', from: ['r1'] }],
      certificates: [cert(0, 1, A), cert(0, 2, A)],
    };
    expect(preparedCertificates(s)).toEqual([cert(0, 2, A), cert(1, 1, B)].sort((a, b) => a.seq - b.seq));
    const left = archive(s);
    expect(left.certificates).toEqual([cert(1, 1, B), cert(0, 2, A)]);
    expect(left.evidence).toEqual([
      { view: 1, seq: 1, digest: 'c1.0' },
      { view: 1, seq: 2, digest: 'c0.0' },
    ]);
    expect([left.log, left.prepares, left.commits]).toEqual([[], [], []]);
    expect(archive(left)).toBe(left);
  });
});
