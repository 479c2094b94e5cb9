/**
 * The replicated-log property summaries (`explain`), temporal properties and
 * final states (spec/multipaxos/invariants.ts), over three replicas at slots
 * 4..6 (the clients node at slot 0, as in `multipaxosSystem` with one
 * proposer and two acceptors). Every expected text is written by hand from
 * the states given; each holding case is built so that a wrong loop bound,
 * a wrong pair or a wrong length (min vs max) would report a difference, and
 * each failing case differs only between the second and third replica, or
 * at the second slot or position.
 */
import { describe, expect, it } from 'vitest';
import type { ClientHistory } from '../../../spec/core/history.js';
import type { SystemView } from '../../../spec/core/property.js';
import {
  agreementText,
  allAnswered,
  atMostOnceText,
  clientTemporal,
  idsText,
  nodeName,
  prefixText,
  replicatedLogFinal,
  replicatedLogProperties,
  replicatedLogTemporal,
  validityHolds,
  validityText,
  type ReplicatedLayout,
  type ReplicaView,
} from '../../../spec/multipaxos/invariants.js';
import type { Batch, Entry } from '../../../spec/multipaxos/messages.js';
import type { RegisterOp, RegisterResult } from '../../../spec/multipaxos/register.js';

const W = (value: string): RegisterOp => ({ kind: 'write', value });
const READ: RegisterOp = { kind: 'read' };
const A: Entry = { id: 'c0.0', op: W('a') };
const B: Entry = { id: 'c1.0', op: W('b') };
const C: Entry = { id: 'c0.1', op: READ };
const r = (log: (Batch | null)[], executed: string[] = []): ReplicaView => ({ log, executed });
const SLOTS = [4, 5, 6];
const NODES = ['clients', 'p0', 'a0', 'a1', 'r0', 'r1', 'r2'];
type H = ClientHistory<RegisterOp, RegisterResult>;
/** c0 issued write(a) (returned) then read (pending); c1 issued write(b) (returned). */
const HISTORY: H = {
  clients: [
    [
      { op: W('a'), result: 'ok', seen: [0, 0] },
      { op: READ, seen: [1, 1] },
    ],
    [{ op: W('b'), result: 'ok', seen: [0, 0] }],
  ],
};
const LAYOUT: ReplicatedLayout = { replicaSlots: SLOTS, clientsSlot: 0, history: (c) => (c as { history: H }).history };
const view = (replicas: ReplicaView[], history: H = HISTORY, crashed: boolean[] = NODES.map(() => false)): SystemView => ({
  locals: [{ history }, {}, {}, {}, ...replicas],
  crashed,
  messages: () => [],
});

describe('nodeName and idsText', () => {
  it('the node at the k-th slot, or the role and k when unnamed', () => {
    expect(nodeName(NODES, SLOTS, 2)).toBe('r2');
    expect(nodeName(NODES, SLOTS, 3)).toBe('replica 3');
    expect(nodeName([], SLOTS, 1)).toBe('replica 1');
    expect(nodeName([], SLOTS, 0, 'server')).toBe('server 0');
    expect(idsText(['c0.0', 'c1.0'])).toBe('[c0.0 c1.0]');
    expect(idsText([])).toBe('[]');
  });
});

describe('agreementText: the first slot two replicas decided differently', () => {
  it('holds: logs of different lengths that agree where both decided', () => {
    expect(agreementText(SLOTS, [r([[A]]), r([[A], [B]]), r([null, [B]])], NODES)).toBe('no two replicas decided different values for one slot');
    expect(agreementText(SLOTS, [], NODES)).toBe('no two replicas decided different values for one slot');
  });

  it('breaks between r1 and r2 at slot 1 only, r0 having a shorter log', () => {
    expect(agreementText(SLOTS, [r([[A]]), r([[A], [B]]), r([[A], [C]])], NODES)).toBe(
      'r1 decided c1.0:write(b) at slot 1, r2 decided c0.1:read() at slot 1: two values at slot 1',
    );
  });

  it('lists every replica that decided the slot, the agreeing ones too; undecided ones are left out', () => {
    expect(agreementText(SLOTS, [r([[A]]), r([null]), r([[B]])], NODES)).toBe('r0 decided c0.0:write(a) at slot 0, r2 decided c1.0:write(b) at slot 0: two values at slot 0');
    expect(agreementText(SLOTS, [r([[A]]), r([[A]]), r([[]])], NODES)).toBe(
      'r0 decided c0.0:write(a) at slot 0, r1 decided c0.0:write(a) at slot 0, r2 decided no-op at slot 0: two values at slot 0',
    );
  });

  it('three different values are counted', () => {
    expect(agreementText(SLOTS, [r([[A]]), r([[B]]), r([[A, B]])], NODES)).toBe(
      'r0 decided c0.0:write(a) at slot 0, r1 decided c1.0:write(b) at slot 0, r2 decided c0.0:write(a)+c1.0:write(b) at slot 0: 3 values at slot 0',
    );
  });

  it('names replicas by index when the node names are missing', () => {
    expect(agreementText(SLOTS, [r([[A]]), r([[B]])], [])).toBe('replica 0 decided c0.0:write(a) at slot 0, replica 1 decided c1.0:write(b) at slot 0: two values at slot 0');
  });
});

