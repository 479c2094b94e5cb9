/**
 * The entry point of one server process (`child_process.fork` by
 * `cluster.ts`). Its argument is the `HostConfig` as JSON. It tells its parent
 * `{ kind: 'listening', port }` over the IPC channel and then takes
 * `{ kind: 'ports', ports }` (every server's port) and `{ kind: 'stop' }`.
 * Nothing a peer sends ends it: a failure inside a handler is logged to
 * stderr and the process goes on.
 */
import { Host, type HostConfig } from './host.js';
import { runtimeProtocol } from './protocols/index.js';

/** Messages from the parent. */
export type ParentMessage = { readonly kind: 'ports'; readonly ports: readonly number[] } | { readonly kind: 'stop' } | { readonly kind: 'stats' };
/** Messages to the parent. */
export type ChildMessage =
  | { readonly kind: 'listening'; readonly port: number }
  | { readonly kind: 'stats'; readonly stats: Record<string, number> }
  | { readonly kind: 'error'; readonly error: string };

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as HostConfig;
  const tell = (m: ChildMessage): void => {
    process.send?.(m);
  };
  process.on('uncaughtException', (e) => process.stderr.write(`server ${config.index}: ${e.stack ?? String(e)}\n`));
  let host: Host;
  try {
    host = new Host(config, runtimeProtocol(config.protocol));
  } catch (e) {
    tell({ kind: 'error', error: e instanceof Error ? e.message : String(e) });
    process.exit(2);
  }
  const port = await host.start();
  process.on('message', (m: ParentMessage) => {
    if (m.kind === 'ports') host.setPorts(m.ports);
    else if (m.kind === 'stats') tell({ kind: 'stats', stats: { ...host.stats, ...host.transport.stats } });
    else if (m.kind === 'stop') void host.stop().then(() => process.exit(0));
  });
  process.on('disconnect', () => void host.stop().then(() => process.exit(0)));
  tell({ kind: 'listening', port });
}

void main();
