/**
 * The slot arithmetic of Multi-Paxos (`spec/multipaxos/log.ts`) on hand-made
 * cases: recovery after phase 1 ("Paxos Made Simple" §3, the gaps example),
 * assignment of requests to free slots, the decided prefix, execution on the
 * register (PMMC's `perform`) and learning from Decide / 2b.
 * The laws on random inputs are in `log.prop.test.ts`.
 */
import { describe, expect, it } from 'vitest';
import { assignRequests, ballotOf, decidedPrefix, executeLog, learn, recoverProposals, type Learning } from '../../../spec/multipaxos/log.js';
import type { AcceptedMsg, Batch, DecideMsg, Entry, SlotVote } from '../../../spec/multipaxos/messages.js';
import type { RegisterOp } from '../../../spec/multipaxos/register.js';
import type { Tally } from '../../../spec/multipaxos/state.js';

const write = (id: string, value: string): Entry => ({ id, op: { kind: 'write', value } });
const read = (id: string): Entry => ({ id, op: { kind: 'read' } });
const vote = (slot: number, ballot: number, batch: Batch): SlotVote => ({ slot, ballot, batch });
const opOf = (e: Entry): RegisterOp | undefined => e.op;

describe('ballotOf', () => {
  it.each([
    { round: 1, proposers: 1, index: 0, ballot: 0 },
    { round: 1, proposers: 3, index: 2, ballot: 2 },
    { round: 2, proposers: 3, index: 0, ballot: 3 },
    { round: 3, proposers: 2, index: 1, ballot: 5 },
  ])('round $round of p$index among $proposers is ballot $ballot', ({ round, proposers, index, ballot }) => {
    expect(ballotOf({ round, cfg: { proposers, index } })).toBe(ballot);
  });
});

describe('recoverProposals', () => {
  it('no reports, or reports without votes: every slot stays free', () => {
    expect(recoverProposals([], 3)).toEqual([null, null, null]);
    expect(recoverProposals([[], [], []], 2)).toEqual([null, null]);
  });

  it('takes, per slot, the batch of the highest-ballot vote across the reports', () => {
    const a = [write('c0.0', 'a')];
    const b = [write('c1.0', 'b')];
    const reports = [
      [vote(0, 1, a), vote(1, 4, b)],
      [vote(0, 3, b), vote(1, 2, a)],
      [vote(0, 2, a)],
    ];
    expect(recoverProposals(reports, 2)).toEqual([b, b]);
  });

  it('a vote in ballot 0 counts (ballot 0 is p0\'s, not "none")', () => {
    const a = [write('c0.0', 'a')];
    expect(recoverProposals([[vote(0, 0, a)], []], 1)).toEqual([a]);
  });

  it('a no-op vote is recovered as a no-op', () => {
    expect(recoverProposals([[vote(1, 2, [])]], 3)).toEqual([[], [], null]);
  });

  it('"Paxos Made Simple" §3, scaled down: gaps become no-ops, slots above the highest vote stay free', () => {
    // The paper's leader knows 1–134, 138, 139; phase 1 constrains 135 and 140
    // and leaves 136, 137 free: it proposes no-ops there. Here: slots 0–3, 7, 8
    // are known (every acceptor reports them), a vote constrains 4 and 9, and
    // 5, 6 are gaps; 10, 11 are above every vote.
    const known = (slot: number): Batch => [write(`c${slot}.0`, String.fromCharCode(97 + slot))];
    const common = [0, 1, 2, 3, 7, 8].map((slot) => vote(slot, 1, known(slot)));
    const in4 = [read('c9.0')];
    const in9 = [write('c9.1', 'z')];
    const reports = [[...common, vote(4, 2, in4)], [...common, vote(9, 2, in9)], common];
    const proposals = recoverProposals(reports, 12);
    expect(proposals).toEqual([known(0), known(1), known(2), known(3), in4, [], [], known(7), known(8), in9, null, null]);
  });

  it('a vote only in the highest slot makes every slot below it a no-op', () => {
    const a = [write('c0.0', 'a')];
    expect(recoverProposals([[], [vote(3, 0, a)]], 5)).toEqual([[], [], [], a, null]);
  });

  it('the order of the reports and of the votes within them does not matter (consistent ballots)', () => {
    const a = [write('c0.0', 'a')];
    const b = [read('c1.0')];
    const r1 = [vote(0, 1, a), vote(2, 3, b)];
    const r2 = [vote(2, 1, a), vote(0, 5, b)];
    expect(recoverProposals([r2, r1], 4)).toEqual(recoverProposals([r1, r2], 4));
    expect(recoverProposals([[...r1].reverse(), r2], 4)).toEqual([b, [], b, null]);
  });
});

