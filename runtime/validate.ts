/**
 * `agora validate LOGDIR`: is a real run an execution the model allows?
 *
 * The servers' logs (every event handed to a machine, with what it emitted)
 * and the clients' logs (every invocation and return) are merged, per key
 * (one protocol instance each), into one global trace: events in timestamp
 * order, except that an event waits until what it needs has happened (a
 * delivery until its message was sent, a return until a replica sent that
 * result), which repairs small clock skews between processes. The trace is
 * then replayed on the protocol's model (its `SystemSpec`, built for the
 * logged cluster shape, correct unless a bug variant is named) with the
 * machines' pure step function, xstate's `transition()`:
 * - a delivery must be of a message in flight (sent and not yet delivered:
 *   the model's multiset network), or of a request a client invoked;
 * - an environment event (`TIMEOUT`) must be one the model offers the node
 *   there (`snapshot.can`);
 * - what the node logged as sent must be exactly what the model's machine
 *   sends in that step, as a multiset;
 * - every property of the spec, and linearizability of the clients' history,
 *   must hold in every state.
 * The first step that fails is reported with its file and line.
 * NOTE: a message sent and never delivered is allowed (loss and a restart's
 *   lost messages look so to the model); a restarted server's steps continue
 *   from its state before the kill, since it recovered it from its log.
 * NOTE: linearizability is local (Herlihy & Wing, Theorem 1): the store is
 *   linearizable iff each key's register is, so each key is checked alone.
 */
