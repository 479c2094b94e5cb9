/**
 * One random walk on an actor system: from the initial state, take one
 * enabled step at a time, chosen at random (uniformly, or by the run's swarm
 * weights: `swarm.ts`), and check the properties on the initial state and
 * after every step, until a property fails, no step is enabled (a deadlock,
 * or quiescence: every process done and no message in flight), or the walk
 * reaches its step bound.
 *
 * The walk uses the same successor generation as the exhaustive search
 * (`Model.expand`, over a model built without reductions), with a visitor
 * that wants every successor: each enabled step is built once and the one
 * to take is kept on the fly, one candidate per step kind, so choosing costs
 * one pass and no list of successors. What it took is recorded as StepIds
 * (`schedule.ts`) for the shrinker.
 *
 * A run must be the same walk in every model instance (each worker thread
 * has its own), yet the order in which `expand` lists the steps is not: on a
 * multiset network it follows the message ids, which depend on the order in
 * which the instance first met each message, i.e. on the runs it walked
 * before. So the choice does not depend on that order: each step gets a
 * priority, a hash of one random draw per state and of what the step is
 * (kind, node, the message's canonical key or the environment event), and
 * the step of least priority wins within its kind: a uniform choice (the
 * priorities are as good as independent uniform draws) that any listing
 * order reproduces. The kind is then drawn by its number of enabled steps
 * (uniform over all steps) or by the run's swarm weights.
 * NOTE: the walk is memoryless: it does not avoid states it visited before
 * (a walk, not a search); `--max-steps` bounds it.
 */
import { STEP_KIND_NAMES, StepKind } from '../actor-system/actions.js';
import type { ActorModel } from '../actor-system/actor-model.js';
import { canonicalKey } from '../encode.js';
import type { SuccessorVisitor } from '../successors.js';
import type { CoverageCounter } from './coverage.js';
import { fmix32, hash53, type RunRandom } from './random.js';
import { namesMessage } from './schedule.js';
import type { KindWeights } from './swarm.js';

/** Why a walk ended. */
export type WalkEnd = 'violation' | 'deadlock' | 'max-steps' | 'stopped';

export interface WalkOutcome {
  readonly end: WalkEnd;
  /** Steps taken. */
  readonly length: number;
  /** The index of the property violated (end = 'violation'), else -1. */
  readonly property: number;
}

const KINDS = STEP_KIND_NAMES.length;

export class Walker implements SuccessorVisitor {
  private readonly model: ActorModel;
  private readonly coverage: CoverageCounter;
  /** The current state. */
  private cur: Int32Array;
  /** Per kind: the successor of least priority so far, its step's slot and arg, its priority and step key. */
  private readonly kept: Int32Array[];
  private readonly keptSlot = new Int32Array(KINDS);
  private readonly keptArg = new Int32Array(KINDS);
  private readonly keptPriority = new Float64Array(KINDS);
  private readonly keptKey = new Float64Array(KINDS);
  /** The random draw of the state being expanded, from which the steps' priorities are hashed. */
  private draw = 0;
  /** Per message id: a hash of the message's canonical key (content, the same in every instance); 0 = not yet computed. */
  private msgHash = new Int32Array(256);
  /** Per kind: enabled steps seen in the current state. */
  private readonly seen = new Float64Array(KINDS);
  /** The current walk's randomness and weights (null: uniform over steps). */
  private rng: RunRandom | null = null;
  private weights: KindWeights | null = null;
  /** The steps of the current walk, three ints each: kind, slot, arg. */
  private trail = new Int32Array(3 * 256);

  constructor(model: ActorModel, coverage: CoverageCounter) {
    this.model = model;
    this.coverage = coverage;
    const size = Math.max(model.capacity, 64);
    this.cur = new Int32Array(size);
    this.kept = Array.from({ length: KINDS }, () => new Int32Array(size));
  }

