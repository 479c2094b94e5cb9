/**
 * Synod acceptor machine: phases 1b and 2b of `shared/benchmarks/synod.md`
 * (step 2, "acceptor gets Prepare" / "acceptor gets Accept"), one pure step at a time.
 */
import { describe, expect, it } from 'vitest';
import type { EventFromLogic } from 'xstate';
import { acceptorMachine } from '../../../machines/synod/acceptor.machine.js';
import { synodMachines } from '../../../machines/synod/bugs.js';
import type { SynodBug } from '../../../spec/synod/bugs.js';
import type { Accept, Prepare } from '../../../spec/synod/messages.js';
import type { AcceptorConfig, AcceptorState } from '../../../spec/synod/state.js';
import { restore, start, step, steps } from '../../helpers/machines.js';

function cfg(over: Partial<AcceptorConfig> = {}): AcceptorConfig {
  return { self: 'a1', learners: ['l0'], ...over };
}

function state(over: Partial<Omit<AcceptorState, 'cfg'>> = {}, c: AcceptorConfig = cfg()): AcceptorState {
  return { cfg: c, promised: 0, votedBallot: 0, votedValue: null, ...over };
}

const at = (s: AcceptorState) => restore(acceptorMachine, 'serving', s);

function prepare(ballot: number, from = 'p0'): Prepare {
  return { type: 'synod.prepare', from, to: 'a1', ballot };
}

function accept(ballot: number, value: string, from = 'p0'): Accept {
  return { type: 'synod.accept', from, to: 'a1', ballot, value };
}

describe('synod acceptor: start', () => {
  it('starts with promised 0 and no vote, sending nothing', () => {
    const { next, sent } = start(acceptorMachine, cfg());
    expect(next.value).toBe('serving');
    expect(next.context).toEqual(state());
    expect(sent).toEqual([]);
  });
});

describe('synod acceptor: Prepare (phase 1b)', () => {
  it('promises a ballot above `promised` and answers the sender with Promise(b, none)', () => {
    const { next, sent } = step(acceptorMachine, at(state({ promised: 2 })), prepare(3, 'p1'));
    expect(next.context).toEqual(state({ promised: 3 }));
    expect(sent).toEqual([{ type: 'synod.promise', from: 'a1', to: 'p1', ballot: 3, votedBallot: 0, votedValue: null }]);
  });

  it('reports its last vote in the promise', () => {
    const s = state({ promised: 4, votedBallot: 2, votedValue: 'v1' });
    const { next, sent } = step(acceptorMachine, at(s), prepare(7));
    expect(next.context).toEqual({ ...s, promised: 7 });
    expect(sent).toEqual([{ type: 'synod.promise', from: 'a1', to: 'p0', ballot: 7, votedBallot: 2, votedValue: 'v1' }]);
  });

  it.each([3, 2, 0])('ignores Prepare(%i) when promised = 3 (b > promised is required)', (b) => {
    const s = state({ promised: 3, votedBallot: 1, votedValue: 'v0' });
    const { next, sent } = step(acceptorMachine, at(s), prepare(b));
    expect(next.context).toEqual(s);
    expect(sent).toEqual([]);
  });

  it('answers the same Prepare only once', () => {
    const { next, sent } = steps(acceptorMachine, at(state()), [prepare(1), prepare(1)]);
    expect(next.context.promised).toBe(1);
    expect(sent).toHaveLength(1);
  });
});

