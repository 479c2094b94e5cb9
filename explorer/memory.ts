/**
 * Where the memory ceiling of a search comes from. A search stores every
 * distinct state, so left alone it grows until the kernel's OOM killer ends
 * it (or, worse, another process). A ceiling taken from *total* RAM ignores
 * what else runs: two searches each allowed 80% of RAM set the killer off.
 * Here the ceiling comes from the memory that is actually free for us:
 *
 *   total     = MemTotal, or the cgroup's limit when that is smaller
 *   reserve   = max(min(512 MiB, total / 4), 5% of total)
 *               (left to the rest of the machine; the 512 MiB floor is
 *               clipped to a quarter of a small cgroup)
 *   headroom  = MemAvailable, or limit − working set of the cgroup when that
 *               is smaller (working set = usage − inactive file cache, the
 *               part the kernel cannot reclaim; as the kubelet counts it)
 *   ceiling   = currentRss + 85% × max(0, headroom − reserve)
 *               capped at limit − reserve inside a cgroup with a limit,
 *               and never below currentRss + 64 MiB (a small search on a
 *               busy machine still gets to start)
 *
 * The facts come from /proc/meminfo (MemTotal, MemAvailable) and, where a
 * memory limit is set, from the process's cgroup: v2 (memory.max,
 * memory.current, memory.stat under /sys/fs/cgroup/<path from
 * /proc/self/cgroup>) or v1 (memory.limit_in_bytes, memory.usage_in_bytes,
 * memory.stat under /sys/fs/cgroup/memory/<path>). Every ancestor cgroup's
 * limit applies, so the tightest one (least headroom) is reported. v1 writes
 * "no limit" as a huge number (2^63 rounded to a page): anything from
 * NO_LIMIT_BYTES up is no limit. Off Linux (no /proc/meminfo) the facts are
 * os.totalmem() and os.freemem().
 *
 * `MemoryWatch` rechecks during a run: the explicit --max-memory budget, and
 * whether the machine's headroom fell below the reserve because another
 * process grew. Re-reading is a few small reads of /proc and /sys (the
 * cgroup's directories are found once), done at most once a second.
 *
 * Every path is relative to a `root` (default `/`), so tests use fixture
 * directories laid out like the real ones.
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const MIB = 2 ** 20;
/** A cgroup limit at or above this (1 EiB) means no limit (v1's 9223372036854771712). */
export const NO_LIMIT_BYTES = 2 ** 60;
/** The share of the headroom above the reserve a search may take. */
export const HEADROOM_SHARE = 0.85;
/** The reserve left to the rest of the machine: at least this ... */
export const RESERVE_FLOOR_BYTES = 512 * MIB;
/** ... and at least this share of the total. */
export const RESERVE_SHARE = 0.05;
/** The ceiling is never less than the current RSS plus this. */
export const MIN_GROWTH_BYTES = 64 * MIB;

export interface CgroupMemory {
  readonly version: 1 | 2;
  /** The cgroup directory whose limit is the tightest. */
  readonly dir: string;
  readonly limitBytes: number;
  /** memory.current (v2) or memory.usage_in_bytes (v1): includes page cache. */
  readonly usageBytes: number;
  /** Inactive file cache, which the kernel reclaims before it kills (0 if memory.stat is unreadable). */
  readonly reclaimableBytes: number;
}

export interface MemoryFacts {
  /** Where the machine's figures came from: /proc/meminfo, or node's os module off Linux. */
  readonly source: 'proc' | 'os';
  /** MemTotal (os.totalmem()). */
  readonly totalBytes: number;
  /** MemAvailable (os.freemem(), which is MemFree and so an underestimate, off Linux). */
  readonly availableBytes: number;
  /** Set only where a cgroup memory limit is set. */
  readonly cgroup?: CgroupMemory;
}

export interface MemoryPaths {
  /** The directory /proc and /sys are under (default `/`); a fixture directory in tests. */
  readonly root?: string;
}

/** The total memory this process lives in: the machine's, or a smaller cgroup limit. */
export function effectiveTotal(facts: MemoryFacts): number {
  return facts.cgroup !== undefined ? Math.min(facts.totalBytes, facts.cgroup.limitBytes) : facts.totalBytes;
}

/** The memory left to the rest of the machine: max(min(512 MiB, total / 4), 5% of total). */
export function reserveBytes(facts: MemoryFacts): number {
  const total = effectiveTotal(facts);
  return Math.max(Math.min(RESERVE_FLOOR_BYTES, total / 4), RESERVE_SHARE * total);
}

