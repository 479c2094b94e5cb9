/**
 * End-to-end checks of the Raft model (Ongaro & Ousterhout 2014, Figure 2):
 * - the fast explorer agrees with the naive reference explorer (test/helpers)
 *   on small configurations, with faults and on FIFO channels (raft-tiny
 *   itself in test/long/naive-crosschecks.long.ts);
 * - the named configurations' counts are pinned (the small ones confirmed by
 *   the naive explorer, here or in test/long/raft.long.ts; raft-s's by the
 *   CLI and the bench row);
 * - every bug variant is caught on its showcase configuration, with its
 *   shortest counterexample's length pinned, confirmed by the naive explorer
 *   (here where it is quick, else in test/long/raft.long.ts) and the trace
 *   replayed on the machines with xstate directly.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../explorer/check.js';
import type { Trace } from '../../explorer/trace.js';
import { raftSystem } from '../../machines/raft/system.js';
import { RAFT_BUGS, type RaftBug } from '../../spec/raft/bugs.js';
import { RAFT_CONFIGS, type RaftConfig, type RaftSizes } from '../../spec/raft/configs.js';
import type { ServerState } from '../../spec/raft/state.js';
import { expectSameAsNaive } from '../helpers/agree.js';
import { RAFT_NAIVE_CASES, raftSizes } from '../helpers/naive-cases.js';
import { naiveExplore, type NaiveFaults } from '../helpers/naive-explorer.js';
import { replay } from '../helpers/replay.js';

const NONE: NaiveFaults = { lossy: false, duplicates: 0, crashes: 0 };
const config = (name: string): RaftConfig => {
  const c = RAFT_CONFIGS.find((x) => x.name === name);
  if (c === undefined) throw new Error(`no config ${name}`);
  return c;
};
const sizes = raftSizes;

describe('fast explorer = naive reference explorer', () => {
  // raft-tiny (about 15 s naive): test/long/naive-crosschecks.long.ts.
  for (const c of RAFT_NAIVE_CASES.filter((x) => !x.long)) it(c.name, () => expectSameAsNaive(c.spec(), c.faults, c.maxStates));

  it('raft-tiny on FIFO channels', () => {
    const spec = { ...raftSystem(config('raft-tiny')), network: 'fifo' as const };
    const naive = naiveExplore(spec, NONE, { maxStates: 100_000 });
    const fast = check(spec);
    expect(fast.status).toBe('holds');
    expect({ states: fast.stats.states, transitions: fast.stats.transitions, depth: fast.stats.depth }).toEqual({
      states: naive.states,
      transitions: naive.transitions,
      depth: naive.depth,
    });
    // FIFO channels forbid some reorderings: fewer states than the multiset.
    expect(fast.stats.states).toBeLessThan(config('raft-tiny').expected?.states ?? 0);
  });
});

describe('named configurations match their pinned counts', () => {
  for (const name of ['raft-tiny', 'raft-fig8']) {
    it(`${name} holds with its pinned counts`, () => {
      const c = config(name);
      const r = check(raftSystem(c));
      expect(r.status).toBe('holds');
      expect({ states: r.stats.states, transitions: r.stats.transitions, depth: r.stats.depth }).toEqual(c.expected);
    });
  }
});

/**
 * Each bug's showcase configuration, the property it breaks first, the
 * shortest counterexample's length, and whether the naive explorer confirms
 * it here (raft-s3's 98,187 states take it minutes: test/long/raft.long.ts).
 */
export const SHOWCASE: Record<RaftBug, { config: string; property: string; steps: number; naiveHere: boolean }> = {
  // raft-recover: s0 may crash and restart (slot 1: the clients node is slot 0).
  'forget-votedfor': { config: 'raft-recover', property: 'election-safety', steps: 8, naiveHere: true },
  'commit-old-term': { config: 'raft-fig8', property: 'leader-completeness', steps: 11, naiveHere: true },
  'vote-without-log-check': { config: 'raft-s', property: 'leader-completeness', steps: 7, naiveHere: true },
  'append-without-consistency-check': { config: 'raft-s3', property: 'log-matching', steps: 16, naiveHere: false },
};