describe('synod acceptor: Accept (phase 2b)', () => {
  it('votes in a ballot equal to `promised` and tells every learner', () => {
    const c = cfg({ learners: ['l0', 'l1'] });
    const { next, sent } = step(acceptorMachine, at(state({ promised: 3 }, c)), accept(3, 'v0'));
    expect(next.context).toEqual(state({ promised: 3, votedBallot: 3, votedValue: 'v0' }, c));
    expect(sent).toEqual([
      { type: 'synod.accepted', from: 'a1', to: 'l0', ballot: 3, value: 'v0' },
      { type: 'synod.accepted', from: 'a1', to: 'l1', ballot: 3, value: 'v0' },
    ]);
  });

  it('votes in a ballot above `promised` without a prior Prepare and raises `promised`', () => {
    const { next, sent } = step(acceptorMachine, at(state({ promised: 1, votedBallot: 1, votedValue: 'v0' })), accept(4, 'v1', 'p1'));
    expect(next.context).toEqual(state({ promised: 4, votedBallot: 4, votedValue: 'v1' }));
    expect(sent).toEqual([{ type: 'synod.accepted', from: 'a1', to: 'l0', ballot: 4, value: 'v1' }]);
  });

  it('ignores an Accept below `promised`', () => {
    const s = state({ promised: 4, votedBallot: 2, votedValue: 'v1' });
    const { next, sent } = step(acceptorMachine, at(s), accept(3, 'v0'));
    expect(next.context).toEqual(s);
    expect(sent).toEqual([]);
  });

  it('after promising b, refuses to vote in any lower ballot (the safety duty)', () => {
    const { next, sent } = steps(acceptorMachine, at(state()), [prepare(5), accept(4, 'v0'), accept(2, 'v1')]);
    expect(next.context).toEqual(state({ promised: 5 }));
    expect(sent.map((m) => m.type)).toEqual(['synod.promise']);
  });

  it('sends nothing when it has no learner', () => {
    const { next, sent } = step(acceptorMachine, at(state({}, cfg({ learners: [] }))), accept(1, 'v0'));
    expect(next.context.votedBallot).toBe(1);
    expect(sent).toEqual([]);
  });
});

/** The same events on an acceptor with bug `bug`: end context (without cfg) and messages sent. */
function runWith(bug: SynodBug | null, events: readonly EventFromLogic<typeof acceptorMachine>[], from: AcceptorState = state()) {
  const machine = synodMachines(bug).acceptor;
  const r = steps(machine, restore(machine, 'serving', from), events);
  return { context: { ...r.next.context, cfg: null }, sent: r.sent };
}

describe('synod acceptor: bug variants', () => {
  it('forgetful-acceptor: answers a Prepare exactly as the correct acceptor but does not raise `promised`', () => {
    const good = runWith(null, [prepare(3)], state({ promised: 1 }));
    const bad = runWith('forgetful-acceptor', [prepare(3)], state({ promised: 1 }));
    expect(bad.sent).toEqual(good.sent);
    expect(good.context.promised).toBe(3);
    expect(bad.context.promised).toBe(1);
  });

  it('forgetful-acceptor: consequently votes in a ballot below one it promised', () => {
    const bad = runWith('forgetful-acceptor', [prepare(5), accept(2, 'v1')]);
    expect(bad.context).toMatchObject({ votedBallot: 2, votedValue: 'v1' });
    expect(bad.sent.map((m) => m.type)).toEqual(['synod.promise', 'synod.accepted']);
    const good = runWith(null, [prepare(5), accept(2, 'v1')]);
    expect(good.context).toMatchObject({ promised: 5, votedBallot: 0 });
  });

  it('forgetful-acceptor: an Accept still raises `promised`, and Prepare(b <= promised) is still ignored', () => {
    const events = [accept(4, 'v0'), prepare(4), prepare(2), accept(3, 'v1')];
    const bad = runWith('forgetful-acceptor', events);
    expect(bad).toEqual(runWith(null, events));
    expect(bad.context).toMatchObject({ promised: 4, votedBallot: 4, votedValue: 'v0' });
  });

  it.each(['own-value', 'minority-quorum'] as const)('%s does not change the acceptor', (bug) => {
    const events = [prepare(2), prepare(1), accept(1, 'v0'), accept(2, 'v1'), prepare(4), accept(3, 'v0'), accept(4, 'v0')];
    const bad = runWith(bug, events);
    expect(bad).toEqual(runWith(null, events));
    expect(bad.sent.map((m) => m.type)).toEqual(['synod.promise', 'synod.accepted', 'synod.promise', 'synod.accepted']);
  });
});
