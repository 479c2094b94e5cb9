/**
 * Multi-Paxos proposer machine ("Paxos Made Simple" §3; PMMC's leader), one
 * pure step at a time: the initial leader, requests, TIMEOUT and phase 1,
 * recovery of reported votes, 2b counting, and the bug variants.
 */
import { describe, expect, it } from 'vitest';
import { MULTIPAXOS_BUG_PROPOSERS } from '../../../machines/multipaxos/bugs.js';
import { proposerMachine } from '../../../machines/multipaxos/proposer.machine.js';
import { multipaxosSystem } from '../../../machines/multipaxos/system.js';
import type { AcceptedMsg, AcceptMsg, Batch, Entry, MultiPaxosMessage, PromiseMsg, RequestMsg, SlotVote } from '../../../spec/multipaxos/messages.js';
import type { ProposerConfig, ProposerState } from '../../../spec/multipaxos/state.js';
import { restore, start, step, steps } from '../../helpers/machines.js';

const ACCEPTORS = ['a0', 'a1', 'a2'];
const REPLICAS = ['r0', 'r1'];
const TIMEOUT = { type: 'TIMEOUT' } as const;

function cfg(over: Partial<ProposerConfig> = {}): ProposerConfig {
  return {
    self: 'p0',
    index: 0,
    proposers: 2,
    acceptors: ACCEPTORS,
    replicas: REPLICAS,
    quorum: 2,
    decisionQuorum: 2,
    slots: 3,
    rounds: 2,
    batch: 1,
    variant: 'leader',
    initialLeader: true,
    ...over,
  };
}

/** p1 (index 1 of 2), not the initial leader. */
const P1 = cfg({ self: 'p1', index: 1, initialLeader: false });

function state(over: Partial<Omit<ProposerState, 'cfg'>> = {}, c: ProposerConfig = cfg()): ProposerState {
  return {
    cfg: c,
    round: 0,
    promises: [],
    requests: [],
    proposals: new Array<Batch | null>(c.slots).fill(null),
    votes: new Array<readonly string[]>(c.slots).fill([]),
    ...over,
  };
}

const at = (phase: 'idle' | 'preparing' | 'leading', s: ProposerState) => restore(proposerMachine, phase, s);

const w = (id: string, value: string): Entry => ({ id, op: { kind: 'write', value } });
const r = (id: string): Entry => ({ id, op: { kind: 'read' } });
const request = (entry: Entry, to = 'p0'): RequestMsg => ({ type: 'mp.request', from: 'clients', to, entry });
const promise = (from: string, ballot: number, votes: SlotVote[] = [], to = 'p1'): PromiseMsg => ({ type: 'mp.promise', from, to, ballot, votes });
const accepted = (from: string, ballot: number, slot: number, batch: Batch, to = 'p0'): AcceptedMsg => ({ type: 'mp.accepted', from, to, ballot, slot, batch });

/** The 2a a proposer sends for one slot: one per acceptor. */
function accepts(from: string, ballot: number, slot: number, batch: Batch): AcceptMsg[] {
  return ACCEPTORS.map((to) => ({ type: 'mp.accept', from, to, ballot, slot, batch }));
}

describe('multipaxos proposer: start', () => {
  it('p0 starts leading ballot 0 (round 1) with no phase 1, sending nothing', () => {
    const { next, sent } = start(proposerMachine, cfg());
    expect(next.value).toBe('leading');
    expect(next.context).toEqual(state({ round: 1 }));
    expect(sent).toEqual([]);
  });

  it('any other proposer starts idle in round 0', () => {
    const { next, sent } = start(proposerMachine, P1);
    expect(next.value).toBe('idle');
    expect(next.context).toEqual(state({}, P1));
    expect(sent).toEqual([]);
  });

  it('multipaxosSystem wires p0 as the initial leader, majority quorums, and decisionQuorum 1 only under early-reply', () => {
    const sizes = { clients: 1, commands: 1, proposers: 2, acceptors: 3, replicas: 2, slots: 2, rounds: 2 };
    const inputs = (bug: 'early-reply' | null) =>
      multipaxosSystem(sizes, { variant: 'leader', bug }).nodes.filter((n) => n.role === 'proposer').map((n) => n.input as ProposerConfig);
    const [p0, p1] = inputs(null);
    expect(p0).toMatchObject({ self: 'p0', index: 0, initialLeader: true, quorum: 2, decisionQuorum: 2, acceptors: ACCEPTORS, replicas: REPLICAS });
    expect(p1).toMatchObject({ self: 'p1', index: 1, initialLeader: false });
    expect(inputs('early-reply').map((p) => p.decisionQuorum)).toEqual([1, 1]);
    expect(start(proposerMachine, p0 as ProposerConfig).next.value).toBe('leading');
    expect(start(proposerMachine, p1 as ProposerConfig).next.value).toBe('idle');
  });
});

