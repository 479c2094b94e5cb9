/**
 * End-to-end checks of the S-Paxos model:
 * - the fast explorer agrees with the naive reference explorer on small
 *   configurations, with and without faults (the slower ones in
 *   test/long/naive-crosschecks.long.ts);
 * - the named configurations' counts are pinned;
 * - `order-unstable` breaks durability at once, and with a crash and message
 *   loss the explorer finds the trace where a committed request is lost —
 *   which the correct protocol, under the same faults, never reaches;
 * - the ordering layer is Multi-Paxos's, unchanged: the proposer and acceptor
 *   nodes run the very same machines.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../explorer/check.js';
import type { Trace } from '../../explorer/trace.js';
import { acceptorMachine } from '../../machines/multipaxos/acceptor.machine.js';
import { proposerMachine } from '../../machines/multipaxos/proposer.machine.js';
import { spaxosSystem } from '../../machines/spaxos/system.js';
import { SPAXOS_CONFIGS } from '../../spec/spaxos/configs.js';
import type { SPaxosReplicaState } from '../../spec/spaxos/state.js';
import { expectSameAsNaive } from '../helpers/agree.js';
import { SPAXOS_NAIVE_CASES } from '../helpers/naive-cases.js';
import { replay } from '../helpers/replay.js';

const config = (name: string) => {
  const c = SPAXOS_CONFIGS.find((x) => x.name === name);
  if (c === undefined) throw new Error(`no config ${name}`);
  return c;
};
const only = (spec: ReturnType<typeof spaxosSystem>, property: string) => {
  const { history: _dropped, ...rest } = spec;
  return { ...rest, properties: spec.properties.filter((p) => p.name === property) };
};

describe('fast explorer = naive reference explorer', () => {
  // sp-tiny and n=2 P=2 (2b to all) take the naive explorer 15-20 s each: test/long/naive-crosschecks.long.ts.
  for (const c of SPAXOS_NAIVE_CASES.filter((x) => !x.long)) {
    it(c.name, () => expectSameAsNaive(c.spec(), c.faults, c.maxStates));
  }
});

describe('named configurations', () => {
  it('sp-tiny matches its pinned count', () => {
    const c = config('sp-tiny');
    const r = check(spaxosSystem(c, { variant: 'leader' }));
    expect(r.status).toBe('holds');
    expect({ states: r.stats.states, transitions: r.stats.transitions, depth: r.stats.depth }).toEqual(c.expected);
  });

  it('proposers and acceptors are the Multi-Paxos machines, unchanged', () => {
    const spec = spaxosSystem(config('sp-s'), { variant: 'leader' });
    for (const n of spec.nodes) {
      if (n.role === 'proposer') expect(n.logic).toBe(proposerMachine);
      if (n.role === 'acceptor') expect(n.logic).toBe(acceptorMachine);
    }
  });
});

describe('order-unstable', () => {
  it('breaks durability in three steps: the leader orders an id only its coordinator holds', () => {
    const spec = spaxosSystem(config('sp-tiny'), { variant: 'leader', bug: 'order-unstable' });
    const r = check(spec);
    expect(r.status).toBe('violated');
    expect(r.properties.find((p) => p.verdict === 'violated')?.name).toBe('durability');
    expect(r.trace?.steps.map((s) => s.kind)).toEqual(['environment', 'deliver', 'deliver']);
  });

  it('with a crash and message loss, a committed request is lost (shortest trace)', () => {
    const spec = only(spaxosSystem(config('sp-tiny'), { variant: 'leader', bug: 'order-unstable' }), 'no-lost-request');
    const faults = { lossy: true, duplicates: 0, crashes: 1 };
    const r = check(spec, { faults });
    expect(r.status).toBe('violated');
    const trace = r.trace as Trace;
    expect(trace.steps).toHaveLength(11);
    expect(trace.steps.filter((s) => s.kind === 'drop')).toHaveLength(2);
    expect(trace.steps.at(-1)?.kind).toBe('crash');
    // Replayed on the machines: some replica decided the id, and the only replica holding the request is the one that crashed.
    const final = replay(spec, trace);
    const replicas = ['r0', 'r1', 'r2'].map((r) => final[r]?.context as SPaxosReplicaState);
    const id = replicas.flatMap((r) => r.log.flatMap((b) => (b ?? []).map((e) => e.id)))[0];
    expect(id).toBeDefined();
    const crashed = trace.steps.at(-1)?.node;
    expect(replicas.filter((r) => r.requests.some((q) => q.id === id)).map((r) => r.cfg.self)).toEqual([crashed]);
  });

  it('the correct protocol never loses a committed request under the same faults', () => {
    const spec = spaxosSystem(config('sp-tiny'), { variant: 'leader' });
    const r = check(spec, { faults: { lossy: true, duplicates: 0, crashes: 1 } });
    expect(r.status).toBe('holds');
    expect(r.stats.states).toBeGreaterThan(1_000_000);
  });
});
