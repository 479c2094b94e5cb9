/**
 * A plain lasso search on the naive explorer's graph (`naive-explorer.ts`,
 * option `graph`), the yardstick for `explorer/liveness.ts`. It shares no
 * code with it: components are found by brute force (u and v are in one
 * component iff each reaches the other), fairness is checked straight from
 * its definition, and a fast counterexample is checked by walking its steps
 * on the naive graph.
 *
 * Definitions (the same as `explorer/liveness.ts` states them): the region is
 * what the obligation's start reaches through ¬goal states; a counterexample
 * is a region state with no successor, or a fair cycle in the region. A task
 * is a step's label unless it starts with `fault`; under `weak` a set of
 * states C (strongly connected) holds a fair cycle iff every task enabled in
 * all of C is taken by an edge inside C; under `strong`, remove the states
 * enabling a task not taken inside, and look again at what is left.
 */
import type { SystemView } from '../../spec/core/property.js';
import type { Trace } from '../../explorer/trace.js';
import { canonicalJson, type NaiveGraph } from './naive-explorer.js';

export type NaiveFairness = 'none' | 'weak' | 'strong';

const owed = (task: string): boolean => !task.startsWith('fault');

function reachable(g: NaiveGraph, from: number, inside: (s: number) => boolean): Set<number> {
  const seen = new Set<number>();
  const stack = [from];
  while (stack.length > 0) {
    const u = stack.pop() as number;
    for (const { to } of g.succ[u] ?? []) {
      if (!inside(to) || seen.has(to)) continue;
      seen.add(to);
      stack.push(to);
    }
  }
  return seen; // states reachable by at least one step
}

/** Whether the region (states satisfying `inRegion`) holds a fair cycle among `set`. */
function hasFairCycle(g: NaiveGraph, set: Set<number>, fairness: NaiveFairness): boolean {
  const reach = new Map<number, Set<number>>();
  for (const u of set) reach.set(u, reachable(g, u, (s) => set.has(s)));
  const done = new Set<number>();
  for (const u of set) {
    if (done.has(u)) continue;
    const comp = [...set].filter((v) => (reach.get(u) as Set<number>).has(v) && (reach.get(v) as Set<number>).has(u));
    for (const v of comp) done.add(v);
    if (comp.length === 0) continue; // u is on no cycle
    const inComp = new Set(comp);
    const taken = new Set<string>();
    for (const v of comp) for (const e of g.succ[v] ?? []) if (inComp.has(e.to) && owed(e.task)) taken.add(e.task);
    const enabled = (v: number): Set<string> => new Set((g.succ[v] ?? []).map((e) => e.task).filter(owed));
    if (fairness === 'none') return true;
    if (fairness === 'weak') {
      const always = comp.map(enabled).reduce((a, b) => new Set([...a].filter((t) => b.has(t))));
      if ([...always].every((t) => taken.has(t))) return true;
    } else {
      const starved = comp.filter((v) => [...enabled(v)].some((t) => !taken.has(t)));
      if (starved.length === 0) return true;
      const rest = new Set(comp.filter((v) => !starved.includes(v)));
      if (rest.size > 0 && hasFairCycle(g, rest, fairness)) return true;
    }
  }
  return false;
}

/** The region of `eventually(goal)` (trigger absent) or `leadsTo(trigger, goal)`. */
export function naiveRegion(g: NaiveGraph, goal: (v: SystemView) => boolean, trigger?: (v: SystemView) => boolean): Set<number> {
  const bad = (s: number): boolean => !goal(g.views[s] as SystemView);
  const all = reachable(g, 0, () => true);
  all.add(0);
  const starts = trigger === undefined ? [0] : [...all].filter((s) => trigger(g.views[s] as SystemView));
  const region = new Set<number>();
  for (const s of starts) {
    if (!bad(s)) continue;
    region.add(s);
    for (const v of reachable(g, s, bad)) region.add(v);
  }
  return region;
}

