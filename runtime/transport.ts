/**
 * The cluster's transport: TCP on loopback (node:net) with length-prefixed
 * JSON frames (`frame.ts`). Why TCP: it is in Node's standard library (no
 * dependency), it delivers each connection's bytes reliably and in order, so
 * any loss or reordering in a run is one we inject on purpose, and it
 * carries messages of any size, which UDP datagrams do not. One connection
 * per direction between two servers: each server dials every other and sends
 * on the connection it dialled, and receives on the ones it accepted.
 *
 * A connection opens with a hello frame naming who dials: a server (its
 * index) or a client. Every later frame is `{ g, m }`: the key (the protocol
 * instance) and a message, which the host checks against the protocol's
 * schema before any machine sees it.
 * NOTE: the hello is trusted: no TLS, no MACs. On loopback between processes
 *   of one cluster this stands in for authenticated channels, which the
 *   model assumes (spec/core/envelope.ts).
 * NOTE: frames for a server whose connection is down are dropped, as the
 *   model allows (a message may never be delivered); clients retransmit.
 *
 * Fault injection (outbound, between servers only): drop a fraction of
 * frames, and delay each by a fixed time plus a random jitter (which also
 * reorders them).
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { encodeFrame, FrameDecoder } from './frame.js';

/** Who is at the other end of an accepted connection. */
export type Peer = { readonly kind: 'server'; readonly index: number } | { readonly kind: 'client'; readonly socket: Socket; readonly id: number };

/** Network faults injected on frames between servers. */
export interface NetworkFaults {
  /** Fraction of frames dropped, in [0, 1]. */
  readonly drop: number;
  /** Fixed delay added to every frame, ms. */
  readonly delayMs: number;
  /** Extra delay drawn uniformly from [0, jitterMs), ms. */
  readonly jitterMs: number;
}

export const NO_NETWORK_FAULTS: NetworkFaults = { drop: 0, delayMs: 0, jitterMs: 0 };

export interface TransportHandlers {
  /** A frame after the hello, from `peer`. */
  frame(peer: Peer, value: unknown): void;
  /** Something refused before it was a frame to hand on (bad hello, not JSON, oversized). */
  reject(peer: string, reason: string): void;
}

/** The hello a connection starts with. */
export interface Hello {
  readonly agora: 1;
  readonly protocol: string;
  readonly role: 'server' | 'client';
  readonly index?: number;
}

interface Outbound {
  socket: Socket | null;
  connected: boolean;
  queue: Buffer[];
  timer: NodeJS.Timeout | null;
}

const MAX_QUEUED = 10_000;

/** A server's end of the transport. */
export class ServerTransport {
  private readonly server: Server;
  private readonly outbound = new Map<number, Outbound>();
  private readonly accepted = new Set<Socket>();
  private ports: readonly number[] = [];
  private closed = false;
  private nextClient = 0;
  /** Frames dropped by fault injection, and sent. */
  readonly stats = { dropped: 0, sent: 0, received: 0, rejected: 0 };

  constructor(
    private readonly self: number,
    private readonly protocol: string,
    private readonly handlers: TransportHandlers,
    private readonly faults: NetworkFaults,
    private readonly random: () => number,
  ) {
    this.server = createServer((socket) => this.accept(socket));
    this.server.on('error', () => undefined);
  }

