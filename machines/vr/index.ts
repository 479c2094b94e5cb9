/**
 * Viewstamped Replication Revisited (MIT TR 2012, §4) as one module: its
 * vocabulary from spec/vr (messages, state, log rules, properties,
 * configurations, bug descriptions) and, from here, its replica machine with
 * the clients it serves, the system builder, the bug variants as machine
 * overrides and its registry entry. The package root exports it as `vr`.
 */
export * from '../../spec/vr/index.js';
export { replicaMachine, hasDoViewChanges } from './replica.machine.js';
export { clientsMachine } from '../multipaxos/clients.machine.js';
export { vrSystem, type VrOptions } from './system.js';
export { VR_BUG_REPLICAS, vrReplica } from './bugs.js';
export { vrProtocol } from './protocol.js';
