/**
 * PBFT's symmetry (spec/pbft/symmetry.ts) on hand-made contexts and messages,
 * fast (the machine-checked harness, symmetry.test.ts, is in the slow list):
 * which replicas form the group (the correct ones that lead none of the views
 * 0..V-1, the primary of view v being r(v mod n), §4.1), and what renaming
 * r2 ↔ r3 does to every node name a context or message holds, with every set
 * re-sorted. Expectations are written by hand.
 */
import { describe, expect, it } from 'vitest';
import type { NodeId } from '../../../spec/core/ids.js';
import type { NewViewMsg, PbftMessage, PbftRequest } from '../../../spec/pbft/messages.js';
import type { ClientsState, ReplicaState } from '../../../spec/pbft/state.js';
import { PBFT_SYMMETRY_WHY, pbftBackupGroup, pbftSymmetry, renameClientsState, renamePbftContext, renamePbftMessage, renameReplicaState } from '../../../spec/pbft/symmetry.js';

const A: PbftRequest = { id: 'c0.0', op: { kind: 'write', value: 'a' } };
const R4 = ['r0', 'r1', 'r2', 'r3'];
const swap23 = (n: NodeId): NodeId => (n === 'r2' ? 'r3' : n === 'r3' ? 'r2' : n);

describe('pbftBackupGroup: the correct replicas that lead no reachable view', () => {
  it('n = 4: V = 1 leaves r1..r3, V = 2 leaves r2 and r3, V = 4 or more leaves nobody', () => {
    expect(pbftBackupGroup(R4, [], 1)).toEqual(['r1', 'r2', 'r3']);
    expect(pbftBackupGroup(R4, [], 2)).toEqual(['r2', 'r3']);
    expect(pbftBackupGroup(R4, [], 3)).toEqual(['r3']);
    expect(pbftBackupGroup(R4, [], 4)).toEqual([]);
    expect(pbftBackupGroup(R4, [], 6)).toEqual([]);
  });

  it('faulty replicas are left out by index; a faulty primary changes nothing of the others', () => {
    expect(pbftBackupGroup(R4, [3], 1)).toEqual(['r1', 'r2']);
    expect(pbftBackupGroup(R4, [0], 1)).toEqual(['r1', 'r2', 'r3']);
    expect(pbftBackupGroup(R4, [0, 2], 2)).toEqual(['r3']);
  });

  it('views wrap round: with n = 3 and V = 4, view 3 is r0’s again', () => {
    expect(pbftBackupGroup(['r0', 'r1', 'r2'], [], 4)).toEqual([]);
    expect(pbftBackupGroup(['r0', 'r1', 'r2', 'r3', 'r4'], [1], 2)).toEqual(['r2', 'r3', 'r4']);
  });
});

describe('pbftSymmetry', () => {
  it('no symmetry for fewer than two interchangeable backups; one group of them otherwise', () => {
    expect(pbftSymmetry(R4, [], 3)).toBeUndefined();
    expect(pbftSymmetry(R4, [3], 2)).toBeUndefined();
    const s = pbftSymmetry(R4, [], 2);
    expect(s?.groups).toEqual([['r2', 'r3']]);
    expect(s?.why).toBe(PBFT_SYMMETRY_WHY);
    expect(PBFT_SYMMETRY_WHY).toMatch(/^the correct replicas that lead none of the views 0\.\.V-1 are backups in every view they reach/);
    expect(s?.renameContext).toBe(renamePbftContext);
    const pp: PbftMessage = { type: 'pbft.prepare', from: 'r2', to: 'r0', view: 0, seq: 1, digest: 'c0.0' };
    expect(s?.renameMessage(pp, swap23)).toEqual({ ...pp, from: 'r3' });
  });
});

