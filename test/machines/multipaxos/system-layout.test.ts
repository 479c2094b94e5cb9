/**
 * What `multipaxosSystem` (machines/multipaxos/system.ts) wires up besides
 * the role machines: every node's input and environment, the quorum sizes
 * (majorities of A; one 2b under early-reply), who answers the clients in
 * the cost deployment (`leaderKnown`), the symmetry groups, topology,
 * partition, refusals, history, the properties' layout, and the final states
 * of the deadlock check (every client answered, or no proposer left with a
 * ballot). Built inside each `it`, never at load.
 */
import { describe, expect, it } from 'vitest';
import { acceptorMachine } from '../../../machines/multipaxos/acceptor.machine.js';
import { clientsMachine } from '../../../machines/multipaxos/clients.machine.js';
import { replicaMachine } from '../../../machines/multipaxos/replica.machine.js';
import { acceptorNodes, checkSizes, clientsNode, describeClientOrTimeout, multipaxosSystem, proposerNodes } from '../../../machines/multipaxos/system.js';
import type { SystemView } from '../../../spec/core/property.js';
import type { MultiPaxosSizes } from '../../../spec/multipaxos/configs.js';
import { multipaxosIgnores } from '../../../spec/multipaxos/ignores.js';
import { describeMultiPaxosMessage } from '../../../spec/multipaxos/messages.js';
import { register } from '../../../spec/multipaxos/register.js';
import { mayRunPhase1, multipaxosTopology } from '../../../spec/multipaxos/topology.js';

const SIZES: MultiPaxosSizes = { clients: 2, commands: 1, proposers: 2, acceptors: 3, replicas: 2, slots: 1, rounds: 1 };

describe('multipaxosSystem: the nodes', () => {
  it('clients, p0..p(P-1), a0..a(A-1), r0..r(L-1), in that order', () => {
    const s = multipaxosSystem({ ...SIZES, proposers: 3, acceptors: 4, replicas: 3 }, { variant: 'leader' });
    expect(s.protocol).toBe('multipaxos');
    expect(s.nodes.map((n) => `${n.name}:${n.role}`)).toEqual([
      'clients:clients',
      'p0:proposer', 'p1:proposer', 'p2:proposer',
      'a0:acceptor', 'a1:acceptor', 'a2:acceptor', 'a3:acceptor',
      'r0:replica', 'r1:replica', 'r2:replica',
    ]);
    expect(s.nodes[0]?.logic).toBe(clientsMachine);
    expect(s.nodes[4]?.logic).toBe(acceptorMachine);
    expect(s.nodes[8]?.logic).toBe(replicaMachine);
  });

  it('the clients send to every proposer; one REQUEST event per client', () => {
    const s = multipaxosSystem(SIZES, { variant: 'leader' });
    expect(s.nodes[0]?.input).toStrictEqual({ self: 'clients', commands: 1, targets: [['p0', 'p1'], ['p0', 'p1']] });
    expect(s.nodes[0]?.environment).toEqual([{ type: 'REQUEST', client: 0 }, { type: 'REQUEST', client: 1 }]);
  });

  it('each proposer: its index, the acceptors, the replicas, majority quorums, only p0 the initial leader, a TIMEOUT', () => {
    const s = multipaxosSystem({ ...SIZES, acceptors: 4, slots: 2, rounds: 3 }, { variant: 'all', batch: 2 });
    const base = { proposers: 2, acceptors: ['a0', 'a1', 'a2', 'a3'], replicas: ['r0', 'r1'], quorum: 3, decisionQuorum: 3, slots: 2, rounds: 3, batch: 2, variant: 'all' };
    expect(s.nodes[1]?.input).toStrictEqual({ self: 'p0', index: 0, ...base, initialLeader: true });
    expect(s.nodes[2]?.input).toStrictEqual({ self: 'p1', index: 1, ...base, initialLeader: false });
    expect(s.nodes[1]?.environment).toEqual([{ type: 'TIMEOUT' }]);
    expect(s.nodes[2]?.environment).toEqual([{ type: 'TIMEOUT' }]);
  });

  it('each acceptor knows the replicas and the variant; it has no environment event', () => {
    const s = multipaxosSystem(SIZES, { variant: 'all' });
    expect(s.nodes[3]?.input).toStrictEqual({ self: 'a0', replicas: ['r0', 'r1'], variant: 'all' });
    expect(s.nodes[5]?.input).toStrictEqual({ self: 'a2', replicas: ['r0', 'r1'], variant: 'all' });
    expect(s.nodes.slice(3).every((n) => n.environment.length === 0)).toBe(true);
  });

  it('each replica: the slots, the decision quorum, the clients node; every replica answers by default', () => {
    const s = multipaxosSystem({ ...SIZES, acceptors: 5, slots: 3 }, { variant: 'leader' });
    expect(s.nodes[8]?.input).toStrictEqual({ self: 'r0', slots: 3, decisionQuorum: 3, clients: 'clients', replies: true });
    expect(s.nodes[9]?.input).toStrictEqual({ self: 'r1', slots: 3, decisionQuorum: 3, clients: 'clients', replies: true });
  });

  it('quorums are majorities: A = 1, 2, 3, 4 give 1, 2, 2, 3', () => {
    const q = (acceptors: number) => (multipaxosSystem({ ...SIZES, acceptors }, { variant: 'leader' }).nodes[1]?.input as { quorum: number }).quorum;
    expect([1, 2, 3, 4].map(q)).toEqual([1, 2, 2, 3]);
  });

  it('early-reply: proposers and replicas decide on one 2b, the promise quorum stays a majority', () => {
    const s = multipaxosSystem(SIZES, { variant: 'leader', bug: 'early-reply' });
    expect(s.nodes[1]?.input).toMatchObject({ quorum: 2, decisionQuorum: 1 });
    expect(s.nodes[6]?.input).toMatchObject({ decisionQuorum: 1 });
    const n = multipaxosSystem(SIZES, { variant: 'leader', bug: 'no-recovery' });
    expect(n.nodes[6]?.input).toMatchObject({ decisionQuorum: 2 });
    expect(n.nodes[1]?.input).toMatchObject({ decisionQuorum: 2 });
  });

  it('leaderKnown (the cost deployment): the clients send to p0 only, only r0 answers', () => {
    const s = multipaxosSystem({ ...SIZES, replicas: 3 }, { variant: 'leader', leaderKnown: true });
    expect((s.nodes[0]?.input as { targets: unknown }).targets).toEqual([['p0'], ['p0']]);
    expect(s.nodes.slice(6).map((n) => (n.input as { replies: boolean }).replies)).toEqual([true, false, false]);
    const d = multipaxosSystem({ ...SIZES, replicas: 3 }, { variant: 'leader', leaderKnown: false });
    expect(d.nodes.slice(6).map((n) => (n.input as { replies: boolean }).replies)).toEqual([true, true, true]);
  });

  it('the node builders on their own', () => {
    const c = clientsNode(1, 2, (k) => [`p${k}`]);
    expect(c).toMatchObject({ name: 'clients', role: 'clients', input: { self: 'clients', commands: 2, targets: [['p0']] }, environment: [{ type: 'REQUEST', client: 0 }] });
    const a = acceptorNodes(['a0'], ['r0', 'r1'], 'leader');
    expect(a).toEqual([{ name: 'a0', role: 'acceptor', logic: acceptorMachine, input: { self: 'a0', replicas: ['r0', 'r1'], variant: 'leader' }, environment: [] }]);
    const p = proposerNodes({ proposers: 1, slots: 1, rounds: 1 }, ['a0', 'a1'], ['r0'], { variant: 'leader' });
    expect(p.map((n) => n.name)).toEqual(['p0']);
    expect(p[0]?.input).toMatchObject({ quorum: 2, decisionQuorum: 2, batch: 1, initialLeader: true });
  });

  it('checkSizes names the first bad size: missing, fractional or below its minimum', () => {
    expect(() => checkSizes({ a: 1 }, { a: 1, b: 1 })).toThrow(new RangeError('b must be an integer >= 1, got undefined'));
    expect(() => checkSizes({ a: 1.5 }, { a: 1 })).toThrow(new RangeError('a must be an integer >= 1, got 1.5'));
    expect(() => checkSizes({ a: 1 }, { a: 2 })).toThrow(new RangeError('a must be an integer >= 2, got 1'));
    expect(() => checkSizes({ a: 2 }, { a: 2 })).not.toThrow();
  });
});

