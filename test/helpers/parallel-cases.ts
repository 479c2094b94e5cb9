/**
 * The cases and checks of the search split over worker threads, shared by
 * test/explorer/parallel.test.ts (the cases marked `long: false`) and
 * test/long/parallel.long.ts (`npm run test:long`: the cases marked
 * `long: true`, 8-20 s each on 2 shared cores).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { check, type CheckReport } from '../../explorer/check.js';
import type { FaultOptions } from '../../explorer/actor-system/faults.js';
import { startParallelCheck } from '../../explorer/parallel/coordinator.js';
import { buildSpec, resolveSource, type SystemFlags } from '../../explorer/registry.js';
import type { NetworkKind } from '../../spec/core/system.js';

export interface WorkersCase {
  readonly name: string;
  readonly protocol: string;
  readonly flags: SystemFlags;
  readonly faults?: FaultOptions;
  readonly network?: NetworkKind;
  readonly symmetry: boolean;
  readonly por: boolean;
  /** Too slow for `npm test`: run by test/long/parallel.long.ts. */
  readonly long: boolean;
}

const NONE: FaultOptions = { lossy: false, duplicates: 0, crashes: 0 };

export const WORKERS_CASES: readonly WorkersCase[] = [
  { name: 'synod-s, both reductions', protocol: 'synod', flags: { config: 'synod-s' }, symmetry: true, por: true, long: false },
  { name: 'synod-s, partial order only', protocol: 'synod', flags: { config: 'synod-s' }, symmetry: false, por: true, long: true },
  { name: 'synod-xs, symmetry only', protocol: 'synod', flags: { config: 'synod-xs' }, symmetry: true, por: false, long: false },
  { name: 'synod-xs, lossy, a duplicate and a crash', protocol: 'synod', flags: { config: 'synod-xs' }, faults: { lossy: true, duplicates: 1, crashes: 1 }, symmetry: false, por: false, long: true },
  { name: 'synod-xs on fifo channels, both', protocol: 'synod', flags: { config: 'synod-xs' }, network: 'fifo', symmetry: true, por: true, long: false },
  { name: 'synod-xs on the set network, both', protocol: 'synod', flags: { config: 'synod-xs' }, network: 'set', symmetry: true, por: true, long: false },
  { name: 'multipaxos mp-tiny, both', protocol: 'multipaxos', flags: { config: 'mp-tiny' }, symmetry: true, por: true, long: false },
  { name: 'synod-xs, a crash and a restart (crash-recovery), both', protocol: 'synod', flags: { config: 'synod-xs' }, faults: { lossy: false, duplicates: 0, crashes: 1, recoveries: 1 }, symmetry: true, por: true, long: false },
  { name: 'synod-xs, forget-promise with two crashes and restarts, none', protocol: 'synod', flags: { config: 'synod-xs', bug: 'forget-promise' }, faults: { lossy: false, duplicates: 0, crashes: 2, recoveries: 2 }, symmetry: false, por: false, long: true },
  { name: 'pbft pbft-tiny, both', protocol: 'pbft', flags: { config: 'pbft-tiny' }, symmetry: true, por: true, long: false },
  { name: 'synod-s own-value (a violation), both', protocol: 'synod', flags: { config: 'synod-s', bug: 'own-value' }, symmetry: true, por: true, long: true },
  { name: 'multipaxos skip-phase1 (a violation), none', protocol: 'multipaxos', flags: { config: 'mp-tiny', bug: 'skip-phase1' }, symmetry: false, por: false, long: false },
];

export function figures(r: CheckReport): unknown {
  return { status: r.status, states: r.stats.states, transitions: r.stats.transitions, depth: r.stats.depth, verdicts: r.properties.map((p) => p.verdict) };
}

/** 1, 2 and 3 workers agree with each other and with the sequential search. */
export async function expectWorkersAgree(c: WorkersCase): Promise<void> {
  const { source } = resolveSource(c.protocol, c.flags);
  const spec = buildSpec(source);
  // With the deadlock check (a state with no step must be final), which the split search makes too.
  const options = { faults: c.faults ?? NONE, ...(c.network !== undefined ? { network: c.network } : {}), symmetry: c.symmetry && spec.symmetry !== undefined, por: c.por, deadlock: true };
  const seq = check(spec, { ...options, shortest: true });
  const runs = await Promise.all([1, 2, 3].map((workers) => startParallelCheck(source, { ...options, shortest: true, workers }).report));
  const [one, ...more] = runs as [CheckReport, ...CheckReport[]];
  for (const r of more) expect(figures(r)).toEqual(figures(one));
  expect(one.status).toBe(seq.status);
  expect(one.properties.map((p) => p.verdict)).toEqual(seq.properties.map((p) => p.verdict));
  // The very same counts: for a violation too, since the sequential BFS also finishes the level it
  // finds one in, and every search reports the violating state first in BFS order.
  expect(figures(one)).toEqual(figures(seq));
  expect(one.reductions.por?.reduced).toBe(seq.reductions.por?.reduced);
  for (const r of runs) {
    expect(r.trace?.steps.length).toBe(seq.trace?.steps.length);
    expect(r.trace?.property).toBe(seq.trace?.property);
  }
}

export interface CheckpointCase {
  readonly name: string;
  readonly flags: SystemFlags;
  readonly symmetry: boolean;
  readonly por: boolean;
  readonly workers: number;
  /** Too slow for `npm test`: run by test/long/parallel.long.ts. */
  readonly long: boolean;
}

export const CHECKPOINT_CASES: readonly CheckpointCase[] = [
  { name: 'synod-lossy-s unreduced, 1 worker', flags: { config: 'synod-lossy-s' }, symmetry: false, por: false, workers: 1, long: true },
  { name: 'synod-s with both reductions, 2 workers', flags: { config: 'synod-s' }, symmetry: true, por: true, workers: 2, long: false },
  { name: 'synod-s own-value (a violation), both, 2 workers', flags: { config: 'synod-s', bug: 'own-value' }, symmetry: true, por: true, workers: 2, long: true },
];

/** A fresh temporary directory, recorded in `dirs` (for the caller to remove). */
export function freshDir(dirs: string[]): string {
  const d = mkdtempSync(join(tmpdir(), 'agora-ck-'));
  dirs.push(d);
  return d;
}

/** Stopped with a checkpoint, then resumed: the uninterrupted run's counts and verdicts. */
export async function expectCheckpointResumes(c: CheckpointCase, dir: string): Promise<void> {
  const { source, config } = resolveSource('synod', c.flags);
  const faults = { lossy: config.faults?.lossy === true, duplicates: config.faults?.duplicates ?? 0, crashes: config.faults?.crashes ?? 0 };
  const options = { faults, symmetry: c.symmetry, por: c.por, workers: c.workers, shortest: true };
  const straight = await startParallelCheck(source, options).report;
  const stopped = await startParallelCheck(source, { ...options, limits: { maxStates: Math.floor(straight.stats.states / 3) }, checkpoint: { dir, everySeconds: 3600 } }).report;
  expect(stopped.status).toBe('incomplete');
  const resumed = await startParallelCheck(source, { ...options, resume: dir, checkpoint: { dir, everySeconds: 3600 } }).report;
  expect(figures(resumed)).toEqual(figures(straight));
  expect(resumed.trace?.steps.length).toBe(straight.trace?.steps.length);
}
