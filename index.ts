/**
 * Agora as a library: the protocol vocabulary (`spec`), the checked XState
 * machines (`machines`), the explorer that checks them (`explorer`), and the
 * runtime that runs them on real sockets (`runtime`). The
 * same modules are also exported one by one: `agora-consensus/spec`,
 * `agora-consensus/machines`, `agora-consensus/explorer`.
 */
export * as spec from './spec/index.js';
export * as machines from './machines/index.js';
export * as explorer from './explorer/index.js';
export * as runtime from './runtime/index.js';