  /** Listens on 127.0.0.1:`port` (0: the OS chooses); resolves to the port. */
  listen(port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        const addr = this.server.address();
        resolve(typeof addr === 'object' && addr !== null ? addr.port : port);
      });
    });
  }

  /** The servers' ports, by index (this server's own is ignored). */
  setPorts(ports: readonly number[]): void {
    this.ports = ports;
    ports.forEach((_, k) => {
      if (k !== this.self && !this.outbound.has(k)) {
        const o: Outbound = { socket: null, connected: false, queue: [], timer: null };
        this.outbound.set(k, o);
        this.dial(k, o);
      }
    });
  }

  private dial(k: number, o: Outbound): void {
    if (this.closed) return;
    const port = this.ports[k];
    if (port === undefined) return;
    const socket = createConnection({ host: '127.0.0.1', port });
    o.socket = socket;
    socket.setNoDelay(true);
    socket.on('connect', () => {
      o.connected = true;
      const hello: Hello = { agora: 1, protocol: this.protocol, role: 'server', index: this.self };
      socket.write(encodeFrame(hello));
      for (const b of o.queue) socket.write(b);
      o.queue = [];
    });
    socket.on('data', () => undefined);
    socket.on('error', () => undefined);
    socket.on('close', () => {
      o.connected = false;
      o.socket = null;
      if (!this.closed) o.timer = setTimeout(() => this.dial(k, o), 50);
    });
  }

  /** Sends `value` to server `k`, through the injected faults. */
  sendToServer(k: number, value: unknown): void {
    const o = this.outbound.get(k);
    if (o === undefined) return;
    if (this.faults.drop > 0 && this.random() < this.faults.drop) {
      this.stats.dropped++;
      return;
    }
    const bytes = encodeFrame(value);
    const write = (): void => {
      this.stats.sent++;
      if (o.connected && o.socket !== null) o.socket.write(bytes);
      else if (o.queue.length < MAX_QUEUED) o.queue.push(bytes);
    };
    const delay = this.faults.delayMs + (this.faults.jitterMs > 0 ? this.random() * this.faults.jitterMs : 0);
    if (delay > 0) setTimeout(write, delay);
    else write();
  }

  /** Sends `value` to a client over the connection it opened. */
  sendToClient(socket: Socket, value: unknown): void {
    if (!socket.destroyed) socket.write(encodeFrame(value));
  }

  private accept(socket: Socket): void {
    this.accepted.add(socket);
    socket.setNoDelay(true);
    const decoder = new FrameDecoder();
    let peer: Peer | null = null;
    let name = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.accepted.delete(socket);
      if (decoder.pendingBytes > 0) this.refuse(name, `connection closed inside a frame (${decoder.pendingBytes} bytes of it arrived)`);
    });
    socket.on('data', (chunk: Buffer) => {
      for (const d of decoder.push(chunk)) {
        if (d.kind === 'fatal') {
          this.refuse(name, `${d.reason}; connection closed`);
          socket.destroy();
          return;
        }
        if (d.kind === 'garbage') {
          this.refuse(name, d.reason);
          continue;
        }
        if (peer === null) {
          peer = this.hello(d.value, socket);
          if (peer === null) {
            this.refuse(name, `bad hello ${JSON.stringify(d.value)?.slice(0, 200)}; connection closed`);
            socket.destroy();
            return;
          }
          name = peer.kind === 'server' ? `server ${peer.index}` : `client#${peer.id}`;
          continue;
        }
        this.stats.received++;
        this.handlers.frame(peer, d.value);
      }
    });
  }

  private refuse(peer: string, reason: string): void {
    this.stats.rejected++;
    this.handlers.reject(peer, reason);
  }

  private hello(value: unknown, socket: Socket): Peer | null {
    if (typeof value !== 'object' || value === null) return null;
    const h = value as Partial<Hello>;
    if (h.agora !== 1 || h.protocol !== this.protocol) return null;
    if (h.role === 'client') return { kind: 'client', socket, id: this.nextClient++ };
    if (h.role === 'server' && Number.isInteger(h.index) && (h.index as number) >= 0 && (h.index as number) !== this.self) {
      return { kind: 'server', index: h.index as number };
    }
    return null;
  }

  /** Closes every connection and stops listening. */
  close(): Promise<void> {
    this.closed = true;
    for (const o of this.outbound.values()) {
      if (o.timer !== null) clearTimeout(o.timer);
      o.socket?.destroy();
    }
    for (const s of this.accepted) s.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
