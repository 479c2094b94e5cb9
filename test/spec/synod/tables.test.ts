/**
 * The synod's tables and small spec functions that the role-machine tests
 * do not reach (issue 14): the properties over two learners (one learner
 * cannot tell "every learner agrees" from "some learner agrees"), the final
 * states, the witnesses, the refusals of `ignores` branch by branch, the
 * stable fields per bug, the bug and configuration tables, and the registry
 * entry built from them.
 */
import { describe, expect, it } from 'vitest';
import { SYNOD_BUG_MACHINES } from '../../../machines/synod/bugs.js';
import { synodProtocol } from '../../../machines/synod/protocol.js';
import type { SystemView } from '../../../spec/core/property.js';
import type { RunBounds } from '../../../spec/core/registry.js';
import { SYNOD_BUGS, SYNOD_BUG_SHOWCASES, isSynodBug, type SynodBug } from '../../../spec/synod/bugs.js';
import { DEFAULT_SYNOD_CONFIG, SYNOD_CONFIGS, findSynodConfig } from '../../../spec/synod/configs.js';
import { synodIgnores } from '../../../spec/synod/ignores.js';
import { renameSynodContext, synodSymmetry } from '../../../spec/synod/symmetry.js';
import { agreementHolds, decidedText, someDecided, synodFinal, synodProperties, synodTemporal, validityHolds } from '../../../spec/synod/invariants.js';
import { UNBOUNDED_ROUNDS } from '../../../spec/synod/quotient.js';
import { SYNOD_ACCEPTOR_STABLE, compareValue, synodAcceptorStable, type AcceptorState, type LearnerState, type ProposerState } from '../../../spec/synod/state.js';

const learner = (...decided: string[]): LearnerState => ({ cfg: { self: 'l', quorum: 2 }, votes: [], decided });
const proposer = (round: number, rounds = 1, index = 0): ProposerState => ({
  cfg: { self: `p${index}`, index, proposers: 2, acceptors: ['a0', 'a1', 'a2'], rounds, quorum: 2, value: `v${index}` },
  round,
  promises: [],
  proposal: null,
});
const view = (locals: unknown[], crashed: boolean[] = locals.map(() => false)): SystemView => ({ locals, crashed, messages: () => [] });

describe('agreement and validity over several learners', () => {
  it('agreement: two learners deciding different values break it, the same value does not', () => {
    expect(agreementHolds([learner('v0'), learner('v1')])).toBe(false);
    expect(agreementHolds([learner('v0'), learner('v0')])).toBe(true);
    expect(agreementHolds([learner(), learner('v1')])).toBe(true);
    expect(agreementHolds([learner('v1'), learner(), learner('v1')])).toBe(true);
    expect(agreementHolds([learner('v0'), learner(), learner('v1')])).toBe(false);
    expect(agreementHolds([learner('v0', 'v1')])).toBe(false);
    expect(agreementHolds([])).toBe(true);
  });

  it('validity: every learner, every decided value, must be proposed', () => {
    expect(validityHolds([learner('v0'), learner('x')], ['v0', 'v1'])).toBe(false);
    expect(validityHolds([learner('x'), learner('v0')], ['v0', 'v1'])).toBe(false);
    expect(validityHolds([learner('v1'), learner('v0')], ['v0', 'v1'])).toBe(true);
    expect(validityHolds([learner('v0', 'x')], ['v0'])).toBe(false);
  });

  it('synodProperties read the learners at the given slots, and only them', () => {
    const [agreement, validity] = synodProperties([1, 3], ['v0', 'v1']);
    expect([agreement?.name, validity?.name]).toEqual(['agreement', 'validity']);
    expect(agreement?.reads).toEqual([1, 3]);
    expect(validity?.reads).toEqual([1, 3]);
    expect(agreement?.description).toMatch(/at most one value/);
    expect(validity?.description).toMatch(/proposed value/);
    const split = view([proposer(1), learner('v0'), proposer(1), learner('v1')]);
    expect(agreement?.holds(split)).toBe(false);
    expect(agreement?.holds(view([proposer(1), learner('v0'), proposer(1), learner('v0')]))).toBe(true);
    expect(validity?.holds(view([proposer(1), learner('v0'), proposer(1), learner('zz')]))).toBe(false);
    expect(validity?.holds(split)).toBe(true);
  });

  it('a violation is explained by what each learner decided', () => {
    const [agreement, validity] = synodProperties([1, 3], ['v0', 'v1']);
    const nodes = ['p0', 'l0', 'p1', 'l1'];
    const split = view([proposer(1), learner('v0'), proposer(1), learner('v1')]);
    expect(agreement?.explain?.(split, nodes)).toBe('l0 decided {v0}, l1 decided {v1}: two values');
    expect(validity?.explain?.(split, nodes)).toBe('l0 decided {v0}, l1 decided {v1}: two values; proposed: {v0, v1}');
    expect(decidedText([1, 3], [learner('v0'), learner('v0')], nodes)).toBe('l0 decided {v0}, l1 decided {v0}: one value');
    expect(decidedText([7], [learner()], nodes)).toBe('learner 0 decided {}: no values');
    expect(decidedText([], [learner()], nodes)).toBe('learner 0 decided {}: no values');
    expect(decidedText([], [learner('v3', 'v1', 'v2', 'v0')], [])).toBe('learner 0 decided {v3, v1, v2, v0}: 4 values');
    expect(decidedText([1], [learner('v0', 'v1', 'v2')], nodes)).toBe('l0 decided {v0, v1, v2}: three values');
  });

  it('someDecided: any learner', () => {
    expect(someDecided([learner(), learner('v1')])).toBe(true);
    expect(someDecided([learner(), learner()])).toBe(false);
  });
});

