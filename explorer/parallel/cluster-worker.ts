/**
 * `agora worker --nats URL`: a process that lends itself to searches
 * coordinated over NATS (`cluster.ts`). While free it answers recruitments;
 * once assigned to a run it hosts one search worker (`worker.ts`, the same
 * code as a thread of a one-process search) in a thread of its own, and its
 * main thread relays:
 *
 * - the search thread's batches and level summaries to the other workers'
 *   subjects, and theirs to the search thread's ports (waking it);
 * - the coordinator's orders (start, stop, a level's end, a checkpoint, a
 *   question about parents) into the thread's shared words or port;
 * - the thread's figures (four times a second, which is also how the
 *   coordinator knows this worker lives), its idle notes, its result and
 *   its answers, to the coordinator.
 *
 * The end of a level is the coordinator's to detect (the workers are not in
 * one memory), from this process's answers about the thread's words. A
 * worker that hears nothing from its coordinator for `lostAfterMs` leaves
 * the run and is free again: a restarted coordinator recruits it anew (and
 * may resume from a checkpoint).
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { connect, type NatsConnection, type Subscription } from 'nats';
import { compiledScript } from '../threads.js';
import { buildId } from './checkpoint.js';
import type { CheckpointedNote } from './coordinator.js';
import {
  CTL,
  STAT_WORDS,
  WORKER_WORDS,
  W_PASSIVE,
  W_RECV,
  W_SENT,
  W_WAKE,
  controlWords,
  type IdleNote,
  type WorkerInit,
  type WorkerResult,
} from './protocol.js';
import { RECRUIT_SUBJECT, Reassembler, runSubject, sendTo, unshared, workerSubject, type Assignment, type ToCoordinator, type ToWorker, type Volunteer } from './wire.js';

const STATS_EVERY_MS = 250;

export interface ClusterWorkerOptions {
  /** Where log lines go (joining and leaving runs). */
  readonly log: (line: string) => void;
}

/** A worker process: joins runs until `stop` is called; resolves once it has left the server. */
export interface ClusterWorker {
  readonly id: string;
  stop(): Promise<void>;
  /** Resolves when the connection to the server is closed (by `stop`, or lost). */
  readonly closed: Promise<void>;
}

