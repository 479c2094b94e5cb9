/**
 * PBFT's property summaries (`explain`), descriptions, reads, temporal
 * properties and final states (spec/pbft/invariants.ts), over three correct
 * replicas at slots 1..3 (the clients node at slot 0, as in `pbftSystem`).
 * Every expected text is written by hand from the states given; each failing
 * case differs only between the second and third replica, or at seq 2, so
 * that a wrong loop bound or a wrong pair shows.
 */
import { describe, expect, it } from 'vitest';
import type { ClientHistory } from '../../../spec/core/history.js';
import type { SystemView } from '../../../spec/core/property.js';
import type { RegisterOp, RegisterResult } from '../../../spec/multipaxos/register.js';
import {
  clientAcceptsText,
  committedText,
  PBFT_PROPERTIES,
  pbftFinal,
  pbftProperties,
  pbftTemporal,
  preparedAgreementHolds,
  preparedNow,
  preparedText,
  prefixHolds,
  executionResults,
  validityHolds,
  validityText,
  type PbftLayout,
  type PbftReplicaView,
} from '../../../spec/pbft/invariants.js';
import type { PbftRequest } from '../../../spec/pbft/messages.js';
import type { ReplicaConfig, ReplicaState } from '../../../spec/pbft/state.js';
import { pbftConfig, pbftReplica } from '../../helpers/pbft-replica.js';

const A: PbftRequest = { id: 'c0.0', op: { kind: 'write', value: 'a' } };
const B: PbftRequest = { id: 'c1.0', op: { kind: 'read' } };
const C: PbftRequest = { id: 'c0.1', op: { kind: 'read' } };
const SLOTS = [1, 2, 3];
const NODES = ['clients', 'r0', 'r1', 'r2'];

/** n = 4, f = 1: prepared at 2 prepares; views 0..1. */
const cfg = (self: string, views = 2): ReplicaConfig => pbftConfig(self, { views });
const rs = (self: string, over: Partial<ReplicaState> = {}): ReplicaState => pbftReplica(self, over, { views: 2 });
/** Prepared for `req` at `seq` in its current view: the pre-prepare and two matching prepares. */
const prepared = (self: string, seq: number, req: PbftRequest, over: Partial<ReplicaState> = {}): ReplicaState =>
  rs(self, { log: [{ seq, request: req }], prepares: [{ seq, digest: req.id, from: ['r1', 'r2'] }], ...over });
const view = (locals: unknown[], crashed: boolean[] = locals.map(() => false)): SystemView => ({ locals, crashed, messages: () => [] });
const rv = (committed: PbftReplicaView['committed'], executed: string[] = []): PbftReplicaView => ({ committed, executed });

/** c0 wrote a (result given), c1 read (result given); undefined: pending. */
function history(wrote: RegisterResult | undefined, read: RegisterResult | undefined): ClientHistory<RegisterOp, RegisterResult> {
  return {
    clients: [
      [{ op: A.op, seen: [0, 0], ...(wrote !== undefined ? { result: wrote } : {}) }],
      [{ op: B.op, seen: [0, 0], ...(read !== undefined ? { result: read } : {}) }],
    ],
  };
}

describe('preparedNow: the current view’s prepared certificates after the kept ones', () => {
  it('a pre-prepare with two prepares is prepared; one prepare, or prepares for another digest, is not', () => {
    expect(preparedNow(prepared('r1', 2, A, { view: 1 }))).toEqual([{ view: 1, seq: 2, request: A }]);
    expect(preparedNow(rs('r1', { log: [{ seq: 1, request: A }], prepares: [{ seq: 1, digest: 'c0.0', from: ['r2'] }] }))).toEqual([]);
    expect(preparedNow(rs('r1', { log: [{ seq: 1, request: A }], prepares: [{ seq: 1, digest: 'c1.0', from: ['r2', 'r3'] }] }))).toEqual([]);
    const kept = { view: 0, seq: 1, request: B };
    expect(preparedNow(prepared('r1', 2, A, { view: 1, certificates: [kept] }))).toEqual([kept, { view: 1, seq: 2, request: A }]);
  });

  it('prepared-agreement compares view and seq: one request in two views, or two seqs, is no conflict', () => {
    expect(preparedAgreementHolds([prepared('r1', 1, A), prepared('r2', 1, B, { view: 1 })])).toBe(true);
    expect(preparedAgreementHolds([prepared('r1', 1, A), prepared('r2', 2, B)])).toBe(true);
    expect(preparedAgreementHolds([prepared('r0', 1, A), prepared('r1', 1, A), prepared('r2', 1, B)])).toBe(false);
  });
});