describe('prefixText: two executed sequences that are not prefixes of one another', () => {
  it('holds: each a prefix of the longer', () => {
    expect(prefixText(SLOTS, [['c0.0'], ['c0.0', 'c1.0'], ['c0.0', 'c1.0', 'c0.1']], NODES)).toBe('the executed sequences are prefixes of one another');
    expect(prefixText(SLOTS, [['c0.0', 'c1.0'], [], ['c0.0']], NODES)).toBe('the executed sequences are prefixes of one another');
  });

  it('breaks between r1 and r2 at position 2', () => {
    expect(prefixText(SLOTS, [['c0.0'], ['c0.0', 'c1.0'], ['c0.0', 'c0.1']], NODES)).toBe('r1 executed [c0.0 c1.0], r2 executed [c0.0 c0.1]: they differ at position 2');
  });

  it('breaks between r0 and r2 (not neighbours)', () => {
    expect(prefixText(SLOTS, [['c1.0'], [], ['c0.0']], NODES)).toBe('r0 executed [c1.0], r2 executed [c0.0]: they differ at position 1');
  });
});

describe('validityText: the first decided entry no client issued as decided', () => {
  it('holds: issued entries with their commands, id-only entries, no-ops, undecided slots', () => {
    const rs = [r([[A], null, [B]]), r([[], [{ id: 'c0.1' }]]), r([[{ id: 'c0.1', op: READ }]])];
    expect(validityText(SLOTS, rs, HISTORY, NODES)).toBe('every decided entry was issued');
    expect(validityHolds(rs, HISTORY)).toBe(true);
  });

  it('a request no client issued, at r1 slot 1', () => {
    const rs = [r([[A]]), r([[A], [{ id: 'c2.0', op: W('z') }]]), r([])];
    expect(validityText(SLOTS, rs, HISTORY, NODES)).toBe('r1 decided c2.0:write(z) at slot 1, but no client issued c2.0');
    expect(validityText(SLOTS, [r([]), r([]), r([[{ id: 'c1.1' }]])], HISTORY, NODES)).toBe('r2 decided c1.1 at slot 0, but no client issued c1.1');
  });

  it('an issued request with another command: a write with another value, a read for a write, a write for a read', () => {
    expect(validityText(SLOTS, [r([]), r([]), r([[B, { id: 'c0.0', op: W('z') }]])], HISTORY, NODES)).toBe(
      'r2 decided c0.0:write(z) at slot 0, but the client issued c0.0 as write(a)',
    );
    expect(validityText(SLOTS, [r([[{ id: 'c1.0', op: READ }]])], HISTORY, NODES)).toBe('r0 decided c1.0:read() at slot 0, but the client issued c1.0 as write(b)');
    expect(validityText(SLOTS, [r([[{ id: 'c0.1', op: W('a') }]])], HISTORY, NODES)).toBe('r0 decided c0.1:write(a) at slot 0, but the client issued c0.1 as read()');
  });

  it('validityHolds agrees on each kind of mismatch', () => {
    expect(validityHolds([r([[{ id: 'c1.0', op: READ }]])], HISTORY)).toBe(false);
    expect(validityHolds([r([[{ id: 'c0.1', op: W('a') }]])], HISTORY)).toBe(false);
    expect(validityHolds([r([[{ id: 'c0.0', op: W('b') }]])], HISTORY)).toBe(false);
    expect(validityHolds([r([[{ id: 'c0.1', op: READ }]])], HISTORY)).toBe(true);
  });
});