import { readdirSync } from 'node:fs';
import { initialTransition, transition, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import { sentMessages, type Envelope } from '../spec/core/envelope.js';
import { complete, invoke, type ClientHistory } from '../spec/core/history.js';
import type { Property, SystemView } from '../spec/core/property.js';
import type { EnvironmentEvent, SystemSpec } from '../spec/core/system.js';
import { linearizabilityProperty } from '../explorer/linearizability.js';
import { readLog, type ClientRecord, type ServerRecord } from './log.js';
import { runtimeProtocol } from './protocols/index.js';
import type { ClusterShape, KvOp, KvResult, RuntimeProtocol } from './protocols/types.js';

/** The first thing in the logs the model does not allow. */
export interface ValidationFailure {
  readonly key: string;
  /** 1-based position in the key's merged trace. */
  readonly step: number;
  /** `server-1.jsonl:42`. */
  readonly where: string;
  /** `not-allowed`: the model cannot take this step; `property`: a property fails in the state after it. */
  readonly kind: 'not-allowed' | 'property';
  readonly message: string;
}

export interface ValidationReport {
  readonly protocol: string;
  readonly shape: ClusterShape;
  /** The bug variant the logs were checked against (null: the correct protocol). */
  readonly against: string | null;
  readonly keys: number;
  /** Steps replayed (server steps plus client invocations and returns). */
  readonly steps: number;
  readonly properties: readonly string[];
  /** Lines the servers logged as refused messages (schema, forgery), and steps whose machine threw. */
  readonly refused: number;
  readonly failed: number;
  /** Lines that are not JSON (a write cut short by a kill). */
  readonly truncated: number;
  readonly failure: ValidationFailure | null;
}

type TraceEvent =
  | { readonly kind: 'step'; readonly t: number; readonly where: string; readonly node: string; readonly ev: { readonly type: string }; readonly sent: readonly Envelope[] }
  | { readonly kind: 'invoke'; readonly t: number; readonly where: string; readonly c: number; readonly i: number; readonly op: KvOp }
  | { readonly kind: 'return'; readonly t: number; readonly where: string; readonly c: number; readonly i: number; readonly result: KvResult };

/** JSON with object keys sorted: two equal messages get one key. */
export function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'undefined';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const o = value as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
    .join(',')}}`;
}

class Failure extends Error {
  constructor(
    readonly kind: 'not-allowed' | 'property',
    message: string,
  ) {
    super(message);
  }
}

function describeList(msgs: readonly string[]): string {
  return msgs.length === 0 ? 'nothing' : msgs.join(', ');
}

/** Replays one key's merged trace on the model. */
class KeyReplay {
  private readonly snapshots: AnyMachineSnapshot[];
  private readonly index = new Map<string, number>();
  private readonly inFlight = new Map<string, { msg: Envelope; count: number }>();
  /** Replies sent, by `id|result`: the replicas that sent each. */
  private readonly replies = new Map<string, Set<string>>();
  /** Matching replies from distinct replicas a client's return needs (`RuntimeProtocol.replyQuorum`). */
  private readonly quorum: number;
  private readonly invoked = new Set<string>();
  private history: ClientHistory<KvOp, KvResult> = { clients: [] };
  private readonly clientsSlot: number;
  private readonly verdicts: boolean[];
  steps = 0;

  constructor(
    private readonly spec: SystemSpec,
    private readonly protocol: RuntimeProtocol,
    private readonly properties: readonly Property<SystemView>[],
    private readonly shape: ClusterShape,
  ) {
    this.snapshots = spec.nodes.map((n) => initialTransition(n.logic as AnyStateMachine, n.input)[0]);
    spec.nodes.forEach((n, i) => this.index.set(n.name, i));
    this.clientsSlot = spec.nodes.findIndex((n) => n.name === protocol.clientsNode);
    this.verdicts = properties.map(() => true);
    this.quorum = protocol.replyQuorum?.(shape) ?? 1;
  }

  private view(): SystemView {
    const locals = this.snapshots.map((s, i) => (i === this.clientsSlot ? { ...(s.context as object), history: this.history } : s.context) as unknown);
    return {
      locals,
      crashed: this.snapshots.map(() => false),
      messages: () => [...this.inFlight.values()].flatMap((e) => Array.from({ length: e.count }, () => e.msg)),
    };
  }

  /** Whether `e` can be placed now (what it needs has happened). */
  ready(e: TraceEvent): boolean {
    if (e.kind === 'invoke') return true;
    if (e.kind === 'return') return (this.replies.get(`${this.protocol.requestId(e.c, e.i)}|${canonical(e.result)}`)?.size ?? 0) >= this.quorum;
    if (!('from' in e.ev)) return true;
    const msg = e.ev as Envelope;
    if (msg.from === this.protocol.clientsNode) return this.invoked.has(canonical(msg));
    return (this.inFlight.get(canonical(msg))?.count ?? 0) > 0;
  }

  /** Why `e` can never be placed (when nothing else can be either). */
  whyNot(e: TraceEvent): string {
    if (e.kind === 'return') {
      const what = `client c${e.c} returns ${canonical(e.result)} for ${this.protocol.requestId(e.c, e.i)}`;
      return this.quorum === 1 ? `${what}, but no replica sent that reply` : `${what}, but fewer than ${this.quorum} replicas sent that reply`;
    }
    const msg = (e as Extract<TraceEvent, { kind: 'step' }>).ev as Envelope;
    if (msg.from === this.protocol.clientsNode) return `${msg.to} receives ${canonical(msg)}, a request no client invoked`;
    return `${msg.to} receives ${this.spec.describeMessage(msg)}, which is not in flight (never sent, or already delivered)`;
  }

  apply(e: TraceEvent): void {
    this.steps++;
    let changed: number[];
    if (e.kind === 'invoke') {
      this.history = invoke(this.grow(e.c), e.c, e.op);
      for (let k = 0; k < this.shape.servers; k++) this.invoked.add(canonical(this.protocol.request(e.c, e.i, e.op, k)));
      changed = [this.clientsSlot];
    } else if (e.kind === 'return') {
      this.history = complete(this.grow(e.c), e.c, e.result);
      changed = [this.clientsSlot];
    } else changed = [this.step(e)];
    this.check(changed);
  }

  private grow(c: number): ClientHistory<KvOp, KvResult> {
    const h = this.history;
    return h.clients.length > c ? h : { clients: [...h.clients, ...Array.from({ length: c + 1 - h.clients.length }, () => [])] };
  }

  private step(e: Extract<TraceEvent, { kind: 'step' }>): number {
    const slot = this.index.get(e.node);
    if (slot === undefined || slot === this.clientsSlot) throw new Failure('not-allowed', `the model has no node ${e.node}`);
    const node = this.spec.nodes[slot] as SystemSpec['nodes'][number];
    const snap = this.snapshots[slot] as AnyMachineSnapshot;
    const isMessage = 'from' in e.ev;
    if (!isMessage) {
      const offered = node.environment.some((x: EnvironmentEvent) => canonical(x) === canonical(e.ev));
      if (!offered || !snap.can(e.ev)) throw new Failure('not-allowed', `${e.node} takes ${e.ev.type}, which the model does not offer it in this state`);
    } else {
      const msg = e.ev as Envelope;
      if (msg.to !== e.node) throw new Failure('not-allowed', `${e.node} is handed a message addressed to ${msg.to}`);
      if (msg.from !== this.protocol.clientsNode) {
        const key = canonical(msg);
        const entry = this.inFlight.get(key) as { msg: Envelope; count: number };
        if (--entry.count === 0) this.inFlight.delete(key);
      }
    }
    let next: AnyMachineSnapshot;
    let actions: { type: string; params?: unknown }[];
    try {
      [next, actions] = transition(node.logic as AnyStateMachine, snap, e.ev) as [AnyMachineSnapshot, { type: string; params?: unknown }[]];
    } catch (err) {
      throw new Failure('not-allowed', `the model's ${e.node} throws on this event: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (next.status === 'error') throw new Failure('not-allowed', `the model's ${e.node} fails on this event: ${String((next as { error?: unknown }).error)}`);
    const model = sentMessages(actions);
    const a = e.sent.map(canonical).sort();
    const b = model.map(canonical).sort();
    if (a.join('\n') !== b.join('\n')) {
      const extra = e.sent.filter((m) => !b.includes(canonical(m))).map((m) => this.describe(m));
      const missing = model.filter((m) => !a.includes(canonical(m))).map((m) => this.describe(m));
      throw new Failure(
        'not-allowed',
        `${e.node} sent ${e.sent.length} message(s), the model sends ${model.length} here` +
          (extra.length > 0 ? `; not in the model: ${describeList(extra)}` : '') +
          (missing.length > 0 ? `; missing: ${describeList(missing)}` : ''),
      );
    }
    this.snapshots[slot] = next;
    for (const m of e.sent) {
      const r = m.to === this.protocol.clientsNode ? this.protocol.reply(m) : null;
      if (r !== null) {
        const key = `${r.id}|${canonical(r.result)}`;
        this.replies.set(key, (this.replies.get(key) ?? new Set()).add(m.from));
      }
      const key = canonical(m);
      const entry = this.inFlight.get(key);
      if (entry === undefined) this.inFlight.set(key, { msg: m, count: 1 });
      else entry.count++;
    }
    return slot;
  }

  private describe(m: Envelope): string {
    try {
      return this.spec.describeMessage(m);
    } catch {
      return canonical(m);
    }
  }

  private check(changed: readonly number[]): void {
    const view = this.view();
    this.properties.forEach((p, i) => {
      if (p.reads !== undefined && !p.reads.some((r) => changed.includes(r))) return;
      const holds = p.holds(view);
      if (!holds && this.verdicts[i] === true) {
        this.verdicts[i] = false;
        throw new Failure('property', `property ${p.name} fails: ${p.description}`);
      }
    });
  }
}

interface Stream {
  readonly events: TraceEvent[];
  at: number;
}

/** Validates the logs in `dir` (server-*.jsonl, client-*.jsonl) against the model; `bug` names a bug variant to check against instead. */
export function validateLogs(dir: string, options: { readonly bug?: string | null } = {}): ValidationReport {
  const files = readdirSync(dir).sort();
  const perKey = new Map<string, Stream[]>();
  const streamOf = (key: string, file: string, streams: Map<string, Stream>): Stream => {
    let s = streams.get(key);
    if (s === undefined) {
      s = { events: [], at: 0 };
      streams.set(key, s);
      const list = perKey.get(key) ?? [];
      list.push(s);
      perKey.set(key, list);
    }
    void file;
    return s;
  };
  let protocolName: string | null = null;
  let shape: ClusterShape | null = null;
  let refused = 0;
  let failed = 0;
  let truncated = 0;
  for (const file of files.filter((f) => /^server-\d+\.jsonl$/.test(f))) {
    const streams = new Map<string, Stream>();
    for (const { line, record } of readLog<ServerRecord>(`${dir}/${file}`)) {
      if (record === null) {
        truncated++;
        continue;
      }
      if (record.k === 'boot') {
        protocolName ??= record.protocol;
        shape ??= record.shape;
      } else if (record.k === 'reject') refused++;
      else if (record.k === 'fail') failed++;
      else if (record.k === 'step') {
        streamOf(record.g, file, streams).events.push({ kind: 'step', t: record.t, where: `${file}:${line}`, node: record.node, ev: record.ev, sent: record.sent });
      }
    }
  }
  for (const file of files.filter((f) => /^client-.*\.jsonl$/.test(f))) {
    const streams = new Map<string, Stream>();
    for (const { line, record } of readLog<ClientRecord>(`${dir}/${file}`)) {
      if (record === null) {
        truncated++;
        continue;
      }
      const where = `${file}:${line}`;
      const s = streamOf(record.g, file, streams);
      if (record.k === 'invoke') s.events.push({ kind: 'invoke', t: record.t, where, c: record.c, i: record.i, op: record.op });
      else s.events.push({ kind: 'return', t: record.t, where, c: record.c, i: record.i, result: record.result });
    }
  }
  if (protocolName === null || shape === null) throw new RangeError(`${dir}: no server log (server-<k>.jsonl with a boot line)`);
  const protocol = runtimeProtocol(protocolName);
  const spec = protocol.system({ ...shape, bug: options.bug ?? null });
  const properties = spec.history === undefined ? spec.properties : [...spec.properties, linearizabilityProperty(spec.history)];
  let steps = 0;
  let failure: ValidationFailure | null = null;
  for (const key of [...perKey.keys()].sort()) {
    const streams = perKey.get(key) as Stream[];
    const replay = new KeyReplay(spec, protocol, properties, { ...shape, bug: options.bug ?? null });
    for (;;) {
      let best: Stream | null = null;
      let first: Stream | null = null;
      for (const s of streams) {
        const e = s.events[s.at];
        if (e === undefined) continue;
        if (first === null || e.t < (first.events[first.at] as TraceEvent).t) first = s;
        if (replay.ready(e) && (best === null || e.t < (best.events[best.at] as TraceEvent).t)) best = s;
      }
      if (first === null) break;
      if (best === null) {
        const e = first.events[first.at] as TraceEvent;
        failure = { key, step: replay.steps + 1, where: e.where, kind: 'not-allowed', message: replay.whyNot(e) };
        break;
      }
      const e = best.events[best.at++] as TraceEvent;
      try {
        replay.apply(e);
      } catch (err) {
        if (!(err instanceof Failure)) throw err;
        failure = { key, step: replay.steps, where: e.where, kind: err.kind, message: err.message };
        break;
      }
    }
    steps += replay.steps;
    if (failure !== null) break;
  }
  return {
    protocol: protocol.name,
    shape,
    against: options.bug ?? null,
    keys: perKey.size,
    steps,
    properties: properties.map((p) => p.name),
    refused,
    failed,
    truncated,
    failure,
  };
}

/** The report as text: a verdict line, then what was checked. */
export function renderValidation(r: ValidationReport): string {
  const lines = [
    r.failure === null
      ? `valid: every step is one the ${r.protocol} model allows, and ${r.properties.join(', ')} hold in every state`
      : `INVALID: key ${r.failure.key}, step ${r.failure.step} (${r.failure.where}): ${r.failure.kind === 'property' ? '' : 'the model does not allow this step: '}${r.failure.message}`,
    `model: ${r.protocol}${r.against === null ? '' : ` --bug ${r.against}`}, ${r.shape.servers} servers, ${r.shape.slots} slots, ${r.shape.rounds} rounds per key`,
    `checked: ${r.steps} steps over ${r.keys} keys; ${r.refused} refused messages and ${r.failed} rolled-back steps in the logs${r.truncated > 0 ? `; ${r.truncated} truncated lines skipped` : ''}`,
  ];
  return `${lines.join('\n')}\n`;
}