describe('multipaxos proposer: requests', () => {
  it('the leader sends 2a for a request to every acceptor, in the first free slot, in its ballot', () => {
    const { next: s0 } = start(proposerMachine, cfg());
    const x = w('c0.0', 'a');
    const { next, sent } = step(proposerMachine, s0, request(x));
    expect(next.value).toBe('leading');
    expect(next.context.requests).toEqual([x]);
    expect(next.context.proposals).toEqual([[x], null, null]);
    expect(sent).toEqual(accepts('p0', 0, 0, [x]));
  });

  it('the next request goes to the next slot; a repeated request is not proposed again', () => {
    const { next: s0 } = start(proposerMachine, cfg());
    const x = w('c0.0', 'a');
    const y = r('c1.0');
    const { next, sent } = steps(proposerMachine, s0, [request(x), request(y), request(x)]);
    expect(next.context.proposals).toEqual([[x], [y], null]);
    expect(next.context.requests).toEqual([x, y]);
    expect(sent).toEqual([...accepts('p0', 0, 0, [x]), ...accepts('p0', 0, 1, [y])]);
  });

  it('the leader of a later ballot proposes after its last proposed slot, in that ballot', () => {
    const x = w('c0.0', 'a');
    const s = state({ round: 2, proposals: [[], [x], null] }, P1); // ballot 3
    const { next, sent } = step(proposerMachine, at('leading', s), request(r('c1.0'), 'p1'));
    expect(next.context.proposals).toEqual([[], [x], [r('c1.0')]]);
    expect(sent).toEqual(accepts('p1', 3, 2, [r('c1.0')]));
  });

  it('with batch 2, waits for two unordered requests and orders them together, in id order', () => {
    const c = cfg({ batch: 2 });
    const { next: s0 } = start(proposerMachine, c);
    const one = step(proposerMachine, s0, request(r('c1.0')));
    expect(one.sent).toEqual([]);
    const two = step(proposerMachine, one.next, request(w('c0.0', 'a')));
    expect(two.sent).toEqual(accepts('p0', 0, 0, [w('c0.0', 'a'), r('c1.0')]));
  });

  it('a request left when every slot is proposed is remembered but not sent', () => {
    const x = w('c0.0', 'a');
    const s = state({ round: 1, proposals: [[x], [], []] });
    const { next, sent } = step(proposerMachine, at('leading', s), request(r('c1.0')));
    expect(next.context.requests).toEqual([r('c1.0')]);
    expect(next.context.proposals).toEqual(s.proposals);
    expect(sent).toEqual([]);
  });

  it.each(['idle', 'preparing'] as const)('a proposer that is %s only remembers the request (sorted by id)', (phase) => {
    const s = state({ round: phase === 'idle' ? 0 : 1, requests: [r('c1.0')] }, P1);
    const { next, sent } = step(proposerMachine, at(phase, s), request(w('c0.0', 'a'), 'p1'));
    expect(next.value).toBe(phase);
    expect(next.context).toEqual({ ...s, requests: [w('c0.0', 'a'), r('c1.0')] });
    expect(sent).toEqual([]);
  });
});

