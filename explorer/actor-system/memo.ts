/**
 * The step memo: `(localId, event) -> (nextLocalId, sent message ids,
 * fingerprint delta)`, in typed-array rows so that xstate runs once per
 * distinct local step and millions of global edges reuse it. Only this part
 * writes the rows; everyone else reads them through `ReadonlyInts`.
 *
 * An event code >= 0 is a message id; `-1 - e` is environment event e of the
 * node. The delta is the change of the node's local key plus the keys of the
 * messages it sends into flight, minus the key of the delivered message (one
 * copy leaves a multiset network): exactly the change of a multiset
 * fingerprint (`encode.ts`). Messages to a Byzantine node never go in flight:
 * they are kept apart for an adversary that learns, and dropped otherwise.
 * In the adversary's memory slot a "step" is learning (`Adversary.learnStep`).
 * The code `RESTART` is a crashed node's restart (crash-recovery): the next
 * local state is the restarted one (`restartedSnapshot`), nothing is sent.
 */
import type { EnvironmentEvent } from '../../spec/core/system.js';
import type { Envelope } from '../../spec/core/envelope.js';
import type { Adversary } from './adversary.js';
import { grow, type Interner, type ReadonlyInts } from './interner.js';
import { canTake, restartedSnapshot, stepSnapshot, type LocalSnapshot } from './step.js';

/** The memo code of a restart (crash-recovery): no message id (>= 0) or environment event (-1 - e) is this. */
export const RESTART = -0x40000000;

export class StepMemo {
  private readonly interner: Interner;
  private readonly adversary: Adversary;

  private mask = 4095;
  private keyLocal = new Int32Array(4096).fill(-1);
  private keyCode = new Int32Array(4096);
  private keyEntry = new Int32Array(4096);
  private used = 0;
  private entries = 0;

  private localA = new Int32Array(1024);
  private codeA = new Int32Array(1024);
  private nextA = new Int32Array(1024);
  private deltaHiA = new Int32Array(1024);
  private deltaLoA = new Int32Array(1024);
  private sentStartA = new Int32Array(1024);
  private sentLenA = new Int32Array(1024);
  private learnStartA = new Int32Array(1024);
  private learnLenA = new Int32Array(1024);
  /** Sent ids, each entry's run in content order (`Interner.msgBefore`). */
  private sortedPoolA = new Int32Array(4096);
  /** The same runs in emission order (FIFO channels need it). */
  private emittedPoolA = new Int32Array(4096);
  private sentUsed = 0;
  private learnPoolA = new Int32Array(1024);
  private learnUsed = 0;

  /** Statistics: lookups and misses (xstate calls). */
  lookups = 0;
  misses = 0;

  constructor(interner: Interner, adversary: Adversary) {
    this.interner = interner;
    this.adversary = adversary;
  }

  /** entry -> the local id it steps from. */
  get local(): ReadonlyInts {
    return this.localA;
  }
  /** entry -> its event code. */
  get code(): ReadonlyInts {
    return this.codeA;
  }
  /** Number of entries. */
  get size(): number {
    return this.entries;
  }
  /** entry -> next local id, or -1 when the event is not enabled (environment events only). */
  get next(): ReadonlyInts {
    return this.nextA;
  }
  get deltaHi(): ReadonlyInts {
    return this.deltaHiA;
  }
  get deltaLo(): ReadonlyInts {
    return this.deltaLoA;
  }
  get sentStart(): ReadonlyInts {
    return this.sentStartA;
  }
  get sentLen(): ReadonlyInts {
    return this.sentLenA;
  }
  get sortedPool(): ReadonlyInts {
    return this.sortedPoolA;
  }
  get emittedPool(): ReadonlyInts {
    return this.emittedPoolA;
  }
  /** entry -> the messages it sends to Byzantine nodes (in `learnPool`), kept only when the adversary learns. */
  get learnStart(): ReadonlyInts {
    return this.learnStartA;
  }
  get learnLen(): ReadonlyInts {
    return this.learnLenA;
  }
  get learnPool(): ReadonlyInts {
    return this.learnPoolA;
  }

  /** The memo entry for event `code` at local state `local`; runs xstate on a miss. */
  step(local: number, code: number): number {
    this.lookups++;
    const mask = this.mask;
    let i = (Math.imul(local, 0x9e3779b1) ^ Math.imul(code + 0x7f4a7c15, 0x85ebca77)) & mask;
    for (;;) {
      const l = this.keyLocal[i] as number;
      if (l === -1) break;
      if (l === local && this.keyCode[i] === code) return this.keyEntry[i] as number;
      i = (i + 1) & mask;
    }
    this.misses++;
    const entry = this.compute(local, code);
    this.keyLocal[i] = local;
    this.keyCode[i] = code;
    this.keyEntry[i] = entry;
    if (++this.used * 2 > mask) this.growTable();
    return entry;
  }

