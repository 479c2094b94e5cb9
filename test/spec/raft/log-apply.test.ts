/**
 * Raft's log helpers at the edges the other tests leave open
 * (spec/raft/log.ts): applying on top of entries already applied (the
 * register's state rebuilt from them, a request applied twice counted once),
 * nothing to apply, and entry equality with a missing side or another term.
 * The register's results are computed by hand: a read returns the last
 * value written, null before any write.
 */
import { describe, expect, it } from 'vitest';
import { applyCommitted, entriesEqual, lastLogTerm, termAt } from '../../../spec/raft/log.js';
import type { LogEntry } from '../../../spec/raft/messages.js';

const Wa1: LogEntry = { term: 1, id: 'c0.0', op: { kind: 'write', value: 'a' } };
const Wb1: LogEntry = { term: 1, id: 'c1.0', op: { kind: 'write', value: 'b' } };
/** The same request as Wa1, appended again by the leader of term 2. */
const Wa2: LogEntry = { term: 2, id: 'c0.0', op: { kind: 'write', value: 'a' } };
const R2: LogEntry = { term: 2, id: 'c0.1', op: { kind: 'read' } };

describe('applyCommitted on top of applied entries', () => {
  it('the register is rebuilt from the applied entries: a read after write(a) then write(b) returns b', () => {
    const log = [Wa1, Wb1, R2];
    const out = applyCommitted(log, [Wa1, Wb1], 3);
    expect(out.applied).toEqual([Wa1, Wb1, R2]);
    expect(out.results).toEqual([{ id: 'c0.1', result: 'b' }]);
  });

  it('a request applied twice (once per term) counts once: write(a), write(b), write(a) again, then a read returns b', () => {
    const log = [Wa1, Wb1, Wa2, R2];
    const out = applyCommitted(log, [Wa1, Wb1, Wa2], 4);
    expect(out.applied).toEqual([Wa1, Wb1, Wa2, R2]);
    expect(out.results).toEqual([{ id: 'c0.1', result: 'b' }]);
  });

  it('the same, in one call: the repeated request is applied (kept in order) but not executed or answered again', () => {
    const out = applyCommitted([Wa1, Wb1, Wa2, R2], [], 4);
    expect(out.applied).toEqual([Wa1, Wb1, Wa2, R2]);
    expect(out.results).toEqual([
      { id: 'c0.0', result: 'ok' },
      { id: 'c1.0', result: 'ok' },
      { id: 'c0.1', result: 'b' },
    ]);
  });

  it('a read first returns null', () => {
    expect(applyCommitted([R2], [], 1).results).toEqual([{ id: 'c0.1', result: null }]);
  });

  it('nothing new to apply (commitIndex at or below what is applied): the applied entries as they are, no results', () => {
    const applied = [Wa1, Wb1];
    const same = applyCommitted([Wa1, Wb1, R2], applied, 2);
    expect(same.applied).toBe(applied);
    expect(same.results).toEqual([]);
    const below = applyCommitted([Wa1, Wb1, R2], applied, 1);
    expect(below.applied).toBe(applied);
    expect(below.results).toEqual([]);
  });
});

describe('entriesEqual: same term and same request', () => {
  it('the same request in another term is another entry; another request in the same term too', () => {
    expect(entriesEqual(Wa1, { ...Wa1 })).toBe(true);
    expect(entriesEqual(Wa1, Wa2)).toBe(false);
    expect(entriesEqual(Wa1, Wb1)).toBe(false);
  });

  it('a missing entry equals nothing, not even another missing one', () => {
    expect(entriesEqual(undefined, Wa1)).toBe(false);
    expect(entriesEqual(Wa1, undefined)).toBe(false);
    expect(entriesEqual(undefined, undefined)).toBe(false);
  });
});

describe('terms of a log', () => {
  it('the last term of the empty log is 0; termAt is 0 at index 0 and undefined past the end', () => {
    expect(lastLogTerm([])).toBe(0);
    expect(lastLogTerm([Wa1, R2])).toBe(2);
    expect(termAt([Wa1], 0)).toBe(0);
    expect(termAt([Wa1], 1)).toBe(1);
    expect(termAt([Wa1], 2)).toBeUndefined();
  });
});
