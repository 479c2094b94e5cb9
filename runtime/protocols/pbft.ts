/**
 * PBFT on sockets: server k hosts replica rk of `pbftSystem`
 * (machines/pbft/system.ts) built with n = servers replicas, none of them
 * Byzantine, and the largest f they tolerate, f = floor((n-1)/3) (n = 4:
 * f = 1); sequence numbers 1..slots per key, and `rounds` views led by each
 * replica (views 0..rounds·n-1). Every node runs the very machine and input
 * the explorer checks.
 *
 * The client sends each request to every replica (as the model's clients
 * do) and takes a result once f+1 distinct replicas sent matching replies
 * (`replyQuorum`, the model's own `quorumsOf(n, f).reply`: 1 under
 * `--bug client-one-reply`), each checked to come from the server whose
 * connection it arrived on.
 *
 * The wire schema mirrors `spec/pbft/messages.ts` with the bounds a real
 * network needs (views and sequence numbers inside the configured range,
 * certificate and assignment lists no longer than the sequence numbers, V no
 * longer than the replicas, request ids `c<client>.<index>`); a compile-time
 * check keeps it equal to the spec's message union. In a Byzantine protocol
 * the schema is the first line of defence: what passes it is then judged by
 * the machine's own guards (a pre-prepare for a request the backup never got
 * from a client, a new-view whose O is not what its V implies, ...).
 * NOTE: a replica whose message overtook the one it depends on (a
 *   pre-prepare its client's request, a prepare of view v+1 the new-view of
 *   v+1) would drop it in the model; here the host holds such messages back
 *   and offers them again (`holdBack`), as a network that delivers later.
 * NOTE: authenticated channels are assumed (the hello names the sender); the
 *   model has no signatures either (spec/pbft/messages.ts).
 * NOTE: no checkpoints or state transfer (the model has none, §4.3): a
 *   replica that missed messages (killed and restarted) stays behind and
 *   counts as one of the f faulty ones.
 */
import * as v from 'valibot';
import { requestId } from '../../spec/multipaxos/messages.js';
import { isPbftBug } from '../../spec/pbft/bugs.js';
import type { PbftMessage, ReplyMsg, RequestMsg } from '../../spec/pbft/messages.js';
import { maxFaults, quorumsOf } from '../../spec/pbft/quorum.js';
import type { ReplicaState } from '../../spec/pbft/state.js';
import { pbftSystem } from '../../machines/pbft/system.js';
import { intIn, MAX_ID, nodeSchema, opSchema, requestIdSchema, resultSchema, schemaCheck, serverByIndex, type SameMessages } from './shared.js';
import type { ClusterShape, RuntimeProtocol } from './types.js';

/** The views of a cluster: each replica may lead `rounds` of them. */
function viewsOf(shape: ClusterShape): number {
  return shape.rounds * shape.servers;
}

function schemaOf(shape: ClusterShape) {
  const view = intIn(0, viewsOf(shape) - 1);
  const seq = intIn(1, shape.slots);
  const request = v.strictObject({ id: requestIdSchema, op: opSchema });
  const digest = v.nullable(requestIdSchema);
  const certificate = v.strictObject({ view, seq, request: v.nullable(request) });
  const prepared = v.pipe(v.array(certificate), v.maxLength(shape.slots));
  const base = { from: nodeSchema, to: nodeSchema };
  return v.variant('type', [
    v.strictObject({ type: v.literal('pbft.request'), ...base, request }),
    v.strictObject({ type: v.literal('pbft.pre-prepare'), ...base, view, seq, request }),
    v.strictObject({ type: v.literal('pbft.prepare'), ...base, view, seq, digest }),
    v.strictObject({ type: v.literal('pbft.commit'), ...base, view, seq, digest }),
    v.strictObject({ type: v.literal('pbft.reply'), ...base, id: v.pipe(v.string(), v.maxLength(MAX_ID)), result: resultSchema }),
    v.strictObject({ type: v.literal('pbft.view-change'), ...base, view, prepared }),
    v.strictObject({
      type: v.literal('pbft.new-view'),
      ...base,
      view,
      viewChanges: v.pipe(v.array(v.strictObject({ from: nodeSchema, prepared })), v.maxLength(shape.servers)),
      preprepares: v.pipe(v.array(v.strictObject({ seq, request: v.nullable(request) })), v.maxLength(shape.slots)),
    }),
  ]);
}

/** The schema's output type equals the spec's message union (each assignable to the other). */
const sameMessages: SameMessages<ReturnType<typeof schemaOf>, PbftMessage> = true;
void sameMessages;

export const pbftRuntime: RuntimeProtocol = {
  name: 'pbft',
  defaultServers: 4,
  defaultTimeoutMs: 300,
  system: (shape) => {
    if (shape.bug !== null && !isPbftBug(shape.bug)) throw new RangeError(`unknown pbft bug ${shape.bug}`);
    if ((shape.batch ?? 1) !== 1) throw new RangeError(`pbft takes no --batch (the model's primary orders one request per sequence number), got ${shape.batch}`);
    const n = shape.servers;
    return pbftSystem(
      { clients: 1, commands: 1, replicas: n, faulty: 0, f: maxFaults(n), seqs: shape.slots, views: viewsOf(shape), faultyPrimary: false },
      { bug: shape.bug },
    );
  },
  // The primary of view 0.
  firstServer: () => 0,
  // Replica rk lives on server k.
  serverOf: serverByIndex('r'),
  clientsNode: 'clients',
  check: schemaCheck(schemaOf),
  request: (client, index, op, server) => ({ type: 'pbft.request', from: 'clients', to: `r${server}`, request: { id: requestId(client, index), op } }) as RequestMsg,
  requestIdOf: (msg) => (msg.type === 'pbft.request' ? (msg as RequestMsg).request.id : null),
  reply: (msg) => {
    if (msg.type !== 'pbft.reply') return null;
    const m = msg as ReplyMsg;
    return { id: m.id, result: m.result };
  },
  replyQuorum: (shape) => quorumsOf(shape.servers, maxFaults(shape.servers), shape.bug !== null && isPbftBug(shape.bug) ? shape.bug : null).reply,
  holdBack: true,
  requestId,
  // The view-change timer (§4.4): in the normal status it runs while a backup holds a request it has not executed; in a view
  // change, only once the replica holds view-change messages for its new view from a quorum (2f+1, its own included), so that a
  // replica that timed out alone waits for the others instead of moving on through the views by itself. It restarts, its
  // backoff kept, when the replica enters a view or starts a view change (the epoch: view and status). The machine says
  // whether TIMEOUT may be taken at all (`snapshot.can`).
  timerState: (contexts, server, states) => {
    const node = `r${server}`;
    const r = contexts.get(node) as ReplicaState | undefined;
    if (r === undefined) return null;
    const status = String(states.get(node));
    const executed = new Set(r.executed);
    const waiting =
      status === 'changing' ? r.viewChanges.filter((e) => e.view === r.view).length >= r.cfg.quorum : r.requests.some((q) => !executed.has(q.id));
    return { node, waiting, progress: r.executed.length, epoch: `${r.view}:${status}` };
  },
};
