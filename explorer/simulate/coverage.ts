/**
 * Coverage of a simulation: what the random walks reached, so that a reader
 * can judge how much a "no violation found" is worth.
 *   step kinds     how many steps of each kind the walks took (they add up
 *                  to the steps taken);
 *   local states   how many distinct local states each correct node reached
 *                  (a node's state value and context);
 *   state values   which state values of each role's machine (its xstate
 *                  state nodes, `idle`, `preparing`, `a.b` for a nested one)
 *                  no walk reached.
 * Byzantine nodes are left out: their machines never run.
 *
 * A walk marks local ids (cheap, per step); `collectCoverage` turns them into
 * plain data keyed by content (a 53-bit hash of the canonical key, a state
 * value path), so that the coverage of several workers, whose ids differ,
 * merges by set union.
 */
import { STEP_KIND_NAMES, type StepKindName } from '../actor-system/actions.js';
import type { ActorModel } from '../actor-system/actor-model.js';
import { canonicalKey } from '../encode.js';
import { hash53 } from './random.js';

/** Per-walk counters, in the thread that walks. */
export class CoverageCounter {
  /** Steps taken, by `StepKind`. */
  readonly kinds = new Float64Array(STEP_KIND_NAMES.length);
  /** 1 for every local id some walk reached. */
  private reached = new Uint8Array(1024);

  /** Marks local id `id` as reached. */
  mark(id: number): void {
    if (id >= this.reached.length) {
      const bigger = new Uint8Array(Math.max(id + 1, this.reached.length * 2));
      bigger.set(this.reached);
      this.reached = bigger;
    }
    this.reached[id] = 1;
  }

  /** Whether local id `id` was reached. */
  has(id: number): boolean {
    return this.reached[id] === 1;
  }

  get size(): number {
    return this.reached.length;
  }
}

/** Coverage as plain data, mergeable across threads. */
export interface CoverageData {
  /** Steps taken, by kind (indexed like `STEP_KIND_NAMES`). */
  readonly kinds: readonly number[];
  /** Per node slot: content hashes of the local states reached (empty for a Byzantine node). */
  readonly locals: readonly (readonly number[])[];
  /** Per node slot: the state value paths reached. */
  readonly values: readonly (readonly string[])[];
}

/**
 * The state node paths a state value is in: `idle` -> [idle];
 * `{ a: 'b' }` -> [a, a.b]; a parallel value -> every region's.
 */
export function valuePaths(value: unknown, prefix = ''): string[] {
  if (typeof value === 'string') return [`${prefix}${value}`];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, sub]) => [`${prefix}${k}`, ...valuePaths(sub, `${prefix}${k}.`)]);
}

/** What this module reads of an xstate state node (duck-typed: the explorer calls xstate only in its adapter). */
interface StateNodeLike {
  readonly path?: readonly string[];
  readonly type?: string;
  readonly states?: Readonly<Record<string, StateNodeLike>>;
}

/**
 * Every state value path of a role's machine, enumerated from its definition
 * (`machine.root`, the xstate state node tree); undefined when the logic is
 * not shaped like an xstate machine. History pseudo-states are left out:
 * a snapshot is never in one.
 * NOTE: reads xstate's state node structure without importing xstate
 * (DESIGN.md: one adapter calls it); `path`, `type` and `states` are its
 * public StateNode fields.
 */
export function machineValuePaths(logic: unknown): string[] | undefined {
  const root = (logic as { root?: StateNodeLike } | null)?.root;
  if (root?.states === undefined) return undefined;
  const out: string[] = [];
  const visit = (node: StateNodeLike): void => {
    for (const child of Object.values(node.states ?? {})) {
      if (child.type === 'history') continue;
      out.push((child.path ?? []).join('.'));
      visit(child);
    }
  };
  visit(root);
  return out;
}

