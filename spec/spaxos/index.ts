/** S-Paxos vocabulary: dissemination on top of the Multi-Paxos ordering (see each file's header). */
export * from './messages.js';
export * from './state.js';
export * from './invariants.js';
export * from './configs.js';
export * from './bugs.js';
export * from './topology.js';
export * from './symmetry.js';
