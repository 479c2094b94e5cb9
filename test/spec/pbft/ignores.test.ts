/**
 * PBFT's refusals (`spec/pbft/ignores.ts`):
 * - each rule on states the machines reach step by step (n = 4, f = 1),
 *   refused and not; every refusal is also checked against the machine
 *   (delivering the message changes nothing and sends nothing);
 * - on small systems, the verdict with the reductions (POR and symmetry) is
 *   the one without them, for the correct protocol and every bug variant;
 *   where a bug is caught, POR with `shortest` gives back the unreduced length.
 */
import { describe, expect, it } from 'vitest';
import type { AnyMachineSnapshot, AnyStateMachine, SnapshotFrom } from 'xstate';
import type { FaultOptions } from '../../../explorer/actor-system/faults.js';
import { clientsMachine } from '../../../machines/pbft/clients.machine.js';
import { replicaMachine } from '../../../machines/pbft/replica.machine.js';
import { pbftSystem } from '../../../machines/pbft/system.js';
import type { PbftAdversary } from '../../../spec/pbft/adversary.js';
import { PBFT_BUGS, type PbftBug } from '../../../spec/pbft/bugs.js';
import type { PbftSizes } from '../../../spec/pbft/configs.js';
import { pbftIgnores } from '../../../spec/pbft/ignores.js';
import type { CommitMsg, NewViewMsg, PbftMessage, PbftRequest, PrePrepareMsg, PrepareMsg, ReplyMsg, RequestMsg, ViewChangeMsg } from '../../../spec/pbft/messages.js';
import type { ClientsConfig, ReplicaConfig } from '../../../spec/pbft/state.js';
import { start, step, steps } from '../../helpers/machines.js';
import { compareVerdicts, expectSameVisibleStates, NO_FAULTS, refuses as refusesWith } from '../ignores-harness.js';

/** What `pbftIgnores` declares for `role` in `s` (a refusal is checked against the machine). */
function refuses(machine: AnyStateMachine, role: string, s: AnyMachineSnapshot, msg: PbftMessage): boolean {
  return refusesWith(pbftIgnores, machine, role, s, msg);
}

const REPLICAS = ['r0', 'r1', 'r2', 'r3'];
const A: PbftRequest = { id: 'c0.0', op: { kind: 'write', value: 'a' } };
const B: PbftRequest = { id: 'c1.0', op: { kind: 'read' } };
const TIMEOUT = { type: 'TIMEOUT' } as const;

/** n = 4, f = 1: quorum 3, prepared at 2 prepares, committed at 3 commits; seqs 1..2, views 0..2. */
function cfg(self: string): ReplicaConfig {
  return { self, replicas: REPLICAS, clients: 'clients', quorum: 3, prepareQuorum: 2, commitQuorum: 3, seqs: 2, views: 3, verifyRequests: true, replies: true };
}

const request = (to: string, r: PbftRequest = A, from = 'clients'): RequestMsg => ({ type: 'pbft.request', from, to, request: r });
const prePrepare = (to: string, view: number, seq: number, r: PbftRequest = A, from = REPLICAS[view % 4] as string): PrePrepareMsg => ({ type: 'pbft.pre-prepare', from, to, view, seq, request: r });
const prepare = (from: string, to: string, view: number, seq = 1, digest: string | null = 'c0.0'): PrepareMsg => ({ type: 'pbft.prepare', from, to, view, seq, digest });
const commit = (from: string, to: string, view: number, seq = 1, digest: string | null = 'c0.0'): CommitMsg => ({ type: 'pbft.commit', from, to, view, seq, digest });
const viewChange = (from: string, to: string, view: number): ViewChangeMsg => ({ type: 'pbft.view-change', from, to, view, prepared: [] });
const newView = (from: string, to: string, view: number, senders: string[]): NewViewMsg => ({
  type: 'pbft.new-view',
  from,
  to,
  view,
  viewChanges: senders.map((s) => ({ from: s, prepared: [] })),
  preprepares: [],
});

