/**
 * Random simulation: seeded random walks (`walk.ts`) on an actor system too
 * big to exhaust, each run reproducible from (seed, run number); a violation
 * is shrunk (`shrink.ts`) and rendered as the exhaustive checker renders its
 * counterexamples (`schedule.ts` -> `../trace.ts`).
 *
 * This module is the part every thread shares: `SimulationCore` (one model,
 * one walker, the counters) and the loop over runs. `simulateHere` runs it
 * in the calling thread; `pool.ts` runs it in worker threads and merges
 * their results into the same report. Either way the violation reported is
 * the one of the lowest-numbered failing run, so a seed gives the same
 * counterexample whatever the number of workers.
 *
 * It prints nothing, and never says a property holds: a simulation samples
 * executions, it does not exhaust them.
 */
import type { Property, SystemView } from '../../spec/core/property.js';
import type { NetworkKind, SystemSpec } from '../../spec/core/system.js';
import { StepKind } from '../actor-system/actions.js';
import { ActorModel } from '../actor-system/actor-model.js';
import { NO_FAULTS, type FaultOptions } from '../actor-system/faults.js';
import { checkedProperties } from '../check.js';
import type { Trace } from '../trace.js';
import { collectCoverage, coverageReport, CoverageCounter, type CoverageData, type CoverageReport } from './coverage.js';
import { RunRandom } from './random.js';
import { scheduleTrace, toPortable, type PortableStep } from './schedule.js';
import { shrinkSchedule } from './shrink.js';
import { describeWeights, swarmWeights, type KindWeights } from './swarm.js';
import { Walker, type WalkOutcome } from './walk.js';

/** The largest run number (run numbers are shared between threads as int32). */
export const MAX_RUN = 2 ** 30;

/** What a simulation runs: plain data, the same in every thread. */
export interface SimulationOptions {
  readonly faults?: FaultOptions;
  /** Default: the protocol's network, else multiset. */
  readonly network?: NetworkKind;
  readonly seed: number;
  /** How many runs, numbered from `firstRun`. */
  readonly runs: number;
  /** The first run's number (default 0); `--run R` replays run R alone. */
  readonly firstRun?: number;
  /** Steps per walk at most. */
  readonly maxSteps: number;
  /** Swarm testing: each run draws its own step-kind weights (`swarm.ts`). */
  readonly swarm?: boolean;
  /** Stop after this many seconds (default: none). */
  readonly maxSeconds?: number;
  /** Candidate schedules the shrinker may test (default 20,000). */
  readonly maxShrinkTests?: number;
}

/** Counters of one thread (or of all, merged). */
export interface Tally {
  /** Runs walked to their end (a violation, a deadlock or the step bound). */
  runs: number;
  /** Steps taken, in all walks (interrupted ones included). */
  steps: number;
  /** Runs that ended with no step enabled. */
  deadlocks: number;
  /** Runs cut at `maxSteps`. */
  maxedOut: number;
  /** Runs that violated a property. */
  violations: number;
}

export function emptyTally(): Tally {
  return { runs: 0, steps: 0, deadlocks: 0, maxedOut: 0, violations: 0 };
}

export function addTally(a: Tally, b: Tally): Tally {
  return { runs: a.runs + b.runs, steps: a.steps + b.steps, deadlocks: a.deadlocks + b.deadlocks, maxedOut: a.maxedOut + b.maxedOut, violations: a.violations + b.violations };
}

/** A violating run, shrunk: plain data (it crosses threads). */
export interface FoundViolation {
  readonly run: number;
  /** The index of the property violated (in `checkedProperties` order). */
  readonly property: number;
  /** Steps of the run up to the violation, before shrinking. */
  readonly length: number;
  /** The shrunk schedule. */
  readonly steps: readonly PortableStep[];
  /** Candidate schedules the shrinker tested, and whether its budget ran out first. */
  readonly shrinkTests: number;
  readonly shrinkCut: boolean;
  /** The run's swarm weights by kind, or null without swarm. */
  readonly weights: Readonly<Record<string, number>> | null;
}

