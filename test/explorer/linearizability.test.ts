/**
 * The linearizability checker (`explorer/linearizability.ts`): hand-computed
 * register histories, agreement with a brute-force checker that enumerates
 * every sequential order, and the `linearizable` property on a hand-built view.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  describeHistory,
  isLinearizable,
  linearizabilityProperty,
  linearize,
  type Linearization,
} from '../../explorer/linearizability.js';
import { complete, emptyHistory, invoke, type ClientHistory, type HistorySpec, type SequentialSpec } from '../../spec/core/history.js';
import type { SystemView } from '../../spec/core/property.js';

type Op = { readonly kind: 'write'; readonly value: string } | { readonly kind: 'read' };
type Result = string | null;
type H = ClientHistory<Op, Result>;

/** A read/write register, initially null: write → 'ok', read → the current value. */
const reg: SequentialSpec<Result, Op, Result> = {
  name: 'register',
  initial: null,
  apply: (state, op) => (op.kind === 'write' ? [op.value, 'ok'] : [state, state]),
  describe: (op, result) => {
    const call = op.kind === 'write' ? `write(${op.value})` : 'read()';
    return result === undefined ? call : `${call} -> ${result ?? 'none'}`;
  },
};
const object = reg as SequentialSpec;

const w = (value: string): Op => ({ kind: 'write', value });
const r: Op = { kind: 'read' };

/** Applies a script of steps: [c, op] invokes, [c, '=', result] completes. */
type Step = readonly [number, Op] | readonly [number, '=', Result];
function history(clients: number, steps: readonly Step[]): H {
  let h = emptyHistory<Op, Result>(clients);
  for (const s of steps) h = s.length === 2 ? invoke(h, s[0], s[1]) : complete(h, s[0], s[2]);
  return h;
}

/** Checks that a witness is a legal linearization of h (independently of how it was found). */
function assertWitness(h: H, lin: Linearization): void {
  const seen = new Set<string>();
  const pos = new Map<string, number>();
  lin.order.forEach(({ client, index }, i) => pos.set(`${client}#${index}`, i));
  let state: Result = null;
  for (const { client, index } of lin.order) {
    const key = `${client}#${index}`;
    expect(seen.has(key)).toBe(false);
    seen.add(key);
    const op = h.clients[client]?.[index];
    expect(op).toBeDefined();
    if (op === undefined) return;
    const [next, result] = reg.apply(state, op.op);
    if ('result' in op) expect(result).toBe(op.result);
    state = next;
    // Every real-time predecessor comes earlier.
    op.seen.forEach((k, d) => {
      for (let j = 0; j < k; j++) expect(pos.get(`${d}#${j}`) ?? Infinity).toBeLessThan(pos.get(key) as number);
    });
  }
  h.clients.forEach((ops, c) =>
    ops.forEach((op, index) => {
      const key = `${c}#${index}`;
      const omitted = lin.omitted.some((o) => o.client === c && o.index === index);
      if ('result' in op) expect(seen.has(key) && !omitted).toBe(true);
      else expect(seen.has(key) !== omitted).toBe(true);
    }),
  );
}

function verdict(h: H): boolean {
  const lin = linearize(h, object);
  if (lin !== null) assertWitness(h, lin);
  expect(isLinearizable(h, object)).toBe(lin !== null);
  return lin !== null;
}

