/**
 * Validates the naive reference explorer's network semantics (`fifo`, `set`)
 * and its brute-force symmetry reduction, against counts derived by hand on
 * toy systems; each derivation is written out beside its numbers.
 *
 * Notation: a global state is written (sender state, receiver state,
 * messages in flight) plus, where faults are on, the duplication budget left
 * (b) or the crashed node. `[A, B]` is a FIFO channel (head first), `{A, B}`
 * a multiset or a set.
 */
import { assign, emit, enqueueActions, setup } from 'xstate';
import { describe, expect, it } from 'vitest';
import type { Envelope } from '../../spec/core/envelope.js';
import type { Rename, SymmetrySpec } from '../../spec/core/symmetry.js';
import type { SystemSpec } from '../../spec/core/system.js';
import { naiveExplore, type NaiveFaults } from './naive-explorer.js';

type Msg = { type: 'A' | 'B' | 'Ping' | 'Pong'; from: string; to: string };
type Send = { type: 'send'; msg: Msg };

const NONE: NaiveFaults = { lossy: false, duplicates: 0, crashes: 0 };
const LOSSY: NaiveFaults = { lossy: true, duplicates: 0, crashes: 0 };

function system(protocol: string, nodes: SystemSpec['nodes'], extra: Partial<Pick<SystemSpec, 'symmetry'>> = {}): SystemSpec {
  return { protocol, nodes, properties: [], describeMessage: (m) => m.type, ...extra };
}

// ---------------------------------------------------------------------------
// fifo: order matters

/** idle --TIMEOUT / send A, then B, to r--> sent. */
const abSender = setup({
  types: { events: {} as { type: 'TIMEOUT' }, emitted: {} as Send },
}).createMachine({
  id: 'toy.ab-sender',
  initial: 'idle',
  states: {
    idle: {
      on: {
        TIMEOUT: {
          target: 'sent',
          actions: [emit({ type: 'send', msg: { type: 'A', from: 's', to: 'r' } }), emit({ type: 'send', msg: { type: 'B', from: 's', to: 'r' } })],
        },
      },
    },
    sent: {},
  },
});

/** Remembers which of A and B came first; later messages are consumed and ignored. */
const firstReceiver = setup({
  types: { events: {} as Msg },
}).createMachine({
  id: 'toy.first',
  initial: 'start',
  states: {
    start: { on: { A: 'aFirst', B: 'bFirst' } },
    aFirst: {},
    bFirst: {},
  },
});

const ab = (): SystemSpec =>
  system('toy-ab', [
    { name: 's', role: 's', logic: abSender, input: undefined, environment: [{ type: 'TIMEOUT' }] },
    { name: 'r', role: 'r', logic: firstReceiver, input: undefined, environment: [] },
  ]);