describe('preparedText: the first view and seq prepared for two requests', () => {
  it('holds: same request at (0, 1) everywhere; another one in view 1', () => {
    const reps = [prepared('r0', 1, A), prepared('r1', 1, A), prepared('r2', 1, B, { view: 1 })];
    expect(preparedText(SLOTS, reps, NODES)).toBe('no two correct replicas are prepared for different requests at one view and sequence number');
  });

  it('breaks between r1 and r2 only', () => {
    const reps = [prepared('r0', 1, A), prepared('r1', 1, A), prepared('r2', 1, B)];
    expect(preparedText(SLOTS, reps, NODES)).toBe('r0 prepared c0.0 at view 0 seq 1, r1 prepared c0.0 at view 0 seq 1, r2 prepared c1.0 at view 0 seq 1: two requests');
  });

  it('three requests at one view and seq are counted as three; the null request prints null; missing names fall back to the index', () => {
    const nul = rs('r2', { log: [{ seq: 1, request: null }], prepares: [{ seq: 1, digest: null, from: null }] });
    const reps = [prepared('r0', 1, A), prepared('r1', 1, B), nul];
    expect(preparedText(SLOTS, reps, [])).toBe('replica 0 prepared c0.0 at view 0 seq 1, replica 1 prepared c1.0 at view 0 seq 1, replica 2 prepared null at view 0 seq 1: 3 requests');
  });
});

describe('committedText', () => {
  it('lists every commit of every correct replica in order, named by slot', () => {
    const reps = [rv([]), rv([{ seq: 1, request: A }, { seq: 2, request: null }]), rv([{ seq: 1, request: B }])];
    expect(committedText(SLOTS, reps, NODES)).toBe('r1 committed c0.0 at seq 1, r1 committed null at seq 2, r2 committed c1.0 at seq 1');
    expect(committedText(SLOTS, reps, [])).toBe('replica 1 committed c0.0 at seq 1, replica 1 committed null at seq 2, replica 2 committed c1.0 at seq 1');
  });

  it('nothing committed', () => {
    expect(committedText(SLOTS, [rv([]), rv([])], NODES)).toBe('no correct replica committed anything');
  });
});

describe('validityText: the first committed request no client issued as committed', () => {
  it('holds: issued requests and the null request', () => {
    const reps = [rv([{ seq: 1, request: null }]), rv([{ seq: 1, request: A }, { seq: 2, request: B }])];
    expect(validityText(SLOTS, reps, history(undefined, undefined), NODES)).toBe('every committed request was issued');
  });

  it('a request no client issued, at r2 only (a malformed id, a client that does not exist, a command not issued yet)', () => {
    const h = history(undefined, undefined);
    const ok = rv([{ seq: 1, request: A }]);
    const at = (request: PbftRequest) => validityText(SLOTS, [ok, ok, rv([{ seq: 1, request: A }, { seq: 2, request }])], h, NODES);
    expect(at({ id: 'bogus', op: { kind: 'write', value: 'z' } })).toBe('r2 committed bogus:write(z) at seq 2, which no client issued');
    expect(at({ id: 'c5.0', op: { kind: 'read' } })).toBe('r2 committed c5.0:read() at seq 2, which no client issued');
    expect(at(C)).toBe('r2 committed c0.1:read() at seq 2, which no client issued');
  });

  it('an issued id with another command', () => {
    const h = history(undefined, undefined);
    const forged = rv([{ seq: 1, request: { id: 'c1.0', op: { kind: 'write', value: 'z' } } }]);
    expect(validityText(SLOTS, [rv([]), forged], h, NODES)).toBe('r1 committed c1.0:write(z) at seq 1, but the client issued read()');
  });
});

