/**
 * The visited set shared by the threads of a split search
 * (explorer/parallel/shared-table.ts): a fingerprint is stored once, sub-tables
 * grow without losing any, and a split search whose tables start tiny (so they
 * grow many times while two or three workers insert at once, pausing each
 * other) gives the sequential search's counts, verdicts and counterexample
 * length; the states moved between workers to even a level keep their
 * parents, so the traces replay to the violation.
 */
import { describe, expect, it } from 'vitest';
import { check, type CheckReport } from '../../explorer/check.js';
import { startParallelCheck } from '../../explorer/parallel/coordinator.js';
import { SharedTable, createSharedTable } from '../../explorer/parallel/shared-table.js';
import { buildSpec, resolveSource } from '../../explorer/registry.js';
import type { FaultOptions } from '../../explorer/actor-system/faults.js';
import { replay } from '../helpers/replay.js';

describe('the shared table, in one thread', () => {
  it('stores each fingerprint once, through growth, and counts them', () => {
    const init = createSharedTable(1 << 30, 16);
    const table = new SharedTable(init);
    const seen = new Set<string>();
    let x = 12345;
    let grown = 0;
    for (let k = 0; k < 20_000; k++) {
      x = (Math.imul(x, 1103515245) + 12345) | 0;
      // Every fingerprint comes twice, and some have a zero lane.
      const hi = k % 97 === 0 ? 0 : x;
      const lo = k % 89 === 0 ? 0 : x ^ 0x5bd1e995;
      const first = table.insert(hi, lo);
      const key = `${hi === 0 ? 1 : hi},${lo === 0 ? 1 : lo}`;
      expect(first).toBe(seen.has(key) ? 0 : 1);
      seen.add(key);
      expect(table.insert(hi, lo)).toBe(0);
      if (table.growthDue) {
        table.publish();
        expect(table.growShare(0, 1)).toBe(true);
        table.refresh();
        grown++;
      }
    }
    table.publish();
    const counts = new Int32Array(init.counts);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(seen.size);
    expect(grown).toBeGreaterThan(3);
    // A second worker's view of the same buffers sees every fingerprint.
    const other = new SharedTable(init);
    x = 12345;
    for (let k = 0; k < 20_000; k++) {
      x = (Math.imul(x, 1103515245) + 12345) | 0;
      expect(other.insert(k % 97 === 0 ? 0 : x, k % 89 === 0 ? 0 : x ^ 0x5bd1e995)).toBe(0);
    }
  });

  it('says when a sub-table is full instead of probing forever, and grows it at the next pause', () => {
    const init = createSharedTable(1 << 30, 16);
    const a = new SharedTable(init);
    const b = new SharedTable(init);
    // Two workers fill one sub-table (high lane's top byte 0x12) without publishing their counts.
    let full = 0;
    for (let k = 1; k <= 24; k++) {
      const r = (k % 2 === 0 ? a : b).insert(0x12000000 | k, k * 7919);
      if (r === -1) full++;
    }
    expect(full).toBeGreaterThan(0);
    a.publish();
    b.publish();
    expect(a.growShare(0, 2)).toBe(true);
    expect(b.growShare(1, 2)).toBe(true);
    a.refresh();
    b.refresh();
    for (let k = 1; k <= 24; k++) if (a.insert(0x12000000 | k, k * 7919) === -1) throw new Error('still full');
  });

  it('refuses an initial size that is not a power of two', () => {
    expect(() => createSharedTable(1 << 30, 100)).toThrow(/power of two/);
  });
});

const NONE: FaultOptions = { lossy: false, duplicates: 0, crashes: 0 };

function figures(r: CheckReport): unknown {
  return { status: r.status, states: r.stats.states, transitions: r.stats.transitions, depth: r.stats.depth, verdicts: r.properties.map((p) => p.verdict) };
}

describe('a split search on a shared table that grows while workers insert', () => {
  const cases = [
    { name: 'synod-xs lossy, a duplicate and a crash, unreduced', protocol: 'synod', flags: { config: 'synod-xs' }, faults: { lossy: true, duplicates: 1, crashes: 1 }, symmetry: false, workers: [2, 3] },
    { name: 'synod-xs lossy with a crash, symmetry', protocol: 'synod', flags: { config: 'synod-xs' }, faults: { lossy: true, duplicates: 0, crashes: 1 }, symmetry: true, workers: [2] },
    { name: 'synod-xs own-value, lossy (a violation)', protocol: 'synod', flags: { config: 'synod-xs', bug: 'own-value' }, faults: { lossy: true, duplicates: 0, crashes: 0 }, symmetry: false, workers: [2] },
    { name: 'pbft-tiny unreduced', protocol: 'pbft', flags: { config: 'pbft-tiny' }, faults: NONE, symmetry: false, workers: [2] },
  ] as const;
  for (const c of cases) {
    it(`${c.name}: ${c.workers.join(' and ')} workers give the sequential search's counts`, async () => {
      const { source } = resolveSource(c.protocol, c.flags);
      const spec = buildSpec(source);
      const options = { faults: c.faults, symmetry: c.symmetry, por: false, deadlock: true, shortest: true };
      const seq = check(spec, options);
      for (const workers of c.workers) {
        const r = await startParallelCheck(source, { ...options, workers, sharedTableSlots: 16 }).report;
        expect(figures(r)).toEqual(figures(seq));
        expect(r.trace?.steps.length).toBe(seq.trace?.steps.length);
        // The trace goes through states moved between workers: it must still replay to the violation.
        if (c.protocol === 'synod' && r.trace !== undefined) expect((replay(spec, r.trace)['l0']?.context as { decided: string[] }).decided).toHaveLength(2);
      }
    });
  }
});

