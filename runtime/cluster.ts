/**
 * A cluster on loopback: one OS process per server (`child_process.fork` of
 * `node-main`), ports chosen by the OS at first start and kept across
 * restarts, so that peers and clients reconnect to the same address. The
 * parent only starts, kills and restarts processes and tells them each
 * other's ports; it never carries protocol messages.
 * Writes `cluster.json` (protocol, shape, ports) in the log directory, which
 * `agora client` reads.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { HostConfig } from './host.js';
import type { ChildMessage, ParentMessage } from './node-main.js';
import type { ClusterShape } from './protocols/types.js';
import { NO_NETWORK_FAULTS, type NetworkFaults } from './transport.js';

export interface ClusterOptions {
  readonly protocol: string;
  readonly shape: ClusterShape;
  /** Log directory (created); also where `cluster.json` goes. */
  readonly logDir: string;
  readonly faults?: NetworkFaults;
  readonly timeoutMs?: number;
  readonly seed?: number;
  /**
   * The server entry module and the node flags to run it with; default: the
   * compiled `node-main.js` beside this file. Tests run the TypeScript source
   * through a loader.
   */
  readonly entry?: { readonly module: string; readonly execArgv: readonly string[] };
  /** Where a server's stderr goes (default: inherited). */
  readonly stderr?: (server: number, text: string) => void;
}

/** What `cluster.json` holds. */
export interface ClusterFile {
  readonly protocol: string;
  readonly shape: ClusterShape;
  readonly ports: readonly number[];
}

function defaultEntry(): { module: string; execArgv: string[] } {
  const here = fileURLToPath(import.meta.url);
  return { module: here.replace(/cluster\.(ts|js)$/, 'node-main.js'), execArgv: [] };
}

/** A running cluster. */
export class Cluster {
  private readonly children: (ChildProcess | null)[];
  private readonly ports: number[];

  private constructor(
    readonly options: ClusterOptions,
    children: (ChildProcess | null)[],
    ports: number[],
  ) {
    this.children = children;
    this.ports = ports;
  }

  /** Starts every server and waits until each listens and knows the others' ports. */
  static async start(options: ClusterOptions): Promise<Cluster> {
    mkdirSync(options.logDir, { recursive: true });
    const n = options.shape.servers;
    const started = await Promise.all(Array.from({ length: n }, (_, k) => spawnServer(options, k, 0)));
    const cluster = new Cluster(options, started.map((s) => s.child), started.map((s) => s.port));
    cluster.broadcastPorts();
    cluster.writeFile();
    return cluster;
  }

  /** The servers' ports, by index. */
  get addresses(): readonly number[] {
    return [...this.ports];
  }

  /** Whether server `k` is running. */
  isUp(k: number): boolean {
    return this.children[k] !== null && this.children[k] !== undefined;
  }

  /** Kills server `k` with SIGKILL (no goodbye, as a crash) and waits for it to exit. */
  async kill(k: number): Promise<void> {
    const child = this.children[k];
    if (child === null || child === undefined) return;
    this.children[k] = null;
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  /** Restarts server `k` on its old port; it recovers its state from its log. */
  async restart(k: number): Promise<void> {
    if (this.isUp(k)) return;
    const { child } = await spawnServer(this.options, k, this.ports[k] as number);
    this.children[k] = child;
    this.tell(k, { kind: 'ports', ports: this.ports });
  }

  /** Asks server `k` for its counters. */
  stats(k: number): Promise<Record<string, number> | null> {
    const child = this.children[k];
    if (child === null || child === undefined) return Promise.resolve(null);
    return new Promise((resolve) => {
      const on = (m: ChildMessage): void => {
        if (m.kind !== 'stats') return;
        child.off('message', on);
        resolve(m.stats);
      };
      child.on('message', on);
      this.tell(k, { kind: 'stats' });
    });
  }

  /** Stops every server (gracefully, then SIGKILL after a second). */
  async stop(): Promise<void> {
    await Promise.all(
      this.children.map(async (child, k) => {
        if (child === null) return;
        this.children[k] = null;
        await new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const timer = setTimeout(() => child.kill('SIGKILL'), 1000);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          if (child.connected) child.send({ kind: 'stop' } satisfies ParentMessage);
          else child.kill('SIGKILL');
        });
      }),
    );
  }

  private tell(k: number, m: ParentMessage): void {
    const child = this.children[k];
    if (child?.connected === true) child.send(m);
  }

  private broadcastPorts(): void {
    this.children.forEach((_, k) => this.tell(k, { kind: 'ports', ports: this.ports }));
  }

  private writeFile(): void {
    const file: ClusterFile = { protocol: this.options.protocol, shape: this.options.shape, ports: this.ports };
    writeFileSync(`${this.options.logDir}/cluster.json`, `${JSON.stringify(file, null, 2)}\n`);
  }
}

function spawnServer(options: ClusterOptions, index: number, port: number): Promise<{ child: ChildProcess; port: number }> {
  const config: HostConfig = {
    protocol: options.protocol,
    shape: options.shape,
    index,
    port,
    logDir: options.logDir,
    faults: options.faults ?? NO_NETWORK_FAULTS,
    timeoutMs: options.timeoutMs ?? 200,
    seed: options.seed ?? 1,
  };
  const entry = options.entry ?? defaultEntry();
  const child = fork(entry.module, [JSON.stringify(config)], {
    execArgv: [...entry.execArgv],
    stdio: options.stderr === undefined ? ['ignore', 'inherit', 'inherit', 'ipc'] : ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  if (options.stderr !== undefined) child.stderr?.on('data', (b: Buffer) => options.stderr?.(index, b.toString('utf8')));
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null): void => reject(new Error(`server ${index} exited (${code}) before listening`));
    child.once('exit', onExit);
    child.on('message', (m: ChildMessage) => {
      if (m.kind === 'listening') {
        child.off('exit', onExit);
        resolve({ child, port: m.port });
      } else if (m.kind === 'error') reject(new Error(`server ${index}: ${m.error}`));
    });
  });
}
