/**
 * Synod proposer machine: phases 1a and 2a of `shared/benchmarks/synod.md`
 * (steps 1 and 2, "proposer gets Promise"), checked one pure step at a time.
 */
import { describe, expect, it } from 'vitest';
import type { EventFromLogic } from 'xstate';
import { synodMachines } from '../../../machines/synod/bugs.js';
import { proposerMachine } from '../../../machines/synod/proposer.machine.js';
import type { SynodBug } from '../../../spec/synod/bugs.js';
import type { PromiseMsg, SynodMessage } from '../../../spec/synod/messages.js';
import { quorumSize } from '../../../spec/synod/safe-value.js';
import type { ProposerConfig, ProposerState, PromiseRecord } from '../../../spec/synod/state.js';
import { restore, start, step, steps } from '../../helpers/machines.js';

const ACCEPTORS = ['a0', 'a1', 'a2'];
const TIMEOUT = { type: 'TIMEOUT' } as const;

function cfg(over: Partial<ProposerConfig> = {}): ProposerConfig {
  return { self: 'p1', index: 1, proposers: 3, acceptors: ACCEPTORS, rounds: 2, quorum: 2, value: 'v1', ...over };
}

function state(over: Partial<Omit<ProposerState, 'cfg'>> = {}, c: ProposerConfig = cfg()): ProposerState {
  return { cfg: c, round: 0, promises: [], proposal: null, ...over };
}

function promise(from: string, ballot: number, votedBallot = 0, votedValue: string | null = null, to = 'p1'): PromiseMsg {
  return { type: 'synod.promise', from, to, ballot, votedBallot, votedValue };
}

function rec(acceptor: string, votedBallot = 0, votedValue: string | null = null): PromiseRecord {
  return { acceptor, votedBallot, votedValue };
}

/** A snapshot in `phase` with context `s`. */
function at(phase: 'idle' | 'preparing' | 'accepting', s: ProposerState) {
  return restore(proposerMachine, phase, s);
}

describe('synod proposer: start', () => {
  it('starts idle in round 0 with no promises and no proposal, sending nothing', () => {
    const { next, sent } = start(proposerMachine, cfg());
    expect(next.value).toBe('idle');
    expect(next.context).toEqual(state());
    expect(sent).toEqual([]);
  });
});

describe('synod proposer: Timeout (step 1)', () => {
  it('starts round 1 with ballot (k-1)*P+i+1 and sends Prepare to every acceptor', () => {
    const { next: s0 } = start(proposerMachine, cfg());
    const { next, sent } = step(proposerMachine, s0, TIMEOUT);
    expect(next.value).toBe('preparing');
    expect(next.context).toEqual(state({ round: 1 }));
    // p1 of 3 proposers, round 1: (1-1)*3 + 1 + 1 = 2.
    expect(sent).toEqual(ACCEPTORS.map((to) => ({ type: 'synod.prepare', from: 'p1', to, ballot: 2 })));
  });

  it.each([
    { index: 0, proposers: 1, round: 1, ballot: 1 },
    { index: 0, proposers: 2, round: 2, ballot: 3 },
    { index: 1, proposers: 2, round: 2, ballot: 4 },
    { index: 2, proposers: 3, round: 3, ballot: 9 },
    { index: 0, proposers: 3, round: 4, ballot: 10 },
  ])('proposer $index of $proposers in round $round uses ballot $ballot', ({ index, proposers, round, ballot }) => {
    const c = cfg({ self: `p${index}`, index, proposers, rounds: 5 });
    const { next, sent } = step(proposerMachine, at('idle', state({ round: round - 1 }, c)), TIMEOUT);
    expect(next.context.round).toBe(round);
    expect(sent.map((m) => m.type === 'synod.prepare' && m.ballot)).toEqual([ballot, ballot, ballot]);
    expect(sent.map((m) => m.from)).toEqual([`p${index}`, `p${index}`, `p${index}`]);
  });

  it('sends to exactly the configured acceptors, in their order', () => {
    const c = cfg({ acceptors: ['a4', 'a0'] });
    const { sent } = step(proposerMachine, at('idle', state({}, c)), TIMEOUT);
    expect(sent.map((m) => m.to)).toEqual(['a4', 'a0']);
  });

  it('times out in any phase: from accepting it resets promises and proposal and moves to the next round', () => {
    const s = state({ round: 1, promises: [rec('a0'), rec('a1')], proposal: 'v1' });
    const { next, sent } = step(proposerMachine, at('accepting', s), TIMEOUT);
    expect(next.value).toBe('preparing');
    expect(next.context).toEqual(state({ round: 2 }));
    expect(sent).toHaveLength(3);
    expect(sent.every((m) => m.type === 'synod.prepare' && m.ballot === 5)).toBe(true);
  });

  it('times out while preparing: the promises of the old ballot are discarded', () => {
    const s = state({ round: 1, promises: [rec('a2')] });
    const { next } = step(proposerMachine, at('preparing', s), TIMEOUT);
    expect(next.value).toBe('preparing');
    expect(next.context).toEqual(state({ round: 2 }));
  });

  it('has no Timeout once round = R, in any phase', () => {
    for (const phase of ['idle', 'preparing', 'accepting'] as const) {
      const s = at(phase, state({ round: 2, proposal: phase === 'accepting' ? 'v1' : null }));
      expect(s.can(TIMEOUT)).toBe(false);
      const { next, sent } = step(proposerMachine, s, TIMEOUT);
      expect(next.value).toBe(phase);
      expect(next.context).toEqual(s.context);
      expect(sent).toEqual([]);
    }
  });

  it('offers Timeout while round < R', () => {
    expect(at('idle', state()).can(TIMEOUT)).toBe(true);
    expect(at('accepting', state({ round: 1, proposal: 'v1' })).can(TIMEOUT)).toBe(true);
  });

  it('can run exactly R rounds from the start', () => {
    const { next: s0 } = start(proposerMachine, cfg({ rounds: 3 }));
    const { next, sent } = steps(proposerMachine, s0, [TIMEOUT, TIMEOUT, TIMEOUT, TIMEOUT]);
    expect(next.context.round).toBe(3);
    expect(sent.map((m) => m.type === 'synod.prepare' && m.ballot)).toEqual([2, 2, 2, 5, 5, 5, 8, 8, 8]);
  });
});