describe('assignRequests', () => {
  const R0 = write('c0.0', 'w');
  const R1 = write('c1.0', 'x');
  const R2 = write('c2.0', 'y');
  const R3 = write('c3.0', 'z');
  const reqs: Entry[] = [R0, R1, R2, R3];

  it('fills the free slots from 0 in id order, one request per slot', () => {
    const { proposals, filled } = assignRequests([null, null, null], reqs.slice(0, 2), 1);
    expect(proposals).toEqual([[R0], [R1], null]);
    expect(filled).toEqual([0, 1]);
  });

  it('starts after the last proposed slot, not in a gap below it', () => {
    const x = [write('c9.0', 'x')];
    const { proposals, filled } = assignRequests([null, x, null, null], reqs.slice(0, 1), 1);
    expect(proposals).toEqual([null, x, [R0], null]);
    expect(filled).toEqual([2]);
  });

  it('never re-proposes a request already proposed in some slot', () => {
    const prior: (Batch | null)[] = [[R1], [], null, null];
    const { proposals, filled } = assignRequests(prior, reqs.slice(0, 3), 1);
    expect(proposals).toEqual([[R1], [], [R0], [R2]]);
    expect(filled).toEqual([2, 3]);
  });

  it('orders `batch` requests per slot and leaves an incomplete batch waiting', () => {
    const { proposals, filled } = assignRequests([null, null, null], reqs.slice(0, 3), 2);
    expect(proposals).toEqual([[R0, R1], null, null]);
    expect(filled).toEqual([0]);
  });

  it('requests left when the slots run out are not ordered', () => {
    const { proposals, filled } = assignRequests([null, null], reqs, 1);
    expect(proposals).toEqual([[R0], [R1]]);
    expect(filled).toEqual([0, 1]);
  });

  it('returns the same proposals array when nothing is filled', () => {
    const full: Batch[] = [[R0], [R1]];
    expect(assignRequests(full, reqs, 1).proposals).toBe(full);
    expect(assignRequests(full, reqs, 1).filled).toEqual([]);
    const free: null[] = [null, null];
    expect(assignRequests(free, [], 1).proposals).toBe(free);
    expect(assignRequests(free, reqs.slice(0, 1), 2).proposals).toBe(free);
    const all: (Batch | null)[] = [[R0], null];
    expect(assignRequests(all, reqs.slice(0, 1), 1).proposals).toBe(all);
  });

  it('does not modify its input', () => {
    const prior: (Batch | null)[] = [null, null];
    assignRequests(prior, reqs, 1);
    expect(prior).toEqual([null, null]);
  });
});

describe('decidedPrefix', () => {
  it.each<[(Batch | null)[], number]>([
    [[], 0],
    [[null, [read('c0.0')]], 0],
    [[[], null, []], 1],
    [[[read('c0.0')], [], [read('c1.0')]], 3],
    [[[read('c0.0')], [], null, [read('c1.0')]], 2],
  ])('%j has a decided prefix of %i', (log, n) => {
    expect(decidedPrefix(log)).toBe(n);
  });
});

