/**
 * S-Paxos (SRDS 2012) as one module: its vocabulary from spec/spaxos
 * (messages, state, properties, configurations, bug descriptions) and, from
 * here, its replica machine with the Multi-Paxos proposer, acceptor and
 * clients it runs with, the system builder, the bug variant as a machine
 * override and its registry entry. The package root exports it as `spaxos`.
 */
export * from '../../spec/spaxos/index.js';
export { spaxosReplicaMachine, orderStable, type OrderRule } from './replica.machine.js';
export { proposerMachine } from '../multipaxos/proposer.machine.js';
export { acceptorMachine } from '../multipaxos/acceptor.machine.js';
export { clientsMachine } from '../multipaxos/clients.machine.js';
export { spaxosSystem, type SPaxosOptions } from './system.js';
export { SPAXOS_BUG_REPLICAS, spaxosReplica } from './bugs.js';
export { spaxosProtocol } from './protocol.js';
