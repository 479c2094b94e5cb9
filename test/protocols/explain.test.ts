/**
 * Every protocol's safety counterexamples end with a one-line summary in the
 * violated property's own terms (`Property.explain`), printed under the
 * verdict of the text trace. Each case checks a bug variant on its showcase
 * (the configuration `agora check <protocol> --bug NAME` runs), renders the
 * text trace as the CLI does, and compares the line under the verdict with
 * one built here from the final state replayed on the machines with xstate
 * (test/helpers/replay.ts), not from the explorer's own output.
 */
import { describe, expect, it } from 'vitest';
import type { AnyMachineSnapshot } from 'xstate';
import { check } from '../../explorer/check.js';
import { resolveRun, type RunFlags } from '../../explorer/cli-options.js';
import { renderTraceAs } from '../../explorer/cli-output.js';
import type { Trace } from '../../explorer/trace.js';
import { traceSystem } from '../../explorer/trace-system.js';
import type { SystemSpec } from '../../spec/core/system.js';
import type { ReplicaState as MpReplica } from '../../spec/multipaxos/state.js';
import type { SPaxosReplicaState } from '../../spec/spaxos/state.js';
import type { ReplicaState as PbftReplica } from '../../spec/pbft/state.js';
import type { ClientsState } from '../../spec/multipaxos/state.js';
import type { ServerState } from '../../spec/raft/state.js';
import type { ReplicaState as VrReplica } from '../../spec/vr/state.js';
import { replay } from '../helpers/replay.js';

interface Run {
  readonly property: string;
  readonly summary: string;
  readonly trace: Trace;
  readonly final: Record<string, AnyMachineSnapshot>;
}

/** Checks what `agora check <protocol> <flags>` checks, keeping only `property`; returns the line under the verdict of the text trace and the replayed final state. */
function run(protocol: string, flags: RunFlags, property: string): Run {
  const { config, source, spec: full, faults } = resolveRun(protocol, flags);
  const spec: SystemSpec = { ...full, properties: full.properties.filter((p) => p.name === property) };
  const report = check(spec, { faults });
  expect(report.status).toBe('violated');
  const trace = report.trace as Trace;
  expect(trace.property).toBe(property);
  const text = renderTraceAs('text', trace, { protocol, spec, faults, network: report.network, system: traceSystem(config.name, source, faults, spec, report.network) });
  const lines = text.split('\n');
  const verdict = lines.findIndex((l) => l.startsWith(`  ✗ ${property} fails`));
  expect(verdict).toBeGreaterThanOrEqual(0);
  return { property, summary: (lines[verdict + 1] ?? '').trim(), trace, final: replay(spec, trace) };
}

const ctx = <T>(final: Record<string, AnyMachineSnapshot>, node: string): T => final[node]?.context as T;
const op = (o: { kind: string; value?: string }): string => (o.kind === 'write' ? `write(${o.value})` : 'read()');

describe('Multi-Paxos and S-Paxos', () => {
  it('multipaxos early-reply: agreement names the slot decided two ways', () => {
    const { summary, final } = run('multipaxos', { bug: 'early-reply', config: 'mp-s', variant: 'leader' }, 'agreement');
    const [a, b] = ['r0', 'r1'].map((r) => ctx<MpReplica>(final, r).log[0] ?? []);
    const text = (batch: readonly { id: string; op?: { kind: string; value?: string } }[]) => batch.map((e) => `${e.id}:${op(e.op as { kind: string })}`).join('+');
    expect(text(a ?? [])).not.toBe(text(b ?? []));
    expect(summary).toBe(`r0 decided ${text(a ?? [])} at slot 0, r1 decided ${text(b ?? [])} at slot 0: two values at slot 0`);
  });

  it('spaxos order-unstable: durability names the id ordered with too few holders', () => {
    const { summary, final } = run('spaxos', { bug: 'order-unstable' }, 'durability');
    const replicas = ['r0', 'r1', 'r2'].map((r) => ctx<SPaxosReplicaState>(final, r));
    const held = replicas.flatMap((r) => r.requests.map((q) => q.id));
    expect(held).toHaveLength(1);
    const holder = replicas.find((r) => r.requests.length > 0)?.cfg.self;
    expect(summary).toBe(`${held[0]} is ordered but held by 1 replica(s) (${holder}), fewer than f+1 = 2`);
  });

  it('spaxos order-unstable with a crash and loss: no-lost-request names the lost id and its crashed holder', () => {
    const { summary, final, trace } = run('spaxos', { bug: 'order-unstable' }, 'no-lost-request');
    const replicas = ['r0', 'r1', 'r2'].map((r) => ctx<SPaxosReplicaState>(final, r));
    const id = replicas.flatMap((r) => r.log.flatMap((b) => (b ?? []).map((e) => e.id)))[0] as string;
    const deciders = replicas.filter((r) => r.log.some((b) => (b ?? []).some((e) => e.id === id))).map((r) => r.cfg.self);
    const crashed = trace.steps.at(-1)?.node;
    expect(summary).toBe(`${id} is committed (by ${deciders.join(', ')}) but held by ${crashed} (crashed), and no message carries it to a replica that is up: lost`);
  });
});

