/**
 * S-Paxos's refusals (`spec/spaxos/ignores.ts`):
 * - each replica rule on states the machine reaches step by step, refused
 *   and not; every refusal is also checked against the machine (delivering
 *   the message changes nothing and sends nothing); the proposers, acceptors
 *   and clients are Multi-Paxos's (test/spec/multipaxos/ignores.test.ts);
 * - on small systems, the verdict with the reductions (POR and symmetry) is
 *   the one without them, for the correct protocol and the bug variant, in
 *   both variants. `no-lost-request` reads the messages in flight, which
 *   turns POR off; the comparison is made with it and, so that POR takes
 *   effect, without it.
 */
import { describe, expect, it } from 'vitest';
import type { AnyMachineSnapshot } from 'xstate';
import type { FaultOptions } from '../../../explorer/actor-system/faults.js';
import { SPAXOS_BUG_REPLICAS } from '../../../machines/spaxos/bugs.js';
import { spaxosReplicaMachine } from '../../../machines/spaxos/replica.machine.js';
import { spaxosSystem } from '../../../machines/spaxos/system.js';
import type { SystemSpec } from '../../../spec/core/system.js';
import type { Variant } from '../../../spec/multipaxos/bugs.js';
import type { AcceptedMsg, DecideMsg, RequestMsg } from '../../../spec/multipaxos/messages.js';
import type { RegisterOp } from '../../../spec/multipaxos/register.js';
import { SPAXOS_BUGS, type SPaxosBug } from '../../../spec/spaxos/bugs.js';
import type { SPaxosSizes } from '../../../spec/spaxos/configs.js';
import { spaxosIgnores } from '../../../spec/spaxos/ignores.js';
import type { AckMsg, ForwardMsg, SPaxosMessage } from '../../../spec/spaxos/messages.js';
import type { SPaxosReplicaConfig } from '../../../spec/spaxos/state.js';
import { start, step, steps } from '../../helpers/machines.js';
import { compareVerdicts, expectSameVisibleStates, NO_FAULTS, refuses as refusesWith } from '../ignores-harness.js';

/** What `spaxosIgnores` declares for a replica in `s` (a refusal is checked against the machine). */
function refuses(s: AnyMachineSnapshot, msg: SPaxosMessage): boolean {
  // The machine that made the snapshot: the production replica or a bug variant's.
  return refusesWith(spaxosIgnores, s.machine, 'replica', s, msg);
}

const REPLICAS = ['r0', 'r1', 'r2'];
const WA: RegisterOp = { kind: 'write', value: 'a' };

/** r<i> of 3 (f = 1: stable at 2 holders); r0 hosts p0. */
function cfg(i: number): SPaxosReplicaConfig {
  return { self: `r${i}`, replicas: REPLICAS, stableAcks: 2, slots: 1, decisionQuorum: 2, clients: 'clients', proposer: i === 0 ? 'p0' : null };
}

const clientReq = (id: string, to: string): RequestMsg => ({ type: 'mp.request', from: 'clients', to, entry: { id, op: WA } });
const forward = (id: string, from: string, to: string): ForwardMsg => ({ type: 'sp.forward', from, to, entry: { id, op: WA } });
const ack = (id: string, from: string, to: string): AckMsg => ({ type: 'sp.ack', from, to, id });
const decide = (ids: string[], to: string): DecideMsg => ({ type: 'mp.decide', from: 'p0', to, slot: 0, batch: ids.map((id) => ({ id })) });
const accepted = (from: string, ballot: number, ids: string[], to: string): AcceptedMsg => ({ type: 'mp.accepted', from, to, ballot, slot: 0, batch: ids.map((id) => ({ id })) });

