/**
 * The rules of Viewstamped Replication Revisited (Liskov & Cowling, MIT TR
 * 2012) as pure functions the replica machine calls and the tests check
 * directly: who is primary (§4), when the primary commits (§4.1 step 4),
 * which log a new primary takes (§4.2 step 3), and when a recovering replica
 * has heard enough (§4.3 step 3). Op-numbers are 1-based, as in the paper:
 * `log[n - 1]` is the request with op-number n.
 */
import type { NodeId } from '../core/ids.js';
import { applyCommitted, type Applied } from '../raft/log.js';
import type { VrBug } from './bugs.js';
import type { LogEntry, View } from './messages.js';
import type { DoViewChangeRecord, RecoveryRecord, ReplicaConfig } from './state.js';

/** §4: the primary is chosen round-robin as views advance: replica v mod N (numbered from 0 here) leads view v. */
export function primaryOf(cfg: Pick<ReplicaConfig, 'replicas'>, view: View): NodeId {
  return cfg.replicas[view % cfg.replicas.length] as NodeId;
}

/**
 * §4.1 step 4: the primary considers op n committed once f backups sent a
 * PrepareOK for n or later (a PrepareOK for n says the backup holds every op
 * up to n: backups take prepares in order, §4.1 step 3). Returns the largest
 * such n within the log, or `commit` when none is above it.
 */
export function committedUpTo(acks: readonly number[], self: number, logLength: number, f: number, commit: number): number {
  for (let n = logLength; n > commit; n--) {
    let backups = 0;
    acks.forEach((a, i) => {
      if (i !== self && a >= n) backups++;
    });
    if (backups >= f) return n;
  }
  return commit;
}

/** §4.2 step 3: how many DoViewChange messages (its own included) the new primary waits for: f + 1 (f under `view-change-quorum-f`). */
export function doViewChangeQuorum(cfg: Pick<ReplicaConfig, 'f'> & { readonly bug?: VrBug | null }): number {
  return cfg.bug === 'view-change-quorum-f' ? cfg.f : cfg.f + 1;
}

/**
 * §4.2 step 3: the new primary "selects as the new log the one contained in
 * the message with the largest v'; if several messages have the same v' it
 * selects the one among them with the largest n". Under `log-by-opnumber`
 * only n counts. Ties go to the first record (records are sorted by sender);
 * in the correct protocol tied records hold the same log.
 */
export function selectLog(records: readonly DoViewChangeRecord[], bug: VrBug | null): DoViewChangeRecord {
  let best = records[0];
  if (best === undefined) throw new RangeError('selectLog: no DoViewChange');
  for (const r of records) {
    const byView = bug === 'log-by-opnumber' ? 0 : r.lastNormal - best.lastNormal;
    if (byView > 0 || (byView === 0 && r.log.length > best.log.length)) best = r;
  }
  return best;
}

/** §4.2 step 3: the new commit-number is the largest k of the DoViewChange messages. */
export function largestCommit(records: readonly DoViewChangeRecord[]): number {
  return records.reduce((k, r) => Math.max(k, r.commit), 0);
}

/**
 * §4.3 step 3: the recovering replica may finish once it holds f + 1
 * responses to its nonce, one of them from the primary of the latest view
 * they report (with that view). Returns that primary's response, or null
 * while the replica must wait.
 */
export function recoverySource(records: readonly RecoveryRecord[], cfg: Pick<ReplicaConfig, 'replicas' | 'f'>): RecoveryRecord | null {
  if (records.length < cfg.f + 1) return null;
  const latest = records.reduce((v, r) => Math.max(v, r.view), 0);
  const primary = records.find((r) => r.view === latest && r.from === primaryOf(cfg, latest) && r.log !== null);
  return primary ?? null;
}

/**
 * Executes the log's operations up to commit-number k beyond those already
 * executed, in op-number order (§4.1 steps 4 and 6): the register's upcalls.
 * Returns the executed operations and the results of those just run.
 */
export function executeUpTo(log: readonly LogEntry[], executed: readonly LogEntry[], commit: number): { readonly executed: readonly LogEntry[]; readonly results: readonly Applied[] } {
  const { applied, results } = applyCommitted(log, executed, commit);
  return { executed: applied, results };
}

/** Whether two entries are the same request. */
export function sameEntry(a: LogEntry | undefined, b: LogEntry | undefined): boolean {
  return a !== undefined && b !== undefined && a.id === b.id;
}