describe('fifo: one channel per (sender, receiver) pair, head first', () => {
  it('multiset, no faults: both orders, 6 states, 5 transitions, depth 3', () => {
    // S0 (idle, start, {})        TIMEOUT -> S1                               1
    // S1 (sent, start, {A, B})    deliver A -> S2 (sent, aFirst, {B})
    //                             deliver B -> S3 (sent, bFirst, {A})          2
    // S2                          deliver B -> S4 (sent, aFirst, {})           1
    // S3                          deliver A -> S5 (sent, bFirst, {})           1
    // states 6, transitions 5, depth 3.
    expect(naiveExplore(ab(), NONE, { network: 'multiset' })).toEqual({ states: 6, transitions: 5, depth: 3 });
  });

  it('fifo, no faults: A always first, 4 states, 3 transitions, depth 3', () => {
    // S0 (idle, start, [])        TIMEOUT -> S1 (A then B appended)           1
    // S1 (sent, start, [A, B])    deliver the head A -> S2 (sent, aFirst, [B]) 1
    // S2                          deliver B -> S3 (sent, aFirst, [])           1
    // states 4, transitions 3, depth 3: (sent, bFirst, ...) is unreachable.
    expect(naiveExplore(ab(), NONE, { network: 'fifo' })).toEqual({ states: 4, transitions: 3, depth: 3 });
  });

  it('the default network is spec.network, then multiset', () => {
    expect(naiveExplore({ ...ab(), network: 'fifo' }, NONE)).toEqual({ states: 4, transitions: 3, depth: 3 });
    expect(naiveExplore({ ...ab(), network: 'fifo' }, NONE, { network: 'multiset' })).toEqual({ states: 6, transitions: 5, depth: 3 });
    expect(naiveExplore(ab(), NONE)).toEqual({ states: 6, transitions: 5, depth: 3 });
  });

  it('multiset, lossy: 9 states, 13 transitions, depth 3', () => {
    // S0 (idle, start, {})        TIMEOUT -> S1                                               1
    // S1 (sent, start, {A, B})    deliver A -> (aFirst, {B}), deliver B -> (bFirst, {A}),
    //                             drop A -> (start, {B}), drop B -> (start, {A})                4
    // (aFirst, {B})               deliver, drop -> (aFirst, {}) both                            2
    // (bFirst, {A})               deliver, drop -> (bFirst, {}) both                            2
    // (start, {B})                deliver -> (bFirst, {}), drop -> (start, {})                  2
    // (start, {A})                deliver -> (aFirst, {}), drop -> (start, {})                  2
    // (aFirst, {}), (bFirst, {}), (start, {})                                                  0
    // states 1 + 1 + 4 + 3 = 9, transitions 1 + 4 + 8 = 13, depth 3.
    expect(naiveExplore(ab(), LOSSY, { network: 'multiset' })).toEqual({ states: 9, transitions: 13, depth: 3 });
  });

  it('fifo, lossy: any message may be dropped, only the head delivered: 8 states, 10 transitions, depth 3', () => {
    // S0 (idle, start, [])        TIMEOUT -> S1                                               1
    // S1 (sent, start, [A, B])    deliver A -> S2 (aFirst, [B]),
    //                             drop position 0 (A) -> S3 (start, [B]),
    //                             drop position 1 (B, differs from A) -> S4 (start, [A])       3
    // S2 (aFirst, [B])            deliver, drop -> S5 (aFirst, []) both                         2
    // S3 (start, [B])             deliver -> S6 (bFirst, []), drop -> S7 (start, [])            2
    // S4 (start, [A])             deliver -> S5, drop -> S7                                     2
    // S5, S6, S7                                                                               0
    // states 8, transitions 1 + 3 + 6 = 10, depth 3 (S5 S6 S7).
    // bFirst is reached only by losing A: (bFirst, [A]) is unreachable.
    expect(naiveExplore(ab(), LOSSY, { network: 'fifo' })).toEqual({ states: 8, transitions: 10, depth: 3 });
  });

  it('fifo, one duplicate: the head is delivered and stays at the head: 7 states, 7 transitions, depth 4', () => {
    // S0 (idle, start, [], b1)        TIMEOUT -> S1                                            1
    // S1 (sent, start, [A, B], b1)    deliver A -> X1 (aFirst, [B], b1),
    //                                 duplicate A -> X2 (aFirst, [A, B], b0)                   2
    // X1                              deliver B -> X3 (aFirst, [], b1),
    //                                 duplicate B -> X4 (aFirst, [B], b0)                      2
    // X2                              deliver A (ignored by aFirst) -> X4 (no budget left)     1
    // X3                              nothing                                                  0
    // X4                              deliver B -> X5 (aFirst, [], b0)                         1
    // states 7, transitions 7, depth: X1 X2 2; X3 X4 3; X5 4.
    expect(naiveExplore(ab(), { lossy: false, duplicates: 1, crashes: 0 }, { network: 'fifo' })).toEqual({ states: 7, transitions: 7, depth: 4 });
  });

  it('fifo, lossy: of two adjacent equal messages, dropping either is one step', () => {
    // twice sends Ping, Ping to sink, which counts them.
    // S0 (idle, 0, [])            TIMEOUT -> S1                                               1
    // S1 (sent, 0, [P, P])        deliver -> S2 (sent, 1, [P]),
    //                             drop position 0 -> S4 (sent, 0, [P]);
    //                             position 1 equals position 0: no step                       2
    // S2                          deliver -> S3 (sent, 2, []), drop -> S5 (sent, 1, [])       2
    // S4                          deliver -> S5, drop -> S6 (sent, 0, [])                     2
    // S3, S5, S6                                                                              0
    // states 7, transitions 7, depth 3: the same as the multiset's.
    expect(naiveExplore(twiceSink(), LOSSY, { network: 'fifo' })).toEqual({ states: 7, transitions: 7, depth: 3 });
    expect(naiveExplore(twiceSink(), LOSSY, { network: 'multiset' })).toEqual({ states: 7, transitions: 7, depth: 3 });
  });

  it('fifo, lossy: equal messages that are not adjacent are dropped separately', () => {
    // aba sends A, B, A to r (one channel); r counts what it gets (only the head is deliverable).
    // S0 (idle, 0, [])          TIMEOUT -> S1                                                   1
    // S1 (sent, 0, [A, B, A])   deliver -> (1, [B, A]); drop 0 -> (0, [B, A]);
    //                           drop 1 -> (0, [A, A]); drop 2 -> (0, [A, B])                     4
    // Level 2 (4 states):
    //   (1, [B, A])   deliver -> (2, [A]), drop 0 -> (1, [A]), drop 1 -> (1, [B])                3
    //   (0, [B, A])   deliver -> (1, [A]), drop 0 -> (0, [A]), drop 1 -> (0, [B])                3
    //   (0, [A, A])   deliver -> (1, [A]), drop 0 -> (0, [A]) (position 1 equal: no step)        2
    //   (0, [A, B])   deliver -> (1, [B]), drop 0 -> (0, [B]), drop 1 -> (0, [A])                3
    // Level 3 (5 states): (2, [A]), (1, [A]), (1, [B]), (0, [A]), (0, [B]); each
    //   delivers and drops its one message                                                    10
    //   -> (3, []), (2, []), (1, []), (0, []) at level 4
    // states 1 + 1 + 4 + 5 + 4 = 15, transitions 1 + 4 + 11 + 10 = 26, depth 4.
    expect(naiveExplore(abaCounter(), LOSSY, { network: 'fifo' })).toEqual({ states: 15, transitions: 26, depth: 4 });
  });

  it('fifo on ping-pong (one message per channel at most): the multiset counts', () => {
    // Each channel (ping->pong, pong->ping) never holds more than one message,
    // so the derivations of naive-explorer.test.ts carry over unchanged.
    expect(naiveExplore(pingPong(), NONE, { network: 'fifo' })).toEqual({ states: 4, transitions: 3, depth: 3 });
    expect(naiveExplore(pingPong(), LOSSY, { network: 'fifo' })).toEqual({ states: 6, transitions: 5, depth: 3 });
    expect(naiveExplore(pingPong(), { lossy: false, duplicates: 1, crashes: 0 }, { network: 'fifo' })).toEqual({ states: 9, transitions: 10, depth: 4 });
    expect(naiveExplore(pingPong(), { lossy: true, duplicates: 0, crashes: 1 }, { network: 'fifo' })).toEqual({ states: 18, transitions: 24, depth: 4 });
  });
});

