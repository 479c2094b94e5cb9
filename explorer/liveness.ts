/**
 * Liveness on the explored graph (`search/graph.ts`): `eventually(Q)` and
 * `leadsTo(P, Q)` under a fairness assumption.
 *
 * A run violates `eventually(Q)` when no state of it satisfies Q; it
 * violates `leadsTo(P, Q)` when, from some state satisfying P, no later
 * state (the state itself included) satisfies Q. So, with the *region* the
 * states reachable from the obligation's start (the initial state; every
 * reachable P-state) through ¬Q states only, a counterexample is either
 *   - a state of the region with no step at all (a terminal state: the run
 *     ends there and Q never happened), or
 *   - a fair cycle inside the region (the run goes round it forever).
 *
 * What a fair cycle is, in the steps the actor system has (`Model.fairnessTask`):
 * every step serves one task: a delivery (or duplicate delivery) of message m
 * serves "deliver m", environment event e of node n (its timeout, a client's
 * request) serves "n takes e"; faults (drop, crash, Byzantine sends) serve no
 * task and are never owed. A task is *enabled* in a state when one of the
 * state's steps serves it, *taken* on a cycle when one of the cycle's edges does.
 *   - `none`:   every cycle is fair.
 *   - `weak`:   a cycle is fair unless some task is enabled in every state
 *               of it and taken by none of its edges (a message that stays
 *               deliverable all along, a timeout that stays enabled).
 *   - `strong`: a cycle is fair unless some task is enabled in some state of
 *               it and taken by none of its edges.
 * Fair cycles are found on strongly connected components (Tarjan, iterative)
 * of the region: under `weak`, a component holds a fair cycle iff every task
 * enabled in all its states is taken by one of its internal edges (the cycle
 * through all its states and those edges is fair; any cycle is unfair
 * otherwise). Under `strong`, the states that enable a task no internal edge
 * takes are removed and the rest split into components again, until a
 * component takes every task it enables or nothing is left (Emerson and Lei's
 * refinement). Terminal states need no fairness: nothing is enabled.
 *
 * A counterexample is a lasso: a prefix from the initial state, then either a
 * cycle that repeats forever or the terminal state. It is returned as step
 * numbers (each in its state's full step order), which `trace.ts` replays.
 */
import type { Fairness } from '../spec/core/property.js';
import type { ExploredGraph } from './search/graph.js';
import { chainTo } from './trace.js';
import type { StateStore } from './state-store.js';

/** A liveness counterexample as step numbers: `prefix`, then `loop` forever (empty: the run ends after the prefix). */
export interface Lasso {
  readonly kind: 'cycle' | 'terminal';
  readonly prefix: readonly number[];
  readonly loop: readonly number[];
  /** Graph indexes of the states: after each prefix step, then after each loop step (the last equals the loop's start). */
  readonly states: readonly number[];
}

export interface LivenessQuery {
  /** Whether state s satisfies the goal Q. */
  readonly goal: (s: number) => boolean;
  /** `leadsTo`: whether state s satisfies P; absent for `eventually` (the obligation starts in the initial states). */
  readonly trigger?: (s: number) => boolean;
  readonly fairness: Fairness;
  /** How many initial states the store holds at indexes 0.. (default 1). */
  readonly initialStates?: number;
}

