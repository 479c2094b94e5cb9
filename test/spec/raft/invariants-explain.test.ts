/**
 * Raft's property summaries (`explain`), the four Figure 3 checks on
 * boundary cases, the temporal properties and the final states
 * (spec/raft/invariants.ts), over three servers at slots 1..3 (the clients
 * node at slot 0, as in `raftSystem`). Every expected text is written by
 * hand from the states given; each holding case is built so that a wrong
 * loop bound, a wrong comparison or a wrong pair would report a difference,
 * and each failing case differs only between the second and third server,
 * or at index 2.
 */
import { describe, expect, it } from 'vitest';
import type { SystemView } from '../../../spec/core/property.js';
import {
  electionSafetyHolds,
  leaderCompletenessHolds,
  leaderCompletenessText,
  logMatchingHolds,
  logMatchingText,
  raftFinal,
  raftProperties,
  raftTemporal,
  stateMachineSafetyHolds,
  stateMachineSafetyText,
  type RaftLayout,
  type ServerView,
} from '../../../spec/raft/invariants.js';
import type { LogEntry } from '../../../spec/raft/messages.js';

const A1: LogEntry = { term: 1, id: 'c0.0', op: { kind: 'write', value: 'a' } };
const B1: LogEntry = { term: 1, id: 'c0.1', op: { kind: 'read' } };
/** Same index and term as B1, another request. */
const X1: LogEntry = { term: 1, id: 'c1.0', op: { kind: 'write', value: 'x' } };
const C2: LogEntry = { term: 2, id: 'c1.0', op: { kind: 'write', value: 'c' } };
/** Same request as A1, appended again by a leader of term 2. */
const A2: LogEntry = { term: 2, id: 'c0.0', op: { kind: 'write', value: 'a' } };
const leading = { nextIndex: [1, 1, 1], matchIndex: [0, 0, 0] };
const s = (over: Partial<ServerView>): ServerView => ({ currentTerm: 1, log: [], applied: [], leader: null, ...over });
const SLOTS = [1, 2, 3];
const NODES = ['clients', 's0', 's1', 's2'];
const view = (locals: unknown[], crashed: boolean[] = locals.map(() => false)): SystemView => ({ locals, crashed, messages: () => [] });

describe('the Figure 3 checks on boundary cases', () => {
  it('Election Safety: two leaders of different terms are fine, two of one term are not; followers of one term do not count', () => {
    expect(electionSafetyHolds([s({ currentTerm: 1, leader: leading }), s({ currentTerm: 2, leader: leading }), s({ currentTerm: 2 })])).toBe(true);
    expect(electionSafetyHolds([s({ currentTerm: 1 }), s({ currentTerm: 2, leader: leading }), s({ currentTerm: 2, leader: leading })])).toBe(false);
  });

  it('Log Matching: the same term at an index with different requests below (or at) it breaks it', () => {
    expect(logMatchingHolds([s({ log: [A1] }), s({ log: [A1, B1] }), s({ log: [A1, C2] })])).toBe(true);
    expect(logMatchingHolds([s({}), s({ log: [A1, C2] }), s({ log: [B1, C2] })])).toBe(false);
    expect(logMatchingHolds([s({}), s({ log: [A1, B1] }), s({ log: [A1, X1] })])).toBe(false);
    // Index 1 the only one both hold: same term, another request.
    expect(logMatchingHolds([s({ log: [A1, C2] }), s({ log: [B1] })])).toBe(false);
  });

  it('Leader Completeness: only servers of lower terms bind a leader', () => {
    expect(leaderCompletenessHolds([s({ currentTerm: 1, applied: [A1] }), s({ currentTerm: 2, leader: leading, log: [A1, C2] }), s({ currentTerm: 2, applied: [B1] })])).toBe(true);
    expect(leaderCompletenessHolds([s({ currentTerm: 1, applied: [A1] }), s({ currentTerm: 1, applied: [A1, B1] }), s({ currentTerm: 2, leader: leading, log: [A1, C2] })])).toBe(false);
  });

  it('State Machine Safety: prefixes of one another hold, whichever is longest; a difference at index 2 breaks it', () => {
    expect(stateMachineSafetyHolds([s({ applied: [A1, B1] }), s({ applied: [A1] }), s({ applied: [A1, B1] })])).toBe(true);
    expect(stateMachineSafetyHolds([s({ applied: [A1] }), s({ applied: [A1, B1] }), s({ applied: [A1, C2] })])).toBe(false);
  });
});

