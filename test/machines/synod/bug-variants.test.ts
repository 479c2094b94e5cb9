/**
 * The acceptor's `superseded-vote` bug, one step at a time (issue 14: no
 * unit test told it from the correct acceptor): after a vote and a higher
 * promise, the next promise hides the vote; the correct acceptor reports it.
 */
import { describe, expect, it } from 'vitest';
import { synodMachines } from '../../../machines/synod/bugs.js';
import type { SynodBug } from '../../../spec/synod/bugs.js';
import type { PromiseMsg } from '../../../spec/synod/messages.js';
import { start, steps } from '../../helpers/machines.js';

function promisesAfterVoteThenTwoPrepares(bug: SynodBug | null): PromiseMsg[] {
  const machine = synodMachines(bug).acceptor;
  const { next } = start(machine, { self: 'a0', learners: ['l0'] });
  const { sent } = steps(machine, next, [
    { type: 'synod.accept', from: 'p0', to: 'a0', ballot: 1, value: 'v0' },
    { type: 'synod.prepare', from: 'p1', to: 'a0', ballot: 2 },
    { type: 'synod.prepare', from: 'p0', to: 'a0', ballot: 3 },
  ]);
  return sent.filter((m): m is PromiseMsg => m.type === 'synod.promise');
}

describe('superseded-vote', () => {
  it('the correct acceptor reports its vote in every later promise', () => {
    expect(promisesAfterVoteThenTwoPrepares(null).map((m) => [m.ballot, m.votedBallot, m.votedValue])).toEqual([
      [2, 1, 'v0'],
      [3, 1, 'v0'],
    ]);
  });

  it('the buggy one hides the vote once a higher ballot was promised after it', () => {
    expect(promisesAfterVoteThenTwoPrepares('superseded-vote').map((m) => [m.ballot, m.votedBallot, m.votedValue])).toEqual([
      [2, 1, 'v0'],
      [3, 0, null],
    ]);
  });
});
