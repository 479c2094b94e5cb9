/**
 * The case tables of the "fast explorer = naive reference explorer" checks,
 * per protocol, shared by the protocol test files (test/protocols/*.check.test.ts,
 * which run the cases marked `long: false`) and test/long/naive-crosschecks.long.ts
 * (`npm run test:long`, which runs those marked `long: true`: each takes the
 * naive explorer 15-70 s on 2 shared cores, too slow for `npm test`). Every
 * protocol keeps at least one fast case in `npm test`.
 */
import { multipaxosSystem } from '../../machines/multipaxos/system.js';
import { pbftSystem } from '../../machines/pbft/system.js';
import { raftSystem } from '../../machines/raft/system.js';
import { spaxosSystem } from '../../machines/spaxos/system.js';
import type { SystemSpec } from '../../spec/core/system.js';
import type { Variant } from '../../spec/multipaxos/bugs.js';
import { MULTIPAXOS_CONFIGS, type MultiPaxosSizes } from '../../spec/multipaxos/configs.js';
import type { PbftAdversary } from '../../spec/pbft/adversary.js';
import type { PbftSizes } from '../../spec/pbft/configs.js';
import { RAFT_CONFIGS, type RaftSizes } from '../../spec/raft/configs.js';
import { SPAXOS_CONFIGS, type SPaxosSizes } from '../../spec/spaxos/configs.js';
import type { NaiveFaults } from './naive-explorer.js';

export interface NaiveCase {
  readonly name: string;
  readonly spec: () => SystemSpec;
  readonly faults: NaiveFaults;
  /** The naive explorer's bound on distinct states (`expectSameAsNaive`'s default when absent). */
  readonly maxStates?: number;
  /** Too slow for `npm test`: run by test/long/naive-crosschecks.long.ts. */
  readonly long: boolean;
}

const NONE: NaiveFaults = { lossy: false, duplicates: 0, crashes: 0 };

const named = <C extends { name: string }>(configs: readonly C[], name: string): C => {
  const c = configs.find((x) => x.name === name);
  if (c === undefined) throw new Error(`no config ${name}`);
  return c;
};

// ---- PBFT (test/protocols/pbft.check.test.ts) ----------------------------------------------------

/** n = 4, f = 1, r3 Byzantine, one request, view 0 only. */
export const pbftSizes = (over: Partial<PbftSizes> = {}): PbftSizes => ({
  clients: 1,
  commands: 1,
  replicas: 4,
  faulty: 1,
  f: 1,
  seqs: 1,
  views: 1,
  faultyPrimary: false,
  ...over,
});
const pbft = (name: string, s: PbftSizes, adversary: PbftAdversary, long: boolean): NaiveCase => ({
  name,
  spec: () => pbftSystem(s, { adversary, bug: null }),
  faults: NONE,
  maxStates: 300_000,
  long,
});

/** With Byzantine replicas (the adversary's steps included). */
export const PBFT_NAIVE_CASES: readonly NaiveCase[] = [
  pbft('n=3 f=1, r2 Byzantine (full adversary)', pbftSizes({ replicas: 3 }), 'full', false),
  pbft('n=4 f=1, r0 the Byzantine primary (equivocating)', pbftSizes({ faultyPrimary: true }), 'equivocating-primary', false),
  // About 70 s naive: the only PBFT case with a view change on n = 4.
  pbft('n=4 f=1, r3 silent, one view change', pbftSizes({ views: 2 }), 'silent', true),
  pbft('n=3 f=1, r2 replaying, one view change', pbftSizes({ replicas: 3, views: 2 }), 'replay', false),
  pbft('n=4 assuming f=2, r2 and r3 replaying (one memory for both)', pbftSizes({ faulty: 2, f: 2, clients: 2 }), 'replay', false),
];

// ---- Multi-Paxos (test/protocols/multipaxos.check.test.ts) ---------------------------------------

export const multipaxosSizes = (over: Partial<MultiPaxosSizes>): MultiPaxosSizes => ({
  clients: 2,
  commands: 1,
  proposers: 2,
  acceptors: 3,
  replicas: 2,
  slots: 1,
  rounds: 1,
  ...over,
});
const mp = (name: string, s: MultiPaxosSizes, variant: Variant, faults: NaiveFaults, long: boolean): NaiveCase => ({
  name,
  spec: () => multipaxosSystem(s, { variant }),
  faults,
  long,
});

