/**
 * Lamport's message-set Paxos (tlaplus/Examples, specifications/Paxos/Paxos.tla)
 * ported to XState machines through the public API, to be checked with the
 * `set` network: the TLA+ `msgs` is a set that only grows, and every action
 * reads it without consuming anything.
 *
 *   Phase1a(b)    == Send([type |-> "1a", bal |-> b])
 *   Phase1b(a)    == \E m \in msgs : m.type = "1a" /\ m.bal > maxBal[a] /\ maxBal' = m.bal
 *                    /\ Send([type |-> "1b", acc |-> a, bal |-> m.bal, mbal |-> maxVBal[a], mval |-> maxVal[a]])
 *   Phase2a(b, v) == ~\E m \in msgs : m.type = "2a" /\ m.bal = b
 *                    /\ \E Q \in Quorum : every a \in Q sent a 1b for b, and either none of
 *                       those 1b's reports a vote or v is the value of the highest-mbal one
 *                    /\ Send([type |-> "2a", bal |-> b, val |-> v])
 *   Phase2b(a)    == \E m \in msgs : m.type = "2a" /\ m.bal >= maxBal[a]
 *                    /\ maxBal' = maxVBal' = m.bal /\ maxVal' = m.val
 *                    /\ Send([type |-> "2b", acc |-> a, bal |-> m.bal, val |-> m.val])
 *
 * Roles: one "ballot leader" per ballot (b0 for ballot 0, b1 for ballot 1),
 * the acceptors a0..a(n-1), and one learner l0.
 * NOTE: messages are addressed (the actor model has no broadcast): a TLA+ 1a
 *   or 2a is one message to each acceptor, a 1b goes to its ballot's leader,
 *   a 2b to the learner. Under `set` a message's copies to each receiver
 *   exist exactly when the TLA+ broadcast is in `msgs`, so nothing is lost.
 * NOTE: Phase2a reads `msgs` in TLA+; here the leader reads only the 1b's it
 *   has received (it records them, a sorted set), so a 1b's delivery to its
 *   leader is a step of its own and the leader's record is extra state that
 *   TLA+ does not have: the state counts are not TLC's.
 * NOTE: PHASE1A is an environment event enabled once (idle -> collecting):
 *   an environment event is a step even when it changes nothing, so an
 *   always-enabled Phase1a would add a self-loop transition to every state
 *   (the distinct states would be the same).
 * NOTE: once its 2a is sent (TLA+: at most one 2a per ballot) the leader is
 *   `done` and ignores 1b's; recording them would only multiply states.
 * NOTE: Quorum = every set of `quorum` acceptors (MCPaxos's majorities);
 *   PHASE2A(v) is enabled when SOME quorum of recorded 1b's allows v, as
 *   `\E Q \in Quorum` does (with 3 recorded 1b's, the three quorums may allow
 *   different values).
 * NOTE: the learner records the 2b's it received (a sorted set of votes) and
 *   the values chosen (a quorum of acceptors voted for it in one ballot);
 *   `chosen` is a function of `votes`, so it multiplies no state.
 * NOTE: ballots are 0..B-1 and TLA+'s -1 / None are kept (`maxBal = -1`,
 *   `maxVal = null`).
 */
import { assertEvent, assign, enqueueActions, setup } from 'xstate';
import type { Envelope } from '../../spec/core/envelope.js';
import { always } from '../../spec/core/property.js';
import type { Rename, SymmetrySpec } from '../../spec/core/symmetry.js';
import type { SystemSpec } from '../../spec/core/system.js';

export type Value = string;

export type TlaPaxosMessage =
  | { type: 'tla.1a'; from: string; to: string; bal: number }
  | { type: 'tla.1b'; from: string; to: string; bal: number; mbal: number; mval: Value | null }
  | { type: 'tla.2a'; from: string; to: string; bal: number; val: Value }
  | { type: 'tla.2b'; from: string; to: string; bal: number; val: Value };

type Send = { type: 'send'; msg: TlaPaxosMessage };

/** What a leader keeps of one 1b: its acceptor and the vote it reports. */
export interface Promise1b {
  readonly acc: string;
  readonly mbal: number;
  readonly mval: Value | null;
}

const byAcc = (x: { acc: string }, y: { acc: string }): number => (x.acc < y.acc ? -1 : x.acc > y.acc ? 1 : 0);

