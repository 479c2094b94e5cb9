/**
 * Which worker of a split search owns a state (`parallel/worker.ts`).
 *
 * By default a state's owner follows from its fingerprint, so half of all
 * successors (with two workers) belong to the other worker and must be sent
 * there: sending one costs about three times expanding one. A protocol may
 * instead name the nodes whose local states decide the owner
 * (`SystemSpec.partition`): nodes whose local states change on few steps
 * but take many values, such as Paxos proposers (most steps are deliveries to
 * acceptors and learners). A step of another node then leaves its successor
 * with its parent's worker. On synod-m, 1.8% of successors go to the other
 * worker instead of half (measured in `docs/benchmarks.md`).
 *
 * The owner must be the same for every state of an orbit (symmetry keeps one
 * state per orbit, and which one depends on the renaming that wins), and the
 * same in every worker (ids are per worker). So a local state's part is a
 * hash of its content with every name of a symmetry group masked and every
 * array and object put in a fixed order: a renaming of interchangeable nodes
 * cannot change it. The owner of a state is the sum of its partition nodes'
 * parts, which a step changes only through the node it moves.
 */
import type { SystemSpec } from '../../spec/core/system.js';
import { hashText } from '../encode.js';
import type { Interner } from './interner.js';

/** A fixed seed: parts must agree between workers whatever --seed says (they decide placement, not identity). */
const PART_SEED = 0x2545f491;

export class Partition {
  /** slot -> 1 when the node's local state decides the owner. */
  readonly slots: Uint8Array;
  private readonly masked: ReadonlySet<string>;
  private parts = new Int32Array(1024);
  private known = new Uint8Array(1024);

  constructor(
    spec: SystemSpec,
    private readonly interner: Interner,
  ) {
    const names = spec.partition ?? [];
    this.slots = new Uint8Array(spec.nodes.length);
    for (const name of names) {
      const slot = interner.nodeSlot.get(name);
      if (slot === undefined) throw new Error(`${spec.protocol}: the partition names ${name}, which is not a node`);
      if (spec.symmetry?.groups.some((g) => g.includes(name)) === true) {
        throw new Error(`${spec.protocol}: the partition names ${name}, which is in a symmetry group (a renaming moves it)`);
      }
      this.slots[slot] = 1;
    }
    this.masked = new Set(spec.symmetry?.groups.flat() ?? []);
  }

  /** The part of local state `id`: the same for every renaming of it, in every worker. */
  partOfLocal(id: number): number {
    if (id >= this.known.length) {
      const size = Math.max(id + 1, this.known.length * 2);
      const p = new Int32Array(size);
      p.set(this.parts);
      const k = new Uint8Array(size);
      k.set(this.known);
      this.parts = p;
      this.known = k;
    }
    if (this.known[id] === 1) return this.parts[id] as number;
    const snap = this.interner.locals[id] as { value: unknown; context: unknown };
    const part = hashText(invariantKey({ value: snap.value, context: snap.context }, this.masked), PART_SEED);
    this.parts[id] = part;
    this.known[id] = 1;
    return part;
  }

  /** The part of state vector `v` (its partition nodes' parts, summed). */
  partOfState(v: Int32Array): number {
    let sum = 0;
    for (let slot = 0; slot < this.slots.length; slot++) if (this.slots[slot] === 1) sum = (sum + this.partOfLocal(v[slot] as number)) | 0;
    return sum;
  }
}

/** A key of `x` that no renaming of the names in `masked` changes: those names masked, arrays and objects sorted. */
export function invariantKey(x: unknown, masked: ReadonlySet<string>): string {
  if (typeof x === 'string') return masked.has(x) ? '*' : JSON.stringify(x);
  if (x === null || typeof x !== 'object') return String(x);
  if (Array.isArray(x)) return `[${x.map((e) => invariantKey(e, masked)).sort().join(',')}]`;
  const entries = Object.entries(x as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${masked.has(k) ? '*' : JSON.stringify(k)}:${invariantKey(v, masked)}`)
    .sort();
  return `{${entries.join(',')}}`;
}

/** The worker that owns a state of part `part`. */
export function ownerOfPart(part: number, workers: number): number {
  // Mixed again: parts are sums, whose low bits alone may spread badly.
  let h = Math.imul(part ^ (part >>> 16), 0x45d9f3b);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return ((h ^ (h >>> 16)) >>> 0) % workers;
}
