/**
 * The state encoding is canonical: the incremental fingerprint of every step
 * equals the fingerprint summed from scratch; steps that commute (the same
 * messages sent in another order) reach the same vector and fingerprint; and
 * over a whole small state space, two states share a fingerprint exactly when
 * their decoded contents (canonical JSON) are equal.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ActorModel as ActorSystem } from '../../explorer/actor-system/actor-model.js';
import { canonicalKey } from '../../explorer/encode.js';
import type { SuccessorVisitor } from '../../explorer/successors.js';
import { decodeState } from '../../explorer/trace.js';
import { synodSystem } from '../../machines/synod/system.js';

const faultsArb = fc.record({ lossy: fc.boolean(), duplicates: fc.integer({ min: 0, max: 2 }), crashes: fc.integer({ min: 0, max: 2 }) });

/** All successors of `v`, with the expander's incremental fingerprint. */
function successors(sys: ActorSystem, v: Int32Array): { vec: Int32Array; hi: number; lo: number; kind: number; slot: number; arg: number }[] {
  const out: { vec: Int32Array; hi: number; lo: number; kind: number; slot: number; arg: number }[] = [];
  let pending = { hi: 0, lo: 0 };
  const visitor: SuccessorVisitor = {
    offer: (hi, lo) => {
      pending = { hi, lo };
      return true;
    },
    accept: (succ, len, kind, slot, arg) => out.push({ vec: succ.slice(0, len), ...pending, kind, slot, arg }),
  };
  sys.expand(v, visitor);
  return out;
}

function scratch(sys: ActorSystem, v: Int32Array): [number, number] {
  const fp = new Int32Array(2);
  sys.fingerprint(v, fp);
  return [fp[0] as number, fp[1] as number];
}

describe('fingerprints', () => {
  it('incremental fingerprints equal fingerprints summed from scratch along random walks', () => {
    fc.assert(
      fc.property(faultsArb, fc.array(fc.nat(), { minLength: 1, maxLength: 40 }), (faults, choices) => {
        const sys = new ActorSystem(synodSystem({ proposers: 2, acceptors: 3, rounds: 2 }), { faults });
        let v = sys.initialVector();
        for (const c of choices) {
          const succ = successors(sys, v);
          if (succ.length === 0) break;
          for (const s of succ) expect([s.hi, s.lo]).toEqual(scratch(sys, s.vec));
          v = (succ[c % succ.length] as (typeof succ)[number]).vec;
        }
      }),
      { numRuns: 60 },
    );
  });

  it('the order in which messages were sent does not change the state or its fingerprint', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 30 }), (choices) => {
        const sys = new ActorSystem(synodSystem({ proposers: 2, acceptors: 3, rounds: 2 }));
        let v = sys.initialVector();
        for (const c of choices) {
          const succ = successors(sys, v);
          // Two steps by different nodes commute: a then b and b then a reach the same state.
          for (const a of succ) {
            for (const b of succ) {
              if (a.slot === b.slot || a.kind === 4 || b.kind === 4) continue;
              const ab = successors(sys, a.vec).find((x) => x.kind === b.kind && x.slot === b.slot && x.arg === b.arg);
              const ba = successors(sys, b.vec).find((x) => x.kind === a.kind && x.slot === a.slot && x.arg === a.arg);
              if (ab === undefined || ba === undefined) continue;
              expect(Array.from(ab.vec)).toEqual(Array.from(ba.vec));
              expect([ab.hi, ab.lo]).toEqual([ba.hi, ba.lo]);
            }
          }
          if (succ.length === 0) break;
          v = (succ[c % succ.length] as (typeof succ)[number]).vec;
        }
      }),
      { numRuns: 25 },
    );
  });

  it('over a whole small state space, equal fingerprints mean equal states and vice versa', () => {
    for (const [proposers, faults] of [
      [2, { lossy: false, duplicates: 0, crashes: 0 }],
      [1, { lossy: true, duplicates: 1, crashes: 1 }],
    ] as const) {
      const sys = new ActorSystem(synodSystem({ proposers, acceptors: 2, rounds: 1 }), { faults });
      const byKey = new Map<string, string>();
      const byFp = new Map<string, string>();
      const queue = [sys.initialVector()];
      while (queue.length > 0) {
        const v = queue.pop() as Int32Array;
        const d = decodeState(sys, v);
        const key = canonicalKey({
          locals: d.locals,
          crashed: d.crashed,
          dups: d.duplicatesLeft,
          messages: d.messages.map((m) => canonicalKey(m)).sort(),
        });
        const fp = scratch(sys, v).join(':');
        if (byKey.has(key)) {
          expect(byKey.get(key)).toBe(fp);
          continue;
        }
        expect(byFp.has(fp)).toBe(false);
        byKey.set(key, fp);
        byFp.set(fp, key);
        for (const s of successors(sys, v)) queue.push(s.vec);
      }
      expect(byKey.size).toBeGreaterThan(100);
    }
  });
});
