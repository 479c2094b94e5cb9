/**
 * Every size check of the six `machines/<protocol>/system.ts` (issue 14):
 * for each size, the smallest accepted value builds a system with the
 * expected nodes, one below it and a fraction are refused with a RangeError
 * whose message names the size; each cross-size rule (quorums, proposers on
 * replicas, Figure 8, the stale primary, ...) is refused exactly where it
 * stops holding; each registry entry refuses an unknown bug.
 */
import { describe, expect, it } from 'vitest';
import type { SystemSpec } from '../../spec/core/system.js';
import { multipaxosProtocol } from '../../machines/multipaxos/protocol.js';
import { checkSizes, multipaxosSystem } from '../../machines/multipaxos/system.js';
import { pbftProtocol } from '../../machines/pbft/protocol.js';
import { pbftSystem } from '../../machines/pbft/system.js';
import { raftProtocol } from '../../machines/raft/protocol.js';
import { raftSystem } from '../../machines/raft/system.js';
import { spaxosProtocol } from '../../machines/spaxos/protocol.js';
import { spaxosSystem } from '../../machines/spaxos/system.js';
import { synodProtocol } from '../../machines/synod/protocol.js';
import { synodSystem } from '../../machines/synod/system.js';
import { vrProtocol } from '../../machines/vr/protocol.js';
import { vrSystem } from '../../machines/vr/system.js';
import type { MultiPaxosSizes } from '../../spec/multipaxos/configs.js';
import type { PbftSizes } from '../../spec/pbft/configs.js';
import type { RaftSizes } from '../../spec/raft/configs.js';
import type { SPaxosSizes } from '../../spec/spaxos/configs.js';
import type { VrSizes } from '../../spec/vr/configs.js';

/** `build` must throw a RangeError with exactly `message`. */
function refused(build: () => unknown, message: string): void {
  expect(build).toThrow(RangeError);
  expect(build).toThrow(new RangeError(message));
}

const nodeNames = (s: SystemSpec) => s.nodes.map((n) => n.name);

/**
 * The common rule of each size: `min` builds, `min - 1` and `min + 0.5` are
 * refused with "<name> must be an integer >= <min>, got <v>".
 */
function eachSizeHasItsMinimum<S extends object>(base: S, mins: Readonly<Record<string, number>>, build: (s: S) => SystemSpec): void {
  for (const [name, min] of Object.entries(mins)) {
    it(`${name}: ${min} builds, ${min - 1} and ${min + 0.5} are refused`, () => {
      expect(build({ ...base, [name]: min }).nodes.length).toBeGreaterThan(0);
      refused(() => build({ ...base, [name]: min - 1 }), `${name} must be an integer >= ${min}, got ${min - 1}`);
      refused(() => build({ ...base, [name]: min + 0.5 }), `${name} must be an integer >= ${min}, got ${min + 0.5}`);
    });
  }
}

describe('synod', () => {
  const base = { proposers: 1, acceptors: 1, rounds: 1 };
  eachSizeHasItsMinimum(base, { proposers: 1, acceptors: 1, rounds: 1 }, (s) => synodSystem(s));

  it('the smallest cluster: one proposer, one acceptor, one learner', () => {
    const s = synodSystem(base);
    expect(nodeNames(s)).toEqual(['p0', 'a0', 'l0']);
    expect(s.nodes.map((n) => n.role)).toEqual(['proposer', 'acceptor', 'learner']);
    expect((s.nodes[2]?.input as { quorum: number }).quorum).toBe(1);
  });

  it('NaN is refused too', () => {
    refused(() => synodSystem({ ...base, rounds: Number.NaN }), 'rounds must be an integer >= 1, got NaN');
  });

  it('minority-quorum needs two acceptors: with one, the quorum is empty', () => {
    refused(() => synodSystem({ ...base, acceptors: 1 }, 'minority-quorum'), 'the quorum for 1 acceptors is 0: use at least 2 acceptors with --bug minority-quorum');
    const two = synodSystem({ ...base, acceptors: 2 }, 'minority-quorum');
    expect((two.nodes.find((n) => n.name === 'l0')?.input as { quorum: number }).quorum).toBe(1);
    expect((synodSystem({ ...base, acceptors: 2 }).nodes.find((n) => n.name === 'l0')?.input as { quorum: number }).quorum).toBe(2);
  });

  it('the registry entry refuses an unknown bug', () => {
    refused(() => synodProtocol.build({ proposers: 1, acceptors: 1, rounds: 1 }, 'nope'), 'unknown bug nope');
  });
});

