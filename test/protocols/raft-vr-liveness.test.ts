/**
 * Liveness, witnesses and deadlock of Raft and VR (issue 10): `decided`,
 * `client-answered`, the witnesses `decides-c<c>` and `answers-c<c>`, and the
 * final states of the deadlock check (spec/raft/invariants.ts,
 * spec/vr/invariants.ts).
 * - With no leader change (Raft T = 1, VR V = 0) both liveness properties hold
 *   under weak fairness: the leader appends, replicates, commits and answers.
 * - With one (raft-tiny and two servers, vr-tiny) both are violated, on a
 *   terminal state: a request that the leader change leaves behind is never
 *   committed, since the models do not retransmit requests (NOTEs in the spec
 *   files).
 * - The naive reference explorer's lasso search agrees (crossCheck) where its
 *   brute-force components are fast (up to a few hundred states: Raft T = 1,
 *   Raft with two servers, VR V = 0); every counterexample replays on the
 *   machines.
 * - Injected bugs: followers that never answer make every witness unreachable
 *   and `client-answered` fail; a follower whose election timer never fires
 *   leaves, after the leader crashes, a state with no step that is not final.
 */
import { describe, expect, it } from 'vitest';
import { setup } from 'xstate';
import { check } from '../../explorer/check.js';
import { raftSystem } from '../../machines/raft/system.js';
import { vrSystem } from '../../machines/vr/system.js';
import type { SystemSpec } from '../../spec/core/system.js';
import { RAFT_CONFIGS } from '../../spec/raft/configs.js';
import { initialServerState, type ServerConfig } from '../../spec/raft/state.js';
import { VR_CONFIGS } from '../../spec/vr/configs.js';
import { initialReplicaState, type ReplicaConfig } from '../../spec/vr/state.js';
import { crossCheck } from '../helpers/liveness-crosscheck.js';
import { replay } from '../helpers/replay.js';

const config = <T extends { readonly name: string }>(all: readonly T[], name: string): T => {
  const c = all.find((x) => x.name === name);
  if (c === undefined) throw new Error(`no configuration ${name}`);
  return c;
};

const raftTiny = config(RAFT_CONFIGS, 'raft-tiny');
const vrTiny = config(VR_CONFIGS, 'vr-tiny');

const verdicts = (spec: SystemSpec, names: readonly string[]): [string, string][] =>
  check(spec, { liveness: [...names] })
    .properties.filter((p) => names.includes(p.name))
    .map((p) => [p.name, p.verdict]);

const witnesses = (spec: SystemSpec): [string, boolean | null][] => (check(spec, { witnesses: true }).witnesses ?? []).map((w) => [w.name, w.reached]);

/** A Raft server that keeps its initial state and takes no message (it never answers). */
const muteServer = setup({ types: { input: {} as ServerConfig, events: {} as { type: string } } }).createMachine({
  id: 'raft.mute',
  context: ({ input }) => initialServerState(input),
  initial: 'silent',
  states: { silent: {} },
});

/** A VR replica that keeps its initial state and takes no message. */
const muteReplica = setup({ types: { input: {} as ReplicaConfig, events: {} as { type: string } } }).createMachine({
  id: 'vr.mute',
  context: ({ input }) => initialReplicaState(input),
  initial: 'silent',
  states: { silent: {} },
});

/** `spec` with the nodes named in `names` replaced by `logic` (same input), and no symmetry. */
function muted(spec: SystemSpec, names: readonly string[], logic: SystemSpec['nodes'][number]['logic']): SystemSpec {
  const { symmetry: _dropped, ...plain } = spec;
  return { ...plain, nodes: spec.nodes.map((n) => (names.includes(n.name) ? { ...n, logic, environment: [] } : n)) };
}

