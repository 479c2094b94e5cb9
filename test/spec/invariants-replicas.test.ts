/**
 * The replicated protocols' safety properties over three replicas (issue
 * 14): with one or two, "every pair" cannot be told from "the first pair"
 * or "some replica". Each property gets a state where it holds, and one
 * where it breaks only between the second and third replica, or only at a
 * later index; and each is read through the system layout (the slots).
 */
import { describe, expect, it } from 'vitest';
import type { SystemView } from '../../spec/core/property.js';
import { agreementHolds as mpAgreement, atMostOnceHolds, prefixHolds as mpPrefix, replicatedLogProperties, validityHolds, type ReplicaView as MpView } from '../../spec/multipaxos/invariants.js';
import type { LogEntry as RaftEntry } from '../../spec/raft/messages.js';
import { electionSafetyHolds, leaderCompletenessHolds, logMatchingHolds, raftProperties, stateMachineSafetyHolds, type ServerView } from '../../spec/raft/invariants.js';
import type { LogEntry as VrEntry } from '../../spec/vr/messages.js';
import { agreementHolds as vrAgreement, committedSurvivesHolds, prefixHolds as vrPrefix, vrProperties, type ReplicaView as VrView } from '../../spec/vr/invariants.js';

const view = (locals: unknown[]): SystemView => ({ locals, crashed: locals.map(() => false), messages: () => [] });
const W = (value: string) => ({ kind: 'write', value }) as const;

describe('raft over three servers', () => {
  const e = (term: number, id: string): RaftEntry => ({ term, id, op: W(id) });
  const A = e(1, 'a');
  const B = e(1, 'b');
  const C = e(2, 'c');
  const LEAD = { nextIndex: [], matchIndex: [] };
  const s = (over: Partial<ServerView>): ServerView => ({ currentTerm: 1, log: [], applied: [], leader: null, ...over });

  it('election safety: two leaders of one term, wherever they sit', () => {
    expect(electionSafetyHolds([s({ leader: LEAD }), s({ currentTerm: 2, leader: LEAD }), s({})])).toBe(true);
    expect(electionSafetyHolds([s({ currentTerm: 2, leader: LEAD }), s({ leader: LEAD }), s({ leader: LEAD })])).toBe(false);
    expect(electionSafetyHolds([s({ leader: LEAD }), s({}), s({ leader: LEAD })])).toBe(false);
  });

  it('log matching: same index and term means same prefix, for every pair', () => {
    expect(logMatchingHolds([s({ log: [A, C] }), s({ log: [A] }), s({ log: [A, C] })])).toBe(true);
    // s1 and s2 share the term of index 1 but differ at index 0.
    expect(logMatchingHolds([s({ log: [A] }), s({ log: [A, C] }), s({ log: [B, C] })])).toBe(false);
    // Index 0 differs in id but not term: broken even without a later index.
    expect(logMatchingHolds([s({}), s({ log: [A] }), s({ log: [B] })])).toBe(false);
    // Different terms at the last index, a matching earlier index: fine.
    expect(logMatchingHolds([s({ log: [A, C] }), s({ log: [A, e(3, 'd')] }), s({ log: [A] })])).toBe(true);
  });

  it('leader completeness: a leader of a higher term holds what lower-term servers applied', () => {
    const leader = s({ currentTerm: 2, leader: LEAD, log: [A, C] });
    expect(leaderCompletenessHolds([s({ applied: [A] }), s({ applied: [A] }), leader])).toBe(true);
    expect(leaderCompletenessHolds([s({ applied: [A] }), s({ applied: [A, B] }), leader])).toBe(false);
    // A server of the leader's own term is not constrained.
    expect(leaderCompletenessHolds([s({ currentTerm: 2, applied: [B] }), s({}), leader])).toBe(true);
  });

  it('state machine safety: no two servers apply different entries at one index', () => {
    expect(stateMachineSafetyHolds([s({ applied: [A] }), s({ applied: [A, C] }), s({})])).toBe(true);
    expect(stateMachineSafetyHolds([s({ applied: [A] }), s({ applied: [A, C] }), s({ applied: [A, B] })])).toBe(false);
  });

  it('the properties read the servers at their slots', () => {
    const props = raftProperties([1, 2, 3]);
    expect(props.map((p) => p.name)).toEqual(['election-safety', 'log-matching', 'leader-completeness', 'state-machine-safety']);
    for (const p of props) expect(p.reads).toEqual([1, 2, 3]);
    const bad = view([{}, s({ leader: LEAD }), s({}), s({ leader: LEAD })]);
    expect(props[0]?.holds(bad)).toBe(false);
    expect(props[0]?.holds(view([s({ leader: LEAD }), s({ leader: LEAD }), s({}), s({})]))).toBe(true);
  });
});

