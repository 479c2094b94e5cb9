/**
 * The PBFT replica (Castro & Liskov, OSDI 1999, §4), one pure step at a time,
 * with n = 4 and f = 1 (quorum 3): the normal case and its thresholds
 * (prepared = pre-prepare + 2 prepares, committed-local = prepared + 3
 * commits), what a replica drops, the bug variants' changed rules, and the
 * view change: time-outs, view-change messages, the new primary's new-view,
 * its acceptance and rejection by a backup, and joining on f+1.
 */
import { describe, expect, it } from 'vitest';
import { pbftReplica } from '../../../machines/pbft/bugs.js';
import { initialReplicaState, replicaMachine } from '../../../machines/pbft/replica.machine.js';
import type { PbftBug } from '../../../spec/pbft/bugs.js';
import type {
  Certificate,
  CommitMsg,
  NewViewMsg,
  PbftMessage,
  PbftRequest,
  PrePrepareMsg,
  PrepareMsg,
  RequestMsg,
  ViewChangeMsg,
} from '../../../spec/pbft/messages.js';
import type { ReplicaConfig, ReplicaState } from '../../../spec/pbft/state.js';
import { restore, start, step, steps } from '../../helpers/machines.js';

const REPLICAS = ['r0', 'r1', 'r2', 'r3'];
const A: PbftRequest = { id: 'c0.0', op: { kind: 'write', value: 'a' } };
const B: PbftRequest = { id: 'c1.0', op: { kind: 'read' } };
const BOGUS: PbftRequest = { id: 'bogus', op: { kind: 'write', value: 'z' } };

function cfg(self: string, over: Partial<ReplicaConfig> = {}): ReplicaConfig {
  return {
    self,
    replicas: REPLICAS,
    clients: 'clients',
    quorum: 3,
    prepareQuorum: 2,
    commitQuorum: 3,
    seqs: 2,
    views: 2,
    verifyRequests: true,
    replies: true,
    ...over,
  };
}

/** The configuration of a replica of the variant `bug` (its quorums); its machine is `pbftReplica(bug)`. */
function bugged(self: string, bug: PbftBug, over: Partial<ReplicaConfig> = {}): ReplicaConfig {
  return cfg(self, { ...(bug === 'weak-prepare' ? { prepareQuorum: 1 } : {}), ...over });
}

const others = (self: string) => REPLICAS.filter((r) => r !== self);
const request = (to: string, r: PbftRequest = A): RequestMsg => ({ type: 'pbft.request', from: 'clients', to, request: r });
const prePrepare = (to: string, over: Partial<PrePrepareMsg> = {}): PrePrepareMsg => ({
  type: 'pbft.pre-prepare',
  from: 'r0',
  to,
  view: 0,
  seq: 1,
  request: A,
  ...over,
});
const prepare = (from: string, to: string, over: Partial<PrepareMsg> = {}): PrepareMsg => ({
  type: 'pbft.prepare',
  from,
  to,
  view: 0,
  seq: 1,
  digest: 'c0.0',
  ...over,
});
const commit = (from: string, to: string, over: Partial<CommitMsg> = {}): CommitMsg => ({
  type: 'pbft.commit',
  from,
  to,
  view: 0,
  seq: 1,
  digest: 'c0.0',
  ...over,
});
const viewChange = (from: string, to: string, prepared: Certificate[] = [], view = 1): ViewChangeMsg => ({
  type: 'pbft.view-change',
  from,
  to,
  view,
  prepared,
});
const TIMEOUT = { type: 'TIMEOUT' } as const;

function fresh(c: ReplicaConfig) {
  return start(replicaMachine, c).next;
}

/** Runs the events from the initial state; the last snapshot and what it sent. */
function run(c: ReplicaConfig, events: readonly (PbftMessage | typeof TIMEOUT)[], machine = replicaMachine) {
  return steps(machine, start(machine, c).next, events);
}

const types = (sent: readonly PbftMessage[]) => sent.map((m) => `${m.type}→${m.to}`);