/** Whether `eventually(goal)` / `leadsTo(trigger, goal)` is violated under `fairness`. */
export function naiveViolated(g: NaiveGraph, fairness: NaiveFairness, goal: (v: SystemView) => boolean, trigger?: (v: SystemView) => boolean): boolean {
  const region = naiveRegion(g, goal, trigger);
  if ([...region].some((s) => (g.succ[s] ?? []).length === 0)) return true;
  return hasFairCycle(g, region, fairness);
}

/** The naive task of a trace step (deliver, duplicate, environment; faults by their kind). */
function taskOf(step: Trace['steps'][number]): string {
  switch (step.kind) {
    case 'deliver':
    case 'duplicate':
      return `deliver ${canonicalJson(step.message)}`;
    case 'environment':
      return `env ${step.node} ${canonicalJson(step.event)}`;
    case 'drop':
      return `fault drop ${canonicalJson(step.message)}`;
    case 'crash':
      return `fault crash ${step.node}`;
    case 'restart':
      return `fault restart ${step.node}`;
    case 'byzantine':
      return `fault byzantine ${canonicalJson(step.message)}`;
  }
}

/**
 * Walks a fast lasso on the naive graph and checks it is a counterexample:
 * every step exists; from the obligation's start on, no state satisfies the
 * goal; a cycle closes on the state it left and is fair (under weak: every
 * task enabled all along the loop is taken in it; strong: every task enabled
 * somewhere on it); a terminal lasso ends in a state with no successor.
 * Returns a reason it is not, or null.
 */
export function naiveLassoProblem(g: NaiveGraph, trace: Trace, fairness: NaiveFairness, goal: (v: SystemView) => boolean, trigger?: (v: SystemView) => boolean): string | null {
  const path = [0];
  for (const step of trace.steps) {
    const u = path[path.length - 1] as number;
    const task = taskOf(step);
    const matches = (g.succ[u] ?? []).filter((e) => e.task === task);
    const e = step.kind === 'duplicate' ? matches[1] : matches[0];
    if (e === undefined) return `step ${step.index} (${step.label}) is not a step of the naive graph`;
    path.push(e.to);
  }
  // The obligation starts at the state it is first owed: the initial state, or (leadsTo) the last trigger state before the loop ends with no goal after it.
  let start = 0;
  if (trigger !== undefined) {
    start = -1;
    for (let k = 0; k < path.length; k++) if (trigger(g.views[path[k] as number] as SystemView)) start = k;
    const loopFrom = trace.lasso?.kind === 'cycle' ? trace.lasso.loopFrom - 1 : path.length - 1;
    start = Math.min(start, loopFrom);
    for (let k = start; k >= 0; k--) if (trigger(g.views[path[k] as number] as SystemView)) {
      start = k;
      break;
    }
    if (start < 0) return 'no state of the lasso satisfies the trigger';
  }
  for (let k = start; k < path.length; k++) if (goal(g.views[path[k] as number] as SystemView)) return `the goal holds after step ${k}`;
  const last = path[path.length - 1] as number;
  if (trace.lasso?.kind === 'terminal') return (g.succ[last] ?? []).length === 0 ? null : 'the last state has a successor';
  if (trace.lasso?.kind !== 'cycle') return 'not a lasso';
  const from = trace.lasso.loopFrom - 1;
  if (path[from] !== last) return 'the loop does not close';
  const loopStates = path.slice(from, path.length - 1);
  const takenTasks = new Set(trace.steps.slice(from).map(taskOf).filter(owed));
  const enabled = loopStates.map((s) => new Set((g.succ[s] ?? []).map((e) => e.task).filter(owed)));
  if (fairness === 'weak') {
    const always = enabled.reduce((a, b) => new Set([...a].filter((t) => b.has(t))));
    const starved = [...always].filter((t) => !takenTasks.has(t));
    if (starved.length > 0) return `unfair loop under weak fairness: ${starved[0]} stays enabled and is never taken`;
  } else if (fairness === 'strong') {
    const starved = enabled.flatMap((s) => [...s]).filter((t) => !takenTasks.has(t));
    if (starved.length > 0) return `unfair loop under strong fairness: ${starved[0]} is enabled and never taken`;
  }
  return null;
}
