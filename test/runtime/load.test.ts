/**
 * The load generator's options (runtime/load.ts) against an in-memory
 * register standing in for a cluster, and the load command's
 * linearizability check of a key written before the load.
 */
import { describe, expect, it } from 'vitest';
import { HistoryRecorder, type KvClient } from '../../runtime/client.js';
import { linearizableFromSomeStart, runLoad } from '../../runtime/load.js';
import type { KvOp, KvResult } from '../../runtime/protocols/types.js';
import { complete, invoke, type ClientHistory } from '../../spec/core/history.js';

/** A fake cluster: one register per key, answering each request after `delayMs`; it records where requests went. */
function fakeCluster(delayMs: number): { client: KvClient; sends: { g: string; id: string; only: number | undefined }[] } {
  const registers = new Map<string, string | null>();
  const waiters = new Map<string, (r: KvResult) => void>();
  const sends: { g: string; id: string; only: number | undefined }[] = [];
  const protocol = { requestId: (c: number, i: number) => `c${c}.${i}`, firstServer: (c: number) => c % 3 };
  const client = {
    protocol,
    shape: { servers: 3, slots: 8, rounds: 1, bug: null },
    send(g: string, c: number, i: number, op: KvOp, only?: number) {
      const id = protocol.requestId(c, i);
      sends.push({ g, id, only });
      setTimeout(() => {
        const w = waiters.get(`${g}/${id}`);
        if (w === undefined) return;
        waiters.delete(`${g}/${id}`);
        if (op.kind === 'write') registers.set(g, op.value);
        w(op.kind === 'write' ? 'ok' : (registers.get(g) ?? null));
      }, delayMs);
    },
    await: (g: string, id: string) => new Promise<KvResult>((resolve) => waiters.set(`${g}/${id}`, resolve)),
    forget: (g: string, id: string) => waiters.delete(`${g}/${id}`),
  };
  return { client: client as unknown as KvClient, sends };
}

describe('runLoad', () => {
  it('--pin-keys with --ops-per-key: session s works on k<s mod keys>.<round>, moving on after each n operations', async () => {
    const { client, sends } = fakeCluster(1);
    const recorder = new HistoryRecorder(null);
    const r = await runLoad(client, recorder, { clients: 4, keys: 2, pinKeys: true, opsPerKey: 3, durationMs: 5_000, ops: 28, writeRatio: 0.5, seed: 1 });
    expect(r.ok).toBe(28);
    // 4 sessions, 7 operations each: keys k0.0, k0.1, k0.2 (sessions 0 and 2) and k1.0..k1.2 (sessions 1 and 3).
    const byKey = new Map<string, Set<string>>();
    for (const s of sends) byKey.set(s.g, (byKey.get(s.g) ?? new Set()).add(s.id.split('.')[0] as string));
    expect([...byKey.keys()].sort()).toEqual(['k0.0', 'k0.1', 'k0.2', 'k1.0', 'k1.1', 'k1.2']);
    expect([...(byKey.get('k0.1') as Set<string>)].sort()).toEqual(['c0', 'c2']);
    expect([...(byKey.get('k1.2') as Set<string>)].sort()).toEqual(['c1', 'c3']);
    // Each key's history: 3 operations per session (1 on the last round), every one linearizable from an empty register.
    expect(recorder.all.get('k0.0')?.clients.filter((ops) => ops.length > 0).map((ops) => ops.length)).toEqual([3, 3]);
    expect(recorder.all.get('k0.2')?.clients.filter((ops) => ops.length > 0).map((ops) => ops.length)).toEqual([1, 1]);
    for (const h of recorder.all.values()) expect(linearizableFromSomeStart(h)).toBe(true);
  });

  it('sendFirst one: the first send goes to firstServer(client) only; without it, to all', async () => {
    const one = fakeCluster(1);
    await runLoad(one.client, new HistoryRecorder(null), { clients: 3, keys: 1, durationMs: 5_000, ops: 6, writeRatio: 1, seed: 2, timing: { retryMs: 1_000, giveUpMs: 5_000, sendFirst: 'one' } });
    expect(one.sends.map((s) => [s.id.split('.')[0], s.only])).toEqual(expect.arrayContaining([['c0', 0], ['c1', 1], ['c2', 2]]));
    expect(one.sends.every((s) => s.only === Number(s.id.slice(1).split('.')[0]) % 3)).toBe(true);
    const all = fakeCluster(1);
    await runLoad(all.client, new HistoryRecorder(null), { clients: 2, keys: 1, durationMs: 5_000, ops: 4, writeRatio: 1, seed: 2 });
    expect(all.sends.every((s) => s.only === undefined)).toBe(true);
  });

  it('the throughput counts only what was answered inside the window, after the warm-up', async () => {
    const { client } = fakeCluster(5);
    const r = await runLoad(client, new HistoryRecorder(null), { clients: 1, keys: 1, durationMs: 200, warmupMs: 100, writeRatio: 0.5, seed: 3 });
    // throughput = answers in the 200 ms window / 0.2 s: a whole number of answers, fewer than all (the warm-up's are left out).
    const inWindow = r.throughput * 0.2;
    expect(Math.abs(inWindow - Math.round(inWindow))).toBeLessThan(1e-6);
    expect(inWindow).toBeGreaterThan(0);
    expect(inWindow).toBeLessThan(r.ok);
    expect(r.seconds).toBeGreaterThanOrEqual(0.3);
  });
});