// ---------------------------------------------------------------------------
// set: messages stay; a delivery that changes nothing is not a step

/**
 * idle --TIMEOUT / send Ping--> sent; in `sent`, TIMEOUT re-sends Ping (a
 * retransmission: an environment event that changes nothing under `set`).
 */
const retrySender = setup({
  types: { events: {} as { type: 'TIMEOUT' }, emitted: {} as Send },
}).createMachine({
  id: 'toy.retry',
  initial: 'idle',
  states: {
    idle: { on: { TIMEOUT: { target: 'sent', actions: emit({ type: 'send', msg: { type: 'Ping', from: 'retry', to: 'sink' } }) } } },
    sent: { on: { TIMEOUT: { actions: emit({ type: 'send', msg: { type: 'Ping', from: 'retry', to: 'sink' } }) } } },
  },
});

/** Counts the Pings it receives, up to 2; a third is refused (its guard fails). */
const cappedSink = setup({
  types: { context: {} as { received: number }, events: {} as Msg },
  guards: { hasRoom: ({ context }) => context.received < 2 },
}).createMachine({
  id: 'toy.capped-sink',
  context: { received: 0 },
  on: { Ping: { guard: 'hasRoom', actions: assign({ received: ({ context }) => context.received + 1 }) } },
});

const retrySink = (): SystemSpec =>
  system('toy-retry', [
    { name: 'retry', role: 'retry', logic: retrySender, input: undefined, environment: [{ type: 'TIMEOUT' }] },
    { name: 'sink', role: 'sink', logic: cappedSink, input: undefined, environment: [] },
  ]);