describe('multipaxos proposer: TIMEOUT (phase 1a)', () => {
  it.each([
    { who: 'p1', c: P1, round: 0, ballot: 1 },
    { who: 'p1', c: P1, round: 1, ballot: 3 },
    { who: 'p0', c: cfg(), round: 1, ballot: 2 },
    { who: 'p0 of 3', c: cfg({ proposers: 3, rounds: 4 }), round: 3, ballot: 9 },
    { who: 'p2 of 3', c: cfg({ self: 'p2', index: 2, proposers: 3, rounds: 4, initialLeader: false }), round: 2, ballot: 8 },
  ])('$who in round $round moves to preparing ballot $ballot = (round-1)*P+index and sends it to every acceptor', ({ c, round, ballot }) => {
    const { next, sent } = step(proposerMachine, at(round === 0 ? 'idle' : 'leading', state({ round }, c)), TIMEOUT);
    expect(next.value).toBe('preparing');
    expect(next.context.round).toBe(round + 1);
    expect(sent).toEqual(ACCEPTORS.map((to) => ({ type: 'mp.prepare', from: c.self, to, ballot })));
  });

  it('starting a round resets promises, proposals and 2b votes, and keeps the requests', () => {
    const x = w('c0.0', 'a');
    const s = state({ round: 1, requests: [x], proposals: [[x], null, null], votes: [['a0'], [], []], promises: [{ acceptor: 'a0', votes: [] }] });
    const { next } = step(proposerMachine, at('leading', s), TIMEOUT);
    expect(next.context).toEqual(state({ round: 2, requests: [x] }));
  });

  it('a preparing proposer may time out again, discarding its promises', () => {
    const s = state({ round: 1, promises: [{ acceptor: 'a2', votes: [] }] }, P1);
    const { next, sent } = step(proposerMachine, at('preparing', s), TIMEOUT);
    expect(next.value).toBe('preparing');
    expect(next.context).toEqual(state({ round: 2 }, P1));
    expect(sent).toHaveLength(3);
  });

  it('no TIMEOUT once R rounds are used, in any phase', () => {
    for (const phase of ['idle', 'preparing', 'leading'] as const) {
      const snap = at(phase, state({ round: 2 }, P1));
      expect(snap.can(TIMEOUT)).toBe(false);
      const { next, sent } = step(proposerMachine, snap, TIMEOUT);
      expect(next.value).toBe(phase);
      expect(next.context).toEqual(snap.context);
      expect(sent).toEqual([]);
    }
    // p0 with R = 1 leads ballot 0 and never times out.
    expect(start(proposerMachine, cfg({ rounds: 1 })).next.can(TIMEOUT)).toBe(false);
  });
});

