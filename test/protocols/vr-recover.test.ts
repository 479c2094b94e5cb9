/**
 * Viewstamped Replication under crash-recovery (Liskov & Cowling 2012,
 * §4.3): a crashed replica restarts with nothing but its nonce counter and
 * runs the recovery protocol.
 * - the fast explorer agrees with the naive reference explorer on a small
 *   crash-recovery configuration (normal case only; with a view change,
 *   vr-recover's 2.2 million states are too many for it: its FIFO cut is
 *   compared in test/long/vr.long.ts, and so are two restarts of one
 *   replica, where the nonce is what rejects the answers to the first);
 * - `recovering-replica-votes` on vr-recover: the shortest counterexample
 *   (pinned in vr.check.test.ts, 10 steps) restarts r2 and has it vote while
 *   recovering;
 * - witnesses: a replica recovers the operations it lost, and a stale answer
 *   reaches a replica that recovers a second time.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../explorer/check.js';
import type { Trace } from '../../explorer/trace.js';
import { vrSystem } from '../../machines/vr/system.js';
import type { SystemView } from '../../spec/core/property.js';
import { VR_CONFIGS, type VrConfig, type VrSizes } from '../../spec/vr/configs.js';
import type { VrMessage } from '../../spec/vr/messages.js';
import type { ReplicaState } from '../../spec/vr/state.js';
import { expectSameAsNaive } from '../helpers/agree.js';
import type { NaiveFaults } from '../helpers/naive-explorer.js';
import { replay } from '../helpers/replay.js';

const sizes = (over: Partial<VrSizes>): VrSizes => ({ clients: 1, commands: 1, replicas: 3, timers: 0, views: 0, commits: 0, stale: 0, ...over });
/** Slots: 0 is the clients node, replica ri is i + 1. */
const R2 = 3;
const recover = (crashes: number, crashable?: readonly number[]): NaiveFaults => ({ lossy: false, duplicates: 0, crashes, recoveries: crashes, ...(crashable !== undefined ? { crashable } : {}) });
const vrRecover = VR_CONFIGS.find((c) => c.name === 'vr-recover') as VrConfig;

describe('fast explorer = naive reference explorer under crash-recovery', () => {
  it('V=0 K=1, any replica crashes and restarts once', () => expectSameAsNaive(vrSystem(sizes({})), recover(1)));

  it('V=0 K=1, r2 crashes and restarts twice (a second nonce): 4,520 states (the naive explorer agrees in test/long/vr.long.ts)', () => {
    const r = check(vrSystem(sizes({})), { faults: recover(2, [R2]) });
    expect(r.status).toBe('holds');
    expect({ states: r.stats.states, transitions: r.stats.transitions, depth: r.stats.depth }).toEqual({ states: 4_520, transitions: 17_045, depth: 20 });
  });
});

describe('recovering-replica-votes on vr-recover', () => {
  it('r2 restarts and, still recovering, answers a Prepare of the view it had left: view 1 lacks what r0 committed', () => {
    expect(vrRecover.faults).toEqual({ crashes: 1, recoveries: 1, crashOnly: ['r2'] });
    const spec = vrSystem(vrRecover, { bug: 'recovering-replica-votes' });
    const r = check(spec, { faults: recover(1, [R2]) });
    expect(r.status).toBe('violated');
    const trace = r.trace as Trace;
    expect(trace.steps).toHaveLength(10);
    expect(trace.steps.filter((s) => s.kind === 'crash' || s.kind === 'restart').map((s) => `${s.kind} ${s.node}`)).toEqual(['crash r2', 'restart r2']);
    // After its restart r2, still recovering, takes a message and answers it.
    const restartAt = trace.steps.findIndex((s) => s.kind === 'restart');
    const vote = trace.steps.slice(restartAt + 1).find((s) => s.kind === 'deliver' && s.node === 'r2' && s.sent.length > 0);
    expect((vote?.changes.find((c) => c.node === 'r2')?.before.context as ReplicaState | undefined)?.status).toBe('recovering');
    // Replayed on the machines: r0 executed c0.0 in view 0, but r1 leads view 1 without it.
    const final = replay(spec, trace);
    const [r0, r1] = ['r0', 'r1'].map((n) => final[n]?.context as ReplicaState) as [ReplicaState, ReplicaState];
    expect(r0).toMatchObject({ view: 0, executed: [{ id: 'c0.0' }] });
    expect(r1).toMatchObject({ status: 'normal', view: 1, log: [] });
  });

  it('the correct protocol has no counterexample of 10 steps or fewer there', () => {
    // vr-recover in full (2.2 million states) holds: test/long/vr.long.ts.
    const r = check(vrSystem(vrRecover), { faults: recover(1, [R2]), limits: { maxDepth: 10 } });
    expect(r.status).toBe('incomplete');
    expect(r.properties.some((p) => p.verdict === 'violated')).toBe(false);
  });
});

describe('the model reaches the behaviours it is meant to have (witnesses)', () => {
  /** Checks "never X"; X must be reachable, so the check must fail. */
  const witness = (name: string, s: VrSizes, faults: NaiveFaults, reached: (v: SystemView) => boolean): Trace => {
    const spec = vrSystem(s);
    const never = { name: `never: ${name}`, description: name, holds: (v: SystemView) => !reached(v) };
    const r = check({ ...spec, properties: [never] }, { faults });
    expect(r.status, `${name} must be reachable`).toBe('violated');
    return r.trace as Trace;
  };
  const r2 = (v: SystemView): ReplicaState => v.locals[R2] as ReplicaState;

  it('r2 executes an operation, crashes, restarts with nothing and recovers it from the primary', () => {
    const trace = witness('r2 recovered the committed operation', sizes({}), recover(1, [R2]), (v) => r2(v).nonce === 1 && r2(v).status === 'normal' && r2(v).executed.length === 1);
    expect(trace.steps.map((s) => s.kind)).toContain('restart');
    expect(trace.steps.some((s) => s.kind === 'environment' && s.event?.type === 'RECOVER')).toBe(true);
  });

  it('recovering a second time, r2 is sent an answer to its first nonce (which it must not take)', () => {
    witness('a stale RecoveryResponse in flight to r2 recovering with nonce 2', sizes({}), recover(2, [R2]), (v) =>
      r2(v).nonce === 2 &&
      r2(v).status === 'recovering' &&
      v.messages().some((m) => (m as VrMessage).type === 'vr.recovery-response' && m.to === 'r2' && (m as VrMessage & { nonce: number }).nonce === 1),
    );
  });
});
