/**
 * PBFT's reduction facts (`spec/pbft/symmetry.ts`, `spec/pbft/topology.ts`)
 * against its machines: the correct replicas that lead none of the views
 * 0..V-1 are interchangeable (initial state, the adversary's universe and
 * memory, renaming laws, equivariance of real steps — view changes included
 * — and properties); the primaries of reachable views and the Byzantine
 * replicas are not grouped; every message a run sends is inside the topology.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { findProtocol } from '../../../machines/index.js';
import { pbftSystem, type PbftOptions } from '../../../machines/pbft/system.js';
import type { Envelope } from '../../../spec/core/envelope.js';
import type { SymmetrySpec } from '../../../spec/core/symmetry.js';
import type { SystemSpec } from '../../../spec/core/system.js';
import { PBFT_ADVERSARIES, type PbftAdversary } from '../../../spec/pbft/adversary.js';
import { PBFT_BUGS, type PbftBug } from '../../../spec/pbft/bugs.js';
import { PBFT_CONFIGS, type PbftConfig, type PbftSizes } from '../../../spec/pbft/configs.js';
import type { NewViewMsg, PbftMessage } from '../../../spec/pbft/messages.js';
import type { ClientsState, ReplicaState } from '../../../spec/pbft/state.js';
import { pbftBackupGroup, renamePbftContext, renamePbftMessage } from '../../../spec/pbft/symmetry.js';
import { pbftTopology } from '../../../spec/pbft/topology.js';
import {
  canonical,
  declaredEdges,
  edgesOf,
  expectEquivariantStep,
  expectInitialSymmetry,
  expectTranspositionInvolution,
  expectPropertiesInvariant,
  groupRenamings,
  randomWalk,
  swap,
} from '../symmetry-harness.js';

const BUGS: (PbftBug | null)[] = [null, ...(Object.keys(PBFT_BUGS) as PbftBug[])];
const ADVERSARIES = Object.keys(PBFT_ADVERSARIES) as PbftAdversary[];

function config(name: string): PbftConfig {
  const c = PBFT_CONFIGS.find((x) => x.name === name);
  if (c === undefined) throw new Error(`no config ${name}`);
  return c;
}

function symmetryOf(spec: SystemSpec): SymmetrySpec {
  if (spec.symmetry === undefined) throw new Error('no symmetry declared');
  return spec.symmetry;
}

/** The systems the checks run on: each configuration's own adversary, and a view change with every adversary; those with a group. */
const ALL_SYSTEMS: [string, PbftSizes, PbftOptions][] = [
  ...PBFT_CONFIGS.filter((c) => c.violates === undefined).map((c): [string, PbftSizes, PbftOptions] => [c.name, c, c.adversary !== undefined ? { adversary: c.adversary } : {}]),
  ...ADVERSARIES.map((adversary): [string, PbftSizes, PbftOptions] => [`pbft-vc/${adversary}`, config('pbft-vc'), { adversary }]),
  ['n=5 V=2, r4 replays', { ...config('pbft-vc'), replicas: 5, faultyPrimary: false }, { adversary: 'replay' }],
  ['n=5 V=2, none Byzantine', { ...config('pbft-vc'), replicas: 5, faulty: 0, faultyPrimary: false }, {}],
  ['primary-only, no Byzantine', { ...config('pbft-tiny'), faulty: 0, faultyPrimary: false }, { primaryOnly: true }],
];
const SYSTEMS = ALL_SYSTEMS.filter(([, sizes, options]) => pbftSystem(sizes, options).symmetry !== undefined);

describe('pbft symmetry: the declaration', () => {
  it('groups the correct replicas that lead none of the views 0..V-1', () => {
    expect(pbftBackupGroup(['r0', 'r1', 'r2', 'r3'], [0], 1)).toEqual(['r1', 'r2', 'r3']);
    expect(pbftBackupGroup(['r0', 'r1', 'r2', 'r3'], [0], 2)).toEqual(['r2', 'r3']);
    expect(pbftBackupGroup(['r0', 'r1', 'r2', 'r3'], [3], 1)).toEqual(['r1', 'r2']);
    expect(pbftBackupGroup(['r0', 'r1', 'r2', 'r3'], [0, 3], 1)).toEqual(['r1', 'r2']);
    expect(pbftBackupGroup(['r0', 'r1', 'r2', 'r3'], [0], 4)).toEqual([]);
    expect(pbftBackupGroup(['r0', 'r1', 'r2', 'r3'], [0], 6)).toEqual([]);
  });

  it.each([
    ['pbft-tiny', [['r1', 'r2', 'r3']]],
    ['pbft-s', [['r1', 'r2', 'r3']]],
    ['pbft-vc', [['r2', 'r3']]],
    ['pbft-equivocation', [['r1', 'r2', 'r3']]],
    ['pbft-replay', [['r1', 'r2']]],
    ['pbft-n3f1-replay', undefined],
    ['pbft-n3f1', [['r1', 'r2']]],
    ['pbft-n4f2', [['r1', 'r2']]],
  ] as const)('%s: %j', (name, groups) => {
    const c = config(name);
    for (const bug of BUGS) expect(pbftSystem(c, { bug, ...(c.adversary !== undefined ? { adversary: c.adversary } : {}) }).symmetry?.groups).toEqual(groups);
  });

  it('never groups a Byzantine replica, a primary of a reachable view, or the clients node', () => {
    for (const c of PBFT_CONFIGS) {
      const spec = pbftSystem(c);
      const byzantine = new Set((spec.byzantine?.nodes ?? []).map((i) => spec.nodes[i]?.name));
      const grouped = spec.symmetry?.groups.flat() ?? [];
      for (const n of grouped) {
        expect(byzantine.has(n)).toBe(false);
        expect(Number(n.slice(1))).toBeGreaterThanOrEqual(c.views);
      }
      expect(grouped).not.toContain('clients');
    }
  });

  it('is what the registry builds', () => {
    const c = config('pbft-vc');
    const spec = findProtocol('pbft')?.build({ clients: 1, commands: 1, replicas: 4, faulty: 1, f: 1, seqs: 1, views: 2, 'faulty-primary': 1 }, null, null, 'full');
    expect(spec?.symmetry?.groups).toEqual([['r2', 'r3']]);
    expect(spec?.topology).toEqual(pbftTopology(c.replicas));
  });
});

