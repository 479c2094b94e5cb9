/**
 * Multi-Paxos's refusals (`spec/multipaxos/ignores.ts`):
 * - each rule on states the machines reach step by step, refused and not;
 *   every refusal is also checked against the machine (delivering the
 *   message changes nothing and sends nothing);
 * - on small systems, the verdict with the reductions (POR, which uses the
 *   refusals, and symmetry) is the one without them, for the correct
 *   protocol and every bug variant, in both variants; where a bug is caught,
 *   POR with `shortest` gives back the unreduced length.
 */
import { describe, expect, it } from 'vitest';
import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import { acceptorMachine } from '../../../machines/multipaxos/acceptor.machine.js';
import { MULTIPAXOS_BUG_PROPOSERS } from '../../../machines/multipaxos/bugs.js';
import { clientsMachine } from '../../../machines/multipaxos/clients.machine.js';
import { proposerMachine } from '../../../machines/multipaxos/proposer.machine.js';
import { replicaMachine } from '../../../machines/multipaxos/replica.machine.js';
import { multipaxosSystem } from '../../../machines/multipaxos/system.js';
import { MULTIPAXOS_BUGS, type MultiPaxosBug, type Variant } from '../../../spec/multipaxos/bugs.js';
import type { MultiPaxosSizes } from '../../../spec/multipaxos/configs.js';
import { multipaxosIgnores } from '../../../spec/multipaxos/ignores.js';
import type { AcceptedMsg, AcceptMsg, Batch, DecideMsg, Entry, MultiPaxosMessage, PrepareMsg, PromiseMsg, ReplyMsg, RequestMsg } from '../../../spec/multipaxos/messages.js';
import type { AcceptorConfig, ClientsConfig, ProposerConfig, ReplicaConfig } from '../../../spec/multipaxos/state.js';
import { start, step, steps } from '../../helpers/machines.js';
import { compareVerdicts, expectSameVisibleStates, NO_FAULTS, refuses as refusesWith } from '../ignores-harness.js';

/** What `multipaxosIgnores` declares for `role` in `snapshot` (a refusal is checked against the machine). */
function refuses(machine: AnyStateMachine, role: string, snapshot: AnyMachineSnapshot, msg: MultiPaxosMessage): boolean {
  return refusesWith(multipaxosIgnores, machine, role, snapshot, msg);
}

const w = (id: string, value: string): Entry => ({ id, op: { kind: 'write', value } });
const C00 = w('c0.0', 'a');
const C10: Entry = { id: 'c1.0', op: { kind: 'read' } };

describe('acceptor: a Prepare at or below its promise, an Accept below it', () => {
  const cfg: AcceptorConfig = { self: 'a0', replicas: ['r0'], variant: 'leader' };
  const prepare = (ballot: number): PrepareMsg => ({ type: 'mp.prepare', from: 'p1', to: 'a0', ballot });
  const accept = (ballot: number): AcceptMsg => ({ type: 'mp.accept', from: 'p1', to: 'a0', ballot, slot: 0, batch: [C00] });
  // Promised 3, then voted in ballot 3.
  const s = steps(acceptorMachine, start(acceptorMachine, cfg).next, [prepare(3), accept(3)]).next;

  it('refuses Prepare(b) for b ≤ promised, not above', () => {
    expect(refuses(acceptorMachine, 'acceptor', s, prepare(3))).toBe(true);
    expect(refuses(acceptorMachine, 'acceptor', s, prepare(1))).toBe(true);
    expect(refuses(acceptorMachine, 'acceptor', s, prepare(5))).toBe(false);
  });

  it('refuses Accept(b) for b < promised; not b = promised (it votes again and re-announces)', () => {
    expect(refuses(acceptorMachine, 'acceptor', s, accept(1))).toBe(true);
    expect(refuses(acceptorMachine, 'acceptor', s, accept(3))).toBe(false);
    expect(step(acceptorMachine, s, accept(3)).sent).not.toEqual([]);
    expect(refuses(acceptorMachine, 'acceptor', s, accept(5))).toBe(false);
  });

  it('refuses nothing before any promise', () => {
    const fresh = start(acceptorMachine, cfg).next;
    expect(refuses(acceptorMachine, 'acceptor', fresh, prepare(0))).toBe(false);
    expect(refuses(acceptorMachine, 'acceptor', fresh, accept(0))).toBe(false);
  });
});