/** Every subset of `items` of exactly `k` elements. */
function subsets<T>(items: readonly T[], k: number): T[][] {
  if (k === 0) return [[]];
  if (items.length < k) return [];
  const [first, ...rest] = items as [T, ...T[]];
  return [...subsets(rest, k - 1).map((s) => [first, ...s]), ...subsets(rest, k)];
}

/**
 * The values Phase2a(b, v) allows given the 1b's for b: union over the
 * quorums Q among their acceptors of: every value when no 1b of Q reports a
 * vote, else the value of the one with the highest `mbal`.
 */
export function allowedValues(promises: readonly Promise1b[], quorum: number, values: readonly Value[]): Value[] {
  const allowed = new Set<Value>();
  for (const q of subsets(promises, quorum)) {
    const voted = q.filter((p) => p.mbal >= 0);
    if (voted.length === 0) for (const v of values) allowed.add(v);
    else {
      const top = Math.max(...voted.map((p) => p.mbal));
      for (const p of voted) if (p.mbal === top && p.mval !== null) allowed.add(p.mval);
    }
  }
  return values.filter((v) => allowed.has(v));
}

/**
 * A known-buggy variant: `any-value`, the leader proposes any value once it
 * has a quorum of 1b's, ignoring the votes they report (Phase2a without its
 * value rule).
 */
export type TlaPaxosBug = 'any-value';

export interface LeaderInput {
  readonly self: string;
  readonly ballot: number;
  readonly acceptors: readonly string[];
  readonly quorum: number;
  readonly values: readonly Value[];
  readonly bug: TlaPaxosBug | null;
}

export interface LeaderContext {
  readonly cfg: LeaderInput;
  /** The 1b's received for this ballot, sorted by acceptor. */
  readonly promises: readonly Promise1b[];
}

/** Ballot leader: Phase1a (environment), records 1b's, Phase2a(b, v) (environment, one per value). */
export const leaderMachine = setup({
  types: {
    input: {} as LeaderInput,
    context: {} as LeaderContext,
    events: {} as { type: 'PHASE1A' } | { type: 'PHASE2A'; value: Value } | TlaPaxosMessage,
    emitted: {} as Send,
  },
  guards: {
    /** A 1b of this ballot from an acceptor not yet recorded. */
    isNew1b: ({ context, event }) =>
      event.type === 'tla.1b' && event.bal === context.cfg.ballot && !context.promises.some((p) => p.acc === event.from),
    /** Phase2a(b, v)'s quorum condition. */
    isAllowedValue: ({ context, event }) =>
      event.type === 'PHASE2A' &&
      (context.cfg.bug === 'any-value'
        ? context.promises.length >= context.cfg.quorum
        : allowedValues(context.promises, context.cfg.quorum, context.cfg.values).includes(event.value)),
  },
  actions: {
    send1a: enqueueActions(({ context, enqueue }) => {
      for (const to of context.cfg.acceptors) enqueue.emit({ type: 'send', msg: { type: 'tla.1a', from: context.cfg.self, to, bal: context.cfg.ballot } });
    }),
    record1b: assign(({ context, event }) => {
      assertEvent(event, 'tla.1b');
      return { promises: [...context.promises, { acc: event.from, mbal: event.mbal, mval: event.mval }].sort(byAcc) };
    }),
    send2a: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'PHASE2A');
      for (const to of context.cfg.acceptors) {
        enqueue.emit({ type: 'send', msg: { type: 'tla.2a', from: context.cfg.self, to, bal: context.cfg.ballot, val: event.value } });
      }
    }),
  },
}).createMachine({
  id: 'tla-paxos.leader',
  context: ({ input }) => ({ cfg: input, promises: [] }),
  initial: 'idle',
  states: {
    idle: { on: { PHASE1A: { target: 'collecting', actions: 'send1a' } } },
    collecting: {
      on: {
        'tla.1b': { guard: 'isNew1b', actions: 'record1b' },
        PHASE2A: { guard: 'isAllowedValue', target: 'done', actions: 'send2a' },
      },
    },
    done: {},
  },
});

export interface AcceptorInput {
  readonly self: string;
  readonly learner: string;
}

export interface AcceptorContext {
  readonly cfg: AcceptorInput;
  readonly maxBal: number;
  readonly maxVBal: number;
  readonly maxVal: Value | null;
}