describe('normal case (§4.2)', () => {
  it('starts in view 0, normal status, with an empty log, sending nothing', () => {
    const { next, sent } = start(replicaMachine, cfg('r1'));
    expect(next.value).toBe('normal');
    expect(next.context).toEqual(initialReplicaState(cfg('r1')));
    expect(sent).toEqual([]);
  });

  it("the primary assigns a client's request the next seq and pre-prepares it, whole, to every backup", () => {
    const { next, sent } = run(cfg('r0'), [request('r0')]);
    expect(next.context.log).toEqual([{ seq: 1, request: A }]);
    expect(next.context.requests).toEqual([A]);
    expect(sent).toEqual(others('r0').map((to) => prePrepare(to)));
    // A second request goes to seq 2; a repeated one is not a new request.
    const second = step(replicaMachine, next, request('r0', B));
    expect(second.next.context.log).toEqual([{ seq: 1, request: A }, { seq: 2, request: B }]);
    expect(second.sent).toEqual(others('r0').map((to) => prePrepare(to, { seq: 2, request: B })));
    expect(second.next.can(request('r0'))).toBe(false);
  });

  it('the primary assigns nothing once the S sequence numbers are used up', () => {
    const { next, sent } = run(cfg('r0', { seqs: 1 }), [request('r0'), request('r0', B)]);
    expect(next.context.log).toEqual([{ seq: 1, request: A }]);
    expect(next.context.requests).toEqual([A, B]);
    expect(sent).toHaveLength(3);
  });

  it('a backup holds a request without assigning it', () => {
    const { next, sent } = run(cfg('r1'), [request('r1')]);
    expect(next.context.requests).toEqual([A]);
    expect(next.context.log).toEqual([]);
    expect(sent).toEqual([]);
  });

  it('a backup accepts the pre-prepare of a request it holds: logs it, counts its own prepare and sends it to every other replica', () => {
    const { next, sent } = run(cfg('r1'), [request('r1'), prePrepare('r1')]);
    expect(next.context.log).toEqual([{ seq: 1, request: A }]);
    expect(next.context.prepares).toEqual([{ seq: 1, digest: 'c0.0', from: ['r1'] }]);
    expect(sent).toEqual(others('r1').map((to) => prepare('r1', to)));
  });

  it('a backup rejects a pre-prepare for a request it does not hold (the stand-in for the client signature), or the bogus request', () => {
    const s = fresh(cfg('r1'));
    expect(s.can(prePrepare('r1'))).toBe(false);
    const held = run(cfg('r1'), [request('r1')]).next;
    expect(held.can(prePrepare('r1', { request: BOGUS }))).toBe(false);
    // Same id, another command: not the request the client issued.
    expect(held.can(prePrepare('r1', { request: { id: 'c0.0', op: { kind: 'write', value: 'z' } } }))).toBe(false);
    // Without request verification (the primary-only cost deployment) the pre-prepare is taken as it is.
    expect(fresh(cfg('r1', { verifyRequests: false })).can(prePrepare('r1'))).toBe(true);
  });

  it('a backup rejects a pre-prepare from a non-primary, for another view, out of range, or for a seq it has a pre-prepare for', () => {
    const held = run(cfg('r1'), [request('r1'), request('r1', B)]).next;
    expect(held.can(prePrepare('r1', { from: 'r2' }))).toBe(false);
    expect(held.can(prePrepare('r1', { view: 1, from: 'r1' }))).toBe(false);
    expect(held.can(prePrepare('r1', { seq: 3 }))).toBe(false);
    expect(held.can(prePrepare('r1', { seq: 0 }))).toBe(false);
    const accepted = step(replicaMachine, held, prePrepare('r1')).next;
    // Equivocation: another request for (v, seq) is not accepted, nor the same again.
    expect(accepted.can(prePrepare('r1', { request: B }))).toBe(false);
    expect(accepted.can(prePrepare('r1'))).toBe(false);
    expect(accepted.can(prePrepare('r1', { seq: 2, request: B }))).toBe(true);
  });

  it('n = 4, f = 1: a backup is prepared after the pre-prepare and 2 prepares (its own and one other), and then sends its commit', () => {
    const pp = run(cfg('r1'), [request('r1'), prePrepare('r1')]).next;
    const { next, sent } = step(replicaMachine, pp, prepare('r2', 'r1'));
    // The tally reached its threshold: who sent no longer matters.
    expect(next.context.prepares).toEqual([{ seq: 1, digest: 'c0.0', from: null }]);
    expect(next.context.commits).toEqual([{ seq: 1, digest: 'c0.0', from: ['r1'] }]);
    expect(sent).toEqual(others('r1').map((to) => commit('r1', to)));
    // More prepares add nothing.
    expect(next.can(prepare('r3', 'r1'))).toBe(false);
  });

  it("the primary's prepares do not count; the primary itself is prepared after 2 prepares from backups", () => {
    const pp = run(cfg('r1'), [request('r1'), prePrepare('r1')]).next;
    expect(pp.can(prepare('r0', 'r1'))).toBe(false);
    const primary = run(cfg('r0'), [request('r0'), prepare('r1', 'r0')]);
    expect(primary.next.context.commits).toEqual([]);
    const { next, sent } = step(replicaMachine, primary.next, prepare('r2', 'r0'));
    expect(next.context.commits).toEqual([{ seq: 1, digest: 'c0.0', from: ['r0'] }]);
    expect(sent).toEqual(others('r0').map((to) => commit('r0', to)));
  });

  it('prepares may arrive before the pre-prepare; prepared follows as soon as it does', () => {
    const { next, sent } = run(cfg('r1'), [request('r1'), prepare('r2', 'r1'), prepare('r3', 'r1'), prePrepare('r1')]);
    expect(next.context.commits).toEqual([{ seq: 1, digest: 'c0.0', from: ['r1'] }]);
    expect(types(sent)).toEqual([...others('r1').map((to) => `pbft.prepare→${to}`), ...others('r1').map((to) => `pbft.commit→${to}`)]);
  });

  it('n = 4, f = 1: committed-local after prepared and 3 commits (its own included): executes and replies', () => {
    const prepared = run(cfg('r1'), [request('r1'), prePrepare('r1'), prepare('r2', 'r1')]).next;
    const two = step(replicaMachine, prepared, commit('r2', 'r1'));
    expect(two.next.context.committed).toEqual([]);
    expect(two.sent).toEqual([]);
    const { next, sent } = step(replicaMachine, two.next, commit('r3', 'r1'));
    expect(next.context.committed).toEqual([{ seq: 1, request: A }]);
    expect(next.context.executed).toEqual(['c0.0']);
    expect(sent).toEqual([{ type: 'pbft.reply', from: 'r1', to: 'clients', id: 'c0.0', result: 'ok' }]);
    expect(next.can(commit('r0', 'r1'))).toBe(false);
  });

  it('commits before prepared count once it is prepared', () => {
    const { next, sent } = run(cfg('r1'), [request('r1'), prePrepare('r1'), commit('r0', 'r1'), commit('r2', 'r1'), prepare('r3', 'r1')]);
    expect(next.context.committed).toEqual([{ seq: 1, request: A }]);
    expect(types(sent).slice(-4)).toEqual([...others('r1').map((to) => `pbft.commit→${to}`), 'pbft.reply→clients']);
  });

  it('drops votes that cannot matter: another digest than the one logged, a digest no client signed, another view', () => {
    const pp = run(cfg('r1'), [request('r1'), prePrepare('r1')]).next;
    expect(pp.can(prepare('r2', 'r1', { digest: 'c1.0' }))).toBe(false);
    expect(pp.can(commit('r2', 'r1', { digest: 'c1.0' }))).toBe(false);
    expect(pp.can(prepare('r2', 'r1', { digest: null }))).toBe(false);
    expect(pp.can(prepare('r2', 'r1', { view: 1 }))).toBe(false);
    const empty = fresh(cfg('r1'));
    expect(empty.can(prepare('r2', 'r1', { digest: 'bogus' }))).toBe(false);
    expect(empty.can(commit('r2', 'r1', { digest: null }))).toBe(false);
    // Before any pre-prepare, a vote for a client request may still count.
    expect(empty.can(prepare('r2', 'r1', { digest: 'c1.0' }))).toBe(true);
  });

  it('executes committed seqs in order: a gap waits; the null request is a no-op; an id executes once', () => {
    const base = initialReplicaState(cfg('r1', { seqs: 3 }));
    const s: ReplicaState = {
      ...base,
      log: [{ seq: 3, request: A }],
      prepares: [{ seq: 3, digest: 'c0.0', from: null }],
      commits: [{ seq: 3, digest: 'c0.0', from: ['r0', 'r2'] }],
      committed: [{ seq: 2, request: B }],
    };
    const gap = step(replicaMachine, restore(replicaMachine, 'normal', s), commit('r3', 'r1', { seq: 3 }));
    expect(gap.next.context.committed).toEqual([{ seq: 2, request: B }, { seq: 3, request: A }]);
    expect(gap.next.context.executed).toEqual([]);
    const filled: ReplicaState = { ...gap.next.context, committed: [{ seq: 1, request: null }, ...gap.next.context.committed], log: [] };
    // Seq 1 (null), 2 (read: none yet) and 3 (write a) execute once seq 1 is committed.
    const t = initialReplicaState(cfg('r1', { seqs: 3 }));
    const withOne: ReplicaState = {
      ...t,
      log: [{ seq: 1, request: null }],
      prepares: [{ seq: 1, digest: null, from: null }],
      commits: [{ seq: 1, digest: null, from: ['r0', 'r1'] }],
      committed: filled.committed.filter((c) => c.seq !== 1),
    };
    const { next, sent } = step(replicaMachine, restore(replicaMachine, 'normal', withOne), commit('r3', 'r1', { digest: null }));
    expect(next.context.executed).toEqual(['c1.0', 'c0.0']);
    expect(sent).toEqual([
      { type: 'pbft.reply', from: 'r1', to: 'clients', id: 'c1.0', result: null },
      { type: 'pbft.reply', from: 'r1', to: 'clients', id: 'c0.0', result: 'ok' },
    ]);
  });
});

