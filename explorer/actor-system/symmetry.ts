/**
 * Fingerprints of whole states, and symmetry reduction (`SystemSpec.symmetry`).
 *
 * Without symmetry a state's fingerprint is the sum of the keys of its parts
 * (`encode.ts`). With symmetry the explorer stores one representative per
 * orbit: the fingerprint of a state is the least, over every permutation π
 * of the declared groups (the full product of their symmetric groups), of
 * the fingerprint of π(state). That is a function of the orbit alone, so two
 * states share it exactly when they are in one orbit (up to the fingerprint
 * collision odds that every run reports): the count of distinct states is
 * the count of orbits, not an approximation. π(state) is never built: node i's
 * local id is mapped to the id of its renamed local state at node π(i), each
 * message id to the id of the renamed message, and their keys are summed;
 * both maps are memoised per permutation.
 *
 * The search keeps the concrete state it first met in each orbit and expands
 * that one, so a counterexample is rebuilt by replaying concrete steps: it is
 * an execution of the machines as they are, and as short as the shortest
 * path to any member of the violating orbit (BFS over orbits).
 */
import type { SymmetrySpec } from '../../spec/core/symmetry.js';
import type { Adversary } from './adversary.js';
import type { Interner, ReadonlyInts } from './interner.js';
import type { StepMemo } from './memo.js';
import type { Network } from './network.js';
import { ModelError, renamedSnapshot, type LocalSnapshot } from './step.js';

/** The most permutations a declaration may generate (8!). */
export const MAX_SYMMETRIES = 40_320;

function permutations(xs: readonly number[]): number[][] {
  if (xs.length <= 1) return [[...xs]];
  const out: number[][] = [];
  xs.forEach((x, i) => {
    for (const rest of permutations([...xs.slice(0, i), ...xs.slice(i + 1)])) out.push([x, ...rest]);
  });
  return out;
}

export class StateHasher {
  private readonly interner: Interner;
  private readonly network: Network;
  private readonly crashKeyHi: Int32Array;
  private readonly crashKeyLo: Int32Array;
  private readonly dupKeyHi: Int32Array;
  private readonly dupKeyLo: Int32Array;
  /** Keys of the restarts left (crash-recovery), one per value; empty without a recovery budget. */
  private readonly recKeyHi: Int32Array;
  private readonly recKeyLo: Int32Array;
  /** The permutations, the identity first: slot -> slot. */
  private readonly slotMaps: Int32Array[] = [];
  private readonly renames: ((name: string) => string)[] = [];
  private localMaps: Int32Array<ArrayBuffer>[] = [];
  private msgMaps: Int32Array<ArrayBuffer>[] = [];
  private readonly symmetry: SymmetrySpec | undefined;
  /** The groups used, by node name (empty without symmetry). */
  readonly groups: readonly (readonly string[])[];
  /** Result lanes of `raw` and `canonical`. */
  hi = 0;
  lo = 0;
  private readonly memo: StepMemo;
  /** Per permutation: the fingerprint of the renamed state being expanded (`startOrbit`). */
  private curHi = new Int32Array(1);
  private curLo = new Int32Array(1);
  /** Per memo entry and permutation: the renamed entry's fingerprint delta (hi, lo), once computed. */
  private entryDelta = new Int32Array(0);
  private entryKnown = new Uint8Array(0);

