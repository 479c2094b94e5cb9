/**
 * The split search's placement of states (`actor-system/partition.ts`):
 * a local state's part does not change under a renaming of interchangeable
 * nodes (else two states of one orbit could land on two workers and be
 * counted twice), parts differ where the content differs in more than names
 * and order, the incremental part of every step equals the part of the
 * successor computed from scratch, and a partition that names a node of a
 * symmetry group is refused. (The counts of split searches, equal to the
 * sequential search's, are tested in parallel.test.ts.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ActorModel } from '../../explorer/actor-system/actor-model.js';
import { Partition, invariantKey, ownerOfPart } from '../../explorer/actor-system/partition.js';
import type { SuccessorVisitor } from '../../explorer/successors.js';
import { synodSystem } from '../../machines/synod/system.js';

const GROUP = ['a0', 'a1', 'a2'];
const masked = new Set(GROUP);

/** JSON-like values that mention the group's names, as keys and as values. */
const valueArb = fc.letrec((tie) => ({
  leaf: fc.oneof(fc.constantFrom(...GROUP, 'p0', 'v1'), fc.integer({ min: -3, max: 3 }), fc.boolean(), fc.constant(null)),
  node: fc.oneof({ depthSize: 'small' }, tie('leaf'), fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(fc.constantFrom(...GROUP, 'ballot', 'votes'), tie('node'), { maxKeys: 3 })),
})).node;

function rename(x: unknown, perm: Record<string, string>): unknown {
  if (typeof x === 'string') return perm[x] ?? x;
  if (Array.isArray(x)) return x.map((e) => rename(e, perm));
  if (x !== null && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [perm[k] ?? k, rename(v, perm)]));
  return x;
}

describe('partition keys', () => {
  it('are invariant under every renaming of the symmetry group, and under reordering', () => {
    fc.assert(
      fc.property(valueArb, fc.constantFrom(...[[0, 1, 2], [1, 0, 2], [2, 1, 0], [1, 2, 0], [2, 0, 1], [0, 2, 1]]), (x, p) => {
        const perm = Object.fromEntries(GROUP.map((n, i) => [n, GROUP[p[i] as number] as string]));
        expect(invariantKey(rename(x, perm), masked)).toBe(invariantKey(x, masked));
        if (Array.isArray(x)) expect(invariantKey([...x].reverse(), masked)).toBe(invariantKey(x, masked));
      }),
    );
  });

  it('tell apart contents that differ in more than the group names', () => {
    expect(invariantKey({ ballot: 1, promises: ['a0'] }, masked)).not.toBe(invariantKey({ ballot: 2, promises: ['a0'] }, masked));
    expect(invariantKey({ promises: ['a0'] }, masked)).not.toBe(invariantKey({ promises: ['a0', 'a1'] }, masked));
    expect(invariantKey('p0', masked)).not.toBe(invariantKey('p1', masked));
    expect(invariantKey(1, masked)).not.toBe(invariantKey('1', masked));
  });

  it('of every step, computed incrementally, equal the successor part from scratch (synod, with symmetry)', () => {
    const spec = synodSystem({ proposers: 2, acceptors: 3, rounds: 1 });
    const model = new ActorModel(spec, { symmetry: true, por: false });
    const partition = model.partition as Partition;
    expect(partition).not.toBeNull();
    let queue = model.initialStates();
    const seen = new Set<string>();
    let checked = 0;
    for (let depth = 0; depth < 12 && queue.length > 0; depth++) {
      const next: Int32Array[] = [];
      for (const s of queue) {
        let step = -1;
        const visitor: SuccessorVisitor = {
          offer: (hi, lo, i) => {
            step = i;
            return !seen.has(`${hi},${lo}`) && (seen.add(`${hi},${lo}`), true);
          },
          accept: (succ, len) => {
            expect(model.partOf(step, partition)).toBe(partition.partOfState(succ));
            checked++;
            next.push(succ.slice(0, len));
          },
        };
        model.expand(s, visitor);
      }
      queue = next;
    }
    expect(checked).toBeGreaterThan(200);
  });

  it('spread states over the workers', () => {
    const counts = [0, 0, 0];
    for (let p = -500; p < 500; p++) counts[ownerOfPart(p * 7919, 3)]! += 1;
    for (const c of counts) expect(c).toBeGreaterThan(250);
  });

  it('refuse a partition node that a renaming moves', () => {
    const spec = { ...synodSystem({ proposers: 2, acceptors: 3, rounds: 1 }), partition: ['a1'] };
    const model = new ActorModel(spec, { symmetry: true });
    expect(() => model.partition).toThrow(/a1, which is in a symmetry group/);
  });
});