describe('set: a growing set of messages, each deliverable any number of times', () => {
  it('no faults: 4 states, 3 transitions, depth 3', () => {
    // S0 (idle, 0, {})           TIMEOUT -> S1                                          1
    // S1 (sent, 0, {Ping})       TIMEOUT re-sends Ping, already in the set: the state is
    //                            unchanged, not a step; deliver Ping (it stays) -> S2   1
    // S2 (sent, 1, {Ping})       TIMEOUT: not a step; deliver Ping again -> S3          1
    // S3 (sent, 2, {Ping})       TIMEOUT: not a step; deliver Ping is refused (guard):
    //                            same state, not a step                                 0
    // states 4, transitions 3, depth 3.
    expect(naiveExplore(retrySink(), NONE, { network: 'set' })).toEqual({ states: 4, transitions: 3, depth: 3 });
  });

  it('a message sent twice is one message: 4 states, 3 transitions, depth 3', () => {
    // twice sends Ping twice to the capped sink.
    // S0 (idle, 0, {})           TIMEOUT -> S1                                          1
    // S1 (sent, 0, {Ping})       deliver -> S2 (sent, 1, {Ping})                         1
    // S2                         deliver -> S3 (sent, 2, {Ping})                         1
    // S3                         delivery refused: not a step                           0
    expect(naiveExplore(twiceCappedSink(), NONE, { network: 'set' })).toEqual({ states: 4, transitions: 3, depth: 3 });
  });

  it('one crash: 12 states, 14 transitions, depth 4', () => {
    // S0..S3 as in 'no faults' (3 steps), plus 2 crash steps each (8):                 11
    // retry crashed (t): S0t 0; S1t deliver -> S2t 1; S2t deliver -> S3t 1; S3t 0.      2
    // sink crashed (k): S0k TIMEOUT -> S1k 1; in S1k, S2k, S3k TIMEOUT changes nothing,
    //   and nothing is delivered to the crashed sink.                                  1
    // states 4 + 4 + 4 = 12, transitions 11 + 2 + 1 = 14,
    // depth 4: S3t (S1t at 2, S2t at 3) and S3k (only from S3) are at 4.
    expect(naiveExplore(retrySink(), { lossy: false, duplicates: 0, crashes: 1 }, { network: 'set' })).toEqual({ states: 12, transitions: 14, depth: 4 });
  });

  it('loss and duplication have no meaning under set: an error', () => {
    expect(() => naiveExplore(retrySink(), LOSSY, { network: 'set' })).toThrow(/no meaning under the set network/);
    expect(() => naiveExplore(retrySink(), { lossy: false, duplicates: 1, crashes: 0 }, { network: 'set' })).toThrow(/no meaning under the set network/);
    expect(() => naiveExplore({ ...retrySink(), network: 'set' }, LOSSY)).toThrow(/no meaning under the set network/);
  });

  it('properties read the set (one entry per message)', () => {
    const spec: SystemSpec = {
      ...retrySink(),
      properties: [{ name: 'one-ping', description: 'never two Pings in flight', holds: (v) => v.messages().length <= 1 }],
    };
    expect(naiveExplore(spec, NONE, { network: 'set' })).toEqual({ states: 4, transitions: 3, depth: 3 });
  });
});

