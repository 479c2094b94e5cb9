/**
 * Synod (single-decree Paxos, "The Part-Time Parliament" §2) as one module:
 * its vocabulary from spec/synod (messages, state, the safe-value rule,
 * properties, configurations, bug descriptions) and, from here, its role
 * machines, the system builder, the bug variants as machine overrides and
 * its registry entry. The package root exports it as `synod`.
 */
export * from '../../spec/synod/index.js';
export { proposerMachine } from './proposer.machine.js';
export { acceptorMachine, promiseReply } from './acceptor.machine.js';
export { learnerMachine } from './learner.machine.js';
export { synodSystem } from './system.js';
export { SYNOD_BUG_MACHINES, SYNOD_MACHINES, synodMachines, type SynodMachines } from './bugs.js';
export { synodProtocol } from './protocol.js';