describe('logMatchingText: the highest index where two logs agree on the term, and the first entry below that differs', () => {
  it('holds: s1 and s2 differ at index 2, but in its term, and match below', () => {
    const ss = [s({ log: [A1] }), s({ log: [A1, B1] }), s({ log: [A1, C2] })];
    expect(logMatchingText(SLOTS, ss, NODES)).toBe('the logs match');
  });

  it('breaks between s1 and s2: both hold term 2 at index 2, but differ at index 1', () => {
    const ss = [s({}), s({ log: [A1, C2] }), s({ log: [B1, C2] })];
    expect(logMatchingText(SLOTS, ss, NODES)).toBe('s1 and s2 both hold an entry of term 2 at index 2, but differ at index 1: c0.0:write(a)@1 vs c0.1:read()@1');
  });

  it('breaks at the index itself: the same term at index 2, another request', () => {
    const ss = [s({ log: [A1] }), s({ log: [A1, B1] }), s({ log: [A1, X1] })];
    expect(logMatchingText(SLOTS, ss, NODES)).toBe('s1 and s2 both hold an entry of term 1 at index 2, but differ at index 2: c0.1:read()@1 vs c1.0:write(x)@1');
  });

  it('breaks at index 1, the lowest; names servers by index without node names', () => {
    expect(logMatchingText(SLOTS, [s({ log: [A1, C2] }), s({ log: [B1] })], [])).toBe(
      'server 0 and server 1 both hold an entry of term 1 at index 1, but differ at index 1: c0.0:write(a)@1 vs c0.1:read()@1',
    );
  });
});

describe('leaderCompletenessText: a leader must hold what every server of a lower term applied', () => {
  it('holds: s1 leads term 2 holding s0’s entry; s2 of the same term applied another, which does not bind s1', () => {
    const ss = [s({ currentTerm: 1, log: [A1], applied: [A1] }), s({ currentTerm: 2, leader: leading, log: [A1, C2] }), s({ currentTerm: 2, applied: [B1] })];
    expect(leaderCompletenessText(SLOTS, ss, NODES)).toBe('every leader holds what the servers of lower terms applied');
  });

  it('breaks at index 2, against the second server of lower term', () => {
    const ss = [s({ currentTerm: 1, applied: [A1] }), s({ currentTerm: 1, applied: [A1, B1] }), s({ currentTerm: 2, leader: leading, log: [A1, C2] })];
    expect(leaderCompletenessText(SLOTS, ss, NODES)).toBe('s2 leads term 2 without c0.1:read()@1 at index 2, which s1 (term 1) applied; it holds c1.0:write(c)@2 there');
  });

  it('breaks at index 1: the leader holds nothing there', () => {
    const ss = [s({ currentTerm: 1, applied: [A1] }), s({ currentTerm: 1 }), s({ currentTerm: 2, leader: leading })];
    expect(leaderCompletenessText(SLOTS, ss, NODES)).toBe('s2 leads term 2 without c0.0:write(a)@1 at index 1, which s0 (term 1) applied; it holds nothing there');
  });

  it('without node names, servers are named by index', () => {
    const ss = [s({ currentTerm: 1, applied: [A1] }), s({ currentTerm: 1 }), s({ currentTerm: 2, leader: leading })];
    expect(leaderCompletenessText(SLOTS, ss, [])).toBe('server 2 leads term 2 without c0.0:write(a)@1 at index 1, which server 0 (term 1) applied; it holds nothing there');
    expect(stateMachineSafetyText(SLOTS, [s({ applied: [A1] }), s({ applied: [B1] })], [])).toBe(
      'server 0 applied c0.0:write(a)@1 at index 1, server 1 applied c0.1:read()@1 at index 1: two entries at index 1',
    );
  });

  it('a follower of a higher term is no leader: it is not bound', () => {
    const ss = [s({ currentTerm: 1, applied: [A1] }), s({ currentTerm: 2 }), s({ currentTerm: 1 })];
    expect(leaderCompletenessText(SLOTS, ss, NODES)).toBe('every leader holds what the servers of lower terms applied');
    expect(leaderCompletenessHolds(ss)).toBe(true);
  });
});

