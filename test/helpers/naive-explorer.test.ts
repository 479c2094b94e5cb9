/**
 * Validates the naive reference explorer itself, against counts derived by
 * hand on toy systems (each derivation is written out beside its numbers),
 * and on the smallest synod cluster; then checks that it finds the
 * `own-value` bug of the synod.
 *
 * Notation in the derivations: a global state is written
 * (ping state, pong state, {messages in flight}) plus, where faults are on,
 * the duplication budget left (b) or the crashed node (p = ping, q = pong).
 */
import { assign, emit, setup } from 'xstate';
import { describe, expect, it } from 'vitest';
import { always } from '../../spec/core/property.js';
import type { SystemSpec } from '../../spec/core/system.js';
import { synodSystem } from '../../machines/synod/system.js';
import { naiveExplore, type NaiveFaults } from './naive-explorer.js';

type Msg = { type: 'Ping' | 'Pong'; from: string; to: string };
type Send = { type: 'send'; msg: Msg };

const NONE: NaiveFaults = { lossy: false, duplicates: 0, crashes: 0 };
const LOSSY: NaiveFaults = { lossy: true, duplicates: 0, crashes: 0 };

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

function pingPong(properties: SystemSpec['properties'] = []): SystemSpec {
  return {
    protocol: 'toy-ping-pong',
    nodes: [
      { name: 'ping', role: 'ping', logic: pingMachine, input: undefined, environment: [{ type: 'TIMEOUT' }] },
      { name: 'pong', role: 'pong', logic: pongMachine, input: undefined, environment: [] },
    ],
    properties,
    describeMessage: (m) => m.type,
  };
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
          actions: [
            emit({ type: 'send', msg: { type: 'Ping', from: 'twice', to: 'sink' } }),
            emit({ type: 'send', msg: { type: 'Ping', from: 'twice', to: 'sink' } }),
          ],
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

function twiceSink(properties: SystemSpec['properties'] = []): SystemSpec {
  return {
    protocol: 'toy-twice',
    nodes: [
      { name: 'twice', role: 'twice', logic: twiceMachine, input: undefined, environment: [{ type: 'TIMEOUT' }] },
      { name: 'sink', role: 'sink', logic: sinkMachine, input: undefined, environment: [] },
    ],
    properties,
    describeMessage: (m) => m.type,
  };
}

describe('naive explorer on ping-pong (hand-computed)', () => {
  it('no faults: 4 states, 3 transitions, depth 3', () => {
    // S0 (idle, ready, {})            TIMEOUT -> S1                      1 step
    // S1 (waiting, ready, {Ping})     deliver Ping -> S2                 1 step
    // S2 (waiting, replied, {Pong})   deliver Pong -> S3                 1 step
    // S3 (done, replied, {})          nothing (waiting/done take no TIMEOUT)
    // states 4, transitions 3, depth 3 (S3).
    expect(naiveExplore(pingPong(), NONE)).toEqual({ states: 4, transitions: 3, depth: 3 });
  });

  it('lossy: 6 states, 5 transitions, depth 3', () => {
    // S0 (idle, ready, {})            TIMEOUT -> S1                                1
    // S1 (waiting, ready, {Ping})     deliver -> S2, drop -> S4 (waiting, ready, {})  2
    // S2 (waiting, replied, {Pong})   deliver -> S3, drop -> S5 (waiting, replied, {}) 2
    // S3 (done, replied, {}), S4, S5  nothing                                      0
    // states 6, transitions 5, depth 3 (S3 and S5; S4 is at 2).
    expect(naiveExplore(pingPong(), LOSSY)).toEqual({ states: 6, transitions: 5, depth: 3 });
  });

  it('one duplicate: 9 states, 10 transitions, depth 4', () => {
    // S0 (idle, ready, {}, b1)           TIMEOUT -> S1                                   1
    // S1 (waiting, ready, {Ping}, b1)    deliver -> A (waiting, replied, {Pong}, b1)
    //                                    duplicate -> B (waiting, replied, {Ping, Pong}, b0)  2
    // A                                  deliver -> C (done, replied, {}, b1)
    //                                    duplicate -> D (done, replied, {Pong}, b0)       2
    // B                                  deliver Ping (ignored by replied pong) -> E (waiting, replied, {Pong}, b0)
    //                                    deliver Pong -> F (done, replied, {Ping}, b0)   2
    //                                    (no duplicate: b0)
    // C                                  nothing (budget left but no message)            0
    // D                                  deliver Pong (ignored by done ping) -> G (done, replied, {}, b0)  1
    // E                                  deliver Pong -> G                               1
    // F                                  deliver Ping (ignored) -> G                     1
    // G                                  nothing                                         0
    // states 9 (S0 S1 A B C D E F G), transitions 1+2+2+2+0+1+1+1 = 10,
    // depth: S1 1; A, B 2; C, D, E, F 3; G 4.
    expect(naiveExplore(pingPong(), { lossy: false, duplicates: 1, crashes: 0 })).toEqual({ states: 9, transitions: 10, depth: 4 });
  });

  it('one crash: 12 states, 14 transitions, depth 4', () => {
    // Without a crash: S0 (idle, ready, {}), S1 (waiting, ready, {Ping}),
    // S2 (waiting, replied, {Pong}), S3 (done, replied, {}); each also has
    // 2 crash steps (either node), as no node crashed yet.
    // S0   TIMEOUT -> S1, crash -> S0p, crash -> S0q                        3
    // S1   deliver -> S2, crash -> S1p, crash -> S1q                        3
    // S2   deliver -> S3, crash -> S2p, crash -> S2q                        3
    // S3   crash -> S3p, crash -> S3q                                       2
    // After a crash (budget used up, no more crashes, not lossy):
    // S0p  ping crashed: no TIMEOUT                                          0
    // S0q  TIMEOUT -> S1q                                                    1
    // S1p  deliver Ping to pong -> (waiting, replied, {Pong}, p) = S2p       1
    // S1q  Ping to crashed pong: stays in flight, no step                    0
    // S2p  Pong to crashed ping: no step                                     0
    // S2q  deliver Pong to ping -> (done, replied, {}, q) = S3q              1
    // S3p, S3q                                                               0
    // states 4 + 8 = 12, transitions 3+3+3+2 + 0+1+1+0+0+1+0+0 = 14,
    // depth: S0p S0q S1 1; S1p S1q S2 2; S2p S2q S3 3; S3p S3q 4.
    expect(naiveExplore(pingPong(), { lossy: false, duplicates: 0, crashes: 1 })).toEqual({ states: 12, transitions: 14, depth: 4 });
  });

  it('lossy and one crash: 18 states, 24 transitions, depth 4 (drop also to a crashed node)', () => {
    // The 6 lossy states S0..S5 (see 'lossy') take their 5 steps plus 2 crash
    // steps each: 5 + 12 = 17.
    // Ping crashed (p):  S0p 0; S1p deliver Ping -> S2p, drop -> S4p: 2;
    //                    S2p drop Pong (to crashed ping) -> S5p: 1; S3p S4p S5p 0.   3
    // Pong crashed (q):  S0q TIMEOUT -> S1q: 1; S1q drop Ping (to crashed pong) -> S4q: 1;
    //                    S2q deliver -> S3q, drop -> S5q: 2; S3q S4q S5q 0.           4
    // states 6 + 6 + 6 = 18, transitions 17 + 3 + 4 = 24,
    // depth 4: S3 and S5 are at 3, so S3p S3q S5p S5q at 4 (no shorter path).
    expect(naiveExplore(pingPong(), { lossy: true, duplicates: 0, crashes: 1 })).toEqual({ states: 18, transitions: 24, depth: 4 });
  });
});

describe('naive explorer on a multiset of equal messages (hand-computed)', () => {
  it('no faults: a message in flight twice is one step, not two', () => {
    // S0 (idle, 0, {})           TIMEOUT -> S1                  1
    // S1 (sent, 0, {Ping x2})    deliver Ping -> S2             1 (one distinct message)
    // S2 (sent, 1, {Ping})       deliver Ping -> S3             1
    // S3 (sent, 2, {})           nothing
    // states 4, transitions 3, depth 3.
    expect(naiveExplore(twiceSink(), NONE)).toEqual({ states: 4, transitions: 3, depth: 3 });
  });

  it('lossy: 7 states, 7 transitions, depth 3', () => {
    // S0 (idle, 0, {})           TIMEOUT -> S1                                     1
    // S1 (sent, 0, {Ping x2})    deliver -> S2 (sent, 1, {Ping}), drop -> S4 (sent, 0, {Ping})  2
    // S2                         deliver -> S3 (sent, 2, {}), drop -> S5 (sent, 1, {})  2
    // S4                         deliver -> S5, drop -> S6 (sent, 0, {})           2
    // S3, S5, S6                 nothing
    // states 7, transitions 7, depth 3 (S3 S5 S6).
    expect(naiveExplore(twiceSink(), LOSSY)).toEqual({ states: 7, transitions: 7, depth: 3 });
  });
});

describe('naive explorer properties', () => {
  it('reports the first violation and its depth, and still counts everything', () => {
    const noPong = always('no-pong', 'no Pong is ever in flight', (v) => v.messages().every((m) => m.type !== 'Pong'));
    // Pong first appears in S2, at depth 2; the counts are those of 'no faults'.
    expect(naiveExplore(pingPong([noPong]), NONE)).toEqual({ states: 4, transitions: 3, depth: 3, violation: { property: 'no-pong', depth: 2 } });
  });

  it('reads locals (contexts in node order) and crashed', () => {
    const below2 = always('sink-below-2', 'the sink got fewer than 2 Pings', (v) => (v.locals[1] as { received: number }).received < 2);
    expect(naiveExplore(twiceSink([below2]), NONE).violation).toEqual({ property: 'sink-below-2', depth: 3 });
    const pongUp = always('pong-up', 'pong never crashes', (v) => !v.crashed[1]);
    const r = naiveExplore(pingPong([pongUp]), { lossy: false, duplicates: 0, crashes: 1 });
    expect(r).toEqual({ states: 12, transitions: 14, depth: 4, violation: { property: 'pong-up', depth: 1 } });
  });

  it('names the first violated property in spec order', () => {
    const ok = always('ok', 'always true', () => true);
    const a = always('a', 'no message in flight', (v) => v.messages().length === 0);
    const b = always('b', 'at most one message in flight', (v) => v.messages().length <= 1);
    // S1 has two Pings in flight (depth 1): both a and b fail there; a comes first.
    expect(naiveExplore(twiceSink([ok, a, b]), NONE).violation).toEqual({ property: 'a', depth: 1 });
    expect(naiveExplore(twiceSink([ok, b, a]), NONE).violation).toEqual({ property: 'b', depth: 1 });
  });

  it('throws past maxStates', () => {
    expect(() => naiveExplore(pingPong(), NONE, { maxStates: 3 })).toThrow(/more than 3 states/);
  });
});

describe('naive explorer on synod', () => {
  it('P=1 A=2 R=1: agreement holds; 18 states, 25 transitions, depth 9 (hand-computed)', () => {
    // One proposer p0 (quorum 2), acceptors a0, a1, learner l0.
    // Initial state: only p0's TIMEOUT is enabled (1 step). After it, each
    // acceptor ai is in one of 3 stages: Prepare(ai) in flight, Promise(ai) in
    // flight, promise recorded by p0. While not both are recorded: 3^2 - 1 = 8
    // states. When the second promise is recorded p0 sends Accept to both;
    // each acceptor is then in one of 3 stages: Accept in flight, Accepted in
    // flight, Accepted delivered to l0: 3^2 = 9 states (the learner's state
    // follows from the stages). States 1 + 8 + 9 = 18.
    // Transitions: one per message in flight (no TIMEOUT after the first):
    // over the 8 phase-1 states, sum of stages not "recorded" = 12 (over all
    // 9 pairs it is 9 * 2 * 2/3 = 12, the excluded pair adds 0); over the 9
    // phase-2 states likewise 12. Total 1 + 12 + 12 = 25.
    // Depth: TIMEOUT, 2 Prepare, 2 Promise, 2 Accept, 2 Accepted = 9.
    const r = naiveExplore(synodSystem({ proposers: 1, acceptors: 2, rounds: 1 }), NONE);
    expect(r).toEqual({ states: 18, transitions: 25, depth: 9 });
  });

  it('P=1 A=2 R=1 with the acceptors symmetric: 12 orbits, 17 transitions, depth 9 (hand-computed)', () => {
    // As above, each acceptor is in one of 3 stages per phase; an orbit is
    // the multiset of the two acceptors' stages (spec/synod/symmetry.ts).
    // Phase 1: stages F (Prepare in flight), P (Promise in flight), R
    // (recorded); the 6 multisets minus {R,R} (which is already phase 2): 5.
    // Phase 2: stages A (Accept in flight), D (Accepted in flight), L
    // (delivered to l0): 6 multisets. Orbits 1 + 5 + 6 = 12.
    // Transitions: the initial TIMEOUT (1), then the expanded member of each
    // orbit takes one step per acceptor not in R (phase 1) or L (phase 2):
    // {F,F} 2, {F,P} 2, {F,R} 1, {P,P} 2, {P,R} 1 -> 8; {A,A} 2, {A,D} 2,
    // {A,L} 1, {D,D} 2, {D,L} 1, {L,L} 0 -> 8. Total 1 + 8 + 8 = 17.
    // Depth 9, as without symmetry.
    const r = naiveExplore(synodSystem({ proposers: 1, acceptors: 2, rounds: 1 }), NONE, { symmetry: true });
    expect(r).toEqual({ states: 12, transitions: 17, depth: 9 });
  });

  it("finds the 'own-value' bug on P=2 A=2 R=1", () => {
    const r = naiveExplore(synodSystem({ proposers: 2, acceptors: 2, rounds: 1 }, 'own-value'), NONE, {
      stopAtViolation: true,
    });
    expect(r.violation?.property).toBe('agreement');
    // Deciding two values takes, for each proposer, TIMEOUT + 2 Prepare +
    // 2 Promise + 2 Accept + 2 Accepted (the quorum of 2 acceptors is 2) = 9 steps,
    // none shared: the shortest counterexample has 18 steps.
    expect(r.violation?.depth).toBe(18);
  });
});