/** Finds a shortest-prefix counterexample of the query on a complete graph, or null when the property holds. */
export function findLasso(graph: ExploredGraph, store: StateStore, query: LivenessQuery): Lasso | null {
  const { size, edgeStart, edgeTo } = graph;
  const goal = query.goal;
  // 1. The region: BFS from the obligation's starting states through ¬Q states.
  const inRegion = new Uint8Array(size);
  const rParentEdge = new Int32Array(size).fill(-1);
  const rParent = new Int32Array(size).fill(-1);
  const order = new Int32Array(size);
  let tail = 0;
  const starts = query.trigger === undefined ? size > 0 ? range(Math.min(size, query.initialStates ?? 1)) : [] : [];
  if (query.trigger !== undefined) for (let s = 0; s < size; s++) if (query.trigger(s)) starts.push(s);
  for (const s of starts) {
    if (goal(s) || inRegion[s] === 1) continue;
    inRegion[s] = 1;
    order[tail++] = s;
  }
  for (let head = 0; head < tail; head++) {
    const u = order[head] as number;
    for (let e = edgeStart[u] as number; e < (edgeStart[u + 1] as number); e++) {
      const v = edgeTo[e] as number;
      if (inRegion[v] === 1 || goal(v)) continue;
      inRegion[v] = 1;
      rParent[v] = u;
      rParentEdge[v] = e;
      order[tail++] = v;
    }
  }
  // Depth within the region (steps from its start), for choosing the shortest counterexample.
  const rDepth = new Int32Array(size);
  for (let k = 0; k < tail; k++) {
    const v = order[k] as number;
    const p = rParent[v] as number;
    rDepth[v] = p < 0 ? 0 : (rDepth[p] as number) + 1;
  }
  const prefixTo = (x: number): { steps: number[]; states: number[] } => {
    const edges: number[] = [];
    let s = x;
    while (rParent[s] !== -1) {
      edges.push(rParentEdge[s] as number);
      s = rParent[s] as number;
    }
    edges.reverse();
    // Before the region's start: the BFS tree of the search (a leadsTo trigger reached by any path).
    const chain = chainTo(store, s);
    const steps = chain.slice(1).map((i) => store.stepOf(i));
    const states = chain.slice(1);
    for (const e of edges) {
      const from = sourceOf(graph, e);
      steps.push(e - (edgeStart[from] as number));
      states.push(edgeTo[e] as number);
    }
    return { steps, states };
  };

  // 2. Terminal states of the region: the first in region-BFS order.
  let terminal = -1;
  for (let k = 0; k < tail; k++) {
    const v = order[k] as number;
    if (edgeStart[v] === edgeStart[v + 1]) {
      terminal = v;
      break;
    }
  }

  // 3. Fair cycles.
  const alive = inRegion;
  const cycle = fairComponent(graph, order.subarray(0, tail), alive, query.fairness, rDepth);
  let best: Lasso | null = null;
  if (terminal >= 0) {
    const p = prefixTo(terminal);
    best = { kind: 'terminal', prefix: p.steps, loop: [], states: p.states };
  }
  if (cycle !== null) {
    const p = prefixTo(cycle.entry);
    const loop = cycle.edges.map((e) => e - (edgeStart[sourceOf(graph, e)] as number));
    const total = p.steps.length + loop.length;
    if (best === null || total < best.prefix.length) {
      best = { kind: 'cycle', prefix: p.steps, loop, states: [...p.states, ...cycle.edges.map((e) => edgeTo[e] as number)] };
    }
  }
  return best;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** The source state of edge e (binary search over the row starts). */
export function sourceOf(graph: ExploredGraph, e: number): number {
  const starts = graph.edgeStart;
  let lo = 0;
  let hi = graph.size - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if ((starts[mid] as number) <= e) lo = mid;
    else hi = mid - 1;
  }
  // Rows of states without edges share a start: the row holding e is the last with that start.
  while (lo < graph.size - 1 && (starts[lo + 1] as number) <= e) lo++;
  return lo;
}

/**
 * Strongly connected components of the subgraph induced by the states marked
 * in `alive`, among `nodes` (Tarjan's algorithm with an explicit call stack).
 * Returns each component as an array of states.
 */