describe('proposer', () => {
  // p1 of two proposers, three acceptors, one slot, two ballots each: its ballots are 1 and 3.
  const cfg: ProposerConfig = {
    self: 'p1',
    index: 1,
    proposers: 2,
    acceptors: ['a0', 'a1', 'a2'],
    replicas: ['r0', 'r1'],
    quorum: 2,
    decisionQuorum: 2,
    slots: 1,
    rounds: 2,
    batch: 1,
    variant: 'leader',
    initialLeader: false,
  };
  const TIMEOUT = { type: 'TIMEOUT' } as const;
  const request = (entry: Entry): RequestMsg => ({ type: 'mp.request', from: 'clients', to: 'p1', entry });
  const promise = (from: string, ballot: number): PromiseMsg => ({ type: 'mp.promise', from, to: 'p1', ballot, votes: [] });
  const accepted = (from: string, ballot: number, batch: Batch = [C00]): AcceptedMsg => ({ type: 'mp.accepted', from, to: 'p1', ballot, slot: 0, batch });
  const idle = start(proposerMachine, cfg).next;
  // Ballot 1, preparing, a0's promise recorded.
  const preparing = steps(proposerMachine, idle, [request(C00), TIMEOUT, promise('a0', 1)]).next;
  // Ballot 1, leading (a1's promise completed the quorum); c0.0 proposed in slot 0.
  const leading = step(proposerMachine, preparing, promise('a1', 1)).next;
  // Ballot 3, preparing again.
  const second = step(proposerMachine, leading, TIMEOUT).next;

  it('reaches the states the cases use', () => {
    expect([idle.value, preparing.value, leading.value, second.value]).toEqual(['idle', 'preparing', 'leading', 'preparing']);
    expect(leading.context.proposals).toEqual([[C00]]);
  });

  it('refuses a Request for an id it holds, in every phase; not a new one', () => {
    for (const s of [preparing, leading, second]) expect(refuses(proposerMachine, 'proposer', s, request(C00))).toBe(true);
    for (const s of [idle, preparing, leading]) expect(refuses(proposerMachine, 'proposer', s, request(C10))).toBe(false);
    // S-Paxos: a replica's "stable" request carries the id alone.
    expect(refuses(proposerMachine, 'proposer', leading, { ...request({ id: 'c0.0' }), from: 'r1' })).toBe(true);
  });

  it('refuses a Promise for a ballot below its own; for its own, once leading or from a recorded acceptor', () => {
    expect(refuses(proposerMachine, 'proposer', second, promise('a2', 1))).toBe(true);
    expect(refuses(proposerMachine, 'proposer', leading, promise('a2', 1))).toBe(true);
    expect(refuses(proposerMachine, 'proposer', preparing, promise('a0', 1))).toBe(true);
    // Not refused: the promise it still needs, a higher ballot, and anything while idle.
    expect(refuses(proposerMachine, 'proposer', preparing, promise('a2', 1))).toBe(false);
    expect(refuses(proposerMachine, 'proposer', second, promise('a0', 3))).toBe(false);
    expect(refuses(proposerMachine, 'proposer', preparing, promise('a0', 3))).toBe(false);
    expect(refuses(proposerMachine, 'proposer', idle, promise('a0', 1))).toBe(false);
  });

  it('refuses an Accepted below its ballot, or for a decided slot or a counted acceptor while leading', () => {
    expect(refuses(proposerMachine, 'proposer', second, accepted('a0', 1))).toBe(true);
    const counted = step(proposerMachine, leading, accepted('a0', 1)).next;
    expect(refuses(proposerMachine, 'proposer', counted, accepted('a0', 1))).toBe(true);
    expect(refuses(proposerMachine, 'proposer', counted, accepted('a1', 1))).toBe(false);
    const decided = step(proposerMachine, counted, accepted('a1', 1));
    expect(decided.sent.map((m) => m.type)).toEqual(['mp.decide', 'mp.decide']);
    expect(refuses(proposerMachine, 'proposer', decided.next, accepted('a2', 1))).toBe(true);
    // Not while preparing its own ballot (it may still lead it), nor for a higher ballot.
    expect(refuses(proposerMachine, 'proposer', preparing, accepted('a0', 1))).toBe(false);
    expect(refuses(proposerMachine, 'proposer', leading, accepted('a0', 3))).toBe(false);
  });

  it('holds the request rule under skip-phase1 and with batches of two (the leader waits for a second request)', () => {
    const skipping = MULTIPAXOS_BUG_PROPOSERS['skip-phase1'];
    const skip = steps(skipping, start(skipping, cfg).next, [request(C00), TIMEOUT]).next;
    expect(skip.value).toBe('leading');
    expect(refuses(skipping, 'proposer', skip, request(C00))).toBe(true);
    const waiting = steps(proposerMachine, start(proposerMachine, { ...cfg, batch: 2, index: 0, self: 'p0', initialLeader: true }).next, [{ ...request(C00), to: 'p0' }]).next;
    expect(waiting.context.proposals).toEqual([null]);
    expect(refuses(proposerMachine, 'proposer', waiting, { ...request(C00), to: 'p0' })).toBe(true);
    expect(refuses(proposerMachine, 'proposer', waiting, { ...request(C10), to: 'p0' })).toBe(false);
  });
});

