/**
 * A quotient of the actor system (`SystemSpec.quotient`): the search sees
 * only normal forms. Every successor the actor system builds is normalised
 * (its contexts and messages renamed, the messages its receivers refuse for
 * good dropped) before it is fingerprinted and offered; the protocol's
 * environment restriction and state constraint prune steps. Protocol-agnostic:
 * what a normal form is, the protocol declares (`spec/synod/quotient.ts`).
 *
 * Steps are renumbered 0..n-1 over the steps kept, so the graph search sees a
 * full expansion; a trace of the quotient is replayed on the quotient
 * (`replayQuotient`) and then lifted to a run of the machines as they are
 * (`liftSteps`): at each step the concrete state is a renaming of the
 * quotient's state (up to dropped messages), the dropped messages are
 * delivered first (a no-op each), then the concrete step whose successor has
 * the quotient's next normal form is taken. The lifted run is what the trace
 * prints, with the real ballots; a loop closes up to the renaming, which the
 * trace says (`LassoShape.renaming`).
 *
 * Why a fair cycle of the quotient is a fair run of the system, and why a
 * "holds" is claimed only when nothing was renamed: docs/impossibility.md,
 * "Unbounded ballots".
 * NOTE: multiset network only, no duplication and no restarts: a dropped
 *   message must be one whose delivery is a no-op, and the lift delivers it.
 */
import type { Envelope } from '../spec/core/envelope.js';
import type { QuotientState, StateQuotient } from '../spec/core/system.js';
import { StepKind } from './actor-system/actions.js';
import type { ActorModel } from './actor-system/actor-model.js';
import { ModelError, restoredSnapshot } from './actor-system/step.js';
import { canonicalKey } from './encode.js';
import type { Lasso } from './liveness.js';
import type { Model, SuccessorVisitor } from './model.js';
import { normLo } from './state-store.js';
import type { Expander } from './successors.js';

/** A normalised vector and what normalising did. */
interface Normalised {
  readonly vec: Int32Array;
  /** Message ids of the input dropped (refused for good), with multiplicity. */
  readonly dropped: readonly number[];
  readonly renamed: boolean;
}

export class QuotientModel implements Model {
  readonly sys: ActorModel;
  readonly quotient: StateQuotient;
  private readonly inner: Expander;
  /** Per step of the last `expand` (quotient numbering): the actor system's step number. */
  private innerSteps: number[] = [];
  /** States whose normal form renamed something (not only dropped messages). */
  renamedStates = 0;
  /** Successors outside the protocol's state constraint (`withinBoundary`), not explored. */
  pruned = 0;
  /** Environment steps the protocol's restriction (`allowsEnvironment`) left out. */
  restricted = 0;

  constructor(sys: ActorModel, quotient: StateQuotient) {
    if (sys.network.kind !== 'multiset') throw new ModelError(`the ${sys.spec.protocol} quotient needs the multiset network`);
    if (sys.faults.duplicates > 0 || (sys.faults.recoveries ?? 0) > 0) throw new ModelError(`the ${sys.spec.protocol} quotient supports neither duplication nor restarts`);
    this.sys = sys;
    this.quotient = quotient;
    this.inner = sys.expanderWith(false, null);
  }

  get capacity(): number {
    return Math.max(this.inner.capacity, this.sys.capacity);
  }

  /** A state vector as the quotient reads it. */
  view(v: Int32Array): QuotientState {
    const { nodes, crashedAt, countAt, msgsAt } = this.sys.layout;
    const it = this.sys.interner;
    const out: { name: string; role: string; value: unknown; context: unknown }[] = [];
    const crashed: boolean[] = [];
    for (let i = 0; i < nodes; i++) {
      const snap = it.locals[v[i] as number];
      if (snap === undefined) throw new RangeError(`state vector names unknown local state ${v[i]}`);
      const node = this.sys.node(i);
      out.push({ name: node.name, role: node.role, value: snap.value, context: snap.context });
      crashed.push((((v[crashedAt] as number) >>> i) & 1) === 1);
    }
    const messages: Envelope[] = [];
    for (let j = msgsAt; j < msgsAt + (v[countAt] as number); j++) messages.push(it.messages[v[j] as number] as Envelope);
    return { nodes: out, crashed, messages };
  }