describe('replica in the normal status of view 0', () => {
  const r = (s: SnapshotFrom<typeof replicaMachine>, m: PbftMessage) => refuses(replicaMachine, 'replica', s, m);
  // r1 holds c0.0 and accepted r0's pre-prepare for it at seq 1 (its own prepare counted).
  const r1 = steps(replicaMachine, start(replicaMachine, cfg('r1')).next, [request('r1'), prePrepare('r1', 0, 1)]).next;
  // ... and r2's prepare and commit.
  const counted = steps(replicaMachine, r1, [prepare('r2', 'r1', 0), commit('r2', 'r1', 0)]).next;

  it('reaches the states the cases use', () => {
    expect(r1.value).toBe('normal');
    expect(r1.context.log).toEqual([{ seq: 1, request: A }]);
    expect(counted.context.commits).toEqual([{ seq: 1, digest: 'c0.0', from: ['r1', 'r2'] }]);
  });

  it('refuses a request it holds, or one not from the clients; not a new one', () => {
    expect(r(r1, request('r1'))).toBe(true);
    expect(r(r1, request('r1', B, 'r2'))).toBe(true);
    expect(r(r1, request('r1', B))).toBe(false);
  });

  it('refuses a pre-prepare for a logged seq, from a non-primary, or out of bounds; not one for a free seq', () => {
    expect(r(r1, prePrepare('r1', 0, 1, B))).toBe(true);
    expect(r(r1, prePrepare('r1', 0, 2, B, 'r2'))).toBe(true);
    expect(r(r1, prePrepare('r1', 0, 3, B))).toBe(true);
    expect(r(r1, prePrepare('r1', 3, 1, B, 'r3'))).toBe(true);
    // Not refused: a free seq (it takes it once it holds B), and a higher view (it may get there).
    expect(r(r1, prePrepare('r1', 0, 2, B))).toBe(false);
    expect(r(r1, prePrepare('r1', 2, 1, B))).toBe(false);
  });

  it('refuses a prepare or commit it has counted, from the primary (prepares), or for another digest than the one logged', () => {
    expect(r(counted, prepare('r2', 'r1', 0))).toBe(true);
    expect(r(counted, commit('r2', 'r1', 0))).toBe(true);
    expect(r(r1, prepare('r0', 'r1', 0))).toBe(true);
    expect(r(r1, prepare('r2', 'r1', 0, 1, 'c1.0'))).toBe(true);
    expect(r(r1, commit('r2', 'r1', 0, 1, null))).toBe(true);
    // Not refused: new votes, and votes for a seq with nothing logged yet.
    expect(r(r1, prepare('r2', 'r1', 0))).toBe(false);
    expect(r(r1, prepare('r3', 'r1', 0))).toBe(false);
    expect(r(counted, commit('r0', 'r1', 0))).toBe(false);
    expect(r(r1, prepare('r2', 'r1', 0, 2, 'c1.0'))).toBe(false);
    expect(r(r1, prepare('r2', 'r1', 1))).toBe(false);
  });

  it('refuses every prepare once its tally is full', () => {
    const prepared = step(replicaMachine, r1, prepare('r2', 'r1', 0));
    expect(prepared.sent.map((m) => m.type)).toContain('pbft.commit');
    expect(prepared.next.context.prepares).toEqual([{ seq: 1, digest: 'c0.0', from: null }]);
    expect(r(prepared.next, prepare('r3', 'r1', 0))).toBe(true);
  });

  it('refuses a view-change or new-view for its own view, from itself, or out of bounds; not for a higher view', () => {
    expect(r(r1, viewChange('r2', 'r1', 0))).toBe(true);
    expect(r(r1, viewChange('r1', 'r1', 1))).toBe(true);
    expect(r(r1, viewChange('r2', 'r1', 3))).toBe(true);
    expect(r(r1, { ...viewChange('r2', 'r1', 1), prepared: [{ view: 1, seq: 1, request: A }] })).toBe(true);
    expect(r(r1, newView('r0', 'r1', 0, ['r0', 'r2', 'r3']))).toBe(true);
    expect(r(r1, newView('r3', 'r1', 2, ['r0', 'r2', 'r3']))).toBe(true);
    expect(r(r1, viewChange('r2', 'r1', 1))).toBe(false);
    expect(r(r1, newView('r2', 'r1', 2, ['r0', 'r2', 'r3']))).toBe(false);
  });
});

