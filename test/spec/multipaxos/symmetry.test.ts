/**
 * Multi-Paxos's reduction facts (`spec/multipaxos/symmetry.ts`,
 * `spec/multipaxos/topology.ts`) against its machines: the acceptors, and
 * the replicas that answer the clients alike, are interchangeable (initial
 * state, renaming laws, equivariance of real steps, properties); every
 * message a run sends is inside the topology of its variant.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { findProtocol } from '../../../machines/index.js';
import { multipaxosSystem, type MultiPaxosOptions } from '../../../machines/multipaxos/system.js';
import type { Rename, SymmetrySpec } from '../../../spec/core/symmetry.js';
import type { SystemSpec } from '../../../spec/core/system.js';
import { MULTIPAXOS_BUGS, type MultiPaxosBug, type Variant } from '../../../spec/multipaxos/bugs.js';
import type { MultiPaxosSizes } from '../../../spec/multipaxos/configs.js';
import type { ProposerState, ReplicaState } from '../../../spec/multipaxos/state.js';
import { renameMultiPaxosContext } from '../../../spec/multipaxos/symmetry.js';
import { multipaxosTopology } from '../../../spec/multipaxos/topology.js';
import {
  declaredEdges,
  edgesOf,
  expectEquivariantStep,
  expectInitialSymmetry,
  expectTranspositionInvolution,
  expectPropertiesInvariant,
  groupRenamings,
  randomWalk,
  renaming,
  swap,
} from '../symmetry-harness.js';

const BUGS: (MultiPaxosBug | null)[] = [null, ...(Object.keys(MULTIPAXOS_BUGS) as MultiPaxosBug[])];
const VARIANTS: Variant[] = ['leader', 'all'];
const SMALL: MultiPaxosSizes = { clients: 2, commands: 1, proposers: 2, acceptors: 3, replicas: 2, slots: 2, rounds: 2 };

function symmetryOf(spec: SystemSpec): SymmetrySpec {
  if (spec.symmetry === undefined) throw new Error('no symmetry declared');
  return spec.symmetry;
}

/** A renaming that permutes every group at once: `images[k]` is group k's image. */
function product(groups: readonly (readonly string[])[], images: readonly (readonly string[])[]): Rename {
  const parts = groups.map((g, k) => renaming(g, images[k] ?? g));
  return (n) => parts.reduce((x, r) => r(x), n);
}

const CASES = VARIANTS.flatMap((variant) => BUGS.map((bug) => [variant, bug] as const));

describe('multipaxos symmetry: the declaration', () => {
  it.each(CASES)('groups the acceptors and the replicas (variant %s, bug %s)', (variant, bug) => {
    const spec = multipaxosSystem(SMALL, { variant, bug });
    expect(symmetryOf(spec).groups).toEqual([
      ['a0', 'a1', 'a2'],
      ['r0', 'r1'],
    ]);
  });

  it('groups only the replicas that do not answer when only r0 answers (leaderKnown)', () => {
    const spec = multipaxosSystem({ ...SMALL, replicas: 3 }, { variant: 'leader', leaderKnown: true });
    expect(symmetryOf(spec).groups).toEqual([
      ['a0', 'a1', 'a2'],
      ['r1', 'r2'],
    ]);
  });

  it('drops groups of one, and declares none when none is left', () => {
    expect(symmetryOf(multipaxosSystem({ ...SMALL, replicas: 1 }, { variant: 'leader' })).groups).toEqual([['a0', 'a1', 'a2']]);
    expect(multipaxosSystem({ ...SMALL, acceptors: 1, replicas: 1 }, { variant: 'leader' }).symmetry).toBeUndefined();
  });

  it('never groups proposers or the clients node', () => {
    const spec = multipaxosSystem({ ...SMALL, proposers: 3 }, { variant: 'all' });
    const grouped = symmetryOf(spec).groups.flat();
    expect(grouped.filter((n) => n.startsWith('p') || n === 'clients')).toEqual([]);
  });

  it('is what the registry builds', () => {
    const spec = findProtocol('multipaxos')?.build({ ...SMALL }, null, 'all');
    expect(spec?.symmetry?.groups).toEqual([
      ['a0', 'a1', 'a2'],
      ['r0', 'r1'],
    ]);
    expect(spec?.topology).toEqual(multipaxosTopology('all'));
  });
});

