/**
 * Synod learner machine: step 2 of `shared/benchmarks/synod.md`, "learner gets
 * Accepted", one pure step at a time.
 */
import { describe, expect, it } from 'vitest';
import { learnerMachine } from '../../../machines/synod/learner.machine.js';
import type { Accepted } from '../../../spec/synod/messages.js';
import { quorumSize } from '../../../spec/synod/safe-value.js';
import type { LearnerState, VoteRecord } from '../../../spec/synod/state.js';
import { restore, start, step, steps } from '../../helpers/machines.js';

const Q2 = { self: 'l0', quorum: 2 };

function state(over: Partial<Omit<LearnerState, 'cfg'>> = {}, cfg = Q2): LearnerState {
  return { cfg, votes: [], decided: [], ...over };
}

const at = (s: LearnerState) => restore(learnerMachine, 'learning', s);

function accepted(from: string, ballot: number, value: string): Accepted {
  return { type: 'synod.accepted', from, to: 'l0', ballot, value };
}

function vote(acceptor: string, ballot: number, value: string): VoteRecord {
  return { ballot, value, acceptor };
}

describe('synod learner', () => {
  it('starts with no votes and nothing decided', () => {
    const { next, sent } = start(learnerMachine, Q2);
    expect(next.value).toBe('learning');
    expect(next.context).toEqual(state());
    expect(sent).toEqual([]);
  });

  it('records a vote without deciding below a quorum', () => {
    const { next, sent } = step(learnerMachine, at(state()), accepted('a2', 3, 'v1'));
    expect(next.context).toEqual(state({ votes: [vote('a2', 3, 'v1')] }));
    expect(sent).toEqual([]);
  });

  it('decides when a quorum of distinct acceptors voted for the same (ballot, value)', () => {
    const { next, sent } = steps(learnerMachine, at(state()), [accepted('a2', 3, 'v1'), accepted('a0', 3, 'v1')]);
    expect(next.context).toEqual(state({ votes: [vote('a0', 3, 'v1'), vote('a2', 3, 'v1')], decided: ['v1'] }));
    expect(sent).toEqual([]);
  });

  it('counts the same acceptor once: a duplicated Accepted does not make a quorum', () => {
    const { next } = steps(learnerMachine, at(state()), [accepted('a1', 1, 'v0'), accepted('a1', 1, 'v0')]);
    expect(next.context).toEqual(state({ votes: [vote('a1', 1, 'v0')] }));
  });

  it('does not decide on votes for the same value in different ballots', () => {
    const { next } = steps(learnerMachine, at(state()), [accepted('a0', 1, 'v0'), accepted('a1', 2, 'v0'), accepted('a2', 4, 'v0')]);
    expect(next.context.decided).toEqual([]);
    expect(next.context.votes).toHaveLength(3);
  });

  it('does not decide on votes for different values in the same ballot', () => {
    const { next } = steps(learnerMachine, at(state()), [accepted('a0', 2, 'v0'), accepted('a1', 2, 'v1')]);
    expect(next.context.decided).toEqual([]);
  });

  it('one acceptor voting in two ballots counts in each, not twice in one', () => {
    const { next } = steps(learnerMachine, at(state()), [accepted('a0', 1, 'v0'), accepted('a0', 2, 'v0'), accepted('a1', 2, 'v0')]);
    expect(next.context.decided).toEqual(['v0']);
    expect(next.context.votes).toEqual([vote('a0', 1, 'v0'), vote('a0', 2, 'v0'), vote('a1', 2, 'v0')]);
  });

  it('keeps votes sorted by (ballot, value, acceptor) whatever the arrival order', () => {
    const msgs = [accepted('a1', 2, 'v1'), accepted('a0', 1, 'v0'), accepted('a2', 2, 'v0')];
    const a = steps(learnerMachine, at(state({}, { self: 'l0', quorum: 3 })), msgs);
    const b = steps(learnerMachine, at(state({}, { self: 'l0', quorum: 3 })), [...msgs].reverse());
    expect(a.next.context).toEqual(b.next.context);
    expect(a.next.context.votes).toEqual([vote('a0', 1, 'v0'), vote('a2', 2, 'v0'), vote('a1', 2, 'v1')]);
  });

  it('a value decided again (later vote, later ballot) stays decided once', () => {
    const s = state({ votes: [vote('a0', 1, 'v0'), vote('a1', 1, 'v0')], decided: ['v0'] });
    const { next } = steps(learnerMachine, at(s), [accepted('a2', 1, 'v0'), accepted('a0', 3, 'v0'), accepted('a2', 3, 'v0')]);
    expect(next.context.decided).toEqual(['v0']);
  });

  it('records a second decided value as a sorted set (what agreement must rule out)', () => {
    const s = state({ votes: [vote('a0', 2, 'v1'), vote('a1', 2, 'v1')], decided: ['v1'] });
    const { next } = steps(learnerMachine, at(s), [accepted('a1', 3, 'v0'), accepted('a2', 3, 'v0')]);
    expect(next.context.decided).toEqual(['v0', 'v1']);
  });

  it('minority-quorum: with quorumSize(3, minority-quorum) = 1 one vote decides', () => {
    const minority = { self: 'l0', quorum: quorumSize(3, 'minority-quorum') };
    const majority = { self: 'l0', quorum: quorumSize(3) };
    const bad = step(learnerMachine, at(state({}, minority)), accepted('a0', 1, 'v0'));
    const good = step(learnerMachine, at(state({}, majority)), accepted('a0', 1, 'v0'));
    expect(bad.next.context.decided).toEqual(['v0']);
    expect(good.next.context.decided).toEqual([]);
    // Only the threshold differs: the votes are recorded identically.
    expect(bad.next.context.votes).toEqual(good.next.context.votes);
  });

  it('with 5 acceptors, 2 votes do not decide and 3 do', () => {
    const q = { self: 'l0', quorum: quorumSize(5) };
    const two = steps(learnerMachine, at(state({}, q)), [accepted('a0', 1, 'v0'), accepted('a4', 1, 'v0')]);
    expect(two.next.context.decided).toEqual([]);
    const three = step(learnerMachine, two.next, accepted('a2', 1, 'v0'));
    expect(three.next.context.decided).toEqual(['v0']);
  });
});
