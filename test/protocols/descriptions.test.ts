/**
 * Golden tests of how traces name things (issue 14), for every protocol:
 * each message type (and each branch inside one: no votes, a null request,
 * a failed append, ...) through `describe*Message` and the system's
 * `describeMessage`, and each environment step through the system's
 * `describeEnvironment`. Traces are what users read, so every text is
 * pinned in full.
 */
import { describe, expect, it } from 'vitest';
import type { SystemSpec } from '../../spec/core/system.js';
import { describeClientOrTimeout, describeClientRequest, multipaxosSystem } from '../../machines/multipaxos/system.js';
import { describePbftEnvironment, pbftSystem } from '../../machines/pbft/system.js';
import { describeRaftEnvironment, raftSystem } from '../../machines/raft/system.js';
import { spaxosSystem } from '../../machines/spaxos/system.js';
import { synodSystem } from '../../machines/synod/system.js';
import { describeVrEnvironment, vrSystem } from '../../machines/vr/system.js';
import { describeBatch, describeEntry, describeMultiPaxosMessage, type MultiPaxosMessage } from '../../spec/multipaxos/messages.js';
import { describePbftMessage, describeRequest, type PbftMessage } from '../../spec/pbft/messages.js';
import { describeLogEntry, describeRaftMessage, type RaftMessage } from '../../spec/raft/messages.js';
import { describeSPaxosMessage, type SPaxosMessage } from '../../spec/spaxos/messages.js';
import { describeSynodMessage, type SynodMessage } from '../../spec/synod/messages.js';
import type { ProposerState } from '../../spec/synod/state.js';
import { describeLog, describeVrMessage, type VrMessage } from '../../spec/vr/messages.js';

/** Each message through the protocol's function and through the assembled system's `describeMessage`. */
function golden<M>(describeFn: (m: M) => string, spec: SystemSpec, table: readonly (readonly [M, string])[]): void {
  for (const [m, text] of table) {
    expect(describeFn(m)).toBe(text);
    expect(spec.describeMessage(m as never)).toBe(text);
  }
}

const W = { kind: 'write', value: 'a' } as const;
const R = { kind: 'read' } as const;

describe('synod', () => {
  // Built in each test, not while the file loads: Stryker would count what it runs as static (and skip it).
  const spec = () => synodSystem({ proposers: 2, acceptors: 3, rounds: 2 });
  it('messages', () => {
    const table: [SynodMessage, string][] = [
      [{ type: 'synod.prepare', from: 'p0', to: 'a1', ballot: 1 }, 'Prepare(b=1, p0→a1)'],
      [{ type: 'synod.promise', from: 'a2', to: 'p0', ballot: 3, votedBallot: 0, votedValue: null }, 'Promise(b=3, a2→p0, voted none)'],
      [{ type: 'synod.promise', from: 'a2', to: 'p1', ballot: 3, votedBallot: 2, votedValue: 'v1' }, 'Promise(b=3, a2→p1, voted b=2 v1)'],
      [{ type: 'synod.accept', from: 'p1', to: 'a0', ballot: 2, value: 'v1' }, 'Accept(b=2, v1, p1→a0)'],
      [{ type: 'synod.accepted', from: 'a0', to: 'l0', ballot: 2, value: 'v1' }, 'Accepted(b=2, v1, a0→l0)'],
    ];
    golden(describeSynodMessage, spec(), table);
  });

  it('environment: a time-out names the ballot it starts; another event its type', () => {
    const p1 = spec().nodes[1]?.input as ProposerState['cfg'];
    const after = (round: number): ProposerState => ({ cfg: p1, round, promises: [], proposal: null });
    expect(spec().describeEnvironment?.('p1', { type: 'TIMEOUT' }, after(1))).toBe('p1 times out: ballot 2');
    expect(spec().describeEnvironment?.('p1', { type: 'TIMEOUT' }, after(2))).toBe('p1 times out: ballot 4');
    expect(spec().describeEnvironment?.('p1', { type: 'NUDGE' }, after(2))).toBe('p1 NUDGE');
  });
});

/** The clients node's context after client c's requests `ops` (the others issued nothing). */
const clientsAfter = (c: number, ops: readonly (typeof W | typeof R)[]) => ({
  history: { clients: Array.from({ length: c + 1 }, (_, i) => (i === c ? ops.map((op) => ({ op, seen: [] })) : [])) },
});