describe('bug variants are caught with a shortest counterexample', () => {
  it('every bug variant has a showcase', () => expect(Object.keys(SHOWCASE).sort()).toEqual(Object.keys(RAFT_BUGS).sort()));

  for (const bug of Object.keys(RAFT_BUGS) as RaftBug[]) {
    const { config: name, property, steps, naiveHere } = SHOWCASE[bug];
    it(`${bug} on ${name}: ${property} after ${steps} steps${naiveHere ? ', confirmed by the naive explorer' : ''}, replayed`, () => {
      const spec = raftSystem(config(name), { bug });
      const f = config(name).faults;
      const faults: NaiveFaults =
        f === undefined ? NONE : { lossy: false, duplicates: 0, crashes: f.crashes ?? 0, recoveries: f.recoveries ?? 0, crashable: (f.crashOnly ?? []).map((n) => spec.nodes.findIndex((x) => x.name === n)) };
      const r = check(spec, { faults });
      expect(r.status).toBe('violated');
      expect(r.properties.find((p) => p.verdict === 'violated')?.name).toBe(property);
      const trace = r.trace as Trace;
      expect(trace.steps).toHaveLength(steps);
      if (naiveHere) {
        const naive = naiveExplore(spec, faults, { stopAtViolation: true, maxStates: 200_000 });
        expect(naive.violation?.property).toBe(property);
        expect(naive.violation?.depth).toBe(steps);
      }
      // Replayed on the machines: the final state breaks the rule the bug removes.
      const final = replay(spec, trace);
      const servers = ['s0', 's1', 's2'].map((s) => final[s]?.context as ServerState);
      if (bug === 'forget-votedfor') {
        // Two leaders of one term: the restarted server voted for both.
        const leaders = servers.filter((x) => x.leader !== null);
        expect(leaders).toHaveLength(2);
        expect((leaders[0] as ServerState).currentTerm).toBe((leaders[1] as ServerState).currentTerm);
        expect(trace.steps.some((st) => st.kind === 'restart')).toBe(true);
      } else if (bug === 'append-without-consistency-check') {
        // Two logs hold an entry of one index and term, with different commands.
        const clash = servers.some((a) => servers.some((b) => a.log.some((e, i) => b.log[i]?.term === e.term && b.log[i]?.id !== e.id)));
        expect(clash).toBe(true);
      } else {
        // A leader of a higher term lacks an entry another server applied.
        const leader = servers.find((s) => s.leader !== null && servers.some((o) => o.currentTerm < s.currentTerm && o.applied.length > 0));
        expect(leader).toBeDefined();
        const applier = servers.find((o) => o.currentTerm < (leader as ServerState).currentTerm && o.applied.length > 0) as ServerState;
        expect(applier.applied.some((e, i) => (leader as ServerState).log[i]?.id !== e.id)).toBe(true);
      }
    });
  }

  it('the correct protocol holds on the showcase configurations (raft-s3 on a smaller cut, for speed)', () => {
    expect(check(raftSystem(config('raft-fig8'))).status).toBe('holds');
    expect(check(raftSystem(sizes({ commands: 3, candidates: 1, terms: 1 }))).status).toBe('holds');
  });
});

describe('the model reaches the behaviours it is meant to have (witnesses)', () => {
  /** Checks "never X"; X must be reachable, so the check must fail. */
  const witness = (name: string, s: RaftSizes, reached: (servers: readonly ServerState[]) => boolean): Trace => {
    const spec = raftSystem(s);
    const never = { name: `never: ${name}`, description: name, holds: (v: { locals: readonly unknown[] }) => !reached(v.locals.slice(1) as ServerState[]) };
    const r = check({ ...spec, properties: [never] });
    expect(r.status, `${name} must be reachable`).toBe('violated');
    return r.trace as Trace;
  };

  it('a new leader of term 2 commits a command, and a follower applies it', () => {
    const trace = witness('a term-2 entry applied by a follower', sizes({ commands: 2 }), (servers) =>
      servers.some((s) => s.leader === null && s.applied.some((e) => e.term === 2)),
    );
    expect(trace.steps.some((s) => s.kind === 'environment' && s.event?.type === 'TIMEOUT')).toBe(true);
  });

  it('a follower truncates a conflicting entry', () => {
    witness('an entry of term 1 replaced by one of term 2', config('raft-fig8'), (servers) => servers[0]?.log[0]?.term === 2);
  });
});