export async function startClusterWorker(url: string, options: ClusterWorkerOptions): Promise<ClusterWorker> {
  // A worker whose server is gone for about a minute gives up (and `agora worker` exits 4).
  const nc = await connect({ servers: url, name: 'agora-worker', maxReconnectAttempts: 30, reconnectTimeWait: 2000 });
  const id = `${hostname().replace(/[^A-Za-z0-9_-]/g, '_')}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const runs = new Map<string, RunHost>();
  const me: Volunteer = { id, host: hostname(), pid: process.pid, build: buildId() };
  nc.subscribe(RECRUIT_SUBJECT, {
    callback: (err, msg) => {
      if (err !== null || runs.size > 0) return;
      msg.respond(new TextEncoder().encode(JSON.stringify(me)));
    },
  });
  nc.subscribe(workerSubject(id), {
    callback: (err, msg) => {
      if (err !== null) return;
      const a = JSON.parse(new TextDecoder().decode(msg.data)) as Assignment;
      const free = runs.size === 0 || (a.alongside !== undefined && runs.has(a.alongside));
      if (!free || runs.has(a.run)) {
        msg.respond(new TextEncoder().encode(JSON.stringify({ ok: false })));
        return;
      }
      runs.set(
        a.run,
        new RunHost(nc, a, options.log, () => {
          runs.delete(a.run);
        }),
      );
      msg.respond(new TextEncoder().encode(JSON.stringify({ ok: true })));
    },
  });
  await nc.flush();
  options.log(`agora worker ${id}: connected to ${url}, waiting for a run`);
  return {
    id,
    closed: nc.closed().then(() => undefined),
    stop: async () => {
      for (const r of [...runs.values()]) r.leave('this worker was stopped');
      await nc.drain();
    },
  };
}

/** This process's part of one run. */
class RunHost {
  private readonly w: number;
  private readonly workers: number;
  private readonly ctl: Int32Array;
  private readonly control: SharedArrayBuffer;
  private readonly stats: SharedArrayBuffer;
  /** This side of the thread's port to each other worker. */
  private readonly ends: (MessagePort | null)[];
  private readonly threadPorts: (MessagePort | null)[];
  private thread: Worker | null = null;
  private readonly sub: Subscription;
  private readonly timer: ReturnType<typeof setInterval>;
  private lastHeard = performance.now();
  private over = false;

  constructor(
    private readonly nc: NatsConnection,
    private readonly a: Assignment,
    private readonly log: (line: string) => void,
    private readonly onLeave: () => void,
  ) {
    this.w = a.setup.worker;
    this.workers = a.setup.workers;
    this.control = new SharedArrayBuffer(controlWords(this.workers) * 4);
    this.ctl = new Int32Array(this.control);
    this.ctl[CTL.checkpointAt] = -1;
    this.ctl[CTL.levelsDone] = a.startLevel;
    for (let w = 0; w < this.workers; w++) this.ctl[CTL.perWorker + w * WORKER_WORDS + W_PASSIVE] = -1;
    this.stats = new SharedArrayBuffer(this.workers * STAT_WORDS * 8);
    this.ends = [];
    this.threadPorts = [];
    for (let d = 0; d < this.workers; d++) {
      if (d === this.w) {
        this.ends.push(null);
        this.threadPorts.push(null);
        continue;
      }
      const { port1, port2 } = new MessageChannel();
      this.threadPorts.push(port1);
      this.ends.push(port2);
      // What the search thread sends worker d goes out on d's subject.
      port2.on('message', (m: { kind: string; data?: Int32Array; used?: number }) => {
        const out = m.kind === 'batch' ? { ...m, data: (m.data as Int32Array).slice(0, m.used) } : unshared(m);
        sendTo(this.nc, this.a.run, d, this.w, out);
      });
    }
    const frames = new Reassembler((from, m) => this.receive(from, m));
    this.sub = nc.subscribe(runSubject(a.run, this.w), {
      callback: (err, msg) => {
        if (err === null) frames.take(msg.data);
      },
    });
    this.timer = setInterval(() => this.tick(), STATS_EVERY_MS);
    log(`agora worker: joined run ${a.run} as worker ${this.w} of ${this.workers}`);
    void nc.flush().then(() => this.toCoordinator({ kind: 'ready' }));
  }

  private toCoordinator(m: ToCoordinator | WorkerResult | CheckpointedNote | IdleNote | { kind: string }): void {
    if (this.over) return;
    sendTo(this.nc, this.a.run, -1, this.w, m);
  }

  private receive(from: number, m: unknown): void {
    if (this.over) return;
    if (from >= 0) {
      // Another worker's batch or level summary: to the thread's port from that worker, then wake it.
      (this.ends[from] as MessagePort).postMessage(m);
      this.wakeThread();
      return;
    }
    this.lastHeard = performance.now();
    const order = m as ToWorker;
    switch (order.kind) {
      case 'alive':
        return;
      case 'start':
        this.start();
        return;
      case 'status': {
        const base = CTL.perWorker + this.w * WORKER_WORDS;
        this.toCoordinator({
          kind: 'status',
          seq: order.seq,
          passive: Atomics.load(this.ctl, base + W_PASSIVE),
          sent: Atomics.load(this.ctl, base + W_SENT),
          recv: Atomics.load(this.ctl, base + W_RECV),
        });
        return;
      }
      case 'levelDone':
        if (Atomics.load(this.ctl, CTL.levelsDone) <= order.level) Atomics.store(this.ctl, CTL.levelsDone, order.level + 1);
        this.wakeThread();
        return;
      case 'stop':
        Atomics.compareExchange(this.ctl, CTL.stop, 0, order.word);
        this.wakeThread();
        return;
      case 'checkpointAt':
        this.ctl[CTL.checkpointAt] = order.level;
        return;
      case 'query':
        this.thread?.postMessage(order.query);
        return;
      case 'end':
        this.leave(null);
        return;
    }
  }

  private wakeThread(): void {
    const wake = CTL.perWorker + this.w * WORKER_WORDS + W_WAKE;
    Atomics.add(this.ctl, wake, 1);
    Atomics.notify(this.ctl, wake);
  }

  private start(): void {
    if (this.thread !== null) return;
    const init: WorkerInit = { ...this.a.setup, barrier: 'coordinator', control: this.control, stats: this.stats };
    const transfer = this.threadPorts.filter((p): p is MessagePort => p !== null);
    const t = new Worker(compiledScript(import.meta.url, 'parallel/worker.js'), {
      workerData: { agoraSearch: true, init, ports: this.threadPorts },
      transferList: transfer,
    });
    this.thread = t;
    // Results, idle notes, checkpoint notes and answers about parents all go to the coordinator.
    t.on('message', (m: { kind: string }) => this.toCoordinator(unshared(m)));
    t.once('error', (e: Error) => this.toCoordinator({ kind: 'failed', name: e.name, message: e.message }));
  }

  private tick(): void {
    if (performance.now() - this.lastHeard > this.a.lostAfterMs) {
      this.leave(`nothing heard from the coordinator for ${Math.round(this.a.lostAfterMs / 1000)} s`);
      return;
    }
    const row = new Float64Array(this.stats, this.w * STAT_WORDS * 8, STAT_WORDS).slice();
    this.toCoordinator({ kind: 'stats', stats: row, rss: process.memoryUsage.rss() });
  }

  /** Leaves the run (why: null when the coordinator ended it) and frees this worker for another. */
  leave(why: string | null): void {
    if (this.over) return;
    this.over = true;
    clearInterval(this.timer);
    this.sub.unsubscribe();
    Atomics.store(this.ctl, CTL.stop, Atomics.load(this.ctl, CTL.stop) || 1);
    this.wakeThread();
    void this.thread?.terminate();
    for (const e of this.ends) e?.close();
    this.log(`agora worker: left run ${this.a.run}${why !== null ? ` (${why})` : ''}; waiting for a run`);
    this.onLeave();
  }
}