describe('client requests (shared by the replicated-log protocols)', () => {
  it('name the client and its last command', () => {
    expect(describeClientRequest({ type: 'REQUEST', client: 1 } as never, clientsAfter(1, [R, W]))).toBe('c1 requests write(a)');
    expect(describeClientRequest({ type: 'REQUEST', client: 1 } as never, clientsAfter(1, [W, R]))).toBe('c1 requests read()');
    expect(describeClientRequest({ type: 'REQUEST' }, clientsAfter(0, [W]))).toBe('c0 requests write(a)');
    expect(describeClientRequest({ type: 'REQUEST', client: 2 } as never, clientsAfter(0, [W]))).toBe('c2 requests ?');
    expect(describeClientRequest({ type: 'REQUEST', client: 0 } as never, clientsAfter(0, []))).toBe('c0 requests ?');
  });
});

describe('multipaxos', () => {
  // Built in each test, not while the file loads: Stryker would count what it runs as static (and skip it).
  const spec = () => multipaxosSystem({ clients: 1, commands: 1, proposers: 2, acceptors: 3, replicas: 2, slots: 2, rounds: 2 }, { variant: 'leader' });
  it('messages', () => {
    const a = { id: 'c0.0', op: W };
    const b = { id: 'c1.0', op: R };
    const table: [MultiPaxosMessage, string][] = [
      [{ type: 'mp.request', from: 'clients', to: 'p0', entry: a }, 'Request(c0.0:write(a), clients→p0)'],
      [{ type: 'mp.prepare', from: 'p1', to: 'a0', ballot: 1 }, 'Prepare(b=1, p1→a0)'],
      [{ type: 'mp.promise', from: 'a0', to: 'p1', ballot: 1, votes: [] }, 'Promise(b=1, a0→p1, no votes)'],
      [
        { type: 'mp.promise', from: 'a0', to: 'p1', ballot: 3, votes: [{ slot: 0, ballot: 0, batch: [a, b] }, { slot: 1, ballot: 2, batch: [] }] },
        'Promise(b=3, a0→p1, votes 0:c0.0:write(a)+c1.0:read()@0 1:no-op@2)',
      ],
      [{ type: 'mp.accept', from: 'p0', to: 'a2', ballot: 0, slot: 1, batch: [a] }, 'Accept(b=0, slot 1: c0.0:write(a), p0→a2)'],
      [{ type: 'mp.accepted', from: 'a2', to: 'p0', ballot: 0, slot: 1, batch: [] }, 'Accepted(b=0, slot 1: no-op, a2→p0)'],
      [{ type: 'mp.decide', from: 'p0', to: 'r1', slot: 0, batch: [{ id: 'c0.0' }] }, 'Decide(slot 0: c0.0, p0→r1)'],
      [{ type: 'mp.reply', from: 'r0', to: 'clients', id: 'c0.0', result: 'ok' }, 'Reply(c0.0 → ok, r0→clients)'],
      [{ type: 'mp.reply', from: 'r0', to: 'clients', id: 'c1.0', result: null }, 'Reply(c1.0 → none, r0→clients)'],
    ];
    golden(describeMultiPaxosMessage, spec(), table);
    expect(describeEntry({ id: 'c3.1' })).toBe('c3.1');
    expect(describeBatch([])).toBe('no-op');
  });

  it('environment: a time-out names its ballot, a request its command', () => {
    const p1 = spec().nodes[2]?.input as { proposers: number };
    const timeout = { cfg: { ...p1, index: 1 }, round: 2 };
    expect(spec().describeEnvironment).toBe(describeClientOrTimeout);
    expect(describeClientOrTimeout('p1', { type: 'TIMEOUT' }, timeout)).toMatch(/^p1 times out: ballot \d+$/);
    expect(describeClientOrTimeout('clients', { type: 'REQUEST', client: 0 } as never, clientsAfter(0, [W]))).toBe('c0 requests write(a)');
  });
});

describe('spaxos', () => {
  // Built in each test, not while the file loads: Stryker would count what it runs as static (and skip it).
  const spec = () => spaxosSystem({ clients: 1, commands: 1, replicas: 3, proposers: 1, slots: 1, rounds: 1 }, { variant: 'leader' });
  it('messages: its own two, and the Multi-Paxos ones it reuses', () => {
    const table: [SPaxosMessage, string][] = [
      [{ type: 'sp.forward', from: 'r0', to: 'r2', entry: { id: 'c0.0', op: W } }, 'Forward(c0.0:write(a), r0→r2)'],
      [{ type: 'sp.ack', from: 'r2', to: 'r1', id: 'c0.0' }, 'Ack(c0.0, r2→r1)'],
      [{ type: 'mp.request', from: 'r0', to: 'p0', entry: { id: 'c0.0' } }, 'Request(c0.0, r0→p0)'],
      [{ type: 'mp.decide', from: 'p0', to: 'r1', slot: 0, batch: [{ id: 'c0.0' }] }, 'Decide(slot 0: c0.0, p0→r1)'],
    ];
    golden(describeSPaxosMessage, spec(), table);
    expect(spec().describeEnvironment).toBe(describeClientOrTimeout);
  });
});

