/**
 * A discrete-event simulator of a replicated-log cluster under a cost model.
 *
 * It hosts the very machines the explorer checks (the nodes of
 * `multipaxosSystem` / `spaxosSystem`, stepped with xstate's pure
 * `transition()`, as runtime/validate.ts does) and only delivers their
 * messages: no line of protocol logic lives here. What it adds is time:
 *
 * - **Servers.** n servers; server k hosts the nodes with index k (proposer
 *   pk, acceptor ak, replica rk: the placement of `agora run`). Each has
 *   `cores` cores and one FIFO queue of jobs; a job is one message handed to
 *   one machine. A job's CPU time is the receive cost (network message:
 *   `recvPerMessage + perByte × bytes`; a message from a node of the same
 *   server: `localPerMessage`) plus, for every network message the step
 *   emits, `sendPerMessage + perByte × bytes`. The machine steps when the job
 *   starts; what it sent leaves when the job ends.
 * - **Network.** Each server has a full-duplex interface of `bandwidth`
 *   bytes/s: a message occupies the sender's outbound side for bytes/bandwidth,
 *   travels `latency` (+ seeded jitter), and occupies the receiver's inbound
 *   side (cut-through: it is in when both its last byte arrived and the
 *   inbound side has had bytes/bandwidth for it). Messages between nodes of
 *   one server skip the network.
 * - **Clients.** `clients` closed-loop clients on hosts of their own (no CPU
 *   cost, no bandwidth limit, `clientLatency` each way): a client sends its
 *   next request the moment the previous one is answered. The clients are the
 *   model's `clients` node (one machine plays them all and keeps their
 *   history); a REQUEST event makes it send, a reply completes the op.
 * - **Instances.** The machines keep every slot of their log (no truncation),
 *   so a run is cut into independent protocol instances of `epoch` requests
 *   each, the per-key instances of `agora run`'s key-value store: requests
 *   fill instance 0 in the order clients issue them, then instance 1, and so
 *   on, and each instance is the protocol's system with `epoch` one-command
 *   clients and epoch/batch slots, its p0 leading ballot 0 from the start.
 *   All instances share the servers, their CPUs and their links. An instance
 *   is dropped once its requests are answered and none of its messages is in
 *   flight or queued.
 * - **Batching** is the machines' own: the proposer fills a slot once `batch`
 *   requests (Multi-Paxos) or stable ids (S-Paxos) wait. With closed-loop
 *   clients that needs batch ≤ clients, and epoch a multiple of batch (then
 *   every batch fills; the engine checks both).
 *
 * - **One machine** (`oneMachine`): all servers share the machine's `cores`
 *   cores, each server running one job at a time (one process, one event
 *   loop), the job that arrived first going first, as a loopback cluster of
 *   Node processes on one host runs (runtime/sim/measure.ts).
 *
 * NOTE: no failures, no timeouts, no phase 1: the steady state with p0 leading.
 * NOTE: a server's cores serve its queue in FIFO order whatever the node: two
 *   steps of one machine may overlap in time (the step's effect on the state
 *   happens at its start, in queue order).
 */
