/**
 * S-Paxos's property summaries (`explain` of durability and no-lost-request,
 * spec/spaxos/invariants.ts) and `lostRequests`, on hand-made views laid out
 * as `spaxosSystem` lays out sp-tiny: clients at slot 0, p0 at 1, r0..r2 at
 * 2..4 (acceptors left out: the properties do not read them). Every expected
 * text is written by hand from the state given; the failing cases put the
 * culprit after an id that is fine, so that a wrong comparison (`<=` for
 * `<`) or the wrong crash flag names another id or another replica.
 */
import { describe, expect, it } from 'vitest';
import type { Envelope } from '../../../spec/core/envelope.js';
import type { SystemView } from '../../../spec/core/property.js';
import type { Batch } from '../../../spec/multipaxos/messages.js';
import type { ProposerState } from '../../../spec/multipaxos/state.js';
import { lostRequests, spaxosProperties } from '../../../spec/spaxos/invariants.js';
import type { ForwardMsg } from '../../../spec/spaxos/messages.js';
import type { HeldRequest, SPaxosReplicaState } from '../../../spec/spaxos/state.js';

const REPLICAS = ['r0', 'r1', 'r2'];
const NODES = ['clients', 'p0', 'r0', 'r1', 'r2'];
const READ = { kind: 'read' } as const;

const held = (id: string): HeldRequest => ({ id, op: READ, mine: false });

