/**
 * Client histories (`spec/core/history.ts`), as the Multi-Paxos and S-Paxos
 * clients node keeps them: invoke / complete, the pending flag, the returned
 * counts, and the `seen` vectors that record real-time order.
 * (Kept here beside the replicated-log tests that use it.)
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { complete, emptyHistory, invoke, isPending, returnedCounts, type ClientHistory } from '../../../spec/core/history.js';

type H = ClientHistory<string, number>;

describe('client history: hand cases', () => {
  it('starts with one empty sequence per client, nothing pending', () => {
    const h = emptyHistory<string, number>(3);
    expect(h).toEqual({ clients: [[], [], []] });
    expect(returnedCounts(h)).toEqual([0, 0, 0]);
    expect([0, 1, 2].map((c) => isPending(h, c))).toEqual([false, false, false]);
  });

  it('invoke appends a pending op with the returned counts at that moment; complete adds its result', () => {
    let h: H = emptyHistory(2);
    h = invoke(h, 0, 'w');
    expect(h.clients[0]).toEqual([{ op: 'w', seen: [0, 0] }]);
    expect(isPending(h, 0)).toBe(true);
    expect(isPending(h, 1)).toBe(false);
    expect(returnedCounts(h)).toEqual([0, 0]);
    h = invoke(h, 1, 'r');
    expect(h.clients[1]).toEqual([{ op: 'r', seen: [0, 0] }]);
    h = complete(h, 0, 7);
    expect(h.clients[0]).toEqual([{ op: 'w', result: 7, seen: [0, 0] }]);
    expect(returnedCounts(h)).toEqual([1, 0]);
    h = invoke(h, 0, 'r2');
    // c0's second op comes after its first returned; c1's pending op does not count.
    expect(h.clients[0]?.[1]).toEqual({ op: 'r2', seen: [1, 0] });
    h = complete(h, 1, 3);
    h = complete(h, 0, 4);
    expect(returnedCounts(h)).toEqual([2, 1]);
    h = invoke(h, 1, 'x');
    expect(h.clients[1]?.[1]).toEqual({ op: 'x', seen: [2, 1] });
  });

  it('a null or undefined result still completes the op (a read of an unwritten register returns null)', () => {
    const h = complete(invoke(emptyHistory<string, number | null>(1), 0, 'r'), 0, null);
    expect(isPending(h, 0)).toBe(false);
    expect(returnedCounts(h)).toEqual([1]);
    const u = complete(invoke(emptyHistory<string, undefined>(1), 0, 'r'), 0, undefined);
    expect(isPending(u, 0)).toBe(false);
  });

  it('invoking while an op is pending throws', () => {
    const h = invoke(emptyHistory<string, number>(1), 0, 'a');
    expect(() => invoke(h, 0, 'b')).toThrow(/client 0 invoked an operation while one is pending/);
  });

  it('completing with nothing pending throws', () => {
    expect(() => complete(emptyHistory<string, number>(2), 1, 0)).toThrow(/client 1 has no pending operation/);
    const done = complete(invoke(emptyHistory<string, number>(1), 0, 'a'), 0, 1);
    expect(() => complete(done, 0, 2)).toThrow(/no pending/);
  });

  it('does not modify the history it is given', () => {
    const h0 = emptyHistory<string, number>(2);
    const h1 = invoke(h0, 0, 'a');
    const h2 = complete(h1, 0, 1);
    expect(h0).toEqual({ clients: [[], []] });
    expect(h1.clients[0]).toEqual([{ op: 'a', seen: [0, 0] }]);
    expect(h2.clients[1]).toBe(h1.clients[1]);
  });

  it('isPending is false for a client with no history', () => {
    expect(isPending(emptyHistory(1), 5)).toBe(false);
  });
});

/** A run of sequential clients: at each step one client invokes (if idle) or returns (if pending). */
const arbRun = fc.record({
  clients: fc.integer({ min: 1, max: 4 }),
  picks: fc.array(fc.nat({ max: 3 }), { maxLength: 30 }),
});

describe('client history: real-time order', () => {
  test.prop([arbRun])('seen[d] counts exactly the ops of d that returned before the invocation (event log replay)', ({ clients, picks }) => {
    let h: H = emptyHistory(clients);
    // Independent record: a global event log of (time, client, kind).
    const events: { client: number; kind: 'inv' | 'ret' }[] = [];
    const invokedAt: number[][] = Array.from({ length: clients }, () => []);
    for (const pick of picks) {
      const c = pick % clients;
      if (isPending(h, c)) {
        h = complete(h, c, events.length);
        events.push({ client: c, kind: 'ret' });
      } else {
        h = invoke(h, c, `op${events.length}`);
        invokedAt[c]?.push(events.length);
        events.push({ client: c, kind: 'inv' });
      }
    }
    for (let c = 0; c < clients; c++) {
      const ops = h.clients[c] ?? [];
      expect(ops).toHaveLength(invokedAt[c]?.length ?? 0);
      ops.forEach((op, j) => {
        const t = invokedAt[c]?.[j] ?? -1;
        const before = events.slice(0, t);
        const expected = Array.from({ length: clients }, (_, d) => before.filter((x) => x.client === d && x.kind === 'ret').length);
        expect(op.seen).toEqual(expected);
      });
    }
    const returned = Array.from({ length: clients }, (_, d) => events.filter((x) => x.client === d && x.kind === 'ret').length);
    expect(returnedCounts(h)).toEqual(returned);
    for (let c = 0; c < clients; c++) {
      const inv = events.filter((x) => x.client === c && x.kind === 'inv').length;
      expect(isPending(h, c)).toBe(inv > (returned[c] ?? 0));
    }
  });

  test.prop([arbRun])('an op precedes another in real time iff its index is below the other\'s seen entry', ({ clients, picks }) => {
    let h: H = emptyHistory(clients);
    const inv = new Map<string, number>();
    const ret = new Map<string, number>();
    picks.forEach((pick, t) => {
      const c = pick % clients;
      const j = h.clients[c]?.length ?? 0;
      if (isPending(h, c)) {
        h = complete(h, c, t);
        ret.set(`${c}.${j - 1}`, t);
      } else {
        h = invoke(h, c, 'op');
        inv.set(`${c}.${j}`, t);
      }
    });
    h.clients.forEach((ops, c) =>
      ops.forEach((op, j) => {
        const t = inv.get(`${c}.${j}`) as number;
        op.seen.forEach((n, d) => {
          (h.clients[d] ?? []).forEach((_, k) => {
            const r = ret.get(`${d}.${k}`);
            expect(k < n).toBe(r !== undefined && r < t);
          });
        });
      }),
    );
  });
});
