/**
 * End-to-end checks of the Multi-Paxos model:
 * - the fast explorer agrees with the naive reference explorer (test/helpers)
 *   on small configurations, in both variants and with faults (the slow
 *   ones in test/long/naive-crosschecks.long.ts);
 * - the named configurations' counts are pinned (the small ones confirmed by
 *   the naive explorer);
 * - every bug variant is caught, in both variants, with its shortest
 *   counterexample's length pinned, confirmed by the naive explorer where
 *   that is cheap (test/long/naive-crosschecks.long.ts), and the trace replayed on the machines with xstate directly;
 * - the linearizability checker, alone, catches `early-reply`.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../explorer/check.js';
import { isLinearizable } from '../../explorer/linearizability.js';
import type { Trace } from '../../explorer/trace.js';
import { multipaxosSystem } from '../../machines/multipaxos/system.js';
import { MULTIPAXOS_BUGS, type MultiPaxosBug, type Variant } from '../../spec/multipaxos/bugs.js';
import { MULTIPAXOS_CONFIGS, type MultiPaxosSizes } from '../../spec/multipaxos/configs.js';
import { register } from '../../spec/multipaxos/register.js';
import type { ClientsState, ReplicaState } from '../../spec/multipaxos/state.js';
import { MULTIPAXOS_NAIVE_CASES, multipaxosSizes } from '../helpers/naive-cases.js';
import { replay } from '../helpers/replay.js';
import { expectSameAsNaive } from '../helpers/agree.js';

const sizes = multipaxosSizes;
const config = (name: string): MultiPaxosSizes & { expected?: { states: number; transitions: number; depth: number } } => {
  const c = MULTIPAXOS_CONFIGS.find((x) => x.name === name);
  if (c === undefined) throw new Error(`no config ${name}`);
  return c;
};

describe('fast explorer = naive reference explorer', () => {
  // mp-tiny (both variants) and the two-proposer and no-op cases take the naive explorer 15-60 s each:
  // test/long/naive-crosschecks.long.ts.
  for (const c of MULTIPAXOS_NAIVE_CASES.filter((x) => !x.long)) {
    it(c.name, () => {
      expectSameAsNaive(c.spec(), c.faults, c.maxStates);
    });
  }
});

describe('named configurations match their pinned counts', () => {
  it('mp-tiny (also the naive count: test/long/naive-crosschecks.long.ts)', () => {
    const c = config('mp-tiny');
    const r = check(multipaxosSystem(c, { variant: 'leader' }));
    expect(r.status).toBe('holds');
    expect({ states: r.stats.states, transitions: r.stats.transitions, depth: r.stats.depth }).toEqual(c.expected);
  });
});

/** Shortest counterexample lengths on mp-s (C=2 K=1 P=2 A=3 L=2 S=1 R=1), per variant. */
const SHORTEST: Record<MultiPaxosBug, Record<Variant, number>> = {
  'no-recovery': { leader: 19, all: 17 },
  'skip-phase1': { leader: 15, all: 13 },
  'early-reply': { leader: 15, all: 13 },
};

/** The slot-0 batches the replicas decided, as id lists. */
function decidedSlot0(final: Record<string, { context: unknown }>, replicas: readonly string[]): string[][] {
  return replicas.map((r) => ((final[r]?.context as ReplicaState).log[0] ?? []).map((e) => e.id));
}

describe('bug variants are caught with a shortest counterexample', () => {
  for (const bug of Object.keys(MULTIPAXOS_BUGS) as MultiPaxosBug[]) {
    for (const variant of ['leader', 'all'] as const) {
      it(`${bug}, 2b to ${variant}`, () => {
        const spec = multipaxosSystem(config('mp-s'), { variant, bug });
        const r = check(spec);
        expect(r.status).toBe('violated');
        expect(r.properties.find((p) => p.verdict === 'violated')?.name).toBe('agreement');
        const trace = r.trace as Trace;
        expect(trace.steps).toHaveLength(SHORTEST[bug][variant]);
        // Replayed on the machines, the two replicas hold different, non-empty slot-0 decisions.
        const [d0, d1] = decidedSlot0(replay(spec, trace), ['r0', 'r1']);
        expect(d0?.length).toBeGreaterThan(0);
        expect(d1?.length).toBeGreaterThan(0);
        expect(d0).not.toEqual(d1);
      });
    }
  }

  // The naive explorer's confirmation of the shortest lengths (two acceptors): test/long/naive-crosschecks.long.ts.

  it('the correct protocol holds on the configuration the bugs break (both variants, a smaller one for speed)', () => {
    for (const variant of ['leader', 'all'] as const) {
      expect(check(multipaxosSystem(sizes({ acceptors: 2 }), { variant })).status).toBe('holds');
    }
  });

  it('early-reply breaks linearizability on its own: a read after a completed write misses it', () => {
    const spec = multipaxosSystem(config('mp-s'), { variant: 'leader', bug: 'early-reply' });
    const only = { ...spec, properties: [] };
    const r = check(only);
    expect(r.status).toBe('violated');
    expect(r.properties.find((p) => p.verdict === 'violated')?.name).toBe('linearizable');
    expect(r.trace?.steps).toHaveLength(17);
    const final = replay(only, r.trace as Trace);
    const history = (final['clients']?.context as ClientsState).history;
    // Every operation returned, and the history admits no sequential order.
    expect(history.clients.every((ops) => ops.every((o) => 'result' in o))).toBe(true);
    expect(isLinearizable(history, spec.history?.object ?? register)).toBe(false);
  });
});

describe('the model reaches the behaviours it is meant to have (witnesses)', () => {
  /** Checks "never X"; X must be reachable, so the check must fail. */
  const witness = (name: string, s: MultiPaxosSizes, variant: Variant, reached: (locals: readonly unknown[], roles: readonly string[]) => boolean) => {
    const spec = multipaxosSystem(s, { variant });
    const roles = spec.nodes.map((n) => n.role);
    const never = { name: `never: ${name}`, description: name, holds: (v: { locals: readonly unknown[] }) => !reached(v.locals, roles) };
    const r = check({ ...spec, properties: [never] });
    expect(r.status, `${name} must be reachable`).toBe('violated');
    return r.trace as Trace;
  };
  const replicasOf = (locals: readonly unknown[], roles: readonly string[]) => locals.filter((_, i) => roles[i] === 'replica') as ReplicaState[];

  it('a new leader fills a gap below a recovered vote with a no-op', () => {
    const trace = witness('a no-op is decided', sizes({ proposers: 1, acceptors: 2, replicas: 1, slots: 2, rounds: 2 }), 'all', (locals, roles) =>
      replicasOf(locals, roles).some((r) => r.log.some((b) => b !== null && b.length === 0)),
    );
    expect(trace.steps.some((s) => s.kind === 'environment' && s.event?.type === 'TIMEOUT')).toBe(true);
  });

  it('the second leader gets a command decided and both clients get replies', () => {
    witness('decided in ballot 1, every client answered', config('mp-s'), 'leader', (locals, roles) => {
      const acceptors = locals.filter((_, i) => roles[i] === 'acceptor') as { votes: { ballot: number }[] }[];
      const clients = locals[0] as ClientsState;
      return (
        acceptors.filter((a) => a.votes.some((v) => v.ballot === 1)).length >= 2 &&
        replicasOf(locals, roles).every((r) => r.executed.length > 0) &&
        clients.history.clients.some((ops) => ops.some((o) => 'result' in o))
      );
    });
  });
});