describe('executeLog', () => {
  it('executes the decided prefix in slot order with register results: write → ok, read → last written value', () => {
    const log = [[read('c0.0'), write('c1.0', 'a')], [read('c2.0')], [write('c0.1', 'b'), read('c1.1')]];
    const { executed, results } = executeLog(log, [], opOf);
    expect(executed).toEqual(['c0.0', 'c1.0', 'c2.0', 'c0.1', 'c1.1']);
    expect(results).toEqual([
      { id: 'c0.0', result: null },
      { id: 'c1.0', result: 'ok' },
      { id: 'c2.0', result: 'a' },
      { id: 'c0.1', result: 'ok' },
      { id: 'c1.1', result: 'b' },
    ]);
  });

  it('stops at the first gap; no-ops execute nothing', () => {
    const log = [[write('c0.0', 'a')], [], null, [read('c1.0')]];
    expect(executeLog(log, [], opOf)).toEqual({ executed: ['c0.0'], results: [{ id: 'c0.0', result: 'ok' }] });
  });

  it('executes a request decided in two slots once (the first)', () => {
    const log = [[write('c0.0', 'a')], [write('c1.0', 'b')], [write('c0.0', 'a'), read('c2.0')]];
    const { executed, results } = executeLog(log, [], opOf);
    expect(executed).toEqual(['c0.0', 'c1.0', 'c2.0']);
    expect(results.at(-1)).toEqual({ id: 'c2.0', result: 'b' });
  });

  it('extends the previous executed list, reporting only the new results, computed on the replayed state', () => {
    const log = [[write('c0.0', 'a')], [read('c1.0')], [read('c2.0')]];
    const before = ['c0.0'];
    const { executed, results } = executeLog(log, before, opOf);
    expect(executed).toEqual(['c0.0', 'c1.0', 'c2.0']);
    expect(executed.slice(0, 1)).toEqual(before);
    expect(results).toEqual([
      { id: 'c1.0', result: 'a' },
      { id: 'c2.0', result: 'a' },
    ]);
    expect(before).toEqual(['c0.0']);
  });

  it('stops at an entry whose command is unknown (S-Paxos: the request has not arrived)', () => {
    const known = new Map<string, RegisterOp>([
      ['c0.0', { kind: 'write', value: 'a' }],
      ['c2.0', { kind: 'read' }],
    ]);
    const log = [[{ id: 'c0.0' }], [{ id: 'c1.0' }], [{ id: 'c2.0' }]];
    const { executed, results } = executeLog(log, [], (e) => known.get(e.id));
    expect(executed).toEqual(['c0.0']);
    expect(results).toEqual([{ id: 'c0.0', result: 'ok' }]);
    known.set('c1.0', { kind: 'write', value: 'b' });
    const later = executeLog(log, executed, (e) => known.get(e.id));
    expect(later.executed).toEqual(['c0.0', 'c1.0', 'c2.0']);
    expect(later.results).toEqual([
      { id: 'c1.0', result: 'ok' },
      { id: 'c2.0', result: 'b' },
    ]);
  });

  it('returns the same executed array when nothing new executes', () => {
    const executed = ['c0.0'];
    const log = [[write('c0.0', 'a')], null];
    const r = executeLog(log, executed, opOf);
    expect(r.executed).toBe(executed);
    expect(r.results).toEqual([]);
    const none: string[] = [];
    expect(executeLog([null, [read('c0.0')]], none, opOf).executed).toBe(none);
    expect(executeLog([[{ id: 'c0.0' }]], none, () => undefined).executed).toBe(none);
  });
});

