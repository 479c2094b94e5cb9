/**
 * Agora as a library. One namespace per protocol — `synod`, `multipaxos`,
 * `spaxos`, `pbft`, `raft`, `vr` — each with its machines, system builder,
 * messages, properties, configurations and bug variants
 * (`machines/<protocol>/index.ts`); and the trees as a whole: the protocol
 * vocabulary (`spec`), every machine and the protocol registry
 * (`machines`), the explorer that checks them (`explorer`), and the runtime
 * that runs them on real sockets (`runtime`). The trees are also exported
 * one by one: `agora-consensus/spec`, `agora-consensus/machines`,
 * `agora-consensus/explorer`. docs/library.md shows them in use.
 */
export * as synod from './machines/synod/index.js';
export * as multipaxos from './machines/multipaxos/index.js';
export * as spaxos from './machines/spaxos/index.js';
export * as pbft from './machines/pbft/index.js';
export * as raft from './machines/raft/index.js';
export * as vr from './machines/vr/index.js';
export * as spec from './spec/index.js';
export * as machines from './machines/index.js';
export * as explorer from './explorer/index.js';
export * as runtime from './runtime/index.js';
