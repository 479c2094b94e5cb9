/**
 * S-Paxos properties (`spec/spaxos/invariants.ts`) on hand-made states:
 * holders, durability (ordered ids need f+1 holders, crashed ones included)
 * and no-lost-request (a committed request is held by a live replica, or on
 * its way to one with its command).
 */
import { describe, expect, it } from 'vitest';
import type { Envelope } from '../../../spec/core/envelope.js';
import type { SystemView } from '../../../spec/core/property.js';
import type { Batch, RequestMsg } from '../../../spec/multipaxos/messages.js';
import type { ProposerState } from '../../../spec/multipaxos/state.js';
import { durabilityHolds, holders, noLostRequestHolds, orderedIds, spaxosProperties } from '../../../spec/spaxos/invariants.js';
import type { AckMsg, ForwardMsg } from '../../../spec/spaxos/messages.js';
import type { HeldRequest, SPaxosReplicaState } from '../../../spec/spaxos/state.js';

const REPLICAS = ['r0', 'r1', 'r2'];
const READ = { kind: 'read' } as const;

function held(id: string, mine = false): HeldRequest {
  return { id, op: READ, mine };
}

function replica(i: number, over: Partial<Omit<SPaxosReplicaState, 'cfg'>> = {}): SPaxosReplicaState {
  return {
    cfg: {
      self: `r${i}`,
      replicas: REPLICAS,
      stableAcks: 2,
      slots: 2,
      decisionQuorum: 2,
      clients: 'clients',
      proposer: i === 0 ? 'p0' : null,
    },
    requests: [],
    acks: [],
    stable: [],
    log: [null, null],
    tallies: [],
    executed: [],
    ...over,
  };
}

function proposer(proposals: (Batch | null)[]): ProposerState {
  return {
    cfg: {
      self: 'p0',
      index: 0,
      proposers: 1,
      acceptors: ['a0', 'a1', 'a2'],
      replicas: REPLICAS,
      quorum: 2,
      decisionQuorum: 2,
      slots: proposals.length,
      rounds: 1,
      batch: 1,
      variant: 'leader',
      initialLeader: true,
    },
    round: 1,
    promises: [],
    requests: [],
    proposals,
    votes: proposals.map(() => []),
  };
}

const forward = (id: string, to: string, from = 'r0'): ForwardMsg => ({ type: 'sp.forward', from, to, entry: { id, op: READ } });
const clientRequest = (id: string, to: string): RequestMsg => ({ type: 'mp.request', from: 'clients', to, entry: { id, op: READ } });
const stableNotice = (id: string, to = 'p0', from = 'r0'): RequestMsg => ({ type: 'mp.request', from, to, entry: { id } });
const ack = (id: string, to: string): AckMsg => ({ type: 'sp.ack', from: 'r0', to, id });

describe('holders', () => {
  it('counts the replicas holding the request, whether or not they coordinate it', () => {
    const rs = [replica(0, { requests: [held('c0.0', true), held('c1.0')] }), replica(1, { requests: [held('c0.0')] }), replica(2)];
    expect(holders(rs, 'c0.0')).toBe(2);
    expect(holders(rs, 'c1.0')).toBe(1);
    expect(holders(rs, 'c2.0')).toBe(0);
    expect(holders([], 'c0.0')).toBe(0);
  });

  it('an ack or a stable mark is not holding', () => {
    const rs = [replica(0, { acks: [{ id: 'c0.0', replicas: ['r1'] }], stable: ['c0.0'] })];
    expect(holders(rs, 'c0.0')).toBe(0);
  });
});

describe('orderedIds', () => {
  it("collects the ids of the proposers' proposals and of the replicas' logs", () => {
    const ids = orderedIds([proposer([[{ id: 'c0.0' }], null])], [replica(1, { log: [[{ id: 'c1.0' }, { id: 'c2.0' }], []] })]);
    expect([...ids].sort()).toEqual(['c0.0', 'c1.0', 'c2.0']);
  });
});

