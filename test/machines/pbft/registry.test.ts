/**
 * PBFT's registry entry (machines/pbft/protocol.ts), its bug table and
 * showcase bounds (spec/pbft/bugs.ts, machines/pbft/bugs.ts) and the CLI
 * form of its sizes (spec/pbft/configs.ts): the production build and every
 * bug build (which quorum or which replica each one changes), the refusals,
 * what each bug needs to show (from the reasons given in spec/pbft/bugs.ts:
 * a Byzantine primary and two requests for weak-prepare, a view change for
 * no-viewchange-certificates, a Byzantine reply for client-one-reply), and
 * the variant backup's acceptance of the new-view its O implies (§4.4 broken:
 * the null request where V reports a certificate).
 */
import { describe, expect, it } from 'vitest';
import { PBFT_BUG_REPLICAS, pbftReplica } from '../../../machines/pbft/bugs.js';
import { clientsMachine } from '../../../machines/pbft/clients.machine.js';
import { pbftProtocol } from '../../../machines/pbft/protocol.js';
import { replicaMachine } from '../../../machines/pbft/replica.machine.js';
import type { RunBounds } from '../../../spec/core/registry.js';
import { isPbftBug, PBFT_BUG_SHOWCASES, PBFT_BUGS, type PbftBug } from '../../../spec/pbft/bugs.js';
import { checkPbftSizes, describePbftSizes, PBFT_CONFIGS, pbftParams, pbftSizesOf, type PbftSizes } from '../../../spec/pbft/configs.js';
import type { Certificate, NewViewMsg, PbftMessage, PbftRequest } from '../../../spec/pbft/messages.js';
import type { ClientsConfig, ReplicaConfig } from '../../../spec/pbft/state.js';
import { start, step, steps } from '../../helpers/machines.js';

/** pbft-tiny's sizes: n = 4, f = 1, r0 Byzantine, one request, one view. */
const TINY = { clients: 1, commands: 1, replicas: 4, faulty: 1, f: 1, seqs: 1, views: 1, 'faulty-primary': 1 };

