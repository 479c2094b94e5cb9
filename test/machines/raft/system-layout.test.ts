/**
 * What `raftSystem` (machines/raft/system.ts) and the registry entry
 * (machines/raft/protocol.ts) wire up besides the server machine: the
 * protocol name, each server's input, restart input, stable fields and
 * environment (only s0..s(E-1) time out), the Figure 8 start, the symmetry,
 * the layout behind the final states and the temporal properties, the
 * description of environment steps, and the bug builds. Built inside each
 * `it`, never at load.
 */
import { describe, expect, it } from 'vitest';
import { RAFT_BUG_SERVERS, raftServer } from '../../../machines/raft/bugs.js';
import { raftProtocol } from '../../../machines/raft/protocol.js';
import { serverMachine } from '../../../machines/raft/server.machine.js';
import { describeRaftEnvironment, raftSystem } from '../../../machines/raft/system.js';
import type { SystemView } from '../../../spec/core/property.js';
import type { RaftSizes } from '../../../spec/raft/configs.js';
import type { ServerConfig, ServerState } from '../../../spec/raft/state.js';

const SIZES: RaftSizes = { clients: 1, commands: 1, servers: 3, candidates: 2, figure8: 0, terms: 2 };
const CFG = { servers: ['s0', 's1', 's2'], quorum: 2, maxTerm: 2, clients: 'clients', initialLeader: 's0' };

describe('raftSystem: the nodes', () => {
  it('is the raft protocol: the clients node, then s0..s2 as servers on the production machine', () => {
    const s = raftSystem(SIZES);
    expect(s.protocol).toBe('raft');
    expect(s.nodes.map((n) => [n.name, n.role])).toEqual([
      ['clients', 'clients'],
      ['s0', 'server'],
      ['s1', 'server'],
      ['s2', 'server'],
    ]);
    expect(s.nodes.slice(1).every((n) => n.logic === serverMachine)).toBe(true);
  });

  it('a server’s input has no `start` outside Figure 8; it restarts as a follower of term 1 with an empty log, from its stable fields', () => {
    const s = raftSystem(SIZES);
    expect(s.nodes[2]?.input).toStrictEqual({ self: 's1', ...CFG });
    expect(s.nodes[2]?.restartInput).toStrictEqual({ self: 's1', ...CFG, start: { currentTerm: 1, votedFor: null, log: [], leads: false } });
    expect(s.nodes[1]?.restartInput).toStrictEqual({ self: 's0', ...CFG, start: { currentTerm: 1, votedFor: null, log: [], leads: false } });
    expect(s.nodes.slice(1).map((n) => n.stable)).toEqual([
      ['currentTerm', 'votedFor', 'log'],
      ['currentTerm', 'votedFor', 'log'],
      ['currentTerm', 'votedFor', 'log'],
    ]);
  });

  it('forget-votedfor keeps currentTerm and the log, not votedFor, on the production server', () => {
    const s = raftSystem({ ...SIZES, candidates: 3 }, { bug: 'forget-votedfor' });
    expect(s.nodes.slice(1).map((n) => n.stable)).toEqual([
      ['currentTerm', 'log'],
      ['currentTerm', 'log'],
      ['currentTerm', 'log'],
    ]);
    expect(s.nodes[1]?.logic).toBe(serverMachine);
  });

  it('with E = 2 only s0 and s1 time out', () => {
    const s = raftSystem(SIZES);
    expect(s.nodes.slice(1).map((n) => n.environment)).toEqual([[{ type: 'TIMEOUT' }], [{ type: 'TIMEOUT' }], []]);
  });

  it('the clients send every command to every server, or (agora cost) to the targets named', () => {
    const all = raftSystem(SIZES).nodes[0]?.input as { targets: string[][] };
    expect(all.targets).toEqual([['s0', 's1', 's2']]);
    const leader = raftSystem(SIZES, { clientTargets: ['s0'] }).nodes[0]?.input as { targets: string[][] };
    expect(leader.targets).toEqual([['s0']]);
  });
});

describe('raftSystem: the Figure 8 start', () => {
  const A = { term: 1, id: 'c0.0', op: { kind: 'write', value: 'a' } };
  const B = { term: 2, id: 'c1.0', op: { kind: 'read' } };

  it('s0 holds A of term 1 and follows term 2, s1 leads term 2 with B, s2 voted for s1 with an empty log', () => {
    const s = raftSystem({ clients: 2, commands: 1, servers: 3, candidates: 3, figure8: 1, terms: 4 });
    expect(s.nodes.slice(1).map((n) => (n.input as ServerConfig).start)).toEqual([
      { currentTerm: 2, votedFor: null, log: [A], leads: false },
      { currentTerm: 2, votedFor: 's1', log: [B], leads: true },
      { currentTerm: 2, votedFor: 's1', log: [], leads: false },
    ]);
    expect(s.nodes[1]?.restartInput).toMatchObject({ start: { currentTerm: 1, votedFor: null, log: [], leads: false } });
  });

  it('both clients’ commands are pending in the history; no symmetry is declared', () => {
    const s = raftSystem({ clients: 2, commands: 1, servers: 3, candidates: 3, figure8: 1, terms: 4 });
    expect((s.nodes[0]?.input as { initialHistory?: unknown }).initialHistory).toEqual({
      clients: [[{ op: A.op, seen: [0, 0] }], [{ op: B.op, seen: [0, 0] }]],
    });
    expect(s.symmetry).toBeUndefined();
    expect('symmetry' in s).toBe(false);
  });

  it('the usual start has no initial history', () => {
    expect((raftSystem(SIZES).nodes[0]?.input as { initialHistory?: unknown }).initialHistory).toBeUndefined();
  });
});

