/**
 * The coordinator's side of a search split over worker processes that talk
 * through NATS (`agora check ... --cluster URL`; the workers are
 * `agora worker --nats URL`, `cluster-worker.ts`). It is a `Launcher` for
 * the coordinator of `coordinator.ts`: the search, its counts, checkpoints
 * and report are those of worker threads; only where the workers run and
 * how they are reached differ.
 *
 * - **Recruiting.** It publishes a recruitment on `agora.recruit`, takes the
 *   first free workers that answer, and assigns each an index. A worker
 *   already taken by another run declines, and another is sought. Once all
 *   have subscribed to their run's subject, it tells them to start.
 * - **The end of each level** (the workers share no memory): when every
 *   worker has said it is idle at level d, it asks each for its idle level
 *   and its counts of batches sent and taken, twice; if both waves agree,
 *   all are idle at d and the counts balance, no batch is in flight
 *   (Mattern's four-counter method), and it tells every worker that level d
 *   is done. A wave that finds a worker busy is tried again a moment later.
 * - **Lost workers.** Each worker sends its figures four times a second. A
 *   worker unheard for `lostAfterMs` (or one whose search thread failed)
 *   fails the run: the others are stopped, and the report is an error that
 *   names the worker, never "holds". The coordinator sends the workers a
 *   heartbeat too; workers whose coordinator is gone leave the run, free for
 *   a restarted coordinator (which may `--resume` from a checkpoint).
 */
import { randomBytes } from 'node:crypto';
import { connect, createInbox, type NatsConnection } from 'nats';
import { buildId } from './checkpoint.js';
import type { CheckpointedNote, Launcher, WorkerGroup, WorkerSetup } from './coordinator.js';
import { STAT_WORDS, type IdleNote, type WorkerQuery, type WorkerResult } from './protocol.js';
import { RECRUIT_SUBJECT, Reassembler, runSubject, sendTo, workerSubject, type Assignment, type ToCoordinator, type ToWorker, type Volunteer } from './wire.js';

export interface ClusterOptions {
  /** A worker (or the coordinator) unheard for this long is lost (default 10 s). */
  readonly lostAfterMs?: number;
  /** How long to wait for enough free workers (default 30 s). */
  readonly joinTimeoutMs?: number;
  /** Where progress about recruiting goes. */
  readonly log?: (line: string) => void;
}

/** The search failed for a reason outside the model (a lost worker): nothing may be concluded from it. */
export class SearchFailed extends Error {
  override readonly name = 'SearchFailed';
}

const HEARTBEAT_MS = 500;
const RETRY_WAVE_MS = 1;

/** A `Launcher` that runs the workers in processes reached through the NATS server at `url`. */
export function clusterLauncher(url: string, options: ClusterOptions = {}): Launcher {
  const lostAfterMs = options.lostAfterMs ?? 10_000;
  const joinTimeoutMs = options.joinTimeoutMs ?? 30_000;
  const log = options.log ?? ((): void => {});
  const open = new Set<ClusterGroup>();
  return async (setups, startLevel, onCheckpointed) => {
    let nc: NatsConnection;
    try {
      nc = await connect({ servers: url, name: 'agora-coordinator', timeout: 5000 });
    } catch (e) {
      throw new SearchFailed(`cannot reach the NATS server at ${url}: ${(e as Error).message}`);
    }
    const run = randomBytes(6).toString('hex');
    const group = new ClusterGroup(nc, run, setups.length, startLevel, lostAfterMs, onCheckpointed);
    // A search started while an earlier one of this coordinator is open (the search for a shortest
    // counterexample) runs on that one's workers, which stay busy with it.
    const earlier = [...open].find((g) => g.members.length === setups.length);
    try {
      const members = await recruit(nc, run, setups, startLevel, lostAfterMs, joinTimeoutMs, log, earlier);
      group.members = members;
      open.add(group);
      group.onClose = () => open.delete(group);
      await group.started();
      log(`agora: run ${run} on ${members.map((m) => `${m.host}:${m.pid}`).join(', ')}`);
    } catch (e) {
      await group.close();
      throw e;
    }
    return group;
  };
}

