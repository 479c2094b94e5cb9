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
 *   left and the messages in flight (identity of a message: canonical JSON
 *   with sorted keys), held as the network says (`opts.network`, default
 *   `spec.network`, else `multiset`):
 *   - `multiset`: a sorted list of message keys, one entry per copy;
 *   - `fifo`: one FIFO channel per ordered (sender, receiver) pair, kept as
 *     one list: grouped by channel (channels in sorted order of
 *     `[from, to]`), each channel in sending order; empty channels are absent;
 *   - `set`: a sorted list of distinct message keys that only grows.
 * - Steps, in this order (the order changes no count):
 *   - environment events a non-crashed node can take (`snapshot.can`); each
 *     counts, also when it changes nothing, except under `set`, where a step
 *     whose resulting global state equals the current one is never a step;
 *   - the messages in flight:
 *     - `multiset`: for each DISTINCT in-flight message, deliver (one copy
 *       leaves) and duplicate (the receiver gets it, it stays in flight,
 *       one unit of the duplication budget), both only if the receiver is not
 *       crashed; and drop one copy (lossy networks, whether or not the
 *       receiver crashed);
 *     - `fifo`: for each non-empty channel, deliver its head and duplicate its
 *       head (it stays at the head; one unit of budget), both only if the
 *       receiver is not crashed; and (lossy) drop the message at position j
 *       for every j with j = 0 or message j differing from message j-1:
 *       removing either of two adjacent equal messages gives one state, hence
 *       one step. What a step sends is appended to the tail of its channel,
 *       in emission order;
 *     - `set`: for each message in flight whose receiver is not crashed,
 *       deliver it WITHOUT removing it; what the step sends is added if
 *       absent. A delivery whose resulting global state equals the current
 *       one (local state unchanged, everything sent already present, nothing
 *       learned) is not a step. Loss and duplication have no meaning here:
 *       `lossy` or `duplicates > 0` with `set` throws;
 *   - the adversary's messages (below), under every network alike;
 *   - crash of any non-crashed node while fewer than `faults.crashes` crashes
 *     happened in the run (crashed nodes plus restarts taken); messages to a
 *     crashed node stay in flight;
 *   - restart of any crashed node while restarts are left (`faults.recoveries`,
 *     crash-recovery): its local state becomes its machine's initial state for
 *     its input with the context fields of `node.stable` taken from the state
 *     it crashed in; the messages in flight stay as they are.
 *   Every enumerated step counts as one transition, also when it leads to a
 *   state already seen.
 * - Byzantine nodes (`spec.byzantine`) take no steps and what is sent to them
 *   is discarded (under every network); after the in-flight messages, each
 *   message of the adversary's universe is delivered to its receiver (if not
 *   crashed) and stays available, not through any channel; a delivery that
 *   changes nothing (resulting global state equal to the current one: same
 *   local state, nothing sent that is not already there, nothing learned)
 *   is not a step. Byzantine nodes do not crash.
 * - With `spec.byzantine.learn`, the global state also holds the set of
 *   messages the adversary has learned (those not already in its universe):
 *   whenever a step sends a message to a Byzantine node, what `learn` gives
 *   for it joins the set, and after the universe each learned message is
 *   delivered like one of the universe.
 * - Symmetry (`opts.symmetry`, only when `spec.symmetry` is declared): states
 *   are counted up to renaming, by brute force. The renamings are every
 *   permutation in the product of the full permutation groups of the
 *   declared groups (identity included). Renaming a state by π moves the node
 *   at slot i, with its crashed flag, to the slot of π(name_i), with context
 *   `renameContext(role_i, context, π)` and the same XState state value;
 *   every in-flight message m becomes `renameMessage(m, π)` and is re-placed
 *   (re-sorted for multiset and set; for fifo into channel (π(from), π(to)),
 *   keeping its order there); the adversary's learned messages likewise.
 *   A state's identity is then the lexicographically smallest key among all
 *   its renamings (its orbit's key). The BFS expands each newly found orbit
 *   once, through the concrete state that found it first, and checks the
 *   properties on that concrete state; transitions are the steps of the
 *   expanded states, summed; depth is the BFS depth of orbits. Whether a
 *   `set` delivery changes nothing is decided on concrete states.
 */
import { initialTransition, transition, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import type { Envelope } from '../../spec/core/envelope.js';
import type { SystemView } from '../../spec/core/property.js';
import type { Rename } from '../../spec/core/symmetry.js';
import type { NetworkKind, SystemSpec } from '../../spec/core/system.js';

export interface NaiveFaults {
  lossy: boolean;
  duplicates: number;
  crashes: number;
  /** The nodes (indexes) that may crash; absent: any. */
  crashable?: readonly number[];
  /** Restarts of crashed nodes allowed in a run (crash-recovery); absent: 0. */
  recoveries?: number;
}

export interface NaiveOptions {
  /** Throw past this many distinct states (default 3,000,000). */
  maxStates?: number;
  /** Return at the first violation (the counts are then partial). */
  stopAtViolation?: boolean;
  /** The network semantics (default `spec.network`, else `multiset`). */
  network?: NetworkKind;
  /** Count orbits under `spec.symmetry` (default false; ignored when the spec declares none). */
  symmetry?: boolean;
  /** Also return the whole state graph (no symmetry), with each edge's fairness task, for liveness. */
  graph?: boolean;
}

/**
 * The explicit state graph: states by index (0 is the initial state), the
 * successors of each with the task its step serves (`deliver <message>`,
 * `env <node> <event>`; a fault is `fault ...` and serves none), and the view
 * properties read.
 */
export interface NaiveGraph {
  readonly keys: readonly string[];
  readonly succ: readonly (readonly { readonly to: number; readonly task: string }[])[];
  readonly views: readonly SystemView[];
}

export interface NaiveResult {
  states: number;
  transitions: number;
  depth: number;
  violation?: { property: string; depth: number };
  graph?: NaiveGraph;
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

/** One global state. */
interface GlobalState {
  readonly locals: readonly Local[];
  readonly crashed: readonly boolean[];
  readonly budget: number;
  /** Restarts left (crash-recovery). */
  readonly restarts: number;
  /**
   * The messages in flight as canonical keys, in the network's canonical
   * order: sorted (multiset: one entry per copy; set: distinct), or for fifo
   * grouped by channel (channels sorted), each channel in sending order.
   */
  readonly messages: readonly string[];
  /** What the adversary has learned beyond its universe: canonical keys, sorted, distinct. */
  readonly known: readonly string[];
}

/**
 * The identity of a global state from its parts. Canonical JSON never
 * contains a raw newline and the number of nodes is fixed, so joining the
 * parts with newlines is unambiguous; the messages are in their network's
 * canonical order, so each network state has one encoding (for fifo the
 * channel of a message is read from its `from` and `to`).
 */
function keyOf(locals: readonly string[], crashed: readonly boolean[], budget: number, restarts: number, messages: readonly string[], known: readonly string[]): string {
  return [...locals, crashed.map((c) => (c ? '1' : '0')).join(''), `${budget}/${restarts}`, ...messages, 'known', ...known].join('\n');
}

function stateKey(g: GlobalState): string {
  return keyOf(
    g.locals.map((l) => l.key),
    g.crashed,
    g.budget,
    g.restarts,
    g.messages,
    g.known,
  );
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

/** Every permutation of `items`. */
function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((first, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [first, ...rest]));
}

/** Every renaming in the product of the groups' full permutation groups (identity included). */
function allRenamings(groups: readonly (readonly string[])[]): Rename[] {
  let maps: Map<string, string>[] = [new Map()];
  for (const group of groups) {
    maps = maps.flatMap((m) =>
      permutations(group).map((image) => {
        const next = new Map(m);
        group.forEach((name, i) => next.set(name, image[i] as string));
        return next;
      }),
    );
  }
  return maps.map((m) => (name: string) => m.get(name) ?? name);
}

/**
 * Explores every reachable global state of `spec` under `faults` by BFS and
 * checks every property in every state; the first violation (BFS order) is
 * recorded and the search goes on, so the counts are complete. Throws if more
 * than `maxStates` distinct states are found (default 3,000,000).
 * `stopAtViolation` (for tests that only want the violation) returns as soon
 * as one is found: the counts are then those of the partial search.
 * `network` and `symmetry`: see the header.
 */
export function naiveExplore(spec: SystemSpec, faults: NaiveFaults, opts?: NaiveOptions): NaiveResult {
  const maxStates = opts?.maxStates ?? 3_000_000;
  const stopAtViolation = opts?.stopAtViolation ?? false;
  const network: NetworkKind = opts?.network ?? spec.network ?? 'multiset';
  if (network !== 'multiset' && network !== 'fifo' && network !== 'set') throw new Error(`naive explorer: unknown network ${String(network)}`);
  if (network === 'set' && (faults.lossy || faults.duplicates > 0)) {
    throw new Error('naive explorer: loss and duplication have no meaning under the set network (a sent message stays available forever)');
  }
  const symmetry = opts?.symmetry === true ? spec.symmetry : undefined;
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

  /** The fifo channel of a message key: canonical JSON of `[from, to]`. */
  const channelOf = (msgKey: string): string => {
    const m = JSON.parse(msgKey) as Envelope;
    return canonicalJson([m.from, m.to]);
  };
  /**
   * The canonical order of a list of message keys under the network. For
   * fifo, `keys` must hold each channel's messages in sending order: a
   * stable sort by channel (Array.prototype.sort is stable) groups them and
   * keeps that order.
   */
  const placed = (keys: readonly string[]): string[] => {
    switch (network) {
      case 'multiset':
        return [...keys].sort();
      case 'set':
        return [...new Set(keys)].sort();
      case 'fifo': {
        const channel = new Map(keys.map((k) => [k, channelOf(k)]));
        return [...keys].sort((a, b) => {
          const ca = channel.get(a) as string;
          const cb = channel.get(b) as string;
          return ca < cb ? -1 : ca > cb ? 1 : 0;
        });
      }
    }
  };

  /** The messages in flight after `sent` joins them (appended at their channels' tails for fifo); copies, never mutates. */
  const withAdded = (msgs: readonly string[], sent: readonly Envelope[]): string[] => {
    for (const m of sent) if (!slotOf.has(m.to)) throw new Error(`message to unknown node ${m.to}: ${canonicalJson(m)}`);
    return placed([...msgs, ...sent.filter((m) => !isByzantine(m.to)).map(canonicalJson)]);
  };
  /** The list without its entry at index `i`. */
  const withoutAt = (msgs: readonly string[], i: number): string[] => [...msgs.slice(0, i), ...msgs.slice(i + 1)];
  const withoutOne = (msgs: readonly string[], key: string): string[] => {
    const i = msgs.indexOf(key);
    if (i < 0) throw new Error('removing a message that is not in flight');
    return withoutAt(msgs, i);
  };
  const replaced = (locals: readonly Local[], slot: number, s: AnyMachineSnapshot): Local[] => {
    const fresh = local(s);
    return locals.map((old, i) => (i === slot ? fresh : old));
  };

  /** All steps of `g`, one entry per transition (duplicate successors included). */
  const labelled = (g: GlobalState): { state: GlobalState; task: string }[] => {
    const out: { state: GlobalState; task: string }[] = [];
    /** A successor and the fairness task its step serves (`fault`: none). */
    const push = (state: GlobalState, task: string): void => {
      out.push({ state, task });
    };
    /**
     * Whether `s`, got by delivering a message to `to` (which changes only
     * that node's local state, adds messages and teaches the adversary),
     * equals `g`: its local state is unchanged and nothing was added (the
     * message set and the learned set only grow; a multiset or fifo network
     * grows with every message sent). Comparing the parts saves building
     * two whole keys per refused delivery.
     */
    const unchanged = (s: GlobalState, to: number): boolean =>
      (s.locals[to] as Local).key === (g.locals[to] as Local).key && s.messages.length === g.messages.length && s.known.length === g.known.length;
    /** Delivers `msg` to `to`: the receiver's next local state, what it sent, what the adversary learned. */
    const deliver = (msg: Envelope, to: number): { locals: Local[]; sent: Envelope[]; known: readonly string[] } => {
      const [next, actions] = transition(logics[to] as AnyStateMachine, (g.locals[to] as Local).snapshot, msg);
      const sent = sentMessages(actions);
      return { locals: replaced(g.locals, to, next), sent, known: learnt(g.known, sent) };
    };
    // Environment events, node by node.
    nodes.forEach((node, slot) => {
      if (g.crashed[slot] || byzantine.has(slot)) return;
      const snap = (g.locals[slot] as Local).snapshot;
      for (const event of node.environment) {
        if (!snap.can(event)) continue;
        const [next, actions] = transition(logics[slot] as AnyStateMachine, snap, event);
        const sent = sentMessages(actions);
        const s: GlobalState = { ...g, locals: replaced(g.locals, slot, next), messages: withAdded(g.messages, sent), known: learnt(g.known, sent) };
        // Under `set`, a step that changes nothing (a retransmission) is not a step.
        if (network !== 'set' || !unchanged(s, slot)) push(s, `env ${node.name} ${canonicalJson(event)}`);
      }
    });
    // The messages in flight.
    switch (network) {
      case 'multiset':
        // Each distinct in-flight message once.
        for (const key of new Set(g.messages)) {
          const { msg, to } = receiver(key);
          if (!g.crashed[to]) {
            const { locals, sent, known } = deliver(msg, to);
            // Deliver: one copy leaves the network.
            push({ ...g, locals, messages: withAdded(withoutOne(g.messages, key), sent), known }, `deliver ${key}`);
            // Duplicate: the receiver gets a copy, the message stays in flight.
            if (g.budget > 0) push({ ...g, locals, budget: g.budget - 1, messages: withAdded(g.messages, sent), known }, `deliver ${key}`);
          }
          // Drop: one copy lost.
          if (faults.lossy) push({ ...g, messages: withoutOne(g.messages, key) }, `fault drop ${key}`);
        }
        break;
      case 'fifo':
        // Each channel: a maximal run of messages with one channel key.
        for (let start = 0; start < g.messages.length; ) {
          const channel = channelOf(g.messages[start] as string);
          let end = start + 1;
          while (end < g.messages.length && channelOf(g.messages[end] as string) === channel) end++;
          const { msg, to } = receiver(g.messages[start] as string);
          if (!g.crashed[to]) {
            const { locals, sent, known } = deliver(msg, to);
            // Deliver the head.
            push({ ...g, locals, messages: withAdded(withoutAt(g.messages, start), sent), known }, `deliver ${g.messages[start] as string}`);
            // Duplicate the head: delivered, and still at the head.
            if (g.budget > 0) push({ ...g, locals, budget: g.budget - 1, messages: withAdded(g.messages, sent), known }, `deliver ${g.messages[start] as string}`);
          }
          // Drop any message of the channel; of a run of equal neighbours, one.
          if (faults.lossy) {
            for (let j = start; j < end; j++) {
              if (j === start || g.messages[j] !== g.messages[j - 1]) push({ ...g, messages: withoutAt(g.messages, j) }, `fault drop ${g.messages[j] as string}`);
            }
          }
          start = end;
        }
        break;
      case 'set':
        // Each message in flight (distinct by construction); it stays there.
        for (const key of g.messages) {
          const { msg, to } = receiver(key);
          if (g.crashed[to]) continue;
          const { locals, sent, known } = deliver(msg, to);
          const s: GlobalState = { ...g, locals, messages: withAdded(g.messages, sent), known };
          if (!unchanged(s, to)) push(s, `deliver ${key}`);
        }
        break;
    }
    // The adversary's messages, never used up: its universe, then what it has learned.
    for (const msg of [...(spec.byzantine?.messages ?? []), ...g.known.map((k) => JSON.parse(k) as Envelope)]) {
      const to = slotOf.get(msg.to) as number;
      if (g.crashed[to]) continue;
      const { locals, sent, known } = deliver(msg, to);
      const s: GlobalState = { ...g, locals, messages: withAdded(g.messages, sent), known };
      // A delivery that changes nothing is not a step.
      if (!unchanged(s, to)) push(s, `fault byzantine ${canonicalJson(msg)}`);
    }
    // Crashes: at most faults.crashes in the run, those since restarted included.
    const restartsTaken = (faults.recoveries ?? 0) - g.restarts;
    if (g.crashed.filter(Boolean).length + restartsTaken < faults.crashes) {
      g.crashed.forEach((c, slot) => {
        if (!c && !byzantine.has(slot) && (faults.crashable === undefined || faults.crashable.includes(slot))) {
          push({ ...g, crashed: g.crashed.map((old, i) => old || i === slot) }, `fault crash ${nodes[slot]?.name ?? slot}`);
        }
      });
    }
    // Restarts (crash-recovery): a fresh machine, with the declared stable fields of the crashed state.
    if (g.restarts > 0) {
      g.crashed.forEach((c, slot) => {
        if (!c) return;
        const node = nodes[slot] as (typeof nodes)[number];
        const logic = logics[slot] as AnyStateMachine;
        // A node boots from `restartInput` when it declares one (Raft: a follower, not the initial leader).
        const fresh = initialTransition(logic, node.restartInput !== undefined ? node.restartInput : node.input)[0];
        const old = (g.locals[slot] as Local).snapshot.context as Record<string, unknown>;
        const context: Record<string, unknown> = { ...(fresh.context as Record<string, unknown>) };
        for (const f of node.stable ?? []) context[f] = old[f];
        const restarted = logic.resolveState({ value: fresh.value, context });
        push(
          { ...g, locals: replaced(g.locals, slot, restarted), crashed: g.crashed.map((old, i) => old && i !== slot), restarts: g.restarts - 1 },
          `fault restart ${node.name}`,
        );
      });
    }
    return out;
  };
  /** All steps of `g`, one entry per transition (duplicate successors included). */
  const successors = (g: GlobalState): GlobalState[] => labelled(g).map((x) => x.state);

  /** The key of `g` renamed by `rename` (see the header, "Symmetry"). */
  const renamedKey = (g: GlobalState, rename: Rename): string => {
    if (symmetry === undefined) throw new Error('no symmetry declared');
    const locals: string[] = new Array<string>(nodes.length);
    const crashed: boolean[] = new Array<boolean>(nodes.length);
    nodes.forEach((node, i) => {
      const j = slotOf.get(rename(node.name));
      if (j === undefined) throw new Error(`renaming ${node.name} gives an unknown node ${rename(node.name)}`);
      const snap = (g.locals[i] as Local).snapshot;
      locals[j] = canonicalJson({ value: snap.value, context: symmetry.renameContext(node.role, snap.context, rename) });
      crashed[j] = g.crashed[i] as boolean;
    });
    const renameKey = (k: string): string => canonicalJson(symmetry.renameMessage(JSON.parse(k) as Envelope, rename));
    const messages = placed(g.messages.map(renameKey));
    const known = [...new Set(g.known.map(renameKey))].sort();
    return keyOf(locals, crashed, g.budget, g.restarts, messages, known);
  };
  const renamings = symmetry === undefined ? [] : allRenamings(symmetry.groups);
  /** The identity BFS dedups on: the state's key, or under symmetry its orbit's smallest key. */
  const identity = (g: GlobalState): string => {
    if (symmetry === undefined) return stateKey(g);
    let best: string | undefined;
    for (const rename of renamings) {
      const k = renamedKey(g, rename);
      if (best === undefined || k < best) best = k;
    }
    return best as string;
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
    restarts: faults.recoveries ?? 0,
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
  /** Records a new state (of key `key`) found at distance `d`; true when the search must stop. */
  const discover = (g: GlobalState, key: string, d: number): boolean => {
    seen.add(key);
    if (seen.size > maxStates) throw new Error(`naive explorer: more than ${maxStates} states`);
    depth = Math.max(depth, d);
    if (violation === undefined) {
      const property = firstViolated(g);
      if (property !== undefined) violation = { property, depth: d };
    }
    return violation !== undefined && stopAtViolation;
  };

  let level: GlobalState[] = [initial];
  let stop = discover(initial, identity(initial), 0);
  for (let d = 1; level.length > 0 && !stop; d++) {
    const nextLevel: GlobalState[] = [];
    for (const g of level) {
      for (const s of successors(g)) {
        transitions++;
        const key = identity(s);
        if (seen.has(key)) continue;
        nextLevel.push(s);
        if ((stop = discover(s, key, d))) break;
      }
      if (stop) break;
    }
    level = nextLevel;
  }
  const result: NaiveResult = { states: seen.size, transitions, depth };
  if (opts?.graph === true) {
    const index = new Map<string, number>();
    const states: GlobalState[] = [];
    const add = (g: GlobalState): number => {
      const k = stateKey(g);
      let i = index.get(k);
      if (i === undefined) {
        i = states.length;
        index.set(k, i);
        states.push(g);
        if (states.length > maxStates) throw new Error(`naive explorer: more than ${maxStates} states`);
      }
      return i;
    };
    add(initial);
    const succ: { to: number; task: string }[][] = [];
    for (let i = 0; i < states.length; i++) succ.push(labelled(states[i] as GlobalState).map((x) => ({ to: add(x.state), task: x.task })));
    const views = states.map((g): SystemView => ({
      locals: g.locals.map((l) => l.snapshot.context as unknown),
      crashed: g.crashed,
      messages: () => g.messages.map((k) => JSON.parse(k) as Envelope),
    }));
    result.graph = { keys: [...index.keys()], succ, views };
  }
  if (violation !== undefined) result.violation = violation;
  return result;
}
