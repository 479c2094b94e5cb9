/**
 * PBFT (OSDI 1999 §4) as one module: its vocabulary from spec/pbft
 * (messages, quorums, state, log and view-change rules, the adversary,
 * properties, configurations, bug descriptions) and, from here, its replica
 * and clients machines, the system builder, the bug variant as a machine
 * override and its registry entry. The package root exports it as `pbft`.
 */
export * from '../../spec/pbft/index.js';
export { initialReplicaState, replicaMachine } from './replica.machine.js';
export { clientsMachine } from './clients.machine.js';
export { pbftSystem, type PbftOptions } from './system.js';
export { PBFT_BUG_REPLICAS, pbftReplica } from './bugs.js';
export { pbftProtocol } from './protocol.js';
