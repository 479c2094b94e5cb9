/** The Synod's vocabulary (see the header of each file for its source). */
export * from './messages.js';
export * from './state.js';
export * from './safe-value.js';
export * from './invariants.js';
export * from './configs.js';
export * from './bugs.js';
export * from './topology.js';
export * from './symmetry.js';
export * from './quotient.js';
