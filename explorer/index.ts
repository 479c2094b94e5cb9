/**
 * The explorer's public API, for using Agora as a library: check a system,
 * render a trace (running machines live is `runtime/`). The CLI (`cli.ts`) is built on these.
 */
export { check } from './check.js';
export type { CheckOptions, CheckReport, CheckStats, Strategy, Verdict } from './check.js';
export { NO_FAULTS } from './actor-system/faults.js';
export type { FaultOptions } from './actor-system/faults.js';
export type { ReductionReport } from './check.js';
export type { Model, SuccessorVisitor } from './model.js';
export { ActorModel } from './actor-system/actor-model.js';
export type { ActorModelOptions } from './actor-system/actor-model.js';
export { ModelError } from './actor-system/step.js';
export type { LimitName, SearchLimits, SearchProgress } from './search/limits.js';
export type { LocalView, Trace, TraceStep } from './trace.js';
export { renderTextTrace } from './render/text.js';
export { renderJsonTrace, traceToJson, TRACE_FORMAT } from './render/json.js';
export { renderMermaidTrace } from './render/mermaid.js';
export { costTable, measureCost, MAX_DELIVERIES, MAX_ROUNDS } from './cost.js';
export type { CostMeasurement, CostRow, CostTable, LeaderCost, LiteratureCount, MilestoneDelay, RoleCost, TypeCost } from './cost.js';
export { costToJson, renderCostTable, renderLeaderShares } from './render/cost.js';