describe('multipaxos proposer: promises (phase 1b) and recovery', () => {
  /** p1 preparing ballot 1 (round 1), slots 4. */
  const c4 = cfg({ self: 'p1', index: 1, initialLeader: false, slots: 4 });
  const preparing = (over: Partial<Omit<ProposerState, 'cfg'>> = {}, c = c4) => at('preparing', state({ round: 1, ...over }, c));

  it('records a promise for its ballot and waits for a quorum', () => {
    const { next, sent } = step(proposerMachine, preparing(), promise('a2', 1));
    expect(next.value).toBe('preparing');
    expect(next.context.promises).toEqual([{ acceptor: 'a2', votes: [] }]);
    expect(sent).toEqual([]);
  });

  it('ignores a promise for another ballot', () => {
    const snap = preparing();
    for (const b of [0, 2, 3]) {
      const { next, sent } = step(proposerMachine, snap, promise('a0', b));
      expect(next.context).toEqual(snap.context);
      expect(sent).toEqual([]);
    }
  });

  it('a repeated promise from one acceptor does not make a quorum', () => {
    const { next, sent } = steps(proposerMachine, preparing(), [promise('a0', 1), promise('a0', 1)]);
    expect(next.value).toBe('preparing');
    expect(next.context.promises).toHaveLength(1);
    expect(sent).toEqual([]);
  });

  it('a quorum without votes: leads and sends 2a for the waiting requests from slot 0', () => {
    const x = w('c0.0', 'a');
    const { next, sent } = steps(proposerMachine, preparing({ requests: [x] }), [promise('a0', 1), promise('a2', 1)]);
    expect(next.value).toBe('leading');
    expect(next.context.promises).toEqual([
      { acceptor: 'a0', votes: [] },
      { acceptor: 'a2', votes: [] },
    ]);
    expect(next.context.proposals).toEqual([[x], null, null, null]);
    expect(sent).toEqual(accepts('p1', 1, 0, [x]));
  });

  it('a quorum with votes: re-proposes the highest-ballot batch per slot, fills gaps with no-ops, then new requests', () => {
    const X = [w('c0.0', 'a')];
    const Y = [r('c1.0')];
    const Z = [w('c2.0', 'c')];
    const fresh = r('c3.0');
    const votesA0: SlotVote[] = [{ slot: 0, ballot: 0, batch: X }];
    const votesA1: SlotVote[] = [
      { slot: 0, ballot: 1, batch: Y },
      { slot: 2, ballot: 0, batch: Z },
    ];
    // c1.0 is in a recovered batch: it is not proposed again. c0.0's only vote
    // lost to a higher ballot: it waits again, and precedes c3.0 in id order.
    const s = preparing({ round: 2, requests: [w('c0.0', 'a'), r('c1.0'), fresh] }); // ballot 3
    const { next, sent } = steps(proposerMachine, s, [promise('a0', 3, votesA0), promise('a1', 3, votesA1)]);
    expect(next.value).toBe('leading');
    expect(next.context.proposals).toEqual([Y, [], Z, X]);
    expect(sent).toEqual([...accepts('p1', 3, 0, Y), ...accepts('p1', 3, 1, []), ...accepts('p1', 3, 2, Z), ...accepts('p1', 3, 3, X)]);
    // c3.0 is left waiting: every slot is proposed.
    expect(step(proposerMachine, next, request(r('c4.0'), 'p1')).sent).toEqual([]);
  });

  it('recovery uses the votes of every promise in the quorum, whichever arrived first', () => {
    const X = [w('c0.0', 'a')];
    const Y = [r('c1.0')];
    const p0 = promise('a0', 1, [{ slot: 1, ballot: 0, batch: X }]);
    const p2 = promise('a2', 1, [{ slot: 1, ballot: 0, batch: X }, { slot: 2, ballot: 0, batch: Y }]);
    const a = steps(proposerMachine, preparing(), [p0, p2]);
    const b = steps(proposerMachine, preparing(), [p2, p0]);
    expect(a.next.context).toEqual(b.next.context);
    expect(a.next.context.proposals).toEqual([[], X, Y, null]);
    expect(a.sent).toEqual(b.sent);
  });

  it('no-recovery: the votes are ignored and its own requests are ordered from slot 0', () => {
    const Y = [r('c1.0')];
    const fresh = w('c0.0', 'a');
    const bad = cfg({ self: 'p1', index: 1, initialLeader: false, slots: 4 });
    const noRecovery = MULTIPAXOS_BUG_PROPOSERS['no-recovery'];
    const votes: SlotVote[] = [
      { slot: 0, ballot: 0, batch: Y },
      { slot: 2, ballot: 0, batch: Y },
    ];
    const from = restore(noRecovery, 'preparing', state({ round: 1, requests: [fresh] }, bad));
    const { next, sent } = steps(noRecovery, from, [promise('a0', 1, votes), promise('a1', 1, votes)]);
    expect(next.value).toBe('leading');
    expect(next.context.proposals).toEqual([[fresh], null, null, null]);
    expect(sent).toEqual(accepts('p1', 1, 0, [fresh]));
  });

  it('a leading proposer ignores late promises', () => {
    const snap = at('leading', state({ round: 1 }, P1));
    const { next, sent } = step(proposerMachine, snap, promise('a2', 1, [{ slot: 0, ballot: 0, batch: [r('c1.0')] }]));
    expect(next.context).toEqual(snap.context);
    expect(sent).toEqual([]);
  });
});

