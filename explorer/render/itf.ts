/**
 * The Informal Trace Format (ITF, Apalache ADR-015, read by Apalache and
 * Quint): `{ "#meta": {...}, "vars": [...], "states": [{ "#meta": { "index": i }, var: value, ... }] }`,
 * optionally `"loop": i` for a lasso. docs/traces.md documents the mapping:
 *
 *   one var per node (its name): { value: <xstate value>, context: <context> }
 *   network   multiset: #map message -> #bigint count; set: #set of messages;
 *             fifo: #map #tup(from, to) -> list of messages, oldest first
 *   crashed   #set of the names of crashed nodes
 *   duplicatesLeft  (only with --duplicates) the duplication budget left, #bigint
 *   action    the step that led to the state, as a Quint variant:
 *             { tag: "init", value: #tup() } in state 0, else
 *             { tag: <kind>, value: { node, label, message? , event? } }
 *
 * Values: integers are always { "#bigint": "..." }; null (and undefined) is
 * Quint's None, { tag: "None", value: { "#tup": [] } }; arrays are ITF lists;
 * objects are records (undefined fields left out); a non-integer number is
 * { "#unserializable": "..." }. `itfToPlain` inverts `toItfValue`.
 */
import type { ActorModel } from '../actor-system/actor-model.js';
import { canonicalKey } from '../encode.js';
import { decodeState, type DecodedState, type Trace } from '../trace.js';
import type { TraceSystem } from '../trace-system.js';

export const ITF_FORMAT_DESCRIPTION = 'https://apalache-mc.org/docs/adr/015adr-trace.html';
/** The version of Agora's mapping onto ITF, in `#meta.agora.format`. */
export const AGORA_ITF_FORMAT = 'agora-itf/1';

export type ItfValue = boolean | string | ItfValue[] | { readonly [key: string]: ItfValue };

export const ITF_NONE: ItfValue = { tag: 'None', value: { '#tup': [] } };

/** A plain (JSON-like) value in ITF's encodings. */
export function toItfValue(v: unknown): ItfValue {
  if (v === null || v === undefined) return ITF_NONE;
  if (typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'bigint') return { '#bigint': v.toString() };
  if (typeof v === 'number') return Number.isInteger(v) ? { '#bigint': BigInt(v).toString() } : { '#unserializable': String(v) };
  if (Array.isArray(v)) return v.map(toItfValue);
  if (typeof v === 'object') {
    const out: Record<string, ItfValue> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (x !== undefined) out[k] = toItfValue(x);
    return out;
  }
  return { '#unserializable': String(v) };
}

/** The inverse of `toItfValue` (sets, tuples and map entries become arrays). */
export function itfToPlain(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(itfToPlain);
  const o = v as Record<string, unknown>;
  if (typeof o['#bigint'] === 'string') {
    const n = BigInt(o['#bigint']);
    return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
  }
  if (Array.isArray(o['#set'])) return o['#set'].map(itfToPlain);
  if (Array.isArray(o['#tup'])) return o['#tup'].map(itfToPlain);
  if (Array.isArray(o['#map'])) return (o['#map'] as unknown[]).map(itfToPlain);
  if (typeof o['#unserializable'] === 'string') {
    const n = Number(o['#unserializable']);
    return Number.isNaN(n) ? o['#unserializable'] : n;
  }
  if (o['tag'] === 'None' && Object.keys(o).length === 2 && canonicalKey(o['value']) === '{"#tup":[]}') return null;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(o)) out[k] = itfToPlain(x);
  return out;
}

