/**
 * VR's property summaries (`explain`), temporal properties and final states
 * (spec/vr/invariants.ts), over three replicas at slots 1..3 (the clients
 * node at slot 0, as in `vrSystem`). Every expected text is written by hand
 * from the states given; each holding case is built so that a wrong loop
 * bound, a wrong pair or a wrong length (min vs max) would report a
 * difference, and each failing case differs only between the second and
 * third replica, or at op-number 2.
 */
import { describe, expect, it } from 'vitest';
import type { SystemView } from '../../../spec/core/property.js';
import { agreementText, committedSurvivesText, prefixText, vrFinal, vrProperties, vrTemporal, type ReplicaView, type VrLayout } from '../../../spec/vr/invariants.js';
import type { LogEntry } from '../../../spec/vr/messages.js';

const A: LogEntry = { id: 'c0.0', op: { kind: 'write', value: 'a' } };
const B: LogEntry = { id: 'c1.0', op: { kind: 'write', value: 'b' } };
const C: LogEntry = { id: 'c0.1', op: { kind: 'read' } };
const r = (over: Partial<ReplicaView>): ReplicaView => ({ status: 'normal', view: 0, log: [], executed: [], ...over });
const SLOTS = [1, 2, 3];
const NODES = ['clients', 'r0', 'r1', 'r2'];
const view = (locals: unknown[], crashed: boolean[] = locals.map(() => false)): SystemView => ({ locals, crashed, messages: () => [] });

describe('agreementText: the first op-number two replicas executed differently', () => {
  it('holds: executed sequences of different lengths, each a prefix of the longer', () => {
    const rs = [r({ executed: [A] }), r({ executed: [A, B] }), r({ executed: [A, B] })];
    expect(agreementText(SLOTS, rs, NODES)).toBe('no two replicas executed different operations at one op-number');
  });

  it('breaks between r1 and r2 at op 2 only', () => {
    const rs = [r({ executed: [A] }), r({ executed: [A, B] }), r({ executed: [A, C] })];
    expect(agreementText(SLOTS, rs, NODES)).toBe('r1 executed c1.0:write(b) at op 2, r2 executed c0.1:read() at op 2: two operations at op 2');
  });

  it('names replicas by index when the node names are missing', () => {
    expect(agreementText(SLOTS, [r({ executed: [A] }), r({ executed: [B] })], [])).toBe('replica 0 executed c0.0:write(a) at op 1, replica 1 executed c1.0:write(b) at op 1: two operations at op 1');
  });
});

describe('prefixText: the committed logs, up to the shorter commit-number of each pair', () => {
  it('holds: r0 and r1 differ at op 2, but r1 committed only op 1', () => {
    const rs = [r({ log: [A, B], executed: [A, B] }), r({ log: [A, C], executed: [A] }), r({ log: [A], executed: [A] })];
    expect(prefixText(SLOTS, rs, NODES)).toBe('the committed logs are prefixes of one another');
  });

  it('breaks between r1 and r2 at op 2, both committed', () => {
    const rs = [r({ log: [A] }), r({ log: [A, B], executed: [A, B] }), r({ log: [A, C], executed: [A, C] })];
    expect(prefixText(SLOTS, rs, NODES)).toBe('r1 committed c1.0:write(b) at op 2, r2 committed c0.1:read() at op 2: two operations at op 2');
  });
});

describe('committedSurvivesText: a normal replica of a higher view must hold what lower views executed', () => {
  it('holds: r1 (view 1) holds r0’s op; r2 in a view change of view 2 is not bound yet', () => {
    const rs = [r({ view: 0, log: [A], executed: [A] }), r({ view: 1, log: [A, B], executed: [A, B] }), r({ status: 'view-change', view: 2 })];
    expect(committedSurvivesText(SLOTS, rs, NODES)).toBe('every committed operation survives');
  });

  it('holds: replicas of the same view are not compared with each other', () => {
    const rs = [r({ view: 1, log: [A], executed: [A] }), r({ view: 1, log: [A, B], executed: [A, B] }), r({ view: 0, log: [A], executed: [A] })];
    expect(committedSurvivesText(SLOTS, rs, NODES)).toBe('every committed operation survives');
  });

  it('breaks at op 2: r1 holds another request where r0 executed one', () => {
    const rs = [r({ view: 0, log: [A, B], executed: [A, B] }), r({ view: 1, log: [A, C], executed: [A] }), r({ status: 'view-change', view: 1 })];
    expect(committedSurvivesText(SLOTS, rs, NODES)).toBe('r1 is normal in view 1 without c1.0:write(b) at op 2, which r0 (view 0) executed; it holds c0.1:read() there');
  });

  it('breaks at op 1 between r1 and r2: r2 holds nothing there', () => {
    const rs = [r({ view: 0 }), r({ view: 0, log: [A], executed: [A] }), r({ view: 1 })];
    expect(committedSurvivesText(SLOTS, rs, NODES)).toBe('r2 is normal in view 1 without c0.0:write(a) at op 1, which r1 (view 0) executed; it holds nothing there');
  });
});

