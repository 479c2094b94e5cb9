/**
 * The memory ceiling (`explorer/memory.ts`): the facts read from fixture
 * directories laid out like /proc and /sys/fs/cgroup (no cgroup, cgroup v2
 * with a limit and with "max", v1 with its huge "no limit" value), the
 * ceiling formula on hand-computed numbers, and MemoryWatch turning to
 * 'machine' when the fixture's MemAvailable drops.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  MIB,
  MemoryWatch,
  defaultCeiling,
  headroomBytes,
  memoryReader,
  parseMeminfo,
  readMemoryFacts,
  reserveBytes,
  type MemoryFacts,
} from '../../explorer/memory.js';

const GIB = 1024 * MIB;
const V1_NO_LIMIT = '9223372036854771712';

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

/** A fixture root: each key a path under it, each value the file's text. */
function fixture(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'agora-memory-'));
  roots.push(root);
  write(root, files);
  return root;
}

function write(root: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(root, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
}

/** /proc/meminfo text, figures in MiB (the file says kB). */
function meminfo(totalMib: number, availableMib: number): string {
  return [
    `MemTotal:       ${totalMib * 1024} kB`,
    `MemFree:        ${Math.floor(availableMib / 2) * 1024} kB`,
    `MemAvailable:   ${availableMib * 1024} kB`,
    'Buffers:          123456 kB',
    '',
  ].join('\n');
}

describe('readMemoryFacts', () => {
  it('reads MemTotal and MemAvailable; no cgroup limit on a v2 root', () => {
    const root = fixture({
      'proc/meminfo': meminfo(16384, 8192),
      'proc/self/cgroup': '0::/\n',
      'sys/fs/cgroup/cgroup.controllers': 'cpu io memory pids\n',
    });
    expect(readMemoryFacts({ root })).toEqual({ source: 'proc', totalBytes: 16 * GIB, availableBytes: 8 * GIB });
  });

  it('no cgroup at all (no /proc/self/cgroup, no /sys): the machine only', () => {
    const root = fixture({ 'proc/meminfo': meminfo(4096, 1000) });
    expect(readMemoryFacts({ root })).toEqual({ source: 'proc', totalBytes: 4 * GIB, availableBytes: 1000 * MIB });
  });

  it('cgroup v2 with a limit: limit, usage and the inactive file cache of the process cgroup', () => {
    const root = fixture({
      'proc/meminfo': meminfo(16384, 12288),
      'proc/self/cgroup': '0::/user.slice/agora.scope\n',
      'sys/fs/cgroup/cgroup.controllers': 'cpu io memory pids\n',
      'sys/fs/cgroup/user.slice/memory.max': 'max\n',
      'sys/fs/cgroup/user.slice/agora.scope/memory.max': `${2 * GIB}\n`,
      'sys/fs/cgroup/user.slice/agora.scope/memory.current': `${1 * GIB}\n`,
      'sys/fs/cgroup/user.slice/agora.scope/memory.stat': `anon ${700 * MIB}\nfile ${300 * MIB}\nactive_file ${44 * MIB}\ninactive_file ${256 * MIB}\n`,
    });
    const facts = readMemoryFacts({ root });
    expect(facts.cgroup).toEqual({
      version: 2,
      dir: path.join(root, 'sys/fs/cgroup/user.slice/agora.scope'),
      limitBytes: 2 * GIB,
      usageBytes: 1 * GIB,
      reclaimableBytes: 256 * MIB,
    });
    // 2048 MiB − (1024 − 256) MiB of working set, less than MemAvailable.
    expect(headroomBytes(facts)).toBe(1280 * MIB);
  });

  it('cgroup v2: the tightest ancestor wins; the mount root when the path is not visible', () => {
    const nested = fixture({
      'proc/meminfo': meminfo(16384, 12288),
      'proc/self/cgroup': '0::/a/b\n',
      'sys/fs/cgroup/cgroup.controllers': 'memory\n',
      'sys/fs/cgroup/a/memory.max': `${1 * GIB}\n`,
      'sys/fs/cgroup/a/memory.current': `${512 * MIB}\n`,
      'sys/fs/cgroup/a/b/memory.max': `${4 * GIB}\n`,
      'sys/fs/cgroup/a/b/memory.current': `${256 * MIB}\n`,
    });
    expect(readMemoryFacts({ root: nested }).cgroup).toMatchObject({ limitBytes: 1 * GIB, usageBytes: 512 * MIB, reclaimableBytes: 0 });
    // A container without its own cgroup namespace: /proc/self/cgroup names a host path.
    const container = fixture({
      'proc/meminfo': meminfo(16384, 12288),
      'proc/self/cgroup': '0::/system.slice/docker-1234.scope\n',
      'sys/fs/cgroup/cgroup.controllers': 'memory\n',
      'sys/fs/cgroup/memory.max': `${3 * GIB}\n`,
      'sys/fs/cgroup/memory.current': `${100 * MIB}\n`,
    });
    expect(readMemoryFacts({ root: container }).cgroup).toMatchObject({ version: 2, limitBytes: 3 * GIB });
  });

  it('cgroup v2 "max": no limit', () => {
    const root = fixture({
      'proc/meminfo': meminfo(16384, 8192),
      'proc/self/cgroup': '0::/user.slice\n',
      'sys/fs/cgroup/cgroup.controllers': 'memory\n',
      'sys/fs/cgroup/user.slice/memory.max': 'max\n',
      'sys/fs/cgroup/user.slice/memory.current': `${5 * GIB}\n`,
    });
    expect(readMemoryFacts({ root }).cgroup).toBeUndefined();
  });

  it('cgroup v1 with the huge "no limit" value: no limit (this sandbox\'s layout)', () => {
    const root = fixture({
      'proc/meminfo': meminfo(24105, 23000),
      'proc/self/cgroup': '9:name=systemd:/\n4:memory:/process_api/8f7c\n1:cpu:/\n0::/\n',
      'sys/fs/cgroup/memory/memory.limit_in_bytes': `${V1_NO_LIMIT}\n`,
      'sys/fs/cgroup/memory/memory.usage_in_bytes': '197234688\n',
      'sys/fs/cgroup/memory/process_api/memory.limit_in_bytes': `${V1_NO_LIMIT}\n`,
      'sys/fs/cgroup/memory/process_api/8f7c/memory.limit_in_bytes': `${V1_NO_LIMIT}\n`,
      'sys/fs/cgroup/memory/process_api/8f7c/memory.usage_in_bytes': '6701056\n',
      'sys/fs/cgroup/unified/cgroup.controllers': '\n',
    });
    expect(readMemoryFacts({ root })).toEqual({ source: 'proc', totalBytes: 24105 * MIB, availableBytes: 23000 * MIB });
  });

  it('cgroup v1 with a limit: limit_in_bytes, usage_in_bytes, total_inactive_file', () => {
    const root = fixture({
      'proc/meminfo': meminfo(16384, 8192),
      'proc/self/cgroup': '4:memory:/docker/abc\n0::/\n',
      'sys/fs/cgroup/memory/memory.limit_in_bytes': `${V1_NO_LIMIT}\n`,
      'sys/fs/cgroup/memory/docker/abc/memory.limit_in_bytes': `${6 * GIB}\n`,
      'sys/fs/cgroup/memory/docker/abc/memory.usage_in_bytes': `${2 * GIB}\n`,
      'sys/fs/cgroup/memory/docker/abc/memory.stat': `cache 100\ninactive_file 7\ntotal_inactive_file ${512 * MIB}\n`,
    });
    expect(readMemoryFacts({ root }).cgroup).toEqual({
      version: 1,
      dir: path.join(root, 'sys/fs/cgroup/memory/docker/abc'),
      limitBytes: 6 * GIB,
      usageBytes: 2 * GIB,
      reclaimableBytes: 512 * MIB,
    });
  });

  it('without /proc/meminfo (off Linux): os.totalmem() and os.freemem()', () => {
    const root = fixture({ 'nothing-here': '' });
    const facts = readMemoryFacts({ root });
    expect(facts.source).toBe('os');
    expect(facts.totalBytes).toBe(os.totalmem());
    expect(facts.availableBytes).toBeGreaterThan(0);
  });

  it.runIf(process.platform === 'linux')('on this machine: /proc, the same total as node sees', () => {
    const facts = readMemoryFacts();
    expect(facts.source).toBe('proc');
    expect(facts.totalBytes).toBe(os.totalmem());
    expect(facts.availableBytes).toBeLessThanOrEqual(facts.totalBytes);
  });

  it('parseMeminfo: MemFree stands in for a missing MemAvailable (old kernels)', () => {
    expect(parseMeminfo('MemTotal: 1024 kB\nMemFree: 512 kB\n')).toEqual({ totalBytes: 1024 * 1024, availableBytes: 512 * 1024 });
    expect(parseMeminfo('garbage')).toBeUndefined();
  });
});

describe('defaultCeiling', () => {
  const machine = (totalMib: number, availableMib: number, cgroup?: MemoryFacts['cgroup']): MemoryFacts => ({
    source: 'proc',
    totalBytes: totalMib * MIB,
    availableBytes: availableMib * MIB,
    ...(cgroup !== undefined ? { cgroup } : {}),
  });

  it('no cgroup, large machine: RSS + 85% of (available − 5% of total)', () => {
    // 16 GiB: reserve max(512, 819.2) = 819.2 MiB; 100 + 0.85 × (8192 − 819.2) = 6366.88 MiB.
    const f = machine(16384, 8192);
    expect(reserveBytes(f)).toBeCloseTo(819.2 * MIB, 0);
    expect(defaultCeiling(f, 100 * MIB)).toBe(Math.floor(6366.88 * MIB));
  });

  it('no cgroup, small machine: the 512 MiB reserve', () => {
    // 4 GiB: reserve max(512, 204.8) = 512 MiB; 50 + 0.85 × (2048 − 512) = 1355.6 MiB.
    const f = machine(4096, 2048);
    expect(reserveBytes(f)).toBe(512 * MIB);
    expect(defaultCeiling(f, 50 * MIB)).toBe(Math.floor(1355.6 * MIB));
  });

  it('a cgroup limit: its headroom (limit − working set) when less than MemAvailable', () => {
    // limit 2 GiB: reserve max(min(512, 512), 102.4) = 512 MiB; headroom 2048 − (1024 − 256) = 1280 MiB;
    // 300 + 0.85 × (1280 − 512) = 952.8 MiB, under the cap 2048 − 512 = 1536 MiB.
    const f = machine(16384, 12288, { version: 2, dir: '/x', limitBytes: 2 * GIB, usageBytes: 1 * GIB, reclaimableBytes: 256 * MIB });
    expect(defaultCeiling(f, 300 * MIB)).toBe(Math.floor(952.8 * MIB));
  });

  it('capped at the cgroup limit − reserve; a small cgroup keeps a quarter as reserve', () => {
    // limit 2 GiB, usage not yet counted: 600 + 0.85 × (2048 − 512) = 1905.6 MiB, capped at 1536 MiB.
    const f = machine(16384, 12288, { version: 1, dir: '/x', limitBytes: 2 * GIB, usageBytes: 0, reclaimableBytes: 0 });
    expect(defaultCeiling(f, 600 * MIB)).toBe(1536 * MIB);
    // limit 1 GiB: reserve max(min(512, 256), 51.2) = 256 MiB.
    const small = machine(16384, 12288, { version: 2, dir: '/x', limitBytes: 1 * GIB, usageBytes: 0, reclaimableBytes: 0 });
    expect(reserveBytes(small)).toBe(256 * MIB);
  });

  it('a busy machine: at least RSS + 64 MiB', () => {
    const f = machine(16384, 400);
    expect(defaultCeiling(f, 80 * MIB)).toBe(144 * MIB);
  });
});

describe('MemoryWatch', () => {
  it("turns to 'machine' when MemAvailable drops below the reserve, re-reading at most once a second", () => {
    const root = fixture({ 'proc/meminfo': meminfo(16384, 8192), 'proc/self/cgroup': '0::/\n' });
    let now = 0;
    const watch = new MemoryWatch({ budgetBytes: 4 * GIB, read: memoryReader({ root }), now: () => now });
    expect(watch.reserveBytes).toBeCloseTo(819.2 * MIB, 0);
    expect(watch.check(1 * GIB)).toBe('ok');
    // Another process grows: 500 MiB left, below the 819.2 MiB reserve, though our RSS is under budget.
    write(root, { 'proc/meminfo': meminfo(16384, 500) });
    now = 400;
    expect(watch.check(1 * GIB)).toBe('ok'); // not re-read yet
    now = 1000;
    expect(watch.check(1 * GIB)).toBe('machine');
    expect(watch.facts.availableBytes).toBe(500 * MIB);
    // It frees its memory again.
    write(root, { 'proc/meminfo': meminfo(16384, 4096) });
    now = 2000;
    expect(watch.check(1 * GIB)).toBe('ok');
  });

  it("'budget' once RSS reaches the budget; without one, only the machine is watched", () => {
    const root = fixture({ 'proc/meminfo': meminfo(16384, 8192) });
    const read = memoryReader({ root });
    const budgeted = new MemoryWatch({ budgetBytes: 4 * GIB, read, now: () => 0 });
    expect(budgeted.check(4 * GIB - 1)).toBe('ok');
    expect(budgeted.check(4 * GIB)).toBe('budget');
    const unbudgeted = new MemoryWatch({ read, now: () => 0 });
    expect(unbudgeted.check(100 * GIB)).toBe('ok');
  });

  it("'machine' when the cgroup's headroom drops below its reserve", () => {
    const cg = 'sys/fs/cgroup/agora';
    const root = fixture({
      'proc/meminfo': meminfo(16384, 12288),
      'proc/self/cgroup': '0::/agora\n',
      'sys/fs/cgroup/cgroup.controllers': 'memory\n',
      [`${cg}/memory.max`]: `${2 * GIB}\n`,
      [`${cg}/memory.current`]: `${1 * GIB}\n`,
    });
    let now = 0;
    const watch = new MemoryWatch({ read: memoryReader({ root }), now: () => now });
    expect(watch.reserveBytes).toBe(512 * MIB);
    expect(watch.check(300 * MIB)).toBe('ok');
    write(root, { [`${cg}/memory.current`]: `${1800 * MIB}\n` }); // 248 MiB left in the cgroup
    now = 1500;
    expect(watch.check(300 * MIB)).toBe('machine');
  });

  it('re-reading the real /proc is cheap (well under a millisecond a read)', () => {
    const read = memoryReader();
    const t0 = performance.now();
    for (let i = 0; i < 200; i++) read();
    expect((performance.now() - t0) / 200).toBeLessThan(1);
  });
});
