/** PBFT vocabulary (Castro & Liskov, OSDI 1999, §4): see the header of each file for its source. */
export * from './messages.js';
export * from './quorum.js';
export * from './state.js';
export * from './log.js';
export * from './view-change.js';
export * from './adversary.js';
export * from './invariants.js';
export * from './configs.js';
export * from './bugs.js';
export * from './topology.js';
export * from './symmetry.js';