describe('atMostOnceText: a replica that executed a request twice', () => {
  it('holds: each id once per replica, one id at several replicas', () => {
    expect(atMostOnceText(SLOTS, [r([], ['c0.0', 'c1.0']), r([], ['c0.0']), r([], [])], NODES)).toBe('no replica executed a request twice');
  });

  it('r1 executed c0.0 twice, not next to each other', () => {
    expect(atMostOnceText(SLOTS, [r([], ['c0.0']), r([], ['c0.0', 'c1.0', 'c0.0']), r([], [])], NODES)).toBe('r1 executed [c0.0 c1.0 c0.0]: c0.0 twice');
  });

  it('three times, at r2', () => {
    expect(atMostOnceText(SLOTS, [r([], []), r([], ['c1.0']), r([], ['c1.0', 'c0.0', 'c1.0', 'c1.0'])], NODES)).toBe('r2 executed [c1.0 c0.0 c1.0 c1.0]: c1.0 3 times');
  });
});

describe('replicatedLogProperties: descriptions per kind of value, and the explain read from the right nodes', () => {
  it('ordering ids (S-Paxos): the descriptions say ids', () => {
    const ps = replicatedLogProperties(LAYOUT, 'id');
    expect(ps.map((p) => p.description)).toEqual([
      'no two replicas decide different ids for one slot ("Paxos Made Simple" §2.1, per slot)',
      'every decided id belongs to a request a client issued, or is a no-op ("Paxos Made Simple" §2.1)',
      'no replica executes a client request twice (PMMC §2, a replica skips a command it already performed)',
      "the replicas' executed sequences are prefixes of one another: one execution order",
    ]);
  });

  it('each explain summarizes the state it is given', () => {
    const ps = replicatedLogProperties(LAYOUT, 'command');
    const bad = view([r([[A]], ['c0.0']), r([[B]], ['c1.0', 'c1.0']), r([[{ id: 'c3.0' }]], ['c0.0'])]);
    expect(ps.map((p) => p.holds(bad))).toEqual([false, false, false, false]);
    expect(ps.map((p) => p.explain?.(bad, NODES))).toEqual([
      'r0 decided c0.0:write(a) at slot 0, r1 decided c1.0:write(b) at slot 0, r2 decided c3.0 at slot 0: 3 values at slot 0',
      'r2 decided c3.0 at slot 0, but no client issued c3.0',
      'r1 executed [c1.0 c1.0]: c1.0 twice',
      'r0 executed [c0.0], r1 executed [c1.0 c1.0]: they differ at position 1',
    ]);
    const good = view([r([[A]], ['c0.0']), r([[A], [B]], ['c0.0', 'c1.0']), r([])]);
    expect(ps.map((p) => p.holds(good))).toEqual([true, true, true, true]);
    expect(ps.map((p) => p.explain?.(good, NODES))).toEqual([
      'no two replicas decided different values for one slot',
      'every decided entry was issued',
      'no replica executed a request twice',
      'the executed sequences are prefixes of one another',
    ]);
  });
});

