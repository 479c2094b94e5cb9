/**
 * The synod with unbounded ballots, made finite for liveness checking: a
 * ballot-renaming quotient (`SystemSpec.quotient`, `explorer/quotient.ts`)
 * and the environment the FLP demonstration needs (docs/impossibility.md,
 * "Unbounded ballots: the dueling proposers as a cycle").
 *
 * Why renaming ballots is a bisimulation: the machines use a ballot only to
 * compare it with another (`>`, `>=`, `===`, the highest vote reported) and a
 * proposer computes its own next ballot from its round (`ballotOf`: ballot
 * (k-1)P + i + 1 in round k). Let L be the lowest current ballot of the
 * proposers (all of them have started). Every ballot a proposer will ever
 * start is above L, so a ballot below L ("old") is only ever compared with
 * other ballots already in the state. A renaming φ that is strictly
 * increasing, keeps 0 ("none"), maps the ballots ≥ L down by kP (and each
 * proposer's round down by k) and the old ballots onto 1..D in order (D of
 * them) commutes with every step and keeps every property (they read only
 * what the learner decided, which holds values, not ballots). The normal
 * form takes the largest such k: the lowest current ballot lands in
 * D+1..D+P.
 *
 * Before renaming, two kinds of dead weight are dropped, each exactly:
 * - a message its receiver refuses for good (`synodIgnores`: a Prepare at or
 *   below the acceptor's promise, an Accept below it, a Promise for a ballot
 *   its proposer has left, a vote the learner holds). Delivering it changes
 *   nothing now or later, so a run of the quotient lifts to a concrete run
 *   that delivers it at once (`explorer/quotient.ts`);
 * - the learner's votes of a *closed* ballot: one for which no live Accept
 *   or Accepted is in flight and whose proposer no longer prepares it (so no
 *   Accept of it can be sent). The learner counts votes per ballot, so a
 *   closed ballot's votes can never help it decide again; what it decided is kept.
 *   NOTE: this changes the learner's context, which only `decided` of is read.
 */
import type { Envelope } from '../core/envelope.js';
import type { EnvironmentEvent, NormalForm, QuotientState, StateQuotient } from '../core/system.js';
import { synodIgnores } from './ignores.js';
import type { SynodMessage } from './messages.js';
import { ballotOf } from './safe-value.js';
import { compareVote, type AcceptorState, type Ballot, type LearnerState, type ProposerState } from './state.js';

/**
 * The round budget of a proposer with unbounded ballots.
 * NOTE: a finite number, so that contexts stay canonical JSON; the quotient
 *   keeps rounds small (they are renamed down), so it is never reached.
 */
export const UNBOUNDED_ROUNDS = 2 ** 30;

type Node = QuotientState['nodes'][number];

function current(s: ProposerState): Ballot {
  return ballotOf(s.round, s.cfg.index, s.cfg.proposers);
}

/** Whether message `m` is live: its receiver (found by name) does not refuse it for good. */
function liveness(state: QuotientState): boolean[] {
  const byName = new Map(state.nodes.map((n) => [n.name, n] as const));
  return state.messages.map((m) => {
    const to = byName.get(m.to);
    return to === undefined || !synodIgnores(to, m);
  });
}

/** Whether ballot `b` may still gather votes at the learner: a live Accept or Accepted of it, or its proposer still preparing it. */
function isOpen(b: Ballot, live: readonly SynodMessage[], proposers: readonly Node[]): boolean {
  if (live.some((m) => (m.type === 'synod.accept' || m.type === 'synod.accepted') && m.ballot === b)) return true;
  return proposers.some((p) => p.value === 'preparing' && current(p.context as ProposerState) === b);
}

/** The strictly increasing ballot renaming of a state: φ and whether it moves anything. */
interface Renaming {
  readonly phi: (b: Ballot) => Ballot;
  /** Rounds move down by this much (ballots ≥ L by k·P). */
  readonly k: number;
  readonly moves: boolean;
}

function renamingOf(proposers: readonly Node[], ballots: readonly Ballot[]): Renaming {
  const identity: Renaming = { phi: (b) => b, k: 0, moves: false };
  const states = proposers.map((p) => p.context as ProposerState);
  // A proposer that has not started will start at its first ballot i+1: nothing can be renamed yet.
  if (states.length === 0 || states.some((s) => s.round === 0)) return identity;
  const P = (states[0] as ProposerState).cfg.proposers;
  const low = Math.min(...states.map(current));
  const old = [...new Set(ballots.filter((b) => b > 0 && b < low))].sort((a, b) => a - b);
  const D = old.length;
  // The lowest current ballot goes to the least value ≥ D+1 that keeps its owner (mod P).
  const target = D + 1 + ((((low - (D + 1)) % P) + P) % P);
  const k = (low - target) / P;
  const rank = new Map(old.map((b, i) => [b, i + 1] as const));
  const moves = k > 0 || old.some((b, i) => b !== i + 1);
  return { phi: (b) => (b === 0 ? 0 : b < low ? (rank.get(b) as number) : b - k * P), k, moves };
}