/** Finds and assigns one free worker per setup; resolves with them in worker order. */
async function recruit(
  nc: NatsConnection,
  run: string,
  setups: readonly WorkerSetup[],
  startLevel: number,
  lostAfterMs: number,
  joinTimeoutMs: number,
  log: (line: string) => void,
  alongside?: ClusterGroup,
): Promise<Volunteer[]> {
  const need = setups.length;
  const members: Volunteer[] = [];
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  if (alongside !== undefined) {
    for (const v of alongside.members) {
      const a: Assignment = { run, setup: setups[members.length] as WorkerSetup, startLevel, lostAfterMs, alongside: alongside.run };
      const answer = await nc.request(workerSubject(v.id), enc.encode(JSON.stringify(a)), { timeout: 2000 }).catch(() => null);
      if (answer === null || !(JSON.parse(dec.decode(answer.data)) as { ok: boolean }).ok) {
        throw new SearchFailed(`worker ${v.host}:${v.pid} of run ${alongside.run} did not take the search for a shortest counterexample`);
      }
      members.push(v);
    }
    return members;
  }
  const refused = new Set<string>();
  const build = buildId();
  const deadline = performance.now() + joinTimeoutMs;
  let said = false;
  while (members.length < need) {
    if (performance.now() > deadline) {
      throw new SearchFailed(`only ${members.length} of ${need} workers joined within ${Math.round(joinTimeoutMs / 1000)} s; start more with 'agora worker --nats URL'`);
    }
    // Ask who is free, and take answers for a moment.
    const inbox = createInbox();
    const offers: Volunteer[] = [];
    const sub = nc.subscribe(inbox, {
      callback: (err, msg) => {
        if (err === null) offers.push(JSON.parse(dec.decode(msg.data)) as Volunteer);
      },
    });
    nc.publish(RECRUIT_SUBJECT, enc.encode(run), { reply: inbox });
    await nc.flush();
    await new Promise((r) => setTimeout(r, 200));
    sub.unsubscribe();
    for (const v of offers) {
      if (members.length === need) break;
      if (refused.has(v.id) || members.some((m) => m.id === v.id)) continue;
      if (v.build !== build) {
        refused.add(v.id);
        log(`agora: worker ${v.host}:${v.pid} runs another build of agora (${v.build}, here ${build}); not taken`);
        continue;
      }
      const a: Assignment = { run, setup: setups[members.length] as WorkerSetup, startLevel, lostAfterMs };
      try {
        const answer = await nc.request(workerSubject(v.id), enc.encode(JSON.stringify(a)), { timeout: 2000 });
        if ((JSON.parse(dec.decode(answer.data)) as { ok: boolean }).ok) members.push(v);
        else refused.add(v.id);
      } catch {
        refused.add(v.id);
      }
    }
    if (members.length < need && !said) {
      said = true;
      log(`agora: waiting for workers (${members.length} of ${need}); start them with 'agora worker --nats URL'`);
    }
  }
  return members;
}

class ClusterGroup implements WorkerGroup {
  members: Volunteer[] = [];
  readonly stats: Float64Array;
  private word = 0;
  private fail: Error | undefined;
  private readonly results_: (WorkerResult | null)[];
  private readonly ended: boolean[];
  private settle!: (r: (WorkerResult | null)[]) => void;
  readonly results: Promise<(WorkerResult | null)[]>;
  private readonly lastHeard: number[];
  private readonly readyCount: boolean[];
  private onReady: (() => void) | null = null;
  private readonly heartbeat: ReturnType<typeof setInterval>;
  private closed = false;
  /** The barrier: each worker's last idle level, the levels done, and the waves in progress. */
  private readonly idleAt: number[];
  private levelsDone: number;
  private detecting = false;
  private detectAgain = false;
  private seq = 0;
  private readonly waiting = new Map<number, { got: Map<number, { passive: number; sent: number; recv: number }>; done: () => void }>();
  private readonly listeners = new Set<(from: number, m: { kind: string }) => void>();

