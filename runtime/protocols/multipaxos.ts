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
import type { MultiPaxosMessage } from '../../spec/multipaxos/messages.js';
import { isMultiPaxosBug } from '../../spec/multipaxos/bugs.js';
import { multipaxosSystem } from '../../machines/multipaxos/system.js';
import { multipaxosMessageSchemas, proposerTimer, replicatedLogClient, schemaCheck, serverByIndex, type SameMessages } from './shared.js';
import type { ClusterShape, RuntimeProtocol } from './types.js';

function schemaOf(shape: ClusterShape) {
  return v.variant('type', multipaxosMessageSchemas(shape).messages);
}

/** The schema's output type equals the spec's message union (each assignable to the other). */
const sameMessages: SameMessages<ReturnType<typeof schemaOf>, MultiPaxosMessage> = true;
void sameMessages;

export const multipaxosRuntime: RuntimeProtocol = {
  name: 'multipaxos',
  system: (shape) => {
    if (shape.bug !== null && !isMultiPaxosBug(shape.bug)) throw new RangeError(`unknown multipaxos bug ${shape.bug}`);
    const n = shape.servers;
    return multipaxosSystem(
      { clients: 1, commands: 1, proposers: n, acceptors: n, replicas: n, slots: shape.slots, rounds: shape.rounds },
      { variant: 'leader', bug: shape.bug, batch: shape.batch ?? 1 },
    );
  },
  // The leader of ballot 0.
  firstServer: () => 0,
  // Proposer pk, acceptor ak and replica rk live on server k.
  serverOf: serverByIndex('par'),
  check: schemaCheck(schemaOf),
  // Clients send each request to every proposer, as the model's clients do.
  ...replicatedLogClient((server) => `p${server}`),
  // Work waits when the proposer holds a request this server's replica has not executed.
  timerState: (contexts, server) => proposerTimer(contexts, server, (replica) => replica.executed),
};