describe('linearizableFromSomeStart (agora client load on a key written before)', () => {
  const w = (v: string): KvOp => ({ kind: 'write', value: v });
  const rd: KvOp = { kind: 'read' };
  /** A sequential history of one client: each op returns before the next. */
  function seq(ops: readonly [KvOp, KvResult][]): ClientHistory<KvOp, KvResult> {
    let h: ClientHistory<KvOp, KvResult> = { clients: [[]] };
    for (const [op, result] of ops) h = complete(invoke(h, 0, op), 0, result);
    return h;
  }
  it('an empty register, or one value left by an earlier load, is a start', () => {
    expect(linearizableFromSomeStart(seq([[rd, null], [w('a'), 'ok'], [rd, 'a']]))).toBe(true);
    expect(linearizableFromSomeStart(seq([[rd, 'old'], [w('a'), 'ok'], [rd, 'a']]))).toBe(true);
  });
  it('two values never written here cannot both be the start; a stale read after a write is caught whatever the start', () => {
    expect(linearizableFromSomeStart(seq([[rd, 'x'], [rd, 'y']]))).toBe(false);
    expect(linearizableFromSomeStart(seq([[rd, 'old'], [w('a'), 'ok'], [rd, 'old']]))).toBe(false);
    expect(linearizableFromSomeStart(seq([[w('a'), 'ok'], [rd, null]]))).toBe(false);
  });
});

describe('agora run --batch: the shape reaches the machines', () => {
  it('Multi-Paxos and S-Paxos proposers order --batch requests per slot; PBFT refuses a batch', async () => {
    const { runtimeProtocol } = await import('../../runtime/protocols/index.js');
    const shape = { servers: 3, slots: 4, rounds: 2, bug: null, batch: 4 };
    for (const name of ['multipaxos', 'spaxos']) {
      const system = runtimeProtocol(name).system(shape);
      const proposers = system.nodes.filter((n) => n.role === 'proposer');
      expect(proposers.map((p) => (p.input as { batch: number }).batch)).toEqual([4, 4, 4]);
      const unbatched = runtimeProtocol(name).system({ servers: 3, slots: 4, rounds: 2, bug: null });
      expect(unbatched.nodes.filter((n) => n.role === 'proposer').map((p) => (p.input as { batch: number }).batch)).toEqual([1, 1, 1]);
    }
    expect(() => runtimeProtocol('pbft').system({ servers: 4, slots: 4, rounds: 2, bug: null, batch: 2 })).toThrow(
      'pbft takes no --batch (the model\'s primary orders one request per sequence number), got 2',
    );
    expect(() => runtimeProtocol('pbft').system({ servers: 4, slots: 4, rounds: 2, bug: null, batch: 1 })).not.toThrow();
  });
});
