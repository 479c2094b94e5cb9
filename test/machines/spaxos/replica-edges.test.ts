/**
 * S-Paxos replica (machines/spaxos/replica.machine.ts), the edges the main
 * replica test leaves: a request that arrives without its command (a stable
 * notice sent to a replica by mistake) is an error, not a silent hold; an
 * ack of an id that is stable already changes nothing and reopens no ack
 * set; the hold of a request acks it to the others before anything is
 * executed, and a coordinator that holds two requests answers both once
 * they are decided, in slot order; a replica with stableAcks 3 (n = 5)
 * hands the id over at the third holder, not the second; stable ids and ack
 * holders stay sorted when they arrive out of order; a decided slot's
 * Decide or Accepted cannot be taken (`can` false: the guard refuses it).
 */
import { describe, expect, it } from 'vitest';
import { spaxosReplicaMachine } from '../../../machines/spaxos/replica.machine.js';
import type { AcceptedMsg, DecideMsg, RequestMsg } from '../../../spec/multipaxos/messages.js';
import type { RegisterOp } from '../../../spec/multipaxos/register.js';
import type { AckMsg, ForwardMsg } from '../../../spec/spaxos/messages.js';
import type { SPaxosReplicaConfig } from '../../../spec/spaxos/state.js';
import { start, step, steps } from '../../helpers/machines.js';

const WA: RegisterOp = { kind: 'write', value: 'a' };
const WB: RegisterOp = { kind: 'write', value: 'b' };

function cfg(over: Partial<SPaxosReplicaConfig> = {}): SPaxosReplicaConfig {
  return { self: 'r0', replicas: ['r0', 'r1', 'r2'], stableAcks: 2, slots: 2, decisionQuorum: 2, clients: 'clients', proposer: 'p0', ...over };
}
const fresh = (c = cfg()) => start(spaxosReplicaMachine, c).next;
const clientReq = (id: string, op: RegisterOp = WA): RequestMsg => ({ type: 'mp.request', from: 'clients', to: 'r0', entry: { id, op } });
const ack = (id: string, from: string): AckMsg => ({ type: 'sp.ack', from, to: 'r0', id });
const decide = (slot: number, id: string): DecideMsg => ({ type: 'mp.decide', from: 'p0', to: 'r0', slot, batch: [{ id }] });
const notice = (id: string): RequestMsg => ({ type: 'mp.request', from: 'r0', to: 'p0', entry: { id } });

