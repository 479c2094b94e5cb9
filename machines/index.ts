/**
 * The protocol registry: name -> entry. Imported only by the CLI (the
 * composition root); the explorer itself knows no protocol.
 */
import type { ProtocolEntry } from '../spec/core/registry.js';
import { multipaxosProtocol } from './multipaxos/protocol.js';
import { pbftProtocol } from './pbft/protocol.js';
import { raftProtocol } from './raft/protocol.js';
import { spaxosProtocol } from './spaxos/protocol.js';
import { synodProtocol } from './synod/protocol.js';
import { vrProtocol } from './vr/protocol.js';

export const PROTOCOLS: readonly ProtocolEntry[] = [synodProtocol, multipaxosProtocol, spaxosProtocol, pbftProtocol, raftProtocol, vrProtocol];

export function findProtocol(name: string): ProtocolEntry | undefined {
  return PROTOCOLS.find((p) => p.name === name);
}

export { proposerMachine } from './synod/proposer.machine.js';
export { acceptorMachine } from './synod/acceptor.machine.js';
export { learnerMachine } from './synod/learner.machine.js';
export { synodSystem } from './synod/system.js';
export { proposerMachine as multipaxosProposerMachine } from './multipaxos/proposer.machine.js';
export { acceptorMachine as multipaxosAcceptorMachine } from './multipaxos/acceptor.machine.js';
export { replicaMachine as multipaxosReplicaMachine } from './multipaxos/replica.machine.js';
export { clientsMachine } from './multipaxos/clients.machine.js';
export { multipaxosSystem } from './multipaxos/system.js';
export { spaxosReplicaMachine } from './spaxos/replica.machine.js';
export { spaxosSystem } from './spaxos/system.js';
export { pbftSystem } from './pbft/system.js';
export { serverMachine as raftServerMachine } from './raft/server.machine.js';
export { raftSystem } from './raft/system.js';
export { replicaMachine as vrReplicaMachine } from './vr/replica.machine.js';
export { vrSystem } from './vr/system.js';