describe('replicatedLogTemporal: decided, client-answered and the witnesses', () => {
  const done = (v: string) => ({ op: W(v), result: 'ok' as const, seen: [0, 0] });
  const pending = { op: READ, seen: [1, 1] };

  it('names, kinds, descriptions and unreachable texts, for two clients of two commands', () => {
    const ts = replicatedLogTemporal(LAYOUT, 2, 2);
    expect(ts.map((t) => [t.name, t.kind])).toEqual([
      ['decided', 'eventually'],
      ['client-answered', 'eventually'],
      ['decides-c0', 'sometimes'],
      ['decides-c1', 'sometimes'],
      ['answers-c0', 'sometimes'],
      ['answers-c1', 'sometimes'],
    ]);
    expect(ts.map((t) => t.description)).toEqual([
      'eventually some replica decides a slot ("Paxos Made Simple" §3: the leader gets each command chosen; not guaranteed, by FLP)',
      'every client request is eventually answered (PMMC §2: each of the 2 client(s) issues 2 request(s), one at a time)',
      'some run decides a request of client c0 (a witness)',
      'some run decides a request of client c1 (a witness)',
      'some run answers client c0 (a witness)',
      'some run answers client c1 (a witness)',
    ]);
    expect(ts.map((t) => t.unreachable)).toEqual([undefined, undefined, 'no state decides a request of c0', 'no state decides a request of c1', 'no state answers c0', 'no state answers c1']);
  });

  it('decided: some replica decided some slot, a no-op too; not while every slot is open', () => {
    const decided = replicatedLogTemporal(LAYOUT, 2, 1)[0];
    expect(decided?.goal(view([r([null, null]), r([]), r([null])]))).toBe(false);
    expect(decided?.goal(view([r([null, null]), r([]), r([null, []])]))).toBe(true);
    expect(decided?.goal(view([r([null]), r([null, [A]]), r([])]))).toBe(true);
  });

  it('decides-c1: some replica decided a request of c1 in some slot; c0’s requests or no-ops do not count', () => {
    const ts = replicatedLogTemporal(LAYOUT, 2, 1);
    const c0 = ts.find((t) => t.name === 'decides-c0');
    const c1 = ts.find((t) => t.name === 'decides-c1');
    const onlyC0 = view([r([[A], []]), r([null, [C]]), r([])]);
    expect([c0?.goal(onlyC0), c1?.goal(onlyC0)]).toEqual([true, false]);
    const c1Late = view([r([]), r([]), r([null, [A, B]])]);
    expect([c0?.goal(c1Late), c1?.goal(c1Late)]).toEqual([true, true]);
    const none = view([r([[]]), r([]), r([])]);
    expect([c0?.goal(none), c1?.goal(none)]).toEqual([false, false]);
  });

  it('client-answered: every client has all K requests answered', () => {
    const answered = replicatedLogTemporal(LAYOUT, 2, 2)[1];
    const h = (c0: unknown[], c1: unknown[]): H => ({ clients: [c0, c1] as H['clients'] });
    expect(answered?.goal(view([], h([done('a'), done('b')], [done('c'), done('d')])))).toBe(true);
    expect(answered?.goal(view([], h([done('a'), done('b')], [done('c')])))).toBe(false);
    expect(answered?.goal(view([], h([done('a'), done('b')], [done('c'), pending])))).toBe(false);
    expect(answered?.goal(view([], h([done('a'), pending], [done('c'), done('d')])))).toBe(false);
    expect(answered?.goal(view([], { clients: [[done('a'), done('b')]] }))).toBe(false);
    // a client with no history yet has not been answered, even with K = 1
    expect(replicatedLogTemporal(LAYOUT, 2, 1)[1]?.goal(view([], { clients: [[done('a')]] }))).toBe(false);
  });

  it('answers-c1: c1 has a response to some request; c0’s do not count', () => {
    const ts = replicatedLogTemporal(LAYOUT, 2, 2);
    const a0 = ts.find((t) => t.name === 'answers-c0');
    const a1 = ts.find((t) => t.name === 'answers-c1');
    const h1: H = { clients: [[done('a')], [pending]] };
    expect([a0?.goal(view([], h1)), a1?.goal(view([], h1))]).toEqual([true, false]);
    const h2: H = { clients: [[pending], [done('b'), pending]] };
    expect([a0?.goal(view([], h2)), a1?.goal(view([], h2))]).toEqual([false, true]);
    expect(a1?.goal(view([], { clients: [[done('a')]] }))).toBe(false);
  });

  it('clientTemporal on its own: the source named in the description, the clients node read', () => {
    const t = clientTemporal(3, (v) => (v.locals[3] as { history: H }).history, 1, 3, 'the paper');
    expect(t.answered.description).toBe('every client request is eventually answered (the paper: each of the 1 client(s) issues 3 request(s), one at a time)');
    expect(t.answered.reads).toEqual([3]);
    expect(t.answers.map((a) => [a.name, a.reads])).toEqual([['answers-c0', [3]]]);
  });

  it('clientTemporal with no requests to issue: a client that never wrote a history has nothing left unanswered', () => {
    const clientsOnly = (history: H): SystemView => ({ locals: [null, null, null, { history }], crashed: [false, false, false, false], messages: () => [] });
    const t = clientTemporal(3, (v) => (v.locals[3] as { history: H }).history, 2, 0, 'the paper');
    expect(t.answered.goal(clientsOnly({ clients: [] }))).toBe(true);
  });
});

describe('allAnswered and replicatedLogFinal', () => {
  const done = { op: W('a'), result: 'ok' as const, seen: [0] };
  const pending = { op: READ, seen: [0] };

  it('allAnswered: every client has exactly K requests, all answered', () => {
    expect(allAnswered({ clients: [[done, done], [done, done]] }, 2)).toBe(true);
    expect(allAnswered({ clients: [[done, done], [done]] }, 2)).toBe(false);
    expect(allAnswered({ clients: [[done, done], [done, pending]] }, 2)).toBe(false);
    expect(allAnswered({ clients: [[done], [done]] }, 1)).toBe(true);
    expect(allAnswered({ clients: [[done, done]] }, 1)).toBe(false);
  });

  it('final: all answered, or out of ballots', () => {
    const out = (flag: boolean) => replicatedLogFinal(LAYOUT, 1, () => flag);
    const answered = view([], { clients: [[done], [done]] });
    const open = view([], { clients: [[done], [pending]] });
    expect([out(false)(answered), out(false)(open), out(true)(open), out(true)(answered)]).toEqual([true, false, true, true]);
  });
});
