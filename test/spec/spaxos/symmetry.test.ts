/**
 * S-Paxos's reduction facts (`spec/spaxos/symmetry.ts`,
 * `spec/spaxos/topology.ts`) against its machines: the acceptors, and the
 * replicas that run no proposer and coordinate no client, are
 * interchangeable (initial state, renaming laws, equivariance of real steps,
 * properties); every message a run sends is inside the topology.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { findProtocol } from '../../../machines/index.js';
import { spaxosSystem } from '../../../machines/spaxos/system.js';
import type { SymmetrySpec } from '../../../spec/core/symmetry.js';
import type { SystemSpec } from '../../../spec/core/system.js';
import type { Variant } from '../../../spec/multipaxos/bugs.js';
import type { SPaxosBug } from '../../../spec/spaxos/bugs.js';
import type { SPaxosSizes } from '../../../spec/spaxos/configs.js';
import type { SPaxosReplicaState } from '../../../spec/spaxos/state.js';
import { renameSPaxosContext } from '../../../spec/spaxos/symmetry.js';
import { spaxosTopology } from '../../../spec/spaxos/topology.js';
import {
  declaredEdges,
  edgesOf,
  expectEquivariantStep,
  expectInitialSymmetry,
  expectTranspositionInvolution,
  expectPropertiesInvariant,
  generatingRenamings,
  groupRenamings,
  randomWalk,
  swap,
} from '../symmetry-harness.js';

const BUGS: (SPaxosBug | null)[] = [null, 'order-unstable'];
const VARIANTS: Variant[] = ['leader', 'all'];
const CASES = VARIANTS.flatMap((variant) => BUGS.map((bug) => [variant, bug] as const));
/** One client on r0, a leader change possible (p1 on r1): r2..r4 are plain. */
const WIDE: SPaxosSizes = { clients: 1, commands: 1, replicas: 5, proposers: 2, slots: 1, rounds: 1 };
/** sp-tiny: one client on r0, one proposer: r1 and r2 are plain. */
const TINY: SPaxosSizes = { clients: 1, commands: 1, replicas: 3, proposers: 1, slots: 1, rounds: 1 };

function symmetryOf(spec: SystemSpec): SymmetrySpec {
  if (spec.symmetry === undefined) throw new Error('no symmetry declared');
  return spec.symmetry;
}

describe('spaxos symmetry: the declaration', () => {
  it('groups the acceptors and the plain replicas', () => {
    expect(symmetryOf(spaxosSystem(TINY, { variant: 'leader' })).groups).toEqual([
      ['a0', 'a1', 'a2'],
      ['r1', 'r2'],
    ]);
    expect(symmetryOf(spaxosSystem(WIDE, { variant: 'all', bug: 'order-unstable' })).groups).toEqual([
      ['a0', 'a1', 'a2', 'a3', 'a4'],
      ['r2', 'r3', 'r4'],
    ]);
  });

  it('leaves out every replica that runs a proposer or coordinates a client', () => {
    // sp-s: c0 on r0 (with p0), c1 on r1: only r2 is plain, a group of one.
    expect(symmetryOf(spaxosSystem({ ...TINY, clients: 2 }, { variant: 'leader' })).groups).toEqual([['a0', 'a1', 'a2']]);
    // A custom coordinator.
    expect(symmetryOf(spaxosSystem(WIDE, { variant: 'leader', coordinator: () => 3 })).groups).toEqual([
      ['a0', 'a1', 'a2', 'a3', 'a4'],
      ['r2', 'r4'],
    ]);
    expect(spaxosSystem({ ...TINY, replicas: 1 }, { variant: 'leader' }).symmetry).toBeUndefined();
  });

  it('is what the registry builds', () => {
    const spec = findProtocol('spaxos')?.build({ ...TINY }, null, 'leader');
    expect(spec?.symmetry?.groups).toEqual([
      ['a0', 'a1', 'a2'],
      ['r1', 'r2'],
    ]);
    expect(spec?.topology).toEqual(spaxosTopology('leader', 3, false));
  });
});

describe('spaxos symmetry: the initial state maps onto itself', () => {
  it.each(CASES)('every permutation of each group (variant %s, bug %s)', (variant, bug) => {
    for (const sizes of [TINY, WIDE, { ...WIDE, clients: 2 }]) {
      const spec = spaxosSystem(sizes, { variant, bug });
      for (const rename of groupRenamings(symmetryOf(spec))) expectInitialSymmetry(spec, rename);
    }
  });
});

