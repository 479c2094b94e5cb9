/**
 * Rebuilding a counterexample by re-execution, as TLC does: walk the parent
 * indexes from the violating state back to the initial one, then replay from
 * the initial state, at each state taking the step whose number the store
 * recorded for the next state on the chain. The result is a protocol-agnostic `Trace`:
 * each step named for a person, the messages it sent and the local states it
 * changed.
 */
import type { Envelope } from '../spec/core/envelope.js';
import type { EnvironmentEvent } from '../spec/core/system.js';
import { STEP_KIND_NAMES, StepKind, assertNever, type StepKindName } from './actor-system/actions.js';
import type { ActorModel } from './actor-system/actor-model.js';
import { canonicalKey } from './encode.js';
import type { StateStore } from './state-store.js';
import type { SuccessorVisitor } from './successors.js';

/** A node's local state as traces show it. */
export interface LocalView {
  readonly node: string;
  /** The XState state value (e.g. `preparing`). */
  readonly value: unknown;
  readonly context: unknown;
}

/** One step of a trace. */
export interface TraceStep {
  /** 1-based step number. */
  readonly index: number;
  readonly kind: StepKindName;
  /** The node that acts (environment, crash, restart) or receives (deliver, duplicate, drop). */
  readonly node: string;
  /** The step as a person reads it: `p0 times out: ballot 1`, `deliver Promise(b=1, a2→p0, voted none)`. */
  readonly label: string;
  /** The message delivered, duplicated or dropped. */
  readonly message?: Envelope;
  /** The environment event taken, as the machine receives it (e.g. `{ type: 'REQUEST', client: 1 }`). */
  readonly event?: EnvironmentEvent;
  /** Messages put in flight by this step. */
  readonly sent: readonly Envelope[];
  /**
   * What the adversary learned by this step (`ByzantineSpec.learn`): the messages it may send from now
   * on, because this step sent something to a Byzantine node. Absent when it learned nothing.
   */
  readonly learned?: readonly Envelope[];
  /** Local states this step changed, before and after. */
  readonly changes: readonly { readonly node: string; readonly before: LocalView; readonly after: LocalView }[];
}

/**
 * A liveness counterexample's shape: the run goes round steps `loopFrom`..last
 * forever (the state after the last step is the state before step
 * `loopFrom`), or it ends after the last step in a state with no step at all.
 */
export type LassoShape =
  | {
      readonly kind: 'cycle';
      readonly loopFrom: number;
      /**
       * Set when the loop closes up to a renaming (a quotient's lasso, `quotient.ts`): how the
       * state after the last step differs from the state before `loopFrom`, e.g. `every ballot in play raised by 2`.
       */
      readonly renaming?: string;
    }
  | { readonly kind: 'terminal' };

/** A path from the initial state to the state where `property` fails (a safety violation), or a lasso (liveness). */
export interface Trace {
  readonly property: string;
  readonly initial: readonly LocalView[];
  readonly steps: readonly TraceStep[];
  /** Present for a liveness counterexample (and a deadlock, which is a terminal lasso). */
  readonly lasso?: LassoShape;
  /** The fairness the liveness counterexample is fair under (`none`, `weak`, `strong`). */
  readonly fairness?: string;
}

/** A decoded global state vector. */
export interface DecodedState {
  readonly locals: readonly LocalView[];
  readonly crashed: readonly boolean[];
  readonly duplicatesLeft: number;
  readonly messages: readonly Envelope[];
}

export function decodeState(sys: ActorModel, v: Int32Array): DecodedState {
  const { nodes, crashedAt, dupsAt, countAt, msgsAt } = sys.layout;
  const locals: LocalView[] = [];
  const crashed: boolean[] = [];
  for (let i = 0; i < nodes; i++) {
    const snap = sys.interner.locals[v[i] as number];
    if (snap === undefined) throw new RangeError(`state vector names unknown local state ${v[i]}`);
    locals.push({ node: sys.node(i).name, value: snap.value, context: snap.context });
    crashed.push((((v[crashedAt] as number) >>> i) & 1) === 1);
  }
  const messages: Envelope[] = [];
  for (let j = msgsAt; j < msgsAt + (v[countAt] as number); j++) messages.push(sys.interner.messages[v[j] as number] as Envelope);
  return { locals, crashed, duplicatesLeft: v[dupsAt] as number, messages };
}

/** A step found by replay: its kind, actor and argument, and the state it leads to. */
export interface ReplayedStep {
  readonly kind: StepKind;
  readonly slot: number;
  readonly arg: number;
  readonly state: Int32Array;
}

/** The indexes on the parent chain from the initial state to `index`, inclusive. */
export function chainTo(store: StateStore, index: number): number[] {
  const chain: number[] = [];
  for (let i = index; i >= 0; i = store.parentOf(i)) chain.push(i);
  return chain.reverse();
}

/**
 * Replays the parent chain of state `index` from the initial state, step
 * numbers in the full (unreduced) order: the trace is a run of the machines
 * as they are, whatever reductions the search used.
 */
export function replayChain(sys: ActorModel, store: StateStore, index: number): { initial: Int32Array; steps: ReplayedStep[] } {
  return replaySteps(sys, chainTo(store, index).slice(1).map((i) => store.stepOf(i)));
}

/** Replays step numbers (each in the full order of its state's steps) from the initial state. */
export function replaySteps(sys: ActorModel, stepNumbers: readonly number[]): { initial: Int32Array; steps: ReplayedStep[] } {
  const expander = sys.expanderWith(false, null);
  const initial = sys.initialVector();
  let cur = initial;
  const steps: ReplayedStep[] = [];
  stepNumbers.forEach((target, k) => {
    let found: ReplayedStep | undefined;
    const visitor: SuccessorVisitor = {
      offer: (_h, _l, step) => step === target,
      accept: (succ, len, kind, slot, arg) => {
        found = { kind, slot, arg, state: succ.slice(0, len) };
      },
    };
    expander.expand(cur, visitor);
    if (found === undefined) throw new Error(`trace rebuild failed at step ${k + 1}: the state has no step number ${target}`);
    steps.push(found);
    cur = found.state;
  });
  return { initial, steps };
}

