/**
 * End-to-end checks of the Multi-Paxos model:
 * - the fast explorer agrees with the naive reference explorer (test/helpers)
 *   on small configurations, in both variants and with faults;
 * - the named configurations' counts are pinned (the small ones confirmed by
 *   the naive explorer);
 * - every bug variant is caught, in both variants, with its shortest
 *   counterexample's length pinned, confirmed by the naive explorer where
 *   that is cheap, and the trace replayed on the machines with xstate directly;
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
import { naiveExplore, type NaiveFaults } from '../helpers/naive-explorer.js';
import { replay } from '../helpers/replay.js';
import { expectSameAsNaive } from '../helpers/agree.js';

const NONE: NaiveFaults = { lossy: false, duplicates: 0, crashes: 0 };
const sizes = (over: Partial<MultiPaxosSizes>): MultiPaxosSizes => ({
  clients: 2,
  commands: 1,
  proposers: 2,
  acceptors: 3,
  replicas: 2,
  slots: 1,
  rounds: 1,
  ...over,
});
const config = (name: string): MultiPaxosSizes & { expected?: { states: number; transitions: number; depth: number } } => {
  const c = MULTIPAXOS_CONFIGS.find((x) => x.name === name);
  if (c === undefined) throw new Error(`no config ${name}`);
  return c;
};

describe('fast explorer = naive reference explorer', () => {
  const cases: [string, MultiPaxosSizes, Variant, NaiveFaults][] = [
    ['mp-tiny, 2b to the leader', config('mp-tiny'), 'leader', NONE],
    ['mp-tiny, 2b to all', config('mp-tiny'), 'all', NONE],
    ['C=2 P=2 A=2 L=2 S=1', sizes({ acceptors: 2 }), 'leader', NONE],
    ['C=2 P=1 A=2 L=1 S=2 R=2 (gaps filled with no-ops), 2b to all', sizes({ proposers: 1, acceptors: 2, replicas: 1, slots: 2, rounds: 2 }), 'all', NONE],
    ['C=1 K=2 P=1 A=1 L=1 S=2 lossy, 1 crash', sizes({ clients: 1, commands: 2, proposers: 1, acceptors: 1, replicas: 1, slots: 2 }), 'leader', { lossy: true, duplicates: 0, crashes: 1 }],
    ['C=1 P=1 A=2 L=1 S=1 R=2, 1 duplicate', sizes({ clients: 1, proposers: 1, acceptors: 2, replicas: 1, rounds: 2 }), 'leader', { lossy: false, duplicates: 1, crashes: 0 }],
  ];
  for (const [name, s, variant, faults] of cases) {
    it(name, () => {
      expectSameAsNaive(multipaxosSystem(s, { variant }), faults);
    });
  }
});

describe('named configurations match their pinned counts', () => {
  it('mp-tiny (also the naive count above)', () => {
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

  it('the naive explorer finds the same shortest lengths (two acceptors, where it is quick)', () => {
    for (const bug of ['no-recovery', 'skip-phase1'] as const) {
      const spec = multipaxosSystem(sizes({ acceptors: 2 }), { variant: 'leader', bug });
      const naive = naiveExplore(spec, NONE, { stopAtViolation: true });
      expect(naive.violation?.property).toBe('agreement');
      expect(check(spec).trace?.steps.length).toBe(naive.violation?.depth);
    }
  });

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
