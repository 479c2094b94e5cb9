/**
 * S-Paxos's registry entry (machines/spaxos/protocol.ts), its bug table and
 * showcase bounds (spec/spaxos/bugs.ts, machines/spaxos/bugs.ts) and its
 * configurations (spec/spaxos/configs.ts): the production build and the bug
 * build, the refusal of an unknown bug or variant, the bug replica's guard
 * (an id orderable as soon as it is held: each held id, not any), and what
 * the bug needs to show, from the reasons spec/spaxos/bugs.ts gives (three
 * replicas; with `--property` and without durability, no-lost-request and
 * both a crash and message loss).
 */
import { describe, expect, it } from 'vitest';
import { SPAXOS_BUG_REPLICAS, spaxosReplica } from '../../../machines/spaxos/bugs.js';
import { spaxosProtocol } from '../../../machines/spaxos/protocol.js';
import { spaxosReplicaMachine } from '../../../machines/spaxos/replica.machine.js';
import type { RunBounds } from '../../../spec/core/registry.js';
import type { RequestMsg } from '../../../spec/multipaxos/messages.js';
import { isSPaxosBug, SPAXOS_BUG_SHOWCASES, SPAXOS_BUGS } from '../../../spec/spaxos/bugs.js';
import { DEFAULT_SPAXOS_CONFIG, describeSPaxosSizes, SPAXOS_CONFIGS, SPAXOS_PARAMETERS } from '../../../spec/spaxos/configs.js';
import type { ForwardMsg } from '../../../spec/spaxos/messages.js';
import type { SPaxosReplicaConfig } from '../../../spec/spaxos/state.js';
import { start, steps } from '../../helpers/machines.js';

const PARAMS = { clients: 1, commands: 1, replicas: 3, proposers: 1, slots: 1, rounds: 1 };
const WA = { kind: 'write', value: 'a' } as const;

describe('the registry entry builds the production system and the bug variant', () => {
  it('without a bug: the production replica on r0..r2; 2b to the leader by default', () => {
    const s = spaxosProtocol.build(PARAMS, null);
    expect(s.protocol).toBe('spaxos');
    const replicas = s.nodes.filter((n) => n.role === 'replica');
    expect(replicas.map((n) => n.name)).toEqual(['r0', 'r1', 'r2']);
    expect(replicas.every((n) => n.logic === spaxosReplicaMachine)).toBe(true);
    expect(s.topology?.['acceptor']).toEqual(['proposer']);
  });

  it('the variant is passed on: 2b to all sends the acceptors’ 2b to the replicas', () => {
    const s = spaxosProtocol.build(PARAMS, null, 'all');
    expect(s.topology?.['acceptor']).toEqual(['replica']);
    expect(() => spaxosProtocol.build(PARAMS, null, 'nowhere')).toThrow(new RangeError('unknown variant nowhere'));
  });

  it('the sizes are read from the parameters: five replicas, two proposers', () => {
    const s = spaxosProtocol.build({ ...PARAMS, replicas: 5, proposers: 2 }, null);
    expect(s.nodes.filter((n) => n.role === 'replica')).toHaveLength(5);
    expect(s.nodes.filter((n) => n.role === 'proposer').map((n) => n.name)).toEqual(['p0', 'p1']);
  });

  it('with the bug: the order-unstable replica, not the production one', () => {
    const s = spaxosProtocol.build(PARAMS, 'order-unstable');
    const replicas = s.nodes.filter((n) => n.role === 'replica');
    expect(replicas.every((n) => n.logic === SPAXOS_BUG_REPLICAS['order-unstable'])).toBe(true);
    expect(SPAXOS_BUG_REPLICAS['order-unstable']).not.toBe(spaxosReplicaMachine);
  });

  it('an unknown bug is refused', () => {
    expect(() => spaxosProtocol.build(PARAMS, 'no-such-bug')).toThrow(new RangeError('unknown bug no-such-bug'));
    expect(() => spaxosProtocol.build(PARAMS, 'toString')).toThrow(new RangeError('unknown bug toString'));
  });

  it('isSPaxosBug: the one name, not an inherited property', () => {
    expect(isSPaxosBug('order-unstable')).toBe(true);
    expect(isSPaxosBug('toString')).toBe(false);
    expect(isSPaxosBug('')).toBe(false);
    expect(Object.keys(SPAXOS_BUGS)).toEqual(['order-unstable']);
  });

  it('spaxosReplica: the production machine for null, the variant otherwise', () => {
    expect(spaxosReplica(null)).toBe(spaxosReplicaMachine);
    expect(spaxosReplica('order-unstable')).toBe(SPAXOS_BUG_REPLICAS['order-unstable']);
  });
});

