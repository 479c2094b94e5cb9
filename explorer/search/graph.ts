/**
 * Breadth-first search that keeps the explored graph, for liveness
 * (`../liveness.ts`): besides the store (fingerprints and parent indexes), the
 * successor edges of every state in compressed rows (CSR), each edge with the
 * fairness task its step serves (`Model.fairnessTask`), and a small label per
 * state (bits the caller computes: a goal holds, a trigger holds, final).
 *
 * Memory: 8 bytes per transition (target index, task) and 8 per state
 * (row start, label) in typed arrays, on top of the store. Edges are listed
 * in the state's full step order and every step is offered, so edge j of
 * state s is step number j - edgeStart[s]: the step numbers a trace replays
 * are not stored.
 * NOTE: it needs a model expanded without reductions (no partial-order
 *   reduction, no symmetry), so that every edge is a concrete step; the
 *   caller (`check.ts`) turns them off for liveness and says so.
 */
import type { Model, SuccessorVisitor } from '../model.js';
import type { StateStore } from '../state-store.js';
import { StateQueue } from '../state-queue.js';
import { COUNT_ONLY, outcome, seed } from './common.js';
import { LimitClock, type LimitName, type SearchOptions, type SearchOutcome } from './limits.js';

const POLL_EVERY = 4096;

/** A growable Int32Array. */
export class IntList {
  data: Int32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Int32Array(capacity);
  }
  push(x: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = x;
  }
  set(i: number, x: number): void {
    while (i >= this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    if (i >= this.length) this.length = i + 1;
    this.data[i] = x;
  }
  /** The used part (a view, no copy). */
  view(): Int32Array {
    return this.data.subarray(0, this.length);
  }
  get bytes(): number {
    return this.data.byteLength;
  }
}

/** The explored graph: states 0..size-1 in discovery (BFS) order. */
export interface ExploredGraph {
  readonly size: number;
  /** Edges of state s are edgeStart[s] .. edgeStart[s+1]-1; length size+1. */
  readonly edgeStart: Int32Array;
  readonly edgeTo: Int32Array;
  /** The fairness task of each edge (-1: a fault, never owed). */
  readonly edgeTask: Int32Array;
  /** The caller's label of each state. */
  readonly labels: Int32Array;
  /** Bytes of the arrays above. */
  readonly bytes: number;
}

/**
 * Explores `model` breadth-first (states stored in `store`, which must keep
 * indexes) and returns the graph. Safety properties are checked on every new
 * state as in `bfs`; the search stops at the first violation. `label` is
 * called once per state, on its vector.
 */
export function exploreGraph(
  model: Model,
  store: StateStore,
  options: SearchOptions,
  label: (state: Int32Array) => number,
): { outcome: SearchOutcome; graph: ExploredGraph } {
  if (!store.indexed) throw new Error('exploreGraph needs an indexed store');
  if (model.fairnessTask === undefined) throw new Error('exploreGraph needs a model that names fairness tasks');
  const clock = new LimitClock(options);
  const { maxStates = Infinity, maxDepth = Infinity } = options.limits;
  const queue = new StateQueue();
  const edgeStart = new IntList();
  const edgeTo = new IntList(4096);
  const edgeTask = new IntList(4096);
  const labels = new IntList();
  let violation: SearchOutcome['violation'];
  let parent = 0;
  let offered = 0;
  const visitor: SuccessorVisitor = {
    offer(hi, lo, step) {
      if (step !== offered) throw new Error('exploreGraph: a reduced expansion (steps must be offered in full order)');
      offered++;
      const idx = store.insert(hi, lo, parent, step);
      if (idx >= 0) {
        edgeTo.push(idx);
        return true;
      }
      edgeTo.push(store.lastFound);
      return false;
    },
    accept(succ, len) {
      const idx = store.size - 1;
      queue.push(succ, len);
      labels.set(idx, label(succ));
      if (violation === undefined) {
        const p = model.check(succ);
        if (p >= 0) violation = { property: p, state: idx, depth: depthOf[0] as number };
      }
    },
  };
  const depthOf = new Int32Array(1);

  const { init, violation: initViolation } = seed(model, store);
  for (const s of init) {
    queue.push(s.state, s.state.length);
    labels.set(s.index, label(s.state));
  }
  violation = initViolation;
  let transitions = 0;
  let depth = 0;
  let levelEnd = store.size;
  let stoppedBy: LimitName | undefined;
  let depthCut = false;
  let cur = new Int32Array(0);
  let index = 0;
  while (queue.size > 0 && violation === undefined) {
    if (index === levelEnd) {
      depth++;
      levelEnd = store.size;
    }
    if ((index & (POLL_EVERY - 1)) === 0) {
      stoppedBy = clock.poll(() => ({ states: store.size, transitions, queue: queue.size, depth }));
      if (stoppedBy !== undefined) break;
    }
    if (store.size >= maxStates) {
      stoppedBy = 'max-states';
      break;
    }
    if (cur.length < model.capacity) cur = new Int32Array(model.capacity);
    queue.pop(cur);
    edgeStart.set(index, edgeTo.length);
    if (depth >= maxDepth) {
      if (model.expand(cur, COUNT_ONLY) > 0) depthCut = true;
      index++;
      continue;
    }
    parent = index;
    offered = 0;
    depthOf[0] = depth + 1;
    const n = model.expand(cur, visitor);
    if (n !== offered) throw new Error('exploreGraph: the model did not offer every step');
    for (let j = 0; j < n; j++) edgeTask.push(model.fairnessTask(j));
    transitions += n;
    index++;
  }
  edgeStart.set(index, edgeTo.length);
  if (violation !== undefined) depth = violation.depth;
  else if (store.size > levelEnd) depth++;
  queue.close();
  const result = outcome(clock, store, { violation, stoppedBy, depthCut, transitions, depth, frontierBytes: queue.peakBytes });
  const graph: ExploredGraph = {
    size: index,
    edgeStart: edgeStart.view(),
    edgeTo: edgeTo.view(),
    edgeTask: edgeTask.view(),
    labels: labels.view(),
    bytes: edgeStart.bytes + edgeTo.bytes + edgeTask.bytes + labels.bytes,
  };
  return { outcome: result, graph };
}
