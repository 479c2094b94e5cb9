/** Viewstamped Replication vocabulary (Liskov & Cowling, "Viewstamped Replication Revisited", MIT TR 2012; see the header of each file for its section). */
export * from './messages.js';
export * from './state.js';
export * from './log.js';
export * from './invariants.js';
export * from './configs.js';
export * from './bugs.js';