describe('multipaxos', () => {
  const base: MultiPaxosSizes = { clients: 1, commands: 1, proposers: 1, acceptors: 1, replicas: 1, slots: 1, rounds: 1 };
  const mins = { clients: 1, commands: 1, proposers: 1, acceptors: 1, replicas: 1, slots: 1, rounds: 1 };
  eachSizeHasItsMinimum(base, mins, (s) => multipaxosSystem(s, { variant: 'leader' }));

  it('the smallest cluster', () => {
    expect(nodeNames(multipaxosSystem(base, { variant: 'all' }))).toEqual(['clients', 'p0', 'a0', 'r0']);
  });

  it('batch must be a whole number of at least 1', () => {
    refused(() => multipaxosSystem(base, { variant: 'leader', batch: 0 }), 'batch must be an integer >= 1, got 0');
    refused(() => multipaxosSystem(base, { variant: 'leader', batch: 1.5 }), 'batch must be an integer >= 1, got 1.5');
    expect((multipaxosSystem(base, { variant: 'leader', batch: 2 }).nodes[1]?.input as { batch: number }).batch).toBe(2);
  });

  it('checkSizes names a missing size', () => {
    refused(() => checkSizes({}, { slots: 1 }), 'slots must be an integer >= 1, got undefined');
    expect(() => checkSizes({ slots: 0 }, { slots: 0 })).not.toThrow();
  });

  it('the registry entry refuses an unknown bug', () => {
    refused(() => multipaxosProtocol.build({ ...base }, 'nope', 'leader'), 'unknown bug nope');
  });
});

describe('spaxos', () => {
  const base: SPaxosSizes = { clients: 1, commands: 1, replicas: 1, proposers: 1, slots: 1, rounds: 1 };
  eachSizeHasItsMinimum(base, { clients: 1, commands: 1, replicas: 1, proposers: 1, slots: 1, rounds: 1 }, (s) => spaxosSystem(s, { variant: 'leader' }));

  it('the smallest cluster', () => {
    expect(nodeNames(spaxosSystem(base, { variant: 'leader' }))).toEqual(['clients', 'p0', 'a0', 'r0']);
  });

  it('each proposer runs on a replica: P <= n', () => {
    refused(() => spaxosSystem({ ...base, replicas: 2, proposers: 3 }, { variant: 'leader' }), 'proposers (3) must not exceed replicas (2): each runs on a replica');
    expect(nodeNames(spaxosSystem({ ...base, replicas: 2, proposers: 2 }, { variant: 'leader' }))).toEqual(['clients', 'p0', 'p1', 'a0', 'a1', 'r0', 'r1']);
  });

  it('the registry entry refuses an unknown bug', () => {
    refused(() => spaxosProtocol.build({ ...base }, 'nope', 'leader'), 'unknown bug nope');
  });
});

describe('pbft', () => {
  const base: PbftSizes = { clients: 1, commands: 1, replicas: 1, faulty: 0, f: 0, seqs: 1, views: 1, faultyPrimary: false };
  eachSizeHasItsMinimum(base, { clients: 1, commands: 1, replicas: 1, seqs: 1, views: 1, f: 0, faulty: 0 }, (s) => pbftSystem(s));

  it('the smallest cluster', () => {
    expect(nodeNames(pbftSystem(base))).toEqual(['clients', 'r0']);
  });

  it('f must leave a quorum: f < n', () => {
    refused(() => pbftSystem({ ...base, replicas: 2, f: 2 }), 'f (2) must be below n = 2: the quorum n − f needs a replica');
    refused(() => pbftSystem({ ...base, replicas: 2, f: 3 }), 'f (3) must be below n = 2: the quorum n − f needs a replica');
    expect(nodeNames(pbftSystem({ ...base, replicas: 2, f: 1 }))).toEqual(['clients', 'r0', 'r1']);
  });

  it('no more faulty replicas than replicas', () => {
    refused(() => pbftSystem({ ...base, replicas: 2, faulty: 3 }), 'faulty (3) must not exceed replicas (2)');
    expect(pbftSystem({ ...base, replicas: 2, faulty: 2 }).byzantine?.nodes).toEqual([1, 2]);
  });

  it('a faulty primary needs a faulty replica', () => {
    refused(() => pbftSystem({ ...base, faultyPrimary: true }), 'faulty-primary 1 needs at least one faulty replica');
    expect(pbftSystem({ ...base, replicas: 4, f: 1, faulty: 1, faultyPrimary: true }).byzantine?.nodes).toEqual([1]);
  });

  it('the primary-only deployment takes no Byzantine replica', () => {
    refused(() => pbftSystem({ ...base, replicas: 4, f: 1, faulty: 1 }, { primaryOnly: true }), 'the primary-only deployment trusts pre-prepares: it takes no Byzantine replicas');
    expect(pbftSystem({ ...base, replicas: 4, f: 1 }, { primaryOnly: true }).byzantine).toBeUndefined();
  });

  it('the registry entry refuses an unknown bug, a variant and an unknown adversary', () => {
    const params = { clients: 1, commands: 1, replicas: 4, faulty: 1, f: 1, seqs: 1, views: 1, 'faulty-primary': 1 };
    refused(() => pbftProtocol.build(params, 'nope'), 'unknown bug nope');
    refused(() => pbftProtocol.build(params, null, 'leader'), 'pbft has no variants');
    refused(() => pbftProtocol.build(params, null, null, 'nope'), 'unknown adversary nope');
  });
});

