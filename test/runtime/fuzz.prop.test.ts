/**
 * The receiver's schema check under fire: a fuzzer (fast-check) opens
 * connections to a live server and sends random bytes, random JSON frames,
 * mutated protocol messages (wrong fields, forged senders, unknown types,
 * out-of-range slots), oversized length prefixes and truncated frames. The
 * server logs and drops them all, and still serves puts and gets afterwards.
 * Also: every message the machines themselves send passes the schema.
 */
import { createConnection } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HistoryRecorder, KvClient, KvSession } from '../../runtime/client.js';
import { encodeFrame, FrameDecoder, MAX_FRAME_BYTES } from '../../runtime/frame.js';
import { Host } from '../../runtime/host.js';
import { runLive } from '../../runtime/live.js';
import { runtimeProtocol } from '../../runtime/protocols/index.js';
import type { ClusterShape } from '../../runtime/protocols/types.js';
import { NO_NETWORK_FAULTS } from '../../runtime/transport.js';

const read = { kind: 'read' };
const write = { kind: 'write', value: 'z' };
/** Per protocol: its message types, well-formed messages (any sender and receiver: forged unless the connection hosts the sender), its nodes, and the cluster size whose machines' messages are checked against the schema. */
const PROTOCOLS = [
  {
    name: 'multipaxos',
    nodes: ['p0', 'a0', 'r0', 'p1', 'clients'],
    types: ['mp.request', 'mp.prepare', 'mp.promise', 'mp.accept', 'mp.accepted', 'mp.decide', 'mp.reply'],
    wellFormed: [
      { type: 'mp.prepare', ballot: 1 },
      { type: 'mp.accept', ballot: 0, slot: 0, batch: [{ id: 'c9.0', op: write }] },
      { type: 'mp.accepted', ballot: 0, slot: 1, batch: [] },
      { type: 'mp.decide', slot: 0, batch: [{ id: 'c9.1', op: read }] },
      { type: 'mp.promise', ballot: 2, votes: [] },
      { type: 'mp.request', entry: { id: 'c9.2', op: read } },
      { type: 'mp.reply', id: 'c9.0', result: null },
    ],
    servers: 3,
  },
  {
    name: 'spaxos',
    nodes: ['p0', 'a0', 'r0', 'r1', 'clients'],
    types: ['mp.request', 'mp.prepare', 'mp.promise', 'mp.accept', 'mp.accepted', 'mp.decide', 'mp.reply', 'sp.forward', 'sp.ack'],
    wellFormed: [
      { type: 'mp.accept', ballot: 0, slot: 0, batch: [{ id: 'c9.0' }] },
      { type: 'mp.decide', slot: 0, batch: [{ id: 'c9.1' }] },
      { type: 'mp.request', entry: { id: 'c9.2' } },
      { type: 'mp.request', entry: { id: 'c9.3', op: write } },
      { type: 'sp.forward', entry: { id: 'c9.4', op: read } },
      { type: 'sp.ack', id: 'c9.4' },
    ],
    servers: 3,
  },
  {
    name: 'pbft',
    nodes: ['r0', 'r1', 'r3', 'clients'],
    types: ['pbft.request', 'pbft.pre-prepare', 'pbft.prepare', 'pbft.commit', 'pbft.reply', 'pbft.view-change', 'pbft.new-view'],
    wellFormed: [
      { type: 'pbft.request', request: { id: 'c9.0', op: write } },
      { type: 'pbft.pre-prepare', view: 0, seq: 1, request: { id: 'c9.0', op: write } },
      { type: 'pbft.prepare', view: 0, seq: 2, digest: 'c9.1' },
      { type: 'pbft.commit', view: 0, seq: 1, digest: null },
      { type: 'pbft.view-change', view: 1, prepared: [{ view: 0, seq: 1, request: { id: 'c9.2', op: read } }] },
      { type: 'pbft.new-view', view: 2, viewChanges: [{ from: 'r1', prepared: [] }], preprepares: [{ seq: 1, request: null }] },
      { type: 'pbft.reply', id: 'c9.0', result: 'ok' },
    ],
    servers: 4,
  },
] as const;

