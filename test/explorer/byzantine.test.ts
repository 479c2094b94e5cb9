/**
 * The explorer's Byzantine fault kind, on a toy protocol written here: a
 * leader proposes a value to two correct nodes. Without an echo round a
 * Byzantine leader that equivocates makes them accept different values; with
 * the echo round (accept only a value the other node echoed too) they cannot.
 * The fast explorer and the naive reference explorer must agree on both, and
 * the counterexample must consist of adversary steps that replay.
 *
 * Then an adversary that learns (`ByzantineSpec.learn`), on a second toy: a
 * correct node pings the Byzantine node, which may replay the ping in its own
 * name; it can send nothing it has not been sent.
 */
import { assertEvent, enqueueActions, setup } from 'xstate';
import { describe, expect, it } from 'vitest';
import { ModelError } from '../../explorer/actor-system/step.js';
import { check } from '../../explorer/check.js';
import type { Trace } from '../../explorer/trace.js';
import { always } from '../../spec/core/property.js';
import type { Envelope } from '../../spec/core/envelope.js';
import type { SystemSpec } from '../../spec/core/system.js';
import { expectSameAsNaive } from '../helpers/agree.js';
import { naiveExplore } from '../helpers/naive-explorer.js';
import { replay } from '../helpers/replay.js';
import { renderTextTrace } from '../../explorer/render/text.js';
import { traceToJson } from '../../explorer/render/json.js';

const NO_FAULTS = { lossy: false, duplicates: 0, crashes: 0 };

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
    expect(r.byzantine).toEqual({ nodes: ['p'], adversary: 'full', messages: 4, learns: false, learned: 0 });
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

type Ping = { type: 'ping'; from: string; to: string; value: string };
interface PingCfg {
  self: string;
  /** Whom it pings when started. */
  target: string;
}
interface PingCtx {
  cfg: PingCfg;
  started: boolean;
  /** `from:value` of every ping received, sorted. */
  got: string[];
}
const pinger = setup({
  types: { input: {} as PingCfg, context: {} as PingCtx, events: {} as Ping | { type: 'START' }, emitted: {} as { type: 'send'; msg: Ping } },
}).createMachine({
  context: ({ input }) => ({ cfg: input, started: false, got: [] }),
  on: {
    START: {
      guard: ({ context }) => !context.started,
      actions: enqueueActions(({ context, enqueue }) => {
        enqueue.assign({ started: true });
        enqueue.emit({ type: 'send', msg: { type: 'ping', from: context.cfg.self, to: context.cfg.target, value: context.cfg.self } });
      }),
    },
    ping: {
      guard: ({ context, event }) => !context.got.includes(`${event.from}:${event.value}`),
      actions: enqueueActions(({ context, event, enqueue }) => {
        assertEvent(event, 'ping');
        enqueue.assign({ got: [...context.got, `${event.from}:${event.value}`].sort() });
      }),
    },
  },
});

/**
 * a and b ping the Byzantine p (or, with `targets`, whom they are told);
 * `replays`: p may re-send every ping it is sent, in its own name, to a and b.
 */
function pings(replays: boolean, opts: { universe?: Ping[]; targets?: [string, string]; byzantine?: number[] } = {}): SystemSpec {
  const [ta, tb] = opts.targets ?? ['p', 'p'];
  const nodes = [
    { name: 'p', role: 'byzantine', logic: pinger, input: { self: 'p', target: 'a' }, environment: [{ type: 'START' }] },
    { name: 'q', role: 'byzantine', logic: pinger, input: { self: 'q', target: 'a' }, environment: [{ type: 'START' }] },
    { name: 'a', role: 'node', logic: pinger, input: { self: 'a', target: ta }, environment: [{ type: 'START' }] },
    { name: 'b', role: 'node', logic: pinger, input: { self: 'b', target: tb }, environment: [{ type: 'START' }] },
  ];
  const byzantine = opts.byzantine ?? [0, 1];
  return {
    protocol: 'pings',
    nodes,
    properties: [
      always('no replay', 'a and b hear no ping from p or q', (v) => (v.locals.slice(2) as PingCtx[]).every((c) => c.got.length === 0), [2, 3]),
    ],
    byzantine: {
      nodes: byzantine,
      adversary: replays ? 'replay' : 'silent',
      messages: opts.universe ?? [],
      ...(replays ? { learn: (m: Envelope) => ['a', 'b'].map((to): Envelope => ({ ...m, from: m.to, to })) } : {}),
    },
    describeMessage: (m: Ping) => `ping(${m.value}, ${m.from}→${m.to})`,
  } as SystemSpec;
}