describe('temporal properties and final states', () => {
  it('decided and one witness per value, reading the learners', () => {
    const t = synodTemporal([1, 2], ['v0', 'v1']);
    expect(t.map((p) => [p.name, p.kind, p.reads])).toEqual([
      ['decided', 'eventually', [1, 2]],
      ['decides-v0', 'sometimes', [1, 2]],
      ['decides-v1', 'sometimes', [1, 2]],
    ]);
    expect(t[1]?.unreachable).toBe('no state decides v0');
    expect(t[2]?.description).toMatch(/decides v1/);
    expect(t[0]?.description).toMatch(/FLP/);
    const second = view([proposer(0), learner(), learner('v1')]);
    expect(t[0]?.goal(second)).toBe(true);
    expect(t[0]?.goal(view([proposer(0), learner(), learner()]))).toBe(false);
    expect(t[1]?.goal(second)).toBe(false);
    expect(t[2]?.goal(second)).toBe(true);
  });

  it('final: a value decided, or every live proposer out of rounds', () => {
    const final = synodFinal([2], [0, 1]);
    expect(final(view([proposer(1), proposer(1), learner()]))).toBe(true);
    expect(final(view([proposer(1), proposer(0), learner()]))).toBe(false);
    expect(final(view([proposer(0), proposer(1), learner()]))).toBe(false);
    expect(final(view([proposer(0), proposer(0), learner('v0')]))).toBe(true);
    expect(final(view([proposer(1), proposer(0), learner()], [false, true, false]))).toBe(true);
    expect(final(view([proposer(1, 2), proposer(2, 2), learner()]))).toBe(false);
  });
});