describe('synod proposer: Promise (step 2)', () => {
  const round1 = state({ round: 1 }); // ballot 2

  it('records a promise for the current ballot and waits for a quorum', () => {
    const { next, sent } = step(proposerMachine, at('preparing', round1), promise('a1', 2));
    expect(next.value).toBe('preparing');
    expect(next.context).toEqual(state({ round: 1, promises: [rec('a1')] }));
    expect(sent).toEqual([]);
  });

  it('ignores a promise for a stale ballot (an earlier round of its own)', () => {
    const s = state({ round: 2, promises: [rec('a0')] }); // ballot 5
    const { next, sent } = step(proposerMachine, at('preparing', s), promise('a1', 2));
    expect(next.value).toBe('preparing');
    expect(next.context).toEqual(s);
    expect(sent).toEqual([]);
  });

  it("ignores a promise for another proposer's ballot, higher or lower", () => {
    for (const b of [1, 3, 4, 0]) {
      const s = state({ round: 1, promises: [rec('a0')] });
      const { next, sent } = step(proposerMachine, at('preparing', s), promise('a1', b));
      expect(next.context).toEqual(s);
      expect(next.value).toBe('preparing');
      expect(sent).toEqual([]);
    }
  });

  it('ignores promises when idle or accepting, even for the current ballot', () => {
    const accepting = state({ round: 1, promises: [rec('a0'), rec('a1')], proposal: 'v1' });
    for (const [phase, s] of [['accepting', accepting], ['idle', state()]] as const) {
      const { next, sent } = step(proposerMachine, at(phase, s), promise('a2', phase === 'idle' ? 0 : 2));
      expect(next.value).toBe(phase);
      expect(next.context).toEqual(s);
      expect(sent).toEqual([]);
    }
  });

  it('on a quorum of promises with no votes: proposes its own value and sends Accept to every acceptor', () => {
    const { next, sent } = steps(proposerMachine, at('preparing', round1), [promise('a2', 2), promise('a0', 2)]);
    expect(next.value).toBe('accepting');
    expect(next.context).toEqual(state({ round: 1, promises: [rec('a0'), rec('a2')], proposal: 'v1' }));
    expect(sent).toEqual(ACCEPTORS.map((to) => ({ type: 'synod.accept', from: 'p1', to, ballot: 2, value: 'v1' })));
  });

  it('on a quorum reporting votes: proposes the value of the highest votedBallot', () => {
    const c = cfg({ quorum: 3 });
    const s = at('preparing', state({ round: 2 }, c)); // ballot 5
    const { next, sent } = steps(proposerMachine, s, [promise('a0', 5, 1, 'v0'), promise('a1', 5, 4, 'v0'), promise('a2', 5, 3, 'v2')]);
    expect(next.value).toBe('accepting');
    expect(next.context.proposal).toBe('v0');
    expect(sent).toEqual(ACCEPTORS.map((to) => ({ type: 'synod.accept', from: 'p1', to, ballot: 5, value: 'v0' })));
  });

  it('a vote reported by a single promise of the quorum is enough to bind the value', () => {
    const { next, sent } = steps(proposerMachine, at('preparing', round1), [promise('a0', 2), promise('a1', 2, 1, 'v0')]);
    expect(next.context.proposal).toBe('v0');
    expect(sent.every((m) => m.type === 'synod.accept' && m.value === 'v0')).toBe(true);
  });

  it('counts the same promise twice only once (promises are a set)', () => {
    const { next, sent } = steps(proposerMachine, at('preparing', round1), [promise('a1', 2), promise('a1', 2)]);
    expect(next.value).toBe('preparing');
    expect(next.context.promises).toEqual([rec('a1')]);
    expect(sent).toEqual([]);
  });

  it('keeps promises sorted by acceptor whatever the arrival order', () => {
    const c = cfg({ quorum: 3 });
    const a = steps(proposerMachine, at('preparing', state({ round: 1 }, c)), [promise('a2', 2), promise('a0', 2)]);
    const b = steps(proposerMachine, at('preparing', state({ round: 1 }, c)), [promise('a0', 2), promise('a2', 2)]);
    expect(a.next.context).toEqual(b.next.context);
    expect(a.next.context.promises.map((p) => p.acceptor)).toEqual(['a0', 'a2']);
  });

  it('NOTE (benchmark semantics): a set of (acceptor, votedBallot, votedValue), so one acceptor reporting two different votes counts twice', () => {
    // Unreachable with correct acceptors (each promises a ballot once), reachable with `forgetful-acceptor`.
    const { next } = steps(proposerMachine, at('preparing', round1), [promise('a0', 2), promise('a0', 2, 1, 'v0')]);
    expect(next.value).toBe('accepting');
    expect(next.context.promises).toEqual([rec('a0'), rec('a0', 1, 'v0')]);
  });
});

