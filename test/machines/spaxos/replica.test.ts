/**
 * S-Paxos replica machine (SRDS 2012 §IV), one pure step at a time:
 * dissemination (the coordinator forwards, every holder acks), stability at
 * f+1 holders and the hand-over of the id to the local proposer (exactly
 * once; at once under `order-unstable`), and execution of decided ids once
 * their request is held, answered by the coordinator only.
 */
import { describe, expect, it } from 'vitest';
import { SPAXOS_BUG_REPLICAS } from '../../../machines/spaxos/bugs.js';
import { spaxosReplicaMachine } from '../../../machines/spaxos/replica.machine.js';
import { spaxosSystem } from '../../../machines/spaxos/system.js';
import type { AcceptedMsg, Batch, DecideMsg, RequestMsg } from '../../../spec/multipaxos/messages.js';
import type { RegisterOp } from '../../../spec/multipaxos/register.js';
import type { AckMsg, ForwardMsg, SPaxosMessage } from '../../../spec/spaxos/messages.js';
import type { SPaxosReplicaConfig, SPaxosReplicaState } from '../../../spec/spaxos/state.js';
import { restore, start, step, steps } from '../../helpers/machines.js';

const REPLICAS = ['r0', 'r1', 'r2'];
const WA: RegisterOp = { kind: 'write', value: 'a' };
const READ: RegisterOp = { kind: 'read' };

/** r<i> of 3 (f = 1, stable at 2 holders); r0 and r1 host p0 and p1, r2 none. */
function cfg(i = 0, over: Partial<SPaxosReplicaConfig> = {}): SPaxosReplicaConfig {
  return {
    self: `r${i}`,
    replicas: REPLICAS,
    stableAcks: 2,
    slots: 2,
    decisionQuorum: 2,
    clients: 'clients',
    proposer: i < 2 ? `p${i}` : null,
    ...over,
  };
}

function state(over: Partial<Omit<SPaxosReplicaState, 'cfg'>> = {}, c: SPaxosReplicaConfig = cfg()): SPaxosReplicaState {
  return { cfg: c, requests: [], acks: [], stable: [], log: new Array<Batch | null>(c.slots).fill(null), tallies: [], executed: [], ...over };
}

const at = (s: SPaxosReplicaState) => restore(spaxosReplicaMachine, 'serving', s);
const fresh = (c: SPaxosReplicaConfig = cfg()) => start(spaxosReplicaMachine, c).next;

const clientReq = (id: string, op: RegisterOp, to = 'r0'): RequestMsg => ({ type: 'mp.request', from: 'clients', to, entry: { id, op } });
const forward = (id: string, op: RegisterOp, from: string, to: string): ForwardMsg => ({ type: 'sp.forward', from, to, entry: { id, op } });
const ack = (id: string, from: string, to = 'r0'): AckMsg => ({ type: 'sp.ack', from, to, id });
const decide = (slot: number, ids: string[], to = 'r0'): DecideMsg => ({ type: 'mp.decide', from: 'p0', to, slot, batch: ids.map((id) => ({ id })) });
const accepted = (from: string, slot: number, ids: string[], to = 'r0'): AcceptedMsg => ({
  type: 'mp.accepted',
  from,
  to,
  ballot: 0,
  slot,
  batch: ids.map((id) => ({ id })),
});
const stableNotice = (id: string, from = 'r0', to = 'p0'): RequestMsg => ({ type: 'mp.request', from, to, entry: { id } });
const isNotice = (m: SPaxosMessage) => m.type === 'mp.request';