  /** The normal form of `v` (a fresh vector). */
  normalise(v: Int32Array): Normalised {
    const { nodes, countAt, msgsAt } = this.sys.layout;
    const it = this.sys.interner;
    const view = this.view(v);
    const form = this.quotient.normalise(view);
    const kept: number[] = [];
    const dropped: number[] = [];
    form.messages.forEach((m, k) => {
      const id = v[msgsAt + k] as number;
      if (m === null) dropped.push(id);
      else kept.push(m === view.messages[k] ? id : it.internMessage(m));
    });
    const out = new Int32Array(msgsAt + kept.length);
    out.set(v.subarray(0, msgsAt));
    for (let i = 0; i < nodes; i++) {
      const ctx = form.contexts[i];
      const node = view.nodes[i] as QuotientState['nodes'][number];
      if (ctx === node.context) continue;
      const key = `${i}|${canonicalKey({ value: node.value, context: ctx })}`;
      out[i] = it.localIdOf(key) ?? it.internLocal(i, restoredSnapshot(this.sys.node(i), node.value, ctx));
    }
    out[countAt] = kept.length;
    out.set(kept, msgsAt);
    it.sortMessages(out, msgsAt, msgsAt + kept.length);
    return { vec: out, dropped, renamed: form.renamed };
  }

  initialStates(): Int32Array[] {
    return [this.normalise(this.sys.initialVector()).vec];
  }

  fingerprint(state: Int32Array, out: Int32Array): void {
    this.sys.hasher.raw(state);
    out[0] = this.sys.hasher.hi;
    out[1] = normLo(this.sys.hasher.hi, this.sys.hasher.lo);
  }

  expand(state: Int32Array, visitor: SuccessorVisitor): number {
    const q = this.quotient;
    const src = q.allowsEnvironment !== undefined ? this.view(state) : undefined;
    const steps: number[] = [];
    let innerStep = -1;
    const fp = new Int32Array(2);
    this.inner.expand(state, {
      offer: (_hi, _lo, step) => {
        innerStep = step;
        return true;
      },
      accept: (succ, len, kind, slot, arg) => {
        if (kind === StepKind.Environment && src !== undefined) {
          const event = this.sys.node(slot).environment[arg];
          if (event !== undefined && q.allowsEnvironment?.(src, slot, event) === false) {
            this.restricted++;
            return;
          }
        }
        const norm = this.normalise(succ.subarray(0, len));
        if (q.withinBoundary !== undefined && !q.withinBoundary(this.view(norm.vec))) {
          this.pruned++;
          return;
        }
        if (norm.renamed) this.renamedStates++;
        const n = steps.length;
        steps.push(innerStep);
        this.fingerprint(norm.vec, fp);
        if (visitor.offer(fp[0] as number, fp[1] as number, n)) visitor.accept(norm.vec, norm.vec.length, kind, slot, arg);
      },
    });
    this.innerSteps = steps;
    return steps.length;
  }

  fairnessTask(step: number): number {
    return this.inner.fairnessTask(this.innerSteps[step] as number);
  }

  check(state: Int32Array): number {
    return this.sys.check(state);
  }
}

/** One step of a replayed quotient run: the step taken and the normal form it leads to. */
interface QuotientStep {
  readonly kind: StepKind;
  readonly slot: number;
  readonly arg: number;
  readonly state: Int32Array;
}

/** Replays quotient step numbers (as `QuotientModel.expand` numbers them) from the initial normal form. */
export function replayQuotient(qm: QuotientModel, stepNumbers: readonly number[]): { initial: Int32Array; steps: QuotientStep[] } {
  const initial = qm.initialStates()[0] as Int32Array;
  let cur = initial;
  const steps: QuotientStep[] = [];
  stepNumbers.forEach((target, k) => {
    let found: QuotientStep | undefined;
    qm.expand(cur, {
      offer: (_h, _l, step) => step === target,
      accept: (succ, len, kind, slot, arg) => {
        found = { kind, slot, arg, state: succ.slice(0, len) };
      },
    });
    if (found === undefined) throw new Error(`quotient replay failed at step ${k + 1}: the state has no step number ${target}`);
    steps.push(found);
    cur = found.state;
  });
  return { initial, steps };
}

/** Whether two state vectors are one state (messages compared as multisets). */
export function sameState(a: Int32Array, b: Int32Array, msgsAt: number): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < msgsAt; i++) if (a[i] !== b[i]) return false;
  const x = Array.from(a.subarray(msgsAt)).sort((p, q) => p - q);
  const y = Array.from(b.subarray(msgsAt)).sort((p, q) => p - q);
  return x.every((v, i) => v === y[i]);
}

