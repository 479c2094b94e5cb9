/**
 * The refusals of spec/pbft/ignores.ts, one rule at a time, on hand-made
 * contexts (issue 14: the machine-checked harness, ignores.test.ts, is in the
 * slow list). Expectations come from the rules in ignores.ts' header and the
 * paper's (Castro & Liskov, OSDI 1999, §4.2, §4.4): only messages of the
 * current view are taken; a pre-prepare only from the view's primary; no
 * prepare from the primary; a vote counted once; a view-change or new-view
 * for a view above the replica's (or its own, while changing).
 * Five replicas r0..r4 (the primary of view v is r(v mod 5)), S = 2, V = 3:
 * r4 is a backup of every view 0..2, and r3 (the primary of view 3) leads no
 * view in bounds.
 */
import { describe, expect, it } from 'vitest';
import { pbftClientsIgnores, pbftIgnores, pbftReplicaIgnores } from '../../../spec/pbft/ignores.js';
import type { Certificate, PbftMessage, PbftRequest } from '../../../spec/pbft/messages.js';
import type { ClientsState, ReplicaConfig, ReplicaState } from '../../../spec/pbft/state.js';

const A: PbftRequest = { id: 'c0.0', op: { kind: 'write', value: 'a' } };
const B: PbftRequest = { id: 'c1.0', op: { kind: 'read' } };
const REPLICAS = ['r0', 'r1', 'r2', 'r3', 'r4'];

const cfg = (self: string): ReplicaConfig => ({ self, replicas: REPLICAS, clients: 'clients', quorum: 4, prepareQuorum: 3, commitQuorum: 4, seqs: 2, views: 3, verifyRequests: true, replies: true });

/** r4 in view 1 (primary r1): A pre-prepared at seq 1, r2's prepare counted, the commits for it complete; r3's view-change for view 2 held. */
const r4 = (over: Partial<ReplicaState> = {}): ReplicaState => ({
  cfg: cfg('r4'),
  view: 1,
  requests: [A],
  log: [{ seq: 1, request: A }],
  prepares: [{ seq: 1, digest: 'c0.0', from: ['r2'] }],
  commits: [{ seq: 1, digest: 'c0.0', from: null }],
  certificates: [],
  evidence: [],
  committed: [],
  executed: [],
  viewChanges: [{ view: 2, from: 'r3', prepared: [] }],
  ...over,
});

const prePrepare = (from: string, view: number, seq: number, request: PbftRequest = B): PbftMessage => ({ type: 'pbft.pre-prepare', from, to: 'r4', view, seq, request });
const vote = (type: 'pbft.prepare' | 'pbft.commit', from: string, view: number, seq: number, digest: string | null): PbftMessage => ({ type, from, to: 'r4', view, seq, digest });
const viewChange = (from: string, view: number, prepared: Certificate[] = []): PbftMessage => ({ type: 'pbft.view-change', from, to: 'r4', view, prepared });
const newView = (from: string, view: number): PbftMessage => ({ type: 'pbft.new-view', from, to: 'r4', view, viewChanges: [], preprepares: [] });

describe('pbftReplicaIgnores: requests', () => {
  it('a new request from the clients node is taken; one it holds, or one from a replica, is refused', () => {
    const req = (from: string, request: PbftRequest): PbftMessage => ({ type: 'pbft.request', from, to: 'r4', request });
    expect(pbftReplicaIgnores('normal', r4(), req('clients', B))).toBe(false);
    expect(pbftReplicaIgnores('normal', r4(), req('clients', A))).toBe(true);
    expect(pbftReplicaIgnores('normal', r4(), req('r0', B))).toBe(true);
    expect(pbftReplicaIgnores('changing', r4({ requests: [] }), req('clients', A))).toBe(false);
  });
});

