/**
 * A `SystemSpec` compiled for search: every distinct local snapshot and every
 * distinct message interned to a small integer, a random 64-bit key per id
 * (see `encode.ts`), and the memo of local transitions
 * `(localId, event) -> (nextLocalId, sent message ids, fingerprint delta)`,
 * kept in typed-array rows so that xstate runs once per distinct local step.
 *
 * Global state vector layout (an Int32Array, see `GlobalLayout`):
 *   [0, n)      local state id of each node
 *   n           bitmask of crashed nodes
 *   n + 1       duplicate deliveries left
 *   n + 2       number of messages in flight, c
 *   n + 3 ...   the c message ids, sorted ascending (a multiset: repeats allowed)
 */
import type { Envelope } from '../../spec/core/envelope.js';
import type { EnvironmentEvent, NodeSpec, SystemSpec } from '../../spec/core/system.js';
import { canonicalKey, KeyStream } from '../encode.js';
import { canTake, initialSnapshot, ModelError, snapshotKey, stepSnapshot, type LocalSnapshot } from './step.js';

/** Generic network and fault options, available to every protocol. */
export interface FaultOptions {
  /** Any in-flight message may be dropped (`Drop(m)`). */
  readonly lossy: boolean;
  /** How many duplicate deliveries may happen in a run (a message delivered but kept in flight). */
  readonly duplicates: number;
  /** How many nodes may crash (crash-stop: no more steps; messages to them stay in flight). */
  readonly crashes: number;
}

export const NO_FAULTS: FaultOptions = { lossy: false, duplicates: 0, crashes: 0 };

/** Offsets into a global state vector. */
export interface GlobalLayout {
  readonly nodes: number;
  readonly crashedAt: number;
  readonly dupsAt: number;
  readonly countAt: number;
  readonly msgsAt: number;
}

/** The union of two sorted id arrays without repeats. */
function union(a: Int32Array, b: Int32Array): Int32Array {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = i < a.length ? (a[i] as number) : Infinity;
    const y = j < b.length ? (b[j] as number) : Infinity;
    if (x <= y) i++;
    if (y <= x) j++;
    out.push(Math.min(x, y));
  }
  return Int32Array.from(out);
}

function grow(a: Int32Array<ArrayBuffer>, need: number): Int32Array<ArrayBuffer> {
  if (need <= a.length) return a;
  let size = a.length * 2;
  while (size < need) size *= 2;
  const b = new Int32Array(size);
  b.set(a);
  return b;
}

/** Maximum nodes when crashes are modelled (the crashed set is a 30-bit mask). */
export const MAX_CRASHABLE_NODES = 30;

export class ActorSystem {
  readonly spec: SystemSpec;
  readonly faults: FaultOptions;
  readonly layout: GlobalLayout;
  readonly nodeSlot: ReadonlyMap<string, number>;

  // Local states.
  private readonly localIds = new Map<string, number>();
  /** id -> snapshot. */
  readonly locals: LocalSnapshot[] = [];
  /** id -> the context of the snapshot (what properties read). */
  readonly contexts: unknown[] = [];
  /** id -> node slot it belongs to (ids are per node: the key includes the slot). */
  localSlot = new Int32Array(1024);
  localKeyHi = new Int32Array(1024);
  localKeyLo = new Int32Array(1024);

  // Messages.
  private readonly msgIds = new Map<string, number>();
  readonly messages: Envelope[] = [];
  /** message id -> receiver slot. */
  msgTo = new Int32Array(1024);
  msgKeyHi = new Int32Array(1024);
  msgKeyLo = new Int32Array(1024);

  // Fault keys.
  readonly crashKeyHi: Int32Array;
  readonly crashKeyLo: Int32Array;
  readonly dupKeyHi: Int32Array;
  readonly dupKeyLo: Int32Array;

