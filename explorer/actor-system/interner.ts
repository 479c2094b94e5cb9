/**
 * Interning: every distinct local snapshot and every distinct message gets a
 * small integer id (its canonical key -> id; id -> object for properties and
 * traces) and a 64-bit key (two int32 lanes, a seeded hash of the canonical
 * key, so the same in every worker) from which fingerprints are summed
 * (`encode.ts`). Ids are per interner, in interning order; keys are not. Local ids are per node: the key includes the slot.
 * A message's receiver, sender and channel are kept per id, and each new
 * message is checked against the protocol's declared topology.
 */
import type { Envelope } from '../../spec/core/envelope.js';
import type { NodeSpec, SystemSpec } from '../../spec/core/system.js';
import { canonicalKey, fmix32, hashText, KeyStream, laneSeeds } from '../encode.js';
import { ModelError, snapshotKey, type LocalSnapshot } from './step.js';

/** A typed array seen from outside the part that owns it: read it, never write it. */
export interface ReadonlyInts {
  readonly [index: number]: number;
  readonly length: number;
}

export function grow(a: Int32Array<ArrayBuffer>, need: number): Int32Array<ArrayBuffer> {
  if (need <= a.length) return a;
  let size = a.length * 2;
  while (size < need) size *= 2;
  const b = new Int32Array(size);
  b.set(a);
  return b;
}

/** An interner's contents, as a checkpoint keeps them (JSON). */
export interface InternerDictionary {
  readonly locals: readonly { readonly slot: number; readonly key: string; readonly value: unknown; readonly context: unknown }[];
  readonly messages: readonly { readonly message: Envelope; readonly a?: number; readonly b?: number }[];
  readonly heard: readonly (readonly [string, number, number])[];
}

export class Interner {
  readonly spec: SystemSpec;
  readonly nodeSlot: ReadonlyMap<string, number>;
  private readonly keys: KeyStream;
  private readonly seedHi: number;
  private readonly seedLo: number;

  private readonly localIds = new Map<string, number>();
  /** id -> snapshot. */
  readonly locals: LocalSnapshot[] = [];
  /** id -> the context of the snapshot (what properties read). */
  readonly contexts: unknown[] = [];
  /** id -> the key it was interned under. */
  readonly localKeys: string[] = [];
  private localSlotA = new Int32Array(1024);
  private localKeyHiA = new Int32Array(1024);
  private localKeyLoA = new Int32Array(1024);

  private readonly msgIds = new Map<string, number>();
  readonly messages: Envelope[] = [];
  private msgToA = new Int32Array(1024);
  private msgFromA = new Int32Array(1024);
  private msgKeyHiA = new Int32Array(1024);
  private msgKeyLoA = new Int32Array(1024);
  private msgOrdA = new Float64Array(1024).fill(Infinity);
  private msgOrdB = new Int32Array(1024);
  private readonly msgByKey = new Map<string, number>();
  /** Where messages sent now are created: level * 2^32 + rank, set per expanded state (`Model.beginState`). */
  creationAt = 0;
  /** The position of the step being enumerated (set by the expander before each memo lookup). */
  creationPos = 0;
  /** Orders heard from other workers for messages not interned here yet. */
  private readonly heard = new Map<string, readonly [number, number]>();
  /**
   * Set where orders come only from `hearOrder` (a trace replayed on another
   * thread than the search): steps computed here record nothing.
   */
  ordersFixed = false;
  /**
   * Counts changes to the order of messages that may already sit in stored
   * vectors (a first order given to an interned message, an order lowered,
   * orders restored): a reader whose vectors were written at the same count
   * need not sort them again (`Network.resort`).
   */
  orderEpoch = 0;
  /** Ids whose creation this interner recorded since `takeCreated`. */
  private created: number[] = [];
  /** Allowed (sender slot, receiver slot) pairs from the declared topology; undefined: any. */
  private readonly allowed: Uint8Array | undefined;

