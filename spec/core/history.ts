/**
 * Client histories, for linearizability (Herlihy & Wing, 1990).
 *
 * A protocol that wants its clients' observations checked keeps a
 * `ClientHistory` in the context of one node (the node that plays all the
 * clients, so that the real-time order of their steps is known) and declares
 * it with `SystemSpec.history`. The explorer then adds a `linearizable`
 * property that searches for a legal sequential order (`explorer/linearizability.ts`).
 *
 * The history is kept in a canonical form that records exactly what
 * linearizability depends on: each operation, its result once returned, and
 * which operations had returned before it was invoked. Two orders of the same
 * events that agree on these give the same history, so they do not split
 * states. Clients are sequential: a client invokes its next operation only
 * after the previous one returned.
 */

/** One operation of one client. */
export interface HistoryOp<Op = unknown, Result = unknown> {
  readonly op: Op;
  /** The result, once the operation has returned; absent while it is pending. */
  readonly result?: Result;
  /**
   * `seen[d]` = how many operations of client d had returned when this one was
   * invoked. Operation j of client d precedes this one in real time iff j < seen[d].
   */
  readonly seen: readonly number[];
}

/** `clients[c]` = client c's operations, in invocation order. */
export interface ClientHistory<Op = unknown, Result = unknown> {
  readonly clients: readonly (readonly HistoryOp<Op, Result>[])[];
}

/** A sequential object: the specification operations are linearized against. */
export interface SequentialSpec<State = unknown, Op = unknown, Result = unknown> {
  /** e.g. `register`. */
  readonly name: string;
  readonly initial: State;
  /** Applies `op` to `state`: the next state and the result the op must return. */
  apply(state: State, op: Op): readonly [State, Result];
  /** Whether two results are the same (defaults to `===`). */
  sameResult?(a: Result, b: Result): boolean;
  /** A canonical string for a state (defaults to JSON). */
  stateKey?(state: State): string;
  /** How a trace prints an operation and its result. */
  describe?(op: Op, result?: Result): string;
}

/** Where a system records its client history, and the object it must be linearizable to. */
export interface HistorySpec {
  /** The index (in `SystemSpec.nodes`) of the node whose context holds the history. */
  readonly node: number;
  /** Reads the history from that node's context. */
  read(context: unknown): ClientHistory;
  readonly object: SequentialSpec<unknown, unknown, unknown>;
}

/** The empty history of `clients` clients. */
export function emptyHistory<Op, Result>(clients: number): ClientHistory<Op, Result> {
  return { clients: Array.from({ length: clients }, () => []) };
}

/** Number of returned operations of each client. */
export function returnedCounts(h: ClientHistory): number[] {
  return h.clients.map((ops) => {
    const last = ops[ops.length - 1];
    return last !== undefined && !('result' in last) ? ops.length - 1 : ops.length;
  });
}

/** Whether client c has an operation pending. */
export function isPending(h: ClientHistory, c: number): boolean {
  const ops = h.clients[c] ?? [];
  const last = ops[ops.length - 1];
  return last !== undefined && !('result' in last);
}

/** Client c invokes `op` (it must have nothing pending). */
export function invoke<Op, Result>(h: ClientHistory<Op, Result>, c: number, op: Op): ClientHistory<Op, Result> {
  if (h.clients[c] === undefined) throw new RangeError(`no client ${c} in a history of ${h.clients.length}`);
  if (isPending(h, c)) throw new Error(`client ${c} invoked an operation while one is pending`);
  const seen = returnedCounts(h);
  return { clients: h.clients.map((ops, i) => (i === c ? [...ops, { op, seen }] : ops)) };
}

/** Client c's pending operation returns `result`. */
export function complete<Op, Result>(h: ClientHistory<Op, Result>, c: number, result: Result): ClientHistory<Op, Result> {
  if (!isPending(h, c)) throw new Error(`client ${c} has no pending operation to complete`);
  return {
    clients: h.clients.map((ops, i) => {
      if (i !== c) return ops;
      const last = ops[ops.length - 1] as HistoryOp<Op, Result>;
      return [...ops.slice(0, -1), { op: last.op, result, seen: last.seen }];
    }),
  };
}

/** Declares where a system's history lives (the one cast from a typed object to the explorer's untyped view). */
export function historySpec<S, O, R>(node: number, read: (context: unknown) => ClientHistory<O, R>, object: SequentialSpec<S, O, R>): HistorySpec {
  return { node, read, object: object as unknown as SequentialSpec<unknown, unknown, unknown> };
}
