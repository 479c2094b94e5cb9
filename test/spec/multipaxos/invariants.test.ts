/**
 * The replicated-log properties (`spec/multipaxos/invariants.ts`) on
 * hand-made states: for each, states where it holds and states where it
 * fails, and that `replicatedLogProperties` reads the right nodes.
 */
import { describe, expect, it } from 'vitest';
import type { ClientHistory } from '../../../spec/core/history.js';
import type { SystemView } from '../../../spec/core/property.js';
import {
  agreementHolds,
  atMostOnceHolds,
  prefixHolds,
  replicatedLogProperties,
  validityHolds,
  type ReplicaView,
} from '../../../spec/multipaxos/invariants.js';
import type { Batch, Entry } from '../../../spec/multipaxos/messages.js';
import type { RegisterOp, RegisterResult } from '../../../spec/multipaxos/register.js';

const W = (value: string): RegisterOp => ({ kind: 'write', value });
const READ: RegisterOp = { kind: 'read' };
const e = (id: string, op?: RegisterOp): Entry => (op === undefined ? { id } : { id, op });

function replica(log: (Batch | null)[], executed: string[] = []): ReplicaView {
  return { log, executed };
}

/** c0 issued write(a) (returned) then read (pending); c1 issued read. */
const HISTORY: ClientHistory<RegisterOp, RegisterResult> = {
  clients: [
    [
      { op: W('a'), result: 'ok', seen: [0, 0] },
      { op: READ, seen: [1, 0] },
    ],
    [{ op: READ, seen: [0, 0] }],
  ],
};

describe('agreementHolds', () => {
  it('holds with no replicas, with empty logs, and when decided slots agree', () => {
    expect(agreementHolds([])).toBe(true);
    expect(agreementHolds([replica([null, null]), replica([null, null])])).toBe(true);
    const x = [e('c0.0', W('a'))];
    expect(agreementHolds([replica([x, null, []]), replica([x, [e('c1.0')], null]), replica([null, [e('c1.0', READ)], []])])).toBe(true);
  });

  it('compares batches by ids, in order', () => {
    expect(agreementHolds([replica([[e('c0.0', W('a'))]]), replica([[e('c0.0')]])])).toBe(true);
    expect(agreementHolds([replica([[e('c0.0'), e('c1.0')]]), replica([[e('c1.0'), e('c0.0')]])])).toBe(false);
  });

  it('fails when two replicas decide different batches in one slot', () => {
    expect(agreementHolds([replica([[e('c0.0')]]), replica([[e('c1.0')]])])).toBe(false);
    expect(agreementHolds([replica([null, []]), replica([null, null]), replica([null, [e('c1.0')]])])).toBe(false);
  });

  it('fails when a no-op and a request are decided in one slot', () => {
    expect(agreementHolds([replica([[]]), replica([[e('c0.0')]])])).toBe(false);
  });

  it('does not care that one request is decided in two slots (at-most-once handles that)', () => {
    expect(agreementHolds([replica([[e('c0.0')], [e('c0.0')]])])).toBe(true);
  });
});

describe('validityHolds', () => {
  it('holds for decided requests a client issued with the command it issued, and for no-ops', () => {
    const log = [[e('c0.0', W('a'))], [], [e('c1.0', READ), e('c0.1', READ)], null];
    expect(validityHolds([replica(log), replica([null, null, null, null])], HISTORY)).toBe(true);
  });

  it('holds for id-only entries (S-Paxos orders ids) whose request was issued', () => {
    expect(validityHolds([replica([[e('c0.1'), e('c1.0')]])], HISTORY)).toBe(true);
  });

  it('a pending request is issued: it may be decided', () => {
    expect(validityHolds([replica([[e('c0.1', READ)]])], HISTORY)).toBe(true);
  });

  it('fails for a request no client issued', () => {
    expect(validityHolds([replica([[e('c1.1', READ)]])], HISTORY)).toBe(false);
    expect(validityHolds([replica([[e('c2.0', READ)]])], HISTORY)).toBe(false);
    expect(validityHolds([replica([null]), replica([[e('c1.1')]])], HISTORY)).toBe(false);
  });

  it('fails for an issued request with another command', () => {
    expect(validityHolds([replica([[e('c0.0', W('b'))]])], HISTORY)).toBe(false);
    expect(validityHolds([replica([[e('c0.0', READ)]])], HISTORY)).toBe(false);
    expect(validityHolds([replica([[e('c1.0', W('a'))]])], HISTORY)).toBe(false);
  });

  it('holds for any history when nothing is decided', () => {
    expect(validityHolds([replica([null])], { clients: [] })).toBe(true);
  });
});

