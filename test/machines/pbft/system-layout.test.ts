/**
 * What `pbftSystem` (machines/pbft/system.ts) wires besides the machines:
 * each node's input and environment events, the requests the clients issue,
 * which slots the properties, witnesses and final states read (the correct
 * replicas only, §4: a Byzantine replica's state means nothing), the
 * adversary's universe, bounds and memory, the symmetry group, the topology
 * and the primary-only deployment of the cost scenario. Built inside each
 * `it`, never at load. Expectations are written by hand from the sizes.
 */
import { describe, expect, it } from 'vitest';
import { issuedRequests, pbftSystem } from '../../../machines/pbft/system.js';
import type { SystemView } from '../../../spec/core/property.js';
import { adversaryUniverse, replayed } from '../../../spec/pbft/adversary.js';
import type { PbftSizes } from '../../../spec/pbft/configs.js';
import { pbftIgnores } from '../../../spec/pbft/ignores.js';
import type { PbftMessage, PbftRequest } from '../../../spec/pbft/messages.js';
import type { ClientsState, ReplicaConfig, ReplicaState } from '../../../spec/pbft/state.js';
import { pbftReplica } from '../../helpers/pbft-replica.js';

/** n = 4, f = 1, r3 Byzantine (faulty-primary off), two clients with one command, two views. */
const SIZES: PbftSizes = { clients: 2, commands: 1, replicas: 4, faulty: 1, f: 1, seqs: 2, views: 2, faultyPrimary: false };
const R = ['r0', 'r1', 'r2', 'r3'];
const A: PbftRequest = { id: 'c0.0', op: { kind: 'write', value: 'a' } };
const B: PbftRequest = { id: 'c1.0', op: { kind: 'read' } };

describe('issuedRequests: every command of every client, sorted by id', () => {
  it('client c’s j-th command writes its own value when c + j is even, reads otherwise', () => {
    expect(issuedRequests(2, 2)).toEqual([
      { id: 'c0.0', op: { kind: 'write', value: 'a' } },
      { id: 'c0.1', op: { kind: 'read' } },
      { id: 'c1.0', op: { kind: 'read' } },
      { id: 'c1.1', op: { kind: 'write', value: 'd' } },
    ]);
  });

  it('sorted as strings: c0.10 comes before c0.2', () => {
    expect(issuedRequests(1, 11).map((r) => r.id)).toEqual(['c0.0', 'c0.1', 'c0.10', 'c0.2', 'c0.3', 'c0.4', 'c0.5', 'c0.6', 'c0.7', 'c0.8', 'c0.9']);
  });
});

describe('pbftSystem: the nodes', () => {
  it('the clients node sends every request to every replica and needs f+1 = 2 matching replies; one REQUEST event per client', () => {
    const s = pbftSystem(SIZES);
    expect(s.protocol).toBe('pbft');
    expect(s.nodes.map((n) => [n.name, n.role])).toEqual([
      ['clients', 'clients'],
      ['r0', 'replica'],
      ['r1', 'replica'],
      ['r2', 'replica'],
      ['r3', 'replica'],
    ]);
    expect(s.nodes[0]?.input).toEqual({ self: 'clients', commands: 1, targets: [R, R], replyQuorum: 2 });
    expect(s.nodes[0]?.environment).toEqual([
      { type: 'REQUEST', client: 0 },
      { type: 'REQUEST', client: 1 },
    ]);
  });

  it('each replica (the Byzantine one too) gets n, Q = 3, prepared at 2, committed at 3, S, V, checks requests and replies; a TIMEOUT event', () => {
    const s = pbftSystem(SIZES);
    for (const [i, self] of R.entries()) {
      expect(s.nodes[i + 1]?.input).toStrictEqual({
        self,
        replicas: R,
        clients: 'clients',
        quorum: 3,
        prepareQuorum: 2,
        commitQuorum: 3,
        seqs: 2,
        views: 2,
        verifyRequests: true,
        replies: true,
      } satisfies ReplicaConfig);
      expect(s.nodes[i + 1]?.environment).toEqual([{ type: 'TIMEOUT' }]);
    }
  });

  it('the primary-only deployment sends every client’s requests to r0 alone and trusts pre-prepares', () => {
    const s = pbftSystem({ ...SIZES, faulty: 0 }, { primaryOnly: true });
    expect((s.nodes[0]?.input as { targets: unknown }).targets).toEqual([['r0'], ['r0']]);
    expect((s.nodes[1]?.input as ReplicaConfig).verifyRequests).toBe(false);
    expect((pbftSystem({ ...SIZES, faulty: 0 }, { primaryOnly: false }).nodes[1]?.input as ReplicaConfig).verifyRequests).toBe(true);
  });
});

