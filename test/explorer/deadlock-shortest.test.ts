/**
 * The deadlock check while the partial-order reduction's violation is
 * searched again without it for a shortest counterexample: the second search
 * has a model (and interner) of its own, and its final-state test must read
 * that model's local states. It once read the first model's, and threw.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../explorer/check.js';
import { synodSystem } from '../../machines/synod/system.js';

describe('deadlock check with the shortest-counterexample search', () => {
  it('synod own-value with the reductions finds the counterexample the unreduced search finds', () => {
    const spec = synodSystem({ proposers: 2, acceptors: 2, rounds: 1 }, 'own-value');
    const reduced = check(spec, { symmetry: true, por: true, deadlock: true, shortest: true });
    const plain = check(spec, { deadlock: true });
    expect(plain.status).toBe('violated');
    expect(reduced.status).toBe('violated');
    expect(reduced.trace?.property).toBe(plain.trace?.property);
    expect(reduced.trace?.steps.length).toBe(plain.trace?.steps.length);
  });
});
