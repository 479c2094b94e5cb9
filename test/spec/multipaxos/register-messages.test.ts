/**
 * The register and client workload (spec/multipaxos/register.ts), request
 * ids and message texts (spec/multipaxos/messages.ts) and the comparators
 * of spec/multipaxos/state.ts, on hand cases: the workload's values are
 * computed by hand from its rule (client c's j-th of K commands writes the
 * letter 97 + c·K + j when c + j is even, reads otherwise).
 */
import { describe, expect, it } from 'vitest';
import type { ClientHistory } from '../../../spec/core/history.js';
import { describeBatch, describeEntry, describeOp, parseRequestId, requestId } from '../../../spec/multipaxos/messages.js';
import { clientOp, invokeNext, mayInvoke, register, type RegisterOp, type RegisterResult } from '../../../spec/multipaxos/register.js';
import { compareEntry, comparePromise, sameBatch } from '../../../spec/multipaxos/state.js';

type H = ClientHistory<RegisterOp, RegisterResult>;

describe('register', () => {
  it('a write stores its value and returns ok; a read returns the value, null before any write', () => {
    expect(register.name).toBe('register');
    expect(register.initial).toBeNull();
    expect(register.apply(null, { kind: 'write', value: 'a' })).toEqual(['a', 'ok']);
    expect(register.apply('a', { kind: 'write', value: 'b' })).toEqual(['b', 'ok']);
    expect(register.apply('b', { kind: 'read' })).toEqual(['b', 'b']);
    expect(register.apply(null, { kind: 'read' })).toEqual([null, null]);
  });

  it('stateKey: the value, or - for null', () => {
    expect(register.stateKey?.(null)).toBe('-');
    expect(register.stateKey?.('a')).toBe('a');
  });

  it('describe: the call, then its result (none for null) once it has one', () => {
    expect(register.describe?.({ kind: 'write', value: 'a' })).toBe('write(a)');
    expect(register.describe?.({ kind: 'read' })).toBe('read()');
    expect(register.describe?.({ kind: 'write', value: 'a' }, 'ok')).toBe('write(a) → ok');
    expect(register.describe?.({ kind: 'read' }, 'b')).toBe('read() → b');
    expect(register.describe?.({ kind: 'read' }, null)).toBe('read() → none');
  });
});

describe('the client workload', () => {
  it('clientOp: writes of distinct letters when c + j is even, reads otherwise', () => {
    expect(clientOp(0, 0, 2)).toEqual({ kind: 'write', value: 'a' });
    expect(clientOp(0, 1, 2)).toEqual({ kind: 'read' });
    expect(clientOp(1, 0, 2)).toEqual({ kind: 'read' });
    expect(clientOp(1, 1, 2)).toEqual({ kind: 'write', value: 'd' });
    expect(clientOp(2, 0, 1)).toEqual({ kind: 'write', value: 'c' });
    expect(clientOp(0, 2, 3)).toEqual({ kind: 'write', value: 'c' });
    expect(clientOp(3, 1, 2)).toEqual({ kind: 'write', value: 'h' });
  });

  it('mayInvoke: nothing pending and fewer than K commands issued; never for a client that does not exist', () => {
    const h: H = { clients: [[{ op: { kind: 'write', value: 'a' }, seen: [0, 0], result: 'ok' }], [{ op: { kind: 'read' }, seen: [0, 0] }], []] as H['clients'] };
    expect(mayInvoke(h, 0, 2)).toBe(true);
    expect(mayInvoke(h, 0, 1)).toBe(false);
    expect(mayInvoke(h, 1, 3)).toBe(false);
    expect(mayInvoke(h, 2, 1)).toBe(true);
    expect(mayInvoke(h, 3, 1)).toBe(false);
  });

  it('invokeNext: the next command, recorded, with its id', () => {
    const h: H = { clients: [[{ op: { kind: 'write', value: 'a' }, seen: [0, 0], result: 'ok' }], []] };
    const first = invokeNext(h, 1, 2);
    expect(first.request).toEqual({ id: 'c1.0', op: { kind: 'read' } });
    expect(first.history.clients[1]).toEqual([{ op: { kind: 'read' }, seen: [1, 0] }]);
    const second = invokeNext(h, 0, 2);
    expect(second.request).toEqual({ id: 'c0.1', op: { kind: 'read' } });
    expect(invokeNext({ clients: [[]] }, 0, 1).request).toEqual({ id: 'c0.0', op: { kind: 'write', value: 'a' } });
    expect(() => invokeNext({ clients: [[]] }, 3, 1)).toThrow(new RangeError('no client 3 in a history of 1'));
  });
});

describe('request ids and texts', () => {
  it('requestId and parseRequestId', () => {
    expect(requestId(2, 3)).toBe('c2.3');
    expect(parseRequestId('c12.30')).toEqual({ client: 12, index: 30 });
    expect(() => parseRequestId('c1')).toThrow(new RangeError('not a request id: c1'));
    expect(() => parseRequestId('xc1.0')).toThrow(new RangeError('not a request id: xc1.0'));
    expect(() => parseRequestId('c1.0x')).toThrow(new RangeError('not a request id: c1.0x'));
  });

  it('describeOp, describeEntry, describeBatch', () => {
    expect(describeOp({ kind: 'write', value: 'z' })).toBe('write(z)');
    expect(describeOp({ kind: 'read' })).toBe('read()');
    expect(describeEntry({ id: 'c0.0', op: { kind: 'read' } })).toBe('c0.0:read()');
    expect(describeEntry({ id: 'c0.0' })).toBe('c0.0');
    expect(describeBatch([])).toBe('no-op');
    expect(describeBatch([{ id: 'c0.0' }, { id: 'c1.0', op: { kind: 'write', value: 'b' } }])).toBe('c0.0+c1.0:write(b)');
  });
});

describe('the comparators of state.ts', () => {
  it('compareEntry and comparePromise order by id and by acceptor, 0 when equal', () => {
    expect(compareEntry({ id: 'c0.1' }, { id: 'c1.0' })).toBe(-1);
    expect(compareEntry({ id: 'c1.0' }, { id: 'c0.1' })).toBe(1);
    expect(compareEntry({ id: 'c1.0' }, { id: 'c1.0', op: { kind: 'read' } })).toBe(0);
    expect(comparePromise({ acceptor: 'a0', votes: [] }, { acceptor: 'a1', votes: [] })).toBe(-1);
    expect(comparePromise({ acceptor: 'a2', votes: [] }, { acceptor: 'a1', votes: [] })).toBe(1);
    expect(comparePromise({ acceptor: 'a1', votes: [] }, { acceptor: 'a1', votes: [{ slot: 0, ballot: 0, batch: [] }] })).toBe(0);
  });

  it('sameBatch: the same ids in the same order, whatever the commands', () => {
    expect(sameBatch([], [])).toBe(true);
    expect(sameBatch([{ id: 'c0.0' }], [{ id: 'c0.0', op: { kind: 'read' } }])).toBe(true);
    expect(sameBatch([{ id: 'c0.0' }, { id: 'c1.0' }], [{ id: 'c1.0' }, { id: 'c0.0' }])).toBe(false);
    expect(sameBatch([{ id: 'c0.0' }], [{ id: 'c0.0' }, { id: 'c1.0' }])).toBe(false);
    expect(sameBatch([{ id: 'c0.0' }, { id: 'c1.0' }], [{ id: 'c0.0' }])).toBe(false);
    expect(sameBatch([], [{ id: 'c0.0' }])).toBe(false);
  });
});
