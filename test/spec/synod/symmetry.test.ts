/**
 * The synod's reduction facts (`spec/synod/symmetry.ts`,
 * `spec/synod/topology.ts`) against its machines: the acceptors are
 * interchangeable (initial state, renaming laws, equivariance of real steps,
 * properties), and every message a run sends is inside the topology.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { findProtocol } from '../../../machines/index.js';
import { synodSystem } from '../../../machines/synod/system.js';
import type { SymmetrySpec } from '../../../spec/core/symmetry.js';
import { SYNOD_BUGS, type SynodBug } from '../../../spec/synod/bugs.js';
import type { SynodMessage } from '../../../spec/synod/messages.js';
import { renameSynodContext, renameSynodMessage } from '../../../spec/synod/symmetry.js';
import type { LearnerState, ProposerState } from '../../../spec/synod/state.js';
import { SYNOD_TOPOLOGY } from '../../../spec/synod/topology.js';
import {
  declaredEdges,
  edgesOf,
  expectEquivariantStep,
  expectInitialSymmetry,
  expectPropertiesInvariant,
  groupRenamings,
  permutations,
  randomWalk,
  renaming,
  swap,
} from '../symmetry-harness.js';

const BUGS = [null, ...(Object.keys(SYNOD_BUGS) as SynodBug[])];

function symmetryOf(spec: { symmetry?: SymmetrySpec }): SymmetrySpec {
  if (spec.symmetry === undefined) throw new Error('no symmetry declared');
  return spec.symmetry;
}

describe('synod symmetry: the declaration', () => {
  it.each(BUGS)('groups the acceptors a0..a(A-1) and nothing else (bug %s)', (bug) => {
    const spec = synodSystem({ proposers: 2, acceptors: 3, rounds: 1 }, bug);
    expect(symmetryOf(spec).groups).toEqual([['a0', 'a1', 'a2']]);
    expect(symmetryOf(spec).why).toMatch(/acceptor/);
  });

  it('could not group the proposers: their initial contexts differ in more than their names', () => {
    const spec = synodSystem({ proposers: 2, acceptors: 3, rounds: 1 });
    expect(() => expectInitialSymmetry(spec, swap('p0', 'p1'))).toThrow();
  });

  it('declares none for a single acceptor (no group of two)', () => {
    expect(synodSystem({ proposers: 1, acceptors: 1, rounds: 1 }).symmetry).toBeUndefined();
  });

  it('is what the registry builds', () => {
    const spec = findProtocol('synod')?.build({ proposers: 2, acceptors: 3, rounds: 1 }, null, null);
    expect(spec?.symmetry?.groups).toEqual([['a0', 'a1', 'a2']]);
    expect(spec?.topology).toBe(SYNOD_TOPOLOGY);
  });
});

describe('synod symmetry: the initial state maps onto itself', () => {
  it.each([
    [1, 2, 1],
    [2, 3, 1],
    [2, 4, 2],
    [3, 5, 1],
  ])('P=%i A=%i R=%i: every permutation of the acceptors', (P, A, R) => {
    for (const bug of BUGS) {
      if (bug === 'minority-quorum' && A < 2) continue;
      const spec = synodSystem({ proposers: P, acceptors: A, rounds: R }, bug);
      for (const rename of groupRenamings(symmetryOf(spec))) expectInitialSymmetry(spec, rename);
    }
  });
});

describe('synod symmetry: renaming laws', () => {
  const spec = synodSystem({ proposers: 2, acceptors: 4, rounds: 2 });
  const sym = symmetryOf(spec);
  const walk = randomWalk(spec, 7, 300);
  const acceptors = ['a0', 'a1', 'a2', 'a3'];
  const arbSwap = fc.tuple(fc.constantFrom(...acceptors), fc.constantFrom(...acceptors));

  test.prop([arbSwap, fc.nat(walk.states.length - 1)])('a transposition is its own inverse on reachable contexts', ([a, b], k) => {
    const g = walk.states[k];
    if (g === undefined) throw new Error('no state');
    const t = swap(a, b);
    spec.nodes.forEach((n, i) => {
      const once = sym.renameContext(n.role, g.locals[i], t);
      expect(sym.renameContext(n.role, once, t)).toStrictEqual(g.locals[i]);
    });
    for (const m of g.inFlight) expect(sym.renameMessage(sym.renameMessage(m, t), t)).toStrictEqual(m);
  });

  test.prop([fc.shuffledSubarray(acceptors, { minLength: 4, maxLength: 4 }), fc.nat(walk.states.length - 1)])(
    'renaming by a permutation, then by its inverse, gives the context back',
    (image, k) => {
      const g = walk.states[k];
      if (g === undefined) throw new Error('no state');
      const there = renaming(acceptors, image);
      const back = renaming(image, acceptors);
      spec.nodes.forEach((n, i) => expect(sym.renameContext(n.role, sym.renameContext(n.role, g.locals[i], there), back)).toStrictEqual(g.locals[i]));
    },
  );

  it('re-sorts the learner votes: votes from a0 and a2, renamed a0↔a2', () => {
    const learner: LearnerState = {
      cfg: { self: 'l0', quorum: 2 },
      votes: [
        { ballot: 1, value: 'v0', acceptor: 'a0' },
        { ballot: 1, value: 'v0', acceptor: 'a1' },
        { ballot: 2, value: 'v1', acceptor: 'a0' },
        { ballot: 2, value: 'v1', acceptor: 'a2' },
      ],
      decided: ['v1'],
    };
    expect(renameSynodContext('learner', learner, swap('a0', 'a2'))).toStrictEqual({
      cfg: { self: 'l0', quorum: 2 },
      votes: [
        { ballot: 1, value: 'v0', acceptor: 'a1' },
        { ballot: 1, value: 'v0', acceptor: 'a2' },
        { ballot: 2, value: 'v1', acceptor: 'a0' },
        { ballot: 2, value: 'v1', acceptor: 'a2' },
      ],
      decided: ['v1'],
    });
  });

  it('re-sorts the proposer promises and keeps its list of acceptors', () => {
    const proposer: ProposerState = {
      cfg: { self: 'p1', index: 1, proposers: 2, acceptors: ['a0', 'a1', 'a2'], rounds: 1, quorum: 2, value: 'v1' },
      round: 1,
      promises: [
        { acceptor: 'a0', votedBallot: 1, votedValue: 'v0' },
        { acceptor: 'a1', votedBallot: 0, votedValue: null },
      ],
      proposal: null,
    };
    expect(renameSynodContext('proposer', proposer, renaming(['a0', 'a1', 'a2'], ['a2', 'a0', 'a1']))).toStrictEqual({
      ...proposer,
      promises: [
        { acceptor: 'a0', votedBallot: 0, votedValue: null },
        { acceptor: 'a2', votedBallot: 1, votedValue: 'v0' },
      ],
    });
  });

  it('renames an acceptor’s own name and a message’s route, nothing else', () => {
    const t = swap('a0', 'a1');
    expect(renameSynodContext('acceptor', { cfg: { self: 'a0', learners: ['l0'] }, promised: 3, votedBallot: 2, votedValue: 'v1' }, t)).toStrictEqual({
      cfg: { self: 'a1', learners: ['l0'] },
      promised: 3,
      votedBallot: 2,
      votedValue: 'v1',
    });
    const m: SynodMessage = { type: 'synod.promise', from: 'a0', to: 'p1', ballot: 2, votedBallot: 1, votedValue: 'v0' };
    expect(renameSynodMessage(m, t)).toStrictEqual({ ...m, from: 'a1' });
    expect(() => renameSynodContext('leader', {}, t)).toThrow(RangeError);
  });
});

describe('synod symmetry: renaming commutes with real steps', () => {
  it.each(BUGS)('every local step of random runs, every permutation of the acceptors (bug %s)', (bug) => {
    const spec = synodSystem({ proposers: 2, acceptors: 3, rounds: 2 }, bug);
    const renames = groupRenamings(symmetryOf(spec));
    let checked = 0;
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const walk = randomWalk(spec, seed, 150);
      for (const step of walk.steps) {
        for (const rename of renames) expectEquivariantStep(spec, step, rename);
        checked++;
      }
      for (const g of walk.states) for (const rename of renames) expectPropertiesInvariant(spec, g, rename);
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('covers promises with votes, quorums and decisions in those runs', () => {
    const spec = synodSystem({ proposers: 2, acceptors: 3, rounds: 2 });
    const steps = [1, 2, 3, 4, 5, 6].flatMap((seed) => randomWalk(spec, seed, 150).steps);
    expect(steps.some((s) => s.event.type === 'synod.promise' && (s.event as SynodMessage & { votedBallot: number }).votedBallot > 0)).toBe(true);
    expect(steps.some((s) => s.before.value === 'preparing' && s.after.value === 'accepting')).toBe(true);
    expect(steps.some((s) => (s.after.context as Partial<LearnerState>).decided?.length === 1 && (s.before.context as Partial<LearnerState>).decided?.length === 0)).toBe(true);
  });

  it('holds for every permutation on a 4-acceptor cluster', () => {
    const spec = synodSystem({ proposers: 2, acceptors: 4, rounds: 1 });
    const renames = permutations(['a0', 'a1', 'a2', 'a3']).map((p) => renaming(['a0', 'a1', 'a2', 'a3'], p));
    for (const step of randomWalk(spec, 11, 120).steps) for (const rename of renames) expectEquivariantStep(spec, step, rename);
  });
});

describe('synod topology', () => {
  it('declares proposer→acceptor, acceptor→proposer and acceptor→learner', () => {
    expect(SYNOD_TOPOLOGY).toEqual({ proposer: ['acceptor'], acceptor: ['proposer', 'learner'] });
  });

  it.each(BUGS)('every message of random runs is inside it, and every edge is used (bug %s)', (bug) => {
    const spec = synodSystem({ proposers: 2, acceptors: 3, rounds: 2 }, bug);
    const used = new Set<string>();
    for (const seed of [1, 2, 3, 4, 5]) for (const e of edgesOf(spec, randomWalk(spec, seed, 200).messages)) used.add(e);
    expect([...used].sort()).toEqual([...declaredEdges(spec)].sort());
  });
});