describe('clientAcceptsText: the first accepted result no correct replica produced', () => {
  const executedAB = rv([{ seq: 1, request: A }, { seq: 2, request: B }], ['c0.0', 'c1.0']);
  const executedA = rv([{ seq: 1, request: A }], ['c0.0']);

  it('holds when one correct replica produced each accepted result (pending ones are skipped)', () => {
    expect(clientAcceptsText(SLOTS, [executedA, executedAB], history('ok', 'a'), NODES)).toBe('every accepted result was produced by a correct replica');
    expect(clientAcceptsText(SLOTS, [executedA], history('ok', undefined), NODES)).toBe('every accepted result was produced by a correct replica');
  });

  it('c1 accepted a result r1 and r2 produced otherwise (c0’s is fine)', () => {
    expect(clientAcceptsText(SLOTS, [executedA, executedAB, executedAB], history('ok', 'z'), NODES)).toBe(
      'c1 accepted c1.0:read() → z, but the correct replicas produced r1 → a, r2 → a',
    );
  });

  it('a read that returned none, and a result accepted before any correct replica executed the request', () => {
    const nullRead = rv([{ seq: 1, request: B }], ['c1.0']);
    expect(clientAcceptsText(SLOTS, [rv([]), nullRead], history(undefined, 'a'), NODES)).toBe('c1 accepted c1.0:read() → a, but the correct replicas produced r1 → none');
    expect(clientAcceptsText(SLOTS, [rv([]), rv([])], history('ok', undefined), NODES)).toBe('c0 accepted c0.0:write(a) → ok, but no correct replica executed it');
  });
});

describe('validity and execution on ids no client issued', () => {
  it('validityHolds: a request of a client that does not exist is not valid', () => {
    const h = history(undefined, undefined);
    expect(validityHolds([rv([{ seq: 1, request: { id: 'c5.0', op: { kind: 'read' } } }])], h)).toBe(false);
    expect(validityHolds([rv([{ seq: 1, request: A }]), rv([{ seq: 1, request: { id: 'c1.0', op: { kind: 'write', value: 'q' } } }])], h)).toBe(false);
  });

  it('executionResults stops at an executed id it finds no committed request for', () => {
    expect([...executionResults(rv([{ seq: 1, request: A }], ['c0.0', 'x', 'c0.0']))]).toEqual([['c0.0', 'ok']]);
    expect([...executionResults(rv([{ seq: 1, request: null }, { seq: 2, request: B }], ['c1.0']))]).toEqual([['c1.0', null]]);
  });
});

describe('prefix', () => {
  it('the longest executed sequence is the reference, whichever replica holds it', () => {
    expect(prefixHolds([rv([], ['c0.0']), rv([], ['c0.0', 'c1.0']), rv([], [])])).toBe(true);
    expect(prefixHolds([rv([], ['c0.0', 'c1.0']), rv([], ['c0.0']), rv([], ['c1.0'])])).toBe(false);
    expect(prefixHolds([rv([], ['c1.0']), rv([], ['c0.0', 'c1.0'])])).toBe(false);
  });
});