describe('multipaxos proposer: skip-phase1', () => {
  const skip = MULTIPAXOS_BUG_PROPOSERS['skip-phase1'];
  const atSkip = (phase: 'idle' | 'leading', s: ProposerState) => restore(skip, phase, s);
  const bad = cfg({ self: 'p1', index: 1, initialLeader: false });

  it('TIMEOUT goes straight to leading its new ballot and sends 2a for the waiting requests, no prepare', () => {
    const x = w('c0.0', 'a');
    const { next, sent } = step(skip, atSkip('idle', state({ requests: [x] }, bad)), TIMEOUT);
    expect(next.value).toBe('leading');
    expect(next.context.round).toBe(1);
    expect(next.context.proposals).toEqual([[x], null, null]);
    expect(sent).toEqual(accepts('p1', 1, 0, [x]));
  });

  it('TIMEOUT with no request leads silently; a later request is proposed in the new ballot', () => {
    const one = step(skip, atSkip('idle', state({}, bad)), TIMEOUT);
    expect(one.next.value).toBe('leading');
    expect(one.sent).toEqual([]);
    const two = step(skip, one.next, request(r('c1.0'), 'p1'));
    expect(two.sent).toEqual(accepts('p1', 1, 0, [r('c1.0')]));
  });

  it('a leader that times out re-proposes from slot 0 in its next ballot', () => {
    const x = w('c0.0', 'a');
    const s = state({ round: 1, requests: [x], proposals: [[x], null, null] }, cfg());
    const { next, sent } = step(skip, atSkip('leading', s), TIMEOUT);
    expect(next.value).toBe('leading');
    expect(sent).toEqual(accepts('p0', 2, 0, [x]));
  });
});

describe('multipaxos proposer: 2b (2b to the leader)', () => {
  const X = [w('c0.0', 'a')];
  const leading = (c = cfg()) => at('leading', state({ round: 1, requests: [...X], proposals: [X, null, null] }, c));
  const decides = (slot: number, batch: Batch): MultiPaxosMessage[] => REPLICAS.map((to) => ({ type: 'mp.decide', from: 'p0', to, slot, batch }));

  it('counts 2b per slot and tells every replica once a quorum accepted', () => {
    const one = step(proposerMachine, leading(), accepted('a2', 0, 0, X));
    expect(one.next.context.votes).toEqual([['a2'], [], []]);
    expect(one.sent).toEqual([]);
    const two = step(proposerMachine, one.next, accepted('a0', 0, 0, X));
    expect(two.next.context.votes).toEqual([['a0', 'a2'], [], []]);
    expect(two.sent).toEqual(decides(0, X));
  });

  it('a 2b after the decision, or a repeated 2b, sends nothing more', () => {
    const { sent } = steps(proposerMachine, leading(), [accepted('a0', 0, 0, X), accepted('a0', 0, 0, X), accepted('a1', 0, 0, X), accepted('a2', 0, 0, X)]);
    expect(sent).toEqual(decides(0, X));
  });

  it('ignores a 2b of another ballot', () => {
    const snap = leading();
    const { next, sent } = steps(proposerMachine, snap, [accepted('a0', 2, 0, X), accepted('a1', 2, 0, X)]);
    expect(next.context).toEqual(snap.context);
    expect(sent).toEqual([]);
  });

  it('with decisionQuorum 1 (early-reply) one 2b decides', () => {
    const { sent } = step(proposerMachine, leading(cfg({ decisionQuorum: 1 })), accepted('a1', 0, 0, X));
    expect(sent).toEqual(decides(0, X));
  });

  it('in the 2b-to-all variant the proposer ignores 2b', () => {
    const snap = leading(cfg({ variant: 'all' }));
    const { next, sent } = steps(proposerMachine, snap, [accepted('a0', 0, 0, X), accepted('a1', 0, 0, X)]);
    expect(next.context).toEqual(snap.context);
    expect(sent).toEqual([]);
  });

  it('a preparing proposer ignores 2b', () => {
    const snap = at('preparing', state({ round: 1 }, P1));
    const { next, sent } = steps(proposerMachine, snap, [accepted('a0', 1, 0, X, 'p1'), accepted('a1', 1, 0, X, 'p1')]);
    expect(next.context).toEqual(snap.context);
    expect(sent).toEqual([]);
  });
});