  constructor(interner: Interner, network: Network, memo: StepMemo, duplicates: number, symmetry: SymmetrySpec | undefined, adversary: Adversary, recoveries = 0) {
    this.memo = memo;
    this.interner = interner;
    this.network = network;
    const n = interner.nodeCount;
    this.crashKeyHi = interner.randomKeys(n);
    this.crashKeyLo = interner.randomKeys(n);
    this.dupKeyHi = interner.randomKeys(duplicates + 1);
    this.dupKeyLo = interner.randomKeys(duplicates + 1);
    // Drawn after the others, so that the keys of a system without recoveries are as they were.
    const withRec = network.layout.recoveriesAt >= 0;
    this.recKeyHi = interner.randomKeys(withRec ? recoveries + 1 : 0);
    this.recKeyLo = interner.randomKeys(withRec ? recoveries + 1 : 0);
    this.symmetry = symmetry;
    this.groups = symmetry?.groups ?? [];
    this.slotMaps.push(Int32Array.from({ length: n }, (_, i) => i));
    this.renames.push((name) => name);
    this.localMaps.push(new Int32Array(0));
    this.msgMaps.push(new Int32Array(0));
    if (symmetry === undefined) return;
    if (adversary.learns) throw new ModelError('symmetry reduction is not supported with an adversary that learns; use --symmetry off');
    const protocol = interner.spec.protocol;
    const seen = new Set<number>();
    const slotGroups = symmetry.groups.map((group) =>
      group.map((name) => {
        const slot = interner.nodeSlot.get(name);
        if (slot === undefined) throw new ModelError(`${protocol}: the symmetry group names ${name}, which is not a node`);
        if (seen.has(slot)) throw new ModelError(`${protocol}: node ${name} is in two symmetry groups, or twice in one`);
        if (adversary.byzantine[slot] === 1) throw new ModelError(`${protocol}: node ${name} is Byzantine and cannot be in a symmetry group`);
        if (interner.node(slot).role !== interner.node(interner.nodeSlot.get(group[0] as string) as number).role) {
          throw new ModelError(`${protocol}: symmetry group ${group.join(',')} mixes roles`);
        }
        seen.add(slot);
        return slot;
      }),
    );
    let count = 1;
    for (const g of slotGroups) for (let k = 2; k <= g.length; k++) count *= k;
    if (count > MAX_SYMMETRIES) throw new ModelError(`${protocol}: the symmetry groups generate ${count} permutations; at most ${MAX_SYMMETRIES} are supported`);
    // Every combination of one permutation per group.
    let maps: number[][] = [Array.from({ length: n }, (_, i) => i)];
    for (const g of slotGroups) {
      const next: number[][] = [];
      for (const base of maps) {
        for (const p of permutations(g)) {
          const m = [...base];
          g.forEach((slot, k) => (m[slot] = p[k] as number));
          next.push(m);
        }
      }
      maps = next;
    }
    for (const m of maps) {
      if (m.every((x, i) => x === i)) continue;
      const map = Int32Array.from(m);
      const names = new Map(m.map((to, from) => [interner.node(from).name, interner.node(to).name]));
      this.slotMaps.push(map);
      this.renames.push((name) => names.get(name) ?? name);
      this.localMaps.push(new Int32Array(64).fill(-1));
      this.msgMaps.push(new Int32Array(64).fill(-1));
    }
    this.curHi = new Int32Array(this.slotMaps.length);
    this.curLo = new Int32Array(this.slotMaps.length);
    // The declaration must map the initial state and the adversary's universe onto themselves.
    const forged = new Set(adversary.forged);
    for (let e = 1; e < this.slotMaps.length; e++) {
      for (const m of adversary.forged) {
        if (!forged.has(this.mapMessage(e, m))) throw new ModelError(`${protocol}: the declared symmetry does not map the adversary's messages onto themselves`);
      }
    }
  }

  /** Number of permutations used, the identity included. */
  get size(): number {
    return this.slotMaps.length;
  }

  /** Checks that every permutation maps the initial local states onto each other. */
  checkInitial(initial: readonly number[]): void {
    for (let e = 1; e < this.slotMaps.length; e++) {
      initial.forEach((id, slot) => {
        const target = (this.slotMaps[e] as Int32Array)[slot] as number;
        if (this.mapLocal(e, id) !== initial[target]) {
          const it = this.interner;
          throw new ModelError(`${it.spec.protocol}: the declared symmetry is not one: ${it.node(slot).name}'s initial state, renamed, is not ${it.node(target).name}'s`);
        }
      });
    }
  }

