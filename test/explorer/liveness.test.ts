/**
 * Liveness, deadlock and witnesses (issue 10).
 * - Toy systems with cycles, whose verdicts are derived by hand below: there
 *   fairness decides the verdict (the protocols' bounded models are acyclic).
 * - Pinned verdicts on synod and Multi-Paxos (FLP in the small).
 * - Every verdict is cross-checked by the naive reference explorer's own
 *   lasso search, and every counterexample is walked on the naive graph and
 *   replayed on the machines with xstate.
 * - The vacuity check: an acceptor that never answers makes the witnesses unreachable.
 * PBFT's cross-checked liveness verdicts (about 15 s) are in test/long/liveness.long.ts.
 */
import { describe, expect, it } from 'vitest';
import { assign, emit, setup } from 'xstate';
import { check } from '../../explorer/check.js';
import { renderJsonTrace } from '../../explorer/render/json.js';
import { renderMermaidTrace } from '../../explorer/render/mermaid.js';
import { renderTextTrace } from '../../explorer/render/text.js';
import { multipaxosSystem } from '../../machines/multipaxos/system.js';
import { synodSystem } from '../../machines/synod/system.js';
import { eventually, type SystemView } from '../../spec/core/property.js';
import type { SystemSpec } from '../../spec/core/system.js';
import { crossCheck } from '../helpers/liveness-crosscheck.js';
import { replay } from '../helpers/replay.js';

// ---- Toy systems ------------------------------------------------------------------------------

type Msg = { type: 'Ping'; from: string; to: string };

/** a --SPIN--> b --SPIN--> a; TIMEOUT only in a, to done, which sets `stopped` (no SPIN there). */
const flipper = setup({ types: { context: {} as { stopped: boolean }, events: {} as { type: 'SPIN' } | { type: 'TIMEOUT' } } }).createMachine({
  id: 'toy.flipper',
  context: { stopped: false },
  initial: 'a',
  states: { a: { on: { SPIN: 'b', TIMEOUT: { target: 'done', actions: assign({ stopped: true }) } } }, b: { on: { SPIN: 'a' } }, done: {} },
});

/** A node that spins forever between two states. */
const spinner = setup({ types: { events: {} as { type: 'SPIN' } } }).createMachine({
  id: 'toy.spinner',
  initial: 'x',
  states: { x: { on: { SPIN: 'y' } }, y: { on: { SPIN: 'x' } } },
});

/** idle --TIMEOUT / send Ping--> sent. */
const sender = setup({ types: { events: {} as { type: 'TIMEOUT' }, emitted: {} as { type: 'send'; msg: Msg } } }).createMachine({
  id: 'toy.sender',
  initial: 'idle',
  states: { idle: { on: { TIMEOUT: { target: 'sent', actions: emit({ type: 'send', msg: { type: 'Ping', from: 'sender', to: 'receiver' } }) } } }, sent: {} },
});

/** waiting --Ping--> got (sets `got`). */
const receiver = setup({ types: { context: {} as { got: boolean }, events: {} as Msg } }).createMachine({
  id: 'toy.receiver',
  context: { got: false },
  initial: 'waiting',
  states: { waiting: { on: { Ping: { target: 'got', actions: assign({ got: true }) } } }, got: {} },
});

/**
 * The flipper alone: states a, b, done (3). The goal is `done`. Cycle a↔b; TIMEOUT is enabled in a, not b.
 * none: the cycle is a counterexample. weak: TIMEOUT is not enabled all along the cycle, so the cycle is
 * fair: violated. strong: TIMEOUT is enabled infinitely often and never taken: unfair; holds.
 */
function flipperSystem(): SystemSpec {
  return {
    protocol: 'toy-flipper',
    nodes: [{ name: 'f', role: 'flipper', logic: flipper, input: undefined, environment: [{ type: 'SPIN' }, { type: 'TIMEOUT' }] }],
    properties: [],
    temporal: [eventually('done', 'the flipper stops', (v) => (v.locals[0] as { stopped?: boolean } | undefined)?.stopped === true)],
    describeMessage: (m) => m.type,
  };
}

/**
 * Spinner and sender/receiver: the goal is "receiver got the Ping". States: spinner {x,y} × {idle, sent+Ping, got}.
 * none: the spinner's cycle (before TIMEOUT, or with the Ping in flight) is a counterexample. weak: on any cycle
 * of the spinner alone, the sender's TIMEOUT (or the Ping's delivery) stays enabled and is not taken: unfair;
 * holds. With loss: dropping the Ping ends the run without the goal: violated under every fairness.
 */
function pingSystem(): SystemSpec {
  return {
    protocol: 'toy-ping',
    nodes: [
      { name: 'spinner', role: 'spinner', logic: spinner, input: undefined, environment: [{ type: 'SPIN' }] },
      { name: 'sender', role: 'sender', logic: sender, input: undefined, environment: [{ type: 'TIMEOUT' }] },
      { name: 'receiver', role: 'receiver', logic: receiver, input: undefined, environment: [] },
    ],
    properties: [],
    temporal: [eventually('received', 'the Ping is delivered', (v) => (v.locals[2] as { got?: boolean } | undefined)?.got === true)],
    describeMessage: (m) => m.type,
  };
}