  // Memo: open-addressing table (localId, code) -> entry; code >= 0 is a message id, -1-e an environment event.
  private memoMask = 4095;
  private memoLocal = new Int32Array(4096).fill(-1);
  private memoCode = new Int32Array(4096);
  private memoEntry = new Int32Array(4096);
  private memoCount = 0;
  /** entry -> next local id, or -1 when the event is not enabled (environment events only). */
  entryNext = new Int32Array(1024);
  entryDeltaHi = new Int32Array(1024);
  entryDeltaLo = new Int32Array(1024);
  entrySentStart = new Int32Array(1024);
  entrySentLen = new Int32Array(1024);
  /** entry -> the messages it sends to Byzantine nodes (in `learnPool`), kept only when the adversary learns. */
  entryLearnStart = new Int32Array(1024);
  entryLearnLen = new Int32Array(1024);
  learnPool = new Int32Array(1024);
  private learnUsed = 0;
  sentPool = new Int32Array(4096);
  private sentUsed = 0;
  private entries = 0;

  /** Statistics: memo lookups and misses (xstate calls). */
  memoLookups = 0;
  memoMisses = 0;

  private readonly keys: KeyStream;
  /** Initial local id of each slot. */
  readonly initialLocals: readonly number[];
  /** Number of environment events of each slot's node (0 for a Byzantine node: its machine never runs). */
  readonly envCount: Int32Array;
  /** 1 for each Byzantine slot. */
  readonly byzantine: Uint8Array;
  /** The adversary's universe (`SystemSpec.byzantine.messages`) as message ids. */
  readonly forged: Int32Array;
  /**
   * Where the adversary keeps what it has learned (`SystemSpec.byzantine.learn`): the first Byzantine
   * slot, whose machine never runs; -1 when the adversary does not learn. The Byzantine nodes collude,
   * so one memory serves them all.
   */
  readonly adversarySlot: number;
  /** Whether the adversary learns from what it is sent. */
  readonly learns: boolean;
  /**
   * local id -> what the adversary has learned (message ids it may send, sorted; never one of `forged`),
   * for the local ids of `adversarySlot` when the adversary learns; undefined otherwise.
   */
  readonly known: (Int32Array | undefined)[] = [];
  /** `forged` as a set, built on the first lookup. */
  private forgedSet: Set<number> | undefined;
  /** message id -> the ids `learn` gives for it (memoised). */
  private readonly learnedOf = new Map<number, Int32Array>();
  /** Every message the adversary learned in some state explored so far. */
  readonly learnedIds = new Set<number>();

  constructor(spec: SystemSpec, faults: FaultOptions = NO_FAULTS, seed = 0x5eed) {
    this.spec = spec;
    this.faults = faults;
    const n = spec.nodes.length;
    if (n === 0) throw new ModelError(`${spec.protocol}: the system has no nodes`);
    if (faults.crashes > 0 && n > MAX_CRASHABLE_NODES) {
      throw new ModelError(`crashes are modelled for at most ${MAX_CRASHABLE_NODES} nodes; this system has ${n}`);
    }
    const slots = new Map<string, number>();
    spec.nodes.forEach((node, i) => {
      if (slots.has(node.name)) throw new ModelError(`${spec.protocol}: two nodes are named ${node.name}`);
      slots.set(node.name, i);
    });
    this.nodeSlot = slots;
    this.layout = { nodes: n, crashedAt: n, dupsAt: n + 1, countAt: n + 2, msgsAt: n + 3 };
    this.keys = new KeyStream(seed);
    this.crashKeyHi = this.randomKeys(n);
    this.crashKeyLo = this.randomKeys(n);
    this.dupKeyHi = this.randomKeys(faults.duplicates + 1);
    this.dupKeyLo = this.randomKeys(faults.duplicates + 1);
    this.byzantine = new Uint8Array(n);
    for (const slot of spec.byzantine?.nodes ?? []) {
      if (!Number.isInteger(slot) || slot < 0 || slot >= n) throw new ModelError(`${spec.protocol}: Byzantine node index ${slot} is not a node`);
      this.byzantine[slot] = 1;
    }
    this.envCount = Int32Array.from(spec.nodes, (node, slot) => (this.byzantine[slot] === 1 ? 0 : node.environment.length));
    this.adversarySlot = spec.byzantine?.learn === undefined ? -1 : this.byzantine.indexOf(1);
    this.learns = this.adversarySlot >= 0;
    this.initialLocals = spec.nodes.map((node, slot) => {
      const id = this.internLocal(slot, initialSnapshot(node));
      if (slot === this.adversarySlot) this.known[id] = new Int32Array(0);
      return id;
    });
    this.forged = Int32Array.from(spec.byzantine?.messages ?? [], (m) => this.internAdversaryMessage(m));
  }