/** Every ballot a state holds (for the old ones' ranks). */
function ballotsOf(nodes: readonly { role: string; context: unknown }[], live: readonly SynodMessage[]): Ballot[] {
  const out: Ballot[] = [];
  for (const n of nodes) {
    if (n.role === 'acceptor') {
      const s = n.context as AcceptorState;
      out.push(s.promised, s.votedBallot);
    } else if (n.role === 'proposer') {
      const s = n.context as ProposerState;
      out.push(current(s));
      for (const p of s.promises) out.push(p.votedBallot);
    } else if (n.role === 'learner') {
      for (const v of (n.context as LearnerState).votes) out.push(v.ballot);
    }
  }
  for (const m of live) {
    out.push(m.ballot);
    if (m.type === 'synod.promise') out.push(m.votedBallot);
  }
  return out;
}

/** The synod's normal form (see the file header). */
export function normaliseSynod(state: QuotientState): NormalForm {
  const liveMask = liveness(state);
  const live = state.messages.filter((_, i) => liveMask[i] === true) as SynodMessage[];
  const proposers = state.nodes.filter((n) => n.role === 'proposer');
  // Drop the learner's votes of closed ballots.
  const nodes = state.nodes.map((n) => {
    if (n.role !== 'learner') return n;
    const s = n.context as LearnerState;
    const votes = s.votes.filter((v) => isOpen(v.ballot, live, proposers));
    return votes.length === s.votes.length ? n : { ...n, context: { ...s, votes } };
  });
  const { phi, k, moves } = renamingOf(proposers, ballotsOf(nodes, live));
  const contexts = nodes.map((n) => {
    if (!moves) return n.context;
    switch (n.role) {
      case 'proposer': {
        const s = n.context as ProposerState;
        return { ...s, round: s.round - k, promises: s.promises.map((p) => ({ ...p, votedBallot: phi(p.votedBallot) })) };
      }
      case 'acceptor': {
        const s = n.context as AcceptorState;
        return { ...s, promised: phi(s.promised), votedBallot: phi(s.votedBallot) };
      }
      case 'learner': {
        const s = n.context as LearnerState;
        return { ...s, votes: s.votes.map((v) => ({ ...v, ballot: phi(v.ballot) })).sort(compareVote) };
      }
      default:
        return n.context;
    }
  });
  const messages = state.messages.map((e: Envelope, i): Envelope | null => {
    if (liveMask[i] !== true) return null;
    if (!moves) return e;
    const m = e as SynodMessage;
    const renamed: SynodMessage = m.type === 'synod.promise' ? { ...m, ballot: phi(m.ballot), votedBallot: phi(m.votedBallot) } : { ...m, ballot: phi(m.ballot) };
    return renamed as Envelope;
  });
  return { contexts, messages, renamed: moves };
}

/**
 * Patient timers: a proposer times out only when its round can no longer
 * move, i.e. it is idle or no live message of its current ballot is in
 * flight; and no proposer times out once a value is decided.
 * NOTE: an environment restriction, not a reduction: it models a timeout
 *   longer than a round's message delays (the synchrony that Paxos's
 *   liveness argument assumes of a leader's round). Without it, weak fairness
 *   on TIMEOUT lets a lone proposer time out before each round completes,
 *   forever. It reads only what the normal form keeps.
 */
export function synodPatientTimeout(state: QuotientState, slot: number, event: EnvironmentEvent): boolean {
  const node = state.nodes[slot];
  if (event.type !== 'TIMEOUT' || node === undefined || node.role !== 'proposer') return true;
  // NOTE: once a value is decided, timers stop (as if the learner announced it; the announcement is not modelled).
  if (state.nodes.some((n) => n.role === 'learner' && (n.context as LearnerState).decided.length > 0)) return false;
  const s = node.context as ProposerState;
  if (s.round === 0) return true;
  const b = current(s);
  const liveMask = liveness(state);
  return !state.messages.some((m, i) => liveMask[i] === true && (m as SynodMessage).ballot === b);
}

/**
 * The state constraint: every proposer starts its first ballot before any
 * proposer starts its second.
 * NOTE: a proposer that has not started blocks renaming (its first ballot
 *   is fixed), so without this the quotient of three or more proposers is
 *   infinite. Counterexamples stay genuine runs; a "holds" covers only the
 *   runs inside it. With P ≤ 2 and patient timers it never prunes: a
 *   proposer's second ballot needs its first pre-empted, by the other one.
 */
export function synodAllStarted(state: QuotientState): boolean {
  const rounds = state.nodes.filter((n) => n.role === 'proposer').map((n) => (n.context as ProposerState).round);
  return !(rounds.some((r) => r === 0) && rounds.some((r) => r >= 2));
}

/** How far a loop of the lifted run raised the ballots: the lowest current ballot's rise. */
export function describeSynodLoop(from: QuotientState, to: QuotientState): string {
  const low = (s: QuotientState): number => Math.min(...s.nodes.filter((n) => n.role === 'proposer').map((n) => current(n.context as ProposerState)));
  const d = low(to) - low(from);
  return d === 0 ? '' : `every ballot in play raised by ${d}`;
}

/** The quotient the synod declares when its ballots are unbounded. */
export const SYNOD_BALLOT_QUOTIENT: StateQuotient = {
  why: 'ballots are compared, never counted: renaming them (ballots at or above the lowest current one lowered by a multiple of P, older ones packed below in order) and dropping messages refused for good and the learner\'s votes of closed ballots gives a bisimilar state',
  normalise: normaliseSynod,
  allowsEnvironment: synodPatientTimeout,
  withinBoundary: synodAllStarted,
  describeLoop: describeSynodLoop,
};
