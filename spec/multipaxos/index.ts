/** Multi-Paxos vocabulary (see the header of each file for its source); S-Paxos reuses it. */
export * from './messages.js';
export * from './register.js';
export * from './state.js';
export * from './log.js';
export * from './invariants.js';
export * from './configs.js';
export * from './bugs.js';
export * from './topology.js';
export * from './symmetry.js';