  /** Interns a message the adversary may send, checking that it is from a Byzantine node to a correct one. */
  private internAdversaryMessage(m: Envelope): number {
    const from = this.nodeSlot.get(m.from);
    if (from === undefined || this.byzantine[from] !== 1) throw new ModelError(`the adversary may send only as a Byzantine node; ${m.type} claims to be from ${m.from}`);
    const id = this.internMessage(m);
    if (this.byzantine[this.msgTo[id] as number] === 1) throw new ModelError(`the adversary's ${m.type} is addressed to ${m.to}, which is Byzantine itself`);
    return id;
  }

  /** What the adversary may send once message `m` was sent to a Byzantine node: sorted ids, none of `forged`. */
  private learned(m: number): Int32Array {
    let ids = this.learnedOf.get(m);
    if (ids === undefined) {
      const learn = this.spec.byzantine?.learn;
      const all = learn === undefined ? [] : learn(this.messages[m] as Envelope).map((x) => this.internAdversaryMessage(x));
      this.forgedSet ??= new Set(this.forged);
      const forged = this.forgedSet;
      ids = Int32Array.from(new Set(all.filter((x) => !forged.has(x)))).sort();
      this.learnedOf.set(m, ids);
      for (const x of ids) this.learnedIds.add(x);
    }
    return ids;
  }

  /** The local id of the adversary's slot `slot` once it knows `ids` (sorted, distinct). */
  private internKnowledge(slot: number, ids: Int32Array): number {
    const initial = this.initialLocals[slot] as number;
    if (ids.length === 0) return initial;
    const key = `${slot}|known|${ids.join(',')}`;
    let id = this.localIds.get(key);
    if (id === undefined) {
      // The machine never runs: the snapshot stays the initial one; only the knowledge differs.
      id = this.addLocal(key, slot, this.locals[initial] as LocalSnapshot);
      this.known[id] = ids;
    }
    return id;
  }

  private randomKeys(count: number): Int32Array {
    const a = new Int32Array(count);
    for (let i = 0; i < count; i++) a[i] = this.keys.next();
    return a;
  }

  /** Number of distinct local states interned so far. */
  get localCount(): number {
    return this.locals.length;
  }

  /** Number of distinct messages interned so far. */
  get messageCount(): number {
    return this.messages.length;
  }

  node(slot: number): NodeSpec {
    const node = this.spec.nodes[slot];
    if (node === undefined) throw new RangeError(`no node at slot ${slot}`);
    return node;
  }

  internLocal(slot: number, snapshot: LocalSnapshot): number {
    const key = `${slot}|${snapshotKey(snapshot)}`;
    return this.localIds.get(key) ?? this.addLocal(key, slot, snapshot);
  }

  private addLocal(key: string, slot: number, snapshot: LocalSnapshot): number {
    const id = this.locals.length;
    this.localIds.set(key, id);
    this.locals.push(snapshot);
    this.contexts.push(snapshot.context);
    this.localSlot = grow(this.localSlot, id + 1);
    this.localKeyHi = grow(this.localKeyHi, id + 1);
    this.localKeyLo = grow(this.localKeyLo, id + 1);
    this.localSlot[id] = slot;
    this.localKeyHi[id] = this.keys.next();
    this.localKeyLo[id] = this.keys.next();
    return id;
  }