/** A quotient run lifted to the actor system: its step numbers (full order), the concrete states, and where each quotient step starts. */
export interface LiftedRun {
  readonly steps: readonly number[];
  /** The concrete state before each concrete step, and after the last (length steps + 1). */
  readonly states: readonly Int32Array[];
  /** For quotient step i (and i = length: the end), the index of the first concrete step of its lift. */
  readonly starts: readonly number[];
}

/**
 * Lifts a quotient run to a run of the machines. Before each quotient step,
 * the messages the normal form drops and whose receiver is up are delivered
 * (each a no-op: its receiver refuses it for good); then the concrete step of
 * the same kind and node whose successor has the quotient's next normal form
 * is taken. `flushEnd`: deliver the dropped messages after the last step too.
 * Throws (an internal error) when a step has no lift: the quotient is not a
 * bisimulation.
 */
export function liftSteps(qm: QuotientModel, stepNumbers: readonly number[], flushEnd = false): LiftedRun {
  const sys = qm.sys;
  const msgsAt = sys.layout.msgsAt;
  const expander = sys.expanderWith(false, null);
  const { initial, steps: qsteps } = replayQuotient(qm, stepNumbers);
  let cur = sys.initialVector();
  if (!sameState(qm.normalise(cur).vec, initial, msgsAt)) throw new Error('internal error: the initial state is not in normal form');
  const steps: number[] = [];
  const states: Int32Array[] = [cur];
  const starts: number[] = [];
  /** Takes the concrete step of `cur` that `pick` chooses; returns whether one was. */
  const take = (pick: (succ: Int32Array, kind: StepKind, slot: number, arg: number) => boolean): boolean => {
    let chosen = -1;
    let next: Int32Array | undefined;
    let at = -1;
    expander.expand(cur, {
      offer: (_h, _l, step) => {
        at = step;
        return chosen < 0;
      },
      accept: (succ, len, kind, slot, arg) => {
        if (chosen >= 0) return;
        const s = succ.slice(0, len);
        if (pick(s, kind, slot, arg)) {
          chosen = at;
          next = s;
        }
      },
    });
    if (chosen < 0 || next === undefined) return false;
    steps.push(chosen);
    cur = next;
    states.push(cur);
    return true;
  };
  const flush = (): void => {
    for (;;) {
      const crashed = cur[sys.layout.crashedAt] as number;
      const dead = qm.normalise(cur).dropped.filter((m) => ((crashed >>> (sys.interner.msgTo[m] as number)) & 1) === 0);
      if (dead.length === 0) return;
      const m = dead[0] as number;
      if (!take((_s, kind, _slot, arg) => kind === StepKind.Deliver && arg === m)) throw new Error('internal error: a dropped message cannot be delivered in the lifted run');
    }
  };
  qsteps.forEach((q, i) => {
    starts.push(steps.length);
    flush();
    const ok = take((s, kind, slot) => kind === q.kind && slot === q.slot && sameState(qm.normalise(s).vec, q.state, msgsAt));
    if (!ok) throw new Error(`internal error: quotient step ${i + 1} has no lift to the machines`);
  });
  if (flushEnd) flush();
  starts.push(steps.length);
  return { steps, states, starts };
}

/**
 * Lifts a quotient lasso: the concrete run, where its loop starts, and (for
 * a cycle) how the state after the loop relates to the state before it. The
 * loop closes up to the renaming: the two concrete states have one normal
 * form, which is checked here.
 */
export function liftLasso(qm: QuotientModel, lasso: Lasso): { steps: readonly number[]; loopFrom: number; renaming: string } {
  const all = [...lasso.prefix, ...lasso.loop];
  const run = liftSteps(qm, all, lasso.kind === 'terminal');
  const msgsAt = qm.sys.layout.msgsAt;
  const last = run.states[run.states.length - 1] as Int32Array;
  if (lasso.kind === 'terminal') {
    const steps = qm.expand(qm.normalise(last).vec, { offer: () => false, accept: () => undefined });
    if (steps > 0) throw new Error('internal error: the lifted counterexample does not end in a state without steps');
    return { steps: run.steps, loopFrom: -1, renaming: '' };
  }
  const loopStart = run.starts[lasso.prefix.length] as number;
  const start = run.states[loopStart] as Int32Array;
  if (lasso.loop.length === 0 || !sameState(qm.normalise(start).vec, qm.normalise(last).vec, msgsAt)) {
    throw new Error('internal error: the lifted loop does not close up to the renaming');
  }
  const renaming = qm.quotient.describeLoop?.(qm.view(start), qm.view(last)) ?? '';
  return { steps: run.steps, loopFrom: loopStart + 1, renaming };
}