  constructor(spec: SystemSpec, seed: number) {
    this.spec = spec;
    const n = spec.nodes.length;
    if (n === 0) throw new ModelError(`${spec.protocol}: the system has no nodes`);
    const slots = new Map<string, number>();
    spec.nodes.forEach((node, i) => {
      if (slots.has(node.name)) throw new ModelError(`${spec.protocol}: two nodes are named ${node.name}`);
      slots.set(node.name, i);
    });
    this.nodeSlot = slots;
    this.keys = new KeyStream(seed);
    [this.seedHi, this.seedLo] = laneSeeds(seed);
    const topology = spec.topology;
    if (topology !== undefined) {
      const roles = new Set(spec.nodes.map((node) => node.role));
      for (const [from, tos] of Object.entries(topology)) {
        for (const r of [from, ...tos]) if (!roles.has(r)) throw new ModelError(`${spec.protocol}: the topology names role ${r}, which no node has`);
      }
      this.allowed = new Uint8Array(n * n);
      spec.nodes.forEach((a, i) => spec.nodes.forEach((b, j) => {
        if (topology[a.role]?.includes(b.role) === true) (this.allowed as Uint8Array)[i * n + j] = 1;
      }));
    }
  }

  get nodeCount(): number {
    return this.spec.nodes.length;
  }

  node(slot: number): NodeSpec {
    const node = this.spec.nodes[slot];
    if (node === undefined) throw new RangeError(`no node at slot ${slot}`);
    return node;
  }

  /**
   * The key lane of message `m` at position `pos` >= 1 of a fifo channel
   * (`lane` 0: hi, 1: lo): a function of the message's own key and the position.
   */
  positionKey(m: number, pos: number, lane: 0 | 1): number {
    const own = lane === 0 ? (this.msgKeyHiA[m] as number) : (this.msgKeyLoA[m] as number);
    return fmix32((own ^ Math.imul(pos, lane === 0 ? 0x9e3779b1 : 0x85ebca77) ^ (lane === 0 ? this.seedHi : this.seedLo)) | 0);
  }

  /** Random keys drawn in a fixed order at construction (crash and duplication-budget keys). */
  randomKeys(count: number): Int32Array {
    const a = new Int32Array(count);
    for (let i = 0; i < count; i++) a[i] = this.keys.next();
    return a;
  }

  get localSlot(): ReadonlyInts {
    return this.localSlotA;
  }
  get localKeyHi(): ReadonlyInts {
    return this.localKeyHiA;
  }
  get localKeyLo(): ReadonlyInts {
    return this.localKeyLoA;
  }
  /** message id -> receiver slot. */
  get msgTo(): ReadonlyInts {
    return this.msgToA;
  }
  /** message id -> sender slot. */
  get msgFrom(): ReadonlyInts {
    return this.msgFromA;
  }
  get msgKeyHi(): ReadonlyInts {
    return this.msgKeyHiA;
  }
  get msgKeyLo(): ReadonlyInts {
    return this.msgKeyLoA;
  }

  /**
   * The order of messages: by creation, then key. A message's creation is
   * where a search first met a step that sends it: (level, rank of the state
   * expanded in its level, the step's position, the message's place among
   * what the step sends). That is the order a sequential BFS interns
   * messages in, and it does not depend on ids, so a search split over
   * workers, where each numbers messages its own way, orders them alike
   * (`parallel/`). Multiset and set vectors hold their messages in this
   * order and steps are enumerated in it, so step numbers and persistent
   * subsets are the same in every worker. (Creation order, oldest first,
   * also makes the partial-order reduction's choices converge: a hash order
   * in its place left it two to three times as many states on synod.)
   * Messages never sent (renamed by symmetry, forged) come last, by key.
   */
  msgBefore(a: number, b: number): boolean {
    const oa = this.msgOrdA[a] as number;
    const ob = this.msgOrdA[b] as number;
    if (oa !== ob) return oa < ob;
    const pa = this.msgOrdB[a] as number;
    const pb = this.msgOrdB[b] as number;
    if (pa !== pb) return pa < pb;
    const ha = this.msgKeyHiA[a] as number;
    const hb = this.msgKeyHiA[b] as number;
    return ha < hb || (ha === hb && (this.msgKeyLoA[a] as number) < (this.msgKeyLoA[b] as number));
  }