describe('Raft: decided, client-answered, witnesses, final', () => {
  const stable = raftSystem({ ...raftTiny, terms: 1 });

  it('T = 1 (s0 leads for good): decided and client-answered hold under weak fairness; the naive explorer agrees', () => {
    expect(crossCheck(stable, 'decided', 'weak').status).toBe('holds');
    expect(crossCheck(stable, 'client-answered', 'weak').status).toBe('holds');
  });

  it('two servers, one election: both are violated on a terminal state, the request lost in the leader change; the naive explorer agrees', () => {
    const spec = raftSystem({ ...raftTiny, servers: 2 });
    for (const p of ['decided', 'client-answered']) {
      const r = crossCheck(spec, p, 'weak');
      expect(r.status).toBe('violated');
      expect(r.trace?.lasso).toEqual({ kind: 'terminal' });
      expect(r.trace?.steps.some((s) => s.label.includes('times out'))).toBe(true);
    }
  });

  it('raft-tiny: both are violated too (the lassos replay on the machines)', () => {
    const spec = raftSystem(raftTiny);
    for (const p of ['decided', 'client-answered']) {
      const r = check(spec, { liveness: [p] });
      expect(r.status).toBe('violated');
      expect(r.trace?.lasso).toEqual({ kind: 'terminal' });
      if (r.trace !== undefined) replay(spec, r.trace);
    }
  });

  it('raft-tiny: every witness is reached, and the deadlock check holds (final is declared)', () => {
    const r = check(raftSystem(raftTiny), { witnesses: true, deadlock: true });
    expect(r.status).toBe('holds');
    expect(r.witnesses?.map((w) => [w.name, w.reached])).toEqual([
      ['decides-c0', true],
      ['answers-c0', true],
    ]);
    expect(r.properties.find((p) => p.name === 'deadlock')?.verdict).toBe('holds');
  });

  it('followers that never answer: safety holds, every witness is unreachable, client-answered fails', () => {
    expectSilenced(muted(stable, ['s1', 's2'], muteServer));
  });

  it('a candidate whose election timer never fires: after the leader crashes, a deadlock', () => {
    const spec = raftSystem(raftTiny);
    const stuck: SystemSpec = { ...spec, nodes: spec.nodes.map((n) => (n.name === 's1' ? { ...n, environment: [] } : n)) };
    const crash = { lossy: false, duplicates: 0, crashes: 1, crashable: [1] }; // slot 1 is s0
    const r = check(stuck, { deadlock: true, faults: crash });
    expect(r.properties.find((p) => p.name === 'deadlock')?.verdict).toBe('violated');
    expect(r.trace?.steps.some((s) => s.label === 's0 crashes')).toBe(true);
    expect(check(spec, { deadlock: true, faults: crash }).properties.find((p) => p.name === 'deadlock')?.verdict).toBe('holds');
  });
});

/** A system whose other nodes never answer: safety holds, no witness is reached, and both liveness properties fail. */
function expectSilenced(spec: SystemSpec): void {
  expect(check(spec, {}).status).toBe('holds');
  expect(witnesses(spec)).toEqual([
    ['decides-c0', false],
    ['answers-c0', false],
  ]);
  expect(verdicts(spec, ['decided', 'client-answered'])).toEqual([
    ['decided', 'violated'],
    ['client-answered', 'violated'],
  ]);
}

describe('VR: decided, client-answered, witnesses, final', () => {
  const stable = vrSystem({ ...vrTiny, timers: 0, views: 0 });

  it('V = 0 (r0 leads for good): decided and client-answered hold under weak fairness; the naive explorer agrees', () => {
    expect(crossCheck(stable, 'decided', 'weak').status).toBe('holds');
    expect(crossCheck(stable, 'client-answered', 'weak').status).toBe('holds');
  });

  it('vr-tiny (one view change): both are violated on a terminal state', () => {
    const spec = vrSystem(vrTiny);
    for (const p of ['decided', 'client-answered']) {
      const r = check(spec, { liveness: [p] });
      expect(r.status).toBe('violated');
      expect(r.trace?.lasso).toEqual({ kind: 'terminal' });
      expect(r.trace?.steps.some((s) => s.label.includes('times out'))).toBe(true);
      if (r.trace !== undefined) replay(spec, r.trace);
    }
  });

  it('vr-tiny: every witness is reached, and the deadlock check holds (final is declared)', () => {
    const r = check(vrSystem(vrTiny), { witnesses: true, deadlock: true, por: true });
    expect(r.status).toBe('holds');
    expect(r.witnesses?.map((w) => [w.name, w.reached])).toEqual([
      ['decides-c0', true],
      ['answers-c0', true],
    ]);
    expect(r.properties.find((p) => p.name === 'deadlock')?.verdict).toBe('holds');
  });

  it('backups that never answer: safety holds, every witness is unreachable, client-answered fails', () => {
    expectSilenced(muted(stable, ['r1', 'r2'], muteReplica));
  });
});