describe('multipaxos symmetry: the initial state maps onto itself', () => {
  const options: MultiPaxosOptions[] = [
    ...CASES.map(([variant, bug]) => ({ variant, bug })),
    { variant: 'leader', leaderKnown: true },
    { variant: 'all', batch: 2 },
  ];
  it.each(options)('every permutation of each group (%o)', (opts) => {
    for (const sizes of [SMALL, { ...SMALL, acceptors: 5, replicas: 3 }]) {
      const spec = multipaxosSystem(sizes, opts);
      for (const rename of groupRenamings(symmetryOf(spec))) expectInitialSymmetry(spec, rename);
    }
  });

  const sizes = { ...SMALL, acceptors: 4, replicas: 3 };
  const spec = multipaxosSystem(sizes, { variant: 'all' });
  const groups = symmetryOf(spec).groups;
  test.prop(groups.map((g) => fc.shuffledSubarray([...g], { minLength: g.length, maxLength: g.length })))(
    'any permutation of both groups at once',
    (...images) => expectInitialSymmetry(spec, product(groups, images)),
  );
});

describe('multipaxos symmetry: renaming laws', () => {
  const spec = multipaxosSystem(SMALL, { variant: 'all' });
  const sym = symmetryOf(spec);
  const states = [1, 2].flatMap((seed) => randomWalk(spec, seed, 250).states);
  const names = ['a0', 'a1', 'a2', 'r0', 'r1'];

  test.prop([fc.constantFrom(...names), fc.constantFrom(...names), fc.nat(states.length - 1)])(
    'a transposition is its own inverse on reachable contexts and messages',
    (a, b, k) => {
      const g = states[k];
      if (g === undefined) throw new Error('no state');
      expectTranspositionInvolution(spec, sym, g, swap(a, b));
    },
  );

  it('re-sorts the sets of a proposer (promises, 2b voters) and of a replica (tallies)', () => {
    const t = swap('a0', 'a2');
    const proposer = renameMultiPaxosContext('proposer', {
      cfg: { self: 'p0', acceptors: ['a0', 'a1', 'a2'], replicas: ['r0', 'r1'] },
      promises: [
        { acceptor: 'a0', votes: [{ slot: 0, ballot: 0, batch: [] }] },
        { acceptor: 'a1', votes: [] },
      ],
      votes: [['a0', 'a1'], ['a2']],
    } as unknown as ProposerState, t) as ProposerState;
    expect(proposer.cfg.acceptors).toEqual(['a0', 'a1', 'a2']);
    expect(proposer.promises).toEqual([
      { acceptor: 'a1', votes: [] },
      { acceptor: 'a2', votes: [{ slot: 0, ballot: 0, batch: [] }] },
    ]);
    expect(proposer.votes).toEqual([['a1', 'a2'], ['a0']]);
    const replica = renameMultiPaxosContext('replica', {
      cfg: { self: 'r1', clients: 'clients' },
      log: [null],
      tallies: [{ slot: 0, ballot: 1, batch: [], acceptors: ['a0', 'a1'] }],
      executed: [],
    } as unknown as ReplicaState, swap('a0', 'a2')) as ReplicaState;
    expect(replica.tallies[0]?.acceptors).toEqual(['a1', 'a2']);
  });
});