describe('raftSystem: symmetry, properties and environment steps', () => {
  it('symmetry: N = 5, E = 3 groups {s1, s2} and {s3, s4}; N = 3, E = 2 has none', () => {
    expect(raftSystem({ ...SIZES, servers: 5, candidates: 3 }).symmetry?.groups).toEqual([
      ['s1', 's2'],
      ['s3', 's4'],
    ]);
    const none = raftSystem(SIZES);
    expect(none.symmetry).toBeUndefined();
    expect('symmetry' in none).toBe(false);
  });

  it('the properties read the servers at slots 1..3; the temporal ones are those of one client', () => {
    const s = raftSystem(SIZES);
    expect(s.properties.map((p) => p.name)).toEqual(['election-safety', 'log-matching', 'leader-completeness', 'state-machine-safety']);
    expect(s.temporal?.map((p) => p.name)).toEqual(['decided', 'client-answered', 'decides-c0', 'answers-c0']);
    expect(s.temporal?.find((p) => p.name === 'decided')?.reads).toEqual([1, 2, 3]);
  });

  it('the history is read from the clients node at slot 0', () => {
    const s = raftSystem(SIZES);
    const h = { clients: [[{ op: { kind: 'write', value: 'a' }, seen: [0], result: 'ok' }]] };
    const v: SystemView = { locals: [{ history: h }, {}, {}, {}], crashed: [false, false, false, false], messages: () => [] };
    expect(s.history?.node).toBe(0);
    expect(s.history?.read(v.locals[0])).toBe(h);
    expect(s.temporal?.find((p) => p.name === 'answers-c0')?.goal(v)).toBe(true);
  });

  it('final: only the candidates s0 and s1 owe an election; s2 (no timer) below T owes nothing', () => {
    const s = raftSystem(SIZES);
    const srv = (i: number, term: number): ServerState => ({ cfg: s.nodes[i + 1]?.input as ServerConfig, currentTerm: term, votedFor: null, log: [], applied: [], votes: [], leader: null });
    const pending = { history: { clients: [[{ op: { kind: 'write', value: 'a' }, seen: [0] }]] } };
    const at = (terms: number[]): SystemView => ({ locals: [pending, ...terms.map((t, i) => srv(i, t))], crashed: [false, false, false, false], messages: () => [] });
    expect(s.final?.(at([2, 2, 1]))).toBe(true);
    expect(s.final?.(at([2, 1, 2]))).toBe(false);
  });

  it('describes a timeout by the term it starts; a client request as the clients do', () => {
    expect(describeRaftEnvironment('s1', { type: 'TIMEOUT' }, { currentTerm: 3 })).toBe('s1 times out: election for term 3');
    const s = raftSystem(SIZES);
    expect(s.describeEnvironment?.('s2', { type: 'TIMEOUT' }, { currentTerm: 2 })).toBe('s2 times out: election for term 2');
  });
});

describe('the registry entry builds the production system and each bug variant', () => {
  const PARAMS = { clients: 1, commands: 1, servers: 3, candidates: 2, figure8: 0, terms: 2 };

  it('without a bug: the production server on every server node', () => {
    const s = raftProtocol.build(PARAMS, null);
    expect(s.protocol).toBe('raft');
    expect(s.nodes.slice(1).every((n) => n.logic === serverMachine)).toBe(true);
  });

  it('with a bug of machine logic: that variant’s server; forget-votedfor: the production server without votedFor', () => {
    for (const bug of ['commit-old-term', 'vote-without-log-check', 'append-without-consistency-check'] as const) {
      const s = raftProtocol.build(PARAMS, bug);
      expect(s.nodes[1]?.logic).toBe(RAFT_BUG_SERVERS[bug]);
      expect(s.nodes[1]?.logic).not.toBe(serverMachine);
    }
    const f = raftProtocol.build(PARAMS, 'forget-votedfor');
    expect(f.nodes[1]?.stable).toEqual(['currentTerm', 'log']);
  });

  it('an unknown bug is refused', () => {
    expect(() => raftProtocol.build(PARAMS, 'no-such-bug')).toThrow(new RangeError('unknown bug no-such-bug'));
  });

  it('raftServer: the production machine for null, each variant otherwise', () => {
    expect(raftServer(null)).toBe(serverMachine);
    expect(raftServer('forget-votedfor')).toBe(serverMachine);
    expect(raftServer('commit-old-term')).toBe(RAFT_BUG_SERVERS['commit-old-term']);
    expect(raftServer('commit-old-term')).not.toBe(serverMachine);
  });

  it('the sizes in short form, through the entry', () => {
    expect(raftProtocol.describeParams?.(PARAMS)).toBe('C=1 K=1 N=3 E=2 T=2');
  });
});