describe('replica: a decision for a decided slot; a 2b it has counted', () => {
  const cfg: ReplicaConfig = { self: 'r0', slots: 2, decisionQuorum: 2, clients: 'clients', replies: true };
  const decide = (slot: number, batch: Batch): DecideMsg => ({ type: 'mp.decide', from: 'p0', to: 'r0', slot, batch });
  const accepted = (from: string, ballot: number, slot: number, batch: Batch): AcceptedMsg => ({ type: 'mp.accepted', from, to: 'r0', ballot, slot, batch });
  const s = steps(replicaMachine, start(replicaMachine, cfg).next, [decide(0, [C00]), accepted('a0', 2, 1, [C10])]).next;

  it('refuses a Decide or an Accepted for a decided slot, even with another batch', () => {
    expect(refuses(replicaMachine, 'replica', s, decide(0, [C00]))).toBe(true);
    expect(refuses(replicaMachine, 'replica', s, decide(0, [C10]))).toBe(true);
    expect(refuses(replicaMachine, 'replica', s, accepted('a1', 4, 0, [C10]))).toBe(true);
  });

  it('refuses an Accepted already in its tally; not one from another acceptor, ballot or batch', () => {
    expect(refuses(replicaMachine, 'replica', s, accepted('a0', 2, 1, [C10]))).toBe(true);
    expect(refuses(replicaMachine, 'replica', s, accepted('a1', 2, 1, [C10]))).toBe(false);
    expect(refuses(replicaMachine, 'replica', s, accepted('a0', 4, 1, [C10]))).toBe(false);
    expect(refuses(replicaMachine, 'replica', s, accepted('a0', 2, 1, [C00]))).toBe(false);
    expect(refuses(replicaMachine, 'replica', s, decide(1, [C10]))).toBe(false);
  });
});

describe('clients: a reply to a command that has returned', () => {
  const cfg: ClientsConfig = { self: 'clients', commands: 2, targets: [['p0'], ['p0']] };
  const reply = (from: string, id: string, result: string | null): ReplyMsg => ({ type: 'mp.reply', from, to: 'clients', id, result });
  const REQUEST = (client: number) => ({ type: 'REQUEST', client }) as const;
  // c0.0 returned, c0.1 pending, c1.0 pending.
  const s = steps(clientsMachine, start(clientsMachine, cfg).next, [REQUEST(0), reply('r0', 'c0.0', 'ok'), REQUEST(0), REQUEST(1)]).next;

  it('refuses a reply to a returned command, from any replica', () => {
    expect(refuses(clientsMachine, 'clients', s, reply('r0', 'c0.0', 'ok'))).toBe(true);
    expect(refuses(clientsMachine, 'clients', s, reply('r1', 'c0.0', 'ok'))).toBe(true);
  });

  it('takes a reply to a pending command; does not declare one to a command not yet issued', () => {
    expect(refuses(clientsMachine, 'clients', s, reply('r1', 'c0.1', 'a'))).toBe(false);
    expect(refuses(clientsMachine, 'clients', s, reply('r1', 'c1.0', 'a'))).toBe(false);
    expect(refuses(clientsMachine, 'clients', s, reply('r1', 'c1.1', 'a'))).toBe(false);
  });
});

