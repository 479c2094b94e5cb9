/**
 * The known-bug variant of S-Paxos. `agora check spaxos --bug order-unstable
 * --crashes 1 --lossy` must find the trace where a committed request is lost.
 */

import type { BugShowcase, RunBounds } from '../core/registry.js';

export const SPAXOS_BUGS = {
  'order-unstable':
    'a replica hands an id to its proposer as soon as it holds the request, before f+1 replicas acknowledged it, so the leader orders an id that f crashes can lose; breaks S-Paxos (SRDS 2012) §IV (the leader orders only stable ids)',
} as const;

export type SPaxosBug = keyof typeof SPAXOS_BUGS;

export function isSPaxosBug(name: string): name is SPaxosBug {
  return Object.hasOwn(SPAXOS_BUGS, name);
}

/**
 * When `durability` is not checked (`--property` without it), only
 * `no-lost-request` sees the bug, and only once the request is actually
 * lost: its forwards dropped and its holder crashed (on sp-tiny, neither
 * `--crashes 1` nor `--lossy` alone reaches it; both do, in 11 steps).
 */
const lostRequest = (b: RunBounds): string | undefined => {
  if (b.properties === undefined || b.properties.includes('durability')) return undefined;
  if (!b.properties.includes('no-lost-request')) return 'durability or no-lost-request among the properties checked (--property)';
  const missing = [b.faults.crashes < 1 ? '--crashes 1' : '', b.faults.lossy ? '' : '--lossy'].filter(Boolean);
  return missing.length > 0 ? `a lost request, for no-lost-request: its forwards dropped and its holder crashed (${missing.join(' ')})` : undefined;
};

/**
 * Where the bug variant shows (`agora check spaxos --bug order-unstable` runs
 * there when no bounds are named). `durability` catches it without a crash
 * (an ordered id held by fewer than f+1 replicas); the loss itself
 * (`no-lost-request`) takes the crash the showcase adds. With f = 0 (fewer
 * than three replicas) one holder is already stable: nothing to break.
 */
export const SPAXOS_BUG_SHOWCASES: Readonly<Record<SPaxosBug, BugShowcase>> = {
  'order-unstable': {
    config: 'sp-tiny',
    faults: { lossy: true, crashes: 1 },
    unreachable: (b: RunBounds) => ((b.params['replicas'] ?? 0) < 3 ? 'three replicas (f = 1), so that a request held by one replica is not yet stable (--replicas 3)' : lostRequest(b)),
  },
};