function replica(i: number, over: Partial<Omit<SPaxosReplicaState, 'cfg'>> = {}): SPaxosReplicaState {
  return {
    cfg: { self: `r${i}`, replicas: REPLICAS, stableAcks: 2, slots: 2, decisionQuorum: 2, clients: 'clients', proposer: i === 0 ? 'p0' : null },
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

/** The view: p0 at 1, the three replicas at 2..4; `crashed` flags r0..r2. */
function view(p: ProposerState, rs: SPaxosReplicaState[], crashed: [boolean, boolean, boolean] = [false, false, false], msgs: Envelope[] = []): SystemView {
  return { locals: [{}, p, ...rs], crashed: [false, false, ...crashed], messages: () => msgs };
}

const forward = (id: string, to: string): ForwardMsg => ({ type: 'sp.forward', from: 'r0', to, entry: { id, op: READ } });

function props(stableAcks = 2) {
  const [durability, lost] = spaxosProperties([1], [2, 3, 4], stableAcks);
  if (durability === undefined || lost === undefined) throw new Error('two properties expected');
  return { durability, lost };
}

describe('spaxosProperties: names and descriptions', () => {
  it('the exact texts, with f+1 in the durability one', () => {
    const { durability, lost } = props(3);
    expect(durability.name).toBe('durability');
    expect(durability.description).toBe("every ordered or committed id's request is held by at least f+1 = 3 replicas, so f crashes cannot lose it (S-Paxos §IV)");
    expect(lost.name).toBe('no-lost-request');
    expect(lost.description).toBe('every committed request is still held by a replica that is up, or on its way to one');
    expect(spaxosProperties([1], [2, 3, 4], 2)).toHaveLength(2);
  });
});

describe('durability explain', () => {
  it('holds: every ordered id has f+1 holders', () => {
    const { durability } = props();
    const v = view(proposer([[{ id: 'c0.0' }], null]), [replica(0, { requests: [held('c0.0')] }), replica(1, { requests: [held('c0.0')] }), replica(2)]);
    expect(durability.holds(v)).toBe(true);
    expect(durability.explain?.(v, NODES)).toBe('every ordered id is held by enough replicas');
  });

  it('names the first id short of f+1 holders (not the one with exactly f+1), with its crashed holder', () => {
    const { durability } = props();
    // c0.0 is ordered and held by exactly 2 = f+1 (fine); c1.0 ordered and held by r1 alone, crashed.
    const rs = [replica(0, { requests: [held('c0.0')] }), replica(1, { requests: [held('c0.0'), held('c1.0')] }), replica(2)];
    const v = view(proposer([[{ id: 'c0.0' }], [{ id: 'c1.0' }]]), rs, [false, true, false]);
    expect(durability.holds(v)).toBe(false);
    expect(durability.explain?.(v, NODES)).toBe('c1.0 is ordered but held by 1 replica(s) (r1 (crashed)), fewer than f+1 = 2');
  });

  it('lists every holder, crashed or up, by its node name (the crash flags read at the replica slots)', () => {
    const { durability } = props(3);
    const rs = [replica(0, { requests: [held('c0.0')] }), replica(1), replica(2, { requests: [held('c0.0')] })];
    const v = view(proposer([[{ id: 'c0.0' }], null]), rs, [true, false, false]);
    expect(durability.explain?.(v, NODES)).toBe('c0.0 is ordered but held by 2 replica(s) (r0 (crashed), r2), fewer than f+1 = 3');
  });

  it('an id committed in a replica log that no replica holds: no replica', () => {
    const { durability } = props();
    const rs = [replica(0), replica(1, { log: [null, [{ id: 'c2.0' }]] }), replica(2)];
    const v = view(proposer([null, null]), rs);
    expect(durability.explain?.(v, NODES)).toBe('c2.0 is ordered but held by 0 replica(s) (no replica), fewer than f+1 = 2');
  });

  it('names replicas by index when the node names are missing', () => {
    const { durability } = props();
    const v = view(proposer([[{ id: 'c0.0' }]]), [replica(0), replica(1), replica(2, { requests: [held('c0.0')] })], [false, false, true]);
    expect(durability.explain?.(v, [])).toBe('c0.0 is ordered but held by 1 replica(s) (replica 2 (crashed)), fewer than f+1 = 2');
  });
});

describe('no-lost-request explain', () => {
  it('holds: no committed request is lost', () => {
    const { lost } = props();
    const v = view(proposer([null, null]), [replica(0, { log: [[{ id: 'c0.0' }], null] }), replica(1, { requests: [held('c0.0')] }), replica(2)]);
    expect(lost.holds(v)).toBe(true);
    expect(lost.explain?.(v, NODES)).toBe('no committed request is lost');
  });

  it('names the deciders (not the replica that decided another id) and the crashed holder', () => {
    const { lost } = props();
    const rs = [
      replica(0, { log: [null, [{ id: 'c0.0' }]] }),
      replica(1, { log: [[{ id: 'c1.0' }], null], requests: [held('c0.0'), held('c1.0')] }),
      replica(2, { log: [[{ id: 'c1.0' }], [{ id: 'c0.0' }]], requests: [held('c1.0')] }),
    ];
    const v = view(proposer([null, null]), rs, [false, true, false]);
    expect(lost.holds(v)).toBe(false);
    expect(lost.explain?.(v, NODES)).toBe('c0.0 is committed (by r0, r2) but held by r1 (crashed), and no message carries it to a replica that is up: lost');
  });

  it('held by no replica at all', () => {
    const { lost } = props();
    const v = view(proposer([null, null]), [replica(0), replica(1), replica(2, { log: [[{ id: 'c0.0' }], null] })], [false, false, true]);
    expect(lost.explain?.(v, NODES)).toBe('c0.0 is committed (by r2) but held by no replica, and no message carries it to a replica that is up: lost');
  });

  it('a forward in flight to a live replica saves it; to the crashed one it does not', () => {
    const { lost } = props();
    const rs = [replica(0, { log: [[{ id: 'c0.0' }], null], requests: [held('c0.0')] }), replica(1), replica(2)];
    const saved = view(proposer([null, null]), rs, [true, false, false], [forward('c0.0', 'r1')]);
    expect(lost.explain?.(saved, NODES)).toBe('no committed request is lost');
    const gone = view(proposer([null, null]), rs, [true, true, false], [forward('c0.0', 'r1')]);
    expect(lost.explain?.(gone, NODES)).toBe('c0.0 is committed (by r0) but held by r0 (crashed), and no message carries it to a replica that is up: lost');
  });
});

describe('lostRequests', () => {
  it('every lost id, in the order they are first committed; the carried and the held ones left out', () => {
    const rs = [
      replica(0, { log: [[{ id: 'c1.0' }], [{ id: 'c0.0' }, { id: 'c2.0' }]] }),
      replica(1, { log: [null, null], requests: [held('c2.0')] }),
      replica(2, { log: [[{ id: 'c3.0' }], null] }),
    ];
    const live: boolean[] = [false, false, false];
    expect(lostRequests(rs, live, () => [])).toEqual(['c1.0', 'c0.0', 'c3.0']);
    expect(lostRequests(rs, live, () => [forward('c0.0', 'r2')])).toEqual(['c1.0', 'c3.0']);
    // r1 crashed: c2.0 is lost too.
    expect(lostRequests(rs, [false, true, false], () => [])).toEqual(['c1.0', 'c0.0', 'c2.0', 'c3.0']);
  });

  it('an empty log slot commits nothing', () => {
    expect(lostRequests([replica(0), replica(1, { log: [[], null] })], [false, false], () => [])).toEqual([]);
  });
});