/** Acceptor: Phase1b and Phase2b of Paxos.tla. */
export const acceptorMachine = setup({
  types: {
    input: {} as AcceptorInput,
    context: {} as AcceptorContext,
    events: {} as TlaPaxosMessage,
    emitted: {} as Send,
  },
  guards: {
    /** Phase1b: m.bal > maxBal[a]. */
    isAboveMaxBal: ({ context, event }) => event.type === 'tla.1a' && event.bal > context.maxBal,
    /** Phase2b: m.bal >= maxBal[a]. */
    isAtLeastMaxBal: ({ context, event }) => event.type === 'tla.2a' && event.bal >= context.maxBal,
  },
  actions: {
    phase1b: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'tla.1a');
      enqueue.assign({ maxBal: event.bal });
      enqueue.emit({
        type: 'send',
        msg: { type: 'tla.1b', from: context.cfg.self, to: event.from, bal: event.bal, mbal: context.maxVBal, mval: context.maxVal },
      });
    }),
    phase2b: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'tla.2a');
      enqueue.assign({ maxBal: event.bal, maxVBal: event.bal, maxVal: event.val });
      enqueue.emit({ type: 'send', msg: { type: 'tla.2b', from: context.cfg.self, to: context.cfg.learner, bal: event.bal, val: event.val } });
    }),
  },
}).createMachine({
  id: 'tla-paxos.acceptor',
  context: ({ input }) => ({ cfg: input, maxBal: -1, maxVBal: -1, maxVal: null }),
  initial: 'serving',
  states: {
    serving: {
      on: {
        'tla.1a': { guard: 'isAboveMaxBal', actions: 'phase1b' },
        'tla.2a': { guard: 'isAtLeastMaxBal', actions: 'phase2b' },
      },
    },
  },
});

export interface Vote {
  readonly acc: string;
  readonly bal: number;
  readonly val: Value;
}

export interface LearnerInput {
  readonly quorum: number;
}

export interface LearnerContext {
  readonly cfg: LearnerInput;
  /** The 2b's received, sorted by (bal, acc, val). */
  readonly votes: readonly Vote[];
  /** The values chosen: a quorum of acceptors voted for it in one ballot (sorted). */
  readonly chosen: readonly Value[];
}

const compareVote = (x: Vote, y: Vote): number => x.bal - y.bal || (x.acc < y.acc ? -1 : x.acc > y.acc ? 1 : 0) || (x.val < y.val ? -1 : x.val > y.val ? 1 : 0);

/** ChosenAt(b, v) == \E Q \in Quorum : \A a \in Q : VotedFor(a, b, v), over the votes seen. */
export function chosenValues(votes: readonly Vote[], quorum: number): Value[] {
  const voters = new Map<string, Set<string>>();
  for (const v of votes) {
    const k = JSON.stringify([v.bal, v.val]);
    voters.set(k, (voters.get(k) ?? new Set()).add(v.acc));
  }
  const chosen = new Set<Value>();
  for (const [k, accs] of voters) if (accs.size >= quorum) chosen.add((JSON.parse(k) as [number, Value])[1]);
  return [...chosen].sort();
}

/** Learner: records the 2b's and the values chosen. */
export const learnerMachine = setup({
  types: {
    input: {} as LearnerInput,
    context: {} as LearnerContext,
    events: {} as TlaPaxosMessage,
  },
  guards: {
    isNewVote: ({ context, event }) =>
      event.type === 'tla.2b' && !context.votes.some((v) => v.acc === event.from && v.bal === event.bal && v.val === event.val),
  },
  actions: {
    recordVote: assign(({ context, event }) => {
      assertEvent(event, 'tla.2b');
      const votes = [...context.votes, { acc: event.from, bal: event.bal, val: event.val }].sort(compareVote);
      return { votes, chosen: chosenValues(votes, context.cfg.quorum) };
    }),
  },
}).createMachine({
  id: 'tla-paxos.learner',
  context: ({ input }) => ({ cfg: input, votes: [], chosen: [] }),
  initial: 'learning',
  states: {
    learning: { on: { 'tla.2b': { guard: 'isNewVote', actions: 'recordVote' } } },
  },
});

export interface TlaPaxosSizes {
  readonly acceptors: number;
  readonly ballots: number;
  readonly values: readonly Value[];
}

