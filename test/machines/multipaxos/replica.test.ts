/**
 * Multi-Paxos replica machine (learner + register; PMMC's replica), one pure
 * step at a time: learning from Decide and from 2b, executing in slot order,
 * each request once, and replying only when configured to.
 */
import { describe, expect, it } from 'vitest';
import { replicaMachine } from '../../../machines/multipaxos/replica.machine.js';
import type { AcceptedMsg, Batch, DecideMsg, Entry, ReplyMsg } from '../../../spec/multipaxos/messages.js';
import type { ReplicaConfig, ReplicaState } from '../../../spec/multipaxos/state.js';
import { restore, start, step, steps } from '../../helpers/machines.js';

function cfg(over: Partial<ReplicaConfig> = {}): ReplicaConfig {
  return { self: 'r0', slots: 3, decisionQuorum: 2, clients: 'clients', replies: true, ...over };
}

function state(over: Partial<Omit<ReplicaState, 'cfg'>> = {}, c: ReplicaConfig = cfg()): ReplicaState {
  return { cfg: c, log: new Array<Batch | null>(c.slots).fill(null), tallies: [], executed: [], ...over };
}

const at = (s: ReplicaState) => restore(replicaMachine, 'serving', s);

const w = (id: string, value: string): Entry => ({ id, op: { kind: 'write', value } });
const r = (id: string): Entry => ({ id, op: { kind: 'read' } });
const decide = (slot: number, batch: Batch): DecideMsg => ({ type: 'mp.decide', from: 'p0', to: 'r0', slot, batch });
const accepted = (from: string, ballot: number, slot: number, batch: Batch): AcceptedMsg => ({ type: 'mp.accepted', from, to: 'r0', ballot, slot, batch });
const reply = (id: string, result: string | null): ReplyMsg => ({ type: 'mp.reply', from: 'r0', to: 'clients', id, result });

describe('multipaxos replica', () => {
  it('starts with an empty log, nothing executed, sending nothing', () => {
    const { next, sent } = start(replicaMachine, cfg());
    expect(next.value).toBe('serving');
    expect(next.context).toEqual(state());
    expect(sent).toEqual([]);
  });

  it('executes a decided slot 0 at once and replies to the clients', () => {
    const { next, sent } = step(replicaMachine, at(state()), decide(0, [w('c0.0', 'a'), r('c1.0')]));
    expect(next.context.log).toEqual([[w('c0.0', 'a'), r('c1.0')], null, null]);
    expect(next.context.executed).toEqual(['c0.0', 'c1.0']);
    expect(sent).toEqual([reply('c0.0', 'ok'), reply('c1.0', 'a')]);
  });

  it('waits for the gap: executes in slot order once the earlier slot is decided', () => {
    const one = step(replicaMachine, at(state()), decide(1, [r('c1.0')]));
    expect(one.next.context.log).toEqual([null, [r('c1.0')], null]);
    expect(one.next.context.executed).toEqual([]);
    expect(one.sent).toEqual([]);
    const two = step(replicaMachine, one.next, decide(0, [w('c0.0', 'a')]));
    expect(two.next.context.executed).toEqual(['c0.0', 'c1.0']);
    expect(two.sent).toEqual([reply('c0.0', 'ok'), reply('c1.0', 'a')]);
  });

  it('a no-op executes nothing; a read before any write returns null', () => {
    const { next, sent } = steps(replicaMachine, at(state()), [decide(0, []), decide(1, [r('c0.0')])]);
    expect(next.context.executed).toEqual(['c0.0']);
    expect(sent).toEqual([reply('c0.0', null)]);
  });

  it('a request decided in two slots is executed and answered once', () => {
    const { next, sent } = steps(replicaMachine, at(state()), [decide(0, [w('c0.0', 'a')]), decide(1, [r('c1.0')]), decide(2, [w('c0.0', 'a')])]);
    expect(next.context.executed).toEqual(['c0.0', 'c1.0']);
    expect(sent).toEqual([reply('c0.0', 'ok'), reply('c1.0', 'a')]);
  });

  it('ignores a Decide or 2b for a slot already decided', () => {
    const s = state({ log: [[w('c0.0', 'a')], null, null], executed: ['c0.0'] });
    const snap = at(s);
    expect(snap.can(decide(0, [r('c1.0')]))).toBe(false);
    const { next, sent } = steps(replicaMachine, snap, [decide(0, [r('c1.0')]), accepted('a0', 4, 0, [r('c1.0')]), accepted('a1', 4, 0, [r('c1.0')])]);
    expect(next.context).toEqual(s);
    expect(sent).toEqual([]);
  });

  it('executes but does not reply when cfg.replies is false', () => {
    const { next, sent } = step(replicaMachine, at(state({}, cfg({ replies: false }))), decide(0, [w('c0.0', 'a')]));
    expect(next.context.executed).toEqual(['c0.0']);
    expect(sent).toEqual([]);
  });

  it('2b to all: tallies 2b until a quorum in one ballot, then decides, executes and replies', () => {
    const X = [w('c0.0', 'a')];
    const one = step(replicaMachine, at(state()), accepted('a2', 1, 0, X));
    expect(one.next.context.tallies).toEqual([{ slot: 0, ballot: 1, batch: X, acceptors: ['a2'] }]);
    expect(one.sent).toEqual([]);
    const other = step(replicaMachine, one.next, accepted('a0', 2, 0, X));
    expect(other.next.context.log[0]).toBeNull();
    const two = step(replicaMachine, other.next, accepted('a0', 1, 0, X));
    expect(two.next.context).toEqual(state({ log: [X, null, null], executed: ['c0.0'] }));
    expect(two.sent).toEqual([reply('c0.0', 'ok')]);
  });

  it('with decisionQuorum 1 (early-reply) a single 2b is executed and answered', () => {
    const { next, sent } = step(replicaMachine, at(state({}, cfg({ decisionQuorum: 1 }))), accepted('a1', 0, 0, [w('c0.0', 'a')]));
    expect(next.context.executed).toEqual(['c0.0']);
    expect(sent).toEqual([reply('c0.0', 'ok')]);
  });
});