describe('the registry entry builds the production system and each bug variant', () => {
  it('without a bug: the production machines, quorums from n = 4 and f = 1, r0 Byzantine against the default adversary', () => {
    const s = pbftProtocol.build(TINY, null);
    expect(s.protocol).toBe('pbft');
    expect(s.nodes.map((n) => n.name)).toEqual(['clients', 'r0', 'r1', 'r2', 'r3']);
    expect(s.nodes[0]?.logic).toBe(clientsMachine);
    expect(s.nodes.slice(1).every((n) => n.logic === replicaMachine)).toBe(true);
    expect((s.nodes[0]?.input as ClientsConfig).replyQuorum).toBe(2);
    const r1 = s.nodes[2]?.input as ReplicaConfig;
    expect([r1.quorum, r1.prepareQuorum, r1.commitQuorum]).toEqual([3, 2, 3]);
    expect(s.byzantine?.nodes).toEqual([1]);
    expect(s.byzantine?.adversary).toBe('equivocating-primary');
    expect(pbftProtocol.build(TINY, null, null).byzantine?.adversary).toBe('equivocating-primary');
  });

  it('the named adversary is the one the Byzantine replicas get', () => {
    expect(pbftProtocol.build(TINY, null, undefined, 'silent').byzantine?.adversary).toBe('silent');
    expect(pbftProtocol.build(TINY, null, undefined, 'full').byzantine?.adversary).toBe('full');
  });

  it('weak-prepare: prepared at f = 1 prepares; client-one-reply: one reply; both keep the production replica', () => {
    const weak = pbftProtocol.build(TINY, 'weak-prepare');
    expect((weak.nodes[2]?.input as ReplicaConfig).prepareQuorum).toBe(1);
    expect(weak.nodes[2]?.logic).toBe(replicaMachine);
    const one = pbftProtocol.build(TINY, 'client-one-reply');
    expect((one.nodes[0]?.input as ClientsConfig).replyQuorum).toBe(1);
    expect((one.nodes[2]?.input as ReplicaConfig).prepareQuorum).toBe(2);
    expect(one.nodes[2]?.logic).toBe(replicaMachine);
  });

  it('no-viewchange-certificates: the variant replica on every replica node', () => {
    const s = pbftProtocol.build({ ...TINY, views: 2 }, 'no-viewchange-certificates');
    expect(s.nodes.slice(1).every((n) => n.logic === PBFT_BUG_REPLICAS['no-viewchange-certificates'])).toBe(true);
    expect(s.nodes[1]?.logic).not.toBe(replicaMachine);
  });

  it('sizes that contradict one another are refused before the system is built', () => {
    expect(() => pbftProtocol.build({ ...TINY, replicas: 2 }, null)).toThrow(
      new RangeError("--f 1 with --replicas 2 leaves quorums of n − f = 1 replica: one replica's word would commit; f must be from 0 to n − 2 = 0"),
    );
    const { views: _v, ...noViews } = TINY;
    expect(() => pbftProtocol.build(noViews, null)).toThrow(new RangeError('missing parameter views'));
  });

  it('isPbftBug: the three names, and not an inherited property', () => {
    expect(Object.keys(PBFT_BUGS)).toEqual(['weak-prepare', 'no-viewchange-certificates', 'client-one-reply']);
    expect(Object.keys(PBFT_BUGS).map(isPbftBug)).toEqual([true, true, true]);
    expect(isPbftBug('toString')).toBe(false);
    expect(isPbftBug('weak')).toBe(false);
  });

  it('pbftReplica: the production machine for null and the quorum-size bugs, the variant for no-viewchange-certificates', () => {
    expect(pbftReplica(null)).toBe(replicaMachine);
    expect(pbftReplica('weak-prepare')).toBe(replicaMachine);
    expect(pbftReplica('client-one-reply')).toBe(replicaMachine);
    expect(pbftReplica('no-viewchange-certificates')).toBe(PBFT_BUG_REPLICAS['no-viewchange-certificates']);
    expect(pbftReplica('no-viewchange-certificates')).not.toBe(replicaMachine);
  });
});

describe('the registry entry’s configurations', () => {
  it('each named configuration with its CLI parameters, and its adversary only where it names one', () => {
    expect(pbftProtocol.configs.map((c) => c.name)).toEqual(PBFT_CONFIGS.map((c) => c.name));
    const tiny = pbftProtocol.configs.find((c) => c.name === 'pbft-tiny');
    expect(tiny?.params).toEqual(TINY);
    expect(tiny !== undefined && 'adversary' in tiny).toBe(false);
    expect(pbftProtocol.configs.find((c) => c.name === 'pbft-s')?.adversary).toBe('full');
    expect(pbftProtocol.configs.find((c) => c.name === 'pbft-replay')?.params['faulty-primary']).toBe(0);
    expect(pbftProtocol.defaultConfig).toBe('pbft-s');
  });
});

