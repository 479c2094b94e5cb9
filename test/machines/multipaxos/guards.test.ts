/**
 * Boundaries of the Multi-Paxos machines' guards, one pure step at a time:
 * the last round a proposer may lead (round < R), the quorum of promises
 * (exactly Q), the decision quorum of 2b (exactly Q, and no more once
 * reached), a 2b for a slot the leader has no proposal in, the acceptor's
 * ballot comparisons, and a replica's open slots. The expected steps follow
 * "Paxos Made Simple" §2-3 and the state documented in spec/multipaxos/state.ts.
 */
import { describe, expect, it } from 'vitest';
import { acceptorMachine } from '../../../machines/multipaxos/acceptor.machine.js';
import { proposerMachine } from '../../../machines/multipaxos/proposer.machine.js';
import { replicaMachine } from '../../../machines/multipaxos/replica.machine.js';
import type { AcceptedMsg, Batch, Entry, MultiPaxosMessage, PromiseMsg } from '../../../spec/multipaxos/messages.js';
import type { AcceptorState, ProposerConfig, ProposerState, ReplicaState } from '../../../spec/multipaxos/state.js';
import { restore, step, steps } from '../../helpers/machines.js';

const X: Batch = [{ id: 'c0.0', op: { kind: 'write', value: 'a' } } as Entry];
const ACCEPTORS = ['a0', 'a1', 'a2', 'a3', 'a4'];

function cfg(over: Partial<ProposerConfig> = {}): ProposerConfig {
  return { self: 'p1', index: 1, proposers: 2, acceptors: ACCEPTORS, replicas: ['r0'], quorum: 3, decisionQuorum: 3, slots: 2, rounds: 3, batch: 1, variant: 'leader', initialLeader: false, ...over };
}
function state(over: Partial<Omit<ProposerState, 'cfg'>> = {}, c: ProposerConfig = cfg()): ProposerState {
  return { cfg: c, round: 0, promises: [], requests: [], proposals: new Array<Batch | null>(c.slots).fill(null), votes: new Array<readonly string[]>(c.slots).fill([]), ...over };
}
const promise = (from: string, ballot: number): PromiseMsg => ({ type: 'mp.promise', from, to: 'p1', ballot, votes: [] });
const accepted = (from: string, ballot: number, slot: number): AcceptedMsg => ({ type: 'mp.accepted', from, to: 'p1', ballot, slot, batch: X });
const TIMEOUT = { type: 'TIMEOUT' } as const;

describe('proposer: rounds', () => {
  it('round R−1 may still time out (into round R, ballot (R−1)·P+i); round R may not', () => {
    const t = step(proposerMachine, restore(proposerMachine, 'idle', state({ round: 2 })), TIMEOUT);
    expect(t.next.context.round).toBe(3);
    expect(t.sent.map((m) => [m.type, (m as { ballot: number }).ballot])).toEqual(ACCEPTORS.map(() => ['mp.prepare', 5]));
    const none = step(proposerMachine, restore(proposerMachine, 'idle', state({ round: 3 })), TIMEOUT);
    expect(none.next.context.round).toBe(3);
    expect(none.sent).toEqual([]);
  });
});

describe('proposer: the promise quorum', () => {
  it('with Q = 3 of 5, two promises wait and the third leads', () => {
    const snap = restore(proposerMachine, 'preparing', state({ round: 1 }));
    const two = steps(proposerMachine, snap, [promise('a4', 1), promise('a0', 1)]);
    expect(two.next.value).toBe('preparing');
    expect(two.next.context.promises.map((p) => p.acceptor)).toEqual(['a0', 'a4']);
    const three = step(proposerMachine, two.next, promise('a2', 1));
    expect(three.next.value).toBe('leading');
  });
});

