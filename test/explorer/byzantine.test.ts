/**
 * The explorer's Byzantine fault kind, on a toy protocol written here: a
 * leader proposes a value to two correct nodes. Without an echo round a
 * Byzantine leader that equivocates makes them accept different values; with
 * the echo round (accept only a value the other node echoed too) they cannot.
 * The fast explorer and the naive reference explorer must agree on both, and
 * the counterexample must consist of adversary steps that replay.
 */
import { assertEvent, enqueueActions, setup } from 'xstate';
import { describe, expect, it } from 'vitest';
import { ModelError } from '../../explorer/actor-system/step.js';
import { check } from '../../explorer/check.js';
import type { Trace } from '../../explorer/trace.js';
import { always } from '../../spec/core/property.js';
import type { SystemSpec } from '../../spec/core/system.js';
import { expectSameAsNaive } from '../helpers/agree.js';
import { naiveExplore } from '../helpers/naive-explorer.js';
import { replay } from '../helpers/replay.js';

type Msg =
  | { type: 'propose'; from: string; to: string; value: string }
  | { type: 'echo'; from: string; to: string; value: string };
interface Cfg {
  self: string;
  peer: string;
  leader: string;
  echo: boolean;
}
interface Ctx {
  cfg: Cfg;
  proposed: string | null;
  echoed: string | null;
  accepted: string | null;
}

const node = setup({
  types: { input: {} as Cfg, context: {} as Ctx, events: {} as Msg, emitted: {} as { type: 'send'; msg: Msg } },
  actions: {
    propose: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'propose');
      const accepted = !context.cfg.echo || context.echoed === event.value ? event.value : null;
      enqueue.assign({ proposed: event.value, accepted });
      if (context.cfg.echo) enqueue.emit({ type: 'send', msg: { type: 'echo', from: context.cfg.self, to: context.cfg.peer, value: event.value } });
    }),
    echo: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'echo');
      enqueue.assign({ echoed: event.value, accepted: context.proposed === event.value ? event.value : null });
    }),
  },
}).createMachine({
  context: ({ input }) => ({ cfg: input, proposed: null, echoed: null, accepted: null }),
  on: {
    propose: { guard: ({ context, event }) => event.from === context.cfg.leader && context.proposed === null, actions: 'propose' },
    echo: { guard: ({ context, event }) => event.from === context.cfg.peer && context.echoed === null, actions: 'echo' },
  },
});

function toy(echo: boolean, universe?: Msg[]): SystemSpec {
  const nodes = [
    { name: 'p', role: 'leader', logic: node, input: { self: 'p', peer: 'p', leader: 'p', echo }, environment: [] },
    { name: 'a', role: 'node', logic: node, input: { self: 'a', peer: 'b', leader: 'p', echo }, environment: [] },
    { name: 'b', role: 'node', logic: node, input: { self: 'b', peer: 'a', leader: 'p', echo }, environment: [] },
  ];
  const messages = universe ?? ['a', 'b'].flatMap((to) => ['x', 'y'].map((value): Msg => ({ type: 'propose', from: 'p', to, value })));
  return {
    protocol: 'toy',
    nodes,
    properties: [
      always('agreement', 'a and b accept the same value', (v) => {
        const [, a, b] = v.locals as Ctx[];
        return a?.accepted == null || b?.accepted == null || a.accepted === b.accepted;
      }, [1, 2]),
    ],
    byzantine: { nodes: [0], adversary: 'full', messages },
    describeMessage: (m: Msg) => `${m.type}(${m.value}, ${m.from}→${m.to})`,
  } as SystemSpec;
}

describe('Byzantine nodes', () => {
  it('an equivocating leader breaks the protocol without echoes: two adversary steps', () => {
    const spec = toy(false);
    const r = check(spec);
    expect(r.status).toBe('violated');
    expect(r.byzantine).toEqual({ nodes: ['p'], adversary: 'full', messages: 4 });
    const trace = r.trace as Trace;
    expect(trace.steps.map((s) => s.kind)).toEqual(['byzantine', 'byzantine']);
    expect(trace.steps[0]?.label).toMatch(/^p \(Byzantine\) sends propose\([xy], p→[ab]\)$/);
    const final = replay(spec, trace);
    expect((final['a']?.context as Ctx).accepted).not.toBe((final['b']?.context as Ctx).accepted);
    expect(naiveExplore(spec, { lossy: false, duplicates: 0, crashes: 0 }, { stopAtViolation: true }).violation).toEqual({ property: 'agreement', depth: 2 });
  });

  it('with the echo round it holds, and the explorer and the naive explorer agree on the counts (also with loss and a crash)', () => {
    const spec = toy(true);
    expect(check(spec).status).toBe('holds');
    expectSameAsNaive(spec, { lossy: false, duplicates: 0, crashes: 0 });
    expectSameAsNaive(spec, { lossy: true, duplicates: 1, crashes: 1 });
  });

  it('messages to a Byzantine node are discarded, and a delivery that changes nothing is no step', () => {
    // Here a echoes to the Byzantine p: those echoes must never be in flight.
    const base = toy(true);
    const spec: SystemSpec = {
      ...base,
      nodes: base.nodes.map((n) => (n.name === 'a' ? { ...n, input: { self: 'a', peer: 'p', leader: 'p', echo: true } } : n)),
      properties: [always('nothing to p', 'no message to the Byzantine node is in flight', (v) => v.messages().every((m) => m.to !== 'p'))],
    };
    const r = check(spec);
    expect(r.status).toBe('holds');
    expect(r.stats.states).toBeGreaterThan(4);
    // The universe alone, without echoes: each of a and b takes one proposal, and further ones are self-loops.
    const plain = check(toy(false, [{ type: 'propose', from: 'p', to: 'a', value: 'x' }]));
    expect(plain.status).toBe('holds');
    expect({ states: plain.stats.states, transitions: plain.stats.transitions }).toEqual({ states: 2, transitions: 1 });
  });

  it('the adversary cannot forge a correct node\'s messages, nor address a Byzantine node', () => {
    expect(() => check(toy(false, [{ type: 'propose', from: 'a', to: 'b', value: 'x' }]))).toThrow(ModelError);
    expect(() => check(toy(false, [{ type: 'propose', from: 'p', to: 'p', value: 'x' }]))).toThrow(/Byzantine itself/);
  });
});