/** Multiset difference `after - before` of the in-flight messages. */
function sentBetween(sys: ActorModel, before: Int32Array, after: Int32Array): Envelope[] {
  const { countAt, msgsAt } = sys.layout;
  const counts = new Map<number, number>();
  for (let j = msgsAt; j < msgsAt + (after[countAt] as number); j++) counts.set(after[j] as number, (counts.get(after[j] as number) ?? 0) + 1);
  for (let j = msgsAt; j < msgsAt + (before[countAt] as number); j++) {
    const m = before[j] as number;
    const c = counts.get(m);
    if (c !== undefined) counts.set(m, c - 1);
  }
  const sent: Envelope[] = [];
  for (const [m, c] of [...counts].sort((a, b) => a[0] - b[0])) for (let i = 0; i < c; i++) sent.push(sys.interner.messages[m] as Envelope);
  return sent;
}

/** What the adversary may send in `after` but not in `before` (empty unless it learns). */
function learnedBetween(sys: ActorModel, before: Int32Array, after: Int32Array): Envelope[] {
  const adversary = sys.adversary;
  if (!adversary.learns) return [];
  const known = new Set(adversary.known[before[adversary.memorySlot] as number] ?? []);
  // Listed by canonical key: the adversary's memory holds them in an order chosen for the search, not for people.
  return [...(adversary.known[after[adversary.memorySlot] as number] ?? [])]
    .filter((m) => !known.has(m))
    .map((m) => sys.interner.messages[m] as Envelope)
    .sort((a, b) => (canonicalKey(a) < canonicalKey(b) ? -1 : 1));
}

/**
 * Builds the readable trace of the path to state `index`, which violates
 * `property`. `violates`, when given, re-checks the replayed final state: a
 * trace that does not end in the violation is an internal error, never printed.
 */
export function buildTrace(sys: ActorModel, store: StateStore, index: number, property: string, violates?: (state: Int32Array) => boolean): Trace {
  return buildTraceFromSteps(sys, chainTo(store, index).slice(1).map((i) => store.stepOf(i)), property, violates);
}

/** Builds the readable trace of the run that takes these step numbers (see `replaySteps`) and ends violating `property`. */
export function buildTraceFromSteps(sys: ActorModel, stepNumbers: readonly number[], property: string, violates?: (state: Int32Array) => boolean): Trace {
  const { initial, steps } = replaySteps(sys, stepNumbers);
  const final = steps.length > 0 ? (steps[steps.length - 1] as ReplayedStep).state : initial;
  if (violates !== undefined && !violates(final)) {
    throw new Error(`internal error: the rebuilt trace of ${stepNumbers.length} steps does not end in a violation of ${property}`);
  }
  const describeMessage = (m: Envelope): string => sys.spec.describeMessage(m as never);
  let prev = initial;
  let prevDecoded = decodeState(sys, initial);
  const out: TraceStep[] = [];
  steps.forEach((step, i) => {
    const decoded = decodeState(sys, step.state);
    const node = sys.node(step.slot).name;
    const changes = decoded.locals.flatMap((after, s) => {
      const before = prevDecoded.locals[s] as LocalView;
      // A Byzantine node's local id changes only when the adversary learns; its machine never runs.
      return prev[s] === step.state[s] || sys.adversary.byzantine[s] === 1 ? [] : [{ node: after.node, before, after }];
    });
    const learned = learnedBetween(sys, prev, step.state);
    const base = { index: i + 1, kind: STEP_KIND_NAMES[step.kind], node, sent: sentBetween(sys, prev, step.state), ...(learned.length > 0 ? { learned } : {}), changes };
    let entry: TraceStep;
    switch (step.kind) {
      case StepKind.Environment: {
        const event = sys.node(step.slot).environment[step.arg];
        if (event === undefined) throw new Error('trace names an unknown environment event');
        const after = decoded.locals[step.slot]?.context;
        const label = sys.spec.describeEnvironment?.(node, event, after) ?? `${node} ${event.type}`;
        entry = { ...base, label, event };
        break;
      }
      case StepKind.Deliver: {
        const message = sys.interner.messages[step.arg] as Envelope;
        entry = { ...base, label: `deliver ${describeMessage(message)}`, message };
        break;
      }
      case StepKind.Duplicate: {
        const message = sys.interner.messages[step.arg] as Envelope;
        entry = { ...base, label: `deliver a duplicate of ${describeMessage(message)} (it stays in flight)`, message };
        break;
      }
      case StepKind.Drop: {
        const message = sys.interner.messages[step.arg] as Envelope;
        entry = { ...base, label: `drop ${describeMessage(message)}`, message };
        break;
      }
      case StepKind.Crash:
        entry = { ...base, label: `${node} crashes` };
        break;
      case StepKind.Restart:
        entry = { ...base, label: `${node} restarts from stable storage` };
        break;
      case StepKind.Byzantine: {
        const message = sys.interner.messages[step.arg] as Envelope;
        entry = { ...base, label: `${message.from} (Byzantine) sends ${describeMessage(message)}`, message };
        break;
      }
      default:
        assertNever(step.kind);
    }
    out.push(entry);
    prev = step.state;
    prevDecoded = decoded;
  });
  return { property, initial: decodeState(sys, initial).locals, steps: out };
}