describe('replica after a time-out: changing to view 1, then in its normal status', () => {
  const r = (s: SnapshotFrom<typeof replicaMachine>, m: PbftMessage) => refuses(replicaMachine, 'replica', s, m);
  // r2 holds c0.0, times out (view 1, led by r1), and records r3's view-change for view 1.
  const changing = steps(replicaMachine, start(replicaMachine, cfg('r2')).next, [request('r2'), TIMEOUT, viewChange('r3', 'r2', 1)]).next;
  // r1's view-change and new-view: r2 enters view 1 (O empty).
  const entered = steps(replicaMachine, changing, [viewChange('r1', 'r2', 1), newView('r1', 'r2', 1, ['r1', 'r2', 'r3'])]).next;

  it('reaches the states the cases use', () => {
    expect(changing.value).toBe('changing');
    expect(changing.context.view).toBe(1);
    expect(entered.value).toBe('normal');
    expect(entered.context.view).toBe(1);
  });

  it('refuses what belongs to view 0', () => {
    for (const s of [changing, entered]) {
      expect(r(s, prePrepare('r2', 0, 1))).toBe(true);
      expect(r(s, prepare('r1', 'r2', 0))).toBe(true);
      expect(r(s, commit('r1', 'r2', 0))).toBe(true);
      expect(r(s, newView('r0', 'r2', 0, ['r0', 'r1', 'r3']))).toBe(true);
    }
  });

  it('while changing: refuses a view-change it holds, not the view-change or new-view it waits for, nor the messages of view 1', () => {
    expect(r(changing, viewChange('r3', 'r2', 1))).toBe(true);
    expect(r(changing, newView('r3', 'r2', 1, ['r1', 'r2', 'r3']))).toBe(true);
    expect(r(changing, viewChange('r1', 'r2', 1))).toBe(false);
    expect(r(changing, newView('r1', 'r2', 1, ['r1', 'r2', 'r3']))).toBe(false);
    expect(r(changing, prePrepare('r2', 1, 1))).toBe(false);
    expect(r(changing, prepare('r3', 'r2', 1, 1, null))).toBe(false);
    expect(r(changing, commit('r3', 'r2', 1))).toBe(false);
  });

  it('in the normal status of view 1: refuses view-changes and new-views for view 1, not for view 2', () => {
    expect(r(entered, viewChange('r0', 'r2', 1))).toBe(true);
    expect(r(entered, newView('r1', 'r2', 1, ['r1', 'r2', 'r3']))).toBe(true);
    expect(r(entered, viewChange('r0', 'r2', 2))).toBe(false);
    expect(r(entered, prePrepare('r2', 1, 1))).toBe(false);
  });
});

describe('clients: a reply to a returned command, or from a replica already counted', () => {
  const c: ClientsConfig = { self: 'clients', commands: 1, targets: [REPLICAS, REPLICAS], replyQuorum: 2 };
  const reply = (from: string, id = 'c0.0', result: string | null = 'ok'): ReplyMsg => ({ type: 'pbft.reply', from, to: 'clients', id, result });
  const r = (s: SnapshotFrom<typeof clientsMachine>, m: PbftMessage) => refuses(clientsMachine, 'clients', s, m);
  const pending = steps(clientsMachine, start(clientsMachine, c).next, [{ type: 'REQUEST', client: 0 }, reply('r1')]).next;
  const returned = step(clientsMachine, pending, reply('r2')).next;

  it('refuses a second reply from a counted replica (any result), and every reply once the command returned', () => {
    expect(r(pending, reply('r1'))).toBe(true);
    expect(r(pending, reply('r1', 'c0.0', null))).toBe(true);
    expect(returned.context.history.clients[0]?.[0]).toHaveProperty('result', 'ok');
    expect(r(returned, reply('r3'))).toBe(true);
    expect(r(returned, reply('r0', 'c0.0', 'z'))).toBe(true);
  });

  it('refuses a reply whose id no client issues; not one from a new replica, nor to a command not yet issued', () => {
    expect(r(pending, reply('r0', 'bogus'))).toBe(true);
    expect(r(pending, reply('r2'))).toBe(false);
    expect(r(pending, reply('r2', 'c1.0', null))).toBe(false);
  });
});

