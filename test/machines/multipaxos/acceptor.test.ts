/**
 * Multi-Paxos acceptor machine ("Paxos Made Simple" §3: phase 1 for all slots
 * at once, phase 2 per slot), one pure step at a time.
 */
import { describe, expect, it } from 'vitest';
import { acceptorMachine } from '../../../machines/multipaxos/acceptor.machine.js';
import type { AcceptMsg, Batch, PrepareMsg, SlotVote } from '../../../spec/multipaxos/messages.js';
import type { AcceptorConfig, AcceptorState } from '../../../spec/multipaxos/state.js';
import { restore, start, step, steps } from '../../helpers/machines.js';

function cfg(over: Partial<AcceptorConfig> = {}): AcceptorConfig {
  return { self: 'a1', replicas: ['r0', 'r1'], variant: 'leader', ...over };
}

function state(over: Partial<Omit<AcceptorState, 'cfg'>> = {}, c: AcceptorConfig = cfg()): AcceptorState {
  return { cfg: c, promised: -1, votes: [], ...over };
}

const at = (s: AcceptorState) => restore(acceptorMachine, 'serving', s);

const X: Batch = [{ id: 'c0.0', op: { kind: 'write', value: 'a' } }];
const Y: Batch = [{ id: 'c1.0', op: { kind: 'read' } }];

const prepare = (ballot: number, from = 'p1'): PrepareMsg => ({ type: 'mp.prepare', from, to: 'a1', ballot });
const accept = (ballot: number, slot: number, batch: Batch, from = 'p0'): AcceptMsg => ({ type: 'mp.accept', from, to: 'a1', ballot, slot, batch });
const vote = (slot: number, ballot: number, batch: Batch): SlotVote => ({ slot, ballot, batch });

describe('multipaxos acceptor: start', () => {
  it('starts with promised -1 and no vote, sending nothing', () => {
    const { next, sent } = start(acceptorMachine, cfg());
    expect(next.value).toBe('serving');
    expect(next.context).toEqual(state());
    expect(sent).toEqual([]);
  });
});

describe('multipaxos acceptor: prepare (phase 1b)', () => {
  it('promises ballot 0 from the start (ballot 0 > -1)', () => {
    const { next, sent } = step(acceptorMachine, at(state()), prepare(0, 'p0'));
    expect(next.context.promised).toBe(0);
    expect(sent).toEqual([{ type: 'mp.promise', from: 'a1', to: 'p0', ballot: 0, votes: [] }]);
  });

  it('promises a higher ballot and reports its votes in every slot', () => {
    const votes = [vote(0, 1, X), vote(2, 3, Y), vote(3, 0, [])];
    const { next, sent } = step(acceptorMachine, at(state({ promised: 3, votes })), prepare(5));
    expect(next.context).toEqual(state({ promised: 5, votes }));
    expect(sent).toEqual([{ type: 'mp.promise', from: 'a1', to: 'p1', ballot: 5, votes }]);
  });

  it.each([3, 2, 0])('ignores Prepare(%i) silently when promised = 3', (b) => {
    const s = state({ promised: 3, votes: [vote(0, 3, X)] });
    const { next, sent } = step(acceptorMachine, at(s), prepare(b));
    expect(next.context).toEqual(s);
    expect(sent).toEqual([]);
  });
});

describe('multipaxos acceptor: accept (phase 2b)', () => {
  it('votes in a ballot equal to promised and sends 2b to the leader only (variant leader)', () => {
    const { next, sent } = step(acceptorMachine, at(state({ promised: 2 })), accept(2, 1, X, 'p0'));
    expect(next.context).toEqual(state({ promised: 2, votes: [vote(1, 2, X)] }));
    expect(sent).toEqual([{ type: 'mp.accepted', from: 'a1', to: 'p0', ballot: 2, slot: 1, batch: X }]);
  });

  it('sends 2b to every replica, not the leader (variant all)', () => {
    const c = cfg({ variant: 'all' });
    const { sent } = step(acceptorMachine, at(state({}, c)), accept(0, 0, X, 'p0'));
    expect(sent).toEqual([
      { type: 'mp.accepted', from: 'a1', to: 'r0', ballot: 0, slot: 0, batch: X },
      { type: 'mp.accepted', from: 'a1', to: 'r1', ballot: 0, slot: 0, batch: X },
    ]);
  });

  it('votes in a higher ballot without a prior prepare and raises promised', () => {
    const { next } = step(acceptorMachine, at(state({ promised: 1, votes: [vote(0, 1, X)] })), accept(4, 0, Y, 'p1'));
    expect(next.context).toEqual(state({ promised: 4, votes: [vote(0, 4, Y)] }));
  });

  it('keeps one vote per slot, the latest, sorted by slot', () => {
    const { next } = steps(acceptorMachine, at(state()), [accept(0, 2, X), accept(0, 0, Y), accept(1, 2, Y), accept(1, 1, [])]);
    expect(next.context.votes).toEqual([vote(0, 0, Y), vote(1, 1, []), vote(2, 1, Y)]);
    expect(next.context.promised).toBe(1);
  });

  it('rejects a lower ballot silently', () => {
    const s = state({ promised: 4, votes: [vote(0, 2, X)] });
    const { next, sent } = step(acceptorMachine, at(s), accept(3, 0, Y));
    expect(next.context).toEqual(s);
    expect(sent).toEqual([]);
  });

  it('after promising b it never votes below b, and its next promise reports the vote it kept', () => {
    const { next, sent } = steps(acceptorMachine, at(state()), [accept(0, 0, X, 'p0'), prepare(3), accept(0, 1, Y, 'p0'), prepare(5, 'p0')]);
    expect(next.context).toEqual(state({ promised: 5, votes: [vote(0, 0, X)] }));
    expect(sent.map((m) => m.type)).toEqual(['mp.accepted', 'mp.promise', 'mp.promise']);
    expect(sent.at(-1)).toEqual({ type: 'mp.promise', from: 'a1', to: 'p0', ballot: 5, votes: [vote(0, 0, X)] });
  });

  it('a repeated accept is answered again (the 2b may have been lost)', () => {
    const { next, sent } = steps(acceptorMachine, at(state()), [accept(0, 0, X), accept(0, 0, X)]);
    expect(next.context.votes).toEqual([vote(0, 0, X)]);
    expect(sent).toHaveLength(2);
  });
});
