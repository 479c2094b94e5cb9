/**
 * The PBFT clients node (§4.1), one pure step at a time: a REQUEST goes to
 * every target and is recorded; a result is accepted on f+1 matching replies
 * from distinct replicas (on the first under `client-one-reply`).
 */
import { describe, expect, it } from 'vitest';
import { clientsMachine } from '../../../machines/pbft/clients.machine.js';
import { clientOp } from '../../../spec/multipaxos/register.js';
import type { ClientRequest, ReplyMsg } from '../../../spec/pbft/messages.js';
import type { ClientsConfig } from '../../../spec/pbft/state.js';
import { start, step, steps } from '../../helpers/machines.js';

const REPLICAS = ['r0', 'r1', 'r2', 'r3'];

/** Two clients, K = 1, n = 4, f = 1: two matching replies make a result. */
function cfg(over: Partial<ClientsConfig> = {}): ClientsConfig {
  return { self: 'clients', commands: 1, targets: [REPLICAS, REPLICAS], replyQuorum: 2, ...over };
}

const REQ = (client: number): ClientRequest => ({ type: 'REQUEST', client });
const reply = (from: string, result: string | null, id = 'c0.0'): ReplyMsg => ({ type: 'pbft.reply', from, to: 'clients', id, result });

describe('PBFT clients node', () => {
  it('REQUEST sends the command to every target and records the invocation', () => {
    const { next, sent } = step(clientsMachine, start(clientsMachine, cfg()).next, REQ(0));
    const op = clientOp(0, 0, 1);
    expect(next.context.history.clients).toEqual([[{ op, seen: [0, 0] }], []]);
    expect(next.context.replies).toEqual([[], []]);
    expect(sent).toEqual(REPLICAS.map((to) => ({ type: 'pbft.request', from: 'clients', to, request: { id: 'c0.0', op } })));
    expect(next.can(REQ(0))).toBe(false);
  });

  it('f = 1: one reply is not enough; a second matching one from another replica makes the result', () => {
    const pending = step(clientsMachine, start(clientsMachine, cfg()).next, REQ(0)).next;
    const one = step(clientsMachine, pending, reply('r1', 'ok')).next;
    expect(one.context.history.clients[0]?.[0]).not.toHaveProperty('result');
    expect(one.context.replies[0]).toEqual([{ from: 'r1', result: 'ok' }]);
    // The same replica again counts once.
    expect(one.can(reply('r1', 'ok'))).toBe(false);
    expect(one.can(reply('r1', null))).toBe(false);
    const two = step(clientsMachine, one, reply('r2', 'ok')).next;
    expect(two.context.history.clients[0]?.[0]).toEqual({ op: clientOp(0, 0, 1), result: 'ok', seen: [0, 0] });
    expect(two.context.replies[0]).toEqual([]);
    // Late replies are ignored.
    expect(two.can(reply('r3', 'ok'))).toBe(false);
  });

  it('replies that do not match do not make a result; the f+1-th matching one does', () => {
    const pending = step(clientsMachine, start(clientsMachine, cfg()).next, REQ(0)).next;
    const { next } = steps(clientsMachine, pending, [reply('r3', null), reply('r1', 'ok')]);
    expect(next.context.history.clients[0]?.[0]).not.toHaveProperty('result');
    expect(next.context.replies[0]).toEqual([
      { from: 'r1', result: 'ok' },
      { from: 'r3', result: null },
    ]);
    const done = step(clientsMachine, next, reply('r2', 'ok')).next;
    expect(done.context.history.clients[0]?.[0]?.result).toBe('ok');
  });

  it('client-one-reply: the first reply makes the result', () => {
    const pending = step(clientsMachine, start(clientsMachine, cfg({ replyQuorum: 1 })).next, REQ(0)).next;
    const done = step(clientsMachine, pending, reply('r3', null)).next;
    expect(done.context.history.clients[0]?.[0]?.result).toBeNull();
  });

  it('ignores replies to a request that is not pending, or to an id no client issues', () => {
    const s = start(clientsMachine, cfg()).next;
    expect(s.can(reply('r1', 'ok'))).toBe(false);
    const pending = step(clientsMachine, s, REQ(1)).next;
    expect(pending.can(reply('r1', 'ok'))).toBe(false);
    expect(pending.can(reply('r1', 'ok', 'bogus'))).toBe(false);
    expect(pending.can(reply('r1', null, 'c1.0'))).toBe(true);
  });
});
