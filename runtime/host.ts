/**
 * One server process of a real cluster: it hosts, for every key it has
 * heard of, the protocol's nodes placed on this server (e.g. p1, a1, r1) as
 * live xstate actors (`createActor`), exactly the machines and inputs of the
 * protocol's `SystemSpec`. Each key is one instance of the protocol: one
 * replicated register, so the cluster is a key-value store of registers.
 *
 * A step: an event (a checked message, or `TIMEOUT`) goes to one actor with
 * `actor.send`; the `send` events the machine emits during it are collected,
 * the step is logged, and only then are the messages routed: to a node on
 * this server (a local queue), to another server (TCP), or to the clients.
 * Real timers become `TIMEOUT` events (`tick`). A message that fails the
 * schema, names a sender its connection does not host (forged), or a
 * receiver this server does not host, is logged and dropped; a machine that
 * throws is rolled back to its state before the event, which is logged and
 * dropped. Nothing a peer sends ends the process. A protocol may ask that a
 * message its machine cannot take yet be held back and offered again after
 * the node's next steps (`RuntimeProtocol.holdBack`; PBFT), rather than
 * handed over to be dropped: to the model it stayed in flight longer.
 *
 * Restart: the log is also the node's stable storage. A restarted server
 * replays its own logged steps through its machines (their sends discarded)
 * and so resumes in the state it was killed in, less the step it may have
 * been writing. NOTE: the model's crash-recovery restarts Multi-Paxos nodes
 *   fresh (it declares no stable fields); here every field survives, so a
 *   restart is, to the model, a node that was slow while the messages sent
 *   to it were lost.
 */