describe('spaxos symmetry: renaming laws', () => {
  const spec = spaxosSystem(WIDE, { variant: 'all' });
  const sym = symmetryOf(spec);
  const states = [1, 2].flatMap((seed) => randomWalk(spec, seed, 250).states);
  const names = ['a0', 'a1', 'a2', 'a3', 'a4', 'r2', 'r3', 'r4'];

  test.prop([fc.constantFrom(...names), fc.constantFrom(...names), fc.nat(states.length - 1)])(
    'a transposition is its own inverse on reachable contexts and messages',
    (a, b, k) => {
      const g = states[k];
      if (g === undefined) throw new Error('no state');
      expectTranspositionInvolution(spec, sym, g, swap(a, b));
    },
  );

  it('re-sorts the holders of each ack set and the acceptors of each tally', () => {
    const replica = {
      cfg: { self: 'r2', replicas: ['r0', 'r1', 'r2', 'r3', 'r4'], stableAcks: 3, slots: 1, decisionQuorum: 3, clients: 'clients', proposer: null, bug: null },
      requests: [],
      acks: [{ id: 'c0.0', replicas: ['r0', 'r2'] }],
      stable: [],
      log: [null],
      tallies: [{ slot: 0, ballot: 0, batch: [{ id: 'c0.0' }], acceptors: ['a0', 'a3'] }],
      executed: [],
    } as unknown as SPaxosReplicaState;
    const t = (n: string) => ({ r2: 'r4', r4: 'r2', a0: 'a4', a4: 'a0' })[n] ?? n;
    const renamed = renameSPaxosContext('replica', replica, t) as SPaxosReplicaState;
    expect(renamed.cfg.self).toBe('r4');
    expect(renamed.cfg.replicas).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
    expect(renamed.acks).toEqual([{ id: 'c0.0', replicas: ['r0', 'r4'] }]);
    expect(renamed.tallies[0]?.acceptors).toEqual(['a3', 'a4']);
    expect(() => renameSPaxosContext('learner', {}, t)).toThrow(RangeError);
  });
});

describe('spaxos symmetry: renaming commutes with real steps', () => {
  it.each(CASES)('every local step of random runs, every permutation of each group (variant %s, bug %s)', (variant, bug) => {
    for (const sizes of [TINY, WIDE]) {
      const spec = spaxosSystem(sizes, { variant, bug });
      const renames = generatingRenamings(symmetryOf(spec));
      let checked = 0;
      for (const seed of [1, 2, 3, 4, 5]) {
        const walk = randomWalk(spec, seed, 200);
        for (const step of walk.steps) {
          for (const rename of renames) expectEquivariantStep(spec, step, rename);
          checked++;
        }
        for (const g of walk.states) for (const rename of renames) expectPropertiesInvariant(spec, g, rename);
      }
      expect(checked).toBeGreaterThan(80);
    }
  });

  it('covers forwards, acks, stable ids handed over, decisions and replies in those runs', () => {
    const spec = spaxosSystem(WIDE, { variant: 'leader' });
    const types = new Set([1, 2, 3].flatMap((seed) => randomWalk(spec, seed, 200).steps.map((s) => s.event.type)));
    for (const t of ['sp.forward', 'sp.ack', 'mp.request', 'mp.prepare', 'mp.promise', 'mp.decide', 'mp.reply']) expect(types).toContain(t);
  });
});

describe('spaxos topology', () => {
  it('declares the dissemination layer beside the Multi-Paxos one', () => {
    expect(spaxosTopology('leader', 3)).toEqual({
      clients: ['replica'],
      replica: ['replica', 'proposer', 'clients'],
      proposer: ['acceptor', 'replica'],
      acceptor: ['proposer'],
    });
    expect(spaxosTopology('all', 1, false)).toEqual({
      clients: ['replica'],
      replica: ['proposer', 'clients'],
      proposer: ['acceptor'],
      acceptor: ['replica'],
    });
  });

  it.each(CASES)('every message of random runs is inside it, and every edge is used (variant %s, bug %s)', (variant, bug) => {
    for (const sizes of [TINY, WIDE]) {
      const spec = spaxosSystem(sizes, { variant, bug });
      const used = new Set<string>();
      for (const seed of [1, 2, 3, 4, 5]) for (const e of edgesOf(spec, randomWalk(spec, seed, 250).messages)) used.add(e);
      expect([...used].sort()).toEqual([...declaredEdges(spec)].sort());
    }
  });
});