describe('spaxos replica: edges', () => {
  it('a request or forward without its command is an error, naming the id', () => {
    const bare: RequestMsg = { type: 'mp.request', from: 'p1', to: 'r0', entry: { id: 'c0.0' } };
    expect(() => step(spaxosReplicaMachine, fresh(), bare)).toThrow('request c0.0 arrived without its command');
    const bareForward = { type: 'sp.forward', from: 'r1', to: 'r0', entry: { id: 'c1.0' } } as unknown as ForwardMsg;
    expect(() => step(spaxosReplicaMachine, fresh(), bareForward)).toThrow('request c1.0 arrived without its command');
  });

  it('acks of a stable id change nothing: no ack set comes back, nothing is sent', () => {
    const stable = steps(spaxosReplicaMachine, fresh(cfg({ proposer: null })), [ack('c0.0', 'r1'), ack('c0.0', 'r2')]).next;
    expect(stable.context.stable).toEqual(['c0.0']);
    expect(stable.context.acks).toEqual([]);
    // One late ack (its own, then a repeated one): no ack set of one holder reappears for a stable id.
    for (const late of [ack('c0.0', 'r0'), ack('c0.0', 'r1')]) {
      const { next, sent } = step(spaxosReplicaMachine, stable, late);
      expect(next.context).toEqual(stable.context);
      expect(sent).toEqual([]);
    }
  });

  it('stableAcks 3: the third holder makes the id stable and hands it over, the second does not', () => {
    const c = cfg({ replicas: ['r0', 'r1', 'r2', 'r3', 'r4'], stableAcks: 3, decisionQuorum: 3 });
    const two = steps(spaxosReplicaMachine, fresh(c), [clientReq('c0.0'), ack('c0.0', 'r3')]);
    expect(two.next.context.stable).toEqual([]);
    expect(two.next.context.acks).toEqual([{ id: 'c0.0', replicas: ['r0', 'r3'] }]);
    expect(two.sent.filter((m) => m.type === 'mp.request')).toEqual([]);
    const three = step(spaxosReplicaMachine, two.next, ack('c0.0', 'r1'));
    expect(three.next.context.stable).toEqual(['c0.0']);
    expect(three.next.context.acks).toEqual([]);
    expect(three.sent).toEqual([notice('c0.0')]);
  });

  it('the ack sets of two ids are kept apart: stability of one leaves the other’s set', () => {
    const { next, sent } = steps(spaxosReplicaMachine, fresh(cfg({ proposer: null })), [ack('c1.0', 'r1'), ack('c0.0', 'r2'), ack('c1.0', 'r2')]);
    expect(next.context.stable).toEqual(['c1.0']);
    expect(next.context.acks).toEqual([{ id: 'c0.0', replicas: ['r2'] }]);
    expect(sent).toEqual([]);
  });

  it('a coordinator of two decided requests answers both, in slot order, when the second arrives', () => {
    const { next, sent } = steps(spaxosReplicaMachine, fresh(), [decide(0, 'c1.0'), decide(1, 'c0.0'), clientReq('c0.0', { kind: 'read' }), clientReq('c1.0', WB)]);
    expect(next.context.executed).toEqual(['c1.0', 'c0.0']);
    expect(sent.filter((m) => m.type === 'mp.reply')).toEqual([
      { type: 'mp.reply', from: 'r0', to: 'clients', id: 'c1.0', result: 'ok' },
      { type: 'mp.reply', from: 'r0', to: 'clients', id: 'c0.0', result: 'b' },
    ]);
    // The acks of c1.0 come before its replies; nothing goes to the proposer (not stable yet).
    const last = sent.slice(-4);
    expect(last.map((m) => m.type)).toEqual(['sp.ack', 'sp.ack', 'mp.reply', 'mp.reply']);
  });

  it('refuses (cannot take) a Decide or an Accepted for a decided slot; takes them for an undecided one', () => {
    const accepted = (slot: number, id: string): AcceptedMsg => ({ type: 'mp.accepted', from: 'a1', to: 'r0', ballot: 0, slot, batch: [{ id }] });
    const decided = step(spaxosReplicaMachine, fresh(), decide(0, 'c0.0')).next;
    expect(decided.context.log).toEqual([[{ id: 'c0.0' }], null]);
    expect(decided.can(decide(0, 'c1.0'))).toBe(false);
    expect(decided.can(accepted(0, 'c1.0'))).toBe(false);
    expect(decided.can(decide(1, 'c1.0'))).toBe(true);
    expect(decided.can(accepted(1, 'c1.0'))).toBe(true);
  });

  it('stable ids and ack holders stay sorted whatever the order they come in', () => {
    const c = cfg({ proposer: null, replicas: ['r0', 'r1', 'r2', 'r3', 'r4'], stableAcks: 3, decisionQuorum: 3 });
    const { next } = steps(spaxosReplicaMachine, fresh(c), [ack('c0.0', 'r4'), ack('c0.0', 'r2'), ack('c0.0', 'r3')]);
    expect(next.context.acks).toEqual([]);
    expect(next.context.stable).toEqual(['c0.0']);
    const two = steps(spaxosReplicaMachine, fresh(c), [ack('c1.0', 'r4'), ack('c1.0', 'r2')]).next;
    expect(two.context.acks).toEqual([{ id: 'c1.0', replicas: ['r2', 'r4'] }]);
    // c1.0 stable first, then c0.0 (smaller), then c2.0 (larger).
    const ids = (id: string) => [ack(id, 'r3'), ack(id, 'r2'), ack(id, 'r1')];
    const { next: all } = steps(spaxosReplicaMachine, fresh(c), [...ids('c1.0'), ...ids('c0.0'), ...ids('c2.0')]);
    expect(all.context.stable).toEqual(['c0.0', 'c1.0', 'c2.0']);
    expect(all.context.acks).toEqual([]);
  });

  it('requests and ack sets are kept by id, whichever comes first: in order, and out of order', () => {
    const c = cfg({ proposer: null, replicas: ['r0', 'r1', 'r2', 'r3', 'r4'], stableAcks: 3, decisionQuorum: 3 });
    for (const order of [['c0.0', 'c1.0', 'c2.0'], ['c2.0', 'c0.0', 'c1.0']]) {
      const { next } = steps(spaxosReplicaMachine, fresh(c), order.map((id) => clientReq(id)));
      expect(next.context.requests.map((r) => r.id)).toEqual(['c0.0', 'c1.0', 'c2.0']);
      const acked = steps(spaxosReplicaMachine, fresh(c), order.map((id) => ack(id, 'r4'))).next;
      expect(acked.context.acks.map((a) => a.id)).toEqual(['c0.0', 'c1.0', 'c2.0']);
    }
  });
});