describe('PBFT', () => {
  it('weak-prepare: prepared-agreement names two correct replicas prepared for different requests', () => {
    const { summary, final } = run('pbft', { bug: 'weak-prepare' }, 'prepared-agreement');
    const replicas = ['r1', 'r2', 'r3'].filter((r) => final[r] !== undefined).map((r) => ({ r, s: ctx<PbftReplica>(final, r) }));
    // Each correct replica's prepared request at view 0, seq 1 (its log entry with 2f = 0.. prepares: read the certificate from its state).
    const at = replicas.flatMap(({ r, s }) => s.log.filter((a) => a.seq === 1).map((a) => ({ r, id: a.request === null ? 'null' : a.request.id })));
    const ids = new Set(at.map((x) => x.id));
    expect(ids.size).toBe(2);
    for (const { r, id } of at) expect(summary).toContain(`${r} prepared ${id} at view 0 seq 1`);
    expect(summary.endsWith(': two requests')).toBe(true);
  });

  it('client-one-reply: client-accepts-correct names the accepted result no correct replica produced', () => {
    const { summary, final } = run('pbft', { bug: 'client-one-reply' }, 'client-accepts-correct');
    const history = ctx<ClientsState>(final, 'clients').history;
    const accepted = history.clients[0]?.[0] as { op: { kind: string; value?: string }; result: string | null };
    const correct = ['r0', 'r1', 'r2'].map((r) => ctx<PbftReplica>(final, r));
    expect(correct.every((r) => r.executed.length === 0)).toBe(true);
    expect(summary).toBe(`c0 accepted c0.0:${op(accepted.op)} → ${accepted.result ?? 'none'}, but no correct replica executed it`);
  });
});

describe('Raft', () => {
  it('commit-old-term: leader-completeness names the leader missing an applied entry', () => {
    const { summary, final } = run('raft', { bug: 'commit-old-term' }, 'leader-completeness');
    const servers = ['s0', 's1', 's2'].map((s) => ({ s, x: ctx<ServerState>(final, s) }));
    const leader = servers.find(({ x }) => x.leader !== null && servers.some(({ x: o }) => o.currentTerm < x.currentTerm && o.applied.some((e, i) => x.log[i]?.id !== e.id || x.log[i]?.term !== e.term)));
    expect(leader).toBeDefined();
    const { s: l, x: lx } = leader as { s: string; x: ServerState };
    const applier = servers.find(({ x: o }) => o.currentTerm < lx.currentTerm && o.applied.some((e, i) => lx.log[i]?.id !== e.id || lx.log[i]?.term !== e.term)) as { s: string; x: ServerState };
    const i = applier.x.applied.findIndex((e, k) => lx.log[k]?.id !== e.id || lx.log[k]?.term !== e.term);
    const e = applier.x.applied[i] as ServerState['applied'][number];
    const there = lx.log[i];
    const entry = (x: typeof e) => `${x.id}:${op(x.op)}@${x.term}`;
    expect(summary).toBe(
      `${l} leads term ${lx.currentTerm} without ${entry(e)} at index ${i + 1}, which ${applier.s} (term ${applier.x.currentTerm}) applied; it holds ${there === undefined ? 'nothing' : entry(there)} there`,
    );
  });
});

describe('VR', () => {
  it('view-change-quorum-f: committed-survives names the normal replica missing an executed operation', () => {
    const { summary, final } = run('vr', { bug: 'view-change-quorum-f' }, 'committed-survives');
    const replicas = ['r0', 'r1', 'r2'].map((r) => ({ r, x: ctx<VrReplica>(final, r) }));
    const later = replicas.find(({ x }) => x.status === 'normal' && replicas.some(({ x: o }) => o.view < x.view && o.executed.some((e, i) => x.log[i]?.id !== e.id)));
    expect(later).toBeDefined();
    const { r: l, x: lx } = later as { r: string; x: VrReplica };
    const earlier = replicas.find(({ x: o }) => o.view < lx.view && o.executed.some((e, i) => lx.log[i]?.id !== e.id)) as { r: string; x: VrReplica };
    const i = earlier.x.executed.findIndex((e, k) => lx.log[k]?.id !== e.id);
    const e = earlier.x.executed[i] as VrReplica['executed'][number];
    const there = lx.log[i];
    expect(summary).toBe(
      `${l} is normal in view ${lx.view} without ${e.id}:${op(e.op)} at op ${i + 1}, which ${earlier.r} (view ${earlier.x.view}) executed; it holds ${there === undefined ? 'nothing' : `${there.id}:${op(there.op)}`} there`,
    );
  });
});