  /** The id of local state `id` renamed by permutation `e`, at its new slot. */
  mapLocal(e: number, id: number): number {
    if (e === 0) return id;
    let map = this.localMaps[e] as Int32Array<ArrayBuffer>;
    if (id >= map.length) {
      const bigger = new Int32Array(Math.max(id + 1, map.length * 2)).fill(-1);
      bigger.set(map);
      this.localMaps[e] = map = bigger;
    }
    let out = map[id] as number;
    if (out < 0) {
      const it = this.interner;
      const slot = it.localSlot[id] as number;
      const target = (this.slotMaps[e] as Int32Array)[slot] as number;
      const snapshot = it.locals[id] as LocalSnapshot;
      const node = it.node(target);
      const context = (this.symmetry as SymmetrySpec).renameContext(node.role, snapshot.context, this.renames[e] as (n: string) => string);
      out = it.internLocal(target, renamedSnapshot(node, snapshot, context));
      map[id] = out;
    }
    return out;
  }

  /** The id of message `id` renamed by permutation `e`. */
  mapMessage(e: number, id: number): number {
    if (e === 0) return id;
    let map = this.msgMaps[e] as Int32Array<ArrayBuffer>;
    if (id >= map.length) {
      const bigger = new Int32Array(Math.max(id + 1, map.length * 2)).fill(-1);
      bigger.set(map);
      this.msgMaps[e] = map = bigger;
    }
    let out = map[id] as number;
    if (out < 0) {
      const it = this.interner;
      out = it.internMessage((this.symmetry as SymmetrySpec).renameMessage(it.messages[id] as never, this.renames[e] as (n: string) => string));
      map[id] = out;
    }
    return out;
  }

  /** The fingerprint of `v` itself, into `hi`/`lo` (lo not normalised). */
  raw(v: Int32Array): void {
    const it = this.interner;
    const { nodes, crashedAt, dupsAt } = this.network.layout;
    let hi = 0;
    let lo = 0;
    for (let i = 0; i < nodes; i++) {
      const l = v[i] as number;
      hi = (hi + (it.localKeyHi[l] as number)) | 0;
      lo = (lo + (it.localKeyLo[l] as number)) | 0;
    }
    const crashed = v[crashedAt] as number;
    if (crashed !== 0) {
      for (let i = 0; i < nodes; i++) {
        if ((crashed >>> i) & 1) {
          hi = (hi + (this.crashKeyHi[i] as number)) | 0;
          lo = (lo + (this.crashKeyLo[i] as number)) | 0;
        }
      }
    }
    const dups = v[dupsAt] as number;
    hi = (hi + (this.dupKeyHi[dups] as number)) | 0;
    lo = (lo + (this.dupKeyLo[dups] as number)) | 0;
    const recAt = this.network.layout.recoveriesAt;
    if (recAt >= 0) {
      hi = (hi + (this.recKeyHi[v[recAt] as number] as number)) | 0;
      lo = (lo + (this.recKeyLo[v[recAt] as number] as number)) | 0;
    }
    this.network.hash(v, null);
    this.hi = (hi + this.network.hi) | 0;
    this.lo = (lo + this.network.lo) | 0;
  }

  /** The key of the restarts left in `v` (0 without a recovery budget). */
  private recHi(v: Int32Array): number {
    const at = this.network.layout.recoveriesAt;
    return at < 0 ? 0 : (this.recKeyHi[v[at] as number] as number);
  }
  private recLo(v: Int32Array): number {
    const at = this.network.layout.recoveriesAt;
    return at < 0 ? 0 : (this.recKeyLo[v[at] as number] as number);
  }
  /** The key of `left` restarts left (crash-recovery). */
  recoveryHi(left: number): number {
    return this.recKeyHi[left] as number;
  }
  recoveryLo(left: number): number {
    return this.recKeyLo[left] as number;
  }

  /** The change of the fingerprint when node `slot` crashes. */
  crashHi(slot: number): number {
    return this.crashKeyHi[slot] as number;
  }
  crashLo(slot: number): number {
    return this.crashKeyLo[slot] as number;
  }
  dupHi(left: number): number {
    return this.dupKeyHi[left] as number;
  }
  dupLo(left: number): number {
    return this.dupKeyLo[left] as number;
  }