describe('ignores, branch by branch', () => {
  const acceptor: AcceptorState = { cfg: { self: 'a0', learners: ['l0'] }, promised: 3, votedBallot: 0, votedValue: null };
  const a = (msg: object) => synodIgnores({ role: 'acceptor', value: 'serving', context: acceptor }, msg as never);
  const p = (value: string, msg: object) => synodIgnores({ role: 'proposer', value, context: proposer(2) }, msg as never);
  const votes = [{ ballot: 2, value: 'v1', acceptor: 'a1' }];
  const l = (msg: object) => synodIgnores({ role: 'learner', value: 'learning', context: { ...learner(), votes } }, msg as never);

  it('acceptor: Prepare at or below promised, Accept below it', () => {
    expect(a({ type: 'synod.prepare', from: 'p0', to: 'a0', ballot: 3 })).toBe(true);
    expect(a({ type: 'synod.prepare', from: 'p0', to: 'a0', ballot: 4 })).toBe(false);
    expect(a({ type: 'synod.accept', from: 'p0', to: 'a0', ballot: 3, value: 'v0' })).toBe(false);
    expect(a({ type: 'synod.accept', from: 'p0', to: 'a0', ballot: 2, value: 'v0' })).toBe(true);
    expect(a({ type: 'synod.promise', from: 'a1', to: 'a0', ballot: 1, votedBallot: 0, votedValue: null })).toBe(false);
  });

  it('proposer: Promises for older ballots; every Promise while accepting; nothing when idle', () => {
    // Round 2 of p0 among 2 proposers is ballot 3.
    const promise = (ballot: number) => ({ type: 'synod.promise', from: 'a0', to: 'p0', ballot, votedBallot: 0, votedValue: null });
    expect(p('preparing', promise(2))).toBe(true);
    expect(p('preparing', promise(3))).toBe(false);
    expect(p('accepting', promise(3))).toBe(true);
    expect(p('accepting', promise(4))).toBe(false);
    expect(p('idle', promise(1))).toBe(false);
    expect(p('preparing', { type: 'synod.prepare', from: 'p1', to: 'p0', ballot: 1 })).toBe(false);
  });

  it('learner: a vote it already holds, and nothing else', () => {
    const accepted = (ballot: number, value: string, from: string) => ({ type: 'synod.accepted', from, to: 'l0', ballot, value });
    expect(l(accepted(2, 'v1', 'a1'))).toBe(true);
    expect(l(accepted(1, 'v1', 'a1'))).toBe(false);
    expect(l(accepted(2, 'v0', 'a1'))).toBe(false);
    expect(l(accepted(2, 'v1', 'a2'))).toBe(false);
    expect(l({ type: 'synod.prepare', from: 'p0', to: 'l0', ballot: 2 })).toBe(false);
    // Another message type with the very fields of a held vote is still not refused.
    expect(l({ type: 'synod.accept', from: 'a1', to: 'l0', ballot: 2, value: 'v1' })).toBe(false);
    // Any held vote, not every one, makes a repeat.
    const two = { ...learner(), votes: [...votes, { ballot: 3, value: 'v0', acceptor: 'a0' }] };
    expect(synodIgnores({ role: 'learner', value: 'learning', context: two }, accepted(2, 'v1', 'a1') as never)).toBe(true);
    expect(synodIgnores({ role: 'observer', value: 'x', context: {} }, accepted(2, 'v1', 'a1') as never)).toBe(false);
  });
});

