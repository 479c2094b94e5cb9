/**
 * The runtime's public API: the machines outside the checker. `runLive` runs a
 * system in memory under a seeded schedule; `Cluster`, `Host`, `KvClient` and
 * `runLoad` run it as a real cluster on loopback sockets; `validateLogs`
 * checks a real run's logs against the model. It imports machines/ and spec/
 * (and the generic linearizability checker), never the search.
 */
export { runLive, seededRandom, InMemoryTransport, LiveError } from './live.js';
export type { LiveOptions, LiveResult, LiveStatus, LiveStep, Random } from './live.js';
export { Cluster } from './cluster.js';
export type { ClusterFile, ClusterOptions } from './cluster.js';
export { Host } from './host.js';
export type { HostConfig } from './host.js';
export { allocateClientNumbers, DEFAULT_TIMING, HistoryRecorder, KvClient, KvSession } from './client.js';
export type { OpOutcome, SessionTiming } from './client.js';
export { runLoad } from './load.js';
export type { LoadOptions, LoadReport } from './load.js';
export { renderValidation, validateLogs } from './validate.js';
export type { ValidationFailure, ValidationReport } from './validate.js';
export { RUNTIME_PROTOCOLS, runtimeProtocol } from './protocols/index.js';
export type { ClusterShape, KvOp, KvResult, RuntimeProtocol } from './protocols/types.js';
export { encodeFrame, FrameDecoder, MAX_FRAME_BYTES } from './frame.js';
export { NO_NETWORK_FAULTS } from './transport.js';
export type { NetworkFaults } from './transport.js';