describe('an adversary that learns (ByzantineSpec.learn)', () => {
  it('can send nothing before it is sent something: silent, the property holds; replaying, it fails in two steps', () => {
    expect(check(pings(false)).status).toBe('holds');
    const spec = pings(true);
    const r = check(spec);
    expect(r.status).toBe('violated');
    expect(r.byzantine).toMatchObject({ adversary: 'replay', messages: 0, learns: true });
    const trace = r.trace as Trace;
    // Either replayed ping breaks it (what it learned is enumerated by key, an order no one chose).
    expect(trace.steps.map((s) => s.kind)).toEqual(['environment', 'byzantine']);
    expect(trace.steps[0]?.label).toBe('a START');
    expect(trace.steps[1]?.label).toMatch(/^p \(Byzantine\) sends ping\(a, p→[ab]\)$/);
    // The ping to p never went in flight, and p's memory is no local change: the step says what it learned.
    expect(trace.steps[0]?.sent).toEqual([]);
    expect(trace.steps[0]?.changes.map((c) => c.node)).toEqual(['a']);
    expect(trace.steps[0]?.learned).toEqual(['a', 'b'].map((to) => ({ type: 'ping', from: 'p', to, value: 'a' })));
    expect(trace.steps[1]?.learned).toBeUndefined();
    expect(renderTextTrace(trace, { describeMessage: spec.describeMessage as (m: never) => string })).toContain(
      'the adversary may now send ping(a, p→a), ping(a, p→b)',
    );
    expect((traceToJson(trace, 'pings') as { steps: { learned?: unknown }[] }).steps[0]?.learned).toHaveLength(2);
    replay(spec, trace);
    expect(naiveExplore(spec, NO_FAULTS, { stopAtViolation: true }).violation).toEqual({ property: 'no replay', depth: 2 });
  });

  it('the explorer and the naive explorer agree on the counts, with one memory for colluding nodes, with loss, duplication and a crash', () => {
    const holds = (spec: SystemSpec): SystemSpec => ({ ...spec, properties: [] });
    expectSameAsNaive(holds(pings(true)), NO_FAULTS);
    expectSameAsNaive(holds(pings(true)), { lossy: true, duplicates: 1, crashes: 1 });
    // a's and b's pings, each re-sent to a and to b.
    expect(check(holds(pings(true))).byzantine?.learned).toBe(4);
    // a pings p and b pings q: what either learns, both may send.
    expectSameAsNaive(holds(pings(true, { targets: ['p', 'q'] })), { lossy: true, duplicates: 1, crashes: 0 });
    // What the universe already holds is not learned again: the same counts as without learning.
    const universe: Ping[] = ['a', 'b'].flatMap((to) => ['a', 'b'].map((value): Ping => ({ type: 'ping', from: 'p', to, value })));
    const learning = check(holds(pings(true, { universe })));
    const fixed = check(holds(pings(false, { universe })));
    expect(learning.stats.states).toBe(fixed.stats.states);
    expect(learning.stats.transitions).toBe(fixed.stats.transitions);
    expectSameAsNaive(holds(pings(true, { universe })), NO_FAULTS);
  });

  it('what it learns must still come from a Byzantine node', () => {
    const spec = pings(true, { byzantine: [0] });
    const bad: SystemSpec = { ...spec, byzantine: { ...spec.byzantine!, learn: (m) => [{ ...m, from: 'b', to: 'a' }] } };
    expect(() => check(bad)).toThrow(/only as a Byzantine node/);
  });
});