  /** The orbit's fingerprint (the least over the permutations), into `hi`/`lo` (lo not normalised). */
  canonical(v: Int32Array): void {
    this.raw(v);
    let bestHi = this.hi;
    let bestLo = this.lo;
    const it = this.interner;
    const { nodes, crashedAt, dupsAt, countAt, msgsAt } = this.network.layout;
    const crashed = v[crashedAt] as number;
    const dups = v[dupsAt] as number;
    const end = msgsAt + (v[countAt] as number);
    for (let e = 1; e < this.slotMaps.length; e++) {
      const slotMap = this.slotMaps[e] as Int32Array;
      let hi = ((this.dupKeyHi[dups] as number) + this.recHi(v)) | 0;
      let lo = ((this.dupKeyLo[dups] as number) + this.recLo(v)) | 0;
      for (let i = 0; i < nodes; i++) {
        const l = this.mapLocal(e, v[i] as number);
        hi = (hi + (it.localKeyHi[l] as number)) | 0;
        lo = (lo + (it.localKeyLo[l] as number)) | 0;
        if ((crashed >>> i) & 1) {
          const t = slotMap[i] as number;
          hi = (hi + (this.crashKeyHi[t] as number)) | 0;
          lo = (lo + (this.crashKeyLo[t] as number)) | 0;
        }
      }
      for (let j = msgsAt; j < end; j++) this.mapMessage(e, v[j] as number);
      this.network.hash(v, this.msgMaps[e] as ReadonlyInts);
      hi = (hi + this.network.hi) | 0;
      lo = (lo + this.network.lo) | 0;
      if (hi < bestHi || (hi === bestHi && lo < bestLo)) {
        bestHi = hi;
        bestLo = lo;
      }
    }
    this.hi = bestHi;
    this.lo = bestLo;
  }

  /**
   * Incremental orbit fingerprints, for a multiset network: remembers the
   * fingerprint of every renaming of `cur`, so that `stepMin` can give a
   * successor's orbit fingerprint from memoised per-entry deltas.
   */
  startOrbit(cur: Int32Array): void {
    const it = this.interner;
    const { nodes, crashedAt, dupsAt, countAt, msgsAt } = this.network.layout;
    const crashed = cur[crashedAt] as number;
    const dups = cur[dupsAt] as number;
    const end = msgsAt + (cur[countAt] as number);
    this.raw(cur);
    this.curHi[0] = this.hi;
    this.curLo[0] = this.lo;
    const localKeyHi = it.localKeyHi;
    const localKeyLo = it.localKeyLo;
    const msgKeyHi = it.msgKeyHi;
    const msgKeyLo = it.msgKeyLo;
    for (let e = 1; e < this.slotMaps.length; e++) {
      const slotMap = this.slotMaps[e] as Int32Array;
      let hi = ((this.dupKeyHi[dups] as number) + this.recHi(cur)) | 0;
      let lo = ((this.dupKeyLo[dups] as number) + this.recLo(cur)) | 0;
      let lm = this.localMaps[e] as Int32Array;
      for (let i = 0; i < nodes; i++) {
        const id = cur[i] as number;
        let l = id < lm.length ? (lm[id] as number) : -1;
        if (l < 0) {
          l = this.mapLocal(e, id);
          lm = this.localMaps[e] as Int32Array;
        }
        hi = (hi + (localKeyHi[l] as number)) | 0;
        lo = (lo + (localKeyLo[l] as number)) | 0;
        if ((crashed >>> i) & 1) {
          const t = slotMap[i] as number;
          hi = (hi + (this.crashKeyHi[t] as number)) | 0;
          lo = (lo + (this.crashKeyLo[t] as number)) | 0;
        }
      }
      let mm = this.msgMaps[e] as Int32Array;
      for (let j = msgsAt; j < end; j++) {
        const id = cur[j] as number;
        let m = id < mm.length ? (mm[id] as number) : -1;
        if (m < 0) {
          m = this.mapMessage(e, id);
          mm = this.msgMaps[e] as Int32Array;
        }
        hi = (hi + (msgKeyHi[m] as number)) | 0;
        lo = (lo + (msgKeyLo[m] as number)) | 0;
      }
      this.curHi[e] = hi;
      this.curLo[e] = lo;
    }
  }

