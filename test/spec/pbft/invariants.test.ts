/**
 * PBFT's properties (`spec/pbft/invariants.ts`) on hand-made replica and
 * client states: each one holds where it should and fails where it should.
 */
import { describe, expect, it } from 'vitest';
import { initialReplicaState } from '../../../machines/pbft/replica.machine.js';
import type { ClientHistory } from '../../../spec/core/history.js';
import type { RegisterOp, RegisterResult } from '../../../spec/multipaxos/register.js';
import {
  agreementHolds,
  clientAcceptsCorrectHolds,
  executionResults,
  prefixHolds,
  preparedAgreementHolds,
  validityHolds,
  type PbftReplicaView,
} from '../../../spec/pbft/invariants.js';
import type { PbftRequest } from '../../../spec/pbft/messages.js';
import type { ReplicaConfig, ReplicaState } from '../../../spec/pbft/state.js';

const A: PbftRequest = { id: 'c0.0', op: { kind: 'write', value: 'a' } };
const B: PbftRequest = { id: 'c1.0', op: { kind: 'read' } };
const BOGUS: PbftRequest = { id: 'bogus', op: { kind: 'write', value: 'z' } };

const replica = (committed: PbftReplicaView['committed'], executed: string[] = []): PbftReplicaView => ({ committed, executed });

/** c0 wrote a (returned `ok`), c1 read (returned `read`). */
function history(read: RegisterResult | undefined, wrote: RegisterResult | undefined = 'ok'): ClientHistory<RegisterOp, RegisterResult> {
  return {
    clients: [
      [{ op: A.op, seen: [0, 0], ...(wrote !== undefined ? { result: wrote } : {}) }],
      [{ op: B.op, seen: [0, 0], ...(read !== undefined ? { result: read } : {}) }],
    ],
  };
}

describe('agreement', () => {
  it('holds when every seq has one request across the replicas, and fails on two', () => {
    expect(agreementHolds([replica([{ seq: 1, request: A }]), replica([{ seq: 1, request: A }, { seq: 2, request: B }]), replica([])])).toBe(true);
    expect(agreementHolds([replica([{ seq: 1, request: A }]), replica([{ seq: 1, request: B }])])).toBe(false);
    // The null request differs from a request; one replica committing two in different views fails too.
    expect(agreementHolds([replica([{ seq: 1, request: A }]), replica([{ seq: 1, request: null }])])).toBe(false);
    expect(agreementHolds([replica([{ seq: 1, request: null }, { seq: 1, request: A }])])).toBe(false);
  });
});

describe('validity', () => {
  it('every committed request is one a client issued with its command; the null request is allowed', () => {
    const h = history(undefined);
    expect(validityHolds([replica([{ seq: 1, request: A }, { seq: 2, request: null }, { seq: 3, request: B }])], h)).toBe(true);
    expect(validityHolds([replica([{ seq: 1, request: BOGUS }])], h)).toBe(false);
    expect(validityHolds([replica([{ seq: 1, request: { id: 'c0.0', op: { kind: 'write', value: 'z' } } }])], h)).toBe(false);
    // Not issued yet: c0's second command.
    expect(validityHolds([replica([{ seq: 1, request: { id: 'c0.1', op: { kind: 'read' } } }])], h)).toBe(false);
  });
});

describe('client-accepts-correct', () => {
  const executedAB = replica(
    [
      { seq: 1, request: A },
      { seq: 2, request: B },
    ],
    ['c0.0', 'c1.0'],
  );
  it('replays what a replica executed: a write returns ok, a read the value written before it', () => {
    expect([...executionResults(executedAB)]).toEqual([
      ['c0.0', 'ok'],
      ['c1.0', 'a'],
    ]);
  });

  it('holds when some correct replica produced every accepted result, and fails otherwise', () => {
    expect(clientAcceptsCorrectHolds([executedAB], history('a'))).toBe(true);
    expect(clientAcceptsCorrectHolds([executedAB], history(undefined))).toBe(true);
    expect(clientAcceptsCorrectHolds([executedAB], history(null))).toBe(false);
    // A result accepted before any correct replica executed the request.
    expect(clientAcceptsCorrectHolds([replica([])], history(undefined, 'ok'))).toBe(false);
    expect(clientAcceptsCorrectHolds([replica([]), executedAB], history('a'))).toBe(true);
  });
});

describe('prefix', () => {
  it("holds when the executed sequences are prefixes of the longest, and fails on a divergence", () => {
    expect(prefixHolds([replica([], ['c0.0', 'c1.0']), replica([], ['c0.0']), replica([], [])])).toBe(true);
    expect(prefixHolds([replica([], ['c0.0', 'c1.0']), replica([], ['c1.0'])])).toBe(false);
  });
});

describe('prepared-agreement', () => {
  const cfg = (self: string): ReplicaConfig => ({
    self,
    replicas: ['r0', 'r1', 'r2', 'r3'],
    clients: 'clients',
    quorum: 3,
    prepareQuorum: 2,
    commitQuorum: 3,
    seqs: 1,
    views: 2,
    verifyRequests: true,
    replies: true,
  });
  const prepared = (self: string, request: PbftRequest, view = 0): ReplicaState => ({
    ...initialReplicaState(cfg(self)),
    view,
    log: [{ seq: 1, request }],
    prepares: [{ seq: 1, digest: request.id, from: null }],
  });

  it('holds when the replicas prepared one request per (view, seq), and fails on two', () => {
    expect(preparedAgreementHolds([prepared('r1', A), prepared('r2', A)])).toBe(true);
    expect(preparedAgreementHolds([prepared('r1', A), prepared('r2', B)])).toBe(false);
    // Different views may differ.
    expect(preparedAgreementHolds([prepared('r1', A), prepared('r2', B, 1)])).toBe(true);
    // A logged request without the prepares is not prepared.
    expect(preparedAgreementHolds([prepared('r1', A), { ...prepared('r2', B), prepares: [{ seq: 1, digest: 'c1.0', from: ['r2'] }] }])).toBe(true);
    // Certificates of a view left behind count.
    const left: ReplicaState = { ...initialReplicaState(cfg('r2')), view: 1, certificates: [{ view: 0, seq: 1, request: B }] };
    expect(preparedAgreementHolds([prepared('r1', A), left])).toBe(false);
  });
});