describe('pbft symmetry: the initial state and the adversary map onto themselves', () => {
  const cases = SYSTEMS.flatMap(([name, sizes, options]) => BUGS.map((bug) => [`${name}, bug ${bug}`, sizes, { ...options, bug }] as const));
  it.each(cases)('%s: every permutation of the group', (_, sizes, options) => {
    const spec = pbftSystem(sizes, options);
    for (const rename of groupRenamings(symmetryOf(spec))) {
      expectInitialSymmetry(spec, rename);
      const universe = (spec.byzantine?.messages ?? []).map(canonical).sort();
      const renamed = (spec.byzantine?.messages ?? []).map((m) => canonical(symmetryOf(spec).renameMessage(m, rename))).sort();
      expect(renamed).toEqual(universe);
    }
  });

  it.each(SYSTEMS.filter(([, , o]) => o.adversary === 'replay'))('%s: what the replay adversary learns is renamed with what it heard', (_, sizes, options) => {
    const spec = pbftSystem(sizes, options);
    const sym = symmetryOf(spec);
    const byzantine = new Set((spec.byzantine?.nodes ?? []).map((i) => spec.nodes[i]?.name));
    const heard = [1, 2, 3].flatMap((seed) => randomWalk(spec, seed, 200).messages.filter((m) => byzantine.has(m.to)));
    expect(heard.length).toBeGreaterThan(0);
    const learn = (m: Envelope) => (spec.byzantine?.learn?.(m) ?? []).map(canonical).sort();
    for (const m of heard) {
      for (const rename of groupRenamings(sym)) {
        expect(learn(sym.renameMessage(m, rename))).toEqual((spec.byzantine?.learn?.(m) ?? []).map((l) => canonical(sym.renameMessage(l, rename))).sort());
      }
    }
  });
});

describe('pbft symmetry: renaming laws', () => {
  const spec = pbftSystem(config('pbft-vc'), { adversary: 'full' });
  const sym = symmetryOf(spec);
  const states = [1, 2, 3].flatMap((seed) => randomWalk(spec, seed, 250).states);
  const names = ['r0', 'r1', 'r2', 'r3', 'clients'];

  test.prop([fc.constantFrom(...names), fc.constantFrom(...names), fc.nat(states.length - 1)])(
    'a transposition is its own inverse on reachable contexts and messages',
    (a, b, k) => {
      const g = states[k];
      if (g === undefined) throw new Error('no state');
      expectTranspositionInvolution(spec, sym, g, swap(a, b));
    },
  );

  it('re-sorts tallies, view-change messages and replies, and the V of a new-view', () => {
    const t = swap('r1', 'r3');
    const replica = {
      cfg: { self: 'r2', replicas: ['r0', 'r1', 'r2', 'r3'], clients: 'clients' },
      prepares: [{ seq: 1, digest: 'c0.0', from: ['r1', 'r2'] }, { seq: 1, digest: null, from: null }],
      commits: [{ seq: 1, digest: 'c0.0', from: ['r0', 'r3'] }],
      viewChanges: [
        { view: 1, from: 'r1', prepared: [] },
        { view: 1, from: 'r2', prepared: [] },
        { view: 2, from: 'r0', prepared: [] },
      ],
    } as unknown as ReplicaState;
    const renamed = renamePbftContext('replica', replica, t) as ReplicaState;
    expect(renamed.cfg.replicas).toEqual(['r0', 'r1', 'r2', 'r3']);
    expect(renamed.prepares).toEqual([{ seq: 1, digest: 'c0.0', from: ['r2', 'r3'] }, { seq: 1, digest: null, from: null }]);
    expect(renamed.commits).toEqual([{ seq: 1, digest: 'c0.0', from: ['r0', 'r1'] }]);
    expect(renamed.viewChanges.map((e) => [e.view, e.from])).toEqual([
      [1, 'r2'],
      [1, 'r3'],
      [2, 'r0'],
    ]);
    const clients = {
      cfg: { self: 'clients', commands: 1, targets: [['r0', 'r1', 'r2', 'r3']], replyQuorum: 2 },
      history: { clients: [[]] },
      replies: [[{ from: 'r1', result: 'ok' }, { from: 'r2', result: 'ok' }]],
    } as unknown as ClientsState;
    expect((renamePbftContext('clients', clients, t) as ClientsState).replies).toEqual([[{ from: 'r2', result: 'ok' }, { from: 'r3', result: 'ok' }]]);
    const nv: NewViewMsg = {
      type: 'pbft.new-view',
      from: 'r1',
      to: 'r3',
      view: 1,
      viewChanges: [
        { from: 'r0', prepared: [] },
        { from: 'r1', prepared: [{ view: 0, seq: 1, request: null }] },
        { from: 'r2', prepared: [] },
      ],
      preprepares: [{ seq: 1, request: null }],
    };
    expect(renamePbftMessage(nv, t)).toEqual({
      ...nv,
      from: 'r3',
      to: 'r1',
      viewChanges: [
        { from: 'r0', prepared: [] },
        { from: 'r2', prepared: [] },
        { from: 'r3', prepared: [{ view: 0, seq: 1, request: null }] },
      ],
    });
    const pm: PbftMessage = { type: 'pbft.prepare', from: 'r1', to: 'r2', view: 0, seq: 1, digest: 'c0.0' };
    expect(renamePbftMessage(pm, t)).toEqual({ ...pm, from: 'r3' });
  });
});