describe('atMostOnceHolds', () => {
  it('holds when every replica executed each id at most once (the same id at two replicas is fine)', () => {
    expect(atMostOnceHolds([])).toBe(true);
    expect(atMostOnceHolds([replica([], ['c0.0', 'c1.0']), replica([], ['c0.0'])])).toBe(true);
  });

  it('fails when one replica executed an id twice', () => {
    expect(atMostOnceHolds([replica([], ['c0.0']), replica([], ['c0.0', 'c1.0', 'c0.0'])])).toBe(false);
  });
});

describe('prefixHolds', () => {
  it('holds when the executed sequences are prefixes of the longest', () => {
    expect(prefixHolds([])).toBe(true);
    expect(prefixHolds([replica([], []), replica([], ['c0.0', 'c1.0']), replica([], ['c0.0'])])).toBe(true);
    expect(prefixHolds([replica([], ['c1.0']), replica([], ['c1.0'])])).toBe(true);
  });

  it('fails when two replicas executed in different orders', () => {
    expect(prefixHolds([replica([], ['c0.0', 'c1.0']), replica([], ['c1.0', 'c0.0'])])).toBe(false);
    expect(prefixHolds([replica([], ['c0.0', 'c1.0', 'c2.0']), replica([], ['c1.0'])])).toBe(false);
  });

  it('fails for two different sequences of the same length, whichever comes first', () => {
    expect(prefixHolds([replica([], ['c0.0']), replica([], ['c1.0'])])).toBe(false);
    expect(prefixHolds([replica([], ['c1.0']), replica([], ['c0.0']), replica([], [])])).toBe(false);
  });
});

describe('replicatedLogProperties', () => {
  // Nodes: 0 proposer junk, 1 clients, 2 replica, 3 an acceptor-like node, 4 replica.
  const layout = { replicaSlots: [2, 4], clientsSlot: 1, history: (ctx: unknown) => (ctx as { history: ClientHistory }).history };
  const props = replicatedLogProperties(layout, 'command');
  const byName = (name: string) => {
    const p = props.find((x) => x.name === name);
    if (p === undefined) throw new Error(`no property ${name}`);
    return p;
  };
  const view = (locals: unknown[]): SystemView => ({
    locals,
    crashed: locals.map(() => false),
    messages: () => {
      throw new Error('the replicated-log properties read no messages');
    },
  });
  const good = replica([[e('c0.0', W('a'))]], ['c0.0']);
  const other = replica([[e('c1.0', READ)]], ['c1.0']);
  const junk = { log: 'not a log' };

  it('names the four properties, in order, with the kind of value in the description', () => {
    expect(props.map((p) => p.name)).toEqual(['agreement', 'validity', 'at-most-once', 'prefix']);
    expect(byName('agreement').description).toMatch(/commands/);
    expect(replicatedLogProperties(layout, 'id').find((p) => p.name === 'agreement')?.description).toMatch(/ids/);
  });

  it('declares the node indices each property reads', () => {
    expect(byName('agreement').reads).toEqual([2, 4]);
    expect(byName('validity').reads).toEqual([2, 4, 1]);
    expect(byName('at-most-once').reads).toEqual([2, 4]);
    expect(byName('prefix').reads).toEqual([2, 4]);
  });

  it('reads the replicas at replicaSlots and the history at clientsSlot, nothing else', () => {
    const v = view([junk, { history: HISTORY }, good, junk, replica([null], [])]);
    for (const p of props) expect(p.holds(v), p.name).toBe(true);
  });

  it('each property fails on a state built to break it', () => {
    const h = { history: HISTORY };
    expect(byName('agreement').holds(view([junk, h, good, junk, other]))).toBe(false);
    expect(byName('validity').holds(view([junk, h, good, junk, replica([[e('c3.0', READ)]])]))).toBe(false);
    expect(byName('validity').holds(view([junk, { history: { clients: [[], []] } }, good, junk, replica([null])]))).toBe(false);
    expect(byName('at-most-once').holds(view([junk, h, replica([null], ['c0.0', 'c0.0']), junk, good]))).toBe(false);
    expect(byName('prefix').holds(view([junk, h, good, junk, replica([null], ['c1.0'])]))).toBe(false);
  });
});