describe('pbftProperties: names, descriptions, reads and summaries through the layout', () => {
  const layout: PbftLayout = { correctReplicas: SLOTS, clientsSlot: 0, history: (c) => (c as { history: ClientHistory }).history };
  const clients = (h: ClientHistory) => ({ history: h });

  it('the five safety properties, in PBFT_PROPERTIES’ order, each citing the paper', () => {
    const ps = pbftProperties(layout);
    expect(ps.map((p) => p.name)).toEqual(PBFT_PROPERTIES.slice(0, 5).map((p) => p.name));
    expect(ps.map((p) => p.description)).toEqual([
      'no two correct replicas are prepared for different requests at one view and sequence number (§4.2)',
      'no two correct replicas commit different requests at one sequence number, in any views (§4.5.1)',
      'every request a correct replica commits was issued by a client, with its command, or is the null request (§3, §4.4)',
      'every result a client accepts was produced by a correct replica executing that request (§4.1: f+1 matching replies)',
      "the correct replicas' executed sequences are prefixes of one another: one execution order",
    ]);
    expect(ps.map((p) => p.reads)).toEqual([SLOTS, SLOTS, [1, 2, 3, 0], [1, 2, 3, 0], SLOTS]);
    expect(PBFT_PROPERTIES.map((p) => p.name)).toEqual(['prepared-agreement', 'agreement', 'validity', 'client-accepts-correct', 'prefix', 'linearizable']);
  });

  it('each property reads the correct replicas’ slots only (a Byzantine r3 at slot 4 is ignored) and explains its verdict', () => {
    const [pa, agreement, validity, accepts, prefix] = pbftProperties(layout);
    const h = history('ok', 'z');
    const byz = rs('r3', { log: [{ seq: 1, request: B }], prepares: [{ seq: 1, digest: 'c1.0', from: null }], committed: [{ seq: 1, request: { id: 'bogus', op: { kind: 'read' } } }], executed: ['c1.0'] });
    const good = view([clients(h), prepared('r0', 1, A, { committed: [{ seq: 1, request: A }], executed: ['c0.0'] }), prepared('r1', 1, A), rs('r2'), byz]);
    expect(pa?.holds(good)).toBe(true);
    expect(agreement?.holds(good)).toBe(true);
    expect(validity?.holds(good)).toBe(true);
    expect(prefix?.holds(good)).toBe(true);
    expect(accepts?.holds(good)).toBe(false);
    expect(accepts?.explain?.(good, [...NODES, 'r3'])).toBe('c1 accepted c1.0:read() → z, but no correct replica executed it');

    const bad = view([
      clients(history(undefined, undefined)),
      prepared('r0', 1, A, { committed: [{ seq: 1, request: A }], executed: ['c0.0'] }),
      rs('r1'),
      prepared('r2', 1, B, { committed: [{ seq: 1, request: { id: 'c1.0', op: { kind: 'write', value: 'q' } } }], executed: ['c1.0'] }),
    ]);
    expect([pa, agreement, validity, accepts, prefix].map((p) => p?.holds(bad))).toEqual([false, false, false, true, false]);
    expect(pa?.explain?.(bad, NODES)).toBe('r0 prepared c0.0 at view 0 seq 1, r2 prepared c1.0 at view 0 seq 1: two requests');
    expect(agreement?.explain?.(bad, NODES)).toBe('r0 committed c0.0 at seq 1, r2 committed c1.0 at seq 1');
    expect(validity?.explain?.(bad, NODES)).toBe('r2 committed c1.0:write(q) at seq 1, but the client issued read()');
    expect(accepts?.explain?.(bad, NODES)).toBe('every accepted result was produced by a correct replica');
    expect(prefix?.explain?.(bad, NODES)).toBe('r0 executed [c0.0], r2 executed [c1.0]: they differ at position 1');
  });
});