describe('learn', () => {
  const A: Batch = [write('c0.0', 'a')];
  const B: Batch = [read('c1.0')];
  const empty = (slots: number): Learning => ({ log: new Array<Batch | null>(slots).fill(null), tallies: [] });
  const decide = (slot: number, batch: Batch): DecideMsg => ({ type: 'mp.decide', from: 'p0', to: 'r0', slot, batch });
  const accepted = (from: string, ballot: number, slot: number, batch: Batch): AcceptedMsg => ({
    type: 'mp.accepted',
    from,
    to: 'r0',
    ballot,
    slot,
    batch,
  });
  const tally = (slot: number, ballot: number, batch: Batch, acceptors: string[]): Tally => ({ slot, ballot, batch, acceptors });

  it('a Decide sets its slot, whatever the quorum', () => {
    const k = learn(empty(3), decide(1, A), 2);
    expect(k).toEqual({ log: [null, A, null], tallies: [] });
  });

  it('a Decide or 2b for an already decided slot returns the same object, the slot unchanged', () => {
    const k: Learning = { log: [A, null], tallies: [] };
    expect(learn(k, decide(0, B), 1)).toBe(k);
    expect(learn(k, accepted('a0', 5, 0, B), 1)).toBe(k);
  });

  it('a 2b below the decision quorum is tallied per (slot, ballot), not decided', () => {
    let k = learn(empty(2), accepted('a1', 2, 1, A), 2);
    expect(k).toEqual({ log: [null, null], tallies: [tally(1, 2, A, ['a1'])] });
    k = learn(k, accepted('a0', 1, 1, B), 2);
    k = learn(k, accepted('a2', 0, 0, B), 2);
    expect(k.log).toEqual([null, null]);
    expect(k.tallies).toEqual([tally(0, 0, B, ['a2']), tally(1, 1, B, ['a0']), tally(1, 2, A, ['a1'])]);
  });

  it('decisionQuorum distinct acceptors in one (slot, ballot) decide; the slot\'s tallies (all ballots) are dropped', () => {
    let k: Learning = { log: [null, null], tallies: [tally(0, 1, B, ['a2']), tally(0, 2, A, ['a0']), tally(1, 2, A, ['a0'])] };
    k = learn(k, accepted('a0', 2, 0, A), 2);
    expect(k.log).toEqual([null, null]);
    k = learn(k, accepted('a1', 2, 0, A), 2);
    expect(k).toEqual({ log: [A, null], tallies: [tally(1, 2, A, ['a0'])] });
  });

  it('votes of one batch in different ballots do not add up', () => {
    let k = learn(empty(1), accepted('a0', 1, 0, A), 2);
    k = learn(k, accepted('a1', 2, 0, A), 2);
    expect(k.log).toEqual([null]);
    expect(k.tallies).toHaveLength(2);
  });

  it('with decisionQuorum 1 (early-reply) a single 2b decides', () => {
    expect(learn(empty(1), accepted('a0', 0, 0, A), 1)).toEqual({ log: [A], tallies: [] });
  });

  it('two different batches in one (slot, ballot) throw', () => {
    const k = learn(empty(1), accepted('a0', 3, 0, A), 3);
    expect(() => learn(k, accepted('a1', 3, 0, B), 3)).toThrow(/two batches for slot 0 in ballot 3/);
  });

  it('batches are compared by ids (a batch names its commands by id)', () => {
    const k = learn(empty(1), accepted('a0', 3, 0, [{ id: 'c0.0' }]), 2);
    expect(learn(k, accepted('a1', 3, 0, A), 2).log).toEqual([A]);
  });

  it('does not modify its input', () => {
    const k: Learning = { log: [null], tallies: [tally(0, 1, A, ['a0'])] };
    const copy = structuredClone(k);
    learn(k, accepted('a1', 1, 0, A), 2);
    learn(k, accepted('a1', 1, 0, A), 3);
    expect(k).toEqual(copy);
  });
});

describe('recoverProposals: votes outside the log', () => {
  const vote = (slot: number): SlotVote => ({ slot, ballot: 0, batch: [{ id: 'c0.0' }] });

  it('a vote for slot S or above, or below 0, is refused; slot S−1 is the last one taken', () => {
    expect(() => recoverProposals([[vote(2)]], 2)).toThrow(new RangeError('a vote for slot 2 in a log of 2 slots'));
    expect(() => recoverProposals([[], [vote(3)]], 2)).toThrow(new RangeError('a vote for slot 3 in a log of 2 slots'));
    expect(() => recoverProposals([[vote(-1)]], 2)).toThrow(new RangeError('a vote for slot -1 in a log of 2 slots'));
    expect(recoverProposals([[vote(1)]], 2)).toEqual([[], [{ id: 'c0.0' }]]);
    expect(recoverProposals([[vote(0)]], 2)).toEqual([[{ id: 'c0.0' }], null]);
  });
});