describe('bug variants change one rule each', () => {
  it('weak-prepare: with f = 1 a backup is prepared on its own prepare, right as it accepts the pre-prepare', () => {
    const { next, sent } = run(bugged('r1', 'weak-prepare'), [request('r1'), prePrepare('r1')], pbftReplica('weak-prepare'));
    expect(next.context.commits).toEqual([{ seq: 1, digest: 'c0.0', from: ['r1'] }]);
    expect(types(sent)).toEqual([...others('r1').map((to) => `pbft.prepare→${to}`), ...others('r1').map((to) => `pbft.commit→${to}`)]);
    // The correct rule needs one more.
    expect(run(cfg('r1'), [request('r1'), prePrepare('r1')]).next.context.commits).toEqual([]);
  });

  it('no-viewchange-certificates: the new primary fills every seq up to the highest reported with the null request, then re-proposes its requests after them', () => {
    const c = bugged('r1', 'no-viewchange-certificates');
    const machine = pbftReplica('no-viewchange-certificates');
    const prepared = run(c, [request('r1'), prePrepare('r1'), prepare('r2', 'r1')], machine).next;
    const changing = step(machine, prepared, TIMEOUT).next;
    const { next, sent } = steps(machine, changing, [viewChange('r2', 'r1'), viewChange('r3', 'r1')]);
    expect(next.value).toBe('normal');
    expect(next.context.log).toEqual([{ seq: 1, request: null }, { seq: 2, request: A }]);
    const nv = sent.find((m): m is NewViewMsg => m.type === 'pbft.new-view');
    expect(nv?.preprepares).toEqual([{ seq: 1, request: null }]);
    // The correct rule re-proposes A at seq 1, where it was prepared.
    const ok = run(cfg('r1'), [request('r1'), prePrepare('r1'), prepare('r2', 'r1'), TIMEOUT, viewChange('r2', 'r1'), viewChange('r3', 'r1')]).next;
    expect(ok.context.log).toEqual([{ seq: 1, request: A }]);
  });
});

