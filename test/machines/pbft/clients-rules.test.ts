/**
 * The PBFT clients node (machines/pbft/clients.machine.ts, §4.1) with two
 * clients pending at once and with K = 2: each client's replies are counted
 * and cleared apart from the other's, a reply to a command that already
 * returned is refused once the next one is pending, a client sends only to
 * its own targets, and commands stop at K.
 */
import { describe, expect, it } from 'vitest';
import { clientsMachine } from '../../../machines/pbft/clients.machine.js';
import type { ClientRequest, ReplyMsg } from '../../../spec/pbft/messages.js';
import type { ClientsConfig } from '../../../spec/pbft/state.js';
import { start, step, steps } from '../../helpers/machines.js';

const R = ['r0', 'r1', 'r2', 'r3'];
const cfg = (over: Partial<ClientsConfig> = {}): ClientsConfig => ({ self: 'clients', commands: 1, targets: [R, R], replyQuorum: 2, ...over });
const REQ = (client: number): ClientRequest => ({ type: 'REQUEST', client });
const reply = (from: string, id: string, result: string | null = 'ok'): ReplyMsg => ({ type: 'pbft.reply', from, to: 'clients', id, result });

describe('two clients pending at once', () => {
  it('replies are counted per client; a result clears only its client’s replies', () => {
    const both = steps(clientsMachine, start(clientsMachine, cfg()).next, [REQ(0), REQ(1), reply('r1', 'c0.0'), reply('r1', 'c1.0', null)]).next;
    expect(both.context.replies).toEqual([[{ from: 'r1', result: 'ok' }], [{ from: 'r1', result: null }]]);
    // r1's reply to c0 says nothing of c1: r2's reply to c1 is c1's second vote... for another result.
    const c1 = step(clientsMachine, both, reply('r2', 'c1.0', 'a')).next;
    expect(c1.context.replies).toEqual([[{ from: 'r1', result: 'ok' }], [{ from: 'r1', result: null }, { from: 'r2', result: 'a' }]]);
    const done = step(clientsMachine, c1, reply('r3', 'c1.0', null)).next;
    expect(done.context.history.clients[1]?.[0]?.result).toBeNull();
    expect(done.context.replies).toEqual([[{ from: 'r1', result: 'ok' }], []]);
    expect(done.context.history.clients[0]?.[0]).not.toHaveProperty('result');
  });

  it('a reply of one client does not complete the other’s quorum', () => {
    const s = steps(clientsMachine, start(clientsMachine, cfg()).next, [REQ(0), REQ(1), reply('r1', 'c0.0')]).next;
    const after = step(clientsMachine, s, reply('r2', 'c1.0')).next;
    expect(after.context.history.clients.map((ops) => ops[0]?.result)).toEqual([undefined, undefined]);
  });

  it('each client sends to its own targets only', () => {
    const { sent } = step(clientsMachine, start(clientsMachine, cfg({ targets: [['r0'], ['r1', 'r2']] })).next, REQ(1));
    expect(sent.map((m) => m.to)).toEqual(['r1', 'r2']);
  });
});

describe('K = 2: one command at a time', () => {
  it('the second command is pending: a late reply to the first is refused, one to the second is taken; no third', () => {
    const c = cfg({ commands: 2, targets: [R] });
    const first = steps(clientsMachine, start(clientsMachine, c).next, [REQ(0), reply('r1', 'c0.0'), reply('r2', 'c0.0')]).next;
    expect(first.context.history.clients[0]?.[0]?.result).toBe('ok');
    const second = step(clientsMachine, first, REQ(0)).next;
    expect(second.can(reply('r3', 'c0.0'))).toBe(false);
    expect(second.can(reply('r3', 'c0.1'))).toBe(true);
    expect(second.can(reply('r3', 'c0.2'))).toBe(false);
    expect(second.can(REQ(0))).toBe(false);
    const done = steps(clientsMachine, second, [reply('r1', 'c0.1', 'a'), reply('r3', 'c0.1', 'a')]).next;
    expect(done.context.history.clients[0]?.map((op) => op.result)).toEqual(['ok', 'a']);
    expect(done.can(REQ(0))).toBe(false);
  });

  it('a reply before the client requested anything is refused', () => {
    expect(start(clientsMachine, cfg()).next.can(reply('r1', 'c0.0'))).toBe(false);
    expect(start(clientsMachine, cfg()).next.can(REQ(2))).toBe(false);
  });
});