describe('spaxos replica: start and wiring', () => {
  it('starts holding nothing, sending nothing', () => {
    const { next, sent } = start(spaxosReplicaMachine, cfg());
    expect(next.value).toBe('serving');
    expect(next.context).toEqual(state());
    expect(sent).toEqual([]);
  });

  it('spaxosSystem: stable at f+1, majority decisions, replica ri tells proposer pi (i < P)', () => {
    const system = spaxosSystem({ clients: 1, commands: 1, replicas: 5, proposers: 2, slots: 1, rounds: 1 }, { variant: 'leader' });
    const inputs = system.nodes.filter((n) => n.role === 'replica').map((n) => n.input as SPaxosReplicaConfig);
    expect(inputs.map((c) => c.self)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
    expect(inputs.map((c) => c.proposer)).toEqual(['p0', 'p1', null, null, null]);
    expect(inputs.every((c) => c.stableAcks === 3 && c.decisionQuorum === 3 && !('bug' in c))).toBe(true);
  });
});

describe('spaxos replica: dissemination and stability', () => {
  it('the coordinator holds a client request, forwards it to the others and acks it to the others', () => {
    const { next, sent } = step(spaxosReplicaMachine, fresh(), clientReq('c0.0', WA));
    expect(next.context.requests).toEqual([{ id: 'c0.0', op: WA, mine: true }]);
    expect(next.context.acks).toEqual([{ id: 'c0.0', replicas: ['r0'] }]);
    expect(next.context.stable).toEqual([]);
    expect(sent).toEqual([
      forward('c0.0', WA, 'r0', 'r1'),
      forward('c0.0', WA, 'r0', 'r2'),
      { type: 'sp.ack', from: 'r0', to: 'r1', id: 'c0.0' },
      { type: 'sp.ack', from: 'r0', to: 'r2', id: 'c0.0' },
    ]);
  });

  it('a replica that gets a forward holds it (not as coordinator) and only acks it to the others', () => {
    const { next, sent } = step(spaxosReplicaMachine, fresh(cfg(2)), forward('c0.0', WA, 'r0', 'r2'));
    expect(next.context.requests).toEqual([{ id: 'c0.0', op: WA, mine: false }]);
    expect(sent).toEqual([
      { type: 'sp.ack', from: 'r2', to: 'r0', id: 'c0.0' },
      { type: 'sp.ack', from: 'r2', to: 'r1', id: 'c0.0' },
    ]);
  });

  it('the id is stable at f+1 holders (its own ack included) and goes to its proposer exactly once', () => {
    const s1 = step(spaxosReplicaMachine, fresh(), clientReq('c0.0', WA)).next;
    const two = step(spaxosReplicaMachine, s1, ack('c0.0', 'r2'));
    expect(two.next.context.stable).toEqual(['c0.0']);
    expect(two.next.context.acks).toEqual([]);
    expect(two.sent).toEqual([stableNotice('c0.0')]);
    const more = steps(spaxosReplicaMachine, two.next, [ack('c0.0', 'r1'), ack('c0.0', 'r2'), clientReq('c0.0', WA)]);
    expect(more.sent).toEqual([]);
    expect(more.next.context).toEqual(two.next.context);
  });

  it('a repeated ack from one replica does not make the id stable', () => {
    const s1 = step(spaxosReplicaMachine, fresh(cfg(0, { stableAcks: 3 })), clientReq('c0.0', WA)).next;
    const { next, sent } = steps(spaxosReplicaMachine, s1, [ack('c0.0', 'r1'), ack('c0.0', 'r1')]);
    expect(next.context.acks).toEqual([{ id: 'c0.0', replicas: ['r0', 'r1'] }]);
    expect(next.context.stable).toEqual([]);
    expect(sent).toEqual([]);
    expect(step(spaxosReplicaMachine, next, ack('c0.0', 'r2')).sent).toEqual([stableNotice('c0.0')]);
  });

  it('acks of others can make an id stable before this replica holds it; the later forward does not hand it over again', () => {
    const c = cfg(1);
    const { next: s2, sent: first } = steps(spaxosReplicaMachine, fresh(c), [ack('c0.0', 'r0', 'r1'), ack('c0.0', 'r2', 'r1')]);
    expect(s2.context.stable).toEqual(['c0.0']);
    expect(s2.context.requests).toEqual([]);
    expect(first).toEqual([stableNotice('c0.0', 'r1', 'p1')]);
    const { next, sent } = step(spaxosReplicaMachine, s2, forward('c0.0', WA, 'r0', 'r1'));
    expect(next.context.requests).toEqual([{ id: 'c0.0', op: WA, mine: false }]);
    expect(sent.filter(isNotice)).toEqual([]);
  });

  it('an ack before the forward, then the forward: its own hold completes f+1 and hands the id over once', () => {
    const c = cfg(1);
    const { next, sent } = steps(spaxosReplicaMachine, fresh(c), [ack('c0.0', 'r0', 'r1'), forward('c0.0', WA, 'r0', 'r1'), ack('c0.0', 'r2', 'r1')]);
    expect(next.context.stable).toEqual(['c0.0']);
    expect(sent.filter(isNotice)).toEqual([stableNotice('c0.0', 'r1', 'p1')]);
  });

  it('a replica without a proposer never hands ids over', () => {
    const { next, sent } = steps(spaxosReplicaMachine, fresh(cfg(2)), [forward('c0.0', WA, 'r0', 'r2'), ack('c0.0', 'r0', 'r2'), ack('c0.0', 'r1', 'r2')]);
    expect(next.context.stable).toEqual(['c0.0']);
    expect(sent.filter(isNotice)).toEqual([]);
  });

  it('with stableAcks 1 (n = 1) the request is stable as soon as it is held', () => {
    const c: SPaxosReplicaConfig = { ...cfg(0), replicas: ['r0'], stableAcks: 1, decisionQuorum: 1 };
    const { next, sent } = step(spaxosReplicaMachine, fresh(c), clientReq('c0.0', WA));
    expect(next.context.stable).toEqual(['c0.0']);
    expect(sent).toEqual([stableNotice('c0.0')]);
  });

  it('keeps requests, ack sets and stable ids sorted by id', () => {
    const c = cfg(0, { stableAcks: 3 });
    const { next } = steps(spaxosReplicaMachine, fresh(c), [
      clientReq('c1.0', READ),
      clientReq('c0.0', WA),
      ack('c2.0', 'r2'),
      ack('c1.0', 'r1'),
      ack('c1.0', 'r2'),
      ack('c0.0', 'r2'),
    ]);
    expect(next.context.requests.map((q) => q.id)).toEqual(['c0.0', 'c1.0']);
    expect(next.context.acks).toEqual([
      { id: 'c0.0', replicas: ['r0', 'r2'] },
      { id: 'c2.0', replicas: ['r2'] },
    ]);
    expect(next.context.stable).toEqual(['c1.0']);
  });

  it('a request it already holds is ignored', () => {
    const s1 = step(spaxosReplicaMachine, fresh(cfg(1)), forward('c0.0', WA, 'r0', 'r1')).next;
    expect(s1.can(forward('c0.0', WA, 'r0', 'r1'))).toBe(false);
    const { next, sent } = steps(spaxosReplicaMachine, s1, [forward('c0.0', WA, 'r0', 'r1'), clientReq('c0.0', WA, 'r1')]);
    expect(next.context).toEqual(s1.context);
    expect(sent).toEqual([]);
  });
});

describe('spaxos replica: order-unstable', () => {
  const unstable = SPAXOS_BUG_REPLICAS['order-unstable'];
  const bad = (i = 0) => start(unstable, cfg(i)).next;

  it('hands the id to its proposer as soon as it holds the request, before f+1 acks', () => {
    const { next, sent } = step(unstable, bad(), clientReq('c0.0', WA));
    expect(next.context.stable).toEqual([]);
    expect(sent.filter(isNotice)).toEqual([stableNotice('c0.0')]);
    expect(sent.filter((m) => m.type !== 'mp.request')).toHaveLength(4);
  });

  it('does not hand it over again when the id later becomes stable', () => {
    const { next, sent } = steps(unstable, bad(), [clientReq('c0.0', WA), ack('c0.0', 'r1'), ack('c0.0', 'r2')]);
    expect(next.context.stable).toEqual(['c0.0']);
    expect(sent.filter(isNotice)).toEqual([stableNotice('c0.0')]);
  });

  it('a forward is handed over at once too', () => {
    const { sent } = step(unstable, bad(1), forward('c0.0', WA, 'r0', 'r1'));
    expect(sent.filter(isNotice)).toEqual([stableNotice('c0.0', 'r1', 'p1')]);
  });
});

describe('spaxos replica: learning and execution', () => {
  it('a decided id whose request is not held waits; the request arriving at its coordinator executes it and replies', () => {
    const one = step(spaxosReplicaMachine, fresh(), decide(0, ['c0.0']));
    expect(one.next.context.log).toEqual([[{ id: 'c0.0' }], null]);
    expect(one.next.context.executed).toEqual([]);
    expect(one.sent).toEqual([]);
    const two = step(spaxosReplicaMachine, one.next, clientReq('c0.0', WA));
    expect(two.next.context.executed).toEqual(['c0.0']);
    expect(two.sent.filter((m) => m.type === 'mp.reply')).toEqual([{ type: 'mp.reply', from: 'r0', to: 'clients', id: 'c0.0', result: 'ok' }]);
    // The reply comes after the dissemination messages.
    expect(two.sent.at(-1)?.type).toBe('mp.reply');
  });

  it('a non-coordinator executes once the forward arrives, but does not reply', () => {
    const c = cfg(2);
    const { next, sent } = steps(spaxosReplicaMachine, fresh(c), [decide(0, ['c0.0'], 'r2'), forward('c0.0', WA, 'r0', 'r2')]);
    expect(next.context.executed).toEqual(['c0.0']);
    expect(sent.filter((m) => m.type === 'mp.reply')).toEqual([]);
  });

  it('a decision for held requests executes them in slot order; the coordinator answers only its own', () => {
    const s = state({
      requests: [
        { id: 'c0.0', op: WA, mine: false },
        { id: 'c1.0', op: READ, mine: true },
      ],
      stable: ['c0.0', 'c1.0'],
    });
    const one = step(spaxosReplicaMachine, at(s), decide(1, ['c1.0']));
    expect(one.next.context.executed).toEqual([]);
    expect(one.sent).toEqual([]);
    const two = step(spaxosReplicaMachine, one.next, decide(0, ['c0.0']));
    expect(two.next.context.executed).toEqual(['c0.0', 'c1.0']);
    expect(two.sent).toEqual([{ type: 'mp.reply', from: 'r0', to: 'clients', id: 'c1.0', result: 'a' }]);
  });

  it('execution stops at a decided id whose request is missing, even if later ones are held', () => {
    const s = state({ requests: [{ id: 'c1.0', op: READ, mine: true }], log: [[{ id: 'c0.0' }], null] });
    const { next, sent } = step(spaxosReplicaMachine, at(s), decide(1, ['c1.0']));
    expect(next.context.executed).toEqual([]);
    expect(sent).toEqual([]);
  });

  it('2b to all: decides at decisionQuorum 2b of one ballot, then executes', () => {
    const s = state({ requests: [{ id: 'c0.0', op: WA, mine: true }] });
    const one = step(spaxosReplicaMachine, at(s), accepted('a1', 0, ['c0.0']));
    expect(one.next.context.tallies).toHaveLength(1);
    expect(one.sent).toEqual([]);
    const two = step(spaxosReplicaMachine, one.next, accepted('a2', 0, ['c0.0']));
    expect(two.next.context.tallies).toEqual([]);
    expect(two.next.context.executed).toEqual(['c0.0']);
    expect(two.sent).toEqual([{ type: 'mp.reply', from: 'r0', to: 'clients', id: 'c0.0', result: 'ok' }]);
  });

  it('ignores a decision for a slot already decided', () => {
    const s = state({ log: [[{ id: 'c0.0' }], null] });
    const { next, sent } = steps(spaxosReplicaMachine, at(s), [decide(0, ['c1.0']), accepted('a0', 0, ['c1.0']), accepted('a1', 0, ['c1.0'])]);
    expect(next.context).toEqual(s);
    expect(sent).toEqual([]);
  });
});