  onClose: (() => void) | null = null;

  constructor(
    private readonly nc: NatsConnection,
    readonly run: string,
    private readonly n: number,
    startLevel: number,
    private readonly lostAfterMs: number,
    private readonly onCheckpointed: (note: CheckpointedNote) => void,
  ) {
    this.stats = new Float64Array(n * STAT_WORDS);
    this.results_ = Array.from({ length: n }, () => null);
    this.ended = Array.from({ length: n }, () => false);
    this.results = new Promise((resolve) => (this.settle = resolve));
    this.lastHeard = Array.from({ length: n }, () => performance.now());
    this.readyCount = Array.from({ length: n }, () => false);
    this.idleAt = Array.from({ length: n }, () => -1);
    this.levelsDone = startLevel;
    const frames = new Reassembler((from, m) => this.receive(from, m as { kind: string }));
    nc.subscribe(runSubject(run, -1), {
      callback: (err, msg) => {
        if (err === null) frames.take(msg.data);
      },
    });
    this.heartbeat = setInterval(() => this.beat(), HEARTBEAT_MS);
  }

  private send(w: number, m: ToWorker): void {
    if (!this.closed) sendTo(this.nc, this.run, w, -1, m);
  }

  private all(m: ToWorker): void {
    for (let w = 0; w < this.n; w++) this.send(w, m);
  }

  /** Resolves when every worker has subscribed; then tells them to start. */
  async started(): Promise<void> {
    await this.nc.flush();
    if (!this.readyCount.every(Boolean)) {
      await new Promise<void>((resolve, reject) => {
        this.onReady = resolve;
        const t = setTimeout(() => reject(new SearchFailed('the workers did not get ready within 10 s')), 10_000);
        void this.results.then(() => clearTimeout(t));
      });
    }
    for (let w = 0; w < this.n; w++) this.lastHeard[w] = performance.now();
    this.all({ kind: 'start' });
  }

  private receive(from: number, m: { kind: string }): void {
    if (from < 0 || from >= this.n) return;
    this.lastHeard[from] = performance.now();
    switch (m.kind) {
      case 'ready':
        this.readyCount[from] = true;
        if (this.readyCount.every(Boolean)) this.onReady?.();
        return;
      case 'stats': {
        const s = m as ToCoordinator & { kind: 'stats' };
        this.stats.set(s.stats, from * STAT_WORDS);
        return;
      }
      case 'idle':
        this.idleAt[from] = (m as IdleNote).level;
        this.detect();
        return;
      case 'status': {
        const s = m as ToCoordinator & { kind: 'status' };
        const wave = this.waiting.get(s.seq);
        if (wave === undefined) return;
        wave.got.set(from, s);
        if (wave.got.size === this.n) wave.done();
        return;
      }
      case 'checkpointed':
        this.onCheckpointed(m as CheckpointedNote);
        return;
      case 'failed': {
        const f = m as ToCoordinator & { kind: 'failed' };
        this.failWith(new SearchFailed(`worker ${from} (${this.who(from)}) failed: ${f.name}: ${f.message}`));
        return;
      }
      case 'result':
        if (this.ended[from]) return;
        this.ended[from] = true;
        this.results_[from] = m as WorkerResult;
        if (this.ended.every(Boolean)) this.settle(this.results_);
        return;
      default:
        for (const l of this.listeners) l(from, m);
    }
  }

  private who(w: number): string {
    const m = this.members[w];
    return m === undefined ? '?' : `${m.host}:${m.pid}`;
  }

  /** The four-counter test of the level every worker says it idles at; on success, that level is done. */
  private detect(): void {
    if (this.detecting) {
      this.detectAgain = true;
      return;
    }
    const level = this.idleAt[0] as number;
    if (level < this.levelsDone || !this.idleAt.every((l) => l === level)) return;
    this.detecting = true;
    void (async () => {
      try {
        for (;;) {
          this.detectAgain = false;
          const first = await this.wave();
          if (first !== null && this.balanced(first, level)) {
            const second = await this.wave();
            if (second !== null && this.balanced(second, level) && this.same(first, second)) {
              this.levelsDone = level + 1;
              this.all({ kind: 'levelDone', level });
              return;
            }
          }
          if (this.closed || this.fail !== undefined || this.word !== 0) return;
          // Someone was busy (taking a batch): try again in a moment, while all still idle at this level.
          if (!this.idleAt.every((l) => l === level)) return;
          await new Promise((r) => setTimeout(r, RETRY_WAVE_MS));
        }
      } finally {
        this.detecting = false;
        if (this.detectAgain) this.detect();
      }
    })();
  }

