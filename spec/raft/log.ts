/**
 * The log rules of Raft — Ongaro & Ousterhout (2014), Figure 2 and §5.3-5.4,
 * as pure functions the server machine calls and the tests check directly:
 * the up-to-date comparison of RequestVote (§5.4.1), the consistency check
 * and conflict truncation of AppendEntries (§5.3), the leader's commit rule
 * (§5.3, §5.4.2) and applying committed entries to the register.
 * Indices are 1-based as in the paper: `log[i - 1]` is the entry at index i.
 */
import { register, type RegisterOp, type RegisterResult } from '../multipaxos/register.js';
import type { LogEntry, Term } from './messages.js';

/** Index of the last entry (0 for an empty log). */
export function lastLogIndex(log: readonly LogEntry[]): number {
  return log.length;
}

/** Term of the last entry (0 for an empty log). */
export function lastLogTerm(log: readonly LogEntry[]): Term {
  return log[log.length - 1]?.term ?? 0;
}

/** The term of the entry at index i (0 for index 0); undefined beyond the log. */
export function termAt(log: readonly LogEntry[], index: number): Term | undefined {
  if (index === 0) return 0;
  return log[index - 1]?.term;
}

/**
 * §5.4.1: a candidate's log (last entry `lastIndex`@`lastTerm`) is at least as
 * up-to-date as `log`: its last term is higher, or equal with an index at least as long.
 */
export function isUpToDate(lastTerm: Term, lastIndex: number, log: readonly LogEntry[]): boolean {
  const mine = lastLogTerm(log);
  return lastTerm > mine || (lastTerm === mine && lastIndex >= lastLogIndex(log));
}

/** §5.3, AppendEntries receiver rule 2: the log holds an entry at prevLogIndex whose term is prevLogTerm (always true for 0). */
export function matchesPrev(log: readonly LogEntry[], prevLogIndex: number, prevLogTerm: Term): boolean {
  return termAt(log, prevLogIndex) === prevLogTerm;
}

function sameEntry(a: LogEntry, b: LogEntry): boolean {
  return a.term === b.term && a.id === b.id;
}

/**
 * AppendEntries receiver rules 3 and 4: the entries go at prevLogIndex+1 on;
 * an existing entry that conflicts with a new one (same index, different
 * term) is deleted with all that follow it; entries already there are kept
 * (a stale or repeated AppendEntries never truncates a longer matching log).
 * The log must match at prevLogIndex; without the consistency check (the
 * `append-without-consistency-check` bug) a log shorter than prevLogIndex
 * gets the entries right after its last one.
 */
export function mergeEntries(log: readonly LogEntry[], prevLogIndex: number, entries: readonly LogEntry[]): readonly LogEntry[] {
  const start = Math.min(prevLogIndex, log.length);
  let out: LogEntry[] | null = null;
  for (let k = 0; k < entries.length; k++) {
    const i = start + k;
    const mine = (out ?? log)[i];
    const theirs = entries[k] as LogEntry;
    if (mine !== undefined && mine.term === theirs.term) continue;
    out = [...(out ?? log).slice(0, i), theirs];
    for (let j = k + 1; j < entries.length; j++) out.push(entries[j] as LogEntry);
    break;
  }
  return out ?? log;
}

/**
 * The leader's commit rule (§5.3, §5.4.2; Figure 2, Rules for Servers,
 * Leaders): the largest N above `commitIndex` such that a majority of
 * matchIndex[i] ≥ N (the leader counts its own log) and log[N].term ==
 * currentTerm. `oldTerms` drops the term condition (the `commit-old-term`
 * bug, Figure 8). Returns `commitIndex` when no N qualifies.
 */
export function advanceCommit(
  log: readonly LogEntry[],
  currentTerm: Term,
  commitIndex: number,
  othersMatch: readonly number[],
  quorum: number,
  oldTerms = false,
): number {
  for (let n = log.length; n > commitIndex; n--) {
    if (!oldTerms && (log[n - 1] as LogEntry).term !== currentTerm) continue;
    const replicas = 1 + othersMatch.filter((m) => m >= n).length;
    if (replicas >= quorum) return n;
  }
  return commitIndex;
}

/** The reply a server owes a client after applying its request. */
export interface Applied {
  readonly id: string;
  readonly result: RegisterResult;
}

/**
 * Applies the log's entries up to `commitIndex` beyond those already
 * applied, on the register. A request id applied before is skipped (§8: the
 * state machine tracks the requests it executed and does not run one twice;
 * a new leader may have appended a request its predecessor already had).
 * Returns the applied entries and the results of the requests just executed.
 * Generic in the entry type: Viewstamped Replication (`spec/vr/log.ts`)
 * executes its untermed entries with it too.
 */
export function applyCommitted<E extends { readonly id: string; readonly op: RegisterOp }>(
  log: readonly E[],
  applied: readonly E[],
  commitIndex: number,
): { readonly applied: readonly E[]; readonly results: readonly Applied[] } {
  const upTo = Math.min(commitIndex, log.length);
  if (upTo <= applied.length) return { applied, results: [] };
  let state = register.initial;
  const seen = new Set<string>();
  for (const e of applied) {
    if (seen.has(e.id)) continue;
    seen.add(e.id);
    state = register.apply(state, e.op)[0];
  }
  const out = [...applied];
  const results: Applied[] = [];
  for (let i = applied.length; i < upTo; i++) {
    const e = log[i] as E;
    out.push(e);
    if (seen.has(e.id)) continue;
    seen.add(e.id);
    const [next, result] = register.apply(state, e.op);
    state = next;
    results.push({ id: e.id, result });
  }
  return { applied: out, results };
}

/** Whether two entries are the same (same term and request). */
export function entriesEqual(a: LogEntry | undefined, b: LogEntry | undefined): boolean {
  return a !== undefined && b !== undefined && sameEntry(a, b);
}
