/**
 * The slot arithmetic of Multi-Paxos, shared by the proposer, the replicas
 * and S-Paxos: what a new leader proposes after phase 1 ("Paxos Made Simple"
 * §3), how requests are assigned to free slots, and how a replica executes a
 * decided log (PMMC, the replica's `perform`).
 */
import { insertSorted } from '../core/sorted.js';
import type { AcceptedMsg, Batch, DecideMsg, Entry, SlotVote } from './messages.js';
import { register, type RegisterOp, type RegisterResult } from './register.js';
import { sameBatch, type Tally } from './state.js';

/** A proposer's current ballot: its r-th ballot is (r - 1) * P + index (round 0: none yet). */
export function ballotOf(s: { readonly round: number; readonly cfg: { readonly proposers: number; readonly index: number } }): number {
  return (s.round - 1) * s.cfg.proposers + s.cfg.index;
}

/**
 * The proposals of a new leader, per slot, from the votes a quorum reported:
 * the batch of the highest-ballot vote in each slot; a gap below the highest
 * voted slot becomes a no-op (`[]`); slots above it stay free (null).
 */
export function recoverProposals(reports: readonly (readonly SlotVote[])[], slots: number): (Batch | null)[] {
  const best: (SlotVote | null)[] = new Array<SlotVote | null>(slots).fill(null);
  let top = -1;
  for (const votes of reports) {
    for (const v of votes) {
      if (v.slot < 0 || v.slot >= slots) throw new RangeError(`a vote for slot ${v.slot} in a log of ${slots} slots`);
      const cur = best[v.slot];
      if (cur === null || cur === undefined || v.ballot > cur.ballot) best[v.slot] = v;
      if (v.slot > top) top = v.slot;
    }
  }
  return best.map((v, slot) => (v !== null ? v.batch : slot < top ? [] : null));
}

/** Whether request `id` is proposed in some slot. */
function isProposed(proposals: readonly (Batch | null)[], id: string): boolean {
  return proposals.some((b) => b !== null && b.some((e) => e.id === id));
}

/**
 * Assigns the requests not yet proposed, `batch` at a time in id order, to the
 * free slots after the last proposed one. Returns the new proposals and the
 * slots just filled. NOTE: requests left when the slots run out are never ordered.
 */
export function assignRequests(
  proposals: readonly (Batch | null)[],
  requests: readonly Entry[],
  batch: number,
): { readonly proposals: readonly (Batch | null)[]; readonly filled: readonly number[] } {
  const waiting = requests.filter((r) => !isProposed(proposals, r.id));
  let next = proposals.length;
  while (next > 0 && proposals[next - 1] === null) next--;
  const out = [...proposals];
  const filled: number[] = [];
  while (waiting.length >= batch && next < out.length) {
    out[next] = waiting.splice(0, batch);
    filled.push(next++);
  }
  return filled.length === 0 ? { proposals, filled } : { proposals: out, filled };
}

/** How many slots from 0 are decided without a gap. */
export function decidedPrefix(log: readonly (Batch | null)[]): number {
  let n = 0;
  while (n < log.length && log[n] !== null) n++;
  return n;
}

/** A reply a replica owes a client after executing a request. */
export interface Execution {
  readonly id: string;
  readonly result: RegisterResult;
}

/**
 * Executes the decided prefix of `log` beyond what `executed` already holds:
 * each request id once (a repeated id is skipped, PMMC's "already performed"),
 * in slot order, stopping at the first request whose command `opOf` does not
 * know yet (S-Paxos: the request has not arrived). Returns the new executed
 * list and the results of the requests just executed.
 */
export function executeLog(
  log: readonly (Batch | null)[],
  executed: readonly string[],
  opOf: (entry: Entry) => RegisterOp | undefined,
): { readonly executed: readonly string[]; readonly results: readonly Execution[] } {
  const order: Entry[] = [];
  const ids = new Set<string>();
  for (let s = 0; s < decidedPrefix(log); s++) {
    for (const e of log[s] as Batch) {
      if (!ids.has(e.id)) order.push(e);
      ids.add(e.id);
    }
  }
  let state = register.initial;
  const out = [...executed];
  const results: Execution[] = [];
  for (let i = 0; i < order.length; i++) {
    const e = order[i] as Entry;
    const op = opOf(e);
    if (op === undefined) break;
    const [next, result] = register.apply(state, op);
    state = next;
    if (i >= executed.length) {
      out.push(e.id);
      results.push({ id: e.id, result });
    }
  }
  return results.length === 0 ? { executed, results } : { executed: out, results };
}

/** What a replica knows of decisions: its log and, in the 2b-to-all variant, the tallies of undecided slots. */
export interface Learning {
  readonly log: readonly (Batch | null)[];
  readonly tallies: readonly Tally[];
}

function compareTally(a: Tally, b: Tally): number {
  return a.slot - b.slot || a.ballot - b.ballot;
}

/**
 * A replica learns from a Decide (the leader's word) or a 2b (2b-to-all: a
 * slot is decided once `decisionQuorum` acceptors accepted one batch in one
 * ballot; the tallies of a decided slot are dropped). Returns `k` unchanged
 * when the slot is already decided.
 */
export function learn(k: Learning, msg: DecideMsg | AcceptedMsg, decisionQuorum: number): Learning {
  if (k.log[msg.slot] !== null) return k;
  let tallies = k.tallies;
  if (msg.type === 'mp.accepted') {
    const old = tallies.find((t) => t.slot === msg.slot && t.ballot === msg.ballot);
    if (old !== undefined && !sameBatch(old.batch, msg.batch)) throw new Error(`two batches for slot ${msg.slot} in ballot ${msg.ballot}`);
    const acceptors = insertSorted(old?.acceptors ?? [], msg.from, (a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (acceptors.length < decisionQuorum) {
      const tally: Tally = { slot: msg.slot, ballot: msg.ballot, batch: msg.batch, acceptors };
      return { log: k.log, tallies: insertSorted(tallies.filter((t) => t !== old), tally, compareTally) };
    }
  }
  return { log: k.log.map((b, i) => (i === msg.slot ? msg.batch : b)), tallies: tallies.filter((t) => t.slot !== msg.slot) };
}
