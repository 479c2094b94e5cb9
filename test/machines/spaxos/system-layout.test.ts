/**
 * What `spaxosSystem` (machines/spaxos/system.ts) wires, checked against
 * SRDS 2012 §IV and the file's header by hand: the node order (clients,
 * proposers, acceptors, replicas), f+1 holders for stability and majority
 * decisions (they differ at n = 4), which replica hosts which proposer, each
 * client's coordinator (default c mod n, or the option), the batch, the
 * symmetry groups (the acceptors, and the replicas that run no proposer and
 * coordinate no client), the topology (phase 1 only with two proposers or
 * two rounds), the properties and their reads, and the final states (every
 * client answered, or every proposer up out of rounds).
 */
import { describe, expect, it } from 'vitest';
import type { AnyStateMachine } from 'xstate';
import { spaxosSystem, type SPaxosOptions } from '../../../machines/spaxos/system.js';
import type { SystemView } from '../../../spec/core/property.js';
import type { ClientsState, ProposerState } from '../../../spec/multipaxos/state.js';
import type { SPaxosSizes } from '../../../spec/spaxos/configs.js';
import { spaxosIgnores } from '../../../spec/spaxos/ignores.js';
import type { SPaxosReplicaConfig, SPaxosReplicaState } from '../../../spec/spaxos/state.js';
import { start } from '../../helpers/machines.js';

const TINY: SPaxosSizes = { clients: 1, commands: 1, replicas: 3, proposers: 1, slots: 1, rounds: 1 };

const build = (over: Partial<SPaxosSizes> = {}, options: Partial<SPaxosOptions> = {}) => spaxosSystem({ ...TINY, ...over }, { variant: 'leader', ...options });
const replicaInputs = (s: ReturnType<typeof build>) => s.nodes.filter((n) => n.role === 'replica').map((n) => n.input as SPaxosReplicaConfig);
const targets = (s: ReturnType<typeof build>) => (s.nodes[0]?.input as { targets: string[][] }).targets;

describe('spaxosSystem: nodes', () => {
  it('sp-tiny: clients, p0, a0..a2, r0..r2, in that order', () => {
    const s = build();
    expect(s.protocol).toBe('spaxos');
    expect(s.nodes.map((n) => [n.name, n.role])).toEqual([
      ['clients', 'clients'],
      ['p0', 'proposer'],
      ['a0', 'acceptor'],
      ['a1', 'acceptor'],
      ['a2', 'acceptor'],
      ['r0', 'replica'],
      ['r1', 'replica'],
      ['r2', 'replica'],
    ]);
    expect(s.nodes.filter((n) => n.role === 'replica').every((n) => n.environment.length === 0)).toBe(true);
  });

  it('every replica input: itself, all replicas, the clients node, its proposer', () => {
    expect(replicaInputs(build({ proposers: 2 }))).toEqual(
      ['r0', 'r1', 'r2'].map((self, i) => ({
        self,
        replicas: ['r0', 'r1', 'r2'],
        stableAcks: 2,
        slots: 1,
        decisionQuorum: 2,
        clients: 'clients',
        proposer: i < 2 ? `p${i}` : null,
      })),
    );
  });

  it('f+1 and the majority differ at n = 4 (f = 1: stable at 2, decided at 3) and n = 6 (3 and 4)', () => {
    expect(replicaInputs(build({ replicas: 4 })).map((c) => [c.stableAcks, c.decisionQuorum])[0]).toEqual([2, 3]);
    expect(replicaInputs(build({ replicas: 6 })).map((c) => [c.stableAcks, c.decisionQuorum])[5]).toEqual([3, 4]);
    expect(replicaInputs(build({ replicas: 1 })).map((c) => [c.stableAcks, c.decisionQuorum])).toEqual([[1, 1]]);
    expect(replicaInputs(build({ slots: 3 }))[0]?.slots).toBe(3);
  });

  it('client c sends to replica c mod n by default, or to the coordinator the option names', () => {
    expect(targets(build({ clients: 4, replicas: 3 }))).toEqual([['r0'], ['r1'], ['r2'], ['r0']]);
    expect(targets(build({ clients: 2 }, { coordinator: (c) => (c + 1) % 3 }))).toEqual([['r1'], ['r2']]);
  });

  it('the batch goes to the proposers (1 by default)', () => {
    const batchOf = (s: ReturnType<typeof build>) => s.nodes.filter((n) => n.role === 'proposer').map((n) => (n.input as { batch: number }).batch);
    expect(batchOf(build({ proposers: 2 }))).toEqual([1, 1]);
    expect(batchOf(build({}, { batch: 3 }))).toEqual([3]);
  });

  it('more proposers than replicas is refused; as many is fine', () => {
    expect(() => build({ proposers: 4 })).toThrow(new RangeError('proposers (4) must not exceed replicas (3): each runs on a replica'));
    expect(build({ proposers: 3 }).nodes.filter((n) => n.role === 'proposer')).toHaveLength(3);
  });
});