describe('linearize on a register (hand-computed)', () => {
  it('the empty history is linearizable', () => {
    expect(linearize(emptyHistory(3), object)).toEqual({ order: [], omitted: [] });
  });

  it('a sequential history is linearizable, in its own order', () => {
    const h = history(2, [[0, w('a')], [0, '=', 'ok'], [1, r], [1, '=', 'a'], [1, w('b')], [1, '=', 'ok'], [0, r], [0, '=', 'b']]);
    expect(verdict(h)).toBe(true);
    expect(linearize(h, object)?.order).toEqual([
      { client: 0, index: 0 },
      { client: 1, index: 0 },
      { client: 1, index: 1 },
      { client: 0, index: 1 },
    ]);
  });

  it('a stale read after a completed write is not linearizable', () => {
    expect(verdict(history(2, [[0, w('a')], [0, '=', 'ok'], [1, r], [1, '=', null]]))).toBe(false);
  });

  it('a read concurrent with a write may return the old or the new value', () => {
    for (const result of [null, 'a']) {
      expect(verdict(history(2, [[0, w('a')], [1, r], [1, '=', result], [0, '=', 'ok']]))).toBe(true);
      expect(verdict(history(2, [[1, r], [0, w('a')], [0, '=', 'ok'], [1, '=', result]]))).toBe(true);
    }
  });

  it('a read of a value never written is not linearizable', () => {
    expect(verdict(history(2, [[0, w('a')], [1, r], [1, '=', 'z'], [0, '=', 'ok']]))).toBe(false);
    expect(verdict(history(1, [[0, r], [0, '=', 'a']]))).toBe(false);
  });

  it('a pending write whose effect a later read observes is linearized', () => {
    const h = history(2, [[0, w('a')], [1, r], [1, '=', 'a']]);
    expect(verdict(h)).toBe(true);
    expect(linearize(h, object)).toEqual({
      order: [
        { client: 0, index: 0 },
        { client: 1, index: 0 },
      ],
      omitted: [],
    });
  });

  it('a pending write that no read observes is left out', () => {
    const h = history(2, [[0, w('a')], [1, r], [1, '=', null]]);
    expect(verdict(h)).toBe(true);
    expect(linearize(h, object)).toEqual({ order: [{ client: 1, index: 0 }], omitted: [{ client: 0, index: 0 }] });
  });

  it('a pending write may take effect at most once: reads a, then null, then a is not linearizable', () => {
    // c0 writes a (pending); c1 reads a, then reads null: the write cannot be undone.
    expect(verdict(history(2, [[0, w('a')], [1, r], [1, '=', 'a'], [1, r], [1, '=', null]]))).toBe(false);
  });

  it('write(a) then write(b) in real time, then read → a is not linearizable', () => {
    const h = history(2, [[0, w('a')], [0, '=', 'ok'], [1, w('b')], [1, '=', 'ok'], [0, r], [0, '=', 'a']]);
    expect(verdict(h)).toBe(false);
  });

  it('concurrent write(a) and write(b), then reads: both orders are allowed but the reads must agree', () => {
    const writes: Step[] = [[0, w('a')], [1, w('b')], [0, '=', 'ok'], [1, '=', 'ok']];
    expect(verdict(history(2, [...writes, [0, r], [0, '=', 'a'], [1, r], [1, '=', 'a']]))).toBe(true);
    expect(verdict(history(2, [...writes, [0, r], [0, '=', 'b'], [1, r], [1, '=', 'b']]))).toBe(true);
    expect(verdict(history(2, [...writes, [0, r], [0, '=', 'a'], [1, r], [1, '=', 'b']]))).toBe(false);
    // Concurrent reads may disagree if they overlap a write that is still running.
    expect(verdict(history(3, [[2, w('c')], [0, r], [0, '=', null], [1, r], [1, '=', 'c']]))).toBe(true);
  });

  it('a wrong result for a write is not linearizable', () => {
    expect(verdict(history(1, [[0, w('a')], [0, '=', 'nope']]))).toBe(false);
  });

  it('decides a larger history quickly thanks to memoisation', () => {
    // 4 clients × 6 ops, all concurrent rounds of writes of the same value then reads.
    const steps: Step[] = [];
    for (let round = 0; round < 3; round++) {
      const v = String.fromCharCode(97 + round);
      for (let c = 0; c < 4; c++) steps.push([c, w(v)]);
      for (let c = 0; c < 4; c++) steps.push([c, '=', 'ok']);
      for (let c = 0; c < 4; c++) steps.push([c, r]);
      for (let c = 0; c < 4; c++) steps.push([c, '=', v]);
    }
    expect(verdict(history(4, steps))).toBe(true);
    const bad = [...steps.slice(0, -1), [3, '=', 'a'] as Step];
    expect(verdict(history(4, bad))).toBe(false);
  });
});

describe('describeHistory', () => {
  it('prints one line per op with its real-time predecessors', () => {
    const h = history(2, [[0, w('a')], [0, '=', 'ok'], [1, r], [1, '=', 'a'], [0, r], [1, w('b')]]);
    expect(describeHistory(h, object)).toEqual([
      'c0#0: write(a) -> ok',
      'c0#1: read() (pending)  [after c1#0]',
      'c1#0: read() -> a  [after c0#0]',
      'c1#1: write(b) (pending)  [after c0#0]',
    ]);
  });

  it('falls back to JSON without describe', () => {
    const bare: SequentialSpec = { name: 'bare', initial: null, apply: reg.apply as SequentialSpec['apply'] };
    const h = history(1, [[0, w('a')], [0, '=', 'ok']]);
    expect(describeHistory(h, bare)).toEqual(['c0#0: {"kind":"write","value":"a"} -> "ok"']);
  });
});

// ---------------------------------------------------------------------------
// Brute force: every subset of the pending ops, every permutation, checked on
// timestamps recorded while the random history was built (not on `seen`).

interface TimedOp {
  readonly client: number;
  readonly op: Op;
  readonly result?: Result;
  readonly invokedAt: number;
  /** Absent while pending. */
  readonly returnedAt?: number;
}

function permutations<T>(xs: readonly T[]): T[][] {
  if (xs.length === 0) return [[]];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
}

