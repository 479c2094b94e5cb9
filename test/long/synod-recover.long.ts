/**
 * The naive reference explorer's confirmation of `forget-promise`'s shortest
 * trace under crash-recovery (about 4 minutes): P=2 A=3 R=1, one crash and
 * one restart of acceptor a0, the violation of agreement at depth 20, as the
 * fast explorer finds it (test/protocols/synod-recover.test.ts pins 20 on
 * synod-recover, where every acceptor may crash). And, on synod-recover,
 * the same 20 steps with the reductions on (from
 * test/protocols/synod-recover.test.ts).
 */
import { expect, it } from 'vitest';
import { check } from '../../explorer/check.js';
import type { FaultOptions } from '../../explorer/actor-system/faults.js';
import type { Trace } from '../../explorer/trace.js';
import { synodSystem } from '../../machines/synod/system.js';
import { naiveExplore } from '../helpers/naive-explorer.js';
import { replay } from '../helpers/replay.js';

it('forget-promise: naive and fast agree on the 20-step shortest counterexample', () => {
  const faults = { lossy: false, duplicates: 0, crashes: 1, recoveries: 1, crashable: [2] };
  const spec = synodSystem({ proposers: 2, acceptors: 3, rounds: 1 }, 'forget-promise');
  expect(check(spec, { faults }).trace?.steps).toHaveLength(20);
  const naive = naiveExplore(spec, faults, { stopAtViolation: true, maxStates: 3_000_000 });
  expect(naive.violation).toEqual({ property: 'agreement', depth: 20 });
}, 900_000);

/** synod-recover's faults: the acceptors (slots 2, 3, 4) may crash once and restart once. */
const RECOVER_ACCEPTORS: FaultOptions = { lossy: false, duplicates: 0, crashes: 1, recoveries: 1, crashable: [2, 3, 4] };

it('forget-promise is caught on synod-recover with the reductions on too, and the reduced traces replay', () => {
  const spec = synodSystem({ proposers: 2, acceptors: 3, rounds: 1 }, 'forget-promise');
  for (const mode of [{ symmetry: true }, { por: true }, { symmetry: true, por: true }]) {
    const r = check(spec, { faults: RECOVER_ACCEPTORS, ...mode, shortest: true });
    expect(r.status).toBe('violated');
    expect(r.trace?.steps).toHaveLength(20);
    expect((replay(spec, r.trace as Trace)['l0']?.context as { decided: string[] }).decided).toHaveLength(2);
  }
}, 900_000);