describe('view change (§4.4)', () => {
  it('the timer runs only while a backup holds a request it has not executed; the primary runs none', () => {
    expect(fresh(cfg('r1')).can(TIMEOUT)).toBe(false);
    const waiting = run(cfg('r1'), [request('r1')]).next;
    expect(waiting.can(TIMEOUT)).toBe(true);
    expect(run(cfg('r0'), [request('r0')]).next.can(TIMEOUT)).toBe(false);
    const executed = run(cfg('r1'), [request('r1'), prePrepare('r1'), prepare('r2', 'r1'), commit('r2', 'r1'), commit('r3', 'r1')]).next;
    expect(executed.context.executed).toEqual(['c0.0']);
    expect(executed.can(TIMEOUT)).toBe(false);
    // No view left within the bounds.
    expect(run(cfg('r1', { views: 1 }), [request('r1')]).next.can(TIMEOUT)).toBe(false);
  });

  it('a time-out moves to the next view and sends view-change(v+1, P) to every other replica, P its prepared certificates', () => {
    const prepared = run(cfg('r2'), [request('r2'), prePrepare('r2'), prepare('r1', 'r2')]).next;
    const { next, sent } = step(replicaMachine, prepared, TIMEOUT);
    const P: Certificate[] = [{ view: 0, seq: 1, request: A }];
    expect(next.value).toBe('changing');
    expect(next.context.view).toBe(1);
    expect(next.context.certificates).toEqual(P);
    expect(next.context.evidence).toEqual([{ view: 0, seq: 1, digest: 'c0.0' }]);
    expect(next.context.log).toEqual([]);
    expect(next.context.viewChanges).toEqual([{ view: 1, from: 'r2', prepared: P }]);
    expect(sent).toEqual(others('r2').map((to) => viewChange('r2', to, P)));
    // It takes no more normal-case messages of view 0.
    expect(next.can(commit('r1', 'r2'))).toBe(false);
    // Another time-out would need a view within the bounds.
    expect(next.can(TIMEOUT)).toBe(false);
  });

  it('the new primary with view-change messages from Q = 3 replicas (its own included) sends new-view(v+1, V, O) and assigns its requests after O', () => {
    const P: Certificate[] = [{ view: 0, seq: 1, request: A }];
    const prepared = run(cfg('r1'), [request('r1', B), request('r1'), prePrepare('r1'), prepare('r2', 'r1')]).next;
    const changing = step(replicaMachine, prepared, TIMEOUT).next;
    const two = step(replicaMachine, changing, viewChange('r2', 'r1', P));
    expect(two.next.value).toBe('changing');
    expect(two.sent).toEqual([]);
    const { next, sent } = step(replicaMachine, two.next, viewChange('r3', 'r1'));
    expect(next.value).toBe('normal');
    expect(next.context.view).toBe(1);
    const V = [
      { from: 'r1', prepared: P },
      { from: 'r2', prepared: P },
      { from: 'r3', prepared: [] },
    ];
    const O = [{ seq: 1, request: A }];
    expect(sent.slice(0, 3)).toEqual(others('r1').map((to) => ({ type: 'pbft.new-view', from: 'r1', to, view: 1, viewChanges: V, preprepares: O })));
    // Then B, the other request it holds, at seq 2.
    expect(sent.slice(3)).toEqual(others('r1').map((to) => prePrepare(to, { from: 'r1', view: 1, seq: 2, request: B })));
    expect(next.context.log).toEqual([...O, { seq: 2, request: B }]);
    expect(next.context.viewChanges).toEqual([]);
  });

  it('a replica drops a view-change message whose certificate it cannot confirm from the prepares it received itself', () => {
    const changing = run(cfg('r1'), [request('r1'), TIMEOUT]).next;
    const forged = viewChange('r3', 'r1', [{ view: 0, seq: 1, request: A }]);
    expect(changing.can(forged)).toBe(false);
    expect(changing.can(viewChange('r3', 'r1'))).toBe(true);
    // Malformed: a certificate not from an earlier view.
    expect(changing.can(viewChange('r3', 'r1', [{ view: 1, seq: 1, request: A }]))).toBe(false);
    // With the prepares of view 0 received before it left, the certificate is confirmed.
    const saw = run(cfg('r1'), [request('r1'), prepare('r2', 'r1'), prepare('r3', 'r1'), TIMEOUT]).next;
    expect(saw.context.evidence).toEqual([{ view: 0, seq: 1, digest: 'c0.0' }]);
    expect(saw.can(forged)).toBe(true);
  });

  /** r2, view-changing to view 1, holding the view-change messages of r1 (with a certificate) and r3, and its own. */
  function backupInViewChange() {
    const P: Certificate[] = [{ view: 0, seq: 1, request: A }];
    const s = run(cfg('r2'), [request('r2'), prePrepare('r2'), prepare('r1', 'r2'), TIMEOUT, viewChange('r1', 'r2', P), viewChange('r3', 'r2')]).next;
    const V = [
      { from: 'r1', prepared: P },
      { from: 'r2', prepared: P },
      { from: 'r3', prepared: [] },
    ];
    const nv = (over: Partial<NewViewMsg> = {}): NewViewMsg => ({
      type: 'pbft.new-view',
      from: 'r1',
      to: 'r2',
      view: 1,
      viewChanges: V,
      preprepares: [{ seq: 1, request: A }],
      ...over,
    });
    return { s, P, V, nv };
  }

  it('a backup accepts a new-view whose V it holds and whose O is what V implies: it enters the view and prepares O', () => {
    const { s, nv } = backupInViewChange();
    const { next, sent } = step(replicaMachine, s, nv());
    expect(next.value).toBe('normal');
    expect(next.context.view).toBe(1);
    expect(next.context.log).toEqual([{ seq: 1, request: A }]);
    expect(next.context.prepares).toEqual([{ seq: 1, digest: 'c0.0', from: ['r2'] }]);
    expect(next.context.viewChanges).toEqual([]);
    expect(sent).toEqual(others('r2').map((to) => prepare('r2', to, { view: 1 })));
  });

  it('a backup rejects a new-view with an O that V does not imply, a view-change it does not hold, too few, or from a non-primary', () => {
    const { s, V, nv } = backupInViewChange();
    expect(s.can(nv({ preprepares: [{ seq: 1, request: null }] }))).toBe(false);
    expect(s.can(nv({ preprepares: [] }))).toBe(false);
    // r1's view-change as if it had reported nothing: not the one r2 received.
    expect(s.can(nv({ viewChanges: [{ from: 'r1', prepared: [] }, ...V.slice(1)], preprepares: [{ seq: 1, request: A }] }))).toBe(false);
    // r0's view-change, which r2 never received.
    expect(s.can(nv({ viewChanges: [{ from: 'r0', prepared: [] }, ...V.slice(1)] }))).toBe(false);
    expect(s.can(nv({ viewChanges: V.slice(0, 2) }))).toBe(false);
    expect(s.can(nv({ from: 'r3' }))).toBe(false);
    expect(s.can(nv())).toBe(true);
  });

  it('a replica holding view-change messages from f+1 = 2 replicas for a higher view joins it (the old primary, which runs no timer)', () => {
    const primary = run(cfg('r0'), [request('r0')]).next;
    const one = step(replicaMachine, primary, viewChange('r1', 'r0'));
    expect(one.next.value).toBe('normal');
    expect(one.next.context.viewChanges).toEqual([{ view: 1, from: 'r1', prepared: [] }]);
    const { next, sent } = step(replicaMachine, one.next, viewChange('r2', 'r0'));
    expect(next.value).toBe('changing');
    expect(next.context.view).toBe(1);
    expect(sent).toEqual(others('r0').map((to) => viewChange('r0', to)));
    expect(next.context.viewChanges.map((e) => e.from)).toEqual(['r0', 'r1', 'r2']);
  });

  it('the new primary joining on f+1 with a quorum held starts the view at once', () => {
    const backup = run(cfg('r1'), [viewChange('r2', 'r1')]).next;
    const { next, sent } = step(replicaMachine, backup, viewChange('r3', 'r1'));
    expect(next.value).toBe('normal');
    expect(next.context.view).toBe(1);
    expect(types(sent)).toEqual([...others('r1').map((to) => `pbft.view-change→${to}`), ...others('r1').map((to) => `pbft.new-view→${to}`)]);
  });
});
