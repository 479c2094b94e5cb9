/**
 * State vectors between workers. A vector names local states and messages by
 * ids, and ids are per interner: each worker numbers what it meets in its
 * own order. So a worker sending states to another also sends, once per
 * destination, the definition of every id the destination has not yet been
 * told of (the local state's key, state value and context; the message), and
 * the receiver interns each definition and keeps a map from the sender's ids
 * to its own. Translating a vector is then one array lookup per entry, plus
 * re-sorting the messages of a multiset or set network (ids order them).
 * Fingerprints need no translation: keys are hashes of canonical keys
 * (`encode.ts`), the same in every worker.
 *
 * NOTE: an adversary that learns keeps its memory as a local state whose
 * meaning is not in its key alone; the coordinator runs such systems on one
 * worker, so its memory never crosses.
 */
import type { Envelope } from '../../spec/core/envelope.js';
import type { ActorModel } from '../actor-system/actor-model.js';
import { restoredSnapshot } from '../actor-system/step.js';

/** One id's definition, as structured-cloned between workers. */
export type IdDefinition =
  | { readonly kind: 'local'; readonly id: number; readonly slot: number; readonly key: string; readonly value: unknown; readonly context: unknown }
  | { readonly kind: 'message'; readonly id: number; readonly message: Envelope };

function grown(a: Uint8Array<ArrayBuffer>, need: number): Uint8Array<ArrayBuffer> {
  if (need <= a.length) return a;
  const b = new Uint8Array(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

function grownMap(a: Int32Array<ArrayBuffer>, need: number): Int32Array<ArrayBuffer> {
  if (need <= a.length) return a;
  const b = new Int32Array(Math.max(need, a.length * 2)).fill(-1);
  b.set(a);
  return b;
}

/** What one worker has told one destination: the ids defined there so far. */
export class Announcer {
  private locals = new Uint8Array(1024);
  private messages = new Uint8Array(1024);
  /** Definitions not yet sent (they go with the next batch, before the states that use them). */
  pending: IdDefinition[] = [];

  constructor(private readonly model: ActorModel) {}

  /** Queues the definitions of the ids in `v` that the destination lacks. */
  announce(v: Int32Array, len: number): void {
    const { nodes, msgsAt } = this.model.layout;
    for (let i = 0; i < nodes; i++) {
      const id = v[i] as number;
      if (id < this.locals.length && this.locals[id] === 1) continue;
      this.locals = grown(this.locals, id + 1);
      this.locals[id] = 1;
      const it = this.model.interner;
      const snap = it.locals[id];
      if (snap === undefined) throw new Error(`internal error: unknown local id ${id}`);
      this.pending.push({ kind: 'local', id, slot: it.localSlot[id] as number, key: it.localKeys[id] as string, value: snap.value, context: snap.context });
    }
    for (let j = msgsAt; j < len; j++) {
      const id = v[j] as number;
      if (id < this.messages.length && this.messages[id] === 1) continue;
      this.messages = grown(this.messages, id + 1);
      this.messages[id] = 1;
      this.pending.push({ kind: 'message', id, message: this.model.interner.messages[id] as Envelope });
    }
  }

  /** The pending definitions, handed over. */
  take(): IdDefinition[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }
}

/** The ids one source worker has defined here, mapped to this worker's. */
export class Translator {
  private locals = new Int32Array(1024).fill(-1);
  private messages = new Int32Array(1024).fill(-1);

  constructor(private readonly model: ActorModel) {}

  define(defs: readonly IdDefinition[]): void {
    const it = this.model.interner;
    for (const d of defs) {
      if (d.kind === 'local') {
        let mine = it.localIdOf(d.key);
        if (mine === undefined) mine = it.internLocalKeyed(d.key, d.slot, restoredSnapshot(it.node(d.slot), d.value, d.context));
        this.locals = grownMap(this.locals, d.id + 1);
        this.locals[d.id] = mine;
      } else {
        this.messages = grownMap(this.messages, d.id + 1);
        // No order comes with it: one made in this level is provisional where it was made, and every
        // worker hears every order at the level's end (`Interner.hearOrder`); one made before is heard already.
        this.messages[d.id] = it.internMessage(d.message);
      }
    }
  }

  /** Writes into `out` the vector `src[off, off + len)` in this worker's ids. */
  translate(src: Int32Array, off: number, len: number, out: Int32Array): void {
    const { nodes, msgsAt } = this.model.layout;
    for (let i = 0; i < nodes; i++) out[i] = this.local(src[off + i] as number);
    for (let i = nodes; i < msgsAt; i++) out[i] = src[off + i] as number;
    for (let j = msgsAt; j < len; j++) out[j] = this.message(src[off + j] as number);
    // Multiset and set vectors hold their messages in this worker's order; a fifo vector groups them by
    // channel (sender slot, receiver slot), which ids do not change.
    this.model.network.resort(out);
  }

  private local(id: number): number {
    const mine = this.locals[id];
    if (mine === undefined || mine < 0) throw new Error(`internal error: local id ${id} arrived without its definition`);
    return mine;
  }

  private message(id: number): number {
    const mine = this.messages[id];
    if (mine === undefined || mine < 0) throw new Error(`internal error: message id ${id} arrived without its definition`);
    return mine;
  }
}