describe('spaxosSystem: symmetry groups', () => {
  it('sp-tiny: the acceptors, and r1, r2 (r0 runs p0 and coordinates the client)', () => {
    expect(build().symmetry?.groups).toEqual([
      ['a0', 'a1', 'a2'],
      ['r1', 'r2'],
    ]);
  });

  it('five replicas, two proposers, three clients on r0..r2: r3 and r4 are plain', () => {
    expect(build({ replicas: 5, proposers: 2, clients: 3 }).symmetry?.groups).toEqual([
      ['a0', 'a1', 'a2', 'a3', 'a4'],
      ['r3', 'r4'],
    ]);
  });

  it('five replicas, two proposers, one client on r3 (the option): r2 and r4', () => {
    expect(build({ replicas: 5, proposers: 2 }, { coordinator: () => 3 }).symmetry?.groups).toEqual([
      ['a0', 'a1', 'a2', 'a3', 'a4'],
      ['r2', 'r4'],
    ]);
  });

  it('no plain pair: the acceptors alone; one replica: no symmetry at all', () => {
    expect(build({ proposers: 2 }).symmetry?.groups).toEqual([['a0', 'a1', 'a2']]);
    const one = build({ replicas: 1 });
    expect(one.symmetry).toBeUndefined();
    expect('symmetry' in one).toBe(false);
  });
});

describe('spaxosSystem: topology, properties, refusals, descriptions', () => {
  it('topology: phase 1 (acceptors answer a proposer) with 2b to all only when two proposers or two rounds', () => {
    expect(build({}, { variant: 'all' }).topology?.['acceptor']).toEqual(['replica']);
    expect(build({ proposers: 2 }, { variant: 'all' }).topology?.['acceptor']).toEqual(['proposer', 'replica']);
    expect(build({ rounds: 2 }, { variant: 'all' }).topology?.['acceptor']).toEqual(['proposer', 'replica']);
    expect(build({ replicas: 1 }).topology?.['replica']).toEqual(['proposer', 'clients']);
  });

  it('the safety properties, durability reading p0 and the replicas', () => {
    const s = build({ proposers: 2 });
    expect(s.properties.map((p) => p.name)).toEqual(['agreement', 'validity', 'at-most-once', 'prefix', 'durability', 'no-lost-request']);
    expect(s.properties.find((p) => p.name === 'durability')?.reads).toEqual([1, 2, 6, 7, 8]);
    expect(s.properties.find((p) => p.name === 'durability')?.description).toMatch(/f\+1 = 2 replicas/);
    // What S-Paxos's log orders is request ids (Multi-Paxos's orders commands).
    expect(s.properties.find((p) => p.name === 'agreement')?.description).toBe('no two replicas decide different ids for one slot ("Paxos Made Simple" §2.1, per slot)');
  });

  it('the temporal properties: decided, client-answered and the witnesses of each client', () => {
    const s = build({ clients: 2 });
    expect(s.temporal?.map((t) => t.name)).toEqual(['decided', 'client-answered', 'decides-c0', 'decides-c1', 'answers-c0', 'answers-c1']);
    // They read the replicas (r0..r2 at 5..7) and the clients node (0): the layout they are built with.
    expect(s.temporal?.find((t) => t.name === 'decided')?.reads).toEqual([5, 6, 7]);
    expect(s.temporal?.find((t) => t.name === 'client-answered')?.reads).toEqual([0]);
  });

  it('refusals are S-Paxos’s; messages and environment steps are described', () => {
    const s = build();
    expect(s.ignores).toBe(spaxosIgnores);
    expect(s.describeMessage?.({ type: 'sp.ack', from: 'r1', to: 'r0', id: 'c0.0' } as never)).toBe('Ack(c0.0, r1→r0)');
    expect(s.history).toBeDefined();
  });
});