describe('stable storage, bugs and configurations', () => {
  it('renaming refuses a role the synod does not have', () => {
    expect(() => renameSynodContext('observer', {}, (n) => n)).toThrow(new RangeError('synod has no role observer'));
  });

  it('an acceptor keeps promise and vote; forget-promise drops the promise alone', () => {
    expect(SYNOD_ACCEPTOR_STABLE).toEqual(['promised', 'votedBallot', 'votedValue']);
    expect(synodAcceptorStable(null)).toEqual(['promised', 'votedBallot', 'votedValue']);
    expect(synodAcceptorStable('own-value')).toEqual(['promised', 'votedBallot', 'votedValue']);
    expect(synodAcceptorStable('forget-promise')).toEqual(['votedBallot', 'votedValue']);
    expect(compareValue('v0', 'v1')).toBeLessThan(0);
    expect(compareValue('v1', 'v0')).toBeGreaterThan(0);
    expect(compareValue('v1', 'v1')).toBe(0);
  });

  it('every bug names the rule it breaks', () => {
    expect(Object.keys(SYNOD_BUGS).sort()).toEqual(['forget-promise', 'forgetful-acceptor', 'lowest-vote', 'minority-quorum', 'own-value', 'superseded-vote']);
    for (const [name, why] of Object.entries(SYNOD_BUGS)) {
      expect(why, name).toMatch(/breaks .*(Paxos Made Simple|Part-Time Parliament)/);
      expect(isSynodBug(name)).toBe(true);
    }
    expect(isSynodBug('toString')).toBe(false);
    expect(isSynodBug('no-such-bug')).toBe(false);
  });

  it('each bug shows on a configuration of the protocol, and says which bounds it needs', () => {
    const bounds = (proposers: number, rounds: number, recoveries = 0): RunBounds => ({
      params: { proposers, acceptors: 3, rounds },
      faults: { lossy: false, duplicates: 0, crashes: recoveries, recoveries },
      adversary: null,
    });
    expect(Object.keys(SYNOD_BUG_SHOWCASES).sort()).toEqual(Object.keys(SYNOD_BUGS).sort());
    expect(Object.fromEntries(Object.entries(SYNOD_BUG_SHOWCASES).map(([bug, s]) => [bug, s.config]))).toEqual({
      'own-value': 'synod-s',
      'forgetful-acceptor': 'synod-s',
      'lowest-vote': 'synod-p3',
      'superseded-vote': 'synod-p3',
      'forget-promise': 'synod-recover',
      'minority-quorum': 'synod-s',
    });
    const needs = (bug: SynodBug, b: RunBounds) => SYNOD_BUG_SHOWCASES[bug].unreachable?.(b);
    // One proposer proposes one value: however many ballots it starts, no two values can be decided.
    const twoProposers = 'two proposers, whose two values can both be decided (--proposers 2)';
    for (const bug of ['own-value', 'forgetful-acceptor', 'minority-quorum'] as const) {
      expect(needs(bug, bounds(1, 1))).toBe(twoProposers);
      expect(needs(bug, bounds(1, 2))).toBe(twoProposers);
      expect(needs(bug, bounds(2, 1))).toBeUndefined();
    }
    for (const bug of ['lowest-vote', 'superseded-vote'] as const) {
      expect(needs(bug, bounds(2, 1))).toBe('three ballots, P×R ≥ 3 (e.g. --proposers 3)');
      expect(needs(bug, bounds(3, 1))).toBeUndefined();
      expect(needs(bug, { ...bounds(3, 1), params: {} })).toBe(twoProposers);
    }
    // A stale vote beside the chosen value needs a quorum short of every acceptor.
    expect(needs('lowest-vote', { ...bounds(3, 1), params: { proposers: 3, acceptors: 2, rounds: 1 } })).toContain('three acceptors');
    expect(needs('superseded-vote', { ...bounds(3, 1), params: { proposers: 3, acceptors: 2, rounds: 1 } })).toBeUndefined();
    expect(needs('forget-promise', bounds(2, 1))).toBe('crash-recovery: an acceptor that restarts (--crashes 1 --recoveries 1)');
    expect(needs('forget-promise', bounds(1, 1, 1))).toBe(twoProposers);
    expect(needs('forget-promise', bounds(1, 2, 2))).toBe(twoProposers);
    expect(needs('forget-promise', bounds(2, 1, 1))).toBeUndefined();
    // Two quorums of two acceptors share both: both must restart.
    const two = (restarts: number): RunBounds => ({ ...bounds(2, 1, restarts), params: { proposers: 2, acceptors: 2, rounds: 1 } });
    expect(needs('forget-promise', two(1))).toContain('2 acceptors that restart');
    expect(needs('forget-promise', two(2))).toBeUndefined();
  });

  it('each configuration is named once and describes its sizes as P=.. A=.. R=..', () => {
    expect(new Set(SYNOD_CONFIGS.map((c) => c.name)).size).toBe(SYNOD_CONFIGS.length);
    for (const c of SYNOD_CONFIGS) {
      // An unbounded configuration (ballots without a round budget) names no R.
      const unbounded = (c as { unbounded?: boolean }).unbounded === true;
      expect(c.description, c.name).toContain(unbounded ? `P=${c.proposers} A=${c.acceptors}` : `P=${c.proposers} A=${c.acceptors} R=${c.rounds}`);
      expect(c.description.includes('loss'), c.name).toBe(c.lossy);
      expect(findSynodConfig(c.name)).toBe(c);
    }
    expect(findSynodConfig('synod-none')).toBeUndefined();
    expect(findSynodConfig(DEFAULT_SYNOD_CONFIG)?.name).toBe('synod-s');
    // The pinned sizes of the configurations the docs and benchmarks name (others may follow them).
    const pinned = ['synod-tiny', 'synod-xs', 'synod-s', 'synod-lossy-s', 'synod-recover', 'synod-p3', 'synod-m', 'synod-l', 'synod-xl'];
    expect(pinned.map((n) => findSynodConfig(n)).map((c) => [c?.name, c?.proposers, c?.acceptors, c?.rounds, c?.lossy])).toEqual([
      ['synod-tiny', 1, 2, 1, false],
      ['synod-xs', 2, 2, 1, false],
      ['synod-s', 2, 3, 1, false],
      ['synod-lossy-s', 2, 3, 1, true],
      ['synod-recover', 2, 3, 1, false],
      ['synod-p3', 3, 3, 1, false],
      ['synod-m', 2, 3, 2, false],
      ['synod-l', 3, 3, 2, false],
      ['synod-xl', 2, 5, 2, false],
    ]);
    expect(findSynodConfig('synod-recover')?.faults).toEqual({ crashes: 1, recoveries: 1, crashOnly: ['a0', 'a1', 'a2'] });
  });
});