describe('multipaxosSystem: what the explorer reads', () => {
  it('symmetry: the acceptors and the replicas by default; a group of one is dropped', () => {
    expect(multipaxosSystem(SIZES, { variant: 'leader' }).symmetry?.groups).toEqual([['a0', 'a1', 'a2'], ['r0', 'r1']]);
    expect(multipaxosSystem({ ...SIZES, replicas: 1 }, { variant: 'leader' }).symmetry?.groups).toEqual([['a0', 'a1', 'a2']]);
    expect(multipaxosSystem({ ...SIZES, acceptors: 1, replicas: 1 }, { variant: 'leader' }).symmetry).toBeUndefined();
    expect('symmetry' in multipaxosSystem({ ...SIZES, acceptors: 1, replicas: 1 }, { variant: 'leader' })).toBe(false);
  });

  it('symmetry with leaderKnown: r0 answers, so only r1..r(L-1) are interchangeable', () => {
    expect(multipaxosSystem({ ...SIZES, replicas: 3 }, { variant: 'leader', leaderKnown: true }).symmetry?.groups).toEqual([['a0', 'a1', 'a2'], ['r1', 'r2']]);
    expect(multipaxosSystem(SIZES, { variant: 'leader', leaderKnown: true }).symmetry?.groups).toEqual([['a0', 'a1', 'a2']]);
  });

  it('topology: 2b to the proposers (leader) or the replicas (all); no Promise to a proposer when none may run phase 1', () => {
    expect(multipaxosSystem(SIZES, { variant: 'leader' }).topology).toEqual({ clients: ['proposer'], proposer: ['acceptor', 'replica'], acceptor: ['proposer'], replica: ['clients'] });
    expect(multipaxosSystem(SIZES, { variant: 'all' }).topology).toEqual({ clients: ['proposer'], proposer: ['acceptor'], acceptor: ['proposer', 'replica'], replica: ['clients'] });
    expect(multipaxosSystem({ ...SIZES, proposers: 1 }, { variant: 'all' }).topology?.['acceptor']).toEqual(['replica']);
    expect(multipaxosSystem({ ...SIZES, proposers: 1, rounds: 2 }, { variant: 'all' }).topology?.['acceptor']).toEqual(['proposer', 'replica']);
    expect(multipaxosSystem(SIZES, { variant: 'all', bug: 'skip-phase1' }).topology?.['acceptor']).toEqual(['replica']);
  });

  it('multipaxosTopology assumes phase 1 unless told otherwise; mayRunPhase1 needs a second proposer or round, and no skip-phase1', () => {
    expect(multipaxosTopology('all')['acceptor']).toEqual(['proposer', 'replica']);
    expect(multipaxosTopology('all', false)['acceptor']).toEqual(['replica']);
    expect(multipaxosTopology('leader', false)['acceptor']).toEqual(['proposer']);
    expect([mayRunPhase1(1, 1), mayRunPhase1(2, 1), mayRunPhase1(1, 2), mayRunPhase1(2, 2, 'skip-phase1'), mayRunPhase1(2, 1, 'early-reply'), mayRunPhase1(1, 2, 'no-recovery')]).toEqual([false, true, true, false, true, true]);
  });

  it('partition by the proposers; the shared refusals, descriptions and register history at node 0', () => {
    const s = multipaxosSystem({ ...SIZES, proposers: 3 }, { variant: 'leader' });
    expect(s.partition).toEqual(['p0', 'p1', 'p2']);
    expect(s.ignores).toBe(multipaxosIgnores);
    expect(s.describeMessage).toBe(describeMultiPaxosMessage);
    expect(s.describeEnvironment).toBe(describeClientOrTimeout);
    expect(s.history?.node).toBe(0);
    expect(s.history?.object).toBe(register);
    const h = { clients: [[{ op: { kind: 'read' }, seen: [0] }]] };
    expect(s.history?.read({ cfg: {}, history: h })).toBe(h);
  });

  it('the properties read the replicas at slots 1+P+A.., the history at slot 0', () => {
    const s = multipaxosSystem({ ...SIZES, proposers: 1, acceptors: 2, replicas: 3 }, { variant: 'leader' });
    expect(s.properties.map((p) => [p.name, p.reads])).toEqual([
      ['agreement', [4, 5, 6]],
      ['validity', [4, 5, 6, 0]],
      ['at-most-once', [4, 5, 6]],
      ['prefix', [4, 5, 6]],
    ]);
    expect(s.properties[0]?.description).toBe('no two replicas decide different commands for one slot ("Paxos Made Simple" §2.1, per slot)');
    expect(s.temporal?.map((t) => [t.name, t.reads])).toEqual([
      ['decided', [4, 5, 6]],
      ['client-answered', [0]],
      ['decides-c0', [4, 5, 6]],
      ['decides-c1', [4, 5, 6]],
      ['answers-c0', [0]],
      ['answers-c1', [0]],
    ]);
  });
});