describe('stateMachineSafetyText: the first index two servers applied differently', () => {
  it('holds: s0 applied more than s1, which applied a prefix of it', () => {
    const ss = [s({ applied: [A1, B1] }), s({ applied: [A1] }), s({ applied: [A1, B1] })];
    expect(stateMachineSafetyText(SLOTS, ss, NODES)).toBe('no two servers applied different entries at one index');
  });

  it('breaks between s1 and s2 at index 2', () => {
    const ss = [s({ applied: [A1] }), s({ applied: [A1, B1] }), s({ applied: [A1, C2] })];
    expect(stateMachineSafetyText(SLOTS, ss, NODES)).toBe('s1 applied c0.1:read()@1 at index 2, s2 applied c1.0:write(c)@2 at index 2: two entries at index 2');
  });

  it('the same request applied in another term is another entry', () => {
    expect(stateMachineSafetyText(SLOTS, [s({ applied: [A1] }), s({ applied: [A2] })], NODES)).toBe(
      's0 applied c0.0:write(a)@1 at index 1, s1 applied c0.0:write(a)@2 at index 1: two entries at index 1',
    );
  });
});

describe('raftProperties: names, descriptions and summaries through the slots', () => {
  it('the four Figure 3 properties, citing the paper', () => {
    const ps = raftProperties(SLOTS);
    expect(ps.map((p) => p.name)).toEqual(['election-safety', 'log-matching', 'leader-completeness', 'state-machine-safety']);
    expect(ps.map((p) => p.description)).toEqual([
      'at most one leader in a given term (Figure 3, Election Safety; §5.2)',
      'two logs with an entry of the same index and term are identical in all entries up through that index (Figure 3, Log Matching; §5.3)',
      "a committed entry is in the logs of the leaders of all higher terms (Figure 3, Leader Completeness; §5.4): checked as every leader above a server's term holds what that server applied",
      'no two servers apply different log entries at the same index (Figure 3, State Machine Safety; §5.4.3)',
    ]);
  });

  it('each reads the servers at the slots, not the clients at slot 0', () => {
    const [election, matching, completeness, sms] = raftProperties(SLOTS);
    const bad = view([{}, s({ currentTerm: 2, leader: leading, log: [B1, C2], applied: [B1] }), s({ currentTerm: 1, log: [A1, C2], applied: [A1] }), s({ currentTerm: 2, leader: leading })]);
    expect(election?.explain?.(bad, NODES)).toBe('s0 leads term 2, s2 leads term 2');
    expect(matching?.explain?.(bad, NODES)).toBe('s0 and s1 both hold an entry of term 2 at index 2, but differ at index 1: c0.1:read()@1 vs c0.0:write(a)@1');
    expect(completeness?.explain?.(bad, NODES)).toBe('s0 leads term 2 without c0.0:write(a)@1 at index 1, which s1 (term 1) applied; it holds c0.1:read()@1 there');
    expect(sms?.explain?.(bad, NODES)).toBe('s0 applied c0.1:read()@1 at index 1, s1 applied c0.0:write(a)@1 at index 1: two entries at index 1');
  });

  it('each holds on a consistent state and fails on the broken one; each reads only the server slots', () => {
    const ps = raftProperties(SLOTS);
    const good = view([{}, s({ currentTerm: 2, leader: leading, log: [A1, C2], applied: [A1] }), s({ currentTerm: 1, log: [A1], applied: [A1] }), s({ currentTerm: 2 })]);
    const bad = view([{}, s({ currentTerm: 2, leader: leading, log: [B1, C2], applied: [B1] }), s({ currentTerm: 1, log: [A1, C2], applied: [A1] }), s({ currentTerm: 2, leader: leading })]);
    expect(ps.map((p) => p.holds(good))).toEqual([true, true, true, true]);
    expect(ps.map((p) => p.holds(bad))).toEqual([false, false, false, false]);
    expect(ps.map((p) => p.reads)).toEqual([SLOTS, SLOTS, SLOTS, SLOTS]);
  });

  it('election-safety’s summary: no leader, or servers by index without node names', () => {
    const [election] = raftProperties(SLOTS);
    expect(election?.explain?.(view([{}, s({}), s({}), s({})]), NODES)).toBe('no leader');
    expect(election?.explain?.(view([{}, s({}), s({ currentTerm: 3, leader: leading }), s({})]), [])).toBe('server 1 leads term 3');
  });
});

