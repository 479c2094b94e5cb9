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
  private localSlotA = new Int32Array(1024);
  private localKeyHiA = new Int32Array(1024);
  private localKeyLoA = new Int32Array(1024);

  private readonly msgIds = new Map<string, number>();
  readonly messages: Envelope[] = [];
  private msgToA = new Int32Array(1024);
  private msgFromA = new Int32Array(1024);
  private msgKeyHiA = new Int32Array(1024);
  private msgKeyLoA = new Int32Array(1024);
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
      this.msgToA[id] = to;
      this.msgFromA[id] = from;
      this.msgKeyHiA[id] = hashText(key, this.seedHi);
      this.msgKeyLoA[id] = hashText(key, this.seedLo);
    }
    return id;
  }
}