describe('multipaxos symmetry: renaming commutes with real steps', () => {
  it.each(CASES)('every local step of random runs, every permutation of each group (variant %s, bug %s)', (variant, bug) => {
    const spec = multipaxosSystem(SMALL, { variant, bug });
    const renames = groupRenamings(symmetryOf(spec));
    let checked = 0;
    for (const seed of [1, 2, 3, 4]) {
      const walk = randomWalk(spec, seed, 200);
      for (const step of walk.steps) {
        for (const rename of renames) expectEquivariantStep(spec, step, rename);
        checked++;
      }
      for (const g of walk.states) for (const rename of renames) expectPropertiesInvariant(spec, g, rename);
    }
    expect(checked).toBeGreaterThan(150);
  });

  it('holds in the cost deployment (only r0 answers) and with batches', () => {
    for (const opts of [{ variant: 'leader', leaderKnown: true }, { variant: 'all', batch: 2 }] as const) {
      const spec = multipaxosSystem({ ...SMALL, replicas: 3 }, opts);
      const renames = groupRenamings(symmetryOf(spec));
      for (const seed of [5, 6]) for (const step of randomWalk(spec, seed, 200).steps) for (const rename of renames) expectEquivariantStep(spec, step, rename);
    }
  });

  it('covers leader changes with recovered votes and decisions in those runs', () => {
    const spec = multipaxosSystem(SMALL, { variant: 'leader' });
    const steps = [1, 2, 3, 4].flatMap((seed) => randomWalk(spec, seed, 200).steps);
    expect(steps.some((s) => s.before.value === 'preparing' && s.after.value === 'leading')).toBe(true);
    expect(steps.some((s) => s.event.type === 'mp.promise' && (s.event as unknown as { votes: unknown[] }).votes.length > 0)).toBe(true);
    expect(steps.some((s) => s.event.type === 'mp.decide')).toBe(true);
    expect(steps.some((s) => s.event.type === 'mp.reply')).toBe(true);
  });
});

describe('multipaxos topology', () => {
  it('differs by variant: Decide from the proposer, or 2b from the acceptors, to the replicas', () => {
    expect(multipaxosTopology('leader')).toEqual({ clients: ['proposer'], proposer: ['acceptor', 'replica'], acceptor: ['proposer'], replica: ['clients'] });
    expect(multipaxosTopology('all')).toEqual({ clients: ['proposer'], proposer: ['acceptor'], acceptor: ['proposer', 'replica'], replica: ['clients'] });
    expect(multipaxosTopology('all', false)['acceptor']).toEqual(['replica']);
    expect(multipaxosTopology('leader', false)['acceptor']).toEqual(['proposer']);
    expect(multipaxosSystem(SMALL, { variant: 'all', bug: 'skip-phase1' }).topology?.['acceptor']).toEqual(['replica']);
    expect(multipaxosSystem({ ...SMALL, proposers: 1, rounds: 1 }, { variant: 'all' }).topology?.['acceptor']).toEqual(['replica']);
    expect(multipaxosSystem({ ...SMALL, proposers: 1, rounds: 2 }, { variant: 'all' }).topology?.['acceptor']).toEqual(['proposer', 'replica']);
  });

  it.each(CASES)('every message of random runs is inside it, and every edge is used (variant %s, bug %s)', (variant, bug) => {
    const spec = multipaxosSystem(SMALL, { variant, bug });
    const used = new Set<string>();
    for (const seed of [1, 2, 3, 4, 5, 6]) for (const e of edgesOf(spec, randomWalk(spec, seed, 250).messages)) used.add(e);
    expect([...used].sort()).toEqual([...declaredEdges(spec)].sort());
  });

  it.each(VARIANTS)('with one proposer and one ballot (no phase 1) too (variant %s)', (variant) => {
    const spec = multipaxosSystem({ ...SMALL, proposers: 1, rounds: 1 }, { variant });
    const used = new Set<string>();
    for (const seed of [1, 2, 3, 4]) for (const e of edgesOf(spec, randomWalk(spec, seed, 200).messages)) used.add(e);
    expect([...used].sort()).toEqual([...declaredEdges(spec)].sort());
  });
});
