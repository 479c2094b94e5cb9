/**
 * Raft (USENIX ATC 2014, Figure 2) as one module: its vocabulary from
 * spec/raft (messages, state, log rules, properties, configurations, bug
 * descriptions) and, from here, its server machine with the clients it
 * serves, the system builder, the bug variants as machine overrides and its
 * registry entry. The package root exports it as `raft`.
 */
export * from '../../spec/raft/index.js';
export { serverMachine } from './server.machine.js';
export { clientsMachine } from '../multipaxos/clients.machine.js';
export { raftSystem, type RaftOptions } from './system.js';
export { RAFT_BUG_SERVERS, raftServer } from './bugs.js';
export { raftProtocol } from './protocol.js';