  internMessage(msg: Envelope): number {
    const key = canonicalKey(msg);
    let id = this.msgIds.get(key);
    if (id === undefined) {
      const to = this.nodeSlot.get(msg.to);
      if (to === undefined) throw new ModelError(`${msg.from} sent ${msg.type} to ${msg.to}, which is not a node of this system`);
      id = this.messages.length;
      this.msgIds.set(key, id);
      this.messages.push(msg);
      this.msgTo = grow(this.msgTo, id + 1);
      this.msgKeyHi = grow(this.msgKeyHi, id + 1);
      this.msgKeyLo = grow(this.msgKeyLo, id + 1);
      this.msgTo[id] = to;
      this.msgKeyHi[id] = this.keys.next();
      this.msgKeyLo[id] = this.keys.next();
    }
    return id;
  }

  /**
   * The memo entry for delivering message `code` (>= 0) or environment event
   * `-1 - e` to the node in local state `local`. Runs xstate on a miss.
   * The entry's fingerprint delta includes removing one copy of the delivered message.
   */
  step(local: number, code: number): number {
    this.memoLookups++;
    const mask = this.memoMask;
    let i = (Math.imul(local, 0x9e3779b1) ^ Math.imul(code + 0x7f4a7c15, 0x85ebca77)) & mask;
    for (;;) {
      const l = this.memoLocal[i] as number;
      if (l === -1) break;
      if (l === local && this.memoCode[i] === code) return this.memoEntry[i] as number;
      i = (i + 1) & mask;
    }
    this.memoMisses++;
    const entry = this.computeEntry(local, code);
    this.memoLocal[i] = local;
    this.memoCode[i] = code;
    this.memoEntry[i] = entry;
    if (++this.memoCount * 2 > mask) this.growMemo();
    return entry;
  }

  private growMemo(): void {
    const oldLocal = this.memoLocal;
    const oldCode = this.memoCode;
    const oldEntry = this.memoEntry;
    const size = oldLocal.length * 2;
    const mask = size - 1;
    this.memoMask = mask;
    this.memoLocal = new Int32Array(size).fill(-1);
    this.memoCode = new Int32Array(size);
    this.memoEntry = new Int32Array(size);
    for (let j = 0; j < oldLocal.length; j++) {
      const local = oldLocal[j] as number;
      if (local === -1) continue;
      const code = oldCode[j] as number;
      let i = (Math.imul(local, 0x9e3779b1) ^ Math.imul(code + 0x7f4a7c15, 0x85ebca77)) & mask;
      while (this.memoLocal[i] !== -1) i = (i + 1) & mask;
      this.memoLocal[i] = local;
      this.memoCode[i] = code;
      this.memoEntry[i] = oldEntry[j] as number;
    }
  }

  /** The event a memo code stands for, at node `slot`. */
  eventOf(slot: number, code: number): EnvironmentEvent | Envelope {
    if (code >= 0) return this.messages[code] as Envelope;
    const ev = this.node(slot).environment[-1 - code];
    if (ev === undefined) throw new RangeError(`node ${this.node(slot).name} has no environment event ${-1 - code}`);
    return ev;
  }