describe('the order-unstable replica: an id is orderable once this replica holds it', () => {
  const cfg: SPaxosReplicaConfig = { self: 'r0', replicas: ['r0', 'r1', 'r2'], stableAcks: 2, slots: 1, decisionQuorum: 2, clients: 'clients', proposer: 'p0' };
  const clientReq = (id: string): RequestMsg => ({ type: 'mp.request', from: 'clients', to: 'r0', entry: { id, op: WA } });
  const forward = (id: string): ForwardMsg => ({ type: 'sp.forward', from: 'r1', to: 'r0', entry: { id, op: WA } });
  const notice = (id: string): RequestMsg => ({ type: 'mp.request', from: 'r0', to: 'p0', entry: { id } });

  it('each held id is handed over when it is held, although another one is held already', () => {
    const unstable = SPAXOS_BUG_REPLICAS['order-unstable'];
    const { next, sent } = steps(unstable, start(unstable, cfg).next, [clientReq('c0.0'), forward('c1.0')]);
    expect(next.context.stable).toEqual([]);
    expect(sent.filter((m) => m.type === 'mp.request')).toEqual([notice('c0.0'), notice('c1.0')]);
  });

  it('an ack of an id it does not hold hands nothing over (holding another id is not enough)', () => {
    const unstable = SPAXOS_BUG_REPLICAS['order-unstable'];
    const { sent } = steps(unstable, start(unstable, cfg).next, [clientReq('c0.0'), { type: 'sp.ack', from: 'r1', to: 'r0', id: 'c1.0' }]);
    expect(sent.filter((m) => m.type === 'mp.request')).toEqual([notice('c0.0')]);
  });

  it('the production replica hands neither over before f+1 holders', () => {
    const { sent } = steps(spaxosReplicaMachine, start(spaxosReplicaMachine, cfg).next, [clientReq('c0.0'), forward('c1.0')]);
    expect(sent.filter((m) => m.type === 'mp.request')).toEqual([]);
  });
});

describe('what the bug needs to show (SPAXOS_BUG_SHOWCASES.unreachable)', () => {
  const bounds = (params: Record<string, number>, faults: { lossy?: boolean; crashes?: number } = {}, properties?: string[]): RunBounds => ({
    params,
    faults: { lossy: faults.lossy ?? false, duplicates: 0, crashes: faults.crashes ?? 0, recoveries: 0 },
    adversary: null,
    ...(properties !== undefined ? { properties } : {}),
  });
  const why = (b: RunBounds) => SPAXOS_BUG_SHOWCASES['order-unstable'].unreachable?.(b);
  const THREE = 'three replicas (f = 1), so that a request held by one replica is not yet stable (--replicas 3)';
  const LOST = (missing: string) => `a lost request, for no-lost-request: its forwards dropped and its holder crashed (${missing})`;

  it('the showcase: sp-tiny with message loss and one crash', () => {
    const s = SPAXOS_BUG_SHOWCASES['order-unstable'];
    expect(s.config).toBe('sp-tiny');
    expect(s.faults).toEqual({ lossy: true, crashes: 1 });
  });

  it('fewer than three replicas (or none named): nothing to break', () => {
    expect(why(bounds({ replicas: 1 }))).toBe(THREE);
    expect(why(bounds({ replicas: 2 }, { lossy: true, crashes: 1 }))).toBe(THREE);
    expect(why(bounds({}))).toBe(THREE);
  });

  it('three or more replicas, every property checked (durability among them): reachable without faults', () => {
    expect(why(bounds({ replicas: 3 }))).toBeUndefined();
    expect(why(bounds({ replicas: 5 }))).toBeUndefined();
    expect(why(bounds({ replicas: 3 }, {}, ['agreement', 'durability']))).toBeUndefined();
  });

  it('neither durability nor no-lost-request checked: one of them is needed', () => {
    expect(why(bounds({ replicas: 3 }, { lossy: true, crashes: 1 }, ['agreement', 'prefix']))).toBe('durability or no-lost-request among the properties checked (--property)');
    expect(why(bounds({ replicas: 3 }, { lossy: true, crashes: 1 }, []))).toBe('durability or no-lost-request among the properties checked (--property)');
  });

  it('no-lost-request alone: both a crash and message loss', () => {
    const only = ['no-lost-request'];
    expect(why(bounds({ replicas: 3 }, {}, only))).toBe(LOST('--crashes 1 --lossy'));
    expect(why(bounds({ replicas: 3 }, { crashes: 1 }, only))).toBe(LOST('--lossy'));
    expect(why(bounds({ replicas: 3 }, { lossy: true }, only))).toBe(LOST('--crashes 1'));
    expect(why(bounds({ replicas: 3 }, { lossy: true, crashes: 1 }, only))).toBeUndefined();
    expect(why(bounds({ replicas: 3 }, { lossy: true, crashes: 2 }, ['agreement', 'no-lost-request']))).toBeUndefined();
  });
});