describe('proposer: the decision quorum', () => {
  const leading = () => restore(proposerMachine, 'leading', state({ round: 1, requests: [...X], proposals: [X, null] }));

  it('a 2b delivered twice (a real network duplicates) counts once: two copies from a1 and one from a3 are two votes of Q = 3', () => {
    const r = steps(proposerMachine, leading(), [accepted('a1', 1, 0), accepted('a1', 1, 0), accepted('a3', 1, 0)]);
    expect(r.sent).toEqual([]);
    expect(r.next.context.votes).toEqual([['a1', 'a3'], []]);
  });

  it('with Q = 3, the third 2b decides, not the second; a fourth sends nothing and is not counted', () => {
    const two = steps(proposerMachine, leading(), [accepted('a3', 1, 0), accepted('a1', 1, 0)]);
    expect(two.sent).toEqual([]);
    expect(two.next.context.votes).toEqual([['a1', 'a3'], []]);
    const three = step(proposerMachine, two.next, accepted('a4', 1, 0));
    expect(three.sent).toEqual([{ type: 'mp.decide', from: 'p1', to: 'r0', slot: 0, batch: X }]);
    const four = step(proposerMachine, three.next, accepted('a0', 1, 0));
    expect(four.sent).toEqual([]);
    expect(four.next.context.votes).toEqual([['a1', 'a3', 'a4'], []]);
  });

  it('the votes of one slot do not count for another', () => {
    const { sent, next } = steps(proposerMachine, leading(), [accepted('a0', 1, 0), accepted('a1', 1, 1), accepted('a2', 1, 0)]);
    expect(sent).toEqual([]);
    expect(next.context.votes).toEqual([['a0', 'a2'], ['a1']]);
  });

  it('a 2b for a slot beyond its log changes nothing and sends nothing', () => {
    const snap = leading();
    const { next, sent } = steps(proposerMachine, snap, [accepted('a0', 1, 5), accepted('a1', 1, 5)]);
    expect(next.context).toEqual(snap.context);
    expect(sent).toEqual([]);
  });
});

describe('acceptor: ballot comparisons', () => {
  const acceptor = (promised: number): AcceptorState => ({ cfg: { self: 'a0', replicas: ['r0'], variant: 'leader' }, promised, votes: [] });
  const msg = (type: 'mp.prepare' | 'mp.accept', ballot: number): MultiPaxosMessage =>
    type === 'mp.prepare' ? { type, from: 'p1', to: 'a0', ballot } : { type, from: 'p1', to: 'a0', ballot, slot: 0, batch: X };

  it('promises only above promised; votes at or above it', () => {
    expect(step(acceptorMachine, restore(acceptorMachine, 'serving', acceptor(3)), msg('mp.prepare', 3)).sent).toEqual([]);
    expect(step(acceptorMachine, restore(acceptorMachine, 'serving', acceptor(3)), msg('mp.prepare', 4)).next.context.promised).toBe(4);
    expect(step(acceptorMachine, restore(acceptorMachine, 'serving', acceptor(3)), msg('mp.accept', 2)).sent).toEqual([]);
    expect(step(acceptorMachine, restore(acceptorMachine, 'serving', acceptor(3)), msg('mp.accept', 3)).sent).toHaveLength(1);
  });
});

describe('replica: open slots', () => {
  const replica = (log: (Batch | null)[]): ReplicaState => ({ cfg: { self: 'r0', slots: 2, decisionQuorum: 2, clients: 'clients', replies: true }, log, tallies: [], executed: [] });

  it('a Decide fills an open slot only; a decided one, a no-op too, stays', () => {
    const d = (slot: number): MultiPaxosMessage => ({ type: 'mp.decide', from: 'p0', to: 'r0', slot, batch: X });
    expect(step(replicaMachine, restore(replicaMachine, 'serving', replica([[], null])), d(1)).next.context.log).toEqual([[], X]);
    const kept = step(replicaMachine, restore(replicaMachine, 'serving', replica([[], null])), d(0));
    expect(kept.next.context.log).toEqual([[], null]);
    expect(kept.sent).toEqual([]);
  });
});

describe('proposer: the no-recovery bug variant (machines/multipaxos/bugs.ts)', () => {
  it('a new leader forgets what it proposed before and the votes its promises report: every slot starts empty', async () => {
    const { multipaxosProposer } = await import('../../../machines/multipaxos/bugs.js');
    const buggy = multipaxosProposer('no-recovery');
    const Y: Batch = [{ id: 'c1.0', op: { kind: 'write', value: 'b' } } as Entry];
    const voted = (from: string): PromiseMsg => ({ type: 'mp.promise', from, to: 'p1', ballot: 1, votes: [{ slot: 0, ballot: 0, batch: Y }] });
    const before = restore(buggy, 'preparing', state({ round: 1, proposals: [X, null] }));
    const r = steps(buggy, before, [voted('a0'), voted('a1'), voted('a2')]);
    expect(r.next.value).toBe('leading');
    expect(r.next.context.proposals).toEqual([null, null]);
    // The production proposer keeps the reported vote (Paxos Made Simple §2.2).
    const fixed = steps(proposerMachine, restore(proposerMachine, 'preparing', state({ round: 1, proposals: [X, null] })), [voted('a0'), voted('a1'), voted('a2')]);
    expect(fixed.next.context.proposals).toEqual([Y, null]);
  });
});