export function components(graph: ExploredGraph, nodes: ArrayLike<number>, alive: Uint8Array): number[][] {
  const { size, edgeStart, edgeTo } = graph;
  const index = new Int32Array(size).fill(-1);
  const low = new Int32Array(size);
  const onStack = new Uint8Array(size);
  const stack = new Int32Array(nodes.length);
  const callNode = new Int32Array(nodes.length);
  const callEdge = new Int32Array(nodes.length);
  let sp = 0;
  let csp = 0;
  let counter = 0;
  const out: number[][] = [];
  for (let k = 0; k < nodes.length; k++) {
    const root = nodes[k] as number;
    if (alive[root] !== 1 || index[root] !== -1) continue;
    index[root] = low[root] = counter++;
    stack[sp++] = root;
    onStack[root] = 1;
    callNode[csp] = root;
    callEdge[csp] = edgeStart[root] as number;
    csp++;
    while (csp > 0) {
      const u = callNode[csp - 1] as number;
      const e = callEdge[csp - 1] as number;
      if (e < (edgeStart[u + 1] as number)) {
        callEdge[csp - 1] = e + 1;
        const v = edgeTo[e] as number;
        if (alive[v] !== 1) continue;
        if (index[v] === -1) {
          index[v] = low[v] = counter++;
          stack[sp++] = v;
          onStack[v] = 1;
          callNode[csp] = v;
          callEdge[csp] = edgeStart[v] as number;
          csp++;
        } else if (onStack[v] === 1 && (index[v] as number) < (low[u] as number)) low[u] = index[v] as number;
      } else {
        csp--;
        if (csp > 0) {
          const p = callNode[csp - 1] as number;
          if ((low[u] as number) < (low[p] as number)) low[p] = low[u] as number;
        }
        if (low[u] === index[u]) {
          const comp: number[] = [];
          let w: number;
          do {
            w = stack[--sp] as number;
            onStack[w] = 0;
            comp.push(w);
          } while (w !== u);
          out.push(comp);
        }
      }
    }
  }
  return out;
}

/** A fair cycle: the state it starts and ends in, and its edges in order. */
interface FairCycle {
  readonly entry: number;
  readonly edges: number[];
}

/**
 * The fair cycle of the region whose entry is closest to the region's start
 * (by `depth`), or null when the region holds none.
 */
function fairComponent(graph: ExploredGraph, nodes: Int32Array, region: Uint8Array, fairness: Fairness, depth: Int32Array): FairCycle | null {
  const { edgeStart, edgeTo, edgeTask } = graph;
  let best: FairCycle | null = null;
  let bestCost = Infinity;
  const inComp = new Uint8Array(graph.size);
  // Work list of state sets to split into components (strong fairness refines them).
  const alive = Uint8Array.from(region);
  const work: number[][] = [Array.from(nodes)];
  while (work.length > 0) {
    const set = work.pop() as number[];
    for (const comp of components(graph, set, alive)) {
      for (const s of comp) inComp[s] = 1;
      const nontrivial = comp.length > 1 || hasSelfLoop(graph, comp[0] as number);
      if (nontrivial) {
        // Tasks taken inside the component, and (per state) enabled.
        const taken = new Set<number>();
        for (const u of comp) {
          for (let e = edgeStart[u] as number; e < (edgeStart[u + 1] as number); e++) {
            if (inComp[edgeTo[e] as number] === 1 && (edgeTask[e] as number) !== -1) taken.add(edgeTask[e] as number);
          }
        }
        let required: number[] = [];
        let fair = true;
        if (fairness === 'weak') {
          let always: number[] | null = null;
          for (const u of comp) {
            const here = enabledTasks(graph, u);
            always = always === null ? [...here] : always.filter((t) => here.has(t));
          }
          required = always ?? [];
          fair = required.every((t) => taken.has(t));
        } else if (fairness === 'strong') {
          const starved: number[] = [];
          const all = new Set<number>();
          for (const u of comp) {
            const here = enabledTasks(graph, u);
            let bad = false;
            for (const t of here) {
              all.add(t);
              if (!taken.has(t)) bad = true;
            }
            if (bad) starved.push(u);
          }
          if (starved.length > 0) {
            fair = false;
            for (const u of starved) alive[u] = 0;
            const rest = comp.filter((u) => alive[u] === 1);
            if (rest.length > 0) work.push(rest);
          }
          required = [...all];
        }
        if (fair) {
          let entry = comp[0] as number;
          for (const u of comp) if ((depth[u] as number) < (depth[entry] as number)) entry = u;
          if ((depth[entry] as number) < bestCost) {
            const edges = closedWalk(graph, comp, inComp, entry, required, fairness !== 'none');
            bestCost = depth[entry] as number;
            best = { entry, edges };
          }
        }
      }
      for (const s of comp) inComp[s] = 0;
    }
  }
  return best;
}

