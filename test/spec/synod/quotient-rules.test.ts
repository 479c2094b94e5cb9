/**
 * The rules of the synod's ballot-shift quotient (`spec/synod/quotient.ts`),
 * one at a time, on small hand-built states: which messages are dropped as
 * refused for good, which learner votes belong to closed ballots, how the
 * old ballots are packed and the current ones shifted by a multiple of P
 * (keeping each ballot's owner mod P), what is returned untouched, the
 * patient timers, the all-started constraint and the loop's description.
 *
 * Expected values are worked out by hand in the comments: ballotOf(k, i, P)
 * = (k-1)P + i + 1, L is the lowest current ballot, D the number of distinct
 * ballots 1..L-1 the state still holds ("old"), and L goes to the least
 * target ≥ D+1 with target ≡ L (mod P), so k = (L - target)/P.
 */
import { describe, expect, it } from 'vitest';
import type { Envelope } from '../../../spec/core/envelope.js';
import type { QuotientState } from '../../../spec/core/system.js';
import {
  describeSynodLoop,
  normaliseSynod,
  SYNOD_BALLOT_QUOTIENT,
  synodAllStarted,
  synodPatientTimeout,
  UNBOUNDED_ROUNDS,
} from '../../../spec/synod/quotient.js';
import type { AcceptorState, LearnerState, PromiseRecord, ProposerState, VoteRecord } from '../../../spec/synod/state.js';

type Node = QuotientState['nodes'][number];

const ACCEPTORS = ['a0', 'a1'];

function proposer(index: number, P: number, round: number, value = 'preparing', promises: PromiseRecord[] = []): Node {
  const context: ProposerState = {
    cfg: { self: `p${index}`, index, proposers: P, acceptors: ACCEPTORS, rounds: UNBOUNDED_ROUNDS, quorum: 2, value: `v${index}` },
    round,
    promises,
    proposal: null,
  };
  return { name: `p${index}`, role: 'proposer', value, context };
}

function acceptor(name: string, promised: number, votedBallot: number, votedValue: string | null = null): Node {
  const context: AcceptorState = { cfg: { self: name, learners: ['l0'] }, promised, votedBallot, votedValue };
  return { name, role: 'acceptor', value: 'serving', context };
}

function learner(votes: VoteRecord[], decided: string[] = []): Node {
  const context: LearnerState = { cfg: { self: 'l0', quorum: 2 }, votes, decided };
  return { name: 'l0', role: 'learner', value: 'learning', context };
}

const prepare = (from: string, to: string, ballot: number): Envelope => ({ type: 'synod.prepare', from, to, ballot }) as Envelope;
const promise = (from: string, to: string, ballot: number, votedBallot: number, votedValue: string | null): Envelope =>
  ({ type: 'synod.promise', from, to, ballot, votedBallot, votedValue }) as Envelope;
const accept = (from: string, to: string, ballot: number, value: string): Envelope => ({ type: 'synod.accept', from, to, ballot, value }) as Envelope;
const accepted = (from: string, to: string, ballot: number, value: string): Envelope => ({ type: 'synod.accepted', from, to, ballot, value }) as Envelope;

function stateOf(nodes: Node[], messages: Envelope[] = []): QuotientState {
  return { nodes, crashed: nodes.map(() => false), messages };
}

const ctx = <T>(form: { contexts: readonly unknown[] }, i: number): T => form.contexts[i] as T;