describe('pbft', () => {
  // Built in each test, not while the file loads: Stryker would count what it runs as static (and skip it).
  const spec = () => pbftSystem({ clients: 1, commands: 1, replicas: 4, faulty: 0, f: 1, seqs: 2, views: 2, faultyPrimary: false });
  it('messages', () => {
    const A = { id: 'c0.0', op: W };
    const table: [PbftMessage, string][] = [
      [{ type: 'pbft.request', from: 'clients', to: 'r0', request: A }, 'Request(c0.0:write(a), clients→r0)'],
      [{ type: 'pbft.pre-prepare', from: 'r0', to: 'r1', view: 0, seq: 1, request: A }, 'PrePrepare(v=0, n=1, c0.0:write(a), r0→r1)'],
      [{ type: 'pbft.prepare', from: 'r2', to: 'r3', view: 0, seq: 1, digest: 'c0.0' }, 'Prepare(v=0, n=1, c0.0, r2→r3)'],
      [{ type: 'pbft.commit', from: 'r1', to: 'r2', view: 1, seq: 1, digest: null }, 'Commit(v=1, n=1, null, r1→r2)'],
      [{ type: 'pbft.reply', from: 'r1', to: 'clients', id: 'c0.0', result: null }, 'Reply(c0.0 → none, r1→clients)'],
      [{ type: 'pbft.view-change', from: 'r2', to: 'r1', view: 1, prepared: [] }, 'ViewChange(v=1, P=∅, r2→r1)'],
      [
        { type: 'pbft.view-change', from: 'r2', to: 'r1', view: 1, prepared: [{ view: 0, seq: 1, request: A }, { view: 0, seq: 2, request: null }] },
        'ViewChange(v=1, P={n=1: c0.0@v0, n=2: null@v0}, r2→r1)',
      ],
      [{ type: 'pbft.new-view', from: 'r1', to: 'r3', view: 1, viewChanges: [{ from: 'r1', prepared: [] }], preprepares: [] }, 'NewView(v=1, V={r1}, O=∅, r1→r3)'],
    ];
    golden(describePbftMessage, spec(), table);
    expect(describeRequest(null)).toBe('null');
  });

  it('environment', () => {
    expect(spec().describeEnvironment).toBe(describePbftEnvironment);
    expect(describePbftEnvironment('r1', { type: 'TIMEOUT' }, { view: 1 })).toBe('r1 times out: view change to view 1');
    expect(describePbftEnvironment('clients', { type: 'REQUEST', client: 0 } as never, clientsAfter(0, [W]))).toBe('c0 requests write(a)');
  });
});

describe('raft', () => {
  // Built in each test, not while the file loads: Stryker would count what it runs as static (and skip it).
  const spec = () => raftSystem({ clients: 1, commands: 1, servers: 3, candidates: 2, figure8: 0, terms: 2 });
  it('messages', () => {
    const e1 = { term: 1, id: 'c0.0', op: W };
    const e2 = { term: 2, id: 'c1.0', op: R };
    const table: [RaftMessage, string][] = [
      [{ type: 'raft.request-vote', from: 's1', to: 's2', term: 2, lastLogIndex: 1, lastLogTerm: 1 }, 'RequestVote(t=2, s1→s2, last 1@1)'],
      [{ type: 'raft.vote', from: 's2', to: 's1', term: 2 }, 'Vote(t=2, s2→s1)'],
      [{ type: 'raft.append-entries', from: 's0', to: 's1', term: 1, prevLogIndex: 0, prevLogTerm: 0, entries: [], leaderCommit: 0 }, 'AppendEntries(t=1, s0→s1, prev 0@0, [], commit 0)'],
      [
        { type: 'raft.append-entries', from: 's1', to: 's0', term: 2, prevLogIndex: 1, prevLogTerm: 1, entries: [e1, e2], leaderCommit: 1 },
        'AppendEntries(t=2, s1→s0, prev 1@1, [c0.0:write(a)@1 c1.0:read()@2], commit 1)',
      ],
      [{ type: 'raft.append-response', from: 's1', to: 's0', term: 1, success: true, matchIndex: 2 }, 'AppendOk(t=1, s1→s0, match 2)'],
      [{ type: 'raft.append-response', from: 's1', to: 's0', term: 3, success: false, matchIndex: 0 }, 'AppendFail(t=3, s1→s0)'],
      [{ type: 'mp.request', from: 'clients', to: 's0', entry: { id: 'c0.0', op: W } }, 'Request(c0.0:write(a), clients→s0)'],
      [{ type: 'mp.reply', from: 's0', to: 'clients', id: 'c0.0', result: 'ok' }, 'Reply(c0.0 → ok, s0→clients)'],
      [{ type: 'mp.reply', from: 's0', to: 'clients', id: 'c1.0', result: null }, 'Reply(c1.0 → none, s0→clients)'],
    ];
    golden(describeRaftMessage, spec(), table);
    expect(describeLogEntry(e2)).toBe('c1.0:read()@2');
  });

  it('environment', () => {
    expect(spec().describeEnvironment).toBe(describeRaftEnvironment);
    expect(describeRaftEnvironment('s1', { type: 'TIMEOUT' }, { currentTerm: 2 })).toBe('s1 times out: election for term 2');
    expect(describeRaftEnvironment('clients', { type: 'REQUEST', client: 0 } as never, clientsAfter(0, [R]))).toBe('c0 requests read()');
  });
});

