/**
 * The Byzantine adversary (`SystemSpec.byzantine`): which nodes are
 * Byzantine, the universe of messages they may send from the start, and,
 * when the adversary learns, its one memory of what it was sent.
 *
 * A Byzantine node's machine never runs. The Byzantine nodes collude, so one
 * memory serves them all; it lives in the first Byzantine node's slot of the
 * state vector as a local id whose "snapshot" is that node's initial one and
 * whose meaning is the set of messages learned (`known`). Learning is a step
 * of that memory: `learnStep` gives the memory after learning one message.
 */
import type { ByzantineSpec, SystemSpec } from '../../spec/core/system.js';
import type { Envelope } from '../../spec/core/envelope.js';
import type { Interner } from './interner.js';
import { ModelError, type LocalSnapshot } from './step.js';

/** The union of two id arrays in the interner's content order (`Interner.msgBefore`), without repeats. */
function union(it: Interner, a: Int32Array, b: Int32Array): Int32Array {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && it.msgBefore(a[i] as number, b[j] as number))) out.push(a[i++] as number);
    else if (i >= a.length || it.msgBefore(b[j] as number, a[i] as number)) out.push(b[j++] as number);
    else {
      out.push(a[i++] as number);
      j++;
    }
  }
  return Int32Array.from(out);
}

export class Adversary {
  /** 1 for each Byzantine slot. */
  readonly byzantine: Uint8Array;
  /** The name of the adversary, when the system has Byzantine nodes. */
  readonly spec: ByzantineSpec | undefined;
  /** The universe (`ByzantineSpec.messages`) as message ids. */
  readonly forged: Int32Array;
  /** The slot holding the adversary's memory; -1 when it does not learn. */
  readonly memorySlot: number;
  /** Whether it learns from what it is sent. */
  readonly learns: boolean;
  /** local id -> what the adversary has learned (message ids in content order, none of `forged`), for memory ids. */
  readonly known: (Int32Array | undefined)[] = [];
  /** Every message the adversary learned in some state explored so far. */
  readonly learnedIds = new Set<number>();
  private readonly interner: Interner;
  private forgedSet: Set<number> | undefined;
  private readonly learnedOf = new Map<number, Int32Array>();
  private memoryInitial = -1;

  constructor(spec: SystemSpec, interner: Interner) {
    this.interner = interner;
    this.spec = spec.byzantine;
    const n = spec.nodes.length;
    this.byzantine = new Uint8Array(n);
    for (const slot of spec.byzantine?.nodes ?? []) {
      if (!Number.isInteger(slot) || slot < 0 || slot >= n) throw new ModelError(`${spec.protocol}: Byzantine node index ${slot} is not a node`);
      this.byzantine[slot] = 1;
    }
    this.memorySlot = spec.byzantine?.learn === undefined ? -1 : this.byzantine.indexOf(1);
    this.learns = this.memorySlot >= 0;
    this.forged = Int32Array.from(spec.byzantine?.messages ?? [], (m) => this.internForged(m));
  }

  /** Registers the initial local id of the memory slot (an empty memory). */
  setInitial(slot: number, id: number): void {
    if (slot !== this.memorySlot) return;
    this.memoryInitial = id;
    this.known[id] = new Int32Array(0);
  }

  /** Interns a message the adversary may send, checking that it is from a Byzantine node to a correct one. */
  private internForged(m: Envelope): number {
    const from = this.interner.nodeSlot.get(m.from);
    if (from === undefined || this.byzantine[from] !== 1) throw new ModelError(`the adversary may send only as a Byzantine node; ${m.type} claims to be from ${m.from}`);
    const id = this.interner.internMessage(m);
    if (this.byzantine[this.interner.msgTo[id] as number] === 1) throw new ModelError(`the adversary's ${m.type} is addressed to ${m.to}, which is Byzantine itself`);
    return id;
  }

  /** Whether `local` is a memory id of the adversary (its machine never runs). */
  isMemory(local: number): boolean {
    return this.known[local] !== undefined;
  }

  /** The memory after learning message `m` (sent to a Byzantine node) in memory `local`. */
  learnStep(local: number, m: number): number {
    const known = this.known[local] as Int32Array;
    const it = this.interner;
    const ids = union(it, known, this.learned(m));
    if (ids.length === 0) return this.memoryInitial;
    const slot = this.memorySlot;
    // Keyed by content (message keys), not ids: the same memory has the same key in every run.
    const key = `${slot}|known|${[...ids].map((x) => `${it.msgKeyHi[x] as number}:${it.msgKeyLo[x] as number}`).join(',')}`;
    let id = this.interner.localIdOf(key);
    if (id === undefined) {
      // The machine never runs: the snapshot stays the initial one; only the knowledge differs.
      id = this.interner.internLocalKeyed(key, slot, this.interner.locals[this.memoryInitial] as LocalSnapshot);
      this.known[id] = ids;
    }
    return id;
  }

  /** What the adversary may send once message `m` was sent to a Byzantine node: ids in content order, none of `forged`. */
  private learned(m: number): Int32Array {
    let ids = this.learnedOf.get(m);
    if (ids === undefined) {
      const learn = this.spec?.learn;
      const all = learn === undefined ? [] : learn(this.interner.messages[m] as Envelope).map((x) => this.internForged(x));
      this.forgedSet ??= new Set(this.forged);
      const forged = this.forgedSet;
      ids = Int32Array.from(new Set(all.filter((x) => !forged.has(x)))).sort(this.interner.compareMessages);
      this.learnedOf.set(m, ids);
      for (const x of ids) this.learnedIds.add(x);
    }
    return ids;
  }
}