// ---------------------------------------------------------------------------
// symmetry: interchangeable pong nodes

/** fan --TIMEOUT / send Ping to every pong--> waiting; records each Pong's sender (a sorted set). */
function fanMachine(pongs: readonly string[]) {
  return setup({
    types: { context: {} as { answered: string[] }, events: {} as { type: 'TIMEOUT' } | Msg, emitted: {} as Send },
  }).createMachine({
    id: 'toy.fan',
    context: { answered: [] },
    initial: 'idle',
    states: {
      idle: {
        on: {
          TIMEOUT: {
            target: 'waiting',
            actions: enqueueActions(({ enqueue }) => {
              for (const to of pongs) enqueue.emit({ type: 'send', msg: { type: 'Ping', from: 'fan', to } });
            }),
          },
        },
      },
      waiting: {
        on: { Pong: { actions: assign({ answered: ({ context, event }) => [...context.answered, event.from].sort() }) } },
      },
    },
  });
}

/** ready --Ping / send Pong to its sender--> replied. Its own name is in its context. */
const namedPong = setup({
  types: { input: {} as { self: string }, context: {} as { self: string }, events: {} as Msg, emitted: {} as Send },
}).createMachine({
  id: 'toy.named-pong',
  context: ({ input }) => ({ self: input.self }),
  initial: 'ready',
  states: {
    ready: {
      on: {
        Ping: {
          target: 'replied',
          actions: enqueueActions(({ context, event, enqueue }) => {
            enqueue.emit({ type: 'send', msg: { type: 'Pong', from: context.self, to: event.from } });
          }),
        },
      },
    },
    replied: {},
  },
});

function fanOut(pongs: readonly string[], groups: readonly (readonly string[])[]): SystemSpec {
  const symmetry: SymmetrySpec = {
    groups,
    why: 'the pongs differ only in their names',
    renameContext: (role: string, context: unknown, rename: Rename) =>
      role === 'fan' ? { answered: (context as { answered: string[] }).answered.map(rename).sort() } : { self: rename((context as { self: string }).self) },
    renameMessage: (msg: Envelope, rename: Rename) => ({ ...msg, from: rename(msg.from), to: rename(msg.to) }),
  };
  return system(
    'toy-fan',
    [
      { name: 'fan', role: 'fan', logic: fanMachine(pongs), input: undefined, environment: [{ type: 'TIMEOUT' }] },
      ...pongs.map((self) => ({ name: self, role: 'pong', logic: namedPong, input: { self }, environment: [] })),
    ],
    { symmetry },
  );
}

