/**
 * Gaps left by the replica machine's tests (machines/pbft/replica.machine.ts,
 * Castro & Liskov §4.4): in the view-change status, the new primary starts
 * its view only on the view-change message for the view it moves to that
 * completes its quorum — not on one that leaves it short, nor on one for
 * another view. n = 4, f = 1: Q = 3; S = 1; V = 3.
 */
import { describe, expect, it } from 'vitest';
import { replicaMachine } from '../../../machines/pbft/replica.machine.js';
import type { PbftRequest, ViewChangeMsg } from '../../../spec/pbft/messages.js';
import type { ReplicaConfig, ReplicaState } from '../../../spec/pbft/state.js';
import { restore, start, step, steps } from '../../helpers/machines.js';
import { pbftConfig, pbftReplica } from '../../helpers/pbft-replica.js';

const A: PbftRequest = { id: 'c0.0', op: { kind: 'write', value: 'a' } };
const cfg = (self: string): ReplicaConfig => pbftConfig(self, { seqs: 1 });
const vc = (from: string, to: string, view: number): ViewChangeMsg => ({ type: 'pbft.view-change', from, to, view, prepared: [] });

describe('the new primary in the view-change status', () => {
  it('r1, moving to view 1 (which it leads), stays view-changing on a second message: 2 of Q = 3', () => {
    // r1 holds c0.0 unexecuted (a waiting backup of view 0), times out: view 1, its own view-change held.
    const changing = steps(replicaMachine, start(replicaMachine, cfg('r1')).next, [
      { type: 'pbft.request', from: 'clients', to: 'r1', request: A },
      { type: 'TIMEOUT' },
    ]).next;
    expect(changing.value).toBe('changing');
    expect(changing.context.view).toBe(1);
    // r2's view-change for view 1: held r1, r2 = 2 < Q = 3, so no new-view yet; the message is kept.
    const { next, sent } = step(replicaMachine, changing, vc('r2', 'r1', 1));
    expect(next.value).toBe('changing');
    expect(sent).toEqual([]);
    expect(next.context.viewChanges.map((e) => [e.view, e.from])).toEqual([
      [1, 'r1'],
      [1, 'r2'],
    ]);
    // r3's completes the quorum: r1 starts view 1 and sends its new-view to the other three.
    const started = step(replicaMachine, next, vc('r3', 'r1', 1));
    expect(started.next.value).toBe('normal');
    expect(started.sent.filter((m) => m.type === 'pbft.new-view').map((m) => m.to)).toEqual(['r0', 'r2', 'r3']);
  });

  it('a message for a higher view does not count as completing the quorum of the view it moves to', () => {
    // A hand-made snapshot: r1 view-changing to view 1 already holding view-change(1) from r1, r2, r3. The guard
    // completesQuorum reads only a message for view 1; r0's view-change for view 2 is merely kept (2 > 1), no new-view sent.
    const ctx: ReplicaState = pbftReplica('r1', { view: 1, requests: [A], viewChanges: ['r1', 'r2', 'r3'].map((from) => ({ view: 1, from, prepared: [] })) }, { seqs: 1 });
    const { next, sent } = step(replicaMachine, restore(replicaMachine, 'changing', ctx), vc('r0', 'r1', 2));
    expect(next.value).toBe('changing');
    expect(sent).toEqual([]);
    expect(next.context.viewChanges.map((e) => [e.view, e.from])).toEqual([
      [1, 'r1'],
      [1, 'r2'],
      [1, 'r3'],
      [2, 'r0'],
    ]);
  });
});
