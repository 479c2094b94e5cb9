/**
 * Schedules: a run as the list of steps it took, each named by what it is
 * (kind, node, and the message or environment event), never by its step
 * number. Step numbers depend on the state (removing an earlier step
 * renumbers every later one) and, on a multiset network, on the order in
 * which a model instance interned its messages; what a step *is* does not.
 *
 * Two forms:
 *   StepId        (kind, slot, arg) in one model instance: `arg` is a
 *                 message id, an environment index, or -1 for a crash. Cheap
 *                 to compare; what the walks and the shrinker use.
 *   PortableStep  plain data (node name, the message itself): what a worker
 *                 thread sends back, since ids differ between instances.
 *
 * And the way back to the exhaustive checker's output: `replaySchedule`
 * turns a portable schedule into the step numbers of the full (unreduced)
 * order, and `scheduleTrace` renders them through `../trace.ts`, the same
 * code that rebuilds an exhaustive counterexample.
 */
import type { Envelope } from '../../spec/core/envelope.js';
import { STEP_KIND_NAMES, StepKind, type StepKindName } from '../actor-system/actions.js';
import type { ActorModel } from '../actor-system/actor-model.js';
import { canonicalKey } from '../encode.js';
import type { StateStore } from '../state-store.js';
import type { SuccessorVisitor } from '../successors.js';
import { buildTrace, type Trace } from '../trace.js';

/** A step by what it is, in one model instance. */
export interface StepId {
  readonly kind: StepKind;
  readonly slot: number;
  /** The message id (deliver, duplicate, drop, byzantine), the environment index, or -1 (crash). */
  readonly arg: number;
}

/** A step as plain data, the same in every model instance of one system. */
export interface PortableStep {
  readonly kind: StepKindName;
  /** The node that acts (environment, crash) or receives (deliver, duplicate, drop, byzantine). */
  readonly node: string;
  /** The message delivered, duplicated, dropped or sent by the adversary. */
  readonly message?: Envelope;
  /** The environment event: its index in the node's `environment` list, and its type (for reading). */
  readonly event?: { readonly index: number; readonly type: string };
}

/** Whether steps of this kind name a message (their `arg` is a message id). */
export function namesMessage(kind: StepKind): boolean {
  return kind === StepKind.Deliver || kind === StepKind.Duplicate || kind === StepKind.Drop || kind === StepKind.Byzantine;
}

/** The portable form of a step of `model`. */
export function toPortable(model: ActorModel, step: StepId): PortableStep {
  const node = model.node(step.slot);
  const base = { kind: STEP_KIND_NAMES[step.kind], node: node.name };
  if (namesMessage(step.kind)) return { ...base, message: model.interner.messages[step.arg] as Envelope };
  if (step.kind === StepKind.Environment) {
    const event = node.environment[step.arg];
    return { ...base, event: { index: step.arg, type: event?.type ?? '?' } };
  }
  return base;
}

/**
 * Finds one enabled step of a state by a predicate on (kind, slot, arg) and
 * builds its successor. Successors are built until the step is found (a
 * step's kind is known only when it is built) and skipped after it.
 */
export class StepFinder implements SuccessorVisitor {
  private match: (kind: StepKind, slot: number, arg: number) => boolean = () => false;
  private current = -1;
  /** The step number of the step found, -1 if none. */
  found = -1;
  /** The successor of the step found (valid until the next `find`). */
  state: Int32Array = new Int32Array(64);
  kind: StepKind = StepKind.Environment;
  slot = -1;
  arg = -1;

  /** Looks for the step `match` accepts among the enabled steps of `cur`; returns its step number, or -1. */
  find(model: ActorModel, cur: Int32Array, match: (kind: StepKind, slot: number, arg: number) => boolean): number {
    this.match = match;
    this.found = -1;
    model.expand(cur, this);
    return this.found;
  }

  offer(_hi: number, _lo: number, step: number): boolean {
    this.current = step;
    return this.found < 0;
  }

  accept(succ: Int32Array, len: number, kind: StepKind, slot: number, arg: number): void {
    if (!this.match(kind, slot, arg)) return;
    this.found = this.current;
    if (this.state.length < len) this.state = new Int32Array(len * 2);
    this.state.set(succ.subarray(0, len));
    this.kind = kind;
    this.slot = slot;
    this.arg = arg;
  }
}

/** A schedule replayed on a model: the step numbers it took, in the full order, and the state it ends in. */
export interface ReplayedSchedule {
  readonly stepNumbers: readonly number[];
  readonly final: Int32Array;
}

/**
 * Replays a portable schedule from the initial state of `model` (a model
 * without reductions); throws if a step is not enabled where the schedule
 * takes it.
 */
export function replaySchedule(model: ActorModel, steps: readonly PortableStep[]): ReplayedSchedule {
  const finder = new StepFinder();
  const keys: (string | undefined)[] = [];
  const keyOf = (m: number): string => (keys[m] ??= canonicalKey(model.interner.messages[m]));
  let cur = model.initialVector();
  const stepNumbers: number[] = [];
  steps.forEach((step, i) => {
    const slot = model.interner.nodeSlot.get(step.node);
    const kind = STEP_KIND_NAMES.indexOf(step.kind) as StepKind;
    if (slot === undefined || kind < 0) throw new Error(`schedule step ${i + 1} names an unknown node or kind: ${step.node} ${step.kind}`);
    const key = step.message !== undefined ? canonicalKey(step.message) : undefined;
    const number = finder.find(model, cur, (k, s, arg) => {
      if (k !== kind || s !== slot) return false;
      if (key !== undefined) return keyOf(arg) === key;
      if (step.event !== undefined) return arg === step.event.index;
      return true;
    });
    if (number < 0) throw new Error(`schedule step ${i + 1} (${step.kind} at ${step.node}) is not enabled where the schedule takes it`);
    stepNumbers.push(number);
    cur = finder.state.slice();
  });
  return { stepNumbers, final: cur };
}

/**
 * The readable trace of a schedule that ends in a violation of property
 * number `property`: rebuilt by `buildTrace` from its step numbers, exactly
 * as an exhaustive search's counterexample is. The "store" is the schedule
 * itself: state k's parent is state k − 1, reached by the k-th step number.
 */
export function scheduleTrace(model: ActorModel, steps: readonly PortableStep[], property: number): Trace {
  const { stepNumbers } = replaySchedule(model, steps);
  const chain: Pick<StateStore, 'parentOf' | 'stepOf'> = {
    parentOf: (i) => i - 1,
    stepOf: (i) => stepNumbers[i - 1] as number,
  };
  const name = model.checker.properties[property]?.name ?? '?';
  return buildTrace(model, chain as StateStore, stepNumbers.length, name, (final) => model.check(final) === property);
}