describe('symmetry: orbits counted by brute force', () => {
  // After TIMEOUT each pong q is in one of 3 stages: F (Ping to q in flight),
  // P (Pong from q in flight), R (q's Pong recorded by fan). A state is the
  // tuple of stages; an orbit, the multiset of stages of each group.

  it('two pongs, one group: 7 orbits (10 states), 10 transitions, depth 5', () => {
    // Without symmetry: 1 + 3^2 = 10 states; transitions 1 + (one step per
    // stage F or P, over the 9 tuples: 9 * 2 * 2/3 = 12) = 13; depth 1 + 2 + 2 = 5.
    expect(naiveExplore(fanOut(['q0', 'q1'], [['q0', 'q1']]), NONE)).toEqual({ states: 10, transitions: 13, depth: 5 });
    // With symmetry: the initial orbit + the 6 multisets of 2 stages = 7.
    // Transitions: TIMEOUT from the initial state (1), then the expanded
    // member of each orbit takes one step per pong in F or P:
    //   {F,F} 2, {F,P} 2, {F,R} 1, {P,P} 2, {P,R} 1, {R,R} 0 -> 8
    // (e.g. (F,F)'s two deliveries both lead to the orbit {F,P}; both count).
    // Total 1 + 8 = 9. Depth 5, as without symmetry.
    expect(naiveExplore(fanOut(['q0', 'q1'], [['q0', 'q1']]), NONE, { symmetry: true })).toEqual({ states: 7, transitions: 9, depth: 5 });
  });

  it('three pongs, one group: 11 orbits, 21 transitions, depth 7', () => {
    // Without symmetry: 1 + 27 = 28 states, 1 + 27 * 3 * 2/3 = 55 transitions, depth 1 + 3 + 3 = 7.
    expect(naiveExplore(fanOut(['q0', 'q1', 'q2'], [['q0', 'q1', 'q2']]), NONE)).toEqual({ states: 28, transitions: 55, depth: 7 });
    // With symmetry: 1 + (multisets of 3 over 3 stages: C(5, 3) = 10) = 11 orbits.
    // Transitions: 1 + sum over the 10 multisets of the count of F or P in it:
    // with k stages R, the rest is a multiset over {F, P} of size 3 - k
    // (4, 3, 2, 1 of them for k = 0..3), each with 3 - k steps:
    // 4*3 + 3*2 + 2*1 + 1*0 = 20; total 21.
    expect(naiveExplore(fanOut(['q0', 'q1', 'q2'], [['q0', 'q1', 'q2']]), NONE, { symmetry: true })).toEqual({ states: 11, transitions: 21, depth: 7 });
  });

  it('four pongs, two groups (the product of their permutations): 37 orbits, 97 transitions, depth 9', () => {
    const spec = fanOut(['q0', 'q1', 'q2', 'q3'], [['q0', 'q1'], ['q2', 'q3']]);
    // Orbits: 1 + 6 * 6 = 37 (a multiset of 2 stages per group).
    // Transitions: 1 + sum over the pairs (m1, m2) of steps(m1) + steps(m2),
    // where the steps over the 6 multisets sum to 8 (see 'two pongs'):
    // 8 * 6 + 6 * 8 = 96; total 97. Depth 1 + 4 + 4 = 9.
    expect(naiveExplore(spec, NONE, { symmetry: true })).toEqual({ states: 37, transitions: 97, depth: 9 });
    // Without symmetry: 1 + 81 = 82 states, 1 + 81 * 4 * 2/3 = 217 transitions.
    expect(naiveExplore(spec, NONE)).toEqual({ states: 82, transitions: 217, depth: 9 });
  });

  it('under fifo, messages are re-placed into their renamed channels', () => {
    // Every channel holds at most one message here, so the counts are those of the multiset.
    expect(naiveExplore(fanOut(['q0', 'q1', 'q2'], [['q0', 'q1', 'q2']]), NONE, { network: 'fifo', symmetry: true })).toEqual({
      states: 11,
      transitions: 21,
      depth: 7,
    });
  });

  it('symmetry: true without a declared symmetry changes nothing', () => {
    const { symmetry: _unused, ...plain } = fanOut(['q0', 'q1'], [['q0', 'q1']]);
    expect(naiveExplore(plain, NONE, { symmetry: true })).toEqual({ states: 10, transitions: 13, depth: 5 });
  });
});

// ---------------------------------------------------------------------------
// Toy machines shared with naive-explorer.test.ts's derivations (redefined
// here: that file exports none).

/** idle --TIMEOUT / send Ping--> waiting --Pong--> done. */
const pingMachine = setup({
  types: { events: {} as { type: 'TIMEOUT' } | Msg, emitted: {} as Send },
}).createMachine({
  id: 'toy.ping',
  initial: 'idle',
  states: {
    idle: { on: { TIMEOUT: { target: 'waiting', actions: emit({ type: 'send', msg: { type: 'Ping', from: 'ping', to: 'pong' } }) } } },
    waiting: { on: { Pong: 'done' } },
    done: {},
  },
});