describe('the sizes as CLI parameters (spec/pbft/configs.ts)', () => {
  const sizes: PbftSizes = { clients: 2, commands: 3, replicas: 5, faulty: 2, f: 1, seqs: 4, views: 2, faultyPrimary: false };

  it('pbftParams and pbftSizesOf: every field, faulty-primary as 0/1 (only 1 is true)', () => {
    const p = pbftParams(sizes);
    expect(p).toEqual({ clients: 2, commands: 3, replicas: 5, faulty: 2, f: 1, seqs: 4, views: 2, 'faulty-primary': 0 });
    expect(pbftSizesOf(p)).toEqual(sizes);
    expect(pbftParams({ ...sizes, faultyPrimary: true })['faulty-primary']).toBe(1);
    expect(pbftSizesOf({ ...p, 'faulty-primary': 1 }).faultyPrimary).toBe(true);
    expect(pbftSizesOf({ ...p, 'faulty-primary': 2 }).faultyPrimary).toBe(false);
    const { clients: _c, ...noClients } = p;
    expect(() => pbftSizesOf(noClients)).toThrow(new RangeError('missing parameter clients'));
  });

  it('describePbftSizes: the short form, naming r0 faulty only with faulty-primary 1', () => {
    expect(describePbftSizes(TINY)).toBe('C=1 K=1 n=4 f=1 F=1 (r0 faulty) S=1 V=1');
    expect(describePbftSizes(pbftParams(sizes))).toBe('C=2 K=3 n=5 f=1 F=2 S=4 V=2');
    expect(pbftProtocol.describeParams?.(TINY)).toBe('C=1 K=1 n=4 f=1 F=1 (r0 faulty) S=1 V=1');
  });

  it('checkPbftSizes: f from 0 to n − 2, and no more faulty replicas than replicas', () => {
    expect(() => checkPbftSizes({ ...sizes, replicas: 3, f: 1 })).not.toThrow();
    expect(() => checkPbftSizes({ ...sizes, replicas: 1, f: 0, faulty: 0 })).not.toThrow();
    expect(() => checkPbftSizes({ ...sizes, replicas: 3, f: 2 })).toThrow(
      new RangeError("--f 2 with --replicas 3 leaves quorums of n − f = 1 replica: one replica's word would commit; f must be from 0 to n − 2 = 1"),
    );
    expect(() => checkPbftSizes({ ...sizes, replicas: 1, f: 1, faulty: 0 })).toThrow(
      new RangeError("--f 1 with --replicas 1 leaves quorums of n − f = 0 replica: one replica's word would commit; f must be from 0 to n − 2 = 0"),
    );
    expect(() => checkPbftSizes({ ...sizes, replicas: 4, faulty: 4 })).not.toThrow();
    expect(() => checkPbftSizes({ ...sizes, replicas: 4, faulty: 5 })).toThrow(new RangeError('--faulty 5 exceeds the 4 replicas'));
  });
});

describe('what each bug needs to show (PBFT_BUG_SHOWCASES.unreachable)', () => {
  const bounds = (params: Record<string, number>, adversary: string | null = null): RunBounds => ({
    params,
    faults: { lossy: false, duplicates: 0, crashes: 0, recoveries: 0 },
    adversary,
  });
  const why = (bug: PbftBug, params: Record<string, number>, adversary: string | null = null) => PBFT_BUG_SHOWCASES[bug].unreachable?.(bounds(params, adversary));
  const EQ = { ...TINY, clients: 2 };

  it('the configurations they run on', () => {
    expect(Object.entries(PBFT_BUG_SHOWCASES).map(([b, s]) => [b, s.config, s.adversary])).toEqual([
      ['weak-prepare', 'pbft-equivocation', undefined],
      ['no-viewchange-certificates', 'pbft-vc', undefined],
      ['client-one-reply', 'pbft-tiny', 'full'],
    ]);
  });

  it('weak-prepare: f ≥ 1, a faulty replica, two clients and a faulty primary', () => {
    expect(why('weak-prepare', EQ)).toBeUndefined();
    expect(why('weak-prepare', { ...EQ, f: 0 })).toBe('f ≥ 1: with f = 0, f and 2f prepares are both none (--f 1)');
    expect(why('weak-prepare', {})).toBe('f ≥ 1: with f = 0, f and 2f prepares are both none (--f 1)');
    expect(why('weak-prepare', { ...EQ, faulty: 0 })).toBe('a Byzantine replica (--faulty 1)');
    expect(why('weak-prepare', { ...EQ, clients: 1 })).toBe('two requests for the primary to equivocate with (e.g. --clients 2)');
    expect(why('weak-prepare', { ...EQ, 'faulty-primary': 0 })).toBe('a Byzantine primary to equivocate (--faulty-primary 1)');
  });

  it('weak-prepare without --faulty-primary: r1 is Byzantine (and primary of view 1) only when every backup is faulty and a view change is allowed', () => {
    const backups = { ...EQ, 'faulty-primary': 0, faulty: 3, views: 2 };
    expect(why('weak-prepare', backups)).toBeUndefined();
    expect(why('weak-prepare', { ...backups, views: 1 })).toBe('a Byzantine primary to equivocate (--faulty-primary 1)');
    expect(why('weak-prepare', { ...backups, faulty: 2 })).toBe('a Byzantine primary to equivocate (--faulty-primary 1)');
    expect(why('weak-prepare', { ...backups, faulty: 4, views: 3 })).toBeUndefined();
  });

  it('no-viewchange-certificates: a view change', () => {
    expect(why('no-viewchange-certificates', { ...TINY, views: 2 })).toBeUndefined();
    expect(why('no-viewchange-certificates', TINY)).toBe('a view change: --views 2 or more');
  });

  it('client-one-reply: a faulty replica and the full adversary', () => {
    expect(why('client-one-reply', TINY, 'full')).toBeUndefined();
    expect(why('client-one-reply', TINY, 'silent')).toBe('a Byzantine reply: a faulty replica and --adversary full');
    expect(why('client-one-reply', TINY, null)).toBe('a Byzantine reply: a faulty replica and --adversary full');
    expect(why('client-one-reply', { ...TINY, faulty: 0 }, 'full')).toBe('a Byzantine reply: a faulty replica and --adversary full');
  });
});

