/**
 * Agora as a library: the protocol vocabulary (`spec`), the checked XState
 * machines (`machines`) and the explorer that checks them (`explorer`). The
 * same modules are also exported one by one: `agora-consensus/spec`,
 * `agora-consensus/machines`, `agora-consensus/explorer`.
 */
export * as spec from './spec/index.js';
export * as machines from './machines/index.js';
export * as explorer from './explorer/index.js';