describe('durabilityHolds (f+1 = 2)', () => {
  it('holds when nothing is ordered, even if no request is held', () => {
    expect(durabilityHolds([proposer([null, []])], [replica(0), replica(1), replica(2)], 2)).toBe(true);
  });

  it('holds when an id proposed by a proposer has f+1 holders', () => {
    const rs = [replica(0, { requests: [held('c0.0', true)] }), replica(1), replica(2, { requests: [held('c0.0')] })];
    expect(durabilityHolds([proposer([[{ id: 'c0.0' }], null])], rs, 2)).toBe(true);
  });

  it("fails when a proposer's proposal orders an id with only f holders", () => {
    const rs = [replica(0, { requests: [held('c0.0', true)] }), replica(1), replica(2)];
    expect(durabilityHolds([proposer([[{ id: 'c0.0' }], null])], rs, 2)).toBe(false);
    expect(durabilityHolds([proposer([[{ id: 'c0.0' }], null])], rs, 1)).toBe(true);
  });

  it("fails when a replica's log holds an id with too few holders (no proposer needed)", () => {
    const rs = [replica(0, { requests: [held('c0.0', true)] }), replica(1, { log: [[{ id: 'c0.0' }], null] }), replica(2)];
    expect(durabilityHolds([], rs, 2)).toBe(false);
  });

  it('checks every id of a batch', () => {
    const rs = [replica(0, { requests: [held('c0.0'), held('c1.0')] }), replica(1, { requests: [held('c0.0')] }), replica(2)];
    expect(durabilityHolds([proposer([[{ id: 'c0.0' }, { id: 'c1.0' }]])], rs, 2)).toBe(false);
    expect(durabilityHolds([proposer([[{ id: 'c0.0' }]])], rs, 2)).toBe(true);
  });

  it('a request held but never ordered needs no holders beyond its own', () => {
    expect(durabilityHolds([proposer([null])], [replica(0, { requests: [held('c0.0', true)] })], 2)).toBe(true);
  });

  it('counts crashed holders too (durability is about copies, not liveness): the state arguments carry no crash flags', () => {
    // The spaxosProperties view below: r2 crashed, yet it counts as a holder.
    const props = spaxosProperties([1], [2, 3, 4], 2);
    const durability = props.find((p) => p.name === 'durability');
    const rs = [replica(0, { requests: [held('c0.0', true)] }), replica(1), replica(2, { requests: [held('c0.0')] })];
    const view: SystemView = {
      locals: [{}, proposer([[{ id: 'c0.0' }]]), ...rs],
      crashed: [false, false, false, false, true],
      messages: () => [],
    };
    expect(durability?.holds(view)).toBe(true);
  });
});

