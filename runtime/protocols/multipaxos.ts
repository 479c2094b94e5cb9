/**
 * Multi-Paxos on sockets: server k hosts proposer pk, acceptor ak and replica
 * rk (PMMC's co-located deployment); the clients are outside the cluster.
 * The nodes are those of `multipaxosSystem` (machines/multipaxos/system.ts),
 * built with n proposers, n acceptors and n replicas, so every node runs the
 * very machine and input the explorer checks.
 *
 * The wire schema (valibot) mirrors `spec/multipaxos/messages.ts` and adds
 * the bounds a real network needs: slots inside the log, sizes capped, a
 * request id of the form `c<client>.<index>`. A compile-time check below
 * keeps the schema and the spec's types equal.
 * NOTE: a schema check cannot tell a well-formed lie from the truth: Multi-Paxos
 *   tolerates crashes, not Byzantine senders, and a connection's identity is
 *   what its hello claims (no TLS or MACs on loopback).
 */
import * as v from 'valibot';
import type { Envelope } from '../../spec/core/envelope.js';
import type { MultiPaxosMessage } from '../../spec/multipaxos/messages.js';
import { requestId } from '../../spec/multipaxos/messages.js';
import type { ProposerState, ReplicaState } from '../../spec/multipaxos/state.js';
import { isMultiPaxosBug } from '../../spec/multipaxos/bugs.js';
import { multipaxosSystem } from '../../machines/multipaxos/system.js';
import type { Checked, ClusterShape, KvOp, RuntimeProtocol } from './types.js';

const MAX_ID = 64;
const MAX_VALUE = 64 * 1024;
const MAX_BATCH = 1024;

function schemaOf(shape: ClusterShape) {
  const node = v.pipe(v.string(), v.maxLength(MAX_ID));
  const ballot = v.pipe(v.number(), v.integer(), v.minValue(-1), v.maxValue(shape.rounds * shape.servers));
  const slot = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(shape.slots - 1));
  const op = v.variant('kind', [
    v.strictObject({ kind: v.literal('write'), value: v.pipe(v.string(), v.maxLength(MAX_VALUE)) }),
    v.strictObject({ kind: v.literal('read') }),
  ]);
  const entry = v.strictObject({ id: v.pipe(v.string(), v.regex(/^c\d{1,9}\.\d{1,9}$/)), op: v.exactOptional(op) });
  const batch = v.pipe(v.array(entry), v.maxLength(MAX_BATCH));
  const vote = v.strictObject({ slot, ballot, batch });
  const base = { from: node, to: node };
  return v.variant('type', [
    v.strictObject({ type: v.literal('mp.request'), ...base, entry }),
    v.strictObject({ type: v.literal('mp.prepare'), ...base, ballot }),
    v.strictObject({ type: v.literal('mp.promise'), ...base, ballot, votes: v.pipe(v.array(vote), v.maxLength(shape.slots)) }),
    v.strictObject({ type: v.literal('mp.accept'), ...base, ballot, slot, batch }),
    v.strictObject({ type: v.literal('mp.accepted'), ...base, ballot, slot, batch }),
    v.strictObject({ type: v.literal('mp.decide'), ...base, slot, batch }),
    v.strictObject({ type: v.literal('mp.reply'), ...base, id: v.pipe(v.string(), v.maxLength(MAX_ID)), result: v.nullable(v.pipe(v.string(), v.maxLength(MAX_VALUE))) }),
  ]);
}

/** The schema's output type equals the spec's message union (each assignable to the other). */
type Frozen<T> = T extends readonly (infer E)[] ? readonly Frozen<E>[] : T extends object ? { readonly [K in keyof T]: Frozen<T[K]> } : T;
type WireMessage = Frozen<v.InferOutput<ReturnType<typeof schemaOf>>>;
const specToWire = (m: MultiPaxosMessage): WireMessage => m;
const wireToSpec = (m: WireMessage): MultiPaxosMessage => m;
void specToWire;
void wireToSpec;

/** Node names: proposer pk, acceptor ak, replica rk live on server k. */
function serverOf(node: string, shape: ClusterShape): number | null {
  const m = /^[par](\d+)$/.exec(node);
  if (m === null) return null;
  const k = Number(m[1]);
  return k < shape.servers ? k : null;
}

const schemas = new Map<string, ReturnType<typeof schemaOf>>();

function check(raw: unknown, shape: ClusterShape): Checked {
  const key = `${shape.servers}/${shape.slots}/${shape.rounds}`;
  let schema = schemas.get(key);
  if (schema === undefined) {
    schema = schemaOf(shape);
    schemas.set(key, schema);
  }
  const r = v.safeParse(schema, raw);
  if (r.success) return { ok: true, msg: r.output };
  const issue = r.issues[0];
  const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
  return { ok: false, reason: `${path === '' ? '' : `${path}: `}${issue.message}` };
}

export const multipaxosRuntime: RuntimeProtocol = {
  name: 'multipaxos',
  system: (shape) => {
    if (shape.bug !== null && !isMultiPaxosBug(shape.bug)) throw new RangeError(`unknown multipaxos bug ${shape.bug}`);
    const n = shape.servers;
    return multipaxosSystem(
      { clients: 1, commands: 1, proposers: n, acceptors: n, replicas: n, slots: shape.slots, rounds: shape.rounds },
      { variant: 'leader', bug: shape.bug },
    );
  },
  serverOf,
  clientsNode: 'clients',
  check,
  request: (client: number, index: number, op: KvOp, server: number): Envelope =>
    ({ type: 'mp.request', from: 'clients', to: `p${server}`, entry: { id: requestId(client, index), op } }) as Envelope,
  requestIdOf: (msg) => (msg.type === 'mp.request' ? (msg as Extract<MultiPaxosMessage, { type: 'mp.request' }>).entry.id : null),
  reply: (msg) => {
    if (msg.type !== 'mp.reply') return null;
    const m = msg as Extract<MultiPaxosMessage, { type: 'mp.reply' }>;
    return { id: m.id, result: m.result };
  },
  requestId,
  timerState: (contexts, server) => {
    const proposer = contexts.get(`p${server}`) as ProposerState | undefined;
    const replica = contexts.get(`r${server}`) as ReplicaState | undefined;
    if (proposer === undefined || replica === undefined) return null;
    const executed = new Set(replica.executed);
    // Work waits when the proposer holds a request this server's replica has not executed, and the log has room for it.
    const full = replica.log.every((b) => b !== null);
    const waiting = !full && proposer.requests.some((e) => !executed.has(e.id));
    return { node: `p${server}`, waiting, progress: replica.executed.length };
  },
};
