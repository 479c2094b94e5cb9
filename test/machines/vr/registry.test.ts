/**
 * VR's registry entry (machines/vr/protocol.ts), its bug table and showcase
 * bounds (spec/vr/bugs.ts, machines/vr/bugs.ts) and the short form of its
 * sizes (spec/vr/configs.ts): the production build and every bug build,
 * the refusal of an unknown bug, and what each bug needs to show, from the
 * reasons given in spec/vr/bugs.ts (a view change; two of them and two
 * commands for log-by-opnumber; a restart for recovering-replica-votes).
 */
import { describe, expect, it } from 'vitest';
import { VR_BUG_REPLICAS, vrReplica } from '../../../machines/vr/bugs.js';
import { vrProtocol } from '../../../machines/vr/protocol.js';
import { replicaMachine } from '../../../machines/vr/replica.machine.js';
import type { RunBounds } from '../../../spec/core/registry.js';
import { isVrBug, VR_BUG_SHOWCASES, type VrBug } from '../../../spec/vr/bugs.js';
import { describeVrSizes } from '../../../spec/vr/configs.js';

const PARAMS = { clients: 1, commands: 1, replicas: 3, timers: 1, views: 1, commits: 0, stale: 0 };

describe('the registry entry builds the production system and each bug variant', () => {
  it('without a bug: the production replica on every replica node', () => {
    const s = vrProtocol.build(PARAMS, null);
    expect(s.protocol).toBe('vr');
    expect(s.nodes.slice(1).every((n) => n.logic === replicaMachine)).toBe(true);
  });

  it('with a bug: that variant’s replica, not the production one', () => {
    for (const bug of ['log-by-opnumber', 'view-change-quorum-f', 'recovering-replica-votes'] as const) {
      const s = vrProtocol.build(PARAMS, bug);
      expect(s.nodes[1]?.logic).toBe(VR_BUG_REPLICAS[bug]);
      expect(s.nodes[1]?.logic).not.toBe(replicaMachine);
    }
  });

  it('an unknown bug is refused', () => {
    expect(() => vrProtocol.build(PARAMS, 'no-such-bug')).toThrow(new RangeError('unknown bug no-such-bug'));
  });

  it('isVrBug: the three names, and not an inherited property', () => {
    expect(['log-by-opnumber', 'view-change-quorum-f', 'recovering-replica-votes'].map(isVrBug)).toEqual([true, true, true]);
    expect(isVrBug('toString')).toBe(false);
  });

  it('vrReplica: the production machine for null, each variant otherwise', () => {
    expect(vrReplica(null)).toBe(replicaMachine);
    expect(vrReplica('view-change-quorum-f')).toBe(VR_BUG_REPLICAS['view-change-quorum-f']);
    expect(vrReplica('log-by-opnumber')).not.toBe(replicaMachine);
  });
});

describe('what each bug needs to show (VR_BUG_SHOWCASES.unreachable)', () => {
  const bounds = (params: Record<string, number>, recoveries = 0): RunBounds => ({ params, faults: { lossy: false, duplicates: 0, crashes: recoveries, recoveries }, adversary: null });
  const why = (bug: VrBug, params: Record<string, number>, recoveries = 0) => VR_BUG_SHOWCASES[bug].unreachable?.(bounds(params, recoveries));
  const VIEWS = 'a view change: --views 1 or more';
  const TIMERS = 'a view change: a backup whose timer fires (--timers 1)';

  it('view-change-quorum-f: one view change, started by a timer', () => {
    expect(why('view-change-quorum-f', { views: 0, timers: 1 })).toBe(VIEWS);
    expect(why('view-change-quorum-f', { timers: 1 })).toBe(VIEWS);
    expect(why('view-change-quorum-f', { views: 1, timers: 0 })).toBe(TIMERS);
    expect(why('view-change-quorum-f', { views: 1 })).toBe(TIMERS);
    expect(why('view-change-quorum-f', { views: 1, timers: 1 })).toBeUndefined();
    expect(why('view-change-quorum-f', { views: 2, timers: 2 })).toBeUndefined();
  });

  it('log-by-opnumber: a view change, then two of them, then two commands', () => {
    const TWO_VIEWS = 'two view changes, the first leaving a log behind and the second picking it (--views 2)';
    const TWO_COMMANDS = 'two commands for the logs to differ in (e.g. --clients 2)';
    expect(why('log-by-opnumber', { views: 0, timers: 1, clients: 2, commands: 1 })).toBe(VIEWS);
    expect(why('log-by-opnumber', { views: 1, timers: 1, clients: 2, commands: 1 })).toBe(TWO_VIEWS);
    expect(why('log-by-opnumber', { views: 2, timers: 1, clients: 1, commands: 1 })).toBe(TWO_COMMANDS);
    expect(why('log-by-opnumber', { views: 2, timers: 1, clients: 2, commands: 1 })).toBeUndefined();
    expect(why('log-by-opnumber', { views: 2, timers: 1, clients: 1, commands: 2 })).toBeUndefined();
    expect(why('log-by-opnumber', { views: 3, timers: 2, clients: 3, commands: 1 })).toBeUndefined();
  });

  it('recovering-replica-votes: a restart first, then a view change', () => {
    const RESTART = 'crash-recovery: a replica that restarts (--crashes 1 --recoveries 1)';
    expect(why('recovering-replica-votes', { views: 1, timers: 1 }, 0)).toBe(RESTART);
    expect(why('recovering-replica-votes', { views: 1, timers: 1 }, 1)).toBeUndefined();
    expect(why('recovering-replica-votes', { views: 1, timers: 1 }, 2)).toBeUndefined();
    expect(why('recovering-replica-votes', { views: 0, timers: 1 }, 1)).toBe(VIEWS);
  });
});

describe('describeVrSizes', () => {
  it('C K N E V, then Commit messages and the stale start when on', () => {
    expect(describeVrSizes({ clients: 2, commands: 1, replicas: 3, timers: 2, views: 1, commits: 0, stale: 0 })).toBe('C=2 K=1 N=3 E=2 V=1');
    expect(describeVrSizes({ clients: 1, commands: 2, replicas: 5, timers: 1, views: 0, commits: 1, stale: 0 })).toBe('C=1 K=2 N=5 E=1 V=0 with Commit messages');
    expect(describeVrSizes({ clients: 3, commands: 1, replicas: 3, timers: 2, views: 2, commits: 0, stale: 1 })).toBe('C=3 K=1 N=3 E=2 V=2 from a stale primary');
  });
});