describe('vrProperties: descriptions and summaries through the slots', () => {
  it('each property cites the paper and explains the state it reads', () => {
    const [agreement, prefix, survives] = vrProperties(SLOTS);
    expect(agreement?.description).toMatch(/^no two replicas execute different operations at the same op-number .*§2-§4\.1/);
    expect(prefix?.description).toMatch(/^the committed parts of the replicas' logs .*§4\.1, §4\.2/);
    expect(survives?.description).toMatch(/^every committed operation survives into all subsequent views .*§4\.2/);
    const bad = view([{}, r({ executed: [A], log: [A] }), r({ view: 1, log: [B], executed: [B] }), r({})]);
    expect(agreement?.explain?.(bad, NODES)).toBe('r0 executed c0.0:write(a) at op 1, r1 executed c1.0:write(b) at op 1: two operations at op 1');
    expect(prefix?.explain?.(bad, NODES)).toBe('r0 committed c0.0:write(a) at op 1, r1 committed c1.0:write(b) at op 1: two operations at op 1');
    expect(survives?.explain?.(bad, NODES)).toBe('r1 is normal in view 1 without c0.0:write(a) at op 1, which r0 (view 0) executed; it holds c1.0:write(b) there');
  });
});

const W = (value: string) => ({ kind: 'write', value }) as const;
const history = (answered: boolean) => ({ clients: [[answered ? { op: W('a'), seen: [0], result: 'ok' } : { op: W('a'), seen: [0] }]] });
const clients = (answered: boolean) => ({ history: history(answered) });

describe('vrTemporal: decided, client-answered and the per-client witnesses', () => {
  const layout: VrLayout = { replicaSlots: SLOTS, timerSlots: [2, 3], clientsSlot: 0, history: (c) => (c as { history: ReturnType<typeof history> }).history };
  // Built inside each `it` (a call at load time would make Stryker count vrTemporal's mutants as static).
  const byName = (n: string) => vrTemporal(layout, 2, 1).find((p) => p.name === n);

  it('the properties of two clients, one command each', () => {
    expect(vrTemporal(layout, 2, 1).map((p) => p.name)).toEqual(['decided', 'client-answered', 'decides-c0', 'decides-c1', 'answers-c0', 'answers-c1']);
    expect(byName('decided')?.kind).toBe('eventually');
    expect(byName('decided')?.reads).toEqual(SLOTS);
    expect(byName('decided')?.description).toMatch(/^eventually some replica executes an operation \(§4\.1.*FLP/);
    expect(byName('client-answered')?.description).toContain('VR §4.1: the primary replies once the operation commits');
    expect(byName('decides-c1')?.description).toBe('some run has a replica execute a request of client c1 (a witness, §4.1)');
    expect(byName('decides-c1')?.unreachable).toBe('no state executes a request of c1');
  });

  it('decided: some replica executed something (a log entry alone is not enough)', () => {
    const none = view([clients(false), r({ log: [A] }), r({}), r({})]);
    const one = view([clients(false), r({}), r({}), r({ log: [B], executed: [B] })]);
    expect(byName('decided')?.goal(none)).toBe(false);
    expect(byName('decided')?.goal(one)).toBe(true);
  });

  it('decides-c<c>: a replica executed a request of client c', () => {
    const onlyC1 = view([clients(false), r({}), r({}), r({ log: [B], executed: [B] })]);
    expect(byName('decides-c1')?.goal(onlyC1)).toBe(true);
    expect(byName('decides-c0')?.goal(onlyC1)).toBe(false);
  });
});

describe('vrFinal: every client answered, or no timer backup still owes a view change', () => {
  // r1 and r2 (slots 2, 3) have timers; V = 3 (view 3 is led by r0).
  const layout: VrLayout = { replicaSlots: SLOTS, timerSlots: [2, 3], clientsSlot: 0, history: (c) => (c as { history: ReturnType<typeof history> }).history };
  const final = (v: SystemView) => vrFinal(layout, 1)(v);
  const rep = (self: string, v: number, status: ReplicaView['status'] = 'normal') => ({ ...r({ view: v, status }), cfg: { maxView: 3, replicas: ['r0', 'r1', 'r2'], self } });
  const at = (answered: boolean, r1: unknown, r2: unknown, crashed = [false, false, false, false]) => view([clients(answered), rep('r0', 0), r1, r2], crashed);

  it('not final: r1 is a normal backup below V (r2 has spent its views)', () => {
    expect(final(at(false, rep('r1', 0), rep('r2', 3)))).toBe(false);
  });

  it('final: every timer backup is at V, neither leading it', () => {
    expect(final(at(false, rep('r1', 3), rep('r2', 3)))).toBe(true);
  });

  it('final: r1 below V has crashed', () => {
    expect(final(at(false, rep('r1', 0), rep('r2', 3), [false, false, true, false]))).toBe(true);
  });

  it('final: r1 leads view 1 in the normal status (a primary never suspects itself); not while still changing views', () => {
    expect(final(at(false, rep('r1', 1), rep('r2', 3)))).toBe(true);
    expect(final(at(false, rep('r1', 1, 'view-change'), rep('r2', 3)))).toBe(false);
  });

  it('final: every client answered, whatever the replicas owe', () => {
    expect(final(at(true, rep('r1', 0), rep('r2', 0)))).toBe(true);
  });
});