describe('registry entry', () => {
  it('lists the configurations with their sizes and faults', () => {
    const byName = new Map(synodProtocol.configs.map((c) => [c.name, c]));
    expect([...byName.keys()]).toEqual(SYNOD_CONFIGS.map((c) => c.name));
    for (const c of SYNOD_CONFIGS) expect(byName.get(c.name)?.params, c.name).toMatchObject({ proposers: c.proposers, acceptors: c.acceptors, rounds: c.rounds });
    expect(byName.get('synod-s')).toEqual({ name: 'synod-s', description: findSynodConfig('synod-s')?.description, params: { proposers: 2, acceptors: 3, rounds: 1 } });
    expect(byName.get('synod-lossy-s')?.faults).toEqual({ lossy: true });
    expect(byName.get('synod-recover')?.faults).toEqual({ crashes: 1, recoveries: 1, crashOnly: ['a0', 'a1', 'a2'] });
    expect(synodProtocol.defaultConfig).toBe('synod-s');
    expect(synodProtocol.bugs).toBe(SYNOD_BUGS);
    expect(synodProtocol.parameters.slice(0, 3).map((p) => [p.name, p.min, p.max])).toEqual([
      ['proposers', 1, 9],
      ['acceptors', 1, 9],
      ['rounds', 1, 9],
    ]);
    expect(synodProtocol.properties.map((p) => p.name)).toEqual(expect.arrayContaining(['agreement', 'validity', 'decided', 'decides-vi']));
  });

  it('describes sizes, builds systems and refuses unknown bugs and missing sizes', () => {
    expect(synodProtocol.describeParams({ proposers: 2, acceptors: 3, rounds: 1 })).toBe('P=2 A=3 R=1');
    expect(synodProtocol.describeParams({ proposers: 2, acceptors: 3, rounds: 1, unbounded: 0 })).toBe('P=2 A=3 R=1');
    expect(synodProtocol.describeParams({ proposers: 2, acceptors: 2, rounds: 1, unbounded: 1 })).toBe('P=2 A=2 ballots unbounded');
    const rounds = (params: Record<string, number>) => (synodProtocol.build(params, null).nodes[0]?.input as { rounds: number }).rounds;
    expect(rounds({ proposers: 2, acceptors: 2, rounds: 1, unbounded: 1 })).toBe(UNBOUNDED_ROUNDS);
    expect(rounds({ proposers: 2, acceptors: 2, rounds: 1, unbounded: 0 })).toBe(1);
    expect(rounds({ proposers: 2, acceptors: 2, rounds: 2 })).toBe(2);
    const spec = synodProtocol.build({ proposers: 2, acceptors: 3, rounds: 1 }, 'own-value');
    expect(spec.nodes.map((n) => n.name)).toEqual(['p0', 'p1', 'a0', 'a1', 'a2', 'l0']);
    expect(spec.nodes[0]?.logic).toBe(SYNOD_BUG_MACHINES['own-value'].proposer);
    expect(synodProtocol.build({ proposers: 1, acceptors: 1, rounds: 1 }, null).nodes).toHaveLength(3);
    expect(() => synodProtocol.build({ proposers: 1, acceptors: 1, rounds: 1 }, 'no-such-bug')).toThrow(new RangeError('unknown bug no-such-bug'));
    expect(() => synodProtocol.build({ proposers: 1, acceptors: 1 }, null)).toThrow(new RangeError('missing parameter rounds'));
  });

  it('every showcase names a configuration and a bug of the protocol', () => {
    const names = new Set(SYNOD_CONFIGS.map((c) => c.name));
    for (const s of synodProtocol.showcases ?? []) {
      expect(names.has(s.config ?? ''), s.title).toBe(true);
      expect(isSynodBug(s.bug ?? ''), s.title).toBe(true);
      expect(s.title).toContain(`\`--bug ${s.bug}\``);
      expect(s.intro.length).toBeGreaterThan(80);
      expect(s.replacesBugSection).toBe(true);
    }
  });
});

describe('symmetry', () => {
  it('the acceptors form the one group, with the soundness argument the spec gives', () => {
    const sym = synodSymmetry(['a0', 'a1', 'a2']);
    expect(sym?.groups).toEqual([['a0', 'a1', 'a2']]);
    expect(sym?.why).toBe(
      'the acceptors differ only in their names: proposers send to all of them alike and keep their answers as sets or counts, two votes of one ballot carry one value, the learner counts voters, and no property reads an acceptor',
    );
  });

  it('one acceptor: no group of two, no symmetry', () => {
    expect(synodSymmetry(['a0'])).toBeUndefined();
  });
});