function hasSelfLoop(graph: ExploredGraph, u: number): boolean {
  for (let e = graph.edgeStart[u] as number; e < (graph.edgeStart[u + 1] as number); e++) if (graph.edgeTo[e] === u) return true;
  return false;
}

/** The tasks enabled in state u: those its steps serve (faults excluded). */
function enabledTasks(graph: ExploredGraph, u: number): Set<number> {
  const out = new Set<number>();
  for (let e = graph.edgeStart[u] as number; e < (graph.edgeStart[u + 1] as number); e++) {
    const t = graph.edgeTask[e] as number;
    if (t !== -1) out.add(t);
  }
  return out;
}

/**
 * A closed walk from `entry` inside the component (marked in `inComp`) that
 * takes an edge serving each required task and, when `cover`, visits every
 * state of the component; without `cover`, a shortest cycle through `entry`.
 */
function closedWalk(graph: ExploredGraph, comp: readonly number[], inComp: Uint8Array, entry: number, required: readonly number[], cover: boolean): number[] {
  const { edgeStart, edgeTo, edgeTask } = graph;
  const walk: number[] = [];
  let cur = entry;
  const visited = new Set<number>([entry]);
  const go = (edges: number[]): void => {
    for (const e of edges) {
      walk.push(e);
      cur = edgeTo[e] as number;
      visited.add(cur);
    }
  };
  if (!cover) {
    // Shortest cycle: a path from a successor of entry back to entry.
    go(pathWithin(graph, inComp, entry, entry, true));
    return walk;
  }
  for (const t of required) {
    let edge = -1;
    for (const u of comp) {
      for (let e = edgeStart[u] as number; e < (edgeStart[u + 1] as number) && edge < 0; e++) {
        if (edgeTask[e] === t && inComp[edgeTo[e] as number] === 1) edge = e;
      }
      if (edge >= 0) break;
    }
    if (edge < 0) throw new Error('internal error: a required task is not taken inside its component');
    go(pathWithin(graph, inComp, cur, sourceOf(graph, edge), false));
    go([edge]);
  }
  for (const w of comp) if (!visited.has(w)) go(pathWithin(graph, inComp, cur, w, false));
  if (walk.length === 0 || cur !== entry) go(pathWithin(graph, inComp, cur, entry, walk.length === 0));
  return walk;
}

/** Edges of a shortest path from `from` to `to` inside the component; `nonEmpty`: at least one edge (a cycle when from = to). */
function pathWithin(graph: ExploredGraph, inComp: Uint8Array, from: number, to: number, nonEmpty: boolean): number[] {
  if (from === to && !nonEmpty) return [];
  const { edgeStart, edgeTo } = graph;
  const via = new Map<number, number>(); // state -> edge that reached it
  const queue: number[] = [from];
  for (let head = 0; head < queue.length; head++) {
    const u = queue[head] as number;
    for (let e = edgeStart[u] as number; e < (edgeStart[u + 1] as number); e++) {
      const v = edgeTo[e] as number;
      if (inComp[v] !== 1 || via.has(v)) continue;
      via.set(v, e);
      if (v === to) {
        const path: number[] = [];
        let x = to;
        do {
          const edge = via.get(x) as number;
          path.push(edge);
          x = sourceOf(graph, edge);
        } while (x !== from || (path.length === 0 && nonEmpty));
        return path.reverse();
      }
      queue.push(v);
    }
  }
  throw new Error('internal error: no path inside a strongly connected component');
}