describe('noLostRequestHolds', () => {
  const committed = (id: string) => ({ log: [[{ id }], null] as (Batch | null)[] });
  const none = (): readonly Envelope[] => [];

  it('holds when nothing is committed, even if messages cannot be read', () => {
    const rs = [replica(0), replica(1, { requests: [held('c0.0')] }), replica(2)];
    expect(
      noLostRequestHolds(rs, [true, true, true], () => {
        throw new Error('messages read needlessly');
      }),
    ).toBe(true);
  });

  it('holds when a live replica holds every committed request', () => {
    const rs = [replica(0, committed('c0.0')), replica(1, { requests: [held('c0.0')] }), replica(2)];
    expect(noLostRequestHolds(rs, [false, false, false], none)).toBe(true);
    expect(noLostRequestHolds(rs, [true, false, true], none)).toBe(true);
  });

  it('a crashed holder does not count', () => {
    const rs = [replica(0, committed('c0.0')), replica(1, { requests: [held('c0.0')] }), replica(2)];
    expect(noLostRequestHolds(rs, [false, true, false], none)).toBe(false);
  });

  it('fails when no replica holds a committed request and none is on its way', () => {
    const rs = [replica(0, committed('c0.0')), replica(1), replica(2)];
    expect(noLostRequestHolds(rs, [false, false, false], none)).toBe(false);
  });

  it('a request decided only at a crashed replica still counts as committed', () => {
    const rs = [replica(0), replica(1), replica(2, committed('c0.0'))];
    expect(noLostRequestHolds(rs, [false, false, true], none)).toBe(false);
  });

  it('a forward or a client request with the command, in flight to a live replica, carries it', () => {
    const rs = [replica(0, committed('c0.0')), replica(1), replica(2)];
    expect(noLostRequestHolds(rs, [false, false, false], () => [forward('c0.0', 'r2')])).toBe(true);
    expect(noLostRequestHolds(rs, [false, false, false], () => [clientRequest('c0.0', 'r1')])).toBe(true);
  });

  it('a message to a crashed replica does not carry it', () => {
    const rs = [replica(0, committed('c0.0')), replica(1), replica(2)];
    expect(noLostRequestHolds(rs, [false, false, true], () => [forward('c0.0', 'r2')])).toBe(false);
  });

  it('messages without the command (an ack, a stable notice to a proposer) do not carry it', () => {
    const rs = [replica(0, committed('c0.0')), replica(1), replica(2)];
    const msgs = () => [ack('c0.0', 'r1'), stableNotice('c0.0', 'r1'), stableNotice('c0.0')];
    expect(noLostRequestHolds(rs, [false, false, false], msgs)).toBe(false);
  });

  it('a message with the command to a non-replica (a proposer) does not carry it', () => {
    const rs = [replica(0, committed('c0.0')), replica(1), replica(2)];
    expect(noLostRequestHolds(rs, [false, false, false], () => [clientRequest('c0.0', 'p0')])).toBe(false);
  });

  it('a message carrying another id does not help', () => {
    const rs = [replica(0, committed('c0.0')), replica(1), replica(2)];
    expect(noLostRequestHolds(rs, [false, false, false], () => [forward('c1.0', 'r1')])).toBe(false);
  });

  it('every committed id must be safe, not just one', () => {
    const rs = [replica(0, { log: [[{ id: 'c0.0' }], [{ id: 'c1.0' }]], requests: [held('c0.0')] }), replica(1), replica(2)];
    expect(noLostRequestHolds(rs, [false, false, false], none)).toBe(false);
    expect(noLostRequestHolds(rs, [false, false, false], () => [forward('c1.0', 'r1')])).toBe(true);
  });
});

describe('spaxosProperties', () => {
  it('durability reads the proposers and replicas; no-lost-request declares no reads (it reads crashes and messages)', () => {
    const [durability, lost] = spaxosProperties([1, 2], [5, 6, 7], 2);
    expect(durability?.name).toBe('durability');
    expect(durability?.reads).toEqual([1, 2, 5, 6, 7]);
    expect(durability?.description).toMatch(/f\+1 = 2/);
    expect(lost?.name).toBe('no-lost-request');
    expect(lost?.reads).toBeUndefined();
  });

  it('no-lost-request uses the crash flags of the replica nodes, by index', () => {
    const [, lost] = spaxosProperties([1], [2, 3, 4], 2);
    const rs = [replica(0, { log: [[{ id: 'c0.0' }], null] }), replica(1, { requests: [held('c0.0')] }), replica(2)];
    const view = (crashed: boolean[], msgs: Envelope[] = []): SystemView => ({ locals: [{}, proposer([null]), ...rs], crashed, messages: () => msgs });
    expect(lost?.holds(view([false, false, false, false, false]))).toBe(true);
    expect(lost?.holds(view([false, false, false, true, false]))).toBe(false);
    // A crash of a node that is not a replica is irrelevant.
    expect(lost?.holds(view([true, true, false, false, false]))).toBe(true);
    expect(lost?.holds(view([false, false, false, true, false], [forward('c0.0', 'r2')]))).toBe(true);
  });
});