/** The model a simulation walks: the system's properties (with linearizability), no reductions. */
export function simulationModel(spec: SystemSpec, options: Pick<SimulationOptions, 'faults' | 'network'>): ActorModel {
  return new ActorModel(spec, {
    faults: options.faults ?? NO_FAULTS,
    properties: checkedProperties(spec),
    ...(options.network !== undefined ? { network: options.network } : {}),
    symmetry: false,
    por: false,
  });
}

/** One thread's simulation state: a model, a walker over it, and what the walks took. */
export class SimulationCore {
  readonly model: ActorModel;
  readonly coverage = new CoverageCounter();
  readonly tally: Tally = emptyTally();
  private readonly walker: Walker;
  private readonly options: SimulationOptions;

  constructor(spec: SystemSpec, options: SimulationOptions) {
    this.options = options;
    this.model = simulationModel(spec, options);
    this.walker = new Walker(this.model, this.coverage);
  }

  /** Walks run `run`. */
  run(run: number, stop: () => boolean): { outcome: WalkOutcome; weights: KindWeights | null } {
    const rng = new RunRandom(this.options.seed, run);
    const weights = this.options.swarm === true ? swarmWeights(rng) : null;
    const outcome = this.walker.walk(rng, weights, this.options.maxSteps, stop);
    const t = this.tally;
    t.steps += outcome.length;
    if (outcome.end !== 'stopped') t.runs++;
    if (outcome.end === 'deadlock') t.deadlocks++;
    else if (outcome.end === 'max-steps') t.maxedOut++;
    else if (outcome.end === 'violation') t.violations++;
    return { outcome, weights };
  }

  /** Shrinks the walk just taken by run `run`, which ended in a violation. */
  shrink(run: number, outcome: WalkOutcome, weights: KindWeights | null): FoundViolation {
    const steps = this.walker.trailOf(outcome.length);
    const shrunk = shrinkSchedule(this.model, steps, outcome.property, this.options.maxShrinkTests);
    return {
      run,
      property: outcome.property,
      length: outcome.length,
      steps: shrunk.items.map((s) => toPortable(this.model, s)),
      shrinkTests: shrunk.tests,
      shrinkCut: shrunk.cut,
      weights: weights === null ? null : describeWeights(weights, this.possibleKinds()),
    };
  }

  /** The step kinds this system can take at all, given its faults and adversary. */
  possibleKinds(): StepKind[] {
    const { faults, adversary } = this.model;
    return [
      StepKind.Environment,
      StepKind.Deliver,
      ...(faults.duplicates > 0 ? [StepKind.Duplicate] : []),
      ...(faults.lossy ? [StepKind.Drop] : []),
      ...(faults.crashes > 0 ? [StepKind.Crash] : []),
      ...((faults.recoveries ?? 0) > 0 ? [StepKind.Restart] : []),
      ...(adversary.byzantine.includes(1) ? [StepKind.Byzantine] : []),
    ];
  }

  coverageData(): CoverageData {
    return collectCoverage(this.model, this.coverage);
  }
}

/** How a thread takes part in a simulation (`runClaimed`). */
export interface RunHooks {
  /** The next run number to walk, or -1 when there is none. */
  claim(): number;
  /** Whether to stop before (or while) walking run `run`: polled between runs and during long walks. */
  stop(run: number): boolean;
  /** Run `run` failed; called before it is shrunk (another thread may stop walking higher runs). */
  failed?(run: number): void;
  /** A failing run, shrunk. */
  found(violation: FoundViolation): void;
  /** Called after every run (progress reports). */
  tick?(): void;
}

/** Walks claimed runs until there are none left or `stop` says so. */
export function runClaimed(core: SimulationCore, hooks: RunHooks): void {
  for (;;) {
    const run = hooks.claim();
    if (run < 0 || hooks.stop(run)) return;
    const { outcome, weights } = core.run(run, () => hooks.stop(run));
    if (outcome.end === 'violation') {
      hooks.failed?.(run);
      hooks.found(core.shrink(run, outcome, weights));
    }
    hooks.tick?.();
  }
}

/** Why a simulation stopped. */
export type StopReason = 'violation' | 'runs' | 'max-seconds' | 'interrupt';

