/**
 * The BFS queue past the memory budget: chunks moved to a file and read back
 * give the same states in the same order, and a search that spills finds the
 * same state space (against the same search without a budget).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { check } from '../../explorer/check.js';
import { StateLevel, StateQueue } from '../../explorer/state-queue.js';
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { buildSpec, resolveSource } from '../../explorer/registry.js';

describe('the queue on disk', () => {
  it('pops what was pushed, in order, whether or not its chunks went to disk', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.nat({ max: 2 ** 31 - 1 }), { minLength: 1, maxLength: 40 }), { minLength: 1, maxLength: 400 }), fc.integer({ min: 1, max: 4 }), (vectors, every) => {
        // Chunks are 1 MiB: pad each vector so that a few hundred fill several chunks.
        const big = vectors.map((v) => Int32Array.from({ length: 3000 }, (_, i) => v[i % v.length] as number));
        let calls = 0;
        const q = new StateQueue({ shouldSpill: () => ++calls % every === 0 });
        const out: number[][] = [];
        const into = new Int32Array(4000);
        big.forEach((v, i) => {
          q.push(v, v.length);
          // Interleave pops, as a BFS does.
          if (i % 3 === 2) out.push(Array.from(into.subarray(0, q.pop(into))));
        });
        while (q.size > 0) out.push(Array.from(into.subarray(0, q.pop(into))));
        q.close();
        expect(out).toEqual(big.map((v) => Array.from(v)));
        if (big.length > 300) expect(q.spilledBytes).toBeGreaterThan(0);
      }),
      { numRuns: 15 },
    );
  });

  it('a search over its budget moves the queue to disk and explores the same states', () => {
    const { source, config } = resolveSource('synod', { config: 'synod-lossy-s' });
    const spec = buildSpec(source);
    const faults = { lossy: config.faults?.lossy === true, duplicates: 0, crashes: 0 };
    const free = check(spec, { faults });
    const spilling = check(spec, { faults, limits: { spillAboveBytes: 0 } });
    expect(spilling.status).toBe('holds');
    expect([spilling.stats.states, spilling.stats.transitions, spilling.stats.depth]).toEqual([free.stats.states, free.stats.transitions, free.stats.depth]);
    expect(spilling.stats.spilledBytes).toBeGreaterThan(0);
    expect(free.stats.spilledBytes).toBeUndefined();
  });
});

describe('a level on disk (the split search on the shared table)', () => {
  it('reads back every vector at its position, in order and out of it, whether or not its chunks went to disk', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.nat({ max: 2 ** 31 - 1 }), { minLength: 1, maxLength: 30 }), { minLength: 1, maxLength: 300 }), fc.integer({ min: 1, max: 3 }), fc.nat(), (vectors, every, seed) => {
        let calls = 0;
        // 512-byte chunks: a vector takes at most 31 varints of 5 bytes, so a chunk holds at least three.
        const level = new StateLevel({ shouldSpill: () => ++calls % every === 0 }, 512);
        vectors.forEach((v) => level.push(Int32Array.from(v), v.length));
        const into = new Int32Array(64);
        const read = (p: number): number[] => Array.from(into.subarray(0, level.get(p, into)));
        // Out of order first (each read of a chunk on disk loads it in place of the last), then in order.
        for (let k = 0; k < vectors.length; k++) {
          const p = (seed + k * 7919) % vectors.length;
          expect(read(p)).toEqual(vectors[p]);
        }
        for (let p = 0; p < vectors.length; p++) expect(read(p)).toEqual(vectors[p]);
        if (every === 1 && vectors.length > 60) expect(level.spilledBytes).toBeGreaterThan(0);
        level.close();
      }),
      { numRuns: 40 },
    );
  });

  it('releases the chunks a reader has passed, says so if one is read again, and deletes its file when closed', () => {
    const before = new Set(readdirSync(tmpdir()).filter((f) => f.startsWith('agora-level-')));
    const level = new StateLevel({ shouldSpill: () => true }, 256);
    const v = Int32Array.from({ length: 20 }, (_, i) => i * 1000);
    for (let i = 0; i < 100; i++) level.push(v, v.length);
    const files = readdirSync(tmpdir()).filter((f) => f.startsWith('agora-level-') && !before.has(f));
    expect(files).toHaveLength(1);
    const into = new Int32Array(32);
    expect(level.get(99, into)).toBe(20);
    level.release(99);
    // Position 0 is in the first chunk, wholly before position 99's: released.
    expect(() => level.get(0, into)).toThrow(/released/);
    expect(Array.from(into.subarray(0, level.get(99, into)))).toEqual(Array.from(v));
    level.close();
    expect(existsSync(`${tmpdir()}/${files[0] as string}`)).toBe(false);
  });
});