describe('the no-viewchange-certificates backup (machines/pbft/bugs.ts)', () => {
  const A: PbftRequest = { id: 'c0.0', op: { kind: 'write', value: 'a' } };
  const cfg = (self: string): ReplicaConfig => ({ self, replicas: ['r0', 'r1', 'r2', 'r3'], clients: 'clients', quorum: 3, prepareQuorum: 2, commitQuorum: 3, seqs: 2, views: 2, verifyRequests: true, replies: true });
  const P: Certificate[] = [{ view: 0, seq: 1, request: A }];
  /** r2, prepared for A at seq 1 in view 0, times out and holds the view-changes of r1 (with A's certificate) and r3. */
  const events: PbftMessage[] = [
    { type: 'pbft.request', from: 'clients', to: 'r2', request: A },
    { type: 'pbft.pre-prepare', from: 'r0', to: 'r2', view: 0, seq: 1, request: A },
    { type: 'pbft.prepare', from: 'r1', to: 'r2', view: 0, seq: 1, digest: 'c0.0' },
  ];
  const nv = (request: PbftRequest | null): NewViewMsg => ({
    type: 'pbft.new-view',
    from: 'r1',
    to: 'r2',
    view: 1,
    viewChanges: [
      { from: 'r1', prepared: P },
      { from: 'r2', prepared: P },
      { from: 'r3', prepared: [] },
    ],
    preprepares: [{ seq: 1, request }],
  });
  function changing(machine: typeof replicaMachine) {
    return steps(machine, start(machine, cfg('r2')).next, [
      ...events,
      { type: 'TIMEOUT' },
      { type: 'pbft.view-change', from: 'r1', to: 'r2', view: 1, prepared: P },
      { type: 'pbft.view-change', from: 'r3', to: 'r2', view: 1, prepared: [] },
    ]).next;
  }

  it('accepts the O of null requests its new primary sends, and refuses the O §4.4 implies; the production backup the reverse', () => {
    const bugged = pbftReplica('no-viewchange-certificates');
    const s = changing(bugged);
    expect(s.value).toBe('changing');
    expect(s.can(nv(null))).toBe(true);
    expect(s.can(nv(A))).toBe(false);
    const { next, sent } = step(bugged, s, nv(null));
    expect(next.value).toBe('normal');
    expect(next.context.view).toBe(1);
    expect(next.context.log).toEqual([{ seq: 1, request: null }]);
    expect(sent.map((m) => [m.type, m.to, m.type === 'pbft.prepare' ? m.digest : undefined])).toEqual([
      ['pbft.prepare', 'r0', null],
      ['pbft.prepare', 'r1', null],
      ['pbft.prepare', 'r3', null],
    ]);
    const good = changing(replicaMachine);
    expect(good.can(nv(null))).toBe(false);
    expect(good.can(nv(A))).toBe(true);
  });

  it('still refuses a new-view not from the new primary', () => {
    const s = changing(pbftReplica('no-viewchange-certificates'));
    expect(s.can({ ...nv(null), from: 'r3' })).toBe(false);
  });
});