import { createActor, type Actor, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import type { Socket } from 'node:net';
import type { Envelope } from '../spec/core/envelope.js';
import type { NodeSpec, SystemSpec } from '../spec/core/system.js';
import { JsonLog, now, readLog, type ServerRecord } from './log.js';
import { seededRandom } from './random.js';
import type { ClusterShape, RuntimeProtocol } from './protocols/types.js';
import { ServerTransport, type NetworkFaults, type Peer } from './transport.js';

/** Everything one server process is started with. */
export interface HostConfig {
  readonly protocol: string;
  readonly shape: ClusterShape;
  /** This server's index, 0..servers-1. */
  readonly index: number;
  /** Port to listen on (0: chosen by the OS). */
  readonly port: number;
  /** Where `server-<index>.jsonl` is written; null: no log (and no recovery). */
  readonly logDir: string | null;
  readonly faults: NetworkFaults;
  /** How long work may wait without progress before the proposer here gets `TIMEOUT` (server k waits (1 + k/2) times this). */
  readonly timeoutMs: number;
  /** Seeds fault injection. */
  readonly seed: number;
}

const MAX_KEY = 256;

interface Group {
  readonly key: string;
  readonly actors: Map<string, Actor<AnyStateMachine>>;
  /** Timer bookkeeping: the progress measure last seen and since when it has not moved while work waits. */
  progress: number;
  /** The timer's epoch last seen (`timerState`'s `epoch`): a change restarts the wait, keeping the backoff. */
  epoch: string;
  since: number;
  /** Doubles after each timeout that brought no progress (at most 32), back to 1 on progress: a ballot needs time to finish. */
  backoff: number;
  /** Messages held back per node, oldest first, when the protocol asks for it (`RuntimeProtocol.holdBack`). */
  readonly held: Map<string, Envelope[]>;
  /**
   * The protocol's `timerState` as of the group's last step: it is a function
   * of the nodes' snapshots, which change only by a step, so a tick recomputes
   * it only for the groups that stepped since (a server hosts a group per key
   * ever used; most are idle).
   */
  timer: ReturnType<RuntimeProtocol['timerState']> | undefined;
}

/** Messages held back per node and key, at most; the oldest is dropped first (lost, to the model). */
export const HOLD_BACK = 256;


/** Whether the machine in `snapshot` has a transition for `ev` (one whose guard throws counts: the step will roll it back). */
function takes(snapshot: AnyMachineSnapshot, ev: { readonly type: string }): boolean {
  try {
    return snapshot.can(ev);
  } catch {
    return true;
  }
}

/** One server: its actors, its transport, its log and its timers. */
export class Host {
  readonly spec: SystemSpec;
  private readonly local: readonly NodeSpec[];
  private readonly groups = new Map<string, Group>();
  private readonly queue: { g: string; node: string; ev: Envelope }[] = [];
  private draining = false;
  private collecting: Envelope[] | null = null;
  private replaying = false;
  private readonly clients = new Map<string, Set<Socket>>();
  private readonly log: JsonLog | null;
  private timer: NodeJS.Timeout | null = null;
  readonly transport: ServerTransport;
  /** Counters for tests and the `--stats` line. */
  readonly stats = { steps: 0, rejected: 0, failed: 0, timeouts: 0, replayed: 0, heldBack: 0 };

  constructor(
    readonly config: HostConfig,
    readonly protocol: RuntimeProtocol,
    private readonly onReject: (reason: string) => void = () => undefined,
  ) {
    this.spec = protocol.system(config.shape);
    this.local = this.spec.nodes.filter((n) => protocol.serverOf(n.name, config.shape) === config.index);
    if (this.local.length === 0) throw new RangeError(`server ${config.index} hosts no node of ${protocol.name}`);
    this.transport = new ServerTransport(
      config.index,
      protocol.name,
      { frame: (peer, value) => this.inbound(peer, value), reject: (peer, reason) => this.reject(peer, reason) },
      config.faults,
      seededRandom(config.seed ^ (config.index * 0x9e3779b9)),
    );
    const path = config.logDir === null ? null : `${config.logDir}/server-${config.index}.jsonl`;
    const restart = path !== null && this.recover(path);
    this.log = path === null ? null : new JsonLog(path);
    this.write({ k: 'boot', t: now(), server: config.index, restart, protocol: protocol.name, shape: config.shape });
  }

  /** Starts listening and the timers; resolves to the port. */
  async start(): Promise<number> {
    const port = await this.transport.listen(this.config.port);
    this.timer = setInterval(() => this.tick(), Math.max(5, this.config.timeoutMs / 4));
    return port;
  }

  setPorts(ports: readonly number[]): void {
    this.transport.setPorts(ports);
  }

  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    await this.transport.close();
    for (const g of this.groups.values()) for (const a of g.actors.values()) a.stop();
    this.log?.close();
  }

  /** The local contexts of key `g` by node name (for tests and timers). */
  contexts(g: string): Map<string, unknown> {
    const out = new Map<string, unknown>();
    for (const [name, a] of this.groups.get(g)?.actors ?? []) out.set(name, a.getSnapshot().context);
    return out;
  }

  private write(r: ServerRecord): void {
    this.log?.write(r);
  }

  private reject(peer: string, reason: string): void {
    this.stats.rejected++;
    this.write({ k: 'reject', t: now(), peer, reason });
    this.onReject(`${peer}: ${reason}`);
  }

  private group(key: string): Group {
    let g = this.groups.get(key);
    if (g !== undefined) return g;
    const actors = new Map<string, Actor<AnyStateMachine>>();
    for (const n of this.local) actors.set(n.name, this.spawn(n, undefined));
    g = { key, actors, progress: 0, epoch: '', since: now(), backoff: 1, held: new Map(), timer: undefined };
    this.groups.set(key, g);
    return g;
  }

  private spawn(n: NodeSpec, snapshot: AnyMachineSnapshot | undefined): Actor<AnyStateMachine> {
    const logic = n.logic as AnyStateMachine;
    const actor = snapshot === undefined ? createActor(logic, { input: n.input }) : createActor(logic, { input: n.input, snapshot });
    actor.on('send', (e: { msg?: Envelope }) => {
      if (e.msg !== undefined) this.collecting?.push(e.msg);
    });
    // An error ends the actor; `step` sees its status and rolls it back. Subscribing keeps xstate from rethrowing it.
    actor.subscribe({ error: () => undefined });
    actor.start();
    return actor;
  }

  /** Hands `ev` to node `node` of key `g`; logs the step and routes what it sent. */
  private step(g: string, node: string, ev: { readonly type: string }): void {
    const grp = this.group(g);
    const actor = grp.actors.get(node);
    const spec = this.local.find((n) => n.name === node);
    if (actor === undefined || spec === undefined) return;
    const before = actor.getSnapshot() as AnyMachineSnapshot;
    if (this.protocol.holdBack === true && !this.replaying && 'from' in ev && (ev as Envelope).from !== this.protocol.clientsNode && !takes(before, ev)) {
      const list = grp.held.get(node) ?? [];
      list.push(ev as Envelope);
      if (list.length > HOLD_BACK) list.shift();
      grp.held.set(node, list);
      this.stats.heldBack++;
      return;
    }
    const sent: Envelope[] = [];
    this.collecting = sent;
    grp.timer = undefined;
    try {
      actor.send(ev);
    } finally {
      this.collecting = null;
    }
    const after = actor.getSnapshot() as AnyMachineSnapshot;
    if (after.status === 'error') {
      this.stats.failed++;
      grp.actors.set(node, this.spawn(spec, before));
      if (!this.replaying) this.write({ k: 'fail', t: now(), g, node, ev, error: String((after as { error?: unknown }).error) });
      return;
    }
    if (this.replaying) {
      this.stats.replayed++;
      return;
    }
    this.stats.steps++;
    this.write({ k: 'step', t: now(), g, node, ev, sent });
    for (const m of sent) this.route(g, m);
    this.offerHeld(grp, node);
  }

  /** After a step of `node`, hands it the oldest held-back message it can now take, if any (which in turn offers the rest). */
  private offerHeld(grp: Group, node: string): void {
    const list = grp.held.get(node);
    const actor = grp.actors.get(node);
    if (list === undefined || list.length === 0 || actor === undefined) return;
    const snapshot = actor.getSnapshot() as AnyMachineSnapshot;
    const i = list.findIndex((m) => takes(snapshot, m));
    if (i < 0) return;
    const [m] = list.splice(i, 1);
    this.step(grp.key, node, m as Envelope);
  }

  private route(g: string, m: Envelope): void {
    if (m.to === this.protocol.clientsNode) {
      const r = this.protocol.reply(m);
      if (r === null) return;
      const key = `${g}\u0000${r.id}`;
      for (const s of this.clients.get(key) ?? []) this.transport.sendToClient(s, { g, m });
      this.clients.delete(key);
      return;
    }
    const k = this.protocol.serverOf(m.to, this.config.shape);
    if (k === null) return;
    if (k === this.config.index) {
      // NOTE: messages between nodes of one server skip the network and its faults; they are queued, not delivered inside the sender's step.
      this.queue.push({ g, node: m.to, ev: m });
      if (!this.draining) {
        this.draining = true;
        setImmediate(() => this.drain());
      }
    } else this.transport.sendToServer(k, { g, m });
  }

  private drain(): void {
    while (this.queue.length > 0) {
      const { g, node, ev } = this.queue.shift() as (typeof this.queue)[number];
      this.step(g, node, ev);
    }
    this.draining = false;
  }

  /** A frame from a peer: `{ g, m }`, checked before any machine sees it. */
  private inbound(peer: Peer, value: unknown): void {
    const who = peer.kind === 'server' ? `server ${peer.index}` : `client#${peer.id}`;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return this.reject(who, 'a frame must be an object { g, m }');
    const { g, m, ...rest } = value as { g?: unknown; m?: unknown };
    if (Object.keys(rest).length > 0) return this.reject(who, `unknown frame fields ${Object.keys(rest).join(', ')}`);
    if (typeof g !== 'string' || g.length === 0 || g.length > MAX_KEY) return this.reject(who, `the key g must be a string of 1..${MAX_KEY} characters`);
    const checked = this.protocol.check(m, this.config.shape);
    if (!checked.ok) return this.reject(who, `malformed or unknown message: ${checked.reason}`);
    const msg = checked.msg;
    if (this.protocol.serverOf(msg.to, this.config.shape) !== this.config.index) return this.reject(who, `message to ${msg.to}, which server ${this.config.index} does not host`);
    if (peer.kind === 'server') {
      if (this.protocol.serverOf(msg.from, this.config.shape) !== peer.index) return this.reject(who, `forged: ${msg.type} from ${msg.from} on server ${peer.index}'s connection`);
    } else {
      const id = this.protocol.requestIdOf(msg);
      if (msg.from !== this.protocol.clientsNode || id === null) return this.reject(who, `forged: a client may only send requests as ${this.protocol.clientsNode}, got ${msg.type} from ${msg.from}`);
      const key = `${g}\u0000${id}`;
      const set = this.clients.get(key) ?? new Set<Socket>();
      set.add(peer.socket);
      this.clients.set(key, set);
    }
    this.step(g, msg.to, msg);
  }

  /**
   * Real time: a proposer whose work waits without progress for its timeout gets `TIMEOUT`
   * (the wait doubling after each timeout that changed nothing, so a slow ballot can finish).
   */
  private tick(): void {
    const t = now();
    const wait = this.config.timeoutMs * (1 + this.config.index / 2);
    for (const grp of this.groups.values()) {
      if (grp.timer === undefined) {
        const states = new Map<string, unknown>();
        for (const [name, a] of grp.actors) states.set(name, a.getSnapshot().value);
        grp.timer = this.protocol.timerState(this.contexts(grp.key), this.config.index, states);
      }
      const s = grp.timer;
      if (s === null) continue;
      const epoch = s.epoch ?? '';
      if (!s.waiting || s.progress !== grp.progress || epoch !== grp.epoch) {
        if (s.progress !== grp.progress) grp.backoff = 1;
        grp.progress = s.progress;
        grp.epoch = epoch;
        grp.since = t;
        continue;
      }
      if (t - grp.since < wait * grp.backoff) continue;
      grp.since = t;
      grp.backoff = Math.min(32, grp.backoff * 2);
      const actor = grp.actors.get(s.node);
      if (actor === undefined || !actor.getSnapshot().can({ type: 'TIMEOUT' })) continue;
      this.stats.timeouts++;
      this.step(grp.key, s.node, { type: 'TIMEOUT' });
    }
  }

  /** Replays this server's own log; true when there was one to replay. */
  private recover(path: string): boolean {
    const lines = readLog<ServerRecord>(path);
    if (lines.length === 0) return false;
    this.replaying = true;
    try {
      for (const { record } of lines) if (record !== null && record.k === 'step') this.step(record.g, record.node, record.ev);
    } finally {
      this.replaying = false;
    }
    return true;
  }
}