  private growTable(): void {
    const oldLocal = this.keyLocal;
    const oldCode = this.keyCode;
    const oldEntry = this.keyEntry;
    const size = oldLocal.length * 2;
    const mask = size - 1;
    this.mask = mask;
    this.keyLocal = new Int32Array(size).fill(-1);
    this.keyCode = new Int32Array(size);
    this.keyEntry = new Int32Array(size);
    for (let j = 0; j < oldLocal.length; j++) {
      const local = oldLocal[j] as number;
      if (local === -1) continue;
      const code = oldCode[j] as number;
      let i = (Math.imul(local, 0x9e3779b1) ^ Math.imul(code + 0x7f4a7c15, 0x85ebca77)) & mask;
      while (this.keyLocal[i] !== -1) i = (i + 1) & mask;
      this.keyLocal[i] = local;
      this.keyCode[i] = code;
      this.keyEntry[i] = oldEntry[j] as number;
    }
  }

  /** Sorts every entry's run of sent ids again (after messages' order changed: `Interner.hearOrder`). */
  resortRuns(): void {
    for (let e = 0; e < this.entries; e++) {
      const start = this.sentStartA[e] as number;
      this.interner.sortMessages(this.sortedPoolA, start, start + (this.sentLenA[e] as number));
    }
  }

  /** The event a memo code stands for, at node `slot`. */
  eventOf(slot: number, code: number): EnvironmentEvent | Envelope {
    if (code >= 0) return this.interner.messages[code] as Envelope;
    const node = this.interner.node(slot);
    const ev = node.environment[-1 - code];
    if (ev === undefined) throw new RangeError(`node ${node.name} has no environment event ${-1 - code}`);
    return ev;
  }

  private compute(local: number, code: number): number {
    const it = this.interner;
    const entry = this.entries++;
    this.localA = grow(this.localA, entry + 1);
    this.codeA = grow(this.codeA, entry + 1);
    this.localA[entry] = local;
    this.codeA[entry] = code;
    this.nextA = grow(this.nextA, entry + 1);
    this.deltaHiA = grow(this.deltaHiA, entry + 1);
    this.deltaLoA = grow(this.deltaLoA, entry + 1);
    this.sentStartA = grow(this.sentStartA, entry + 1);
    this.sentLenA = grow(this.sentLenA, entry + 1);
    this.learnStartA = grow(this.learnStartA, entry + 1);
    this.learnLenA = grow(this.learnLenA, entry + 1);
    this.sentStartA[entry] = this.sentUsed;
    if (this.adversary.isMemory(local)) {
      // The adversary learns message `code` (sent to a Byzantine node, never in flight); nothing is sent.
      const next = this.adversary.learnStep(local, code);
      this.nextA[entry] = next;
      this.deltaHiA[entry] = ((it.localKeyHi[next] as number) - (it.localKeyHi[local] as number)) | 0;
      this.deltaLoA[entry] = ((it.localKeyLo[next] as number) - (it.localKeyLo[local] as number)) | 0;
      return entry;
    }
    const slot = it.localSlot[local] as number;
    const node = it.node(slot);
    const snapshot = it.locals[local] as LocalSnapshot;
    if (code === RESTART) {
      const next = it.internLocal(slot, restartedSnapshot(node, snapshot));
      this.nextA[entry] = next;
      this.deltaHiA[entry] = ((it.localKeyHi[next] as number) - (it.localKeyHi[local] as number)) | 0;
      this.deltaLoA[entry] = ((it.localKeyLo[next] as number) - (it.localKeyLo[local] as number)) | 0;
      this.sentLenA[entry] = 0;
      this.learnLenA[entry] = 0;
      return entry;
    }
    const event = this.eventOf(slot, code);
    if (code < 0 && !canTake(snapshot, event)) {
      this.nextA[entry] = -1;
      return entry;
    }
    const { next, sent } = stepSnapshot(node, snapshot, event);
    const nextId = it.internLocal(slot, next);
    const byz = this.adversary.byzantine;
    const all = sent.map((m) => it.internMessage(m));
    const emitted = all.filter((id) => byz[it.msgTo[id] as number] !== 1);
    it.noteSent(emitted);
    const ids = [...emitted].sort(it.compareMessages);
    if (this.adversary.learns) {
      const learnt = all.filter((id) => byz[it.msgTo[id] as number] === 1);
      this.learnPoolA = grow(this.learnPoolA, this.learnUsed + learnt.length);
      this.learnPoolA.set(learnt, this.learnUsed);
      this.learnStartA[entry] = this.learnUsed;
      this.learnLenA[entry] = learnt.length;
      this.learnUsed += learnt.length;
    }
    let hi = ((it.localKeyHi[nextId] as number) - (it.localKeyHi[local] as number)) | 0;
    let lo = ((it.localKeyLo[nextId] as number) - (it.localKeyLo[local] as number)) | 0;
    if (code >= 0) {
      hi = (hi - (it.msgKeyHi[code] as number)) | 0;
      lo = (lo - (it.msgKeyLo[code] as number)) | 0;
    }
    for (const m of ids) {
      hi = (hi + (it.msgKeyHi[m] as number)) | 0;
      lo = (lo + (it.msgKeyLo[m] as number)) | 0;
    }
    this.sortedPoolA = grow(this.sortedPoolA, this.sentUsed + ids.length);
    this.emittedPoolA = grow(this.emittedPoolA, this.sentUsed + ids.length);
    this.sortedPoolA.set(ids, this.sentUsed);
    this.emittedPoolA.set(emitted, this.sentUsed);
    this.nextA[entry] = nextId;
    this.deltaHiA[entry] = hi;
    this.deltaLoA[entry] = lo;
    this.sentLenA[entry] = ids.length;
    this.sentUsed += ids.length;
    return entry;
  }
}
