/**
 * Liveness verdicts cross-checked by the naive reference explorer's lasso
 * search, too slow for `npm test` (test/explorer/liveness.test.ts has the others).
 */
import { describe, expect, it } from 'vitest';
import { buildSpec, resolveSource } from '../../explorer/registry.js';
import { crossCheck } from '../helpers/liveness-crosscheck.js';

describe('S-Paxos and PBFT declare decided, client-answered and witnesses', () => {
  it('PBFT pbft-tiny: a silent faulty primary in the only view decides nothing (the naive explorer agrees); one that takes part lets it decide', () => {
    const silent = buildSpec(resolveSource('pbft', { config: 'pbft-tiny', adversary: 'silent' }).source);
    const r = crossCheck(silent, 'decided', 'weak');
    expect(r.status).toBe('violated');
    expect(r.trace?.lasso).toEqual({ kind: 'terminal' });
    const equivocating = buildSpec(resolveSource('pbft', { config: 'pbft-tiny' }).source);
    expect(crossCheck(equivocating, 'client-answered', 'weak').status).toBe('holds');
  }, 900_000);
});