/** Small systems whose levels are split between workers: a safe one with every fault, a violation, and PBFT. */
const SPLIT_CASES = [
  { name: 'synod-xs lossy with a duplicate and a crash', protocol: 'synod', flags: { config: 'synod-xs' }, faults: { lossy: true, duplicates: 1, crashes: 1 } },
  { name: 'synod-xs own-value, lossy (a violation)', protocol: 'synod', flags: { config: 'synod-xs', bug: 'own-value' }, faults: { lossy: true, duplicates: 0, crashes: 0 } },
  { name: 'pbft-tiny', protocol: 'pbft', flags: { config: 'pbft-tiny' }, faults: NONE },
] as const;

/**
 * Runs case `c` split over threads with `extra` (workers, test settings) and
 * expects the sequential search's figures and trace length, and a synod trace
 * that replays to two decided values; returns the split search's report.
 */
async function expectSequentialFigures(c: (typeof SPLIT_CASES)[number], extra: Parameters<typeof startParallelCheck>[1]): Promise<CheckReport> {
  const { source } = resolveSource(c.protocol, c.flags);
  const spec = buildSpec(source);
  const options = { faults: c.faults, symmetry: false, por: false, deadlock: true, shortest: true };
  const seq = check(spec, options);
  const r = await startParallelCheck(source, { ...options, sharedTableSlots: 16, ...extra }).report;
  expect(figures(r)).toEqual(figures(seq));
  expect(r.trace?.steps.length).toBe(seq.trace?.steps.length);
  if (c.protocol === 'synod' && r.trace !== undefined) expect((replay(spec, r.trace)['l0']?.context as { decided: string[] }).decided).toHaveLength(2);
  return r;
}

describe('workers that run out in the middle of a level are handed part of another share', () => {
  // shareMin 2: a worker hands half of what it has left whenever another waits, so states move between workers
  // (with their holder's index) at nearly every level, and are expanded by a worker that did not store them.
  for (const [k, c] of SPLIT_CASES.entries()) {
    // Three workers (where a worker may be asked by two at once) on the first case only: the suite's time.
    const counts = k === 0 ? [2, 3] : [2];
    it(`${c.name}: ${counts.join(' and ')} workers hand states over and still give the sequential search's counts`, async () => {
      let handed = 0;
      for (const workers of counts) {
        await expectSequentialFigures(c, { workers, shareMin: 2, onWorkerResults: (results) => (handed += results.reduce((a, x) => a + x.handed, 0)) });
      }
      // Handing over depends on timing; in runs of these sizes some worker always waits with another busy.
      expect(handed).toBeGreaterThan(0);
    });
  }
});

describe('a split search whose levels go to disk over the memory budget', () => {
  // A budget of 0 bytes: every chunk a worker fills goes to disk, and is read back when the level is expanded.
  // Chunks of 1 KiB, so that these small levels fill many.
  for (const c of SPLIT_CASES) {
    it(`${c.name}: 2 workers give the sequential search's counts with their levels on disk`, async () => {
      const r = await expectSequentialFigures(c, { workers: 2, shareMin: 2, levelChunkBytes: 1024, limits: { spillAboveBytes: 0 } });
      expect(r.stats.spilledBytes).toBeGreaterThan(0);
    });
  }

  it('a budget the process is over with nothing to move to disk stops the search at max-memory, never "holds"', async () => {
    const { source } = resolveSource('synod', { config: 'synod-xs' });
    const r = await startParallelCheck(source, { faults: { lossy: true, duplicates: 1, crashes: 1 }, symmetry: false, por: false, deadlock: true, workers: 2, limits: { maxMemoryBytes: 1, spillAboveBytes: 1 } }).report;
    expect(r.status).toBe('incomplete');
    expect(r.stoppedBy).toBe('max-memory');
    expect(r.properties.every((p) => p.verdict !== 'holds')).toBe(true);
  });
});
