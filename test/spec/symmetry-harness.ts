/**
 * Checks of a protocol's reduction facts (`SystemSpec.symmetry`,
 * `SystemSpec.topology`) against its machines, with xstate directly (no
 * explorer code): the initial state maps onto itself under every permutation
 * of a group; renaming commutes with real local steps (contexts, state
 * values, enabledness, and the messages sent, in per-channel order); the
 * properties give one verdict on a state and its renaming; every message a
 * run sends is inside the declared topology.
 *
 * The local steps come from seeded random walks over the whole system: a
 * multiset network, environment events wherever `snapshot.can` allows them,
 * and, for Byzantine systems, the adversary's universe and what it learns.
 */
import { expect } from 'vitest';
import { initialTransition, transition, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import type { Envelope } from '../../spec/core/envelope.js';
import type { NodeId } from '../../spec/core/ids.js';
import type { SystemView } from '../../spec/core/property.js';
import type { Rename, SymmetrySpec } from '../../spec/core/symmetry.js';
import type { SystemSpec } from '../../spec/core/system.js';
import { seededRandom } from '../../runtime/random.js';

/** JSON with sorted keys: equal values give equal strings. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** The messages among xstate's actions: the `msg` of each emitted `send` event, in order. */
export function sentOf(actions: readonly { type: string; params?: unknown }[]): Envelope[] {
  const out: Envelope[] = [];
  for (const a of actions) {
    if (a.type !== 'xstate.emit') continue;
    const ev = (a.params as { event?: { type?: unknown; msg?: Envelope } } | undefined)?.event;
    if (ev?.type === 'send' && ev.msg !== undefined) out.push(ev.msg);
  }
  return out;
}

/** Messages in per-channel order: a stable sort by (from, to), which keeps the order within each channel (what a FIFO network sees). */
export function byChannel(msgs: readonly Envelope[]): Envelope[] {
  const key = (m: Envelope) => `${m.from}\u0000${m.to}`;
  return [...msgs].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Every permutation of `items`. */
export function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((x, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [x, ...rest]));
}

/** The renaming that sends `group[k]` to `image[k]` and fixes every other node. */
export function renaming(group: readonly NodeId[], image: readonly NodeId[]): Rename {
  const map = new Map(group.map((n, k) => [n, image[k] as NodeId]));
  return (n) => map.get(n) ?? n;
}

/** The transposition of `a` and `b`. */
export function swap(a: NodeId, b: NodeId): Rename {
  return (n) => (n === a ? b : n === b ? a : n);
}

/** Every renaming of a system's groups taken one group at a time: each permutation of each group. */
export function groupRenamings(symmetry: SymmetrySpec): Rename[] {
  return symmetry.groups.flatMap((g) => permutations(g).map((p) => renaming(g, p)));
}

/**
 * Renamings that generate every permutation of each group: for a group of
 * up to 3 nodes all its permutations; for a larger one the transpositions of
 * neighbours and the rotation. Renaming composes (renaming by σ then by τ is
 * renaming by τ∘σ), so a step equivariant under generators is equivariant
 * under the whole group; this keeps the step checks cheap on wide groups.
 */
export function generatingRenamings(symmetry: SymmetrySpec): Rename[] {
  return symmetry.groups.flatMap((g) => {
    if (g.length <= 3) return permutations(g).map((p) => renaming(g, p));
    const neighbours = g.slice(1).map((n, k) => swap(g[k] as NodeId, n));
    return [...neighbours, renaming(g, [...g.slice(1), g[0] as NodeId])];
  });
}

const initials = new WeakMap<SystemSpec, AnyMachineSnapshot[]>();

/** The node's initial snapshot (computed once per system). */
export function initialSnapshot(spec: SystemSpec, node: number): AnyMachineSnapshot {
  let all = initials.get(spec);
  if (all === undefined) {
    all = spec.nodes.map((n) => initialTransition(n.logic as AnyStateMachine, n.input)[0]);
    initials.set(spec, all);
  }
  const snap = all[node];
  if (snap === undefined) throw new RangeError(`no node ${node}`);
  return snap;
}

function indexOf(spec: SystemSpec): Map<NodeId, number> {
  return new Map(spec.nodes.map((n, i) => [n.name, i]));
}

/** For a renaming: node i's initial context renamed is the initial context of the renamed node, in the same role, state value and environment. */
export function expectInitialSymmetry(spec: SystemSpec, rename: Rename): void {
  const symmetry = spec.symmetry as SymmetrySpec;
  const at = indexOf(spec);
  spec.nodes.forEach((node, i) => {
    const j = at.get(rename(node.name));
    expect(j, `${node.name} is renamed to ${rename(node.name)}, a node of the system`).toBeDefined();
    const image = spec.nodes[j as number];
    if (image === undefined) throw new Error('unreachable');
    expect(image.role).toBe(node.role);
    expect(image.logic).toBe(node.logic);
    expect(image.environment).toStrictEqual(node.environment);
    const mine = initialSnapshot(spec, i);
    const theirs = initialSnapshot(spec, j as number);
    expect(theirs.value).toStrictEqual(mine.value);
    expect(symmetry.renameContext(node.role, mine.context, rename), `${node.name} → ${image.name}`).toStrictEqual(theirs.context);
  });
}

/** One step of one node in a walk. */
export interface LocalStep {
  readonly node: number;
  readonly before: AnyMachineSnapshot;
  /** A message (delivered) or an environment event. */
  readonly event: { readonly type: string };
  readonly isMessage: boolean;
  readonly after: AnyMachineSnapshot;
  readonly sent: readonly Envelope[];
}

/** A global state seen in a walk: every node's context and the messages in flight. */
export interface GlobalState {
  readonly locals: readonly unknown[];
  readonly inFlight: readonly Envelope[];
}

export interface Walk {
  readonly steps: readonly LocalStep[];
  readonly states: readonly GlobalState[];
  /** Every message sent, to a correct node or a Byzantine one, and every adversary message delivered. */
  readonly messages: readonly Envelope[];
}

/** A small seeded PRNG (the runtime's mulberry32): walks are reproducible. */
export const prng = seededRandom;

/**
 * A random run of `length` steps: at each step, a message in flight, an
 * environment event, or (as one choice) a message of the adversary, chosen
 * at random among those enabled, each environment event weighing
 * `environmentWeight` against a message's 1 (below 1: timers fire late and
 * runs get further). Stops early when
 * nothing is enabled. Messages to Byzantine nodes are not delivered (their
 * machines never run); a learning adversary learns them.
 */
export function randomWalk(spec: SystemSpec, seed: number, length: number, environmentWeight = 1): Walk {
  const random = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const snaps = spec.nodes.map((_, i) => initialSnapshot(spec, i));
  const byzantine = new Set((spec.byzantine?.nodes ?? []).map((i) => spec.nodes[i]?.name));
  const at = indexOf(spec);
  const inFlight: Envelope[] = [];
  const adversary: Envelope[] = [...(spec.byzantine?.messages ?? [])];
  const learned = new Set(adversary.map(canonical));
  const steps: LocalStep[] = [];
  const states: GlobalState[] = [];
  const messages: Envelope[] = [];
  const run = (node: number, event: { type: string }, isMessage: boolean) => {
    const before = snaps[node] as AnyMachineSnapshot;
    const [after, actions] = transition((spec.nodes[node] as { logic: AnyStateMachine }).logic, before, event);
    const sent = sentOf(actions as { type: string; params?: unknown }[]);
    snaps[node] = after;
    steps.push({ node, before, event, isMessage, after, sent });
    for (const m of sent) {
      messages.push(m);
      if (!byzantine.has(m.to)) {
        inFlight.push(m);
        continue;
      }
      for (const l of spec.byzantine?.learn?.(m) ?? []) {
        if (!learned.has(canonical(l))) adversary.push(l);
        learned.add(canonical(l));
      }
    }
    states.push({ locals: snaps.map((s) => s.context as unknown), inFlight: [...inFlight] });
  };
  for (let k = 0; k < length; k++) {
    const env = spec.nodes.flatMap((n, i) =>
      byzantine.has(n.name) ? [] : n.environment.filter((e) => (snaps[i] as AnyMachineSnapshot).can(e)).map((e) => [i, e] as const),
    );
    // Weighted over the messages in flight (1 each), the environment events (`environmentWeight` each), and the adversary as a whole (1).
    const delivering = inFlight.length;
    const timing = env.length * environmentWeight;
    const total = delivering + timing + (adversary.length > 0 ? 1 : 0);
    if (total === 0) break;
    const r = random() * total;
    if (r < delivering) {
      const m = inFlight.splice(Math.floor(r), 1)[0] as Envelope;
      run(at.get(m.to) as number, m, true);
    } else if (r < delivering + timing) {
      const [i, e] = env[Math.min(env.length - 1, Math.floor((r - delivering) / environmentWeight))] as readonly [number, { type: string }];
      run(i, e, false);
    } else {
      const m = pick(adversary);
      messages.push(m);
      run(at.get(m.to) as number, m, true);
    }
  }
  return { steps, states, messages };
}

/** Renaming then stepping gives the renamed result of stepping: state value, context, enabledness and the messages sent (per channel, in order). */
export function expectEquivariantStep(spec: SystemSpec, step: LocalStep, rename: Rename): void {
  const symmetry = spec.symmetry as SymmetrySpec;
  const node = spec.nodes[step.node];
  if (node === undefined) throw new RangeError(`no node ${step.node}`);
  const j = indexOf(spec).get(rename(node.name)) as number;
  const image = spec.nodes[j];
  expect(image?.role).toBe(node.role);
  const logic = node.logic as AnyStateMachine;
  const before = logic.resolveState({ value: step.before.value, context: symmetry.renameContext(node.role, step.before.context, rename) });
  const event = step.isMessage ? symmetry.renameMessage(step.event as Envelope, rename) : step.event;
  const label = `${node.name} ${canonical(step.event)} renamed to ${image?.name}`;
  expect(before.can(event), label).toBe(step.before.can(step.event));
  const [after, actions] = transition(logic, before, event);
  expect(after.value, label).toStrictEqual(step.after.value);
  expect(after.context, label).toStrictEqual(symmetry.renameContext(node.role, step.after.context, rename));
  const sent = sentOf(actions as { type: string; params?: unknown }[]);
  expect(byChannel(sent), label).toStrictEqual(byChannel(step.sent.map((m) => symmetry.renameMessage(m, rename))));
}

/** The global state with every node renamed: node i's context renamed sits at the renamed node's index. */
export function renameGlobal(spec: SystemSpec, g: GlobalState, rename: Rename): GlobalState {
  const symmetry = spec.symmetry as SymmetrySpec;
  const at = indexOf(spec);
  const locals: unknown[] = new Array<unknown>(g.locals.length);
  spec.nodes.forEach((n, i) => {
    locals[at.get(rename(n.name)) as number] = symmetry.renameContext(n.role, g.locals[i], rename);
  });
  return { locals, inFlight: g.inFlight.map((m) => symmetry.renameMessage(m, rename)) };
}

function view(g: GlobalState): SystemView {
  return { locals: g.locals, crashed: g.locals.map(() => false), messages: () => g.inFlight };
}

/** Every property has one verdict on a state and on its renaming. */
export function expectPropertiesInvariant(spec: SystemSpec, g: GlobalState, rename: Rename): void {
  const renamed = view(renameGlobal(spec, g, rename));
  for (const p of spec.properties) expect(p.holds(renamed), p.name).toBe(p.holds(view(g)));
}

/** The (sender role, receiver role) of every message in `msgs`, as `proposer→acceptor`. */
export function edgesOf(spec: SystemSpec, msgs: readonly Envelope[]): Set<string> {
  const role = new Map(spec.nodes.map((n) => [n.name, n.role]));
  return new Set(msgs.map((m) => `${role.get(m.from)}→${role.get(m.to)}`));
}

/** The edges a topology declares, as `proposer→acceptor`. */
export function declaredEdges(spec: SystemSpec): Set<string> {
  return new Set(Object.entries(spec.topology ?? {}).flatMap(([from, tos]) => tos.map((to) => `${from}→${to}`)));
}

/** Renaming every context and in-flight message of `g` by transposition `t` twice gives `g` back. */
export function expectTranspositionInvolution(spec: SystemSpec, symmetry: SymmetrySpec, g: GlobalState, t: Rename): void {
  spec.nodes.forEach((n, i) => expect(symmetry.renameContext(n.role, symmetry.renameContext(n.role, g.locals[i], t), t)).toStrictEqual(g.locals[i]));
  for (const m of g.inFlight) expect(symmetry.renameMessage(symmetry.renameMessage(m, t), t)).toStrictEqual(m);
}
