/**
 * Joining a view change (§4.4: a replica that holds view-change messages from
 * f+1 replicas for views above its own moves to the smallest of those views,
 * even without its own time-out), through the production replica machine:
 * the view it moves to is the smallest view named, which need not be the
 * next one. n = 4, f = 1 (f+1 = 2), V = 3.
 */
import { describe, expect, it } from 'vitest';
import { replicaMachine } from '../../../machines/pbft/replica.machine.js';
import type { ViewChangeMsg } from '../../../spec/pbft/messages.js';
import type { ReplicaConfig } from '../../../spec/pbft/state.js';
import { start, step, steps } from '../../helpers/machines.js';

const R = ['r0', 'r1', 'r2', 'r3'];
const cfg = (self: string): ReplicaConfig => ({ self, replicas: R, clients: 'clients', quorum: 3, prepareQuorum: 2, commitQuorum: 3, seqs: 1, views: 3, verifyRequests: true, replies: true });
const vc = (from: string, to: string, view: number): ViewChangeMsg => ({ type: 'pbft.view-change', from, to, view, prepared: [] });

describe('joining on f+1 view-change messages', () => {
  it('r0 (view 0) holding view-changes for view 2 from r1 and r3 joins view 2, skipping view 1', () => {
    const one = step(replicaMachine, start(replicaMachine, cfg('r0')).next, vc('r1', 'r0', 2)).next;
    expect(one.value).toBe('normal');
    expect(one.context.view).toBe(0);
    const { next, sent } = step(replicaMachine, one, vc('r3', 'r0', 2));
    expect(next.value).toBe('changing');
    expect(next.context.view).toBe(2);
    expect(sent).toEqual(['r1', 'r2', 'r3'].map((to) => vc('r0', to, 2)));
  });

  it('messages for views 1 and 2 from two replicas: it joins view 1, the smallest, and keeps the view-2 one', () => {
    const { next } = steps(replicaMachine, start(replicaMachine, cfg('r0')).next, [vc('r3', 'r0', 2), vc('r1', 'r0', 1)]);
    expect(next.value).toBe('changing');
    expect(next.context.view).toBe(1);
    expect(next.context.viewChanges.map((e) => [e.view, e.from])).toEqual([
      [1, 'r0'],
      [1, 'r1'],
      [2, 'r3'],
    ]);
  });

  it('r2, primary of view 2, joining it with a quorum held (r1, r3 and its own) starts it at once', () => {
    const { next, sent } = steps(replicaMachine, start(replicaMachine, cfg('r2')).next, [vc('r1', 'r2', 2), vc('r3', 'r2', 2)]);
    expect(next.value).toBe('normal');
    expect(next.context.view).toBe(2);
    expect(sent.filter((m) => m.type === 'pbft.new-view').map((m) => m.to)).toEqual(['r0', 'r1', 'r3']);
  });
});