describe('pbftReplicaIgnores: pre-prepares', () => {
  it('from the primary of its view for a free seq, or of a later view in bounds: taken', () => {
    expect(pbftReplicaIgnores('normal', r4(), prePrepare('r1', 1, 2))).toBe(false);
    expect(pbftReplicaIgnores('normal', r4(), prePrepare('r2', 2, 1))).toBe(false);
    expect(pbftReplicaIgnores('normal', r4(), prePrepare('r2', 2, 2))).toBe(false);
  });

  it('for a seq already logged in the normal status: refused; while changing to that view, not', () => {
    expect(pbftReplicaIgnores('normal', r4(), prePrepare('r1', 1, 1))).toBe(true);
    expect(pbftReplicaIgnores('changing', r4(), prePrepare('r1', 1, 1))).toBe(false);
    // Logged at seq 1 in view 1 says nothing of view 2.
    expect(pbftReplicaIgnores('normal', r4(), prePrepare('r2', 2, 1))).toBe(false);
  });

  it('from a replica that is not the primary of the message’s view, or of an earlier view: refused', () => {
    expect(pbftReplicaIgnores('normal', r4(), prePrepare('r0', 1, 2))).toBe(true);
    expect(pbftReplicaIgnores('normal', r4(), prePrepare('r1', 2, 2))).toBe(true);
    expect(pbftReplicaIgnores('normal', r4(), prePrepare('r0', 0, 2))).toBe(true);
    expect(pbftReplicaIgnores('changing', r4({ log: [] }), prePrepare('r0', 0, 2))).toBe(true);
  });

  it('to the primary itself: r2 refuses a pre-prepare in its own name for view 2', () => {
    expect(pbftReplicaIgnores('normal', r4({ cfg: cfg('r2') }), prePrepare('r2', 2, 2))).toBe(true);
  });

  it('outside the bounds: seq 0, 3 or 1.5, view 3, −1 or 1.5', () => {
    expect(pbftReplicaIgnores('normal', r4(), prePrepare('r1', 1, 0))).toBe(true);
    expect(pbftReplicaIgnores('normal', r4(), prePrepare('r1', 1, 3))).toBe(true);
    expect(pbftReplicaIgnores('normal', r4(), prePrepare('r1', 1, 1.5))).toBe(true);
    expect(pbftReplicaIgnores('normal', r4(), prePrepare('r3', 3, 2))).toBe(true);
    expect(pbftReplicaIgnores('normal', r4({ view: 0, log: [] }), prePrepare('r0', -1, 2))).toBe(true);
    expect(pbftReplicaIgnores('normal', r4(), prePrepare('r1', 1.5, 2))).toBe(true);
    // View 0 is in bounds: a replica still in view 0 takes r0's pre-prepare for it.
    expect(pbftReplicaIgnores('normal', r4({ view: 0, log: [] }), prePrepare('r0', 0, 2))).toBe(false);
    expect(pbftReplicaIgnores('normal', r4({ view: 0, log: [], viewChanges: [] }), viewChange('r2', 0))).toBe(true);
    expect(pbftReplicaIgnores('changing', r4({ view: 0, log: [], viewChanges: [] }), viewChange('r2', 0))).toBe(false);
  });
});