describe('messages refused for good are dropped, the others kept in order', () => {
  // P = 1: p0 in round 1 (ballot 1) and nothing older, so nothing is renamed (L = 1 = D + 1).
  it('applies the receivers\' refusal rules, and keeps a message whose receiver is not in the state', () => {
    const messages = [
      prepare('p0', 'a0', 1), // a0 promised 1: 1 ≤ 1, refused
      prepare('p0', 'a1', 1), // a1 promised 0: live
      accept('p0', 'a0', 1, 'v0'), // 1 < 1 is false: live
      promise('a1', 'p0', 1, 0, null), // p0 prepares ballot 1: live
      accepted('a0', 'l0', 1, 'v0'), // the learner holds this vote: refused
      accepted('a1', 'l0', 1, 'v0'), // a new vote: live
      prepare('p0', 'a9', 1), // no node a9: nobody refuses it
    ];
    const state = stateOf([proposer(0, 1, 1), acceptor('a0', 1, 0), acceptor('a1', 0, 0), learner([{ ballot: 1, value: 'v0', acceptor: 'a0' }])], messages);
    const form = normaliseSynod(state);
    expect(form.renamed).toBe(false);
    expect(form.messages).toEqual([null, messages[1], messages[2], messages[3], null, messages[5], messages[6]]);
    // Kept messages are the very same objects (the explorer re-interns only what changed).
    expect(form.messages[6]).toBe(messages[6]);
    expect(form.messages[1]).toBe(messages[1]);
  });

  it('an Accept below the promise and a Promise for a ballot its proposer has left are dropped', () => {
    // P = 2: p0 round 2 (ballot 3, accepting), p1 round 2 (ballot 4, preparing); L = 3. Ballot 2 appears only in a dropped message.
    const messages = [
      accept('p1', 'a0', 2, 'v1'), // a0 promised 4: 2 < 4, refused
      promise('a1', 'p0', 3, 0, null), // p0 accepting in 3: refused (≤ 3)
      promise('a1', 'p1', 2, 0, null), // p1 prepares 4: 2 < 4, refused
      promise('a0', 'p1', 4, 0, null), // live
    ];
    const state = stateOf([proposer(0, 2, 2, 'accepting'), proposer(1, 2, 2), acceptor('a0', 4, 0), acceptor('a1', 3, 0)], messages);
    const form = normaliseSynod(state);
    // The only ballots held after dropping: 3, 4 (currents, promises), 0. L = 3, D = 0: target = 1 + (2 mod 2) = 1, k = 1.
    expect(form.renamed).toBe(true);
    expect(form.messages).toEqual([null, null, null, { type: 'synod.promise', from: 'a0', to: 'p1', ballot: 2, votedBallot: 0, votedValue: null }]);
    expect(ctx<ProposerState>(form, 0).round).toBe(1);
    expect(ctx<ProposerState>(form, 1).round).toBe(1);
    expect(ctx<AcceptorState>(form, 2)).toMatchObject({ promised: 2, votedBallot: 0 });
    expect(ctx<AcceptorState>(form, 3)).toMatchObject({ promised: 1, votedBallot: 0 });
  });
});

describe('the learner\'s votes of closed ballots', () => {
  // P = 2: p0 round 1 (ballot 1), p1 round 1 (ballot 2). L = 1, D = 0, target 1, k = 0: nothing renamed.
  const vote2: VoteRecord = { ballot: 2, value: 'v1', acceptor: 'a0' };

  it('keeps a vote whose ballot its proposer still prepares (even if another proposer prepares another ballot), untouched', () => {
    const messages = [prepare('p1', 'a1', 2)];
    const state = stateOf([proposer(0, 2, 1), proposer(1, 2, 1), acceptor('a0', 2, 2, 'v1'), acceptor('a1', 1, 0), learner([vote2])], messages);
    const form = normaliseSynod(state);
    expect(form.renamed).toBe(false);
    expect(ctx<LearnerState>(form, 4).votes).toEqual([vote2]);
    // Nothing dropped, nothing renamed: every context and message is returned as it was (same objects).
    state.nodes.forEach((n, i) => expect(form.contexts[i]).toBe(n.context));
    expect(form.messages[0]).toBe(messages[0]);
  });

  it('drops a vote once its proposer has moved on to accepting, even with a live Prepare of that ballot in flight; keeps decided', () => {
    // p1 has moved to accepting in ballot 2, and no Accept or Accepted of 2 is in flight: ballot 2 can gather no more votes.
    const messages = [prepare('p1', 'a1', 2)]; // a1 promised 1: live, but a Prepare brings no vote
    const state = stateOf([proposer(0, 2, 1), proposer(1, 2, 1, 'accepting'), acceptor('a0', 2, 2, 'v1'), acceptor('a1', 1, 0), learner([vote2], ['v1'])], messages);
    const form = normaliseSynod(state);
    expect(form.renamed).toBe(false);
    expect(ctx<LearnerState>(form, 4)).toMatchObject({ votes: [], decided: ['v1'] });
    expect(form.messages).toEqual([messages[0]]);
    // The proposers and acceptors are untouched.
    expect(form.contexts[1]).toBe(state.nodes[1]?.context);
    expect(form.contexts[2]).toBe(state.nodes[2]?.context);
  });

  it('keeps a vote while a live Accept or Accepted of its ballot is in flight, and drops the one of an idle proposer\'s ballot', () => {
    const v1: VoteRecord = { ballot: 1, value: 'v0', acceptor: 'a0' };
    const state = (m: Envelope): QuotientState =>
      stateOf([proposer(0, 2, 1, 'accepting'), proposer(1, 2, 1, 'idle'), acceptor('a0', 2, 2, 'v1'), acceptor('a1', 1, 0), learner([v1, vote2])], [m]);
    // Accept(1) to a1 (promised 1: live) keeps ballot 1 open; ballot 2's proposer is idle: closed.
    expect(ctx<LearnerState>(normaliseSynod(state(accept('p0', 'a1', 1, 'v0'))), 4).votes).toEqual([v1]);
    // Accepted(2) from a1 (not yet held) keeps ballot 2 open; ballot 1 has nothing in flight.
    expect(ctx<LearnerState>(normaliseSynod(state(accepted('a1', 'l0', 2, 'v1'))), 4).votes).toEqual([vote2]);
    // An Accept of 1 that a0 refuses (1 < 2) is dead: it opens nothing.
    expect(ctx<LearnerState>(normaliseSynod(state(accept('p0', 'a0', 1, 'v0'))), 4).votes).toEqual([]);
  });
});