/** ready --Ping / send Pong--> replied (a later Ping is ignored). */
const pongMachine = setup({
  types: { events: {} as Msg, emitted: {} as Send },
}).createMachine({
  id: 'toy.pong',
  initial: 'ready',
  states: {
    ready: { on: { Ping: { target: 'replied', actions: emit({ type: 'send', msg: { type: 'Pong', from: 'pong', to: 'ping' } }) } } },
    replied: {},
  },
});

function pingPong(): SystemSpec {
  return system('toy-ping-pong', [
    { name: 'ping', role: 'ping', logic: pingMachine, input: undefined, environment: [{ type: 'TIMEOUT' }] },
    { name: 'pong', role: 'pong', logic: pongMachine, input: undefined, environment: [] },
  ]);
}

/** idle --TIMEOUT / send the SAME Ping twice--> sent. */
const twiceMachine = setup({
  types: { events: {} as { type: 'TIMEOUT' }, emitted: {} as Send },
}).createMachine({
  id: 'toy.twice',
  initial: 'idle',
  states: {
    idle: {
      on: {
        TIMEOUT: {
          target: 'sent',
          actions: [emit({ type: 'send', msg: { type: 'Ping', from: 'twice', to: 'sink' } }), emit({ type: 'send', msg: { type: 'Ping', from: 'twice', to: 'sink' } })],
        },
      },
    },
    sent: {},
  },
});

/** Counts the Pings it receives (context.received). */
const sinkMachine = setup({
  types: { context: {} as { received: number }, events: {} as Msg },
}).createMachine({
  id: 'toy.sink',
  context: { received: 0 },
  on: { Ping: { actions: assign({ received: ({ context }) => context.received + 1 }) } },
});

function twiceSink(): SystemSpec {
  return system('toy-twice', [
    { name: 'twice', role: 'twice', logic: twiceMachine, input: undefined, environment: [{ type: 'TIMEOUT' }] },
    { name: 'sink', role: 'sink', logic: sinkMachine, input: undefined, environment: [] },
  ]);
}

function twiceCappedSink(): SystemSpec {
  return system('toy-twice-capped', [
    { name: 'twice', role: 'twice', logic: twiceMachine, input: undefined, environment: [{ type: 'TIMEOUT' }] },
    { name: 'sink', role: 'sink', logic: cappedSink, input: undefined, environment: [] },
  ]);
}

/** idle --TIMEOUT / send A, B, A to r--> sent. */
const abaSender = setup({
  types: { events: {} as { type: 'TIMEOUT' }, emitted: {} as Send },
}).createMachine({
  id: 'toy.aba',
  initial: 'idle',
  states: {
    idle: {
      on: {
        TIMEOUT: {
          target: 'sent',
          actions: [
            emit({ type: 'send', msg: { type: 'A', from: 's', to: 'r' } }),
            emit({ type: 'send', msg: { type: 'B', from: 's', to: 'r' } }),
            emit({ type: 'send', msg: { type: 'A', from: 's', to: 'r' } }),
          ],
        },
      },
    },
    sent: {},
  },
});

/** Counts every message it receives. */
const counter = setup({
  types: { context: {} as { received: number }, events: {} as Msg },
}).createMachine({
  id: 'toy.counter',
  context: { received: 0 },
  on: {
    A: { actions: assign({ received: ({ context }) => context.received + 1 }) },
    B: { actions: assign({ received: ({ context }) => context.received + 1 }) },
  },
});

function abaCounter(): SystemSpec {
  return system('toy-aba', [
    { name: 's', role: 's', logic: abaSender, input: undefined, environment: [{ type: 'TIMEOUT' }] },
    { name: 'r', role: 'r', logic: counter, input: undefined, environment: [] },
  ]);
}