/** Memory that can still be allocated: MemAvailable, or the cgroup's limit minus its working set if less. */
export function headroomBytes(facts: MemoryFacts): number {
  const machine = facts.availableBytes;
  if (facts.cgroup === undefined) return machine;
  const { limitBytes, usageBytes, reclaimableBytes } = facts.cgroup;
  const workingSet = Math.max(0, usageBytes - reclaimableBytes);
  return Math.min(machine, Math.max(0, limitBytes - workingSet));
}

/**
 * What this process may grow to, in bytes: current RSS + 85% of (headroom −
 * reserve), capped at the cgroup's limit − reserve, at least RSS + 64 MiB.
 */
export function defaultCeiling(facts: MemoryFacts, currentRss: number): number {
  const reserve = reserveBytes(facts);
  let ceiling = currentRss + HEADROOM_SHARE * Math.max(0, headroomBytes(facts) - reserve);
  if (facts.cgroup !== undefined) ceiling = Math.min(ceiling, facts.cgroup.limitBytes - reserve);
  return Math.floor(Math.max(ceiling, currentRss + MIN_GROWTH_BYTES));
}

/** The text of a file, or undefined when it cannot be read (absent, no permission). */
function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** A file holding one number (or "max"); undefined when absent or not a number. */
function readNumber(file: string): number | 'max' | undefined {
  const text = readText(file)?.trim();
  if (text === undefined) return undefined;
  if (text === 'max') return 'max';
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

/** The `key value` lines of a memory.stat file. */
function statValue(text: string | undefined, key: string): number | undefined {
  if (text === undefined) return undefined;
  const m = new RegExp(`^${key} (\\d+)$`, 'm').exec(text);
  return m?.[1] !== undefined ? Number(m[1]) : undefined;
}

/** MemTotal and MemAvailable from /proc/meminfo text (kB); MemFree stands in for MemAvailable on old kernels. */
export function parseMeminfo(text: string): { totalBytes: number; availableBytes: number } | undefined {
  const field = (name: string): number | undefined => {
    const m = new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(text);
    return m?.[1] !== undefined ? Number(m[1]) * 1024 : undefined;
  };
  const totalBytes = field('MemTotal');
  const availableBytes = field('MemAvailable') ?? field('MemFree');
  return totalBytes !== undefined && availableBytes !== undefined ? { totalBytes, availableBytes } : undefined;
}

/** Where the process's memory cgroup lives: its directories from the innermost up to the mount. */
interface CgroupLocation {
  readonly version: 1 | 2;
  readonly dirs: readonly string[];
}

/** `dir` and its ancestors up to `mount` that exist; just the mount when the path is not visible (another cgroup namespace). */
function withAncestors(mount: string, cgroupPath: string): string[] {
  const dirs: string[] = [];
  let rel = path.posix.normalize(`/${cgroupPath}`);
  for (;;) {
    const dir = rel === '/' ? mount : path.join(mount, rel);
    if (existsSync(dir)) dirs.push(dir);
    if (rel === '/') break;
    rel = path.posix.dirname(rel);
  }
  return dirs;
}

/**
 * Finds the process's memory cgroup from /proc/self/cgroup: a v1 line naming
 * the memory controller (`4:memory:/a/b`) wins (in a hybrid layout memory is
 * bound to v1); else the v2 line (`0::/a/b`) if /sys/fs/cgroup is a v2 mount.
 */
function locateCgroup(root: string): CgroupLocation | undefined {
  const text = readText(path.join(root, 'proc/self/cgroup'));
  if (text === undefined) return undefined;
  const sys = path.join(root, 'sys/fs/cgroup');
  let v2Path: string | undefined;
  for (const line of text.split('\n')) {
    const m = /^(\d+):([^:]*):(.*)$/.exec(line.trim());
    if (m === null) continue;
    const [, , controllers = '', cgroupPath = '/'] = m;
    if (controllers.split(',').includes('memory')) {
      const mount = path.join(sys, 'memory');
      return existsSync(mount) ? { version: 1, dirs: withAncestors(mount, cgroupPath) } : undefined;
    }
    if (controllers === '') v2Path = cgroupPath;
  }
  if (v2Path === undefined || !existsSync(path.join(sys, 'cgroup.controllers'))) return undefined;
  return { version: 2, dirs: withAncestors(sys, v2Path) };
}

/** The limit and usage of one cgroup directory; undefined when it sets no limit. */
function readCgroupDir(version: 1 | 2, dir: string): CgroupMemory | undefined {
  const [limitFile, usageFile, inactiveKey] =
    version === 2 ? ['memory.max', 'memory.current', 'inactive_file'] : ['memory.limit_in_bytes', 'memory.usage_in_bytes', 'total_inactive_file'];
  const limit = readNumber(path.join(dir, limitFile));
  if (limit === undefined || limit === 'max' || limit >= NO_LIMIT_BYTES) return undefined;
  const usage = readNumber(path.join(dir, usageFile));
  const stat = readText(path.join(dir, 'memory.stat'));
  const reclaimable = statValue(stat, inactiveKey) ?? statValue(stat, 'inactive_file') ?? 0;
  return { version, dir, limitBytes: limit, usageBytes: typeof usage === 'number' ? usage : 0, reclaimableBytes: reclaimable };
}

/** The tightest limit (least headroom) among the cgroup's directories, if any sets one. */
function readCgroup(location: CgroupLocation | undefined): CgroupMemory | undefined {
  if (location === undefined) return undefined;
  let best: CgroupMemory | undefined;
  let bestRoom = Infinity;
  for (const dir of location.dirs) {
    const c = readCgroupDir(location.version, dir);
    if (c === undefined) continue;
    const room = c.limitBytes - Math.max(0, c.usageBytes - c.reclaimableBytes);
    if (room < bestRoom) [best, bestRoom] = [c, room];
  }
  return best;
}

/**
 * A reader of the memory facts: finds the cgroup's directories once, then
 * each call re-reads only the numbers (cheap enough for once a second).
 */
export function memoryReader(paths: MemoryPaths = {}): () => MemoryFacts {
  const root = paths.root ?? '/';
  const location = locateCgroup(root);
  return () => {
    const mem = parseMeminfo(readText(path.join(root, 'proc/meminfo')) ?? '');
    if (mem === undefined) return { source: 'os', totalBytes: os.totalmem(), availableBytes: os.freemem() };
    const cgroup = readCgroup(location);
    return { source: 'proc', ...mem, ...(cgroup !== undefined ? { cgroup } : {}) };
  };
}

/** The memory facts now: /proc/meminfo and any cgroup limit, or node's os module off Linux. */
export function readMemoryFacts(paths: MemoryPaths = {}): MemoryFacts {
  return memoryReader(paths)();
}

export type MemoryVerdict = 'ok' | 'budget' | 'machine';

export interface MemoryWatchOptions {
  /** The explicit --max-memory budget in bytes; none: only the machine is watched. */
  readonly budgetBytes?: number;
  /** Reads the facts (default: `memoryReader()` of the real /proc and /sys). */
  readonly read?: () => MemoryFacts;
  /** Milliseconds, monotonic (default performance.now); injectable for tests. */
  readonly now?: () => number;
  /** Milliseconds between re-reads of the facts (default 1000). */
  readonly recheckMs?: number;
}

/**
 * Rechecks memory during a run. `check(rss)` says 'budget' once the RSS
 * reaches the budget, 'machine' once the headroom (MemAvailable, or the
 * cgroup's) falls below the reserve, whoever grew, and 'ok' otherwise. The
 * facts are re-read at most once per `recheckMs`; the reserve is fixed at
 * construction, from the facts read then.
 */
export class MemoryWatch {
  readonly budgetBytes: number | undefined;
  readonly reserveBytes: number;
  private readonly read: () => MemoryFacts;
  private readonly now: () => number;
  private readonly recheckMs: number;
  private lastRead: number;
  private current: MemoryFacts;

  constructor(options: MemoryWatchOptions = {}) {
    this.budgetBytes = options.budgetBytes;
    this.read = options.read ?? memoryReader();
    this.now = options.now ?? (() => performance.now());
    this.recheckMs = options.recheckMs ?? 1000;
    this.current = this.read();
    this.lastRead = this.now();
    this.reserveBytes = reserveBytes(this.current);
  }

  /** The facts last read. */
  get facts(): MemoryFacts {
    return this.current;
  }

  check(rssBytes: number): MemoryVerdict {
    // >=, as LimitClock compares --max-memory.
    if (this.budgetBytes !== undefined && rssBytes >= this.budgetBytes) return 'budget';
    const t = this.now();
    if (t - this.lastRead >= this.recheckMs) {
      this.lastRead = t;
      this.current = this.read();
    }
    return headroomBytes(this.current) < this.reserveBytes ? 'machine' : 'ok';
  }
}