describe('when nothing can be renamed', () => {
  it('a state without proposers is its own normal form', () => {
    const messages = [accepted('a0', 'l0', 3, 'v0')];
    const state = stateOf([acceptor('a0', 3, 3, 'v0'), learner([])], messages);
    const form = normaliseSynod(state);
    expect(form.renamed).toBe(false);
    expect(form.contexts[0]).toBe(state.nodes[0]?.context);
    expect(form.messages[0]).toBe(messages[0]);
  });

  it('a proposer that has not started blocks renaming, however high the others are', () => {
    // p0 round 0, p1 round 3 (ballot 6): p0 will start at ballot 1, which fixes every ballot.
    const state = stateOf([proposer(0, 2, 0, 'idle'), proposer(1, 2, 3), acceptor('a0', 6, 4, 'v1')], [prepare('p1', 'a1', 6)]);
    const form = normaliseSynod(state);
    expect(form.renamed).toBe(false);
    state.nodes.forEach((n, i) => expect(form.contexts[i]).toBe(n.context));
    expect(form.messages[0]).toBe(state.messages[0]);
  });
});

describe('the renaming', () => {
  it('P = 3: the lowest current ballot keeps its owner mod 3 as it goes down', () => {
    // p0 round 3 (ballot 7), p1 round 3 (ballot 8), p2 round 2 (ballot 6): L = 6, owned by p2.
    // a1 voted in ballot 4 (old). The learner's vote of 4 is closed (no Accept/Accepted of 4, p0 is past it): dropped.
    // Old = {4}, D = 1: target = 2 + ((6 - 2) mod 3) = 3 (owner p2 again: (3-1) mod 3 = 2), k = (6 - 3)/3 = 1.
    // φ: 4 → 1, 6 → 3, 7 → 4, 8 → 5.
    const messages = [
      accept('p2', 'a0', 6, 'v2'), // a0 promised 8: refused
      prepare('p0', 'a1', 7), // a1 promised 6: live
      promise('a0', 'p1', 8, 0, null), // p1 prepares 8: live
    ];
    const state = stateOf(
      [proposer(0, 3, 3), proposer(1, 3, 3), proposer(2, 3, 2, 'accepting'), acceptor('a0', 8, 0), acceptor('a1', 6, 4, 'v0'), learner([{ ballot: 4, value: 'v0', acceptor: 'a1' }])],
      messages,
    );
    const form = normaliseSynod(state);
    expect(form.renamed).toBe(true);
    expect([0, 1, 2].map((i) => ctx<ProposerState>(form, i).round)).toEqual([2, 2, 1]);
    expect(ctx<AcceptorState>(form, 3)).toMatchObject({ promised: 5, votedBallot: 0, votedValue: null });
    expect(ctx<AcceptorState>(form, 4)).toMatchObject({ promised: 3, votedBallot: 1, votedValue: 'v0' });
    expect(ctx<LearnerState>(form, 5).votes).toEqual([]);
    expect(form.messages).toEqual([
      null,
      { type: 'synod.prepare', from: 'p0', to: 'a1', ballot: 4 },
      { type: 'synod.promise', from: 'a0', to: 'p1', ballot: 5, votedBallot: 0, votedValue: null },
    ]);
    // The configuration is kept.
    expect(ctx<ProposerState>(form, 2).cfg).toBe((state.nodes[2]?.context as ProposerState).cfg);
  });

  it('P = 3 with no old ballot: L = 8 (owner p1) goes to 2', () => {
    // p0 round 4 (ballot 10), p1 round 3 (8), p2 round 3 (9): L = 8. The Accepted goes to a learner not in the state: live.
    // D = 0: target = 1 + ((8 - 1) mod 3) = 2, k = 2. φ: 8 → 2, 9 → 3, 10 → 4.
    const state = stateOf([proposer(0, 3, 4), proposer(1, 3, 3), proposer(2, 3, 3), acceptor('a0', 10, 9, 'v2')], [accepted('a0', 'l0', 9, 'v2')]);
    const form = normaliseSynod(state);
    expect([0, 1, 2].map((i) => ctx<ProposerState>(form, i).round)).toEqual([2, 1, 1]);
    expect(ctx<AcceptorState>(form, 3)).toMatchObject({ promised: 4, votedBallot: 3 });
    expect(form.messages).toEqual([{ type: 'synod.accepted', from: 'a0', to: 'l0', ballot: 3, value: 'v2' }]);
  });

  it('packs several old ballots onto 1..D in increasing order (an acceptor lists its promise before its vote)', () => {
    // p0 round 4 (ballot 7), p1 round 4 (ballot 8): L = 7. a0 promised 5 and voted in 3: old = {3, 5}, D = 2.
    // target = 3 + ((7 - 3) mod 2) = 3, k = 2. φ: 3 → 1, 5 → 2, 7 → 3, 8 → 4.
    const state = stateOf([proposer(0, 2, 4), proposer(1, 2, 4), acceptor('a0', 5, 3, 'v0'), acceptor('a1', 8, 0)]);
    const form = normaliseSynod(state);
    expect(form.renamed).toBe(true);
    expect(ctx<AcceptorState>(form, 2)).toMatchObject({ promised: 2, votedBallot: 1, votedValue: 'v0' });
    expect(ctx<AcceptorState>(form, 3)).toMatchObject({ promised: 4, votedBallot: 0 });
    expect(ctx<ProposerState>(form, 0).round).toBe(2);
    expect(ctx<ProposerState>(form, 1).round).toBe(2);
  });

  it('packs old ballots even when the current ones need no shift (k = 0)', () => {
    // p0 round 2 (ballot 3), p1 round 2 (ballot 4): L = 3. The only old ballot is 2, in a live Accepted:
    // D = 1, target = 2 + ((3 - 2) mod 2) = 3 = L, so k = 0, but 2 must still be packed to 1.
    const messages = [accepted('a1', 'l0', 2, 'v1')];
    const state = stateOf([proposer(0, 2, 2), proposer(1, 2, 2), acceptor('a0', 4, 4, 'v1'), acceptor('a1', 4, 4, 'v1'), learner([])], messages);
    const form = normaliseSynod(state);
    expect(form.renamed).toBe(true);
    expect(form.messages).toEqual([{ type: 'synod.accepted', from: 'a1', to: 'l0', ballot: 1, value: 'v1' }]);
    expect(ctx<ProposerState>(form, 0).round).toBe(2);
    expect(ctx<ProposerState>(form, 1).round).toBe(2);
    expect(ctx<AcceptorState>(form, 2)).toMatchObject({ promised: 4, votedBallot: 4 });
  });

  it('an old ballot held only in a proposer\'s promises counts, and is renamed there', () => {
    // p0 round 3 (ballot 5) holds a promise reporting a vote in ballot 2; p1 round 3 (ballot 6) accepting.
    // a0 has since voted in 6. Old = {2}, D = 1: target = 2 + ((5 - 2) mod 2) = 3, k = 1. φ: 2 → 1, 5 → 3, 6 → 4.
    const promises: PromiseRecord[] = [{ acceptor: 'a0', votedBallot: 2, votedValue: 'v1' }];
    const state = stateOf([proposer(0, 2, 3, 'preparing', promises), proposer(1, 2, 3, 'accepting'), acceptor('a0', 6, 6, 'v1')]);
    const form = normaliseSynod(state);
    expect(ctx<ProposerState>(form, 0)).toMatchObject({ round: 2, promises: [{ acceptor: 'a0', votedBallot: 1, votedValue: 'v1' }], proposal: null });
    expect(ctx<ProposerState>(form, 1)).toMatchObject({ round: 2, promises: [] });
    expect(ctx<AcceptorState>(form, 2)).toMatchObject({ promised: 4, votedBallot: 4 });
  });

  it('an old ballot held only as the vote a Promise reports counts, and is renamed there', () => {
    // p0 round 3 (ballot 5) preparing, p1 round 3 (ballot 6) accepting; a1 promised 5 reporting its vote in 2,
    // then voted in 6; that Promise(5) is still on its way to p0. Old = {2}: D = 1, target 3, k = 1.
    const messages = [promise('a1', 'p0', 5, 2, 'v1')];
    const state = stateOf([proposer(0, 2, 3), proposer(1, 2, 3, 'accepting'), acceptor('a0', 6, 6, 'v1'), acceptor('a1', 6, 6, 'v1')], messages);
    const form = normaliseSynod(state);
    expect(form.messages).toEqual([{ type: 'synod.promise', from: 'a1', to: 'p0', ballot: 3, votedBallot: 1, votedValue: 'v1' }]);
    expect(ctx<ProposerState>(form, 0).round).toBe(2);
    expect(ctx<AcceptorState>(form, 3)).toMatchObject({ promised: 4, votedBallot: 4 });
  });

  it('renames the learner\'s open votes and keeps them a sorted set', () => {
    // p0 round 3 (ballot 5), p1 round 3 (ballot 6) preparing: L = 5, nothing old: target = 1 + (4 mod 2) = 1, k = 2.
    // The votes of ballot 6 stay (its proposer prepares it) and become votes of 2; handed over out of order, they come back sorted.
    const votes: VoteRecord[] = [
      { ballot: 6, value: 'v1', acceptor: 'a1' },
      { ballot: 6, value: 'v1', acceptor: 'a0' },
    ];
    const state = stateOf([proposer(0, 2, 3), proposer(1, 2, 3), acceptor('a0', 6, 6, 'v1'), learner(votes, ['v1'])]);
    const form = normaliseSynod(state);
    expect(form.renamed).toBe(true);
    expect(ctx<LearnerState>(form, 3)).toMatchObject({
      votes: [
        { ballot: 2, value: 'v1', acceptor: 'a0' },
        { ballot: 2, value: 'v1', acceptor: 'a1' },
      ],
      decided: ['v1'],
    });
    expect(ctx<AcceptorState>(form, 2)).toMatchObject({ promised: 2, votedBallot: 2 });
  });

  it('passes a node of another role through untouched', () => {
    // The shift of the previous case (k = 2), with an observer node beside.
    const observer: Node = { name: 'o0', role: 'observer', value: 'watching', context: { seen: 6 } };
    const state = stateOf([proposer(0, 2, 3), proposer(1, 2, 3), observer, acceptor('a0', 6, 0)], [prepare('p1', 'a1', 6)]);
    const form = normaliseSynod(state);
    expect(form.renamed).toBe(true);
    expect(form.contexts[2]).toBe(observer.context);
    expect(ctx<AcceptorState>(form, 3)).toMatchObject({ promised: 2 });
    expect(form.messages).toEqual([{ type: 'synod.prepare', from: 'p1', to: 'a1', ballot: 2 }]);
  });

  it('the normal form is a fixed point', () => {
    const state = stateOf([proposer(0, 3, 4), proposer(1, 3, 3), proposer(2, 3, 3), acceptor('a0', 10, 9, 'v2')], [accepted('a0', 'l0', 9, 'v2')]);
    const form = normaliseSynod(state);
    const again = normaliseSynod({
      ...state,
      nodes: state.nodes.map((n, i) => ({ ...n, context: form.contexts[i] })),
      messages: form.messages.filter((m): m is Envelope => m !== null),
    });
    expect(again.renamed).toBe(false);
    expect(again.contexts).toEqual(form.contexts);
  });
});