  /**
   * Walks from the initial state. `stop` is polled every 256 steps (a time
   * limit, an interrupt, or a lower-numbered run that already failed).
   */
  walk(rng: RunRandom, weights: KindWeights | null, maxSteps: number, stop: () => boolean): WalkOutcome {
    const model = this.model;
    this.rng = rng;
    this.weights = weights;
    const init = model.initialVector();
    this.cur.set(init);
    const nodes = model.layout.nodes;
    for (let s = 0; s < nodes; s++) this.coverage.mark(init[s] as number);
    let property = model.check(this.cur);
    if (property >= 0) return { end: 'violation', length: 0, property };
    for (let length = 0; length < maxSteps; ) {
      if ((length & 255) === 255 && stop()) return { end: 'stopped', length, property: -1 };
      this.seen.fill(0);
      this.draw = rng.bits();
      model.expand(this.cur, this);
      const kind = this.chooseKind();
      if (kind < 0) return { end: 'deadlock', length, property: -1 };
      // The kept successor becomes the current state; the old buffer becomes that kind's candidate buffer.
      const next = this.kept[kind] as Int32Array;
      this.kept[kind] = this.cur;
      this.cur = next;
      const slot = this.keptSlot[kind] as number;
      this.record(length, kind, slot, this.keptArg[kind] as number);
      length++;
      this.coverage.kinds[kind] = (this.coverage.kinds[kind] as number) + 1;
      this.coverage.mark(next[slot] as number);
      property = model.check(next);
      if (property >= 0) return { end: 'violation', length, property };
    }
    return { end: 'max-steps', length: maxSteps, property: -1 };
  }

  /** The steps of the last walk (its first `length`), as StepIds. */
  trailOf(length: number): { kind: StepKind; slot: number; arg: number }[] {
    const out: { kind: StepKind; slot: number; arg: number }[] = [];
    for (let i = 0; i < length; i++) out.push({ kind: this.trail[3 * i] as StepKind, slot: this.trail[3 * i + 1] as number, arg: this.trail[3 * i + 2] as number });
    return out;
  }

  offer(): boolean {
    return true;
  }

  /** Keeps the step if its priority is the least of its kind so far (ties: the lesser step key, then the first). */
  accept(succ: Int32Array, len: number, kind: StepKind, slot: number, arg: number): void {
    const w = this.weights;
    if (w !== null && !((w[kind] as number) > 0)) return;
    const seen = (this.seen[kind] as number) + 1;
    this.seen[kind] = seen;
    const key = this.stepKey(kind, slot, arg);
    const priority = fmix32(this.draw ^ key) >>> 0;
    if (seen > 1) {
      const best = this.keptPriority[kind] as number;
      if (priority > best || (priority === best && key >= (this.keptKey[kind] as number))) return;
    }
    let buf = this.kept[kind] as Int32Array;
    if (buf.length < len) {
      buf = new Int32Array(len * 2);
      this.kept[kind] = buf;
    }
    buf.set(succ.subarray(0, len));
    this.keptSlot[kind] = slot;
    this.keptArg[kind] = arg;
    this.keptPriority[kind] = priority;
    this.keptKey[kind] = key;
  }

  /**
   * What a step is, hashed to 32 bits (unsigned): its kind, node, and the
   * message's content or the environment event's index. Never a message id.
   */
  private stepKey(kind: StepKind, slot: number, arg: number): number {
    const what = namesMessage(kind) ? this.messageHash(arg) : arg;
    return fmix32(Math.imul(fmix32(what) ^ (kind * 0x3c6ef372), 0x9e3779b1) + slot) >>> 0;
  }

  private messageHash(m: number): number {
    if (m >= this.msgHash.length) {
      const grown = new Int32Array(Math.max(m + 1, this.msgHash.length * 2));
      grown.set(this.msgHash);
      this.msgHash = grown;
    }
    let h = this.msgHash[m] as number;
    if (h === 0) {
      h = hash53(canonicalKey(this.model.interner.messages[m])) | 0 || 1;
      this.msgHash[m] = h;
    }
    return h;
  }

  /**
   * The kind to take: uniform over steps (each kind in proportion to its
   * enabled steps), or by the swarm weights among the kinds enabled; -1 when
   * none is.
   */
  private chooseKind(): number {
    const w = this.weights;
    let total = 0;
    for (let k = 0; k < KINDS; k++) if ((this.seen[k] as number) > 0) total += w === null ? (this.seen[k] as number) : (w[k] as number);
    if (total === 0) return -1;
    let r = (this.rng as RunRandom).unit() * total;
    let last = -1;
    for (let k = 0; k < KINDS; k++) {
      if ((this.seen[k] as number) === 0) continue;
      last = k;
      r -= w === null ? (this.seen[k] as number) : (w[k] as number);
      if (r < 0) return k;
    }
    return last;
  }

  private record(i: number, kind: number, slot: number, arg: number): void {
    if (3 * i + 3 > this.trail.length) {
      const grown = new Int32Array(this.trail.length * 2);
      grown.set(this.trail);
      this.trail = grown;
    }
    this.trail[3 * i] = kind;
    this.trail[3 * i + 1] = slot;
    this.trail[3 * i + 2] = arg;
  }
}
