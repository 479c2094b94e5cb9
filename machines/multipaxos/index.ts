/**
 * Multi-Paxos ("Paxos Made Simple" §3, PMMC) as one module: its vocabulary
 * from spec/multipaxos (messages, the register, state, log maths,
 * properties, configurations, bug descriptions) and, from here, its role
 * machines, the system builder, the bug variants as machine overrides and
 * its registry entry. The package root exports it as `multipaxos`.
 */
export * from '../../spec/multipaxos/index.js';
export { proposerMachine } from './proposer.machine.js';
export { acceptorMachine } from './acceptor.machine.js';
export { replicaMachine } from './replica.machine.js';
export { clientsMachine } from './clients.machine.js';
export { multipaxosSystem, type MultiPaxosOptions } from './system.js';
export { MULTIPAXOS_BUG_PROPOSERS, multipaxosProposer } from './bugs.js';
export { multipaxosProtocol } from './protocol.js';
