/**
 * The protocols the runtime can run, by name. Each entry adapts a protocol's
 * own system builder and messages to sockets (`types.ts`); the machines are
 * imported from machines/, never copied.
 */
import { multipaxosRuntime } from './multipaxos.js';
import { pbftRuntime } from './pbft.js';
import { spaxosRuntime } from './spaxos.js';
import type { RuntimeProtocol } from './types.js';

export const RUNTIME_PROTOCOLS: readonly RuntimeProtocol[] = [multipaxosRuntime, spaxosRuntime, pbftRuntime];

/** The runtime protocol named `name`; a RangeError naming the ones there are. */
export function runtimeProtocol(name: string): RuntimeProtocol {
  const p = RUNTIME_PROTOCOLS.find((x) => x.name === name);
  if (p === undefined) throw new RangeError(`agora run does not run ${name} (yet); it runs ${RUNTIME_PROTOCOLS.map((x) => x.name).join(', ')}`);
  return p;
}