const byKey = (a: { key: string }, b: { key: string }): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** The in-flight messages of a state as the `network` var. */
export function networkValue(kind: string, messages: DecodedState['messages']): ItfValue {
  if (kind === 'set') {
    return { '#set': messages.map((m) => ({ key: canonicalKey(m), m })).sort(byKey).map((x) => toItfValue(x.m)) };
  }
  if (kind === 'fifo') {
    const channels = new Map<string, { from: unknown; to: unknown; msgs: unknown[] }>();
    for (const m of messages) {
      const key = canonicalKey([m.from, m.to]);
      const ch = channels.get(key) ?? { from: m.from, to: m.to, msgs: [] };
      ch.msgs.push(m);
      channels.set(key, ch);
    }
    return {
      '#map': [...channels.entries()]
        .map(([key, ch]) => ({ key, ch }))
        .sort(byKey)
        .map(({ ch }) => [{ '#tup': [toItfValue(ch.from), toItfValue(ch.to)] }, ch.msgs.map(toItfValue)]),
    };
  }
  const counts = new Map<string, { m: unknown; n: number }>();
  for (const m of messages) {
    const key = canonicalKey(m);
    const c = counts.get(key);
    if (c !== undefined) c.n++;
    else counts.set(key, { m, n: 1 });
  }
  return {
    '#map': [...counts.entries()]
      .map(([key, c]) => ({ key, c }))
      .sort(byKey)
      .map(({ c }) => [toItfValue(c.m), { '#bigint': String(c.n) }]),
  };
}

/** The ITF vars of a system: its node names, then network, crashed, (duplicatesLeft,) action. */
export function itfVars(sys: ActorModel): string[] {
  return [...sys.spec.nodes.map((n) => n.name), 'network', 'crashed', ...(sys.faults.duplicates > 0 ? ['duplicatesLeft'] : []), 'action'];
}

/** One state's vars (without `#meta` and `action`). */
export function itfStateVars(sys: ActorModel, state: Int32Array): Record<string, ItfValue> {
  const d = decodeState(sys, state);
  const out: Record<string, ItfValue> = {};
  for (const l of d.locals) out[l.node] = { value: toItfValue(l.value), context: toItfValue(l.context) };
  out['network'] = networkValue(sys.network.kind, d.messages);
  out['crashed'] = { '#set': d.locals.filter((_, i) => d.crashed[i] === true).map((l) => l.node) };
  if (sys.faults.duplicates > 0) out['duplicatesLeft'] = { '#bigint': String(d.duplicatesLeft) };
  return out;
}

/** The `action` var of the state after `step` (null: the initial state). */
export function itfAction(step: Trace['steps'][number] | null): ItfValue {
  if (step === null) return { tag: 'init', value: { '#tup': [] } };
  return {
    tag: step.kind,
    value: {
      node: step.node,
      label: step.label,
      ...(step.message !== undefined ? { message: toItfValue(step.message) } : {}),
      ...(step.event !== undefined ? { event: toItfValue(step.event) } : {}),
    },
  };
}

export interface ItfTrace {
  readonly '#meta': Record<string, unknown>;
  readonly vars: readonly string[];
  readonly states: readonly Record<string, ItfValue | { index: number }>[];
  readonly loop?: number;
}

/**
 * The ITF document of a run: `states` are the run's state vectors (the
 * initial one first), `trace` its steps (as `replayClaims` rebuilds them).
 */
export function traceToItf(sys: ActorModel, states: readonly Int32Array[], trace: Trace, protocol: string, system?: TraceSystem): ItfTrace {
  const vars = itfVars(sys);
  const out = states.map((v, i) => {
    const s: Record<string, ItfValue | { index: number }> = { '#meta': { index: i }, ...itfStateVars(sys, v), action: itfAction(i === 0 ? null : (trace.steps[i - 1] ?? null)) };
    // The keys in the order of `vars`, after #meta.
    return Object.fromEntries([['#meta', s['#meta']], ...vars.map((k) => [k, s[k]])]) as Record<string, ItfValue | { index: number }>;
  });
  const lasso = trace.lasso;
  return {
    '#meta': {
      format: 'ITF',
      'format-description': ITF_FORMAT_DESCRIPTION,
      source: 'agora',
      description: `Agora: ${protocol}, ${trace.steps.length} steps to a state where ${trace.property} fails`,
      agora: {
        format: AGORA_ITF_FORMAT,
        protocol,
        property: trace.property,
        ...(system !== undefined ? { system } : {}),
        ...(lasso !== undefined ? { lasso } : {}),
        ...(trace.fairness !== undefined ? { fairness: trace.fairness } : {}),
      },
    },
    vars,
    states: out,
    // ITF's lasso: the index of the state the run returns to after the last one.
    ...(lasso?.kind === 'cycle' ? { loop: lasso.loopFrom - 1 } : {}),
  };
}

export function renderItfTrace(itf: ItfTrace): string {
  return JSON.stringify(itf, null, 2);
}