describe('liveness on toy systems with cycles (hand-derived verdicts)', () => {
  it('the flipper: violated without fairness and under weak fairness (a lasso), holds under strong fairness', () => {
    const spec = flipperSystem();
    const none = crossCheck(spec, 'done', 'none');
    expect(none.status).toBe('violated');
    expect(none.trace?.lasso).toEqual({ kind: 'cycle', loopFrom: 1 });
    expect(none.trace?.steps.map((s) => s.label)).toEqual(['f SPIN', 'f SPIN']);
    const weak = crossCheck(spec, 'done', 'weak');
    expect(weak.status).toBe('violated');
    expect(weak.trace?.lasso?.kind).toBe('cycle');
    expect(crossCheck(spec, 'done', 'strong').status).toBe('holds');
    // The renderings show the loop.
    const trace = none.trace;
    if (trace === undefined) throw new Error('no trace');
    expect(renderTextTrace(trace)).toContain('steps 1–2 repeat forever');
    expect(renderMermaidTrace(trace)).toContain('loop steps 1–2 repeat forever');
    expect(JSON.parse(renderJsonTrace(trace, 'toy'))).toMatchObject({ lasso: { kind: 'cycle', loopFrom: 1 }, fairness: 'none' });
  });

  it('spinner and ping: violated without fairness, holds under weak fairness, violated with loss under any fairness', () => {
    const spec = pingSystem();
    const none = crossCheck(spec, 'received', 'none');
    expect(none.status).toBe('violated');
    expect(none.trace?.lasso).toEqual({ kind: 'cycle', loopFrom: 1 });
    expect(crossCheck(spec, 'received', 'weak').status).toBe('holds');
    expect(crossCheck(spec, 'received', 'strong').status).toBe('holds');
    const lossy = { lossy: true, duplicates: 0, crashes: 0 };
    const dropped = crossCheck(spec, 'received', 'weak', lossy);
    expect(dropped.status).toBe('violated');
    expect(dropped.trace?.lasso).toEqual({ kind: 'cycle', loopFrom: 3 });
    expect(dropped.trace?.steps.slice(0, 2).map((s) => s.kind)).toEqual(['environment', 'drop']);
  });
});

// ---- The protocols: FLP in the small --------------------------------------------------------

describe('synod: decided', () => {
  it('holds with one proposer, and with two: bounded rounds cut off the dueling run (the last ballot cannot be pre-empted)', () => {
    expect(crossCheck(synodSystem({ proposers: 1, acceptors: 2, rounds: 1 }), 'decided', 'weak').status).toBe('holds');
    expect(crossCheck(synodSystem({ proposers: 2, acceptors: 2, rounds: 1 }), 'decided', 'weak').status).toBe('holds');
  });

  it('is violated with one crash: a proposer pre-empts the other and crashes (every round spent, nothing decided)', () => {
    const crash = { lossy: false, duplicates: 0, crashes: 1 };
    const r = crossCheck(synodSystem({ proposers: 2, acceptors: 2, rounds: 1 }), 'decided', 'weak', { ...crash, crashable: [0, 1] }, { faults: { ...crash, crashable: [0, 1] } });
    expect(r.status).toBe('violated');
    expect(r.trace?.lasso).toEqual({ kind: 'terminal' });
    const labels = r.trace?.steps.map((s) => s.label) ?? [];
    expect(labels[labels.length - 1]).toMatch(/crashes$/);
  });
});

describe('multipaxos: a leader crash, with and without a leader change', () => {
  const sizes = { clients: 1, commands: 1, acceptors: 3, replicas: 1, slots: 1, rounds: 1 };
  const leaderCrash = { lossy: false, duplicates: 0, crashes: 1, crashable: [1] }; // slot 1 is p0, the initial leader

  it('one proposer (no failure detector, nobody takes over): the leader crashes and nothing is decided', () => {
    const spec = multipaxosSystem({ ...sizes, proposers: 1 }, { variant: 'leader' });
    const r = crossCheck(spec, 'decided', 'weak', leaderCrash, { faults: leaderCrash });
    expect(r.status).toBe('violated');
    expect(r.trace?.lasso).toEqual({ kind: 'terminal' });
    expect(r.trace?.steps.some((s) => s.label === 'p0 crashes')).toBe(true);
  });

  it('two proposers: p1 times out and takes over (weak fairness on its timeout), so a value is decided', () => {
    const spec = multipaxosSystem({ ...sizes, proposers: 2 }, { variant: 'leader' });
    const r = check(spec, { liveness: ['decided', 'client-answered'], faults: leaderCrash });
    expect(r.properties.filter((p) => p.kind !== undefined && p.kind !== 'deadlock').map((p) => [p.name, p.verdict])).toEqual([
      ['decided', 'holds'],
      ['client-answered', 'holds'],
    ]);
  });
});

