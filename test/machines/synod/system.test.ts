/**
 * How `synodSystem` wires a cluster (issue 14): node order, roles and
 * inputs, the slots the properties and final states read, the stable
 * fields per bug, symmetry only with two acceptors or more, the ballot
 * quotient only with unbounded ballots, and the reductions' hints.
 * (The size checks are in test/machines/system-sizes.test.ts, the trace
 * texts in test/protocols/descriptions.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { acceptorMachine } from '../../../machines/synod/acceptor.machine.js';
import { learnerMachine } from '../../../machines/synod/learner.machine.js';
import { proposerMachine } from '../../../machines/synod/proposer.machine.js';
import { synodSystem } from '../../../machines/synod/system.js';
import { synodMachines } from '../../../machines/synod/bugs.js';
import type { SystemView } from '../../../spec/core/property.js';
import { synodIgnores } from '../../../spec/synod/ignores.js';
import { UNBOUNDED_ROUNDS } from '../../../spec/synod/quotient.js';
import type { LearnerState, ProposerState } from '../../../spec/synod/state.js';
import { SYNOD_TOPOLOGY } from '../../../spec/synod/topology.js';

// Built in each test, not while the file loads: Stryker would count what it runs as static (and skip it).
const spec = () => synodSystem({ proposers: 2, acceptors: 3, rounds: 2 });
const learner = (...decided: string[]): LearnerState => ({ cfg: { self: 'l0', quorum: 2 }, votes: [], decided });
const view = (locals: unknown[], crashed = locals.map(() => false)): SystemView => ({ locals, crashed, messages: () => [] });

describe('synodSystem', () => {
  it('lists proposers, acceptors, then the learner, each with its machine and input', () => {
    expect(spec().protocol).toBe('synod');
    expect(spec().nodes.map((n) => [n.name, n.role])).toEqual([
      ['p0', 'proposer'],
      ['p1', 'proposer'],
      ['a0', 'acceptor'],
      ['a1', 'acceptor'],
      ['a2', 'acceptor'],
      ['l0', 'learner'],
    ]);
    expect(spec().nodes.map((n) => n.logic)).toEqual([proposerMachine, proposerMachine, acceptorMachine, acceptorMachine, acceptorMachine, learnerMachine]);
    expect(spec().nodes[1]?.input).toEqual({ self: 'p1', index: 1, proposers: 2, acceptors: ['a0', 'a1', 'a2'], rounds: 2, quorum: 2, value: 'v1' });
    expect(spec().nodes[3]?.input).toEqual({ self: 'a1', learners: ['l0'] });
    expect(spec().nodes[5]?.input).toEqual({ self: 'l0', quorum: 2 });
    expect(spec().nodes.map((n) => n.environment)).toEqual([[{ type: 'TIMEOUT' }], [{ type: 'TIMEOUT' }], [], [], [], []]);
  });

  it('acceptors keep promise and vote across a restart; forget-promise forgets the promise', () => {
    expect(spec().nodes[2]?.stable).toEqual(['promised', 'votedBallot', 'votedValue']);
    expect(spec().nodes[0]?.stable).toBeUndefined();
    expect(synodSystem({ proposers: 1, acceptors: 2, rounds: 1 }, 'forget-promise').nodes[1]?.stable).toEqual(['votedBallot', 'votedValue']);
    // A bug of machine logic is an override of the production machine, not an input.
    const ownValue = synodSystem({ proposers: 1, acceptors: 2, rounds: 1 }, 'own-value');
    expect(ownValue.nodes[0]?.logic).toBe(synodMachines('own-value').proposer);
    expect(ownValue.nodes[0]?.logic).not.toBe(proposerMachine);
    expect(ownValue.nodes[0]?.input).not.toHaveProperty('bug');
    expect(ownValue.nodes[1]?.logic).toBe(acceptorMachine);
  });

  it('the properties read the learner, the final states the proposers', () => {
    expect(spec().properties.map((p) => [p.name, p.reads])).toEqual([
      ['agreement', [5]],
      ['validity', [5]],
    ]);
    expect(spec().temporal?.map((p) => p.name)).toEqual(['decided', 'decides-v0', 'decides-v1']);
    const p = (round: number): Partial<ProposerState> => ({ round, cfg: { rounds: 2 } as ProposerState['cfg'] });
    const split = view([p(2), p(2), {}, {}, {}, learner('v0', 'v1')]);
    expect(spec().properties[0]?.holds(split)).toBe(false);
    expect(spec().properties[1]?.holds(split)).toBe(true);
    expect(spec().final?.(view([p(2), p(2), {}, {}, {}, learner()]))).toBe(true);
    expect(spec().final?.(view([p(2), p(1), {}, {}, {}, learner()]))).toBe(false);
    expect(spec().final?.(view([p(0), p(0), {}, {}, {}, learner('v1')]))).toBe(true);
  });

  it('declares the reductions: acceptor symmetry from two acceptors, topology, refusals, partition by proposer', () => {
    expect(spec().symmetry?.groups).toEqual([['a0', 'a1', 'a2']]);
    expect(synodSystem({ proposers: 1, acceptors: 1, rounds: 1 }).symmetry).toBeUndefined();
    expect(synodSystem({ proposers: 1, acceptors: 2, rounds: 1 }).symmetry?.groups).toEqual([['a0', 'a1']]);
    expect('symmetry' in synodSystem({ proposers: 1, acceptors: 1, rounds: 1 })).toBe(false);
    expect(spec().topology).toBe(SYNOD_TOPOLOGY);
    expect(spec().ignores).toBe(synodIgnores);
    expect(spec().partition).toEqual(['p0', 'p1']);
  });

  it('bounded ballots: the proposers get R rounds and no quotient is declared', () => {
    expect('quotient' in spec()).toBe(false);
    expect((spec().nodes[0]?.input as { rounds: number }).rounds).toBe(2);
  });

  it('unbounded ballots: a round budget never reached, and the ballot quotient', () => {
    const u = synodSystem({ proposers: 2, acceptors: 2, rounds: 1, unbounded: true } as Parameters<typeof synodSystem>[0]);
    expect((u.nodes[0]?.input as { rounds: number }).rounds).toBe(UNBOUNDED_ROUNDS);
    expect('quotient' in u).toBe(true);
    expect((u as { quotient?: unknown }).quotient).toBeDefined();
  });
});
