/**
 * The clients node (one node plays every client, recording the history),
 * one pure step at a time: REQUEST is guarded by "nothing pending and
 * commands left", and a reply completes only the request that is pending.
 */
import { describe, expect, it } from 'vitest';
import { clientsMachine } from '../../../machines/multipaxos/clients.machine.js';
import type { ClientRequest, ReplyMsg } from '../../../spec/multipaxos/messages.js';
import { clientOp } from '../../../spec/multipaxos/register.js';
import type { ClientsConfig, ClientsState } from '../../../spec/multipaxos/state.js';
import { restore, start, step, steps } from '../../helpers/machines.js';

/** Two clients with K = 2: c0 sends to p0 and p1, c1 to p0 alone. */
function cfg(over: Partial<ClientsConfig> = {}): ClientsConfig {
  return { self: 'clients', commands: 2, targets: [['p0', 'p1'], ['p0']], ...over };
}

const REQ = (client: number): ClientRequest => ({ type: 'REQUEST', client });
const reply = (id: string, result: string | null, from = 'r0'): ReplyMsg => ({ type: 'mp.reply', from, to: 'clients', id, result });
const at = (s: ClientsState) => restore(clientsMachine, 'running', s);

describe('clients node', () => {
  it('starts with an empty history per client, sending nothing', () => {
    const { next, sent } = start(clientsMachine, cfg());
    expect(next.value).toBe('running');
    expect(next.context).toEqual({ cfg: cfg(), history: { clients: [[], []] } });
    expect(sent).toEqual([]);
  });

  it("REQUEST sends the client's next command to each of its targets and records the invocation", () => {
    const { next: s0 } = start(clientsMachine, cfg());
    const op = clientOp(0, 0, 2);
    expect(op).toEqual({ kind: 'write', value: 'a' });
    const { next, sent } = step(clientsMachine, s0, REQ(0));
    expect(next.context.history.clients).toEqual([[{ op, seen: [0, 0] }], []]);
    expect(sent).toEqual([
      { type: 'mp.request', from: 'clients', to: 'p0', entry: { id: 'c0.0', op } },
      { type: 'mp.request', from: 'clients', to: 'p1', entry: { id: 'c0.0', op } },
    ]);
  });

  it('a client with a request pending cannot request again', () => {
    const { next: s1 } = steps(clientsMachine, start(clientsMachine, cfg()).next, [REQ(0)]);
    expect(s1.can(REQ(0))).toBe(false);
    const { next, sent } = step(clientsMachine, s1, REQ(0));
    expect(next.context).toEqual(s1.context);
    expect(sent).toEqual([]);
    // The other client is independent.
    expect(s1.can(REQ(1))).toBe(true);
  });

  it('a reply to the pending request completes it; a second reply to it is ignored', () => {
    const { next: s1 } = step(clientsMachine, start(clientsMachine, cfg()).next, REQ(0));
    const { next: s2, sent } = step(clientsMachine, s1, reply('c0.0', 'ok'));
    expect(s2.context.history.clients[0]).toEqual([{ op: clientOp(0, 0, 2), result: 'ok', seen: [0, 0] }]);
    expect(sent).toEqual([]);
    expect(s2.can(reply('c0.0', 'ok', 'r1'))).toBe(false);
    expect(step(clientsMachine, s2, reply('c0.0', 'ok', 'r1')).next.context).toEqual(s2.context);
  });

  it('ignores a reply for a client with nothing pending, or for a request other than the pending one', () => {
    const { next: s } = steps(clientsMachine, start(clientsMachine, cfg()).next, [REQ(0), reply('c0.0', 'ok'), REQ(0)]);
    // c0's pending request is c0.1: a (late, duplicate) reply to c0.0 and an early one to c0.2 are ignored.
    for (const m of [reply('c0.0', 'ok'), reply('c0.2', 'ok'), reply('c1.0', null)]) {
      expect(s.can(m)).toBe(false);
      expect(step(clientsMachine, s, m).next.context).toEqual(s.context);
    }
    const done = step(clientsMachine, s, reply('c0.1', 'a'));
    expect(done.next.context.history.clients[0]?.[1]).toEqual({ op: clientOp(0, 1, 2), result: 'a', seen: [1, 0] });
  });

  it('a client issues exactly K commands, with ids c<client>.<index>', () => {
    let s = start(clientsMachine, cfg()).next;
    const ids: string[] = [];
    for (let j = 0; j < 3; j++) {
      const req = step(clientsMachine, s, REQ(1));
      ids.push(...req.sent.map((m) => (m.type === 'mp.request' ? m.entry.id : '?')));
      s = step(clientsMachine, req.next, reply(`c1.${j}`, null)).next;
    }
    expect(ids).toEqual(['c1.0', 'c1.1']);
    expect(s.context.history.clients[1]).toHaveLength(2);
    expect(s.can(REQ(1))).toBe(false);
  });

  it('the seen vectors record which requests had returned at each invocation', () => {
    const { next } = steps(clientsMachine, start(clientsMachine, cfg()).next, [REQ(0), REQ(1), reply('c1.0', null), REQ(1)]);
    expect(next.context.history.clients[1]?.map((o) => o.seen)).toEqual([
      [0, 0],
      [0, 1],
    ]);
  });

  it('a REQUEST for a client that does not exist is refused', () => {
    const s = at({ cfg: cfg(), history: { clients: [[], []] } });
    expect(s.can(REQ(2))).toBe(false);
    expect(step(clientsMachine, s, REQ(2)).sent).toEqual([]);
  });
});
