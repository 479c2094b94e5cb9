/**
 * A deliberately naive reference explorer: the yardstick the fast explorer is
 * checked against (DESIGN.md, "Correctness of the checker").
 *
 * It shares nothing with `explorer/`: global states are canonical JSON
 * strings in a plain `Set<string>`, every step calls xstate afresh (no
 * interning, no memo, no fingerprints), and the search is a textbook BFS over
 * whole levels. It is slow on purpose; what matters is that it is obviously
 * right.
 *
 * Semantics (identical to the fast explorer's):
 * - A global state is each node's local snapshot (identity: canonical JSON of
 *   `{ value, context }`), the set of crashed nodes, the duplication budget
 *   left and the multiset of in-flight messages (identity of a message:
 *   canonical JSON with sorted keys).
 * - Steps: environment events a non-crashed node can take (`snapshot.can`);
 *   then, for each DISTINCT in-flight message, deliver / duplicate (receiver
 *   not crashed; duplicate needs budget) and drop (lossy networks, whether or
 *   not the receiver crashed); then crash of any non-crashed node while fewer
 *   than `faults.crashes` nodes crashed. Every enumerated step counts as one
 *   transition, also when it leads to a state already seen.
 * - Byzantine nodes (`spec.byzantine`) take no steps and what is sent to them
 *   is discarded; after the in-flight messages, each message of the
 *   adversary's universe is delivered to its receiver (if not crashed) and
 *   stays available; a delivery that changes nothing (same local state, nothing
 *   sent) is not a step. Byzantine nodes do not crash.
 * - With `spec.byzantine.learn`, the global state also holds the set of
 *   messages the adversary has learned (those not already in its universe):
 *   whenever a step sends a message to a Byzantine node, what `learn` gives
 *   for it joins the set, and after the universe each learned message is
 *   delivered like one of the universe. A delivery that changes nothing
 *   now also teaches nothing new.
 */