// ---- Deadlock and vacuity ---------------------------------------------------------------------

describe('witnesses and deadlock', () => {
  it('a safety check lists the witnesses, each reached', () => {
    const r = check(synodSystem({ proposers: 2, acceptors: 2, rounds: 1 }), { witnesses: true, deadlock: true });
    expect(r.status).toBe('holds');
    expect(r.witnesses?.map((w) => [w.name, w.reached, w.depth])).toEqual([
      ['decides-v0', true, 9],
      ['decides-v1', true, 9],
    ]);
    expect(r.properties.find((p) => p.name === 'deadlock')?.verdict).toBe('holds');
  });

  it('an acceptor that never answers: safety passes, but every witness is unreachable and flagged', () => {
    const mute = setup({ types: { events: {} as { type: string } } }).createMachine({ id: 'mute', initial: 'serving', states: { serving: {} } });
    const spec = synodSystem({ proposers: 2, acceptors: 2, rounds: 1 });
    const broken: SystemSpec = { ...spec, nodes: spec.nodes.map((n) => (n.role === 'acceptor' ? { ...n, logic: mute, input: undefined } : n)), symmetry: undefined as never };
    const { symmetry: _dropped, ...plain } = broken;
    const r = check(plain, { witnesses: true, por: true });
    expect(r.status).toBe('holds');
    expect(r.witnesses?.map((w) => [w.name, w.reached])).toEqual([
      ['decides-v0', false],
      ['decides-v1', false],
    ]);
    expect(r.witnesses?.[1]?.warning).toBe('no state decides v1: the check may be vacuous');
  });

  it('a state without a step that is not final is a deadlock (a terminal lasso), also in the safety search', () => {
    const spec: SystemSpec = { ...synodSystem({ proposers: 1, acceptors: 2, rounds: 1 }), final: () => false };
    const r = check(spec, { deadlock: true });
    expect(r.status).toBe('violated');
    expect(r.properties.find((p) => p.name === 'deadlock')?.verdict).toBe('violated');
    expect(r.trace?.lasso).toEqual({ kind: 'terminal' });
    expect(r.trace?.steps).toHaveLength(9);
    if (r.trace !== undefined) replay(spec, r.trace);
    expect(check(spec, { deadlock: false }).status).toBe('holds');
  });
});

// ---- S-Paxos and PBFT ----------------------------------------------------------------------------

import { buildSpec, resolveSource } from '../../explorer/registry.js';

describe('S-Paxos and PBFT declare decided, client-answered and witnesses', () => {
  it('S-Paxos sp-tiny: decided and client-answered hold under weak fairness (the naive explorer agrees on the second)', () => {
    const spec = buildSpec(resolveSource('spaxos', { config: 'sp-tiny' }).source);
    // client-answered implies decided here: the naive explorer (about 10 s) checks the stronger one.
    expect(crossCheck(spec, 'client-answered', 'weak').status).toBe('holds');
    expect(check(spec, { liveness: ['decided'] }).properties.find((p) => p.name === 'decided')?.verdict).toBe('holds');
  });

  // PBFT pbft-tiny's decided (a silent faulty primary) and client-answered, cross-checked by the naive
  // explorer (about 15 s): test/long/liveness.long.ts.

  it('PBFT pbft-tiny: a safety check finds every witness', () => {
    const spec = buildSpec(resolveSource('pbft', { config: 'pbft-tiny' }).source);
    const r = check(spec, { witnesses: true, symmetry: true, por: true });
    expect(r.witnesses?.map((w) => [w.name, w.reached])).toEqual([
      ['decides-c0', true],
      ['answers-c0', true],
    ]);
  });
});

// ---- The command line -----------------------------------------------------------------------

import { main } from '../../explorer/cli.js';

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t), errIsTty: false, colour: false });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('agora check --property decided', () => {
  it('prints the fairness assumption, the lasso and exits 1; refuses workers with one line, exit 2', async () => {
    const r = await cli('check', 'synod', '--config', 'synod-xs', '--crashes', '1', '--crash-only', 'p0,p1', '--property', 'decided', '--quiet');
    expect(r.code).toBe(1);
    expect(r.out).toContain('a lasso ending in a state with no step');
    const full = await cli('check', 'synod', '--config', 'synod-tiny', '--property', 'decided', '--fairness', 'strong');
    expect(full.code).toBe(0);
    expect(full.out).toContain('decided  holds  (eventually, fairness strong)');
    expect(full.out).toContain('fairness strong: strong fairness on each message delivery');
    expect(full.out).toContain('note: partial-order reduction off for liveness');
    const refused = await cli('check', 'synod', '--config', 'synod-tiny', '--property', 'decided', '--workers', '2');
    expect(refused.code).toBe(2);
    expect(refused.err.trim().split('\n')).toHaveLength(1);
    expect(refused.err).toMatch(/liveness \(decided\) is checked by one worker/);
  });
});