describe('the verdicts with the reductions are the verdicts without them', () => {
  const MP_TINY: MultiPaxosSizes = { clients: 1, commands: 1, proposers: 1, acceptors: 3, replicas: 1, slots: 1, rounds: 2 };
  /** Two clients, a leader change, two acceptors (any quorum is both), two replicas: no-recovery and skip-phase1 show. */
  const SMALL: MultiPaxosSizes = { clients: 2, commands: 1, proposers: 2, acceptors: 2, replicas: 2, slots: 1, rounds: 1 };
  /** mp-s: early-reply needs three acceptors (a quorum that misses the single 2b); caught at depth 13-15, before the search grows. */
  const MP_S: MultiPaxosSizes = { clients: 2, commands: 1, proposers: 2, acceptors: 3, replicas: 2, slots: 1, rounds: 1 };
  const cases: { name: string; sizes: MultiPaxosSizes; bug: MultiPaxosBug | null; violated: boolean }[] = [
    { name: 'mp-tiny', sizes: MP_TINY, bug: null, violated: false },
    { name: 'C=2 P=2 A=2 L=2', sizes: SMALL, bug: null, violated: false },
    { name: 'C=2 P=2 A=2 L=2', sizes: SMALL, bug: 'no-recovery', violated: true },
    { name: 'C=2 P=2 A=2 L=2', sizes: SMALL, bug: 'skip-phase1', violated: true },
    { name: 'mp-s', sizes: MP_S, bug: 'early-reply', violated: true },
  ];

  it('covers every bug variant', () => {
    expect(new Set(cases.flatMap((c) => (c.bug === null ? [] : [c.bug])))).toEqual(new Set(Object.keys(MULTIPAXOS_BUGS)));
  });

  for (const variant of ['leader', 'all'] as Variant[]) {
    for (const c of cases) {
      it(`${c.name} --variant ${variant}${c.bug === null ? '' : ` --bug ${c.bug}`}`, () => {
        const { reduced } = compareVerdicts(multipaxosSystem(c.sizes, { variant, bug: c.bug }), NO_FAULTS, c.violated);
        expect(reduced.reductions.por?.active).toBe(true);
        expect(reduced.reductions.por?.reduced).toBeGreaterThan(0);
      });
    }
  }
});

describe('POR on the refusals reaches every local state of the replicas and the clients', () => {
  const TINY: MultiPaxosSizes = { clients: 1, commands: 1, proposers: 1, acceptors: 3, replicas: 1, slots: 1, rounds: 2 };
  const TWO: MultiPaxosSizes = { clients: 2, commands: 1, proposers: 2, acceptors: 2, replicas: 2, slots: 1, rounds: 1 };
  it('mp-tiny, both variants', () => {
    for (const variant of ['leader', 'all'] as Variant[]) expectSameVisibleStates(multipaxosSystem(TINY, { variant }));
  });
  it('mp-tiny, lossy', () => {
    expectSameVisibleStates(multipaxosSystem(TINY, { variant: 'leader' }), { ...NO_FAULTS, lossy: true });
  });
  it('C=2 P=2 A=2 L=2, both variants', () => {
    for (const variant of ['leader', 'all'] as Variant[]) expectSameVisibleStates(multipaxosSystem(TWO, { variant }));
  });
  it('C=2 P=2 A=2 L=2 --bug early-reply (holds with two acceptors)', () => {
    expectSameVisibleStates(multipaxosSystem(TWO, { variant: 'leader', bug: 'early-reply' }));
  });
});
