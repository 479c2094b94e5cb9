/**
 * What the protocol adapters share: the wire-schema pieces of the
 * replicated-log protocols' messages (Multi-Paxos's, which S-Paxos reuses for
 * ordering ids), a cached schema check, placement by node-name index, and the
 * timer policy of a proposer beside its replica. Nothing here decides what a
 * node does with a message: that stays in the machines.
 */
import * as v from 'valibot';
import type { Envelope } from '../../spec/core/envelope.js';
import { requestId, type ReplyMsg, type RequestMsg } from '../../spec/multipaxos/messages.js';
import type { ProposerState, ReplicaState } from '../../spec/multipaxos/state.js';
import type { Checked, ClusterShape, RuntimeProtocol } from './types.js';

export const MAX_ID = 64;
export const MAX_VALUE = 64 * 1024;
export const MAX_BATCH = 1024;

/** A node name, as a string of bounded length (the host checks placement and forgery). */
export const nodeSchema = v.pipe(v.string(), v.maxLength(MAX_ID));
/** A client request id `c<client>.<index>` (`spec/multipaxos/messages.ts`'s `requestId`). */
export const requestIdSchema = v.pipe(v.string(), v.regex(/^c\d{1,9}\.\d{1,9}$/));
/** A register command (`spec/multipaxos/register.ts`). */
export const opSchema = v.variant('kind', [
  v.strictObject({ kind: v.literal('write'), value: v.pipe(v.string(), v.maxLength(MAX_VALUE)) }),
  v.strictObject({ kind: v.literal('read') }),
]);
/** A register result: `ok`, the value read, or null. */
export const resultSchema = v.nullable(v.pipe(v.string(), v.maxLength(MAX_VALUE)));
/** An integer in [min, max]. */
export const intIn = (min: number, max: number) => v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));

/**
 * One strict object schema per Multi-Paxos message type
 * (`spec/multipaxos/messages.ts`): ballots and slots inside the configured
 * range (a slot outside the log would make `recoverProposals` throw), request
 * ids of the form `c<client>.<index>`, strings and batches capped. S-Paxos
 * sends the same messages on ids (`op` absent).
 */
export function multipaxosMessageSchemas(shape: ClusterShape) {
  const ballot = intIn(-1, shape.rounds * shape.servers);
  const slot = intIn(0, shape.slots - 1);
  const entry = v.strictObject({ id: requestIdSchema, op: v.exactOptional(opSchema) });
  const batch = v.pipe(v.array(entry), v.maxLength(MAX_BATCH));
  const vote = v.strictObject({ slot, ballot, batch });
  const base = { from: nodeSchema, to: nodeSchema };
  return {
    entry,
    base,
    messages: [
      v.strictObject({ type: v.literal('mp.request'), ...base, entry }),
      v.strictObject({ type: v.literal('mp.prepare'), ...base, ballot }),
      v.strictObject({ type: v.literal('mp.promise'), ...base, ballot, votes: v.pipe(v.array(vote), v.maxLength(shape.slots)) }),
      v.strictObject({ type: v.literal('mp.accept'), ...base, ballot, slot, batch }),
      v.strictObject({ type: v.literal('mp.accepted'), ...base, ballot, slot, batch }),
      v.strictObject({ type: v.literal('mp.decide'), ...base, slot, batch }),
      v.strictObject({ type: v.literal('mp.reply'), ...base, id: v.pipe(v.string(), v.maxLength(MAX_ID)), result: resultSchema }),
    ] as const,
  };
}

/** Deeply readonly: the spec's message types are, the schema's outputs are not. */
export type Frozen<T> = T extends readonly (infer E)[] ? readonly Frozen<E>[] : T extends object ? { readonly [K in keyof T]: Frozen<T[K]> } : T;

/**
 * `true` exactly when a wire schema's output (made deeply readonly) and a
 * spec's message union are each assignable to the other: an adapter declares
 * `const same: SameMessages<typeof schema, SpecMessage> = true`, which does
 * not compile once the two drift apart.
 */
export type SameMessages<S extends v.GenericSchema, M> = [Frozen<v.InferOutput<S>>] extends [M] ? ([M] extends [Frozen<v.InferOutput<S>>] ? true : false) : false;

/**
 * The `check` of an adapter: its schema (built once per cluster shape) run
 * with valibot's `safeParse`; the first issue, with its path, is the reason.
 */
export function schemaCheck(schemaOf: (shape: ClusterShape) => v.GenericSchema): (raw: unknown, shape: ClusterShape) => Checked {
  const schemas = new Map<string, v.GenericSchema>();
  return (raw, shape) => {
    const key = `${shape.servers}/${shape.slots}/${shape.rounds}`;
    let schema = schemas.get(key);
    if (schema === undefined) {
      schema = schemaOf(shape);
      schemas.set(key, schema);
    }
    const r = v.safeParse(schema, raw);
    if (r.success) return { ok: true, msg: r.output as Envelope };
    const issue = r.issues[0];
    const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
    return { ok: false, reason: `${path === '' ? '' : `${path}: `}${issue.message}` };
  };
}

/** Placement by name: node `<letter><k>` (a letter of `letters`) lives on server k; anything else on none. */
export function serverByIndex(letters: string): (node: string, shape: ClusterShape) => number | null {
  const pattern = new RegExp(`^[${letters}](\\d{1,3})$`);
  return (node, shape) => {
    const m = pattern.exec(node);
    if (m === null) return null;
    const k = Number(m[1]);
    return k < shape.servers ? k : null;
  };
}

/**
 * The timer of a proposer pk beside its replica rk (Multi-Paxos, S-Paxos):
 * work waits when the proposer holds a request that is not `done` at the
 * replica and the log has room for it; progress is how many are done.
 */
export function proposerTimer(
  contexts: ReadonlyMap<string, unknown>,
  server: number,
  done: (replica: Pick<ReplicaState, 'log' | 'executed'>) => readonly string[],
): { readonly node: string; readonly waiting: boolean; readonly progress: number } | null {
  const proposer = contexts.get(`p${server}`) as ProposerState | undefined;
  const replica = contexts.get(`r${server}`) as Pick<ReplicaState, 'log' | 'executed'> | undefined;
  if (proposer === undefined || replica === undefined) return null;
  const ids = done(replica);
  const finished = new Set(ids);
  const full = replica.log.every((b) => b !== null);
  const waiting = !full && proposer.requests.some((e) => !finished.has(e.id));
  return { node: `p${server}`, waiting, progress: ids.length };
}

/**
 * The client's side of the replicated-log protocols: a request is an
 * `mp.request` from the clients node carrying the entry (id and command) to
 * `target(server)` (Multi-Paxos: proposer pk; S-Paxos: replica rk, which
 * becomes its coordinator); a reply is an `mp.reply`.
 */
export function replicatedLogClient(target: (server: number) => string): Pick<RuntimeProtocol, 'clientsNode' | 'request' | 'requestIdOf' | 'reply' | 'requestId'> {
  return {
    clientsNode: 'clients',
    request: (client, index, op, server) => ({ type: 'mp.request', from: 'clients', to: target(server), entry: { id: requestId(client, index), op } }) as RequestMsg,
    requestIdOf: (msg) => (msg.type === 'mp.request' ? (msg as RequestMsg).entry.id : null),
    reply: (msg) => {
      if (msg.type !== 'mp.reply') return null;
      const m = msg as ReplyMsg;
      return { id: m.id, result: m.result };
    },
    requestId,
  };
}
