/**
 * The protocol vocabulary, free of xstate: shared core types and each
 * protocol's messages, state, maths, properties and configurations.
 */
export type { NodeId } from './core/ids.js';
export type { Envelope, SendEvent } from './core/envelope.js';
export type { Property, SystemView } from './core/property.js';
export { always } from './core/property.js';
export type { EnvironmentEvent, NetworkKind, NodeSpec, SystemSpec } from './core/system.js';
export { NETWORK_KINDS } from './core/system.js';
export type { Ignores, NodeState, Rename, SymmetrySpec, Topology } from './core/symmetry.js';
export type { NamedConfig, ProtocolEntry, ProtocolParameter } from './core/registry.js';
export * as synod from './synod/index.js';
export * as multipaxos from './multipaxos/index.js';
export type { ClientHistory, HistoryOp, HistorySpec, SequentialSpec } from './core/history.js';
export * as spaxos from './spaxos/index.js';
export * as raft from './raft/index.js';
export * as vr from './vr/index.js';
