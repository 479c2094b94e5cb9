/**
 * The BFS queue past the memory budget: chunks moved to a file and read back
 * give the same states in the same order, and a search that spills finds the
 * same state space (against the same search without a budget).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { check } from '../../explorer/check.js';
import { StateQueue } from '../../explorer/state-queue.js';
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