  /** Offset of memo `entry`'s renamed deltas (hi, lo per permutation) in `entryDelta`, computing them once. */
  private deltasOf(entry: number): number {
    const g = this.slotMaps.length;
    if (entry >= this.entryKnown.length) {
      const size = Math.max(entry + 1, this.entryKnown.length * 2, 1024);
      const known = new Uint8Array(size);
      known.set(this.entryKnown);
      this.entryKnown = known;
      const delta = new Int32Array(size * g * 2);
      delta.set(this.entryDelta);
      this.entryDelta = delta;
    }
    const at = entry * g * 2;
    if (this.entryKnown[entry] === 1) return at;
    const it = this.interner;
    const memo = this.memo;
    const local = memo.local[entry] as number;
    const code = memo.code[entry] as number;
    const next = memo.next[entry] as number;
    const start = memo.sentStart[entry] as number;
    const len = memo.sentLen[entry] as number;
    for (let e = 0; e < g; e++) {
      const a = this.mapLocal(e, next);
      const b = this.mapLocal(e, local);
      let hi = ((it.localKeyHi[a] as number) - (it.localKeyHi[b] as number)) | 0;
      let lo = ((it.localKeyLo[a] as number) - (it.localKeyLo[b] as number)) | 0;
      if (code >= 0) {
        const m = this.mapMessage(e, code);
        hi = (hi - (it.msgKeyHi[m] as number)) | 0;
        lo = (lo - (it.msgKeyLo[m] as number)) | 0;
      }
      for (let s = start; s < start + len; s++) {
        const m = this.mapMessage(e, memo.sortedPool[s] as number);
        hi = (hi + (it.msgKeyHi[m] as number)) | 0;
        lo = (lo + (it.msgKeyLo[m] as number)) | 0;
      }
      this.entryDelta[at + 2 * e] = hi;
      this.entryDelta[at + 2 * e + 1] = lo;
    }
    this.entryKnown[entry] = 1;
    return at;
  }

  /**
   * The orbit fingerprint of a successor of the state given to `startOrbit`,
   * into `hi`/`lo`: memo `entry`'s change (if >= 0), plus one copy of message
   * `add` (if >= 0), minus one of `sub` (if >= 0), plus node `crash` crashing
   * (if >= 0), minus node `uncrash` crashed (if >= 0: a restart), plus
   * `dupHi`/`dupLo` (the change of the duplication or recovery budget, the
   * same under every renaming).
   */
  stepMin(entry: number, add: number, sub: number, crash: number, dupHi: number, dupLo: number, uncrash = -1): void {
    const it = this.interner;
    const g = this.slotMaps.length;
    const at = entry >= 0 ? this.deltasOf(entry) : -1;
    let bestHi = 0;
    let bestLo = 0;
    for (let e = 0; e < g; e++) {
      let hi = ((this.curHi[e] as number) + dupHi) | 0;
      let lo = ((this.curLo[e] as number) + dupLo) | 0;
      if (at >= 0) {
        hi = (hi + (this.entryDelta[at + 2 * e] as number)) | 0;
        lo = (lo + (this.entryDelta[at + 2 * e + 1] as number)) | 0;
      }
      if (add >= 0) {
        const m = this.mapMessage(e, add);
        hi = (hi + (it.msgKeyHi[m] as number)) | 0;
        lo = (lo + (it.msgKeyLo[m] as number)) | 0;
      }
      if (sub >= 0) {
        const m = this.mapMessage(e, sub);
        hi = (hi - (it.msgKeyHi[m] as number)) | 0;
        lo = (lo - (it.msgKeyLo[m] as number)) | 0;
      }
      if (crash >= 0) {
        const t = (this.slotMaps[e] as Int32Array)[crash] as number;
        hi = (hi + (this.crashKeyHi[t] as number)) | 0;
        lo = (lo + (this.crashKeyLo[t] as number)) | 0;
      }
      if (uncrash >= 0) {
        const t = (this.slotMaps[e] as Int32Array)[uncrash] as number;
        hi = (hi - (this.crashKeyHi[t] as number)) | 0;
        lo = (lo - (this.crashKeyLo[t] as number)) | 0;
      }
      if (e === 0 || hi < bestHi || (hi === bestHi && lo < bestLo)) {
        bestHi = hi;
        bestLo = lo;
      }
    }
    this.hi = bestHi;
    this.lo = bestLo;
  }
}