describe('pbftReplicaIgnores: prepares and commits', () => {
  it('a new vote of the current view for the logged digest, or for a seq not logged yet: taken', () => {
    expect(pbftReplicaIgnores('normal', r4(), vote('pbft.prepare', 'r3', 1, 1, 'c0.0'))).toBe(false);
    expect(pbftReplicaIgnores('normal', r4(), vote('pbft.prepare', 'r3', 1, 2, 'c1.0'))).toBe(false);
    expect(pbftReplicaIgnores('normal', r4(), vote('pbft.commit', 'r3', 1, 2, null))).toBe(false);
  });

  it('a vote counted already, or into a full tally: refused (prepares and commits kept apart)', () => {
    expect(pbftReplicaIgnores('normal', r4(), vote('pbft.prepare', 'r2', 1, 1, 'c0.0'))).toBe(true);
    expect(pbftReplicaIgnores('normal', r4(), vote('pbft.commit', 'r2', 1, 1, 'c0.0'))).toBe(true);
    const noCommits = r4({ commits: [] });
    expect(pbftReplicaIgnores('normal', noCommits, vote('pbft.commit', 'r2', 1, 1, 'c0.0'))).toBe(false);
    expect(pbftReplicaIgnores('normal', r4({ prepares: [] }), vote('pbft.prepare', 'r2', 1, 1, 'c0.0'))).toBe(false);
  });

  it('a vote for another digest than the one logged at its seq: refused', () => {
    expect(pbftReplicaIgnores('normal', r4(), vote('pbft.prepare', 'r3', 1, 1, 'c1.0'))).toBe(true);
    expect(pbftReplicaIgnores('normal', r4(), vote('pbft.commit', 'r3', 1, 1, null))).toBe(true);
  });

  it('a prepare from the primary of the message’s view is refused; a commit from it is not', () => {
    expect(pbftReplicaIgnores('normal', r4(), vote('pbft.prepare', 'r1', 1, 2, 'c1.0'))).toBe(true);
    expect(pbftReplicaIgnores('normal', r4(), vote('pbft.commit', 'r1', 1, 2, 'c1.0'))).toBe(false);
    expect(pbftReplicaIgnores('normal', r4(), vote('pbft.prepare', 'r2', 2, 2, 'c1.0'))).toBe(true);
    // r1 leads view 1, not view 2.
    expect(pbftReplicaIgnores('normal', r4(), vote('pbft.prepare', 'r1', 2, 2, 'c1.0'))).toBe(false);
  });

  it('while changing, or for a later view, nothing of the tallies is read: taken', () => {
    expect(pbftReplicaIgnores('changing', r4(), vote('pbft.prepare', 'r2', 1, 1, 'c0.0'))).toBe(false);
    expect(pbftReplicaIgnores('changing', r4(), vote('pbft.commit', 'r3', 1, 1, 'c1.0'))).toBe(false);
    expect(pbftReplicaIgnores('normal', r4(), vote('pbft.prepare', 'r2', 2, 1, 'c0.0'))).toBe(true);
    expect(pbftReplicaIgnores('normal', r4(), vote('pbft.prepare', 'r3', 2, 1, 'c1.0'))).toBe(false);
    expect(pbftReplicaIgnores('normal', r4(), vote('pbft.commit', 'r2', 2, 1, 'c0.0'))).toBe(false);
  });

  it('an earlier view or out of bounds: refused', () => {
    expect(pbftReplicaIgnores('normal', r4(), vote('pbft.commit', 'r3', 0, 2, 'c1.0'))).toBe(true);
    expect(pbftReplicaIgnores('changing', r4(), vote('pbft.commit', 'r3', 0, 2, 'c1.0'))).toBe(true);
    expect(pbftReplicaIgnores('normal', r4(), vote('pbft.commit', 'r3', 3, 2, 'c1.0'))).toBe(true);
    expect(pbftReplicaIgnores('normal', r4(), vote('pbft.commit', 'r3', 1, 3, 'c1.0'))).toBe(true);
    expect(pbftReplicaIgnores('normal', r4(), vote('pbft.prepare', 'r3', 1, 0, 'c1.0'))).toBe(true);
  });
});

describe('pbftReplicaIgnores: view-change messages', () => {
  it('for a later view in bounds, well formed, from a new sender: taken', () => {
    expect(pbftReplicaIgnores('normal', r4(), viewChange('r2', 2))).toBe(false);
    expect(pbftReplicaIgnores('normal', r4(), viewChange('r2', 2, [{ view: 1, seq: 1, request: A }, { view: 0, seq: 2, request: null }]))).toBe(false);
    expect(pbftReplicaIgnores('changing', r4(), viewChange('r2', 1))).toBe(false);
  });

  it('for its own view in the normal status, an earlier view or beyond the bounds: refused', () => {
    expect(pbftReplicaIgnores('normal', r4(), viewChange('r2', 1))).toBe(true);
    expect(pbftReplicaIgnores('normal', r4(), viewChange('r2', 0))).toBe(true);
    expect(pbftReplicaIgnores('changing', r4(), viewChange('r2', 0))).toBe(true);
    expect(pbftReplicaIgnores('normal', r4(), viewChange('r2', 3))).toBe(true);
  });

  it('from itself, or from a sender whose view-change for that view it holds (another view’s is no matter)', () => {
    expect(pbftReplicaIgnores('normal', r4(), viewChange('r4', 2))).toBe(true);
    expect(pbftReplicaIgnores('normal', r4(), viewChange('r3', 2))).toBe(true);
    expect(pbftReplicaIgnores('normal', r4({ viewChanges: [{ view: 1, from: 'r3', prepared: [] }] }), viewChange('r3', 2))).toBe(false);
  });

  it('a malformed P: a certificate of that view or later, two for one seq, out of order, or a seq outside 1..S', () => {
    expect(pbftReplicaIgnores('normal', r4(), viewChange('r2', 2, [{ view: 2, seq: 1, request: A }]))).toBe(true);
    expect(pbftReplicaIgnores('normal', r4(), viewChange('r2', 2, [{ view: 0, seq: 1, request: A }, { view: 1, seq: 1, request: B }]))).toBe(true);
    expect(pbftReplicaIgnores('normal', r4(), viewChange('r2', 2, [{ view: 0, seq: 2, request: A }, { view: 1, seq: 1, request: B }]))).toBe(true);
    expect(pbftReplicaIgnores('normal', r4(), viewChange('r2', 2, [{ view: 0, seq: 3, request: A }]))).toBe(true);
  });
});