  /** Every worker's idle level and counts, as each reads them on being asked; null if the run ended meanwhile. */
  private wave(): Promise<Map<number, { passive: number; sent: number; recv: number }> | null> {
    const seq = ++this.seq;
    return new Promise((resolve) => {
      const got = new Map<number, { passive: number; sent: number; recv: number }>();
      const timer = setInterval(() => {
        if (this.closed || this.fail !== undefined) {
          clearInterval(timer);
          this.waiting.delete(seq);
          resolve(null);
        }
      }, 100);
      this.waiting.set(seq, {
        got,
        done: () => {
          clearInterval(timer);
          this.waiting.delete(seq);
          resolve(got);
        },
      });
      this.all({ kind: 'status', seq });
    });
  }

  private balanced(w: Map<number, { passive: number; sent: number; recv: number }>, level: number): boolean {
    let sent = 0;
    let recv = 0;
    for (const s of w.values()) {
      if (s.passive !== level) return false;
      sent += s.sent;
      recv += s.recv;
    }
    return sent === recv;
  }

  private same(a: Map<number, { sent: number; recv: number }>, b: Map<number, { sent: number; recv: number }>): boolean {
    for (const [w, s] of a) {
      const t = b.get(w);
      if (t === undefined || t.sent !== s.sent || t.recv !== s.recv) return false;
    }
    return true;
  }

  private beat(): void {
    this.all({ kind: 'alive' });
    const now = performance.now();
    for (let w = 0; w < this.n; w++) {
      if (!this.ended[w] && now - (this.lastHeard[w] as number) > this.lostAfterMs) {
        this.failWith(new SearchFailed(`worker ${w} (${this.who(w)}) was lost: nothing heard from it for ${Math.round(this.lostAfterMs / 1000)} s; the search is incomplete`));
        return;
      }
    }
  }

  private failWith(e: Error): void {
    if (this.fail !== undefined) return;
    this.fail = e;
    this.stop(1);
    this.settle(this.results_);
  }

  stop(word: number): void {
    if (this.word === 0) this.word = word;
    this.all({ kind: 'stop', word });
  }

  stopWord(): number {
    return this.word;
  }

  checkpointAt(level: number): void {
    this.all({ kind: 'checkpointAt', level });
  }

  /** Worker processes keep their own tables and levels in memory: nothing here goes to disk (they publish no spillable levels). */
  setSpill(_on: boolean): void {}

  failure(): Error | undefined {
    return this.fail;
  }

  ask<A extends { kind: string }>(w: number, query: WorkerQuery, matches: (m: { kind: string }) => m is A): Promise<A> {
    return new Promise((resolve, reject) => {
      const on = (from: number, m: { kind: string }): void => {
        if (from !== w || !matches(m)) return;
        this.listeners.delete(on);
        clearInterval(timer);
        resolve(m);
      };
      // The worker may be lost while the trace is rebuilt.
      const timer = setInterval(() => {
        if (performance.now() - (this.lastHeard[w] as number) > this.lostAfterMs) {
          this.listeners.delete(on);
          clearInterval(timer);
          reject(new SearchFailed(`worker ${w} (${this.who(w)}) was lost while the counterexample was rebuilt`));
        }
      }, HEARTBEAT_MS);
      this.listeners.add(on);
      this.send(w, { kind: 'query', query });
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.all({ kind: 'end' });
    this.closed = true;
    this.onClose?.();
    clearInterval(this.heartbeat);
    try {
      await this.nc.drain();
    } catch {
      // Already closed.
    }
  }
}
