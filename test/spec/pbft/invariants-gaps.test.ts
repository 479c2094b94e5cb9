/**
 * Gaps left by the other invariants tests (spec/pbft/invariants.ts), each on
 * a small hand-made input: a summary's fallback replica name, prepared
 * conflicts read per (view, seq) only, holes in a client history, the
 * temporal properties read through the layout's history (and a bogus
 * committed request), and final states with a client still pending.
 * n = 4, f = 1 (Q = 3, prepared at 2 prepares); S = 2; V = 3.
 */
import { describe, expect, it } from 'vitest';
import type { ClientHistory } from '../../../spec/core/history.js';
import type { SystemView } from '../../../spec/core/property.js';
import {
  clientAcceptsCorrectHolds,
  clientAcceptsText,
  committedText,
  pbftFinal,
  pbftTemporal,
  preparedText,
  type PbftLayout,
  type PbftReplicaView,
} from '../../../spec/pbft/invariants.js';
import { BOGUS_REQUEST, type PbftRequest } from '../../../spec/pbft/messages.js';
import type { ReplicaConfig, ReplicaState } from '../../../spec/pbft/state.js';
import { pbftConfig, pbftReplica } from '../../helpers/pbft-replica.js';

const A: PbftRequest = { id: 'c0.0', op: { kind: 'write', value: 'a' } };
const B: PbftRequest = { id: 'c1.0', op: { kind: 'read' } };
const C: PbftRequest = { id: 'c0.1', op: { kind: 'read' } };

const cfg = (self: string): ReplicaConfig => pbftConfig(self);
const rs = (self: string, over: Partial<ReplicaState> = {}): ReplicaState => pbftReplica(self, over);
const view = (locals: readonly unknown[], crashed: readonly boolean[] = locals.map(() => false)): SystemView => ({ locals, crashed, messages: () => [] });

describe('committedText: a replica with no slot is named by its index', () => {
  it('with no slots, the replica is `replica 0`, not a node found at some other index', () => {
    // slots[0] is undefined, so nodeName falls back to `replica 0` (nodes[-1] is undefined); nodes[1] = r0 must not be used.
    const r: PbftReplicaView = { committed: [{ seq: 1, request: A }], executed: [] };
    expect(committedText([], [r], ['clients', 'r0'])).toBe('replica 0 committed c0.0 at seq 1');
  });
});

describe('preparedText: a conflict is two digests at one view and one sequence number', () => {
  it('two requests prepared at different seqs of one view are no conflict', () => {
    // Both replicas hold certificates (view 0, seq 1, c0.0) and (view 0, seq 2, c1.0): one digest per (view, seq), so §4.2's
    // prepared agreement holds, and the text says so; pooling seqs 1 and 2 of view 0 would wrongly see two digests.
    const certs = [
      { view: 0, seq: 1, request: A },
      { view: 0, seq: 2, request: B },
    ];
    const r1 = rs('r1', { view: 1, certificates: certs });
    const r2 = rs('r2', { view: 1, certificates: certs });
    expect(preparedText([2, 3], [r1, r2], ['clients', 'r0', 'r1', 'r2'])).toBe(
      'no two correct replicas are prepared for different requests at one view and sequence number',
    );
  });
});

describe('client histories with a hole', () => {
  // A client slot never filled (a sparse array) holds no operation, hence no accepted result to check.
  const holey = (): ClientHistory => {
    const clients = new Array<ClientHistory['clients'][number]>(2);
    clients[1] = [{ op: { kind: 'read' }, result: null, seen: [] }];
    return { clients };
  };
  // c1.0 is a read executed on the initial register: result null (register.initial), as client c1 accepted.
  const r: PbftReplicaView = { committed: [{ seq: 1, request: B }], executed: ['c1.0'] };

  it('clientAcceptsCorrectHolds skips the hole and checks c1.0', () => {
    expect(clientAcceptsCorrectHolds([r], holey())).toBe(true);
  });

  it('clientAcceptsText skips the hole and finds every accepted result produced', () => {
    expect(clientAcceptsText([1], [r], holey(), ['clients', 'r0'])).toBe('every accepted result was produced by a correct replica');
  });
});

describe('pbftTemporal reads the history through the layout', () => {
  const layout: PbftLayout = { correctReplicas: [1], clientsSlot: 0, history: (ctx) => (ctx as { history: ClientHistory }).history };
  // Built inside each test (not in the describe body), so that Stryker's per-test coverage sees the test run it.
  const named = (name: string) => {
    const p = pbftTemporal(layout, 1, 1).find((t) => t.name === name);
    if (p === undefined) throw new Error(`no ${name}`);
    return p;
  };

  it('client-answered holds once c0 has its one command answered, and not while it is pending', () => {
    // K = 1: c0's only op returned (result 'ok') means every client is answered; pending (no result) means not.
    const done = { history: { clients: [[{ op: A.op, result: 'ok', seen: [] }]] } };
    const pending = { history: { clients: [[{ op: A.op, seen: [] }]] } };
    expect(named('client-answered').goal(view([done, rs('r0')]))).toBe(true);
    expect(named('client-answered').goal(view([pending, rs('r0')]))).toBe(false);
  });

  it('decides-c0: the bogus request (no client id) is nobody’s; c0.0 is c0’s', () => {
    const none = { history: { clients: [[]] } };
    // parseClientId('bogus') is null: the committed bogus request decides no client's request.
    expect(named('decides-c0').goal(view([none, rs('r0', { committed: [{ seq: 1, request: BOGUS_REQUEST }] })]))).toBe(false);
    expect(named('decides-c0').goal(view([none, rs('r0', { committed: [{ seq: 1, request: BOGUS_REQUEST }, { seq: 2, request: A }] })]))).toBe(true);
  });
});

describe('pbftFinal: every client answered means every command answered', () => {
  it('K = 2 with c0’s first answered and its second pending is not final while a correct backup still waits', () => {
    // c0 invoked both commands (ops.length = K = 2) but the second has no result: not every client is answered.
    // r1 (slot 1) is a backup of view 0 (primary r0) holding c0.1 unexecuted (§4.4: its timer runs) with views left (0+1 < 3):
    // it still owes a view change, so the state is not final.
    const layout: PbftLayout = { correctReplicas: [1], clientsSlot: 0, history: (ctx) => (ctx as { history: ClientHistory }).history };
    const clients = { history: { clients: [[{ op: A.op, result: 'ok', seen: [] }, { op: C.op, seen: [] }]] } };
    const r1 = rs('r1', { requests: [C], executed: ['c0.0'] });
    expect(pbftFinal(layout, 2)(view([clients, r1]))).toBe(false);
    // Both answered: final, whatever the replica owes.
    const answered = { history: { clients: [[{ op: A.op, result: 'ok', seen: [] }, { op: C.op, result: 'a', seen: [] }]] } };
    expect(pbftFinal(layout, 2)(view([answered, r1]))).toBe(true);
  });
});