describe('pbftReplicaIgnores: new-view messages', () => {
  it('from the primary of a later view in bounds, or of its own view while changing: taken', () => {
    expect(pbftReplicaIgnores('normal', r4(), newView('r2', 2))).toBe(false);
    expect(pbftReplicaIgnores('changing', r4(), newView('r1', 1))).toBe(false);
  });

  it('its own view in the normal status, an earlier view, beyond the bounds, or not from that view’s primary: refused', () => {
    expect(pbftReplicaIgnores('normal', r4(), newView('r1', 1))).toBe(true);
    expect(pbftReplicaIgnores('changing', r4(), newView('r0', 0))).toBe(true);
    expect(pbftReplicaIgnores('normal', r4(), newView('r3', 3))).toBe(true);
    expect(pbftReplicaIgnores('normal', r4(), newView('r3', 2))).toBe(true);
  });

  it('the primary refuses a new-view in its own name', () => {
    expect(pbftReplicaIgnores('normal', r4({ cfg: cfg('r2') }), newView('r2', 2))).toBe(true);
  });

  it('a reply is nothing to a replica', () => {
    expect(pbftReplicaIgnores('normal', r4(), { type: 'pbft.reply', from: 'r0', to: 'r4', id: 'c0.0', result: 'ok' })).toBe(false);
  });
});

describe('pbftClientsIgnores', () => {
  /** c0 returned its first command (ok) and waits on its second; c1 waits on its first and holds r1's reply. */
  const clients = (): ClientsState => ({
    cfg: { self: 'clients', commands: 2, targets: [REPLICAS, REPLICAS], replyQuorum: 2 },
    history: {
      clients: [
        [{ op: A.op, seen: [0, 0], result: 'ok' }, { op: { kind: 'read' }, seen: [1, 0] }],
        [{ op: B.op, seen: [0, 0] }],
      ],
    },
    replies: [[], [{ from: 'r1', result: null }]],
  });
  const reply = (id: string, from = 'r2'): PbftMessage => ({ type: 'pbft.reply', from, to: 'clients', id, result: 'a' });

  it('a reply to a pending command from a new replica: taken', () => {
    expect(pbftClientsIgnores(clients(), reply('c0.1', 'r1'))).toBe(false);
    expect(pbftClientsIgnores(clients(), reply('c1.0', 'r2'))).toBe(false);
  });

  it('a reply to a command that returned, or from a replica whose reply it holds: refused', () => {
    expect(pbftClientsIgnores(clients(), reply('c0.0'))).toBe(true);
    expect(pbftClientsIgnores(clients(), reply('c1.0', 'r1'))).toBe(true);
  });

  it('an id no client issues is refused; a command not issued yet is not', () => {
    expect(pbftClientsIgnores(clients(), reply('bogus'))).toBe(true);
    expect(pbftClientsIgnores(clients(), reply('c2.0'))).toBe(true);
    expect(pbftClientsIgnores(clients(), reply('c1.1'))).toBe(false);
  });

  it('anything but a reply is taken', () => {
    expect(pbftClientsIgnores(clients(), { type: 'pbft.request', from: 'clients', to: 'clients', request: A })).toBe(false);
  });
});

describe('pbftIgnores: by role', () => {
  it('a replica node reads its state value as the status; the clients node its replies; any other role refuses nothing', () => {
    const held = viewChange('r3', 2);
    expect(pbftIgnores({ role: 'replica', value: 'normal', context: r4() }, held)).toBe(true);
    expect(pbftIgnores({ role: 'replica', value: 'changing', context: r4() }, newView('r1', 1))).toBe(false);
    expect(pbftIgnores({ role: 'replica', value: 'normal', context: r4() }, newView('r1', 1))).toBe(true);
    const returned: PbftMessage = { type: 'pbft.reply', from: 'r2', to: 'clients', id: 'c0.0', result: 'ok' };
    const clients: ClientsState = { cfg: { self: 'clients', commands: 1, targets: [REPLICAS], replyQuorum: 2 }, history: { clients: [[{ op: A.op, seen: [0], result: 'ok' }]] }, replies: [[]] };
    expect(pbftIgnores({ role: 'clients', value: 'idle', context: clients }, returned)).toBe(true);
    expect(pbftIgnores({ role: 'observer', value: 'normal', context: r4() }, held)).toBe(false);
  });
});