describe('the verdicts with the reductions are the verdicts without them', () => {
  const NONE = NO_FAULTS;
  const TINY: PbftSizes = { clients: 1, commands: 1, replicas: 4, faulty: 1, f: 1, seqs: 1, views: 1, faultyPrimary: true };
  const EQUIVOCATION: PbftSizes = { ...TINY, clients: 2 };
  /** Two views, the backup r3 Byzantine and silent: a view change from r0 to r1 among correct replicas (no-viewchange-certificates shows in 28 steps). */
  const VC: PbftSizes = { ...TINY, views: 2, faultyPrimary: false };
  const cases: { name: string; sizes: PbftSizes; adversary: PbftAdversary; bug: PbftBug | null; faults?: FaultOptions; violated: boolean }[] = [
    { name: 'pbft-tiny', sizes: TINY, adversary: 'equivocating-primary', bug: null, violated: false },
    { name: 'pbft-tiny --lossy', sizes: TINY, adversary: 'equivocating-primary', bug: null, faults: { ...NONE, lossy: true }, violated: false },
    { name: 'pbft-tiny --adversary full', sizes: TINY, adversary: 'full', bug: null, violated: false },
    { name: 'pbft-tiny --adversary full', sizes: TINY, adversary: 'full', bug: 'client-one-reply', violated: true },
    { name: 'pbft-equivocation', sizes: EQUIVOCATION, adversary: 'equivocating-primary', bug: 'weak-prepare', violated: true },
    { name: 'n=4 f=1 r3 silent V=2', sizes: VC, adversary: 'silent', bug: null, violated: false },
    { name: 'n=4 f=1 r3 silent V=2', sizes: VC, adversary: 'silent', bug: 'no-viewchange-certificates', violated: true },
  ];

  it('covers every bug variant', () => {
    expect(new Set(cases.flatMap((c) => (c.bug === null ? [] : [c.bug])))).toEqual(new Set(Object.keys(PBFT_BUGS)));
  });

  for (const c of cases) {
    it(`${c.name}${c.bug === null ? '' : ` --bug ${c.bug}`}`, () => {
      const { reduced } = compareVerdicts(pbftSystem(c.sizes, { bug: c.bug, adversary: c.adversary }), c.faults ?? NONE, c.violated);
      expect(reduced.reductions.por?.active).toBe(true);
      if (!c.violated) expect(reduced.reductions.por?.reduced).toBeGreaterThan(0);
    });
  }
});

describe('POR on the refusals reaches every local state of the correct replicas and the clients', () => {
  const TINY: PbftSizes = { clients: 1, commands: 1, replicas: 4, faulty: 1, f: 1, seqs: 1, views: 1, faultyPrimary: true };
  it('pbft-tiny', () => expectSameVisibleStates(pbftSystem(TINY, { adversary: 'equivocating-primary' })));
  it('pbft-tiny, lossy', () => expectSameVisibleStates(pbftSystem(TINY, { adversary: 'equivocating-primary' }), { ...NO_FAULTS, lossy: true }));
  it('pbft-tiny --bug weak-prepare (tallies full at one prepare)', () => expectSameVisibleStates(pbftSystem(TINY, { adversary: 'equivocating-primary', bug: 'weak-prepare' })));
  it('pbft-tiny --bug client-one-reply', () => expectSameVisibleStates(pbftSystem(TINY, { adversary: 'equivocating-primary', bug: 'client-one-reply' })));
  it('n=4 f=1 r3 silent V=2 (a view change)', () => expectSameVisibleStates(pbftSystem({ ...TINY, views: 2, faultyPrimary: false }, { adversary: 'silent' })));
  it('n=4 f=1 r3 silent V=2 --bug no-viewchange-certificates', () =>
    expectSameVisibleStates(pbftSystem({ ...TINY, views: 2, faultyPrimary: false }, { adversary: 'silent', bug: 'no-viewchange-certificates' })));
});