/** In both variants and with faults. */
export const MULTIPAXOS_NAIVE_CASES: readonly NaiveCase[] = [
  mp('mp-tiny, 2b to the leader', named(MULTIPAXOS_CONFIGS, 'mp-tiny'), 'leader', NONE, true),
  mp('mp-tiny, 2b to all', named(MULTIPAXOS_CONFIGS, 'mp-tiny'), 'all', NONE, true),
  mp('C=2 P=2 A=2 L=2 S=1', multipaxosSizes({ acceptors: 2 }), 'leader', NONE, true),
  mp('C=2 P=1 A=2 L=1 S=2 R=2 (gaps filled with no-ops), 2b to all', multipaxosSizes({ proposers: 1, acceptors: 2, replicas: 1, slots: 2, rounds: 2 }), 'all', NONE, true),
  mp('C=1 K=2 P=1 A=1 L=1 S=2 lossy, 1 crash', multipaxosSizes({ clients: 1, commands: 2, proposers: 1, acceptors: 1, replicas: 1, slots: 2 }), 'leader', { lossy: true, duplicates: 0, crashes: 1 }, false),
  mp('C=1 P=1 A=2 L=1 S=1 R=2, 1 duplicate', multipaxosSizes({ clients: 1, proposers: 1, acceptors: 2, replicas: 1, rounds: 2 }), 'leader', { lossy: false, duplicates: 1, crashes: 0 }, false),
];

// ---- S-Paxos (test/protocols/spaxos.check.test.ts) -----------------------------------------------

const sp = (name: string, s: SPaxosSizes, variant: Variant, faults: NaiveFaults, long: boolean): NaiveCase => ({
  name,
  spec: () => {
    // With n = 2, f = 0: one crash may lose a request, as the bound says; that property is not what is compared here.
    const full = spaxosSystem(s, { variant });
    return { ...full, properties: full.properties.filter((p) => p.name !== 'no-lost-request') };
  },
  faults,
  long,
});

/** With and without faults. */
export const SPAXOS_NAIVE_CASES: readonly NaiveCase[] = [
  sp('sp-tiny, 2b to the leader', named(SPAXOS_CONFIGS, 'sp-tiny'), 'leader', NONE, true),
  sp('n=1', { clients: 1, commands: 1, replicas: 1, proposers: 1, slots: 1, rounds: 1 }, 'leader', NONE, false),
  sp('n=2 P=2, 2b to all', { clients: 1, commands: 1, replicas: 2, proposers: 2, slots: 1, rounds: 1 }, 'all', NONE, true),
  sp('n=2 lossy, 1 crash', { clients: 1, commands: 1, replicas: 2, proposers: 1, slots: 1, rounds: 1 }, 'leader', { lossy: true, duplicates: 0, crashes: 1 }, false),
];

// ---- Raft (test/protocols/raft.check.test.ts) ----------------------------------------------------

export const raftSizes = (over: Partial<RaftSizes>): RaftSizes => ({ clients: 1, commands: 1, servers: 3, candidates: 2, figure8: 0, terms: 2, ...over });
const raft = (name: string, s: RaftSizes, faults: NaiveFaults, long: boolean): NaiveCase => ({ name, spec: () => raftSystem(s), faults, long });

/** Small configurations, with faults (FIFO channels: raft.check.test.ts). */
export const RAFT_NAIVE_CASES: readonly NaiveCase[] = [
  raft('raft-tiny', named(RAFT_CONFIGS, 'raft-tiny'), NONE, true),
  raft('N=2 E=2 T=3 K=2', raftSizes({ servers: 2, commands: 2, terms: 3 }), NONE, false),
  raft('N=3 E=1 T=1 K=1, lossy, 1 crash', raftSizes({ candidates: 1, terms: 1 }), { lossy: true, duplicates: 0, crashes: 1 }, false),
  raft('N=2 E=2 T=2, 1 duplicate', raftSizes({ servers: 2 }), { lossy: false, duplicates: 1, crashes: 0 }, false),
];

export const NAIVE_CASES: Readonly<Record<string, readonly NaiveCase[]>> = {
  pbft: PBFT_NAIVE_CASES,
  multipaxos: MULTIPAXOS_NAIVE_CASES,
  spaxos: SPAXOS_NAIVE_CASES,
  raft: RAFT_NAIVE_CASES,
};