/** Turns a thread's counters into plain data (hashes each reached local state once). */
export function collectCoverage(model: ActorModel, counter: CoverageCounter): CoverageData {
  const n = model.spec.nodes.length;
  const locals: Set<number>[] = Array.from({ length: n }, () => new Set<number>());
  const values: Set<string>[] = Array.from({ length: n }, () => new Set<string>());
  const slotOf = model.interner.localSlot;
  const count = Math.min(model.interner.localCount, counter.size);
  for (let id = 0; id < count; id++) {
    if (!counter.has(id)) continue;
    const slot = slotOf[id] as number;
    if (slot < 0 || slot >= n || model.adversary.byzantine[slot] === 1) continue;
    const snap = model.interner.locals[id];
    if (snap === undefined) continue;
    (locals[slot] as Set<number>).add(hash53(canonicalKey({ value: snap.value, context: snap.context })));
    for (const p of valuePaths(snap.value)) (values[slot] as Set<string>).add(p);
  }
  return { kinds: [...counter.kinds], locals: locals.map((s) => [...s]), values: values.map((s) => [...s]) };
}

/** The union of two threads' coverage. */
export function mergeCoverage(a: CoverageData, b: CoverageData): CoverageData {
  return {
    kinds: a.kinds.map((k, i) => k + (b.kinds[i] ?? 0)),
    locals: a.locals.map((s, i) => [...new Set([...s, ...(b.locals[i] ?? [])])]),
    values: a.values.map((s, i) => [...new Set([...s, ...(b.values[i] ?? [])])]),
  };
}

/** Empty coverage for a system of `nodes` nodes. */
export function emptyCoverage(nodes: number): CoverageData {
  return { kinds: STEP_KIND_NAMES.map(() => 0), locals: Array.from({ length: nodes }, () => []), values: Array.from({ length: nodes }, () => []) };
}

/** Coverage as the report shows it. */
export interface CoverageReport {
  /** Steps taken by kind; they add up to the steps of the report. */
  readonly kinds: Readonly<Record<StepKindName, number>>;
  /** Distinct local states reached, per correct node. */
  readonly nodes: readonly { readonly node: string; readonly role: string; readonly localStates: number }[];
  /**
   * Per role (of its correct nodes): every state value of its machine, and
   * those no node of the role reached (`undefined` when the machine could not be enumerated).
   */
  readonly roles: readonly { readonly role: string; readonly values?: readonly string[]; readonly unreached?: readonly string[]; readonly reached: readonly string[] }[];
}

/** Summarises merged coverage against the system's machines. */
export function coverageReport(model: ActorModel, data: CoverageData): CoverageReport {
  const kinds = Object.fromEntries(STEP_KIND_NAMES.map((name, i) => [name, data.kinds[i] ?? 0])) as Record<StepKindName, number>;
  const nodes: { node: string; role: string; localStates: number }[] = [];
  const byRole = new Map<string, { logics: Set<unknown>; reached: Set<string> }>();
  model.spec.nodes.forEach((node, slot) => {
    if (model.adversary.byzantine[slot] === 1) return;
    nodes.push({ node: node.name, role: node.role, localStates: data.locals[slot]?.length ?? 0 });
    let entry = byRole.get(node.role);
    if (entry === undefined) byRole.set(node.role, (entry = { logics: new Set(), reached: new Set() }));
    entry.logics.add(node.logic);
    for (const v of data.values[slot] ?? []) entry.reached.add(v);
  });
  const roles = [...byRole].map(([role, { logics, reached }]) => {
    let all: string[] | undefined = [];
    for (const logic of logics) {
      const paths = machineValuePaths(logic);
      if (paths === undefined) {
        all = undefined;
        break;
      }
      for (const p of paths) if (!all.includes(p)) all.push(p);
    }
    const reachedList = [...reached].sort();
    return all === undefined ? { role, reached: reachedList } : { role, values: all, unreached: all.filter((v) => !reached.has(v)), reached: reachedList };
  });
  return { kinds, nodes, roles };
}