describe('pbft symmetry: renaming commutes with real steps', () => {
  it.each(SYSTEMS)('%s: every local step of random runs, every permutation of the group, every bug', (_, sizes, options) => {
    for (const bug of BUGS) {
      const spec = pbftSystem(sizes, { ...options, bug });
      const renames = groupRenamings(symmetryOf(spec));
      let checked = 0;
      for (const [seed, timers] of [[1, 1], [2, 0.1]] as const) {
        const walk = randomWalk(spec, seed, 100, timers);
        for (const step of walk.steps) {
          for (const rename of renames) expectEquivariantStep(spec, step, rename);
          checked++;
        }
        for (const g of walk.states) for (const rename of renames) expectPropertiesInvariant(spec, g, rename);
      }
      expect(checked).toBeGreaterThan(30);
    }
  });

  it('would catch an unsound group: the primary of view 1 (r1 in pbft-vc) is not interchangeable with a backup', () => {
    const spec = pbftSystem(config('pbft-vc'));
    // r1 and r2 have inputs equal up to their names, so the initial state does map onto itself …
    expectInitialSymmetry(spec, swap('r1', 'r2'));
    // … but once the view changes, r1 leads and r2 does not: some step does not commute with the swap.
    const steps = [1, 2, 3, 4].flatMap((seed) => randomWalk(spec, seed, 150, 0.1).steps);
    const broken = steps.filter((step) => {
      try {
        expectEquivariantStep(spec, step, swap('r1', 'r2'));
        return false;
      } catch {
        return true;
      }
    });
    expect(broken.length).toBeGreaterThan(0);
  });

  it('leaves out only systems whose correct replicas all lead a view', () => {
    expect(ALL_SYSTEMS.filter((x) => !SYSTEMS.includes(x)).map(([name]) => name)).toEqual(['pbft-n3f1-replay']);
  });

  it('covers the normal case, view changes and new-views in those runs', () => {
    const types = new Set(
      ADVERSARIES.flatMap((adversary) => [1, 2].flatMap((seed) => randomWalk(pbftSystem(config('pbft-vc'), { adversary }), seed, 150).steps)).map((s) => s.event.type),
    );
    for (const t of ['REQUEST', 'pbft.request', 'pbft.pre-prepare', 'pbft.prepare', 'pbft.commit', 'pbft.reply', 'TIMEOUT', 'pbft.view-change', 'pbft.new-view']) {
      expect(types).toContain(t);
    }
  });
});

describe('pbft topology', () => {
  it('declares clients→replica, replica→replica and replica→clients', () => {
    expect(pbftTopology(4)).toEqual({ clients: ['replica'], replica: ['replica', 'clients'] });
    expect(pbftTopology(1)).toEqual({ clients: ['replica'], replica: ['clients'] });
  });

  it.each(ALL_SYSTEMS)('%s: every message of random runs (the adversary’s included) is inside it, and every edge is used', (_, sizes, options) => {
    const spec = pbftSystem(sizes, options);
    const used = new Set<string>();
    for (let seed = 1; seed <= 8 && used.size < declaredEdges(spec).size; seed++) for (const e of edgesOf(spec, randomWalk(spec, seed, 400, 0.1).messages)) used.add(e);
    for (const e of edgesOf(spec, spec.byzantine?.messages ?? [])) used.add(e);
    expect([...used].sort()).toEqual([...declaredEdges(spec)].sort());
  });
});