describe('patient timers', () => {
  // P = 2: p0 round 1 (ballot 1) preparing, p1 round 0.
  const base = (messages: Envelope[], decided: string[] = []): QuotientState =>
    stateOf([proposer(0, 2, 1), proposer(1, 2, 0, 'idle'), acceptor('a0', 0, 0), acceptor('a1', 2, 0), learner([], decided)], messages);
  const T = { type: 'TIMEOUT' };

  it('a proposer waits while a live message of its current ballot is in flight', () => {
    expect(synodPatientTimeout(base([prepare('p0', 'a0', 1)]), 0, T)).toBe(false);
  });

  it('a message of its ballot that its receiver refuses for good does not hold it back', () => {
    // a1 promised 2: Prepare(1) to a1 is refused.
    expect(synodPatientTimeout(base([prepare('p0', 'a1', 1)]), 0, T)).toBe(true);
  });

  it('a live message of another ballot does not hold it back', () => {
    expect(synodPatientTimeout(base([prepare('p1', 'a0', 2)]), 0, T)).toBe(true);
  });

  it('a proposer that has not started may always time out', () => {
    expect(synodPatientTimeout(base([prepare('p0', 'a0', 1)]), 1, T)).toBe(true);
  });

  it('no proposer times out once a value is decided', () => {
    expect(synodPatientTimeout(base([], ['v0']), 0, T)).toBe(false);
    expect(synodPatientTimeout(base([], ['v0']), 1, T)).toBe(false);
  });

  it('restricts only TIMEOUT of a proposer: other events, other nodes and unknown slots are allowed', () => {
    const busy = base([prepare('p0', 'a0', 1)], ['v0']);
    expect(synodPatientTimeout(busy, 0, { type: 'RESTART' })).toBe(true);
    expect(synodPatientTimeout(base([prepare('p0', 'a0', 1)]), 0, { type: 'RESTART' })).toBe(true);
    expect(synodPatientTimeout(busy, 2, T)).toBe(true);
    expect(synodPatientTimeout(busy, 4, T)).toBe(true);
    expect(synodPatientTimeout(busy, 9, T)).toBe(true);
  });
});

