/**
 * PBFT's quorum maths — Castro & Liskov, OSDI 1999, §4 (§4.2 prepared and
 * committed-local, §4.1 the client's f+1 replies, §4.4 the new primary's
 * 2f+1 view-change messages), derived from n and the f the replicas assume.
 *
 * The paper fixes n = 3f+1 and counts 2f+1 = n − f. For other n the model
 * keeps the shape of the rules in n and f: quorum Q = n − f; prepared = an
 * accepted pre-prepare + Q − 1 matching prepares from distinct replicas other
 * than the primary (a backup's own prepare counts); committed-local =
 * prepared + Q matching commits (its own included); a client accepts a result
 * on f+1 matching replies. Any two quorums share n − 2f replicas, at least
 * one of them correct exactly when n ≥ 3f+1 and no more than f replicas are
 * faulty: n = 3, f = 1 (Q = 2) stays live but is not safe.
 */
import type { NodeId } from '../core/ids.js';
import type { PbftBug } from './bugs.js';
import type { View } from './messages.js';

/** The thresholds a replica and the clients use. */
export interface Quorums {
  /** Q = n − f: view-change messages for a new view, and commits for committed-local. */
  readonly quorum: number;
  /** Matching prepares (from replicas other than the primary) for prepared: Q − 1, or f under `weak-prepare`. */
  readonly prepare: number;
  /** Matching commits for committed-local: Q. */
  readonly commit: number;
  /** Matching replies from distinct replicas a client waits for: f + 1, or 1 under `client-one-reply`. */
  readonly reply: number;
}

/** The thresholds for n replicas assuming f faulty ones; throws a RangeError when there is no quorum (f ≥ n). */
export function quorumsOf(n: number, f: number, bug: PbftBug | null = null): Quorums {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be an integer >= 1, got ${n}`);
  if (!Number.isInteger(f) || f < 0 || f >= n) throw new RangeError(`f must be an integer from 0 to n - 1 = ${n - 1}, got ${f}`);
  const quorum = n - f;
  return {
    quorum,
    prepare: bug === 'weak-prepare' ? f : quorum - 1,
    commit: quorum,
    reply: bug === 'client-one-reply' ? 1 : f + 1,
  };
}

/** The largest f that n replicas tolerate: floor((n − 1) / 3). */
export function maxFaults(n: number): number {
  return Math.floor((n - 1) / 3);
}

/** Whether any two quorums of n − f replicas share a correct one when at most f are faulty: n ≥ 3f + 1. */
export function quorumsIntersectInCorrect(n: number, f: number): boolean {
  return n >= 3 * f + 1;
}

/** The primary of view v: replica v mod n (§4.1). */
export function primaryOf(view: View, replicas: readonly NodeId[]): NodeId {
  const p = replicas[view % replicas.length];
  if (p === undefined) throw new RangeError('no replicas');
  return p;
}