  /** Sorts `a[start, end)` (message ids) into `msgBefore` order: insertion sort, as runs are short and nearly sorted. */
  sortMessages(a: Int32Array, start: number, end: number): void {
    for (let j = start + 1; j < end; j++) {
      const x = a[j] as number;
      let k = j - 1;
      while (k >= start && this.msgBefore(x, a[k] as number)) {
        a[k + 1] = a[k] as number;
        k--;
      }
      a[k + 1] = x;
    }
  }

  /** `msgBefore` as a comparator, for sort. */
  readonly compareMessages = (a: number, b: number): number => (a === b ? 0 : this.msgBefore(a, b) ? -1 : 1);

  /** Records that a step sends these messages (in emission order) where the search is now. */
  noteSent(ids: readonly number[]): void {
    if (this.ordersFixed) return;
    // Only a message's first sending here sets its order: within one search, later sendings are later
    // (a worker expands its level in rank order), and lowering an order would unsort what was sorted by it.
    // Other workers' earlier sendings arrive at the end of the level (`hearOrder`).
    const pos = this.creationPos * 256;
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k] as number;
      if ((this.msgOrdA[id] as number) !== Infinity) continue;
      this.orderEpoch++;
      this.msgOrdA[id] = this.creationAt;
      this.msgOrdB[id] = pos + Math.min(k, 255);
      this.created.push(id);
    }
  }

  /** Lowers message `id`'s creation to (a, b) if that is earlier; returns whether it changed. */
  private lower(id: number, a: number, b: number): boolean {
    const oa = this.msgOrdA[id] as number;
    if (a > oa || (a === oa && b >= (this.msgOrdB[id] as number))) return false;
    this.orderEpoch++;
    this.msgOrdA[id] = a;
    this.msgOrdB[id] = b;
    return true;
  }

  /** A message's creation, as [hi key, lo key, a, b] (a is Infinity for one never sent). */
  orderOf(id: number): [number, number, number, number] {
    return [this.msgKeyHiA[id] as number, this.msgKeyLoA[id] as number, this.msgOrdA[id] as number, this.msgOrdB[id] as number];
  }

  /** The messages whose creation was recorded here since the last call. */
  takeCreated(): number[] {
    const out = this.created;
    this.created = [];
    return out;
  }

  /**
   * Another worker's record of a message's creation (keys hi, lo; order a, b):
   * kept if earlier. Returns whether an interned message's order changed
   * (then runs and vectors sorted before must be sorted again).
   */
  hearOrder(hi: number, lo: number, a: number, b: number): boolean {
    const k = `${hi}:${lo}`;
    const id = this.msgByKey.get(k);
    if (id !== undefined) return this.lower(id, a, b);
    const old = this.heard.get(k);
    if (old === undefined || a < old[0] || (a === old[0] && b < old[1])) this.heard.set(k, [a, b]);
    return false;
  }


  /**
   * What a checkpoint keeps of the interner: every local state and message in
   * id order (so that ids in saved vectors mean the same after a resume), with
   * message orders; orders created at level `fromLevel` or later are dropped
   * (that level is expanded again after the resume, and orders them again).
   */
  exportDictionary(fromLevel: number): InternerDictionary {
    const cut = fromLevel * 2 ** 32;
    return {
      locals: this.locals.map((snap, id) => ({ slot: this.localSlotA[id] as number, key: this.localKeys[id] as string, value: snap.value, context: snap.context })),
      messages: this.messages.map((message, id) => {
        const a = this.msgOrdA[id] as number;
        return a < cut ? { message, a, b: this.msgOrdB[id] as number } : { message };
      }),
      heard: [...this.heard].filter(([, [a]]) => a < cut).map(([k, [a, b]]) => [k, a, b] as const),
    };
  }

  /** Interns a checkpoint's dictionary into a fresh interner: the ids come out as they were saved. */
  importDictionary(d: InternerDictionary, restore: (slot: number, value: unknown, context: unknown) => LocalSnapshot): void {
    d.locals.forEach((l, id) => {
      const got = this.localIdOf(l.key) ?? this.internLocalKeyed(l.key, l.slot, restore(l.slot, l.value, l.context));
      if (got !== id) throw new Error(`checkpoint: local state ${id} came back as ${got}; the checkpoint does not belong to this system`);
    });
    d.messages.forEach((m, id) => {
      const got = this.internMessage(m.message);
      if (got !== id) throw new Error(`checkpoint: message ${id} came back as ${got}; the checkpoint does not belong to this system`);
      if (m.a !== undefined && m.b !== undefined) {
        this.orderEpoch++;
        this.msgOrdA[id] = m.a;
        this.msgOrdB[id] = m.b;
      }
    });
    for (const [k, a, b] of d.heard) this.heard.set(k, [a, b]);
  }

  get localCount(): number {
    return this.locals.length;
  }

  get messageCount(): number {
    return this.messages.length;
  }

  internLocal(slot: number, snapshot: LocalSnapshot): number {
    return this.internLocalKeyed(`${slot}|${snapshotKey(snapshot)}`, slot, snapshot);
  }

  /** Interns a local state under a key of the caller's (the adversary's memory uses its own). */
  internLocalKeyed(key: string, slot: number, snapshot: LocalSnapshot): number {
    const known = this.localIds.get(key);
    if (known !== undefined) return known;
    const id = this.locals.length;
    this.localIds.set(key, id);
    this.localKeys.push(key);
    this.locals.push(snapshot);
    this.contexts.push(snapshot.context);
    this.localSlotA = grow(this.localSlotA, id + 1);
    this.localKeyHiA = grow(this.localKeyHiA, id + 1);
    this.localKeyLoA = grow(this.localKeyLoA, id + 1);
    this.localSlotA[id] = slot;
    this.localKeyHiA[id] = hashText(key, this.seedHi);
    this.localKeyLoA[id] = hashText(key, this.seedLo);
    return id;
  }

  /** The id of a local state key already interned, if any. */
  localIdOf(key: string): number | undefined {
    return this.localIds.get(key);
  }

  internMessage(msg: Envelope): number {
    const key = canonicalKey(msg);
    let id = this.msgIds.get(key);
    if (id === undefined) {
      const to = this.nodeSlot.get(msg.to);
      if (to === undefined) throw new ModelError(`${msg.from} sent ${msg.type} to ${msg.to}, which is not a node of this system`);
      const from = this.nodeSlot.get(msg.from);
      if (from === undefined) throw new ModelError(`a ${msg.type} claims to be from ${msg.from}, which is not a node of this system`);
      const n = this.nodeCount;
      if (this.allowed !== undefined && this.allowed[from * n + to] !== 1) {
        throw new ModelError(
          `${msg.from} (${this.node(from).role}) sent ${msg.type} to ${msg.to} (${this.node(to).role}), outside the topology ${this.spec.protocol} declares`,
        );
      }
      id = this.messages.length;
      this.msgIds.set(key, id);
      this.messages.push(msg);
      this.msgToA = grow(this.msgToA, id + 1);
      this.msgFromA = grow(this.msgFromA, id + 1);
      this.msgKeyHiA = grow(this.msgKeyHiA, id + 1);
      this.msgKeyLoA = grow(this.msgKeyLoA, id + 1);
      if (id >= this.msgOrdA.length) {
        const a = new Float64Array(this.msgOrdA.length * 2).fill(Infinity);
        a.set(this.msgOrdA);
        this.msgOrdA = a;
      }
      this.msgOrdB = grow(this.msgOrdB, id + 1);
      this.msgToA[id] = to;
      this.msgFromA[id] = from;
      this.msgKeyHiA[id] = hashText(key, this.seedHi);
      this.msgKeyLoA[id] = hashText(key, this.seedLo);
      const k = `${this.msgKeyHiA[id] as number}:${this.msgKeyLoA[id] as number}`;
      this.msgByKey.set(k, id);
      const order = this.heard.get(k);
      if (order !== undefined) {
        this.heard.delete(k);
        this.msgOrdA[id] = order[0];
        this.msgOrdB[id] = order[1];
      }
    }
    return id;
  }
}