import { initialTransition, transition, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import type { Envelope } from '../../spec/core/envelope.js';
import type { SystemView } from '../../spec/core/property.js';
import type { SystemSpec } from '../../spec/core/system.js';

export interface NaiveFaults {
  lossy: boolean;
  duplicates: number;
  crashes: number;
}

export interface NaiveResult {
  states: number;
  transitions: number;
  depth: number;
  violation?: { property: string; depth: number };
}

/** JSON with object keys sorted at every level: equal values, equal strings. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const s = JSON.stringify(value);
    if (s === undefined) throw new TypeError(`cannot encode ${String(value)} as JSON`);
    return s;
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/** A node's local snapshot with its identity, computed once when the snapshot is made. */
interface Local {
  readonly snapshot: AnyMachineSnapshot;
  readonly key: string;
}

function local(snapshot: AnyMachineSnapshot): Local {
  return { snapshot, key: canonicalJson({ value: snapshot.value, context: snapshot.context }) };
}

/** One global state. `messages` holds one canonical key per copy, sorted. */
interface GlobalState {
  readonly locals: readonly Local[];
  readonly crashed: readonly boolean[];
  readonly budget: number;
  readonly messages: readonly string[];
  /** What the adversary has learned beyond its universe: canonical keys, sorted, distinct. */
  readonly known: readonly string[];
}

/**
 * The identity of a global state. Canonical JSON never contains a raw newline
 * and the number of nodes is fixed, so joining the parts with newlines is
 * unambiguous; message keys are sorted, so a multiset has one encoding.
 */
function stateKey(g: GlobalState): string {
  return [...g.locals.map((l) => l.key), g.crashed.map((c) => (c ? '1' : '0')).join(''), String(g.budget), ...g.messages, 'known', ...g.known].join('\n');
}

/** The messages a transition sent: emitted `{ type: 'send', msg }` events, in order. */
function sentMessages(actions: readonly { type: string; params?: unknown }[]): Envelope[] {
  const out: Envelope[] = [];
  for (const a of actions) {
    if (a.type !== 'xstate.emit') continue;
    const event = (a.params as { event?: { type?: string; msg?: Envelope } } | undefined)?.event;
    if (event?.type === 'send' && event.msg !== undefined) out.push(event.msg);
  }
  return out;
}

/**
 * Explores every reachable global state of `spec` under `faults` by BFS and
 * checks every property in every state; the first violation (BFS order) is
 * recorded and the search goes on, so the counts are complete. Throws if more
 * than `maxStates` distinct states are found (default 3,000,000).
 * `stopAtViolation` (for tests that only want the violation) returns as soon
 * as one is found: the counts are then those of the partial search.
 */
export function naiveExplore(
  spec: SystemSpec,
  faults: NaiveFaults,
  opts?: { maxStates?: number; stopAtViolation?: boolean },
): NaiveResult {
  const maxStates = opts?.maxStates ?? 3_000_000;
  const stopAtViolation = opts?.stopAtViolation ?? false;
  const nodes = spec.nodes;
  const logics = nodes.map((n) => n.logic as AnyStateMachine);
  const slotOf = new Map<string, number>(nodes.map((n, i) => [n.name, i]));
  const byzantine = new Set(spec.byzantine?.nodes ?? []);
  const isByzantine = (name: string): boolean => byzantine.has(slotOf.get(name) ?? -1);

  const universe = new Set((spec.byzantine?.messages ?? []).map(canonicalJson));
  const learn = spec.byzantine?.learn;
  /** The adversary's knowledge after `sent` (whatever was sent to a Byzantine node teaches it). */
  const learnt = (known: readonly string[], sent: readonly Envelope[]): readonly string[] => {
    if (learn === undefined) return known;
    const fresh = sent.filter((m) => isByzantine(m.to)).flatMap((m) => learn(m).map(canonicalJson)).filter((k) => !universe.has(k));
    return fresh.length === 0 ? known : [...new Set([...known, ...fresh])].sort();
  };

  const receiver = (msgKey: string): { msg: Envelope; to: number } => {
    const msg = JSON.parse(msgKey) as Envelope;
    const to = slotOf.get(msg.to);
    if (to === undefined) throw new Error(`message to unknown node ${msg.to}: ${msgKey}`);
    return { msg, to };
  };

  /** Multiset ops on the sorted key array (copies, never mutates). */
  const withAdded = (msgs: readonly string[], sent: readonly Envelope[]): string[] => {
    for (const m of sent) if (!slotOf.has(m.to)) throw new Error(`message to unknown node ${m.to}: ${canonicalJson(m)}`);
    return [...msgs, ...sent.filter((m) => !isByzantine(m.to)).map(canonicalJson)].sort();
  };
  const withoutOne = (msgs: readonly string[], key: string): string[] => {
    const i = msgs.indexOf(key);
    if (i < 0) throw new Error('removing a message that is not in flight');
    return [...msgs.slice(0, i), ...msgs.slice(i + 1)];
  };
  const replaced = (locals: readonly Local[], slot: number, s: AnyMachineSnapshot): Local[] => {
    const fresh = local(s);
    return locals.map((old, i) => (i === slot ? fresh : old));
  };

  /** All steps of `g`, one entry per transition (duplicate successors included). */
  const successors = (g: GlobalState): GlobalState[] => {
    const out: GlobalState[] = [];
    // Environment events, node by node.
    nodes.forEach((node, slot) => {
      if (g.crashed[slot] || byzantine.has(slot)) return;
      const snap = (g.locals[slot] as Local).snapshot;
      for (const event of node.environment) {
        if (!snap.can(event)) continue;
        const [next, actions] = transition(logics[slot] as AnyStateMachine, snap, event);
        const sent = sentMessages(actions);
        out.push({ ...g, locals: replaced(g.locals, slot, next), messages: withAdded(g.messages, sent), known: learnt(g.known, sent) });
      }
    });
    // Each distinct in-flight message once.
    for (const key of new Set(g.messages)) {
      const { msg, to } = receiver(key);
      if (!g.crashed[to]) {
        const [next, actions] = transition(logics[to] as AnyStateMachine, (g.locals[to] as Local).snapshot, msg);
        const sent = sentMessages(actions);
        const locals = replaced(g.locals, to, next);
        const known = learnt(g.known, sent);
        // Deliver: one copy leaves the network.
        out.push({ ...g, locals, messages: withAdded(withoutOne(g.messages, key), sent), known });
        // Duplicate: the receiver gets a copy, the message stays in flight.
        if (g.budget > 0) out.push({ ...g, locals, budget: g.budget - 1, messages: withAdded(g.messages, sent), known });
      }
      // Drop: one copy lost.
      if (faults.lossy) out.push({ ...g, messages: withoutOne(g.messages, key) });
    }
    // The adversary's messages, never used up: its universe, then what it has learned.
    for (const msg of [...(spec.byzantine?.messages ?? []), ...g.known.map((k) => JSON.parse(k) as Envelope)]) {
      const to = slotOf.get(msg.to) as number;
      if (g.crashed[to]) continue;
      const before = g.locals[to] as Local;
      const [next, actions] = transition(logics[to] as AnyStateMachine, before.snapshot, msg);
      const sent = sentMessages(actions);
      const locals = replaced(g.locals, to, next);
      const known = learnt(g.known, sent);
      if ((locals[to] as Local).key === before.key && sent.every((m) => isByzantine(m.to)) && known.length === g.known.length) continue;
      out.push({ ...g, locals, messages: withAdded(g.messages, sent), known });
    }
    // Crashes.
    if (g.crashed.filter(Boolean).length < faults.crashes) {
      g.crashed.forEach((c, slot) => {
        if (!c && !byzantine.has(slot)) out.push({ ...g, crashed: g.crashed.map((old, i) => old || i === slot) });
      });
    }
    return out;
  };

  const firstViolated = (g: GlobalState): string | undefined => {
    const view: SystemView = {
      locals: g.locals.map((l) => l.snapshot.context as unknown),
      crashed: g.crashed,
      messages: () => g.messages.map((k) => JSON.parse(k) as Envelope),
    };
    return spec.properties.find((p) => !p.holds(view))?.name;
  };

  const initial: GlobalState = {
    locals: nodes.map((n, slot) => local(initialTransition(logics[slot] as AnyStateMachine, n.input)[0])),
    crashed: nodes.map(() => false),
    budget: faults.duplicates,
    messages: [],
    known: [],
  };

  // Textbook BFS, one level at a time. A state is checked when first found:
  // states are found in the order BFS dequeues them, so the first violation
  // found is the first in BFS order, at the smallest depth.
  const seen = new Set<string>();
  let transitions = 0;
  let depth = 0;
  let violation: { property: string; depth: number } | undefined;
  /** Records a new state found at distance `d`; true when the search must stop. */
  const discover = (g: GlobalState, d: number): boolean => {
    seen.add(stateKey(g));
    if (seen.size > maxStates) throw new Error(`naive explorer: more than ${maxStates} states`);
    depth = Math.max(depth, d);
    if (violation === undefined) {
      const property = firstViolated(g);
      if (property !== undefined) violation = { property, depth: d };
    }
    return violation !== undefined && stopAtViolation;
  };

  let level: GlobalState[] = [initial];
  let stop = discover(initial, 0);
  for (let d = 1; level.length > 0 && !stop; d++) {
    const nextLevel: GlobalState[] = [];
    for (const g of level) {
      for (const s of successors(g)) {
        transitions++;
        if (seen.has(stateKey(s))) continue;
        nextLevel.push(s);
        if ((stop = discover(s, d))) break;
      }
      if (stop) break;
    }
    level = nextLevel;
  }
  const result: NaiveResult = { states: seen.size, transitions, depth };
  if (violation !== undefined) result.violation = violation;
  return result;
}
