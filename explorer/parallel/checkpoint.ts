/**
 * Checkpoints of a search in worker threads (`--checkpoint DIR`, `--resume DIR`).
 * Each worker writes its part at the start of a level (`worker.ts`, `save`):
 * periodically, when the coordinator asks for it at a level no worker has
 * reached yet, and when the search is stopped (then at the start of the
 * level it was expanding: that level is expanded again on resume). When every
 * worker has written its part for one level, `manifest.json` is replaced by
 * one naming that level, and older parts are deleted; a crash while writing
 * leaves the previous checkpoint whole.
 *
 * A checkpoint belongs to one run: the system (protocol, configuration,
 * sizes, bug, variant, adversary, properties), the faults, the network, the
 * seed, the reductions, the number of workers, and the build (a hash of the
 * compiled code, since ids, orders and step numbers are the code's). A resume
 * that differs in any of them is refused with the difference named.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError, type SpecSource } from '../registry.js';
import type { FaultOptions } from '../actor-system/faults.js';
import type { NetworkKind } from '../../spec/core/system.js';
import { compiledScript } from '../threads.js';
import { checkpointFile } from './protocol.js';

export const CHECKPOINT_FORMAT = 'agora-checkpoint/1';

/** What a checkpoint must agree with to be resumed. */
export interface RunIdentity {
  readonly format: string;
  readonly build: string;
  readonly source: SpecSource;
  readonly faults: FaultOptions;
  readonly network: NetworkKind | null;
  readonly seed: number | null;
  readonly symmetry: boolean;
  readonly por: boolean;
  readonly workers: number;
}

interface Manifest extends RunIdentity {
  readonly level: number;
  readonly states: number;
  readonly seconds: number;
  readonly files: readonly string[];
}

let buildHash: string | undefined;

/** A hash of the compiled code the workers run (every .js file under dist/). */
export function buildId(): string {
  if (buildHash !== undefined) return buildHash;
  const dist = fileURLToPath(new URL('../../', compiledScript(import.meta.url, 'parallel/worker.js')));
  const files = (readdirSync(dist, { recursive: true }) as string[]).filter((f) => f.endsWith('.js')).sort();
  const h = createHash('sha256');
  for (const f of files) {
    h.update(f);
    h.update(readFileSync(join(dist, f)));
  }
  buildHash = h.digest('hex').slice(0, 16);
  return buildHash;
}

export function runIdentity(
  source: SpecSource,
  options: { readonly faults: FaultOptions; readonly network?: NetworkKind; readonly seed?: number; readonly symmetry?: boolean; readonly por: boolean },
  workers: number,
): RunIdentity {
  return {
    format: CHECKPOINT_FORMAT,
    build: buildId(),
    source,
    faults: options.faults,
    network: options.network ?? null,
    seed: options.seed ?? null,
    symmetry: options.symmetry === true,
    por: options.por,
    workers,
  };
}

function canonical(x: unknown): string {
  if (x === null || typeof x !== 'object') return JSON.stringify(x);
  if (Array.isArray(x)) return `[${x.map(canonical).join(',')}]`;
  const o = x as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
    .join(',')}}`;
}

/** Reads the checkpoint in `dir` and checks it belongs to this run; returns its parts. */
export function openCheckpoint(dir: string, identity: RunIdentity): { files: readonly string[]; level: number; seconds: number } {
  const path = join(dir, 'manifest.json');
  if (!existsSync(path)) throw new UsageError(`--resume ${dir}: no checkpoint there (no manifest.json)`);
  let m: Manifest;
  try {
    m = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  } catch (e) {
    throw new UsageError(`--resume ${dir}: manifest.json is not readable JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (m.format !== CHECKPOINT_FORMAT) throw new UsageError(`--resume ${dir}: not an ${CHECKPOINT_FORMAT} checkpoint`);
  const fields: [keyof RunIdentity, string][] = [
    ['build', 'another build of agora (rebuilt or upgraded since)'],
    ['source', 'another system (protocol, configuration, sizes, bug, variant, adversary or properties)'],
    ['faults', 'other faults'],
    ['network', 'another network'],
    ['seed', 'another --seed'],
    ['symmetry', 'another --symmetry'],
    ['por', 'another --por'],
    ['workers', 'another number of --workers'],
  ];
  for (const [key, what] of fields) {
    if (canonical(m[key]) !== canonical(identity[key])) {
      throw new UsageError(`--resume ${dir}: the checkpoint is of ${what}: it has ${canonical(m[key])}, this run ${canonical(identity[key])}`);
    }
  }
  const files = m.files.map((f) => join(dir, f));
  for (const f of files) if (!existsSync(f)) throw new UsageError(`--resume ${dir}: ${f} is missing`);
  return { files, level: m.level, seconds: m.seconds };
}

/** Collects the workers' parts of each checkpoint and writes the manifest when one is whole. */
export class CheckpointWriter {
  private readonly parts = new Map<number, { workers: Set<number>; states: number }>();
  private last = performance.now();
  private pending: number | undefined;

  constructor(
    readonly dir: string,
    private readonly identity: RunIdentity,
    private readonly workers: number,
  ) {
    mkdirSync(dir, { recursive: true });
  }

  /** Whether a periodic checkpoint is due (none is being written). */
  due(now: number, everySeconds: number): boolean {
    return this.pending === undefined && now - this.last >= everySeconds * 1000;
  }

  asked(level: number): void {
    this.pending = level;
  }

  /** A worker wrote its part for `level`. */
  written(worker: number, level: number, states: number, seconds: number): void {
    const p = this.parts.get(level) ?? { workers: new Set<number>(), states: 0 };
    p.workers.add(worker);
    p.states += states;
    this.parts.set(level, p);
    if (p.workers.size < this.workers) return;
    const manifest: Manifest = {
      ...this.identity,
      level,
      states: p.states,
      seconds,
      files: Array.from({ length: this.workers }, (_, w) => checkpointFile('.', w, level).slice(2)),
    };
    const path = join(this.dir, 'manifest.json');
    writeFileSync(`${path}.tmp`, `${JSON.stringify(manifest, null, 2)}\n`);
    renameSync(`${path}.tmp`, path);
    // The parts of other levels are no longer named by the manifest.
    const keep = new Set(manifest.files);
    for (const f of readdirSync(this.dir)) if (/^worker-\d+-level-\d+\.bin$/.test(f) && !keep.has(f)) rmSync(join(this.dir, f));
    this.parts.delete(level);
    if (this.pending !== undefined && level >= this.pending) this.pending = undefined;
    this.last = performance.now();
  }
}
