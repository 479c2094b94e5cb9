/**
 * A new protocol, defined and checked: two clients each propose a value to
 * two replicas, and a replica chooses once it holds every client's vote,
 * taking the smallest (so every replica chooses the same). Its broken
 * variant is an override (`machine.provide`) of one named guard: a replica
 * that chooses on the first vote it gets. The explorer enumerates every
 * interleaving; the correct protocol holds, the variant breaks agreement,
 * and its shortest counterexample is rendered as text.
 * NOTE: a toy, not a paper's protocol: no faults, one shot.
 */
import { assign, enqueueActions, setup } from 'xstate';
import { explorer, spec } from '../index.js';

/** The one message: a client's vote for its value (`from` and `to` are node names). */
export interface Vote {
  readonly type: 'demo.vote';
  readonly from: string;
  readonly to: string;
  readonly value: string;
}

interface ClientContext {
  readonly self: string;
  readonly value: string;
  readonly replicas: readonly string[];
}

/** A client: on PROPOSE (an environment event the explorer offers), it votes for its value at every replica. */
export const clientMachine = setup({
  types: { input: {} as ClientContext, context: {} as ClientContext, events: {} as { type: 'PROPOSE' }, emitted: {} as spec.SendEvent<Vote> },
  actions: {
    voteEverywhere: enqueueActions(({ context, enqueue }) => {
      for (const to of context.replicas) enqueue.emit({ type: 'send', msg: { type: 'demo.vote', from: context.self, to, value: context.value } });
    }),
  },
}).createMachine({
  id: 'demo.client',
  context: ({ input }) => input,
  initial: 'idle',
  states: { idle: { on: { PROPOSE: { target: 'done', actions: 'voteEverywhere' } } }, done: {} },
});

/** A replica's context: the votes it holds (a sorted set, so that the state is canonical) and its choice. */
export interface ReplicaContext {
  readonly self: string;
  readonly clients: number;
  readonly votes: readonly string[];
  readonly chosen: string | null;
}

/** A replica: records each vote; once `hasEveryVote`, chooses the smallest value it holds. */
export const replicaMachine = setup({
  types: { input: {} as { self: string; clients: number }, context: {} as ReplicaContext, events: {} as Vote },
  guards: {
    /** It holds a vote from every client (the `first-vote` variant overrides it). */
    hasEveryVote: ({ context }) => context.votes.length === context.clients,
  },
  actions: {
    record: assign(({ context, event }) => ({ votes: [...context.votes, event.value].sort() })),
    choose: assign(({ context }) => ({ chosen: context.votes[0] ?? null })),
  },
}).createMachine({
  id: 'demo.replica',
  context: ({ input }) => ({ ...input, votes: [], chosen: null }),
  initial: 'listening',
  states: {
    listening: { on: { 'demo.vote': { target: 'counting', actions: 'record' } } },
    counting: { always: [{ guard: 'hasEveryVote', target: 'chosen', actions: 'choose' }, { target: 'listening' }] },
    // NOTE: a vote that arrives after the choice is consumed and changes nothing.
    chosen: {},
  },
});

/** The broken variant: a replica chooses on the first vote it gets. */
export const firstVoteReplica = replicaMachine.provide({ guards: { hasEveryVote: () => true } });

/** Agreement: every replica that chose, chose the same value. */
const agreement = spec.always<spec.SystemView>('agreement', 'every replica that chose, chose the same value', (view) => {
  const chosen = view.locals.flatMap((c) => ((c as Partial<ReplicaContext>).chosen ? [(c as ReplicaContext).chosen] : []));
  return new Set(chosen).size <= 1;
});

/** Two clients c0, c1 (proposing a and b) and two replicas r0, r1; `replica` is the replicas' machine. */
export function voteSystem(replica: typeof replicaMachine = replicaMachine): spec.SystemSpec<Vote> {
  const replicas = ['r0', 'r1'];
  return {
    protocol: 'demo',
    nodes: [
      ...['a', 'b'].map((value, i) => ({ name: `c${i}`, role: 'client', logic: clientMachine, input: { self: `c${i}`, value, replicas }, environment: [{ type: 'PROPOSE' }] })),
      ...replicas.map((self) => ({ name: self, role: 'replica', logic: replica, input: { self, clients: 2 }, environment: [] })),
    ],
    properties: [agreement],
    describeMessage: (m) => `Vote(${m.value}, ${m.from}→${m.to})`,
  };
}

/** Checks both variants; returns the verdicts and the broken variant's counterexample as text. */
export function checkVotes(): { readonly correct: string; readonly firstVote: string; readonly trace: string } {
  const correct = explorer.check(voteSystem());
  const system = voteSystem(firstVoteReplica);
  const broken = explorer.check(system);
  const trace = broken.trace === undefined ? '' : explorer.renderTextTrace(broken.trace, { describeMessage: system.describeMessage });
  return { correct: correct.status, firstVote: broken.status, trace };
}