function bruteForce(ops: readonly TimedOp[]): boolean {
  const returned = ops.filter((o) => o.returnedAt !== undefined);
  const pending = ops.filter((o) => o.returnedAt === undefined);
  for (let mask = 0; mask < 1 << pending.length; mask++) {
    const chosen = [...returned, ...pending.filter((_, i) => (mask >> i) & 1)];
    for (const order of permutations(chosen)) {
      const realTime = order.every((b, j) => order.slice(j + 1).every((a) => a.returnedAt === undefined || a.returnedAt > b.invokedAt));
      if (!realTime) continue;
      let state: Result = null;
      let legal = true;
      for (const o of order) {
        const [next, result] = reg.apply(state, o.op);
        if (o.returnedAt !== undefined && result !== o.result) legal = false;
        state = next;
      }
      if (legal) return true;
    }
  }
  return false;
}

interface Plan {
  readonly perClient: readonly (readonly { readonly op: Op; readonly result: Result; readonly writeOk: boolean }[])[];
  readonly schedule: readonly number[];
}

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.constantFrom('a', 'b').map((v) => w(v)),
  fc.constant(r),
);
const planArb: fc.Arbitrary<Plan> = fc.integer({ min: 2, max: 3 }).chain((clients) =>
  fc.record({
    perClient: fc.array(
      fc.array(
        fc.record({
          op: opArb,
          // A read returns a random value of a small domain, so both verdicts occur.
          result: fc.constantFrom<Result>(null, 'a', 'b'),
          // A write returns 'ok', but now and then something else.
          writeOk: fc.integer({ min: 0, max: 19 }).map((k) => k !== 0),
        }),
        { minLength: 1, maxLength: clients === 2 ? 3 : 2 },
      ),
      { minLength: clients, maxLength: clients },
    ),
    schedule: fc.array(fc.nat({ max: clients - 1 }), { minLength: 0, maxLength: 16 }),
  }),
);

/** Runs the schedule: each step lets the chosen client invoke its next op or complete its pending one. */
function build(plan: Plan): { h: H; ops: TimedOp[] } {
  const n = plan.perClient.length;
  let h = emptyHistory<Op, Result>(n);
  const next = new Array<number>(n).fill(0);
  const pendingAt = new Array<TimedOp | null>(n).fill(null);
  const ops: TimedOp[] = [];
  plan.schedule.forEach((c, time) => {
    const cur = pendingAt[c];
    const planned = plan.perClient[c] ?? [];
    if (cur !== null && cur !== undefined) {
      const { result, writeOk } = planned[(next[c] as number) - 1] as Plan['perClient'][number][number];
      const fixed = cur.op.kind === 'read' ? result : writeOk ? 'ok' : result;
      h = complete(h, c, fixed);
      ops.push({ ...cur, result: fixed, returnedAt: time });
      pendingAt[c] = null;
    } else {
      const p = planned[next[c] as number];
      if (p === undefined) return;
      h = invoke(h, c, p.op);
      pendingAt[c] = { client: c, op: p.op, invokedAt: time };
      next[c] = (next[c] as number) + 1;
    }
  });
  for (const p of pendingAt) if (p !== null && p !== undefined) ops.push(p);
  return { h, ops };
}

describe('linearize agrees with a brute-force enumeration of sequential orders', () => {
  it('on random small histories of 2–3 clients', () => {
    fc.assert(
      fc.property(planArb, (plan) => {
        const { h, ops } = build(plan);
        expect(verdict(h)).toBe(bruteForce(ops));
      }),
      { numRuns: 400, seed: 20260701 },
    );
  });

  it('the random histories exercise both verdicts', () => {
    const sample = fc.sample(planArb, { numRuns: 300, seed: 7 }).map((plan) => {
      const { h, ops } = build(plan);
      const brute = bruteForce(ops);
      expect(isLinearizable(h, object)).toBe(brute);
      return { brute, ops: ops.length, pending: ops.some((o) => o.returnedAt === undefined) };
    });
    expect(sample.filter((s) => s.brute && s.ops >= 3).length).toBeGreaterThan(10);
    expect(sample.filter((s) => !s.brute).length).toBeGreaterThan(10);
    expect(sample.filter((s) => s.brute && s.pending).length).toBeGreaterThan(5);
  });
});

describe('linearizabilityProperty', () => {
  const spec: HistorySpec = { node: 1, read: (ctx) => (ctx as { history: ClientHistory }).history, object };
  const view = (h: H): SystemView => ({
    locals: [{ unrelated: true }, { history: h }],
    crashed: [false, false],
    messages: () => [],
  });

  it('is named linearizable, reads only the history node, and describes the object', () => {
    const p = linearizabilityProperty(spec);
    expect(p.name).toBe('linearizable');
    expect(p.reads).toEqual([1]);
    expect(p.description).toBe(
      "the clients' history is linearizable to the register: some sequential order respects real time and the object's results",
    );
  });

  it('holds on a linearizable history and fails on a stale read', () => {
    const p = linearizabilityProperty(spec);
    expect(p.holds(view(history(2, [[0, w('a')], [0, '=', 'ok'], [1, r], [1, '=', 'a']])))).toBe(true);
    expect(p.holds(view(history(2, [[0, w('a')], [0, '=', 'ok'], [1, r], [1, '=', null]])))).toBe(false);
  });
});