describe('pbftTemporal: decided, client-answered and the per-client witnesses', () => {
  const layout: PbftLayout = { correctReplicas: [1, 2], clientsSlot: 0, history: (c) => (c as { history: ClientHistory }).history };
  const at = (h: ClientHistory, ...reps: ReplicaState[]) => view([{ history: h }, ...reps, rs('r3', { committed: [{ seq: 1, request: A }, { seq: 2, request: B }] })]);

  it('names, kinds, reads and texts for two clients', () => {
    const ts = pbftTemporal(layout, 2, 1);
    expect(ts.map((t) => [t.name, t.kind])).toEqual([
      ['decided', 'eventually'],
      ['client-answered', 'eventually'],
      ['decides-c0', 'sometimes'],
      ['decides-c1', 'sometimes'],
      ['answers-c0', 'sometimes'],
      ['answers-c1', 'sometimes'],
    ]);
    expect(ts[0]?.description).toBe('eventually some correct replica commits a request (§4.3; not guaranteed without synchrony, by FLP: §4.5.2)');
    expect(ts[0]?.reads).toEqual([1, 2]);
    expect(ts[1]?.description).toBe('every client request is eventually answered (§4.1: with f+1 matching replies: each of the 2 client(s) issues 1 request(s), one at a time)');
    expect(ts[2]?.description).toBe('some run has a correct replica commit a request of client c0 (a witness)');
    expect(ts[3]?.reads).toEqual([1, 2]);
    expect(ts[3]?.unreachable).toBe('no state commits a request of c1');
  });

  it('decided: a request, not the null request, committed by a correct replica (the Byzantine slot 3 does not count)', () => {
    const [decided, , d0, d1] = pbftTemporal(layout, 2, 1);
    const h = history(undefined, undefined);
    expect(decided?.goal(at(h, rs('r0'), rs('r1')))).toBe(false);
    expect(decided?.goal(at(h, rs('r0', { committed: [{ seq: 1, request: null }] }), rs('r1')))).toBe(false);
    const b = at(h, rs('r0', { committed: [{ seq: 1, request: null }] }), rs('r1', { committed: [{ seq: 1, request: null }, { seq: 2, request: B }] }));
    expect(decided?.goal(b)).toBe(true);
    expect(d0?.goal(b)).toBe(false);
    expect(d1?.goal(b)).toBe(true);
    expect(d0?.goal(at(h, rs('r0', { committed: [{ seq: 1, request: C }] }), rs('r1')))).toBe(true);
  });
});

describe('pbftFinal: answered, or no correct replica up owes a view change', () => {
  const layout: PbftLayout = { correctReplicas: [1, 2], clientsSlot: 0, history: (c) => (c as { history: ClientHistory }).history };
  /** r1 (a backup of view 0) holds A, unexecuted: its timer runs. */
  const waiting = (self: string, v = 0) => rs(self, { view: v, requests: [A] });
  const final = (h: ClientHistory, r0: ReplicaState, r1: ReplicaState, crashed = [false, false, false]) => pbftFinal(layout, 1)(view([{ history: h }, r0, r1], crashed));

  it('every client answered is final, whatever the replicas', () => {
    expect(final(history('ok', 'a'), waiting('r0'), waiting('r1'))).toBe(true);
  });

  it('one client pending or one command short is not answered', () => {
    expect(final(history('ok', undefined), rs('r0'), waiting('r1'))).toBe(false);
    expect(pbftFinal(layout, 2)(view([{ history: history('ok', 'a') }, rs('r0'), waiting('r1')]))).toBe(false);
  });

  it('a backup waiting with a view left owes a view change; crashed, out of views, idle or the primary, it does not', () => {
    const h = history(undefined, undefined);
    expect(final(h, rs('r0'), waiting('r1'))).toBe(false);
    expect(final(h, rs('r0'), waiting('r1'), [false, false, true])).toBe(true);
    // r2 in view 1 is a waiting backup (r1 leads view 1), but view 1 is the last of V = 2.
    expect(final(h, rs('r0'), waiting('r2', 1))).toBe(true);
    expect(final(h, rs('r0'), { ...waiting('r2', 1), cfg: cfg('r2', 3) })).toBe(false);
    expect(final(h, rs('r0'), rs('r1', { requests: [A], executed: ['c0.0'] }))).toBe(true);
    // r0 is the primary of view 0: it does not suspect itself.
    expect(final(h, waiting('r0'), rs('r1'))).toBe(true);
    // In view 1, r0 is a backup: waiting with views 0..2 it owes one.
    const three = { ...waiting('r0', 1), cfg: cfg('r0', 3) };
    expect(final(h, three, rs('r1'))).toBe(false);
  });
});