describe('spaxos replica', () => {
  // r0, the coordinator: holds c0.0 (mine), acked by r1: stable.
  const r0 = steps(spaxosReplicaMachine, start(spaxosReplicaMachine, cfg(0)).next, [clientReq('c0.0', 'r0'), ack('c0.0', 'r1', 'r0')]).next;
  // r2 does not hold c0.0 yet; r1's ack is counted.
  const r2 = step(spaxosReplicaMachine, start(spaxosReplicaMachine, cfg(2)).next, ack('c0.0', 'r1', 'r2')).next;

  it('reaches the states the cases use', () => {
    expect(r0.context.stable).toEqual(['c0.0']);
    expect(r2.context.acks).toEqual([{ id: 'c0.0', replicas: ['r1'] }]);
    expect(r2.context.requests).toEqual([]);
  });

  it('refuses a client request or a forward of a request it holds; not one it does not hold', () => {
    expect(refuses(r0, clientReq('c0.0', 'r0'))).toBe(true);
    expect(refuses(r0, forward('c0.0', 'r1', 'r0'))).toBe(true);
    expect(refuses(r0, clientReq('c1.0', 'r0'))).toBe(false);
    expect(refuses(r2, forward('c0.0', 'r0', 'r2'))).toBe(false);
  });

  it('refuses an ack of a stable id, from anyone', () => {
    expect(refuses(r0, ack('c0.0', 'r1', 'r0'))).toBe(true);
    expect(refuses(r0, ack('c0.0', 'r2', 'r0'))).toBe(true);
  });

  it('refuses an ack it has counted for an id not yet stable; not one from a new holder', () => {
    expect(refuses(r2, ack('c0.0', 'r1', 'r2'))).toBe(true);
    expect(refuses(r2, ack('c0.0', 'r0', 'r2'))).toBe(false);
    expect(refuses(r2, ack('c1.0', 'r1', 'r2'))).toBe(false);
  });

  it('under order-unstable too: a second ack of an id already handed over changes nothing', () => {
    const unstable = SPAXOS_BUG_REPLICAS['order-unstable'];
    const early = step(unstable, start(unstable, cfg(0)).next, clientReq('c0.0', 'r0'));
    expect(early.sent.some((m) => m.type === 'mp.request' && m.to === 'p0')).toBe(true);
    const stable = step(unstable, early.next, ack('c0.0', 'r1', 'r0')).next;
    expect(refuses(stable, ack('c0.0', 'r2', 'r0'))).toBe(true);
    expect(refuses(early.next, ack('c0.0', 'r1', 'r0'))).toBe(false);
  });

  it('refuses a decision for a decided slot, and a 2b it has counted; not a new 2b', () => {
    const decided = step(spaxosReplicaMachine, r0, decide(['c0.0'], 'r0'));
    expect(decided.sent.map((m) => m.type)).toEqual(['mp.reply']);
    expect(refuses(decided.next, decide(['c0.0'], 'r0'))).toBe(true);
    expect(refuses(decided.next, accepted('a1', 1, ['c1.0'], 'r0'))).toBe(true);
    expect(refuses(r0, decide(['c0.0'], 'r0'))).toBe(false);
    const counted = step(spaxosReplicaMachine, r2, accepted('a0', 0, ['c0.0'], 'r2')).next;
    expect(refuses(counted, accepted('a0', 0, ['c0.0'], 'r2'))).toBe(true);
    expect(refuses(counted, accepted('a1', 0, ['c0.0'], 'r2'))).toBe(false);
  });

  it('leaves the other roles to the Multi-Paxos rules', () => {
    const notice: RequestMsg = { type: 'mp.request', from: 'r0', to: 'p0', entry: { id: 'c0.0' } };
    const proposer = { role: 'proposer', value: 'leading', context: { requests: [{ id: 'c0.0' }] } };
    expect(spaxosIgnores(proposer, notice)).toBe(true);
    expect(spaxosIgnores({ ...proposer, context: { requests: [] } }, notice)).toBe(false);
  });
});

describe('the verdicts with the reductions are the verdicts without them', () => {
  const SP_TINY: SPaxosSizes = { clients: 1, commands: 1, replicas: 3, proposers: 1, slots: 1, rounds: 1 };
  const NONE = NO_FAULTS;
  /** The system without the properties that read the messages in flight, so that POR takes effect. */
  const withoutInFlight = (spec: SystemSpec, drop: readonly string[] = []): SystemSpec => ({
    ...spec,
    properties: spec.properties.filter((p) => p.name !== 'no-lost-request' && !drop.includes(p.name)),
  });
  const cases: { name: string; bug: SPaxosBug | null; faults: FaultOptions; drop?: readonly string[]; violated: boolean; only?: Variant }[] = [
    { name: 'sp-tiny', bug: null, faults: NONE, violated: false },
    // Loss with 2b to all runs to 6 million states unreduced: 2b to the leader only.
    { name: 'sp-tiny --lossy', bug: null, faults: { ...NONE, lossy: true }, violated: false, only: 'leader' },
    { name: 'sp-tiny', bug: 'order-unstable', faults: NONE, violated: true },
    // Without durability, which catches it at once: the other properties hold.
    { name: 'sp-tiny (no durability)', bug: 'order-unstable', faults: NONE, drop: ['durability'], violated: false },
  ];

  it('covers every bug variant', () => {
    expect(new Set(cases.flatMap((c) => (c.bug === null ? [] : [c.bug])))).toEqual(new Set(Object.keys(SPAXOS_BUGS)));
  });

  for (const variant of ['leader', 'all'] as Variant[]) {
    for (const c of cases.filter((x) => x.only === undefined || x.only === variant)) {
      it(`${c.name} --variant ${variant}${c.bug === null ? '' : ` --bug ${c.bug}`}`, () => {
        const built = spaxosSystem(SP_TINY, { variant, bug: c.bug });
        const withPor = compareVerdicts(withoutInFlight(built, c.drop), c.faults, c.violated);
        expect(withPor.reduced.reductions.por?.active).toBe(true);
        const without = compareVerdicts({ ...built, properties: built.properties.filter((p) => !(c.drop ?? []).includes(p.name)) }, c.faults, c.violated);
        expect(without.reduced.reductions.por?.active).toBe(false);
      });
    }
  }
});

describe('POR on the refusals reaches every local state of the nodes the properties read (without no-lost-request)', () => {
  const SP_TINY: SPaxosSizes = { clients: 1, commands: 1, replicas: 3, proposers: 1, slots: 1, rounds: 1 };
  const readable = (spec: SystemSpec): SystemSpec => ({ ...spec, properties: spec.properties.filter((p) => p.name !== 'no-lost-request') });
  it('sp-tiny, both variants', () => {
    for (const variant of ['leader', 'all'] as Variant[]) expectSameVisibleStates(readable(spaxosSystem(SP_TINY, { variant })));
  });
  it('sp-tiny, lossy', () => {
    expectSameVisibleStates(readable(spaxosSystem(SP_TINY, { variant: 'leader' })), { ...NO_FAULTS, lossy: true });
  });
});