/** Runs `events` from `s` on a proposer with bug `bug`, and returns the end state and what it sent. */
function runWith(bug: SynodBug | null, s: ProposerState, phase: 'idle' | 'preparing' | 'accepting', events: readonly EventFromLogic<typeof proposerMachine>[]) {
  const machine = synodMachines(bug).proposer;
  const r = steps<typeof proposerMachine, SynodMessage>(machine, restore(machine, phase, s), events);
  return { value: r.next.value, context: { ...r.next.context, cfg: null }, sent: r.sent };
}

describe('synod proposer: bug variants', () => {
  const voted = [promise('a0', 2, 1, 'v0'), promise('a1', 2)];

  it('own-value: proposes its own value although a promise reports a vote', () => {
    const good = runWith(null, state({ round: 1 }), 'preparing', voted);
    const bad = runWith('own-value', state({ round: 1 }), 'preparing', voted);
    expect(good.context.proposal).toBe('v0');
    expect(bad.context.proposal).toBe('v1');
    expect(bad.sent.map((m) => m.type === 'synod.accept' && m.value)).toEqual(['v1', 'v1', 'v1']);
    // Everything else is unchanged: same phase, promises, ballot and recipients.
    expect(bad.value).toBe(good.value);
    expect(bad.context.promises).toEqual(good.context.promises);
    expect(bad.sent.map((m) => ({ ...m, value: null }))).toEqual(good.sent.map((m) => ({ ...m, value: null })));
  });

  it('own-value: without reported votes it behaves exactly as the correct proposer', () => {
    const events = [TIMEOUT, promise('a2', 2), promise('a2', 2), promise('a0', 2), promise('a1', 2), TIMEOUT, promise('a1', 2)];
    expect(runWith('own-value', state(), 'idle', events)).toEqual(runWith(null, state(), 'idle', events));
  });

  it('forgetful-acceptor does not change the proposer, even when promises report votes', () => {
    const events = [TIMEOUT, promise('a0', 2, 1, 'v0'), promise('a1', 2), TIMEOUT, promise('a1', 5, 2, 'v0')];
    expect(runWith('forgetful-acceptor', state(), 'idle', events)).toEqual(runWith(null, state(), 'idle', events));
  });

  it('minority-quorum: with quorumSize(3, minority-quorum) = 1 a single promise completes phase 1', () => {
    const minority = cfg({ quorum: quorumSize(3, 'minority-quorum') });
    const majority = cfg({ quorum: quorumSize(3) });
    expect([minority.quorum, majority.quorum]).toEqual([1, 2]);
    const bad = step(proposerMachine, at('preparing', state({ round: 1 }, minority)), promise('a0', 2, 1, 'v0'));
    const good = step(proposerMachine, at('preparing', state({ round: 1 }, majority)), promise('a0', 2, 1, 'v0'));
    expect(bad.next.value).toBe('accepting');
    expect(good.next.value).toBe('preparing');
    // The safe-value rule itself still applies under minority-quorum.
    expect(bad.next.context.proposal).toBe('v0');
    expect(bad.sent).toHaveLength(3);
  });
});
