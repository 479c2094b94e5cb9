/**
 * Clients of a running cluster, which they see as a key-value store of
 * registers: `put k v` writes register k, `get k` reads it. A `KvClient` holds
 * one TCP connection to every server; a `KvSession` is one sequential client
 * (one client number): it sends each request to every server, retransmits it
 * (same id) until the first reply, and gives up after a deadline, leaving the
 * operation pending for good and retiring the session (its next operation
 * would break the model's one-operation-at-a-time rule for a client).
 * Every invocation and return is recorded per key in a `ClientHistory`
 * (spec/core/history.ts), which the linearizability checker reads, and
 * logged for `agora validate`.
 */
import { mkdirSync, readFileSync, rmdirSync, writeFileSync, existsSync } from 'node:fs';
import { createConnection, type Socket } from 'node:net';
import { complete, invoke, type ClientHistory } from '../spec/core/history.js';
import { encodeFrame, FrameDecoder } from './frame.js';
import { JsonLog, now } from './log.js';
import type { ClusterShape, KvOp, KvResult, RuntimeProtocol } from './protocols/types.js';
import type { Hello } from './transport.js';

/** A request waiting for its reply quorum: the result each server replied with so far (as JSON), and what to call with the result. */
interface Waiter {
  readonly votes: Map<string, string>;
  readonly resolve: (result: KvResult) => void;
}

/** Connections to every server of one cluster. */
export class KvClient {
  private readonly sockets: (Socket | null)[];
  private readonly waiters = new Map<string, Waiter>();
  private closed = false;
  /** Replies refused by the client's own schema check, or forged (a reply from a node the connection's server does not host). */
  rejected = 0;
  /** Matching replies from distinct servers that make a result (`RuntimeProtocol.replyQuorum`; default 1). */
  readonly quorum: number;

  constructor(
    readonly protocol: RuntimeProtocol,
    readonly shape: ClusterShape,
    private readonly ports: readonly number[],
  ) {
    this.sockets = ports.map(() => null);
    this.quorum = protocol.replyQuorum?.(shape) ?? 1;
    ports.forEach((_, k) => this.dial(k));
  }

  private dial(k: number): void {
    if (this.closed) return;
    const socket = createConnection({ host: '127.0.0.1', port: this.ports[k] as number });
    socket.setNoDelay(true);
    const decoder = new FrameDecoder();
    socket.on('connect', () => {
      const hello: Hello = { agora: 1, protocol: this.protocol.name, role: 'client' };
      socket.write(encodeFrame(hello));
      this.sockets[k] = socket;
    });
    socket.on('data', (chunk: Buffer) => {
      for (const d of decoder.push(chunk)) {
        if (d.kind !== 'frame') {
          this.rejected++;
          continue;
        }
        const { g, m } = (d.value ?? {}) as { g?: unknown; m?: unknown };
        const checked = this.protocol.check(m, this.shape);
        const from = checked.ok ? checked.msg.from : null;
        const reply = checked.ok ? this.protocol.reply(checked.msg) : null;
        if (typeof g !== 'string' || reply === null || from === null || this.protocol.serverOf(from, this.shape) !== k) {
          this.rejected++;
          continue;
        }
        const key = `${g}\u0000${reply.id}`;
        const w = this.waiters.get(key);
        if (w === undefined) continue;
        const result = JSON.stringify(reply.result);
        w.votes.set(from, result);
        if ([...w.votes.values()].filter((r) => r === result).length >= this.quorum) {
          this.waiters.delete(key);
          w.resolve(reply.result);
        }
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      if (this.sockets[k] === socket) this.sockets[k] = null;
      if (!this.closed) setTimeout(() => this.dial(k), 50);
    });
  }

  /** Sends client `c`'s `i`-th request on key `g` to every connected server, or to server `only`. */
  send(g: string, c: number, i: number, op: KvOp, only?: number): void {
    this.sockets.forEach((s, k) => {
      if ((only === undefined || k === only) && s !== null && !s.destroyed) s.write(encodeFrame({ g, m: this.protocol.request(c, i, op, k) }));
    });
  }

  /** Waits for the reply to request `id` on key `g`: the first one, or the first result `quorum` distinct servers sent. */
  await(g: string, id: string): Promise<KvResult> {
    return new Promise((resolve) => this.waiters.set(`${g}\u0000${id}`, { votes: new Map(), resolve }));
  }

  forget(g: string, id: string): void {
    this.waiters.delete(`${g}\u0000${id}`);
  }

  close(): void {
    this.closed = true;
    for (const s of this.sockets) s?.destroy();
  }
}

/** Per-key client histories of one client process, and its log. */
export class HistoryRecorder {
  private readonly histories = new Map<string, ClientHistory<KvOp, KvResult>>();
  private readonly log: JsonLog | null;