describe('the entry’s tables', () => {
  it('names, default configuration and variant, and the properties in order', () => {
    expect(spaxosProtocol.name).toBe('spaxos');
    expect(spaxosProtocol.defaultConfig).toBe('sp-s');
    expect(DEFAULT_SPAXOS_CONFIG).toBe('sp-s');
    expect(spaxosProtocol.defaultVariant).toBe('leader');
    expect(Object.keys(spaxosProtocol.variants ?? {})).toEqual(['leader', 'all']);
    expect(spaxosProtocol.bugs).toBe(SPAXOS_BUGS);
    expect(spaxosProtocol.properties.map((p) => p.name)).toEqual(['agreement', 'validity', 'at-most-once', 'prefix', 'durability', 'no-lost-request', 'linearizable']);
    expect(spaxosProtocol.cost?.minN).toBe(1);
  });

  it('the configurations: their sizes, as the registry lists them', () => {
    expect(spaxosProtocol.configs).toEqual([
      { name: 'sp-tiny', description: 'one request, one leader: the dissemination layer alone', params: { clients: 1, commands: 1, replicas: 3, proposers: 1, slots: 1, rounds: 1 } },
      { name: 'sp-s', description: 'two clients on two coordinators, one leader, one slot (the default)', params: { clients: 2, commands: 1, replicas: 3, proposers: 1, slots: 1, rounds: 1 } },
      { name: 'sp-m', description: 'a leader change: r1 also runs a proposer', params: { clients: 1, commands: 1, replicas: 3, proposers: 2, slots: 1, rounds: 1 } },
    ]);
    expect(SPAXOS_CONFIGS.find((c) => c.name === 'sp-tiny')?.expected).toEqual({ states: 8_294, transitions: 41_070, depth: 21 });
  });

  it('the parameters and their bounds', () => {
    expect(SPAXOS_PARAMETERS.map((p) => [p.name, p.min, p.max])).toEqual([
      ['clients', 1, 4],
      ['commands', 1, 4],
      ['replicas', 1, 9],
      ['proposers', 1, 9],
      ['slots', 1, 8],
      ['rounds', 1, 4],
    ]);
  });

  it('describeParams: the short form of the sizes', () => {
    expect(describeSPaxosSizes({ clients: 2, commands: 1, replicas: 3, proposers: 1, slots: 4, rounds: 2 })).toBe('C=2 K=1 n=3 P=1 S=4 R=2');
    expect(spaxosProtocol.describeParams?.({ clients: 1, commands: 3, replicas: 5, proposers: 2, slots: 1, rounds: 1 })).toBe('C=1 K=3 n=5 P=2 S=1 R=1');
  });

  it('the examples and showcases run on sp-tiny, with the faults the bug needs', () => {
    expect(spaxosProtocol.examples?.map((e) => e.args)).toEqual(['--config sp-tiny', '--bug order-unstable', '--config sp-tiny --lossy --crashes 2 --property no-lost-request']);
    expect(spaxosProtocol.showcases?.map((s) => [s.config, s.bug ?? null, s.faults, s.properties])).toEqual([
      ['sp-tiny', 'order-unstable', { lossy: true, crashes: 1 }, ['no-lost-request']],
      ['sp-tiny', null, { lossy: true, crashes: 2 }, ['no-lost-request']],
    ]);
  });
});