describe('every proposer starts before any starts its second ballot', () => {
  const withRounds = (...rounds: number[]): QuotientState =>
    stateOf([...rounds.map((r, i) => proposer(i, rounds.length, r, r === 0 ? 'idle' : 'preparing')), acceptor('a0', 0, 0), learner([])]);

  it('rejects a second round while a proposer has not started', () => {
    expect(synodAllStarted(withRounds(0, 2))).toBe(false);
    expect(synodAllStarted(withRounds(2, 0))).toBe(false);
    expect(synodAllStarted(withRounds(0, 0, 3))).toBe(false);
    expect(synodAllStarted(withRounds(1, 0, 2))).toBe(false);
  });

  it('allows first rounds with some proposers not started, and anything once all have started', () => {
    expect(synodAllStarted(withRounds(0, 0))).toBe(true);
    expect(synodAllStarted(withRounds(0, 1))).toBe(true);
    expect(synodAllStarted(withRounds(1, 2))).toBe(true);
    expect(synodAllStarted(withRounds(3, 5, 4))).toBe(true);
  });

  it('reads only the proposers\' rounds', () => {
    const other: Node = { name: 'o0', role: 'observer', value: 'watching', context: { round: 0 } };
    const s = withRounds(1, 2);
    expect(synodAllStarted({ ...s, nodes: [other, ...s.nodes], crashed: [false, ...s.crashed] })).toBe(true);
  });
});

