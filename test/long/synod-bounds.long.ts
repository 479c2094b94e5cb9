/**
 * Synod at the bounds where real Paxos mistakes live, too slow for `npm test`
 * (run by `npm run test:long`): synod-m (four ballots) exhausted with the
 * reductions, every bug variant caught there with a trace that replays, and
 * the shortest length of `lowest-vote` on three proposers.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../explorer/check.js';
import type { Trace } from '../../explorer/trace.js';
import { synodSystem } from '../../machines/synod/system.js';
import { SYNOD_BUGS, type SynodBug } from '../../spec/synod/bugs.js';
import { replay } from '../helpers/replay.js';

const size = (proposers: number, acceptors: number, rounds: number) => ({ proposers, acceptors, rounds });
const REDUCED = { symmetry: true, por: true } as const;

describe('synod at three and four ballots', () => {
  it('synod-m (P2 A3 R2) holds, exhaustively, with symmetry and POR', () => {
    const r = check(synodSystem(size(2, 3, 2)), REDUCED);
    expect(r.status).toBe('holds');
  });

  for (const bug of Object.keys(SYNOD_BUGS) as SynodBug[]) {
    it(`${bug} is caught on synod-m, and its trace replays`, () => {
      const spec = synodSystem(size(2, 3, 2), bug);
      const r = check(spec, REDUCED);
      expect(r.status).toBe('violated');
      expect((replay(spec, r.trace as Trace)['l0']?.context as { decided: string[] }).decided).toHaveLength(2);
    });
  }

  it('lowest-vote on P3 A3 R1: the shortest trace has 24 steps', () => {
    const spec = synodSystem(size(3, 3, 1), 'lowest-vote');
    const r = check(spec, { symmetry: true });
    expect(r.trace?.steps).toHaveLength(24);
  });
});