/** The outcome of a simulation, as the CLI and the renderers see it. */
export interface SimulationReport {
  readonly protocol: string;
  readonly faults: FaultOptions;
  readonly network: NetworkKind;
  readonly seed: number;
  readonly swarm: boolean;
  readonly maxSteps: number;
  /** Worker threads (0: the calling thread). */
  readonly workers: number;
  readonly firstRun: number;
  /** Runs asked for. */
  readonly runsAsked: number;
  /** Never "holds": a simulation that finds nothing has not proved anything. */
  readonly status: 'violated' | 'no-violation-found';
  readonly stoppedBy: StopReason;
  readonly properties: readonly { readonly name: string; readonly description: string; readonly verdict: 'violated' | 'not violated in these runs' }[];
  readonly stats: Tally & { readonly seconds: number; readonly runsPerSecond: number; readonly stepsPerSecond: number };
  readonly coverage: CoverageReport;
  readonly violation?: FoundViolation & {
    readonly propertyName: string;
    /** The shrunk schedule, rendered like an exhaustive counterexample. */
    readonly trace: Trace;
  };
}

/** Assembles the report (in the main thread: it replays the violation to build its trace). */
export function assembleReport(
  model: ActorModel,
  options: SimulationOptions,
  workers: number,
  tally: Tally,
  coverage: CoverageData,
  seconds: number,
  stoppedBy: StopReason,
  violation: FoundViolation | undefined,
): SimulationReport {
  const props: readonly Property<SystemView>[] = model.checker.properties;
  const found =
    violation === undefined
      ? undefined
      : { ...violation, propertyName: props[violation.property]?.name ?? '?', trace: scheduleTrace(model, violation.steps, violation.property) };
  return {
    protocol: model.spec.protocol,
    faults: model.faults,
    network: model.network.kind,
    seed: options.seed,
    swarm: options.swarm === true,
    maxSteps: options.maxSteps,
    workers,
    firstRun: options.firstRun ?? 0,
    runsAsked: options.runs,
    status: found !== undefined ? 'violated' : 'no-violation-found',
    stoppedBy: found !== undefined ? 'violation' : stoppedBy,
    properties: props.map((p, i) => ({
      name: p.name,
      description: p.description,
      verdict: found?.property === i ? 'violated' : 'not violated in these runs',
    })),
    stats: {
      ...tally,
      seconds,
      runsPerSecond: seconds > 0 ? tally.runs / seconds : 0,
      stepsPerSecond: seconds > 0 ? tally.steps / seconds : 0,
    },
    coverage: coverageReport(model, coverage),
    ...(found !== undefined ? { violation: found } : {}),
  };
}

/** Checks run-range options; throws RangeError (the CLI turns it into a usage error). */
export function checkRunRange(options: SimulationOptions): void {
  const first = options.firstRun ?? 0;
  if (!Number.isInteger(options.runs) || options.runs < 1) throw new RangeError(`runs must be a whole number of at least 1, got ${options.runs}`);
  if (!Number.isInteger(first) || first < 0 || first + options.runs > MAX_RUN) throw new RangeError(`run numbers must stay below ${MAX_RUN}`);
  if (!Number.isInteger(options.maxSteps) || options.maxSteps < 1) throw new RangeError(`max steps must be at least 1, got ${options.maxSteps}`);
}

/**
 * Simulates in the calling thread (tests, `--run R` replays): runs in order
 * from `firstRun`, stopping at the first violation, after `runs` runs, or at
 * `maxSeconds`.
 */
export function simulateHere(spec: SystemSpec, options: SimulationOptions): SimulationReport {
  checkRunRange(options);
  const core = new SimulationCore(spec, options);
  const start = performance.now();
  const deadline = options.maxSeconds !== undefined ? start + options.maxSeconds * 1000 : Infinity;
  const first = options.firstRun ?? 0;
  let next = first;
  let violation: FoundViolation | undefined;
  let stoppedBy: StopReason = 'runs';
  runClaimed(core, {
    claim: () => (violation === undefined && next < first + options.runs ? next++ : -1),
    stop: () => {
      if (performance.now() < deadline) return false;
      stoppedBy = 'max-seconds';
      return true;
    },
    found: (v) => {
      violation = v;
    },
  });
  const seconds = (performance.now() - start) / 1000;
  return assembleReport(core.model, options, 0, core.tally, core.coverageData(), seconds, stoppedBy, violation);
}