describe('pbftSystem: what the properties read', () => {
  it('the safety properties read the correct replicas r0..r2 (slots 1..3), not the Byzantine r3 (slot 4), and the clients at slot 0', () => {
    const s = pbftSystem(SIZES);
    expect(s.properties.map((p) => [p.name, p.reads])).toEqual([
      ['prepared-agreement', [1, 2, 3]],
      ['agreement', [1, 2, 3]],
      ['validity', [1, 2, 3, 0]],
      ['client-accepts-correct', [1, 2, 3, 0]],
      ['prefix', [1, 2, 3]],
    ]);
    expect(s.history?.node).toBe(0);
    expect(s.history?.read({ history: 'h' })).toBe('h');
  });

  it('with r0 the faulty primary, the correct replicas are r1..r3 (slots 2..4)', () => {
    const s = pbftSystem({ ...SIZES, faultyPrimary: true });
    expect(s.properties[0]?.reads).toEqual([2, 3, 4]);
    expect(s.byzantine?.nodes).toEqual([1]);
  });

  it('the temporal properties: decided, client-answered, and a pair of witnesses per client', () => {
    const s = pbftSystem(SIZES);
    expect(s.temporal?.map((t) => t.name)).toEqual(['decided', 'client-answered', 'decides-c0', 'decides-c1', 'answers-c0', 'answers-c1']);
    expect(s.temporal?.[0]?.reads).toEqual([1, 2, 3]);
    expect(s.temporal?.[1]?.description).toContain('each of the 2 client(s) issues 1 request(s)');
  });

  it('final: the faulty r3 owes nothing; a waiting correct backup with a view left does; answering every command is final', () => {
    const s = pbftSystem(SIZES);
    const cfgOf = (i: number) => s.nodes[i + 1]?.input as ReplicaConfig;
    const replica = (i: number, requests: PbftRequest[]): ReplicaState => pbftReplica(cfgOf(i).self, { cfg: cfgOf(i), requests });
    const clients = (answered: boolean): Pick<ClientsState, 'history'> => ({
      history: {
        clients: [[{ op: A.op, seen: [0, 0], ...(answered ? { result: 'ok' } : {}) }], [{ op: B.op, seen: [0, 0], ...(answered ? { result: 'a' } : {}) }]],
      },
    });
    const at = (answered: boolean, waiting: readonly number[]): SystemView => ({
      locals: [clients(answered), ...R.map((_, i) => replica(i, waiting.includes(i) ? [A] : []))],
      crashed: [false, false, false, false, false],
      messages: () => [],
    });
    expect(s.final?.(at(false, [3]))).toBe(true);
    expect(s.final?.(at(false, [2]))).toBe(false);
    expect(s.final?.(at(true, [2]))).toBe(true);
    // Two commands per client: one answered command each is not the end.
    expect(pbftSystem({ ...SIZES, commands: 2 }).final?.(at(true, [2]))).toBe(false);
  });
});

describe('pbftSystem: the adversary', () => {
  it('its universe is the adversary’s for n = 4, r3 faulty, the issued requests, S = 2, V = 2, Q = 3 and the bug', () => {
    const s = pbftSystem(SIZES, { adversary: 'full', bug: 'no-viewchange-certificates' });
    const expected = adversaryUniverse('full', { replicas: R, faulty: [3], clients: 'clients', requests: [A, B], seqs: 2, views: 2, quorum: 3, bug: 'no-viewchange-certificates' });
    expect(expected.length).toBeGreaterThan(0);
    expect(s.byzantine?.messages).toEqual(expected);
    expect(s.byzantine?.adversary).toBe('full');
    expect(s.byzantine?.learn).toBeUndefined();
  });

  it('the default adversary is the equivocating primary: r3 leads no view of 0..1, so it has nothing to send', () => {
    const s = pbftSystem(SIZES);
    expect(s.byzantine?.adversary).toBe('equivocating-primary');
    expect(s.byzantine?.messages).toEqual([]);
  });

  it('replay: nothing made up, and r3 re-sends to the correct replicas what they sent it', () => {
    const s = pbftSystem(SIZES, { adversary: 'replay' });
    expect(s.byzantine?.messages).toEqual([]);
    const commit: PbftMessage = { type: 'pbft.commit', from: 'r1', to: 'r3', view: 0, seq: 1, digest: 'c0.0' };
    expect(s.byzantine?.learn?.(commit)).toEqual(['r0', 'r1', 'r2'].map((to) => ({ ...commit, from: 'r3', to })));
    expect(s.byzantine?.learn?.(commit)).toEqual(replayed(commit, R, [3]));
  });

  it('no faulty replica: no byzantine part at all', () => {
    expect(pbftSystem({ ...SIZES, faulty: 0 }).byzantine).toBeUndefined();
    expect('byzantine' in pbftSystem({ ...SIZES, faulty: 0 })).toBe(false);
  });
});

describe('pbftSystem: reductions and presentation', () => {
  it('symmetry: r2 is the only correct replica that leads no view with r3 faulty, so none; with nobody faulty, r2 and r3', () => {
    expect(pbftSystem(SIZES).symmetry).toBeUndefined();
    expect('symmetry' in pbftSystem(SIZES)).toBe(false);
    expect(pbftSystem({ ...SIZES, faulty: 0 }).symmetry?.groups).toEqual([['r2', 'r3']]);
    expect(pbftSystem({ ...SIZES, faulty: 0, views: 1 }).symmetry?.groups).toEqual([['r1', 'r2', 'r3']]);
  });

  it('topology, refusals, partition, messages and the notation of a full tally', () => {
    const s = pbftSystem(SIZES);
    expect(s.topology).toEqual({ clients: ['replica'], replica: ['replica', 'clients'] });
    expect(pbftSystem({ ...SIZES, replicas: 1, faulty: 0, f: 0 }).topology).toEqual({ clients: ['replica'], replica: ['clients'] });
    expect(s.ignores).toBe(pbftIgnores);
    expect(s.partition).toEqual(['clients']);
    expect(s.describeMessage?.({ type: 'pbft.prepare', from: 'r1', to: 'r2', view: 0, seq: 1, digest: 'c0.0' })).toBe('Prepare(v=0, n=1, c0.0, r1→r2)');
    expect(s.notations?.map((n) => n.text)).toEqual(['from: null']);
    expect(s.notations?.[0]?.meaning).toMatch(/^a tally whose senders are forgotten: it reached its threshold/);
  });
});
