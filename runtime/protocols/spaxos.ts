/**
 * S-Paxos on sockets: server k hosts replica rk (dissemination and
 * execution), proposer pk and acceptor ak (the Multi-Paxos ordering layer,
 * on ids), as the paper deploys them (SRDS 2012 §IV: every replica runs a
 * proposer and an acceptor). The nodes are those of `spaxosSystem`
 * (machines/spaxos/system.ts) with n replicas, n proposers and n acceptors,
 * so every node runs the very machine and input the explorer checks.
 *
 * The wire schema is Multi-Paxos's (shared, `shared.ts`) plus the two
 * dissemination messages of `spec/spaxos/messages.ts`, `sp.forward` (a
 * request with its command) and `sp.ack` (an id); a compile-time check keeps
 * it equal to the spec's message union.
 * NOTE: the client sends each request to every replica, and each becomes a
 *   coordinator of it (forwards it, answers it); the paper's client talks to
 *   one replica and moves to another when it times out. Sending to all is the
 *   same messages in the model's terms (a client request to a replica), and
 *   keeps a request alive when its coordinator is killed.
 * NOTE: the timer fires at proposer pk when it holds an id (handed over by
 *   rk once stable) that rk has not seen decided: the ordering layer's
 *   failure detector. An id decided but not executable (its request never
 *   reached rk, e.g. rk was down: the model recovers no request) is not the
 *   ordering layer's business.
 */
import * as v from 'valibot';
import type { SPaxosMessage } from '../../spec/spaxos/messages.js';
import { isSPaxosBug } from '../../spec/spaxos/bugs.js';
import { spaxosSystem } from '../../machines/spaxos/system.js';
import { multipaxosMessageSchemas, proposerTimer, replicatedLogClient, requestIdSchema, schemaCheck, serverByIndex, type SameMessages } from './shared.js';
import type { ClusterShape, RuntimeProtocol } from './types.js';

function schemaOf(shape: ClusterShape) {
  const mp = multipaxosMessageSchemas(shape);
  return v.variant('type', [
    ...mp.messages,
    v.strictObject({ type: v.literal('sp.forward'), ...mp.base, entry: mp.entry }),
    v.strictObject({ type: v.literal('sp.ack'), ...mp.base, id: requestIdSchema }),
  ]);
}

/** The schema's output type equals the spec's message union (each assignable to the other). */
const sameMessages: SameMessages<ReturnType<typeof schemaOf>, SPaxosMessage> = true;
void sameMessages;

export const spaxosRuntime: RuntimeProtocol = {
  name: 'spaxos',
  system: (shape) => {
    if (shape.bug !== null && !isSPaxosBug(shape.bug)) throw new RangeError(`unknown spaxos bug ${shape.bug}`);
    const n = shape.servers;
    return spaxosSystem({ clients: 1, commands: 1, replicas: n, proposers: n, slots: shape.slots, rounds: shape.rounds }, { variant: 'leader', bug: shape.bug, batch: shape.batch ?? 1 });
  },
  // Any replica coordinates a request: spread the clients over them.
  firstServer: (client, shape) => client % shape.servers,
  // Replica rk, proposer pk and acceptor ak live on server k.
  serverOf: serverByIndex('par'),
  check: schemaCheck(schemaOf),
  ...replicatedLogClient((server) => `r${server}`),
  // Work waits when the proposer holds an id that this server's replica has not seen decided.
  timerState: (contexts, server) => proposerTimer(contexts, server, (replica) => replica.log.flatMap((b) => (b ?? []).map((e) => e.id))),
};