describe('multipaxosSystem: final states (the deadlock check)', () => {
  // nodes: clients p0 p1 a0 r0 (P = 2, A = 1, L = 1), K = 2 commands
  const sizes: MultiPaxosSizes = { clients: 1, commands: 2, proposers: 2, acceptors: 1, replicas: 1, slots: 2, rounds: 2 };
  const done = { op: { kind: 'write', value: 'a' }, seen: [0], result: 'ok' };
  const pending = { op: { kind: 'read' }, seen: [1] };
  const view = (ops: unknown[], rounds: [number, number], crashed: [boolean, boolean] = [false, false]): SystemView => ({
    locals: [{ history: { clients: [ops] } }, { round: rounds[0], cfg: { rounds: 2 } }, { round: rounds[1], cfg: { rounds: 2 } }, {}, {}],
    crashed: [false, ...crashed, false, false],
    messages: () => [],
  });

  it('every client with all K requests answered is final, whatever the proposers', () => {
    const s = multipaxosSystem(sizes, { variant: 'leader' });
    expect(s.final?.(view([done, done], [1, 0]))).toBe(true);
    expect(s.final?.(view([done, pending], [1, 0]))).toBe(false);
    expect(s.final?.(view([done], [1, 0]))).toBe(false);
  });

  it('out of ballots: every proposer at round R, or crashed', () => {
    const s = multipaxosSystem(sizes, { variant: 'leader' });
    expect(s.final?.(view([done], [2, 2]))).toBe(true);
    expect(s.final?.(view([done], [2, 1]))).toBe(false);
    expect(s.final?.(view([done], [1, 2]))).toBe(false);
    expect(s.final?.(view([done], [2, 1], [false, true]))).toBe(true);
    expect(s.final?.(view([done], [0, 2], [true, false]))).toBe(true);
    expect(s.final?.(view([done], [0, 1], [false, true]))).toBe(false);
  });
});