import { createActor, initialTransition, type AnyActorScope, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import { sentMessages, type Envelope } from '../../spec/core/envelope.js';
import type { ClientHistory } from '../../spec/core/history.js';
import type { SystemSpec } from '../../spec/core/system.js';
import { multipaxosSystem } from '../../machines/multipaxos/system.js';
import { spaxosSystem } from '../../machines/spaxos/system.js';
import { parseRequestId } from '../../spec/multipaxos/messages.js';
import type { ClientsState } from '../../spec/multipaxos/state.js';
import { seededRandom } from '../random.js';
import { EventHeap } from './heap.js';
import { messageBytes, type CostModel } from './model.js';

export type SimProtocol = 'multipaxos' | 'spaxos';

export interface SimConfig {
  readonly protocol: SimProtocol;
  /** Replicas (servers). */
  readonly n: number;
  /** Closed-loop clients of the model (each stands for `aggregate` real clients). */
  readonly clients: number;
  /** The machines' batch: requests (Multi-Paxos) or ids (S-Paxos) per slot. */
  readonly batch: number;
  /** Client requests to complete (rounded up to a whole number of instances: `epoch` × `aggregate`). */
  readonly requests: number;
  /** Payload bytes of each client request on the wire. */
  readonly payload: number;
  /**
   * Client requests per model command (default 1): each command the model's
   * clients send stands for `aggregate` requests of as many clients, sent and
   * answered together. A message carrying commands carries `aggregate` ×
   * `payload` bytes for each; a message from or to the clients costs
   * `aggregate` times the per-message CPU (they are that many messages on a
   * real network). Everything between servers carries the requests together:
   * the paper's batching (S-Paxos forwards and acks batches of requests;
   * JPaxos's 2a carries a batch). Throughput and client counts are in requests.
   */
  readonly aggregate?: number;
  readonly cost: CostModel;
  /** Requests per protocol instance (default: the multiple of `batch` nearest 64). */
  readonly epoch?: number;
  readonly seed?: number;
  /** Fraction of the requests, from the start, left out of the measurement (default 0.1). */
  readonly warmup?: number;
  /** Keep every instance's client history (for tests; memory grows with the run). */
  readonly keepHistories?: boolean;
  /** Called for every machine step: the instance, the node stepped, and the event it was given. */
  readonly onStep?: (instance: number, node: string, event: { readonly type: string }) => void;
}

export interface SimResult {
  readonly config: Omit<SimConfig, 'onStep' | 'cost' | 'keepHistories'>;
  readonly epoch: number;
  /** Requests completed in all. */
  readonly completed: number;
  /** Requests in the measurement window (after the warm-up, before the last `clients` completions). */
  readonly measured: number;
  /** Requests per second of virtual time, over the window. */
  readonly throughput: number;
  /** Seconds from a client's request to its reply, over the window. */
  readonly latency: { readonly mean: number; readonly p50: number; readonly p99: number };
  /** Per server: CPU seconds busy in the window, and busy / (cores × window). */
  readonly cpu: { readonly busy: readonly number[]; readonly utilisation: readonly number[]; readonly leaderShare: number };
  /** Per server: bytes sent in the window, and that over the interface's capacity. */
  readonly net: { readonly sentBytes: readonly number[]; readonly utilisation: readonly number[] };
  /** Network messages and local (same-server) messages, whole run. */
  readonly messages: { readonly network: number; readonly local: number; readonly bytes: number };
  /** Machine steps, whole run. */
  readonly steps: number;
  /** Virtual time at the end of the run, seconds. */
  readonly virtualSeconds: number;
  /** Wall-clock seconds the simulation took. */
  readonly wallSeconds: number;
  /** CPU seconds (user + system) the simulation took: the wall time on an idle core. */
  readonly cpuSeconds: number;
  /** Client histories per instance (with `keepHistories`). */
  readonly histories?: readonly ClientHistory[];
}

/** One message handed to one machine on a server. */
interface Job {
  /** The server whose node takes the message. */
  readonly host: number;
  /** When it arrived in the server's queue. */
  readonly at: number;
  readonly inst: Instance;
  readonly node: number;
  readonly msg: Envelope;
  readonly bytes: number;
  readonly local: boolean;
  /** Sent by the clients: it stands for `aggregate` messages. */
  readonly fromClients: boolean;
}

interface Instance {
  readonly id: number;
  readonly snaps: AnyMachineSnapshot[];
  issued: number;
  answered: number;
  /** Messages sent and not yet handled (in the network or in a CPU queue or being handled). */
  inflight: number;
  readonly slotClient: Int32Array;
  readonly slotIssued: Float64Array;
  readonly slotAnswered: Uint8Array;
}

type SimEvent =
  | { readonly k: 'issue'; readonly client: number }
  | { readonly k: 'arrive'; readonly host: number; readonly job: Job }
  | { readonly k: 'done'; readonly host: number; readonly job: Job; readonly sent: readonly Envelope[]; readonly sizes: readonly number[] }
  | { readonly k: 'reply'; readonly inst: Instance; readonly msg: Envelope };

/** The system of one instance. */
export function instanceSystem(protocol: SimProtocol, n: number, epoch: number, batch: number): SystemSpec {
  const slots = epoch / batch;
  if (protocol === 'multipaxos') {
    return multipaxosSystem(
      { clients: epoch, commands: 1, proposers: n, acceptors: n, replicas: n, slots, rounds: 1 },
      { variant: 'leader', batch, leaderKnown: true },
    );
  }
  return spaxosSystem({ clients: epoch, commands: 1, replicas: n, proposers: n, slots, rounds: 1 }, { variant: 'leader', batch });
}

/** The default instance size: the multiple of `batch` nearest 64 (at least `batch`). */
export function defaultEpoch(batch: number): number {
  return batch * Math.max(1, Math.round(64 / batch));
}

/**
 * xstate's pure `transition()` with its actor scope built once per node
 * instead of once per call: `transition(logic, s, e)` is
 * `logic.transition(s, e, scope)` with a fresh inert scope whose action
 * executor collects the actions, and building that scope (an actor, whose
 * constructor computes an initial snapshot) took most of a step's time.
 */
export function pureStepper(logic: AnyStateMachine, input: unknown): (s: AnyMachineSnapshot, e: { readonly type: string }) => [AnyMachineSnapshot, { type: string; params?: unknown }[]] {
  let actions: { type: string; params?: unknown }[] = [];
  const scope = actorScope(logic, input, (action) => {
    actions.push(action);
  });
  return (s, e) => {
    actions = [];
    const next = logic.transition(s, e as never, scope) as AnyMachineSnapshot;
    return [next, actions];
  };
}

/** The scope `transition` needs, built once: an actor of `logic` that runs nothing, its actions handed to `onAction`. */
export function actorScope(logic: AnyStateMachine, input: unknown, onAction: (action: { type: string; params?: unknown }) => void): AnyActorScope {
  const self = createActor(logic, { input });
  return {
    self,
    defer: () => {},
    id: '',
    logger: () => {},
    sessionId: '',
    stopChild: () => {},
    system: self.system,
    emit: () => {},
    actionExecutor: onAction,
  } as unknown as AnyActorScope;
}

function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

export function simulate(config: SimConfig): SimResult {
  const { protocol, n, clients, batch, payload, cost } = config;
  const epoch = config.epoch ?? defaultEpoch(batch);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive integer, got ${n}`);
  if (!Number.isInteger(batch) || batch < 1 || batch > clients) throw new RangeError(`batch must be an integer in 1..clients (${clients}), got ${batch}`);
  if (!Number.isInteger(epoch) || epoch % batch !== 0) throw new RangeError(`epoch (${epoch}) must be a multiple of batch (${batch})`);
  if (!Number.isInteger(cost.cores) || cost.cores < 1) throw new RangeError(`cores must be a positive integer, got ${cost.cores}`);

  const random = seededRandom(config.seed ?? 1);
  const aggregate = config.aggregate ?? 1;
  if (!Number.isInteger(aggregate) || aggregate < 1) throw new RangeError(`aggregate must be a positive integer, got ${aggregate}`);
  const bytesOf = (msg: Envelope): number => messageBytes(msg, payload * aggregate);
  /** Model commands to complete. */
  const total = Math.ceil(config.requests / (epoch * aggregate)) * epoch;
  const warm = Math.floor(total * (config.warmup ?? 0.1));
  // The window ends before the drain, when fewer than `clients` requests are left to answer.
  const windowEnd = total - clients > warm ? total - clients : total;

  const system = instanceSystem(protocol, n, epoch, batch);
  const logic = system.nodes.map((node) => node.logic as AnyStateMachine);
  const steppers = system.nodes.map((node, i) => pureStepper(logic[i] as AnyStateMachine, node.input));
  const initial = system.nodes.map((node, i) => initialTransition(logic[i] as AnyStateMachine, node.input)[0] as AnyMachineSnapshot);
  const names = system.nodes.map((node) => node.name);
  const index = new Map(names.map((name, i) => [name, i]));
  /** Server of each node; -1 for the clients. */
  const hostOf = system.nodes.map((node) => (node.role === 'clients' ? -1 : Number(node.name.slice(1))));
  const clientsNode = hostOf.indexOf(-1);

  const heap = new EventHeap<SimEvent>();
  /**
   * Each server's queue of jobs. A server runs `cores` jobs at once, or with
   * `oneMachine` one (a server is one process with one event loop), while the
   * machine runs at most `cores` jobs of all servers together, the job that
   * arrived first going first.
   */
  const shared = cost.oneMachine === true;
  const perServer = shared ? 1 : cost.cores;
  let machineBusy = 0;
  const queues: Job[][] = Array.from({ length: n }, () => []);
  const heads = new Array<number>(n).fill(0);
  const busyCores = new Array<number>(n).fill(0);
  const outFree = new Array<number>(n).fill(0);
  const inFree = new Array<number>(n).fill(0);
  const busy = new Array<number>(n).fill(0);
  const sentBytes = new Array<number>(n).fill(0);
  const latencies = new Float64Array(total);
  const histories: ClientHistory[] = [];
  const instances: Instance[] = [];
  let current: Instance | null = null;
  let nextInstance = 0;
  let issuedTotal = 0;
  let answeredTotal = 0;
  let windowOpen = warm === 0;
  let windowStart = 0;
  let windowStop = 0;
  let steps = 0;
  let network = 0;
  let local = 0;
  let bytesTotal = 0;

  function newInstance(): Instance {
    const inst: Instance = {
      id: nextInstance++,
      snaps: [...initial],
      issued: 0,
      answered: 0,
      inflight: 0,
      slotClient: new Int32Array(epoch),
      slotIssued: new Float64Array(epoch),
      slotAnswered: new Uint8Array(epoch),
    };
    instances.push(inst);
    return inst;
  }

  function step(inst: Instance, node: number, event: { readonly type: string }): Envelope[] {
    steps++;
    config.onStep?.(inst.id, names[node] as string, event);
    const [next, actions] = (steppers[node] as ReturnType<typeof pureStepper>)(inst.snaps[node] as AnyMachineSnapshot, event);
    if (next.status === 'error') throw new Error(`${names[node]} failed on ${event.type}: ${String((next as { error?: unknown }).error)}`);
    inst.snaps[node] = next;
    return sentMessages(actions);
  }

  /** Sends `msg` from a node on `from` (-1: the clients) at time t. */
  function route(from: number, inst: Instance, msg: Envelope, t: number, size?: number): void {
    const to = index.get(msg.to);
    if (to === undefined) throw new Error(`${msg.from} sent ${msg.type} to unknown node ${msg.to}`);
    const host = hostOf[to] as number;
    inst.inflight++;
    if (from === host) {
      local++;
      heap.push(t, { k: 'arrive', host, job: { host, at: t, inst, node: to, msg, bytes: 0, local: true, fromClients: false } });
      return;
    }
    const bytes = size ?? bytesOf(msg);
    network++;
    bytesTotal += bytes;
    const wire = bytes / cost.bandwidth;
    let out = t;
    if (from >= 0) {
      out = Math.max(t, outFree[from] as number) + wire;
      outFree[from] = out;
      if (windowOpen) sentBytes[from] = (sentBytes[from] as number) + bytes;
    }
    const lat = (from < 0 || host < 0 ? cost.clientLatency : cost.latency) + cost.jitter * random();
    if (host < 0) {
      heap.push(out + lat, { k: 'reply', inst, msg });
      return;
    }
    const arrived = Math.max(out + lat, (inFree[host] as number) + wire);
    inFree[host] = arrived;
    heap.push(arrived, { k: 'arrive', host, job: { host, at: arrived, inst, node: to, msg, bytes, local: false, fromClients: from < 0 } });
  }

  /** Starts the job at the head of server q's queue. */
  function startOne(q: number, t: number): void {
    const queue = queues[q] as Job[];
    const h = heads[q] as number;
    const job = queue[h] as Job;
    heads[q] = h + 1;
    if (h + 1 > 1024 && h + 1 > queue.length / 2) {
      queue.splice(0, h + 1);
      heads[q] = 0;
    }
    busyCores[q] = (busyCores[q] as number) + 1;
    machineBusy++;
    const host = job.host;
    const sent = step(job.inst, job.node, job.msg);
    let cpu = job.local ? cost.localPerMessage : cost.recvPerMessage * (job.fromClients ? aggregate : 1) + cost.perByte * job.bytes;
    const sizes: number[] = [];
    for (const m of sent) {
      const dest = index.get(m.to);
      const toHost = dest === undefined ? host : (hostOf[dest] as number);
      if (toHost === host) {
        sizes.push(0);
        continue;
      }
      const b = bytesOf(m);
      sizes.push(b);
      cpu += cost.sendPerMessage * (toHost < 0 ? aggregate : 1) + cost.perByte * b;
    }
    if (windowOpen) busy[host] = (busy[host] as number) + cpu;
    heap.push(t + cpu, { k: 'done', host, job, sent, sizes });
  }

  /** Starts what may start: on server q's own cores, or with `oneMachine` on the machine's, oldest arrival first among idle servers. */
  function startJobs(q: number, t: number): void {
    if (!shared) {
      while ((busyCores[q] as number) < perServer && (heads[q] as number) < (queues[q] as Job[]).length) startOne(q, t);
      return;
    }
    while (machineBusy < cost.cores) {
      let pick = -1;
      let at = Infinity;
      for (let h = 0; h < n; h++) {
        if ((busyCores[h] as number) >= perServer || (heads[h] as number) >= (queues[h] as Job[]).length) continue;
        const head = (queues[h] as Job[])[heads[h] as number] as Job;
        if (head.at < at) {
          at = head.at;
          pick = h;
        }
      }
      if (pick < 0) return;
      startOne(pick, t);
    }
  }

  function issue(client: number, t: number): void {
    if (issuedTotal >= total) return;
    if (current === null || current.issued === epoch) current = newInstance();
    const inst = current;
    const slot = inst.issued++;
    issuedTotal++;
    inst.slotClient[slot] = client;
    inst.slotIssued[slot] = t;
    for (const msg of step(inst, clientsNode, { type: 'REQUEST', client: slot } as { type: string })) route(-1, inst, msg, t);
  }

  function retire(inst: Instance): void {
    if (inst.answered < epoch || inst.inflight > 0 || inst === current) return;
    const i = instances.indexOf(inst);
    if (i >= 0) instances.splice(i, 1);
    if (config.keepHistories === true) histories[inst.id] = (inst.snaps[clientsNode]?.context as ClientsState).history;
  }

  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  for (let c = 0; c < clients; c++) heap.push(0, { k: 'issue', client: c });
  let now = 0;
  for (let ev = heap.pop(); ev !== undefined; ev = heap.pop()) {
    const t = ev.time;
    now = t;
    const e = ev.value;
    switch (e.k) {
      case 'issue':
        issue(e.client, t);
        break;
      case 'arrive':
        (queues[e.host] as Job[]).push(e.job);
        startJobs(e.host, t);
        break;
      case 'done': {
        busyCores[e.host] = (busyCores[e.host] as number) - 1;
        machineBusy--;
        e.job.inst.inflight--;
        e.sent.forEach((m, i) => route(e.host, e.job.inst, m, t, e.sizes[i] || undefined));
        startJobs(e.host, t);
        retire(e.job.inst);
        break;
      }
      case 'reply': {
        const inst = e.inst;
        inst.inflight--;
        const sent = step(inst, clientsNode, e.msg);
        for (const m of sent) route(-1, inst, m, t);
        const id = (e.msg as Envelope & { id?: string }).id;
        if (e.msg.type === 'mp.reply' && id !== undefined) {
          const slot = parseRequestId(id).client;
          const op = (inst.snaps[clientsNode]?.context as ClientsState).history.clients[slot]?.[0];
          if (op !== undefined && 'result' in op && inst.slotAnswered[slot] === 0) {
            inst.slotAnswered[slot] = 1;
            inst.answered++;
            const k = answeredTotal++;
            latencies[k] = t - (inst.slotIssued[slot] as number);
            if (answeredTotal === warm) {
              windowOpen = true;
              windowStart = t;
            }
            if (answeredTotal === windowEnd) {
              windowOpen = false;
              windowStop = t;
            }
            heap.push(t, { k: 'issue', client: inst.slotClient[slot] as number });
          }
        }
        retire(inst);
        break;
      }
    }
  }
  if (config.keepHistories === true) for (const inst of instances) histories[inst.id] = (inst.snaps[clientsNode]?.context as ClientsState).history;
  const wallSeconds = (performance.now() - wallStart) / 1000;
  const cpuUsed = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpuUsed.user + cpuUsed.system) / 1e6;
  if (answeredTotal < total) throw new Error(`the run stalled: ${answeredTotal} of ${total} requests answered (batch ${batch}, clients ${clients})`);
  if (warm === 0) windowStart = 0;
  const duration = windowStop - windowStart;
  const window = latencies.slice(warm, windowEnd);
  const sorted = window.slice().sort();
  let sum = 0;
  for (const x of window) sum += x;
  const busyTotal = busy.reduce((a, b) => a + b, 0);
  const { onStep: _onStep, cost: _cost, keepHistories: _keep, ...shown } = config;
  return {
    config: shown,
    epoch,
    completed: answeredTotal * aggregate,
    measured: window.length * aggregate,
    throughput: (window.length * aggregate) / duration,
    latency: { mean: sum / window.length, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99) },
    cpu: { busy, utilisation: busy.map((b) => b / ((cost.oneMachine === true ? 1 : cost.cores) * duration)), leaderShare: busyTotal > 0 ? (busy[0] as number) / busyTotal : 0 },
    net: { sentBytes, utilisation: sentBytes.map((b) => b / (cost.bandwidth * duration)) },
    messages: { network, local, bytes: bytesTotal },
    steps,
    virtualSeconds: now,
    wallSeconds,
    cpuSeconds,
    ...(config.keepHistories === true ? { histories } : {}),
  };
}