  private computeEntry(local: number, code: number): number {
    const slot = this.localSlot[local] as number;
    const node = this.node(slot);
    const snapshot = this.locals[local] as LocalSnapshot;
    const event = this.eventOf(slot, code);
    const entry = this.entries++;
    this.entryNext = grow(this.entryNext, entry + 1);
    this.entryDeltaHi = grow(this.entryDeltaHi, entry + 1);
    this.entryDeltaLo = grow(this.entryDeltaLo, entry + 1);
    this.entrySentStart = grow(this.entrySentStart, entry + 1);
    this.entrySentLen = grow(this.entrySentLen, entry + 1);
    this.entryLearnStart = grow(this.entryLearnStart, entry + 1);
    this.entryLearnLen = grow(this.entryLearnLen, entry + 1);
    const known = this.known[local];
    if (known !== undefined) {
      // The adversary learns message `code` (sent to a Byzantine node, never in flight); nothing is sent.
      const next = this.internKnowledge(slot, union(known, this.learned(code)));
      this.entryNext[entry] = next;
      this.entryDeltaHi[entry] = ((this.localKeyHi[next] as number) - (this.localKeyHi[local] as number)) | 0;
      this.entryDeltaLo[entry] = ((this.localKeyLo[next] as number) - (this.localKeyLo[local] as number)) | 0;
      return entry;
    }
    if (code < 0 && !canTake(snapshot, event)) {
      this.entryNext[entry] = -1;
      return entry;
    }
    const { next, sent } = stepSnapshot(node, snapshot, event);
    const nextId = this.internLocal(slot, next);
    // Messages to a Byzantine node never go in flight: its machine never runs. An adversary that learns
    // learns them now (`learnPool`); otherwise they are discarded.
    const all = sent.map((m) => this.internMessage(m));
    const ids = all.filter((id) => this.byzantine[this.msgTo[id] as number] !== 1).sort((a, b) => a - b);
    if (this.learns) {
      const learnt = all.filter((id) => this.byzantine[this.msgTo[id] as number] === 1);
      this.learnPool = grow(this.learnPool, this.learnUsed + learnt.length);
      this.learnPool.set(learnt, this.learnUsed);
      this.entryLearnStart[entry] = this.learnUsed;
      this.entryLearnLen[entry] = learnt.length;
      this.learnUsed += learnt.length;
    }
    let hi = ((this.localKeyHi[nextId] as number) - (this.localKeyHi[local] as number)) | 0;
    let lo = ((this.localKeyLo[nextId] as number) - (this.localKeyLo[local] as number)) | 0;
    if (code >= 0) {
      hi = (hi - (this.msgKeyHi[code] as number)) | 0;
      lo = (lo - (this.msgKeyLo[code] as number)) | 0;
    }
    for (const m of ids) {
      hi = (hi + (this.msgKeyHi[m] as number)) | 0;
      lo = (lo + (this.msgKeyLo[m] as number)) | 0;
    }
    this.sentPool = grow(this.sentPool, this.sentUsed + ids.length);
    this.sentPool.set(ids, this.sentUsed);
    this.entryNext[entry] = nextId;
    this.entryDeltaHi[entry] = hi;
    this.entryDeltaLo[entry] = lo;
    this.entrySentStart[entry] = this.sentUsed;
    this.entrySentLen[entry] = ids.length;
    this.sentUsed += ids.length;
    return entry;
  }

  /** The initial global state vector. */
  initialVector(): Int32Array {
    const { nodes, dupsAt, countAt } = this.layout;
    const v = new Int32Array(this.layout.msgsAt);
    for (let i = 0; i < nodes; i++) v[i] = this.initialLocals[i] as number;
    v[dupsAt] = this.faults.duplicates;
    v[countAt] = 0;
    return v;
  }

  /** The fingerprint of a state vector, summed from scratch; result in `out[0]` (hi) and `out[1]` (lo). */
  fingerprint(v: Int32Array, out: Int32Array): void {
    const { nodes, crashedAt, dupsAt, countAt, msgsAt } = this.layout;
    let hi = 0;
    let lo = 0;
    for (let i = 0; i < nodes; i++) {
      const l = v[i] as number;
      hi = (hi + (this.localKeyHi[l] as number)) | 0;
      lo = (lo + (this.localKeyLo[l] as number)) | 0;
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
    const end = msgsAt + (v[countAt] as number);
    for (let j = msgsAt; j < end; j++) {
      const m = v[j] as number;
      hi = (hi + (this.msgKeyHi[m] as number)) | 0;
      lo = (lo + (this.msgKeyLo[m] as number)) | 0;
    }
    out[0] = hi;
    out[1] = lo;
  }
}
