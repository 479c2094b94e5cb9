/**
 * The partial-order reduction on Viewstamped Replication: VR declares its
 * topology and the messages a replica refuses for good (a message of a view
 * below its own, an answer to an old nonce: `spec/vr/ignores.ts`). The
 * explorer checks each refusal where it meets it (a refused message must be
 * a no-op, and stay refused along the replica's steps), so a run that
 * finishes is also a check of the declaration on every state it reached.
 * - vr-tiny holds with fewer states, its reduced count pinned;
 * - every bug variant is caught on its showcase with the reduction on, and
 *   `--shortest` (the default) finds the same shortest length as without;
 * - the refusals match the replica: a refused message changes nothing.
 * NOTE: VR declares no symmetry: the primary of view v is replica v mod N
 * and only r1..rE have timers, so no two replicas are interchangeable in
 * the configurations named (with N = 3 and V ≥ 1 each replica is singled
 * out by the views it leads or its timer).
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../explorer/check.js';
import { replicaMachine } from '../../machines/vr/replica.machine.js';
import { vrSystem } from '../../machines/vr/system.js';
import { VR_BUGS, type VrBug } from '../../spec/vr/bugs.js';
import { VR_CONFIGS, type VrConfig } from '../../spec/vr/configs.js';
import { vrIgnores } from '../../spec/vr/ignores.js';
import type { VrMessage } from '../../spec/vr/messages.js';
import type { ReplicaState } from '../../spec/vr/state.js';
import type { NaiveFaults } from '../helpers/naive-explorer.js';
import { restore, start, step } from '../helpers/machines.js';

const config = (name: string): VrConfig => VR_CONFIGS.find((c) => c.name === name) as VrConfig;
const faultsOf = (c: VrConfig): NaiveFaults =>
  c.faults === undefined ? { lossy: false, duplicates: 0, crashes: 0 } : { lossy: false, duplicates: 0, crashes: c.faults.crashes ?? 0, recoveries: c.faults.recoveries ?? 0, crashable: (c.faults.crashOnly ?? []).map((n) => Number(n.slice(1)) + 1) };

describe('partial-order reduction (declared refusals)', () => {
  it('vr-tiny holds with the reduction on: 32,790 states instead of 83,009', () => {
    const r = check(vrSystem(config('vr-tiny')), { por: true });
    expect(r.status).toBe('holds');
    expect(r.reductions.por?.active).toBe(true);
    expect({ states: r.stats.states, transitions: r.stats.transitions, depth: r.stats.depth }).toEqual({ states: 32_790, transitions: 159_661, depth: 20 });
  });

  const SHORTEST: Record<VrBug, [string, number]> = {
    'view-change-quorum-f': ['vr-s', 6],
    'log-by-opnumber': ['vr-stale', 8],
    'recovering-replica-votes': ['vr-recover', 10],
  };
  for (const bug of Object.keys(VR_BUGS) as VrBug[]) {
    const [name, steps] = SHORTEST[bug];
    it(`${bug} on ${name}: caught with the reduction on (a trace may be longer), and --shortest finds length ${steps}`, () => {
      const c = config(name);
      const r = check(vrSystem(c, { bug }), { por: true, shortest: true, faults: faultsOf(c) });
      expect(r.status).toBe('violated');
      expect(r.trace?.steps).toHaveLength(steps);
    });
  }

  it('a refused message changes nothing at the replica (a few cases by hand; the explorer checks every one it uses)', () => {
    const cfg = { self: 'r1', replicas: ['r0', 'r1', 'r2'], f: 1, maxView: 2, clients: 'clients', commitMessages: true } as const;
    const base = start(replicaMachine, cfg).next.context;
    const inView1 = restore(replicaMachine, 'normal', { ...base, view: 1, lastNormal: 1, acks: [0, 0, 0] });
    const changing2 = restore(replicaMachine, 'viewChange', { ...base, status: 'view-change', view: 2 });
    const old: VrMessage[] = [
      { type: 'vr.prepare', from: 'r0', to: 'r1', view: 0, entry: { id: 'c0.0', op: { kind: 'read' } }, opNumber: 1, commit: 0 },
      { type: 'vr.prepare-ok', from: 'r2', to: 'r1', view: 0, opNumber: 1 },
      { type: 'vr.commit', from: 'r0', to: 'r1', view: 0, commit: 1 },
      { type: 'vr.start-view-change', from: 'r2', to: 'r1', view: 0 },
      { type: 'vr.do-view-change', from: 'r2', to: 'r1', view: 0, log: [], lastNormal: 0, commit: 0 },
      { type: 'vr.start-view', from: 'r0', to: 'r1', view: 0, log: [], commit: 0 },
      { type: 'vr.recovery-response', from: 'r0', to: 'r1', view: 0, nonce: 0, log: [], commit: 0 },
    ];
    for (const s of [inView1, changing2]) {
      for (const m of old) {
        expect(vrIgnores({ role: 'replica', value: s.value, context: s.context }, m), `${String(s.value)} ${m.type}`).toBe(true);
        const r = step(replicaMachine, s, m);
        expect(r.next.context as ReplicaState).toEqual(s.context);
        expect(r.sent).toEqual([]);
      }
    }
    // Not refused: a message of the replica's own view, and anything while recovering.
    expect(vrIgnores({ role: 'replica', value: 'normal', context: inView1.context }, { ...(old[1] as VrMessage), view: 1 } as VrMessage)).toBe(false);
    const rec = { ...base, status: 'recovering' as const, view: 0, nonce: 1 };
    expect(vrIgnores({ role: 'replica', value: 'recovering', context: rec }, { ...(old[6] as VrMessage), nonce: 1 } as VrMessage)).toBe(false);
    expect(vrIgnores({ role: 'replica', value: 'recovering', context: { ...rec, view: 1 } }, old[0] as VrMessage)).toBe(false);
  });
});