describe('vr', () => {
  // Built in each test, not while the file loads: Stryker would count what it runs as static (and skip it).
  const spec = () => vrSystem({ clients: 1, commands: 1, replicas: 3, timers: 1, views: 1, commits: 1, stale: 0 });
  it('messages', () => {
    const a = { id: 'c0.0', op: W };
    const b = { id: 'c1.0', op: R };
    const table: [VrMessage, string][] = [
      [{ type: 'vr.prepare', from: 'r0', to: 'r1', view: 0, entry: a, opNumber: 1, commit: 0 }, 'Prepare(v=0, r0→r1, op 1: c0.0:write(a), commit 0)'],
      [{ type: 'vr.prepare-ok', from: 'r1', to: 'r0', view: 0, opNumber: 1 }, 'PrepareOK(v=0, r1→r0, op 1)'],
      [{ type: 'vr.commit', from: 'r0', to: 'r2', view: 0, commit: 1 }, 'Commit(v=0, r0→r2, commit 1)'],
      [{ type: 'vr.start-view-change', from: 'r1', to: 'r2', view: 1 }, 'StartViewChange(v=1, r1→r2)'],
      [{ type: 'vr.do-view-change', from: 'r2', to: 'r1', view: 1, log: [a, b], lastNormal: 0, commit: 1 }, 'DoViewChange(v=1, r2→r1, log [c0.0:write(a) c1.0:read()], last normal 0, commit 1)'],
      [{ type: 'vr.start-view', from: 'r1', to: 'r0', view: 1, log: [], commit: 0 }, 'StartView(v=1, r1→r0, log [], commit 0)'],
      [{ type: 'vr.recovery', from: 'r2', to: 'r0', nonce: 3 }, 'Recovery(r2→r0, nonce 3)'],
      [{ type: 'vr.recovery-response', from: 'r1', to: 'r2', view: 1, nonce: 3, log: null, commit: null }, 'RecoveryResponse(v=1, r1→r2, nonce 3)'],
      [{ type: 'vr.recovery-response', from: 'r0', to: 'r2', view: 1, nonce: 3, log: [a], commit: 1 }, 'RecoveryResponse(v=1, r0→r2, nonce 3, log [c0.0:write(a)], commit 1)'],
      [{ type: 'mp.request', from: 'clients', to: 'r0', entry: a }, 'Request(c0.0:write(a), clients→r0)'],
      [{ type: 'mp.reply', from: 'r0', to: 'clients', id: 'c1.0', result: null }, 'Reply(c1.0 → none, r0→clients)'],
    ];
    golden(describeVrMessage, spec(), table as never);
    expect(describeLog([])).toBe('[]');
  });

  it('environment', () => {
    expect(spec().describeEnvironment).toBe(describeVrEnvironment);
    expect(describeVrEnvironment('r1', { type: 'TIMEOUT' }, { view: 1 })).toBe('r1 times out: view change to view 1');
    // NOTE: the recovery protocol (§4.3) is being added as this is written: its wording is pinned loosely, to the node and nonce.
    expect(describeVrEnvironment('r2', { type: 'RECOVER' }, { nonce: 2 })).toMatch(/^r2 .*recover.*nonce 2\b/i);
    expect(describeVrEnvironment('r2', { type: 'RECOVER' }, { nonce: 2 })).not.toMatch(/requests/);
    expect(describeVrEnvironment('clients', { type: 'REQUEST', client: 0 } as never, clientsAfter(0, [W]))).toBe('c0 requests write(a)');
  });
});