describe('vr over three replicas', () => {
  const e = (id: string): VrEntry => ({ id, op: W(id) });
  const A = e('a');
  const B = e('b');
  const r = (over: Partial<VrView>): VrView => ({ status: 'normal', view: 0, log: [], executed: [], ...over });

  it('agreement: every pair of executed sequences is compatible', () => {
    expect(vrAgreement([r({ executed: [A] }), r({ executed: [A, B] }), r({})])).toBe(true);
    expect(vrAgreement([r({ executed: [A] }), r({ executed: [A, B] }), r({ executed: [A, A] })])).toBe(false);
  });

  it('prefix: the committed logs agree pairwise up to the shorter executed length', () => {
    expect(vrPrefix([r({ log: [A, B], executed: [A] }), r({ log: [A], executed: [A] }), r({ log: [A, A] })])).toBe(true);
    expect(vrPrefix([r({ log: [A] }), r({ log: [A, B], executed: [A, B] }), r({ log: [A, A], executed: [A, A] })])).toBe(false);
  });

  it('committed survives: a normal replica of a higher view holds what lower views executed', () => {
    const later = r({ view: 1, log: [A, B] });
    expect(committedSurvivesHolds([r({ executed: [A] }), r({ executed: [A, B] }), later])).toBe(true);
    expect(committedSurvivesHolds([r({ executed: [A] }), r({ executed: [B] }), later])).toBe(false);
    // A replica not in the normal status (in a view change) is not yet bound.
    expect(committedSurvivesHolds([r({ executed: [B] }), r({}), r({ ...later, status: 'view-change' as VrView['status'] })])).toBe(true);
  });

  it('the properties read the replicas at their slots', () => {
    const props = vrProperties([1, 2, 3]);
    expect(props.map((p) => p.name)).toEqual(['agreement', 'prefix', 'committed-survives']);
    for (const p of props) expect(p.reads).toEqual([1, 2, 3]);
    expect(props[0]?.holds(view([{}, r({ executed: [A] }), r({}), r({ executed: [B] })]))).toBe(false);
    expect(props[0]?.holds(view([r({ executed: [B] }), r({ executed: [A] }), r({}), r({ executed: [A] })]))).toBe(true);
  });
});

describe('multipaxos over three replicas', () => {
  const a = { id: 'c0.0', op: W('a') };
  const b = { id: 'c1.0', op: W('b') };
  const r = (log: MpView['log'], executed: string[] = []): MpView => ({ log, executed });

  it('agreement per slot, across every replica', () => {
    expect(mpAgreement([r([[a], null]), r([null, [b]]), r([[a], [b]])])).toBe(true);
    expect(mpAgreement([r([[a], null]), r([null, [b]]), r([[a], [a]])])).toBe(false);
  });

  it('prefix, at-most-once and validity', () => {
    expect(mpPrefix([r([], ['c0.0']), r([], ['c0.0', 'c1.0']), r([], [])])).toBe(true);
    expect(mpPrefix([r([], ['c0.0']), r([], ['c0.0', 'c1.0']), r([], ['c0.0', 'c0.1'])])).toBe(false);
    expect(atMostOnceHolds([r([], ['c0.0']), r([], ['c1.0']), r([], ['c0.0', 'c0.0'])])).toBe(false);
    const history = { clients: [[{ op: W('a'), seen: [] }], [{ op: W('b'), seen: [] }]] };
    expect(validityHolds([r([[a]]), r([[b]]), r([null])], history)).toBe(true);
    expect(validityHolds([r([[a]]), r([[b]]), r([[{ id: 'c1.0', op: W('z') }]])], history)).toBe(false);
  });

  it('the properties read the replicas at their slots', () => {
    const history = () => ({ clients: [] });
    const props = replicatedLogProperties({ replicaSlots: [1, 2, 3], clientsSlot: 0, history }, 'command');
    const agreement = props.find((p) => p.name === 'agreement');
    expect(agreement?.holds(view([{}, r([[a]]), r([]), r([[b]])]))).toBe(false);
    expect(agreement?.holds(view([{}, r([[a]]), r([]), r([[a]])]))).toBe(true);
  });
});
