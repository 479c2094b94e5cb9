/**
 * What `vrSystem` (machines/vr/system.ts) wires up besides the replica
 * machine: the protocol name, each replica's input and environment events
 * (only r1..rE time out; RECOVER is offered to every replica), and the
 * layout behind the deadlock check's final states (only the timer backups
 * r1..rE may owe a view change). Built inside each `it`, never at load.
 */
import { describe, expect, it } from 'vitest';
import { vrSystem } from '../../../machines/vr/system.js';
import type { SystemView } from '../../../spec/core/property.js';
import type { VrSizes } from '../../../spec/vr/configs.js';
import type { ReplicaConfig } from '../../../spec/vr/state.js';

const SIZES: VrSizes = { clients: 1, commands: 1, replicas: 3, timers: 1, views: 1, commits: 0, stale: 0 };

describe('vrSystem: the nodes', () => {
  it('is the vr protocol; a replica outside vr-stale gets §4’s start, with no `start` field at all', () => {
    const s = vrSystem(SIZES);
    expect(s.protocol).toBe('vr');
    expect(s.nodes.map((n) => n.name)).toEqual(['clients', 'r0', 'r1', 'r2']);
    expect(s.nodes[2]?.input).toStrictEqual({ self: 'r1', replicas: ['r0', 'r1', 'r2'], f: 1, maxView: 1, clients: 'clients', commitMessages: false });
    expect(s.nodes[2]?.restartInput).toStrictEqual({ self: 'r1', replicas: ['r0', 'r1', 'r2'], f: 1, maxView: 1, clients: 'clients', commitMessages: false, restarted: true });
  });

  it('with --timers 1 only r1 times out; every replica may RECOVER (enabled only after a restart)', () => {
    const s = vrSystem(SIZES);
    expect(s.nodes.slice(1).map((n) => n.environment)).toEqual([[{ type: 'RECOVER' }], [{ type: 'TIMEOUT' }, { type: 'RECOVER' }], [{ type: 'RECOVER' }]]);
  });
});

describe('vrSystem: final states (the deadlock check)', () => {
  /** The replicas' contexts as the final check reads them: status, view and the configuration the system gave them. */
  const state = (s: ReturnType<typeof vrSystem>, views: readonly number[], answered: boolean): SystemView => ({
    locals: [
      { history: { clients: [[answered ? { op: { kind: 'write', value: 'a' }, seen: [0], result: 'ok' } : { op: { kind: 'write', value: 'a' }, seen: [0] }]] } },
      ...views.map((v, i) => ({ status: 'normal', view: v, log: [], executed: [], cfg: s.nodes[i + 1]?.input as ReplicaConfig })),
    ],
    crashed: [false, false, false, false],
    messages: () => [],
  });

  it('r1, the only timer backup, at V = 1 is final although r2 (no timer) is a backup of view 0', () => {
    const s = vrSystem(SIZES);
    // r0 leads view 0; r1 spent its views; r2 never times out, so it owes nothing.
    expect(s.final?.(state(s, [0, 1, 0], false))).toBe(true);
  });

  it('r1 below V in view 0 (a backup) is not final until the client is answered', () => {
    const s = vrSystem(SIZES);
    expect(s.final?.(state(s, [0, 0, 0], false))).toBe(false);
    expect(s.final?.(state(s, [0, 0, 0], true))).toBe(true);
  });
});
