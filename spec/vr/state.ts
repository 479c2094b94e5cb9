/**
 * VR replica state — Liskov & Cowling, "Viewstamped Replication Revisited"
 * (MIT TR 2012), §4 (Figure 2, "VR state at a replica"): view-number,
 * status, op-number, log, commit-number, client-table; plus what the view
 * change (§4.2) and recovery (§4.3) protocols keep while they run, and the
 * constant configuration (`cfg`, which adds no states).
 * The status (normal, view-change, recovering) is the machine's state value,
 * mirrored in `status` by each state's entry action so that the properties,
 * which read contexts, see it (one value for one state value: no state is
 * split). The fields of a status are empty outside it, so no stale value
 * splits states.
 * NOTE: op-number is the log's length and is not kept apart.
 * NOTE: operations are executed as soon as they are known committed, so the
 *   commit-number is `executed.length`: `executed` is the state machine's
 *   record of the operations it ran, in op-number order (what `agreement`
 *   compares). A Commit (or Prepare) whose commit-number exceeds the log is
 *   taken only up to the log's end (§4.1 step 6 waits for the missing
 *   entries; a later message carries the commit-number again).
 * NOTE: the client-table is not kept: a primary appends a request whose id
 *   its log does not hold yet (the table's duplicate detection, §4.1 step 2),
 *   and only the primary answers clients; replies are not re-sent.
 */
import type { ClientHistory } from '../core/history.js';
import type { NodeId } from '../core/ids.js';
import type { RegisterOp, RegisterResult } from '../multipaxos/register.js';
import type { VrBug } from './bugs.js';
import type { LogEntry, View } from './messages.js';

export interface ReplicaConfig {
  readonly self: NodeId;
  /** The configuration (§4): every replica, in replica-number order (self included). The primary of view v is `replicas[v mod N]`. */
  readonly replicas: readonly NodeId[];
  /** f: the failures tolerated; N = 2f + 1 (or more: quorums stay f + 1). */
  readonly f: number;
  /** V: the highest view a view change may start (bounds the state space). */
  readonly maxView: View;
  /** The node that plays the clients. */
  readonly clients: NodeId;
  /** A given initial state instead of §4's (the `stale` configuration): the replica's view, in the normal status, and its log. */
  readonly start?: { readonly view: View; readonly log: readonly LogEntry[] };
  /**
   * The input of a replica restarted after a crash (crash-recovery,
   * `NodeSpec.restartInput`): it boots in the recovering status (§4.3) with
   * nothing but its stable fields (`VR_STABLE_FIELDS`), instead of normal in
   * view 0. Absent: a first boot (§4).
   */
  readonly restarted?: true;
  /** Whether the primary sends Commit messages (§4.1 step 5), or leaves the commit-number to the next Prepare or StartView. */
  readonly commitMessages: boolean;
}

/** A DoViewChange the new primary holds (its own included): sender, log, v' and k (§4.2 step 3). */
export interface DoViewChangeRecord {
  readonly from: NodeId;
  readonly log: readonly LogEntry[];
  readonly lastNormal: View;
  readonly commit: number;
}

/** A RecoveryResponse the recovering replica holds, for its current nonce (§4.3 step 3). */
export interface RecoveryRecord {
  readonly from: NodeId;
  readonly view: View;
  /** The log and commit-number: only from the primary of `view`. */
  readonly log: readonly LogEntry[] | null;
  readonly commit: number | null;
}

/** §4: the replica's status. */
export type VrStatus = 'normal' | 'view-change' | 'recovering';

export interface ReplicaState {
  readonly cfg: ReplicaConfig;
  /** The status (§4), always the machine's state value. */
  readonly status: VrStatus;
  /** view-number: the current view (§4). */
  readonly view: View;
  /** v': the latest view in which the status was normal (§4.2 step 2); equals `view` in the normal status. */
  readonly lastNormal: View;
  /** The log: `log[n - 1]` is the request with op-number n (1-based, as in the paper). */
  readonly log: readonly LogEntry[];
  /** The operations executed, in op-number order: commit-number = `executed.length`. */
  readonly executed: readonly LogEntry[];
  /** Primary in the normal status: `acks[i]` is the highest op-number replica i (of `cfg.replicas`) sent a PrepareOK for in this view, kept only while above the commit-number (0 otherwise: it can commit nothing more); [] outside that status. */
  readonly acks: readonly number[];
  /** View-change status: the other replicas whose StartViewChange for `view` arrived, sorted, at most f of them (the f-th sends the DoViewChange); [] otherwise. */
  readonly startViewChanges: readonly NodeId[];
  /** The primary of `view` in the view-change status: the DoViewChange messages for `view` it holds, sorted by sender; [] otherwise. */
  readonly doViewChanges: readonly DoViewChangeRecord[];
  /** The nonce of the latest recovery (0: never recovered). */
  readonly nonce: number;
  /** Recovering status: the RecoveryResponses to `nonce`, sorted by sender; [] otherwise. */
  readonly recoveryResponses: readonly RecoveryRecord[];
}

/**
 * What a replica keeps across a crash. VR Revisited writes nothing to disk
 * (§4.3: a recovering replica learns its state from the others); only the
 * nonce must not repeat. NOTE: the paper draws a fresh random nonce at each
 * recovery; the model numbers recoveries instead (the RECOVER step takes
 * `nonce + 1`), and keeps that counter across a restart, which gives the
 * same guarantee (no response to an earlier recovery is taken for this one)
 * in a finite state space: the counter is bounded by `--recoveries`. Under
 * crash-recovery (`--recoveries`) the explorer restarts a crashed replica
 * from `restartInput` (`restarted`: the recovering status, everything else
 * lost) with these fields copied.
 */
export const VR_STABLE_FIELDS = ['nonce'] as const satisfies readonly (keyof ReplicaState)[];

/**
 * The initial state (§4): view 0, status normal (the state value), empty
 * log, nothing executed; or the view and log `cfg.start` gives, in the
 * normal status. A restarted replica (`cfg.restarted`) boots with the same
 * empty fields in the recovering status (§4.3), and takes no part in the
 * protocol until it has recovered: its view 0 and empty log mean nothing.
 */
export function initialReplicaState(cfg: ReplicaConfig): ReplicaState {
  const view = cfg.start?.view ?? 0;
  const primary = cfg.restarted !== true && cfg.replicas[view % cfg.replicas.length] === cfg.self;
  return {
    cfg,
    status: cfg.restarted === true ? 'recovering' : 'normal',
    view,
    lastNormal: view,
    log: cfg.start?.log ?? [],
    executed: [],
    acks: primary ? cfg.replicas.map(() => 0) : [],
    startViewChanges: [],
    doViewChanges: [],
    nonce: 0,
    recoveryResponses: [],
  };
}

/** The clients node's state: the Multi-Paxos clients machine's. */
export interface VrClientsState {
  readonly history: ClientHistory<RegisterOp, RegisterResult>;
}
