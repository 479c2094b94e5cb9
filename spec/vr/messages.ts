/**
 * Viewstamped Replication messages — Liskov & Cowling, "Viewstamped
 * Replication Revisited" (MIT-CSAIL-TR-2012-021), §4.1 (normal operation:
 * Prepare, PrepareOK, Commit), §4.2 (view change: StartViewChange,
 * DoViewChange, StartView) and §4.3 (recovery: Recovery, RecoveryResponse).
 *
 * Client traffic reuses the Multi-Paxos clients' messages (`mp.request`,
 * `mp.reply`, `spec/multipaxos/messages.ts`): the paper's ⟨REQUEST op, c, s⟩
 * is a request whose id `c<client>.<index>` names the client c and its
 * request-number s; ⟨REPLY v, s, x⟩ is a reply with the result x.
 * NOTE: the op-number n of the paper's messages is the length of the log sent
 *   (DoViewChange, StartView) and is not carried separately.
 * NOTE: no message carries the replica number i apart from `from`: channels
 *   are authenticated (`spec/core/envelope.ts`).
 */
import type { Envelope } from '../core/envelope.js';
import type { ReplyMsg, RequestMsg } from '../multipaxos/messages.js';
import { describeEntry as describeRequest } from '../multipaxos/messages.js';
import type { RegisterOp } from '../multipaxos/register.js';

/** A view number: 0 for the first view; the primary of view v is replica v mod N (§4). */
export type View = number;

/** A log entry (§4, "log"): one client request, `c<client>.<index>`, and its operation. */
export interface LogEntry {
  readonly id: string;
  readonly op: RegisterOp;
}

/** ⟨PREPARE v, m, n, k⟩ (§4.1 step 2): the request m at op-number n, and the primary's commit-number k. */
export interface PrepareMsg extends Envelope {
  readonly type: 'vr.prepare';
  readonly view: View;
  readonly entry: LogEntry;
  readonly opNumber: number;
  readonly commit: number;
}

/** ⟨PREPAREOK v, n, i⟩ (§4.1 step 3, §4.2 step 5): the backup's log holds every op up to n. */
export interface PrepareOkMsg extends Envelope {
  readonly type: 'vr.prepare-ok';
  readonly view: View;
  readonly opNumber: number;
}

/** ⟨COMMIT v, k⟩ (§4.1 step 5): the primary's commit-number. */
export interface CommitMsg extends Envelope {
  readonly type: 'vr.commit';
  readonly view: View;
  readonly commit: number;
}

/** ⟨STARTVIEWCHANGE v, i⟩ (§4.2 step 1). */
export interface StartViewChangeMsg extends Envelope {
  readonly type: 'vr.start-view-change';
  readonly view: View;
}

/** ⟨DOVIEWCHANGE v, l, v', n, k, i⟩ (§4.2 step 2), to the primary of view v: v' is `lastNormal`, n the log's length. */
export interface DoViewChangeMsg extends Envelope {
  readonly type: 'vr.do-view-change';
  readonly view: View;
  readonly log: readonly LogEntry[];
  readonly lastNormal: View;
  readonly commit: number;
}

/** ⟨STARTVIEW v, l, n, k⟩ (§4.2 step 3): n is the log's length. */
export interface StartViewMsg extends Envelope {
  readonly type: 'vr.start-view';
  readonly view: View;
  readonly log: readonly LogEntry[];
  readonly commit: number;
}

/** ⟨RECOVERY i, x⟩ (§4.3 step 1): x is the recovering replica's nonce. */
export interface RecoveryMsg extends Envelope {
  readonly type: 'vr.recovery';
  readonly nonce: number;
}

/**
 * ⟨RECOVERYRESPONSE v, x, l, n, k, j⟩ (§4.3 step 2): the log and
 * commit-number only from the primary of view v (null from a backup).
 */
export interface RecoveryResponseMsg extends Envelope {
  readonly type: 'vr.recovery-response';
  readonly view: View;
  readonly nonce: number;
  readonly log: readonly LogEntry[] | null;
  readonly commit: number | null;
}

export type VrProtocolMsg = PrepareMsg | PrepareOkMsg | CommitMsg | StartViewChangeMsg | DoViewChangeMsg | StartViewMsg | RecoveryMsg | RecoveryResponseMsg;
/** Everything a VR cluster sends: the protocol's messages and the clients' requests and replies. */
export type VrMessage = VrProtocolMsg | RequestMsg | ReplyMsg;

/** Environment events: a backup's timer fires (§4.2: it suspects the primary). */
export interface Timeout { readonly type: 'TIMEOUT' }
/**
 * A replica restarted after a crash starts the recovery protocol (§4.3 step
 * 1): a fresh nonce, Recovery to every other replica. Enabled only in the
 * state a restart leaves it in (the explorer's `restart` step, under
 * `--recoveries`, boots it from `restartInput`).
 * NOTE: the restart and the sending of Recovery are two steps, because a
 *   restart sends nothing in the explorer; in between, the replica takes no
 *   message (as if it had not finished booting), so no behaviour is added.
 */
export interface Recover { readonly type: 'RECOVER' }

/** How a trace prints a log: `[c0.0:write(a) c1.0:read()]`. */
export function describeLog(log: readonly LogEntry[]): string {
  return `[${log.map(describeRequest).join(' ')}]`;
}

/** Names a VR message in traces, e.g. `Prepare(v=0, r0→r1, op 1: c0.0:write(a), commit 0)`. */
export function describeVrMessage(m: VrMessage): string {
  const route = `${m.from}→${m.to}`;
  switch (m.type) {
    case 'vr.prepare':
      return `Prepare(v=${m.view}, ${route}, op ${m.opNumber}: ${describeRequest(m.entry)}, commit ${m.commit})`;
    case 'vr.prepare-ok':
      return `PrepareOK(v=${m.view}, ${route}, op ${m.opNumber})`;
    case 'vr.commit':
      return `Commit(v=${m.view}, ${route}, commit ${m.commit})`;
    case 'vr.start-view-change':
      return `StartViewChange(v=${m.view}, ${route})`;
    case 'vr.do-view-change':
      return `DoViewChange(v=${m.view}, ${route}, log ${describeLog(m.log)}, last normal ${m.lastNormal}, commit ${m.commit})`;
    case 'vr.start-view':
      return `StartView(v=${m.view}, ${route}, log ${describeLog(m.log)}, commit ${m.commit})`;
    case 'vr.recovery':
      return `Recovery(${route}, nonce ${m.nonce})`;
    case 'vr.recovery-response':
      return `RecoveryResponse(v=${m.view}, ${route}, nonce ${m.nonce}${m.log === null ? '' : `, log ${describeLog(m.log)}, commit ${m.commit ?? 0}`})`;
    case 'mp.request':
      return `Request(${describeRequest(m.entry)}, ${route})`;
    case 'mp.reply':
      return `Reply(${m.id} → ${m.result ?? 'none'}, ${route})`;
  }
}