describe.each(PROTOCOLS)('the receiver schema check of $name (fuzzed)', (protocol) => {
  const adapter = runtimeProtocol(protocol.name);
  const shape: ClusterShape = { servers: 1, slots: 16, rounds: 4, bug: null };
  let host: Host;
  let port: number;
  const rejections: string[] = [];

  beforeAll(async () => {
    host = new Host({ protocol: protocol.name, shape, index: 0, port: 0, logDir: null, faults: NO_NETWORK_FAULTS, timeoutMs: 100, seed: 1 }, adapter, (r) => rejections.push(r));
    port = await host.start();
    host.setPorts([port]);
  });

  afterAll(async () => {
    await host.stop();
  });
  /** Opens a connection, writes `chunks` one by one, then closes it once the server has had time to read. */
  function blast(chunks: readonly Buffer[]): Promise<void> {
    return new Promise((resolve) => {
      const s = createConnection({ host: '127.0.0.1', port });
      s.on('error', () => resolve());
      s.on('connect', () => {
        for (const c of chunks) s.write(c);
        s.end();
      });
      s.on('close', () => resolve());
      s.resume();
    });
  }

  const clientHello = encodeFrame({ agora: 1, protocol: protocol.name, role: 'client' });
  const serverHello = (index: number) => encodeFrame({ agora: 1, protocol: protocol.name, role: 'server', index });

  const node = fc.constantFrom(...protocol.nodes, 'x', '', 'p0 ');
  const anyField = fc.oneof(fc.integer({ min: -3, max: 40 }), fc.string({ maxLength: 6 }), fc.constant(null), fc.jsonValue({ maxDepth: 2 }));
  const entry = fc.record({ id: fc.oneof(fc.constant('c0.0'), fc.string({ maxLength: 8 })), op: fc.oneof(fc.constant({ kind: 'read' }), fc.record({ kind: fc.constant('write'), value: fc.string({ maxLength: 8 }) }), anyField) });
  const message = fc.record(
    {
      type: fc.constantFrom(...protocol.types, 'mp.bogus', 'TIMEOUT', 'xstate.init'),
      from: node,
      to: node,
      ballot: anyField,
      slot: anyField,
      batch: fc.oneof(fc.array(entry, { maxLength: 2 }), anyField),
      votes: fc.oneof(fc.array(fc.record({ slot: anyField, ballot: anyField, batch: fc.array(entry, { maxLength: 1 }) }), { maxLength: 2 }), anyField),
      entry: fc.oneof(entry, anyField),
      id: fc.oneof(fc.constant('c0.0'), anyField),
      view: anyField,
      seq: anyField,
      digest: anyField,
      request: fc.oneof(entry, anyField),
      prepared: fc.oneof(fc.array(fc.record({ view: anyField, seq: anyField, request: fc.oneof(entry, fc.constant(null)) }), { maxLength: 2 }), anyField),
      viewChanges: fc.oneof(fc.array(fc.record({ from: node, prepared: fc.constant([]) }), { maxLength: 2 }), anyField),
      preprepares: fc.oneof(fc.array(fc.record({ seq: anyField, request: fc.oneof(entry, fc.constant(null)) }), { maxLength: 2 }), anyField),
      extra: anyField,
    },
    { requiredKeys: ['type'] },
  );
  /** Well-formed messages with any sender and receiver: forged unless the connection hosts the sender. */
  const wellFormed = fc
    .tuple(
      fc.constantFrom<Record<string, unknown>>(...protocol.wellFormed),
      node,
      node,
    )
    .map(([m, from, to]) => ({ ...m, from, to }));
  const frameValue = fc.oneof(
    fc.record({ g: fc.constantFrom('k', 'k1'), m: wellFormed }),
    fc.record({ g: fc.oneof(fc.constantFrom('k', 'k0'), anyField), m: message }, { requiredKeys: [] }),
    fc.jsonValue({ maxDepth: 3 }),
  );
  /** One connection's worth of bytes. */
  const session = fc.tuple(
    fc.oneof(fc.constant(clientHello), fc.constant(serverHello(1)), fc.constant(serverHello(0)), frameValue.map((v) => encodeFrame(v))),
    fc.array(
      fc.oneof(
        frameValue.map((v) => encodeFrame(v)),
        fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
        fc.tuple(frameValue, fc.nat()).map(([v, cut]) => {
          const f = encodeFrame(v);
          return f.subarray(0, cut % f.length);
        }),
        fc.constant(Buffer.from([0xff, 0xff, 0xff, 0xff, 0x7b])),
        fc.string({ maxLength: 20 }).map((t) => {
          const body = Buffer.from(t, 'utf8');
          const b = Buffer.alloc(4 + body.length);
          b.writeUInt32BE(body.length, 0);
          body.copy(b, 4);
          return b; // a well-framed body that is (usually) not JSON
        }),
      ),
      { maxLength: 8 },
    ),
  );

  it('drops random, malformed, forged and truncated frames without crashing, and still serves', async () => {
    await fc.assert(
      fc.asyncProperty(session, async ([hello, frames]) => {
        await blast([hello, ...frames]);
      }),
      { numRuns: 120 },
    );
    expect(rejections.length).toBeGreaterThan(50);
    expect(rejections.some((r) => /forged/.test(r))).toBe(true);
    expect(rejections.some((r) => /malformed or unknown message/.test(r))).toBe(true);
    expect(rejections.some((r) => /exceeds/.test(r))).toBe(true);
    expect(rejections.some((r) => /closed inside a frame/.test(r))).toBe(true);
    // Still serving.
    const client = new KvClient(adapter, shape, [port]);
    try {
      const s = new KvSession(client, new HistoryRecorder(null), 1000);
      expect(await s.put('after', 'fuzz')).toMatchObject({ ok: true, result: 'ok' });
      expect(await s.get('after')).toMatchObject({ ok: true, result: 'fuzz' });
    } finally {
      client.close();
    }
  });

  it('every message the machines send passes the schema', () => {
    const s3: ClusterShape = { servers: protocol.servers, slots: 3, rounds: 2, bug: null };
    const spec = adapter.system(s3);
    for (const seed of [1, 2, 3, 4, 5]) {
      const r = runLive(spec, { seed, maxSteps: 3_000, environmentRate: 0.2 });
      const delivered = r.trace.flatMap((step) => (step.kind === 'deliver' ? [step.msg] : []));
      expect(delivered.length).toBeGreaterThan(10);
      for (const m of [...delivered, ...r.inFlight]) expect(adapter.check(m, s3)).toMatchObject({ ok: true });
    }
  });
});

describe('the frame decoder', () => {
  it('reassembles frames split at any byte', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 5 }), fc.array(fc.nat(), { maxLength: 6 }), (values, cuts) => {
        const bytes = Buffer.concat(values.map((v) => encodeFrame(v)));
        const points = [...new Set(cuts.map((c) => (bytes.length === 0 ? 0 : c % bytes.length)))].sort((a, b) => a - b);
        const d = new FrameDecoder();
        const out: unknown[] = [];
        let at = 0;
        for (const p of [...points, bytes.length]) {
          for (const f of d.push(bytes.subarray(at, p))) if (f.kind === 'frame') out.push(f.value);
          at = p;
        }
        expect(out).toEqual(values.map((v) => JSON.parse(JSON.stringify(v)) as unknown));
      }),
    );
    expect(new FrameDecoder().push(Buffer.from([0, 0x20, 0, 1]))[0]).toMatchObject({ kind: MAX_FRAME_BYTES < 0x200001 ? 'fatal' : 'frame' });
  });
});