describe('renaming a replica’s context', () => {
  const state = (): ReplicaState => ({
    cfg: { self: 'r2', replicas: R4, clients: 'clients', quorum: 3, prepareQuorum: 2, commitQuorum: 3, seqs: 2, views: 2, verifyRequests: true, replies: true },
    view: 1,
    requests: [A],
    log: [{ seq: 1, request: A }],
    prepares: [
      { seq: 1, digest: 'c0.0', from: ['r1', 'r2'] },
      { seq: 2, digest: null, from: null },
    ],
    commits: [{ seq: 1, digest: 'c0.0', from: ['r2', 'r3'] }],
    certificates: [{ view: 0, seq: 1, request: A }],
    evidence: [{ view: 0, seq: 1, digest: 'c0.0' }],
    committed: [{ seq: 1, request: A }],
    executed: ['c0.0'],
    viewChanges: [
      { view: 1, from: 'r2', prepared: [{ view: 0, seq: 1, request: A }] },
      { view: 1, from: 'r3', prepared: [] },
      { view: 2, from: 'r0', prepared: [] },
    ],
  });

  it('renames self, the replica list (kept in order), every tally’s senders (re-sorted, a full tally untouched) and the view-change senders (re-sorted by view, then sender)', () => {
    const r = renameReplicaState(state(), swap23);
    expect(r.cfg).toEqual({ ...state().cfg, self: 'r3', replicas: R4 });
    expect(r.prepares).toEqual([
      { seq: 1, digest: 'c0.0', from: ['r1', 'r3'] },
      { seq: 2, digest: null, from: null },
    ]);
    expect(r.commits).toEqual([{ seq: 1, digest: 'c0.0', from: ['r2', 'r3'] }]);
    expect(r.viewChanges).toEqual([
      { view: 1, from: 'r2', prepared: [] },
      { view: 1, from: 'r3', prepared: [{ view: 0, seq: 1, request: A }] },
      { view: 2, from: 'r0', prepared: [] },
    ]);
    const { cfg: _c, prepares: _p, commits: _m, viewChanges: _v, ...rest } = r;
    const { cfg: _c2, prepares: _p2, commits: _m2, viewChanges: _v2, ...was } = state();
    expect(rest).toEqual(was);
  });

  it('the clients node’s name is renamed too, and the replica list re-sorted by node order', () => {
    const toX = (n: NodeId): NodeId => (n === 'clients' ? 'k' : n === 'r0' ? 'r9' : n);
    const r = renameReplicaState(state(), toX);
    expect(r.cfg.clients).toBe('k');
    expect(r.cfg.replicas).toEqual(['r1', 'r2', 'r3', 'r9']);
  });

  it('through renamePbftContext by role; an unknown role is refused', () => {
    expect((renamePbftContext('replica', state(), swap23) as ReplicaState).cfg.self).toBe('r3');
    expect(() => renamePbftContext('observer', state(), swap23)).toThrow(new RangeError('pbft has no role observer'));
  });
});

describe('renaming the clients’ context', () => {
  const clients = (): ClientsState => ({
    cfg: { self: 'clients', commands: 1, targets: [R4, ['r0']], replyQuorum: 2 },
    history: { clients: [[{ op: A.op, seen: [0, 0] }], []] },
    replies: [
      [
        { from: 'r1', result: 'ok' },
        { from: 'r2', result: 'ok' },
        { from: 'r3', result: null },
      ],
      [],
    ],
  });

  it('renames every target list (re-sorted) and every reply’s sender (re-sorted by sender); the history stays', () => {
    const c = renameClientsState(clients(), swap23);
    expect(c.cfg).toEqual({ self: 'clients', commands: 1, targets: [R4, ['r0']], replyQuorum: 2 });
    expect(c.replies).toEqual([
      [
        { from: 'r1', result: 'ok' },
        { from: 'r2', result: null },
        { from: 'r3', result: 'ok' },
      ],
      [],
    ]);
    expect(c.history).toEqual(clients().history);
    const viaRole = renamePbftContext('clients', clients(), (n) => (n === 'clients' ? 'k' : n === 'r0' ? 'r5' : n)) as ClientsState;
    expect(viaRole.cfg.self).toBe('k');
    expect(viaRole.cfg.targets).toEqual([['r1', 'r2', 'r3', 'r5'], ['r5']]);
  });
});

describe('renamePbftMessage', () => {
  it('renames the route of every message', () => {
    const vc: PbftMessage = { type: 'pbft.view-change', from: 'r3', to: 'r2', view: 1, prepared: [] };
    expect(renamePbftMessage(vc, swap23)).toEqual({ ...vc, from: 'r2', to: 'r3' });
  });

  it('a new-view: its V’s senders renamed and re-sorted by sender, O unchanged', () => {
    const nv: NewViewMsg = {
      type: 'pbft.new-view',
      from: 'r1',
      to: 'r3',
      view: 1,
      viewChanges: [
        { from: 'r1', prepared: [] },
        { from: 'r2', prepared: [{ view: 0, seq: 1, request: A }] },
        { from: 'r3', prepared: [] },
      ],
      preprepares: [{ seq: 1, request: A }],
    };
    expect(renamePbftMessage(nv, swap23)).toEqual({
      ...nv,
      to: 'r2',
      viewChanges: [
        { from: 'r1', prepared: [] },
        { from: 'r2', prepared: [] },
        { from: 'r3', prepared: [{ view: 0, seq: 1, request: A }] },
      ],
    });
  });
});