const W = (value: string) => ({ kind: 'write', value }) as const;
type H = { clients: { op: ReturnType<typeof W>; seen: number[]; result?: string }[][] };
const history = (answered: boolean[]): H => ({ clients: answered.map((a, c) => [a ? { op: W('a'), seen: [0], result: 'ok' } : { op: W(String(c)), seen: [0] }]) });
const clients = (answered: boolean[]) => ({ history: history(answered) });

describe('raftTemporal: decided, client-answered and the per-client witnesses', () => {
  const layout: RaftLayout = { serverSlots: SLOTS, candidateSlots: [1, 2], clientsSlot: 0, history: (c) => (c as { history: H }).history as never };
  // Built inside each `it` (a call at load time would make Stryker count raftTemporal's mutants as static).
  const byName = (n: string) => raftTemporal(layout, 2, 1).find((p) => p.name === n);

  it('the properties of two clients, one command each', () => {
    expect(raftTemporal(layout, 2, 1).map((p) => p.name)).toEqual(['decided', 'client-answered', 'decides-c0', 'decides-c1', 'answers-c0', 'answers-c1']);
    expect(byName('decided')?.kind).toBe('eventually');
    expect(byName('decided')?.reads).toEqual(SLOTS);
    expect(byName('decided')?.description).toBe(
      'eventually some server applies a committed entry (§5.3: the leader commits an entry once a majority stores it; not guaranteed without timing, by FLP: §5.6)',
    );
    expect(byName('client-answered')?.description).toContain('Raft §8: the leader answers once it applies the command');
    expect(byName('decides-c1')?.description).toBe('some run has a server apply a command of client c1 (a witness, §5.3)');
    expect(byName('decides-c1')?.unreachable).toBe('no state applies a command of c1');
    expect(byName('decides-c0')?.reads).toEqual(SLOTS);
  });

  it('decided: some server applied something (a log entry alone is not enough)', () => {
    const none = view([clients([false, false]), s({ log: [A1] }), s({}), s({})]);
    const one = view([clients([false, false]), s({}), s({}), s({ log: [C2], applied: [C2] })]);
    expect(byName('decided')?.goal(none)).toBe(false);
    expect(byName('decided')?.goal(one)).toBe(true);
  });

  it('decides-c<c>: a server applied a command of client c', () => {
    const onlyC1 = view([clients([false, false]), s({}), s({}), s({ log: [C2], applied: [C2] })]);
    expect(byName('decides-c1')?.goal(onlyC1)).toBe(true);
    expect(byName('decides-c0')?.goal(onlyC1)).toBe(false);
  });
});

describe('raftFinal: every client answered, or no candidate server still up can start an election', () => {
  // s0 and s1 (slots 1, 2) may stand; T = 3.
  const layout: RaftLayout = { serverSlots: SLOTS, candidateSlots: [1, 2], clientsSlot: 0, history: (c) => (c as { history: H }).history as never };
  const final = (v: SystemView) => raftFinal(layout, 1)(v);
  const srv = (term: number, leads = false) => ({ ...s({ currentTerm: term, leader: leads ? leading : null }), cfg: { maxTerm: 3 } });
  const at = (answered: boolean, s0: unknown, s1: unknown, crashed = [false, false, false, false]) => view([clients([answered]), s0, s1, srv(1)], crashed);

  it('not final: s1 follows term 2 < T (s0 has spent its terms)', () => {
    expect(final(at(false, srv(3), srv(2)))).toBe(false);
  });

  it('not final: s0 below T, although s1 has reached T', () => {
    expect(final(at(false, srv(2), srv(3)))).toBe(false);
  });

  it('final: both candidates at T, neither leading; s2 (no timer) below T owes nothing', () => {
    expect(final(at(false, srv(3), srv(3)))).toBe(true);
  });

  it('final: s1 below T has crashed', () => {
    expect(final(at(false, srv(3), srv(1), [false, false, true, false]))).toBe(true);
    expect(final(at(false, srv(3), srv(1), [false, true, false, false]))).toBe(false);
  });

  it('final: s0 leads term 1 (a leader never times out)', () => {
    expect(final(at(false, srv(1, true), srv(3)))).toBe(true);
  });

  it('final: every client answered, whatever the servers owe', () => {
    expect(final(at(true, srv(1), srv(1)))).toBe(true);
  });
});