describe('spaxosSystem: final states', () => {
  /** The initial view of `s`, with `change` applied to the contexts (by node index). */
  function initialView(s: ReturnType<typeof build>, change: (locals: unknown[]) => void = () => {}, crashed: number[] = []): SystemView {
    const locals = s.nodes.map((n) => (start(n.logic as AnyStateMachine, n.input as never).next as { context: unknown }).context);
    change(locals);
    return { locals, crashed: s.nodes.map((_, i) => crashed.includes(i)), messages: () => [] };
  }
  const spent = (p: unknown): ProposerState => ({ ...(p as ProposerState), round: (p as ProposerState).cfg.rounds });

  it('sp-tiny: p0 leads ballot 0 from the start, its one round, so the start is already final; with two rounds it is not', () => {
    const s = build();
    expect((initialView(s).locals[1] as ProposerState).round).toBe(1);
    expect(s.final?.(initialView(s))).toBe(true);
    const two = build({ rounds: 2 });
    expect(two.final?.(initialView(two))).toBe(false);
  });

  it('final once every proposer up has spent its rounds, or has crashed', () => {
    const s = build({ proposers: 2 });
    expect(s.final?.(initialView(s, (l) => void (l[1] = spent(l[1]))))).toBe(false);
    expect(s.final?.(initialView(s, (l) => ((l[1] = spent(l[1])), (l[2] = spent(l[2])))))).toBe(true);
    expect(s.final?.(initialView(s, (l) => void (l[1] = spent(l[1])), [2]))).toBe(true);
    // A crashed replica or acceptor does not end the run.
    expect(s.final?.(initialView(s, (l) => void (l[1] = spent(l[1])), [3, 5]))).toBe(false);
  });

  it('rounds not yet spent: round R−1 of R is not final', () => {
    const s = build({ rounds: 2 });
    expect(s.final?.(initialView(s, (l) => void (l[1] = { ...(l[1] as ProposerState), round: 1 })))).toBe(false);
    expect(s.final?.(initialView(s, (l) => void (l[1] = { ...(l[1] as ProposerState), round: 2 })))).toBe(true);
  });

  it('final once every client has all its answers (p0 still has a round left)', () => {
    const s = build({ clients: 2, rounds: 2 });
    const answer = (results: (string | undefined)[]) => (l: unknown[]) => {
      const c = l[0] as ClientsState;
      const clients = results.map((result) => (result === undefined ? [] : [{ op: { kind: 'read' }, result }]));
      l[0] = { ...c, history: { ...c.history, clients } };
    };
    expect(s.final?.(initialView(s, answer(['x', 'y'])))).toBe(true);
    expect(s.final?.(initialView(s, answer(['x', undefined])))).toBe(false);
    expect(s.final?.(initialView(s))).toBe(false);
    // The replicas' contexts play no part.
    expect((initialView(s).locals[5] as SPaxosReplicaState).requests).toEqual([]);
  });
});
