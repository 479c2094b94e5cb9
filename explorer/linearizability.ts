/**
 * Linearizability of a client history (Herlihy & Wing, "Linearizability: a
 * correctness condition for concurrent objects", TOPLAS 1990).
 *
 * A history is linearizable to a sequential object when some total order of
 * its operations (1) contains every returned operation exactly once and any
 * subset of the pending ones, (2) respects real time: an operation that
 * returned before another was invoked comes first (so each client's
 * operations keep their order), and (3) is a legal run of the object: applying
 * the operations in that order from its initial state gives every returned
 * operation its recorded result (a pending operation may get any result).
 *
 * The search is the Wing–Gong depth-first search with Lowe's memoisation
 * (Lowe, "Testing for linearizability", Concurrency and Computation 2017,
 * the "WGL" algorithm): extend a linearized prefix by one minimal operation
 * at a time, backtracking on a wrong result. Clients are sequential, so the
 * candidates are each client's first operation not yet linearized, and a
 * candidate is minimal iff every operation that precedes it in real time is
 * already linearized. A prefix is summarised by how many operations of each
 * client it holds and the object state it leaves; a summary already explored
 * is not explored again. Pending operations are only ever a client's last and
 * precede nothing, so leaving one out is the same as never choosing it: the
 * search succeeds as soon as every returned operation is linearized.
 *
 * Cost: at most (number of prefixes, ∏_c (n_c + 1)) × (distinct object states)
 * summaries, each tried against at most C candidates, so polynomial in the
 * history length for a fixed number C of clients and a finite object; the
 * general problem is NP-complete (Gibbons & Korach 1997).
 */
import type { ClientHistory, HistoryOp, HistorySpec, SequentialSpec } from '../spec/core/history.js';
import { always, type Property, type SystemView } from '../spec/core/property.js';

/** One operation of a history: client `client`'s `index`-th operation. */
export interface OpRef {
  readonly client: number;
  readonly index: number;
}

/** A witness: a legal sequential order of the history's operations. */
export interface Linearization {
  /** The operations in their linearization order (every returned one, and the pending ones taken). */
  readonly order: readonly OpRef[];
  /** The pending operations that the order leaves out. */
  readonly omitted: readonly OpRef[];
}

function isReturned(op: HistoryOp): boolean {
  return 'result' in op;
}

/** A linearization of `history` to `object`, or null when it has none. */
export function linearize(history: ClientHistory, object: SequentialSpec): Linearization | null {
  const clients = history.clients;
  const n = clients.length;
  const same = object.sameResult?.bind(object) ?? ((a: unknown, b: unknown) => a === b);
  const keyOf = object.stateKey?.bind(object) ?? ((s: unknown) => String(JSON.stringify(s)));
  /** How many operations of each client must be linearized: the returned ones. */
  const required = clients.map((ops) => {
    const last = ops[ops.length - 1];
    return last !== undefined && !isReturned(last) ? ops.length - 1 : ops.length;
  });

  const done = new Array<number>(n).fill(0);
  const complete = (): boolean => done.every((k, c) => k >= (required[c] as number));
  const witness = (): Linearization => {
    const order = path.map((f) => ({ client: f.client, index: f.index }));
    const omitted: OpRef[] = [];
    for (let c = 0; c < n; c++) {
      const len = (clients[c] as readonly HistoryOp[]).length;
      if ((done[c] as number) < len) omitted.push({ client: c, index: len - 1 });
    }
    return { order, omitted };
  };
  /** Whether client c's next operation may be linearized now: all its real-time predecessors are. */
  const minimal = (op: HistoryOp): boolean => {
    for (let d = 0; d < n; d++) if ((done[d] as number) < (op.seen[d] ?? 0)) return false;
    return true;
  };

  // Explicit DFS stack: frame i holds the state after the first i linearized ops
  // and the next client to try from it; path[i] is the op taken out of frame i.
  interface Frame {
    readonly state: unknown;
    next: number;
  }
  const path: { client: number; index: number }[] = [];
  const frames: Frame[] = [{ state: object.initial, next: 0 }];
  const visited = new Set<string>([`${done.join(',')}|${keyOf(object.initial)}`]);
  if (complete()) return witness();

  while (frames.length > 0) {
    const frame = frames[frames.length - 1] as Frame;
    let pushed = false;
    while (frame.next < n) {
      const c = frame.next++;
      const ops = clients[c] as readonly HistoryOp[];
      const index = done[c] as number;
      const op = ops[index];
      if (op === undefined || !minimal(op)) continue;
      const [state, result] = object.apply(frame.state, op.op);
      if (isReturned(op) && !same(result, op.result)) continue;
      done[c] = index + 1;
      const key = `${done.join(',')}|${keyOf(state)}`;
      if (visited.has(key)) {
        done[c] = index;
        continue;
      }
      visited.add(key);
      path.push({ client: c, index });
      if (complete()) return witness();
      frames.push({ state, next: 0 });
      pushed = true;
      break;
    }
    if (!pushed) {
      frames.pop();
      const taken = path.pop();
      if (taken !== undefined) done[taken.client] = taken.index;
    }
  }
  return null;
}

/** Whether `history` is linearizable to `object`. */
export function isLinearizable(history: ClientHistory, object: SequentialSpec): boolean {
  return linearize(history, object) !== null;
}

/** The `linearizable` property of a system that records its clients' history. */
export function linearizabilityProperty(spec: HistorySpec): Property<SystemView> {
  return always<SystemView>(
    'linearizable',
    `the clients' history is linearizable to the ${spec.object.name}: some sequential order respects real time and the object's results`,
    (view) => isLinearizable(spec.read(view.locals[spec.node]), spec.object),
    [spec.node],
  );
}

/**
 * One line per operation, for printing a counterexample:
 * `c0#1: write(a) → ok  [after c1#0]`, where `after` names, for each other
 * client, its last operation that returned before this one was invoked.
 */
export function describeHistory(history: ClientHistory, object: SequentialSpec): string[] {
  const text = (op: HistoryOp): string => {
    const returned = isReturned(op);
    if (object.describe !== undefined) {
      const call = returned ? object.describe(op.op, op.result) : object.describe(op.op);
      return returned ? call : `${call} (pending)`;
    }
    const call = JSON.stringify(op.op) ?? String(op.op);
    return returned ? `${call} -> ${JSON.stringify(op.result) ?? String(op.result)}` : `${call} (pending)`;
  };
  const lines: string[] = [];
  history.clients.forEach((ops, c) => {
    ops.forEach((op, index) => {
      const after = op.seen.flatMap((k, d) => (d !== c && k > 0 ? [`c${d}#${k - 1}`] : []));
      lines.push(`c${c}#${index}: ${text(op)}${after.length > 0 ? `  [after ${after.join(', ')}]` : ''}`);
    });
  });
  return lines;
}