export function describeTlaPaxosMessage(m: TlaPaxosMessage): string {
  switch (m.type) {
    case 'tla.1a':
      return `1a(b=${m.bal}, ${m.from}→${m.to})`;
    case 'tla.1b':
      return `1b(b=${m.bal}, ${m.from}→${m.to}, ${m.mbal < 0 ? 'voted none' : `voted ${m.mval} at ${m.mbal}`})`;
    case 'tla.2a':
      return `2a(b=${m.bal}, ${m.from}→${m.to}, ${m.val})`;
    case 'tla.2b':
      return `2b(b=${m.bal}, ${m.from}→${m.to}, ${m.val})`;
  }
}

/**
 * The acceptors are interchangeable (declared for the naive explorer's
 * symmetry option): leaders send to all of them alike, keep their 1b's as a
 * set sorted by acceptor and decide by quorums (every subset of a size), two
 * votes of one ballot carry one value, and the learner counts voters.
 */
function tlaPaxosSymmetry(acceptors: readonly string[]): SymmetrySpec {
  return {
    groups: [acceptors],
    why: 'the acceptors differ only in their names',
    renameContext: (role: string, context: unknown, rename: Rename) => {
      switch (role) {
        case 'leader': {
          const c = context as LeaderContext;
          return { ...c, cfg: { ...c.cfg, acceptors: c.cfg.acceptors.map(rename).sort() }, promises: c.promises.map((p) => ({ ...p, acc: rename(p.acc) })).sort(byAcc) };
        }
        case 'acceptor': {
          const c = context as AcceptorContext;
          return { ...c, cfg: { ...c.cfg, self: rename(c.cfg.self) } };
        }
        case 'learner': {
          const c = context as LearnerContext;
          return { ...c, votes: c.votes.map((v) => ({ ...v, acc: rename(v.acc) })).sort(compareVote) };
        }
        default:
          throw new RangeError(`tla-paxos has no role ${role}`);
      }
    },
    renameMessage: (msg: Envelope, rename: Rename) => ({ ...msg, from: rename(msg.from), to: rename(msg.to) }),
  };
}

/** The system: leaders b0..b(B-1), acceptors a0..a(n-1), learner l0; network `set`. */
export function tlaPaxosSystem(sizes: TlaPaxosSizes, bug: TlaPaxosBug | null = null): SystemSpec<TlaPaxosMessage> {
  const acceptors = Array.from({ length: sizes.acceptors }, (_, i) => `a${i}`);
  const quorum = Math.floor(sizes.acceptors / 2) + 1;
  const learner = 'l0';
  const nodes = [
    ...Array.from({ length: sizes.ballots }, (_, ballot) => ({
      name: `b${ballot}`,
      role: 'leader',
      logic: leaderMachine,
      input: { self: `b${ballot}`, ballot, acceptors, quorum, values: sizes.values, bug } satisfies LeaderInput,
      environment: [{ type: 'PHASE1A' }, ...sizes.values.map((value) => ({ type: 'PHASE2A', value }))],
    })),
    ...acceptors.map((self) => ({ name: self, role: 'acceptor', logic: acceptorMachine, input: { self, learner } satisfies AcceptorInput, environment: [] })),
    { name: learner, role: 'learner', logic: learnerMachine, input: { quorum } satisfies LearnerInput, environment: [] },
  ];
  const learnerSlot = nodes.length - 1;
  return {
    protocol: 'tla-paxos',
    nodes,
    network: 'set',
    symmetry: tlaPaxosSymmetry(acceptors),
    properties: [
      always(
        'consistency',
        'at most one value is chosen (Paxos.tla: Consistency == \\A v1, v2 \\in Value : Chosen(v1) /\\ Chosen(v2) => v1 = v2), as the learner sees the votes',
        (view) => (view.locals[learnerSlot] as LearnerContext).chosen.length <= 1,
        [learnerSlot],
      ),
    ],
    describeMessage: describeTlaPaxosMessage,
    describeEnvironment: (node, event) => (event.type === 'PHASE2A' ? `${node} Phase2a(${(event as { value?: Value }).value})` : `${node} Phase1a`),
  };
}

/** The full configuration (3 acceptors, ballots 0..1, 2 values), pinned from the naive explorer (`npm run test:long` re-derives them). */
export const FULL = { acceptors: 3, ballots: 2, values: ['v1', 'v2'] };
export const FULL_COUNTS = { states: 102_844, transitions: 333_398, depth: 28 };
/** The same counted up to renaming the acceptors (naive `symmetry: true`). */
export const FULL_ORBITS = { states: 18_732, transitions: 60_822, depth: 28 };