describe('the loop description', () => {
  const at = (r0: number, r1: number): QuotientState => stateOf([acceptor('a0', 9, 0), proposer(0, 2, r0), proposer(1, 2, r1)]);

  it('is the rise of the lowest current ballot', () => {
    // (1, 2) → (3, 4): raised by 2.
    expect(describeSynodLoop(at(1, 1), at(2, 2))).toBe('every ballot in play raised by 2');
    // lowest 1 (p0 round 1) → 3 (p0 round 2); the highest (p1's 4) does not move.
    expect(describeSynodLoop(at(1, 2), at(2, 2))).toBe('every ballot in play raised by 2');
    // lowest 3 → 4 (p1's, as p0 went to 5).
    expect(describeSynodLoop(at(2, 2), at(3, 2))).toBe('every ballot in play raised by 1');
  });

  it('is empty when the lowest ballot did not move', () => {
    expect(describeSynodLoop(at(2, 2), at(2, 2))).toBe('');
  });
});

describe('the declared quotient', () => {
  it('wires the functions of this file', () => {
    expect(SYNOD_BALLOT_QUOTIENT.normalise).toBe(normaliseSynod);
    expect(SYNOD_BALLOT_QUOTIENT.allowsEnvironment).toBe(synodPatientTimeout);
    expect(SYNOD_BALLOT_QUOTIENT.withinBoundary).toBe(synodAllStarted);
    expect(SYNOD_BALLOT_QUOTIENT.describeLoop).toBe(describeSynodLoop);
    expect(UNBOUNDED_ROUNDS).toBe(2 ** 30);
  });
});