  constructor(logDir: string | null) {
    this.log = logDir === null ? null : new JsonLog(`${logDir}/client-${process.pid}-${Math.floor(now())}.jsonl`);
  }

  /** The keys touched so far, and each key's history. */
  get all(): ReadonlyMap<string, ClientHistory<KvOp, KvResult>> {
    return this.histories;
  }

  private of(g: string, c: number): ClientHistory<KvOp, KvResult> {
    const h = this.histories.get(g) ?? { clients: [] };
    return h.clients.length > c ? h : { clients: [...h.clients, ...Array.from({ length: c + 1 - h.clients.length }, () => [])] };
  }

  /** Client `c` invokes `op` on key `g`; returns the operation's index among c's operations on g. */
  invoke(g: string, c: number, op: KvOp): number {
    const h = this.of(g, c);
    const i = h.clients[c]?.length ?? 0;
    this.histories.set(g, invoke(h, c, op));
    this.log?.write({ k: 'invoke', t: now(), g, c, i, op });
    return i;
  }

  complete(g: string, c: number, i: number, result: KvResult): void {
    this.histories.set(g, complete(this.of(g, c), c, result));
    this.log?.write({ k: 'return', t: now(), g, c, i, result });
  }

  close(): void {
    this.log?.close();
  }
}

/** Retransmission and give-up times of a session, and where its first send of a request goes. */
export interface SessionTiming {
  readonly retryMs: number;
  readonly giveUpMs: number;
  /**
   * `all` (default): every send goes to every server. `one`: the first send
   * goes to the protocol's `firstServer` only, retransmissions to every server
   * (the papers' clients; a benchmark's choice, since sending to all makes
   * every S-Paxos replica a coordinator of every request).
   */
  readonly sendFirst?: 'all' | 'one';
}

export const DEFAULT_TIMING: SessionTiming = { retryMs: 300, giveUpMs: 5_000 };

/** The outcome of one operation. */
export type OpOutcome = { readonly ok: true; readonly result: KvResult; readonly latencyMs: number } | { readonly ok: false; readonly latencyMs: number };

/** One sequential client. */
export class KvSession {
  retired = false;

  constructor(
    private readonly client: KvClient,
    private readonly recorder: HistoryRecorder,
    readonly number: number,
    private readonly timing: SessionTiming = DEFAULT_TIMING,
  ) {}

  put(key: string, value: string): Promise<OpOutcome> {
    return this.run(key, { kind: 'write', value });
  }

  get(key: string): Promise<OpOutcome> {
    return this.run(key, { kind: 'read' });
  }

  async run(g: string, op: KvOp): Promise<OpOutcome> {
    if (this.retired) throw new Error(`client ${this.number} gave up on an operation and is retired`);
    const start = now();
    const i = this.recorder.invoke(g, this.number, op);
    const id = this.client.protocol.requestId(this.number, i);
    const reply = this.client.await(g, id);
    let timer: NodeJS.Timeout | null = null;
    const resend = (): void => {
      this.client.send(g, this.number, i, op);
      timer = setTimeout(resend, this.timing.retryMs);
    };
    if (this.timing.sendFirst === 'one') {
      this.client.send(g, this.number, i, op, this.client.protocol.firstServer(this.number, this.client.shape));
      timer = setTimeout(resend, this.timing.retryMs);
    } else resend();
    const deadline = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), this.timing.giveUpMs));
    const got = await Promise.race([reply, deadline]);
    if (timer !== null) clearTimeout(timer);
    if (got === 'timeout') {
      this.client.forget(g, id);
      this.retired = true;
      return { ok: false, latencyMs: now() - start };
    }
    this.recorder.complete(g, this.number, i, got);
    return { ok: true, result: got, latencyMs: now() - start };
  }
}

/**
 * Hands out client numbers unique within a cluster directory (a counter file
 * under a lock directory), so that client processes started one by one
 * (`agora client put ...`) never share a number.
 */
export function allocateClientNumbers(dir: string, count: number): number {
  const lock = `${dir}/clients.lock`;
  const file = `${dir}/clients.next`;
  const deadline = Date.now() + 5_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`cannot take ${lock}; remove it if no client is running`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
  try {
    const first = existsSync(file) ? Number(readFileSync(file, 'utf8')) : 0;
    writeFileSync(file, String(first + count));
    return first;
  } finally {
    rmdirSync(lock);
  }
}