describe('raft', () => {
  const base: RaftSizes = { clients: 1, commands: 1, servers: 1, candidates: 0, figure8: 0, terms: 1 };
  eachSizeHasItsMinimum(base, { clients: 1, commands: 1, servers: 1, candidates: 0, terms: 1 }, (s) => raftSystem(s));

  it('the smallest cluster; only candidates get a timer', () => {
    expect(nodeNames(raftSystem(base))).toEqual(['clients', 's0']);
    const s = raftSystem({ ...base, servers: 3, candidates: 2 });
    expect(s.nodes.map((n) => n.environment.length)).toEqual([1, 1, 1, 0]);
  });

  it('candidates are among the servers: E <= N', () => {
    refused(() => raftSystem({ ...base, servers: 2, candidates: 3 }), 'candidates must be at most servers (2), got 3');
    expect(raftSystem({ ...base, servers: 2, candidates: 2 }).nodes).toHaveLength(3);
  });

  it('figure8 needs its exact cluster: each size off by one is refused', () => {
    const fig8: RaftSizes = { clients: 2, commands: 1, servers: 3, candidates: 3, figure8: 1, terms: 2 };
    expect(nodeNames(raftSystem(fig8))).toEqual(['clients', 's0', 's1', 's2']);
    const message = 'figure8 needs servers 3, clients 2, commands 1 and terms >= 2';
    for (const over of [{ servers: 4 }, { clients: 1 }, { clients: 3 }, { commands: 2 }, { terms: 1 }]) refused(() => raftSystem({ ...fig8, ...over }), message);
  });

  it('the registry entry refuses an unknown bug', () => {
    refused(() => raftProtocol.build({ ...base }, 'nope'), 'unknown bug nope');
  });
});

describe('vr', () => {
  const base: VrSizes = { clients: 1, commands: 1, replicas: 3, timers: 0, views: 0, commits: 0, stale: 0 };
  eachSizeHasItsMinimum(base, { clients: 1, commands: 1, replicas: 3, timers: 0, views: 0, commits: 0, stale: 0 }, (s) => vrSystem(s));

  it('the smallest cluster; only the backups r1..rE get a timer', () => {
    expect(nodeNames(vrSystem(base))).toEqual(['clients', 'r0', 'r1', 'r2']);
    expect(vrSystem({ ...base, replicas: 4, timers: 2 }).nodes.map((n) => n.environment.some((e) => e.type === 'TIMEOUT'))).toEqual([false, false, true, true, false]);
  });

  it('commits is 0 or 1', () => {
    refused(() => vrSystem({ ...base, commits: 2 }), 'commits must be 0 or 1, got 2');
    expect(vrSystem({ ...base, commits: 1 }).nodes).toHaveLength(4);
  });

  it('timers are at most the backups: E <= N - 1', () => {
    refused(() => vrSystem({ ...base, timers: 3 }), 'timers must be at most replicas - 1 (2), got 3');
    expect(vrSystem({ ...base, timers: 2 }).nodes).toHaveLength(4);
  });

  it('stale needs its exact cluster, and is 0 or 1', () => {
    const stale: VrSizes = { clients: 3, commands: 1, replicas: 3, timers: 2, views: 1, commits: 0, stale: 1 };
    expect(nodeNames(vrSystem(stale))).toEqual(['clients', 'r0', 'r1', 'r2']);
    const message = 'stale needs replicas 3, clients 3, commands 1 and views >= 1';
    for (const over of [{ stale: 2 }, { replicas: 4 }, { clients: 2 }, { commands: 2 }, { views: 0 }]) refused(() => vrSystem({ ...stale, ...over }), message);
    refused(() => vrSystem({ ...base, stale: 2 }), message);
  });

  it('the registry entry refuses an unknown bug', () => {
    refused(() => vrProtocol.build({ ...base }, 'nope'), 'unknown bug nope');
  });
});
