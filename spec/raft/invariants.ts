/**
 * Raft's safety properties, named as in Figure 3 of Ongaro & Ousterhout
 * (2014): Election Safety, Log Matching, Leader Completeness and State
 * Machine Safety (Leader Append-Only is a property of the leader's code: it
 * only ever appends). Linearizability of the clients' history is added by
 * the explorer from `SystemSpec.history` (`spec/core/history.ts`).
 * Each is checked on every reachable state, over the servers' contexts.
 * NOTE: the paper states Election Safety and Leader Completeness over the
 *   whole history ("at most one leader can be elected in a given term";
 *   "present in the logs of the leaders for all higher-numbered terms").
 *   The model keeps no history variable, so they are checked on each state:
 *   no two servers lead one term at once; a leader of a term above a
 *   server's currentTerm holds every entry that server has applied (an
 *   entry applied by a server was committed in a term no higher than that
 *   server's currentTerm then, and currentTerm only grows).
 */
import type { ClientHistory } from '../core/history.js';
import { always, type Property, type SystemView, type TemporalProperty } from '../core/property.js';
import { allAnswered, logTemporal, nodeName } from '../multipaxos/invariants.js';
import { entriesEqual } from './log.js';
import { describeLogEntry, type LogEntry } from './messages.js';
import type { ServerState } from './state.js';

/** What the properties read of a server. */
export type ServerView = Pick<ServerState, 'currentTerm' | 'log' | 'applied' | 'leader'>;

/** Election Safety (§5.2): no two servers are leaders of the same term. */
export function electionSafetyHolds(servers: readonly ServerView[]): boolean {
  const terms = new Set<number>();
  for (const s of servers) {
    if (s.leader === null) continue;
    if (terms.has(s.currentTerm)) return false;
    terms.add(s.currentTerm);
  }
  return true;
}

/** Log Matching (§5.3): two logs with an entry of one index and term are identical up to that index. */
export function logMatchingHolds(servers: readonly ServerView[]): boolean {
  for (let a = 0; a < servers.length; a++) {
    for (let b = a + 1; b < servers.length; b++) {
      const la = (servers[a] as ServerView).log;
      const lb = (servers[b] as ServerView).log;
      const n = Math.min(la.length, lb.length);
      // The highest index where the terms agree must have identical prefixes up to it.
      for (let i = n - 1; i >= 0; i--) {
        if ((la[i] as LogEntry).term !== (lb[i] as LogEntry).term) continue;
        for (let j = 0; j <= i; j++) if (!entriesEqual(la[j], lb[j])) return false;
        break;
      }
    }
  }
  return true;
}

/** Leader Completeness (§5.4): a leader of a term above a server's currentTerm holds every entry that server applied, at its index. */
export function leaderCompletenessHolds(servers: readonly ServerView[]): boolean {
  for (const l of servers) {
    if (l.leader === null) continue;
    for (const s of servers) {
      if (s.currentTerm >= l.currentTerm) continue;
      if (!s.applied.every((e, i) => entriesEqual(e, l.log[i]))) return false;
    }
  }
  return true;
}

/** State Machine Safety (§5.4.3): no two servers apply different entries at one index. */
export function stateMachineSafetyHolds(servers: readonly ServerView[]): boolean {
  let longest: readonly LogEntry[] = [];
  for (const s of servers) if (s.applied.length > longest.length) longest = s.applied;
  return servers.every((s) => s.applied.every((e, i) => entriesEqual(e, longest[i])));
}

const entryText = (e: LogEntry | undefined): string => (e === undefined ? 'nothing' : describeLogEntry(e));

/** Two logs that share an entry's index and term but differ below it: `s0 and s1 both hold term 2 at index 2, but differ at index 1: c0.0:write(a)@1 vs c0.1:read()@1`. */
export function logMatchingText(slots: readonly number[], servers: readonly ServerView[], nodes: readonly string[]): string {
  for (let a = 0; a < servers.length; a++) {
    for (let b = a + 1; b < servers.length; b++) {
      const la = (servers[a] as ServerView).log;
      const lb = (servers[b] as ServerView).log;
      for (let i = Math.min(la.length, lb.length) - 1; i >= 0; i--) {
        if ((la[i] as LogEntry).term !== (lb[i] as LogEntry).term) continue;
        const j = la.findIndex((e, x) => x <= i && !entriesEqual(e, lb[x]));
        if (j < 0) break;
        return `${nodeName(nodes, slots, a, 'server')} and ${nodeName(nodes, slots, b, 'server')} both hold an entry of term ${(la[i] as LogEntry).term} at index ${i + 1}, but differ at index ${j + 1}: ${entryText(la[j])} vs ${entryText(lb[j])}`;
      }
    }
  }
  return 'the logs match';
}

/** A leader missing an entry a server of a lower term applied: `s1 leads term 2 without c0.0:write(a)@1 at index 1, which s0 (term 1) applied; it holds nothing there`. */
export function leaderCompletenessText(slots: readonly number[], servers: readonly ServerView[], nodes: readonly string[]): string {
  for (let k = 0; k < servers.length; k++) {
    const l = servers[k] as ServerView;
    if (l.leader === null) continue;
    for (let m = 0; m < servers.length; m++) {
      const s = servers[m] as ServerView;
      if (s.currentTerm >= l.currentTerm) continue;
      const i = s.applied.findIndex((e, x) => !entriesEqual(e, l.log[x]));
      if (i < 0) continue;
      return `${nodeName(nodes, slots, k, 'server')} leads term ${l.currentTerm} without ${entryText(s.applied[i])} at index ${i + 1}, which ${nodeName(nodes, slots, m, 'server')} (term ${s.currentTerm}) applied; it holds ${entryText(l.log[i])} there`;
    }
  }
  return 'every leader holds what the servers of lower terms applied';
}

/** Two servers that applied different entries at one index: `s0 applied c0.0:write(a)@1 at index 1, s1 applied c0.1:read()@2 at index 1`. */
export function stateMachineSafetyText(slots: readonly number[], servers: readonly ServerView[], nodes: readonly string[]): string {
  for (let a = 0; a < servers.length; a++) {
    for (let b = a + 1; b < servers.length; b++) {
      const pa = (servers[a] as ServerView).applied;
      const pb = (servers[b] as ServerView).applied;
      const i = pa.findIndex((e, x) => x < pb.length && !entriesEqual(e, pb[x]));
      if (i < 0) continue;
      return `${nodeName(nodes, slots, a, 'server')} applied ${entryText(pa[i])} at index ${i + 1}, ${nodeName(nodes, slots, b, 'server')} applied ${entryText(pb[i])} at index ${i + 1}: two entries at index ${i + 1}`;
    }
  }
  return 'no two servers applied different entries at one index';
}

/** The four Figure 3 properties over the servers at `serverSlots`. */
export function raftProperties(serverSlots: readonly number[]): Property<SystemView>[] {
  const servers = (v: SystemView): ServerView[] => serverSlots.map((i) => v.locals[i] as ServerView);
  return [
    always('election-safety', 'at most one leader in a given term (Figure 3, Election Safety; §5.2)', (v) => electionSafetyHolds(servers(v)), serverSlots, (v, nodes) => {
      const leaders = servers(v).flatMap((s, k) => (s.leader !== null ? [`${nodes[serverSlots[k] ?? -1] ?? `server ${k}`} leads term ${s.currentTerm}`] : []));
      return leaders.length > 0 ? leaders.join(', ') : 'no leader';
    }),
    always(
      'log-matching',
      'two logs with an entry of the same index and term are identical in all entries up through that index (Figure 3, Log Matching; §5.3)',
      (v) => logMatchingHolds(servers(v)),
      serverSlots,
      (v, nodes) => logMatchingText(serverSlots, servers(v), nodes),
    ),
    always(
      'leader-completeness',
      "a committed entry is in the logs of the leaders of all higher terms (Figure 3, Leader Completeness; §5.4): checked as every leader above a server's term holds what that server applied",
      (v) => leaderCompletenessHolds(servers(v)),
      serverSlots,
      (v, nodes) => leaderCompletenessText(serverSlots, servers(v), nodes),
    ),
    always(
      'state-machine-safety',
      'no two servers apply different log entries at the same index (Figure 3, State Machine Safety; §5.4.3)',
      (v) => stateMachineSafetyHolds(servers(v)),
      serverSlots,
      (v, nodes) => stateMachineSafetyText(serverSlots, servers(v), nodes),
    ),
  ];
}

/** Where Raft's temporal properties find their inputs: the servers, and the clients node's history. */
export interface RaftLayout {
  readonly serverSlots: readonly number[];
  /** The servers whose election timer may fire (s0..s(E-1)), as slots. */
  readonly candidateSlots: readonly number[];
  readonly clientsSlot: number;
  readonly history: (context: unknown) => ClientHistory;
}

/**
 * Raft's temporal properties: `decided` (eventually some server applies a
 * committed entry, §5.3), `client-answered` (every client's K requests are
 * eventually answered, §8), and per client c the witnesses `decides-c<c>`
 * (a server applies a command of c) and `answers-c<c>` (c gets a response).
 * NOTE: requests are not retransmitted (§8's client retries are not
 *   modelled) and a new leader does not commit a no-op at the start of its
 *   term (§8): a command that a leader change leaves out of the new leader's
 *   log, or leaves in it from an older term with no later command to carry it
 *   (§5.4.2), is never committed. So with an election (T >= 2) both
 *   properties fail on a terminal state, and with T = 1 (s0 leads for good)
 *   both hold under weak fairness (test/protocols/raft-vr-liveness.test.ts).
 */
export function raftTemporal(layout: RaftLayout, clients: number, commands: number): TemporalProperty<SystemView>[] {
  return logTemporal<ServerView>({
    nodeSlots: layout.serverSlots,
    clientsSlot: layout.clientsSlot,
    history: layout.history,
    clients,
    commands,
    decided: (s) => s.applied.length > 0,
    entries: (s) => s.applied,
    decidedText: 'eventually some server applies a committed entry (§5.3: the leader commits an entry once a majority stores it; not guaranteed without timing, by FLP: §5.6)',
    witnessText: (c) => `some run has a server apply a command of client c${c} (a witness, §5.3)`,
    unreachableText: (c) => `no state applies a command of c${c}`,
    clientSource: 'Raft §8: the leader answers once it applies the command',
  });
}

/**
 * Raft's final states (the deadlock check): every client has all its
 * requests answered, or no server still up can start another election: each
 * server whose election timer may fire has reached the last term T, or leads
 * its term (a leader has no election timer, §5.2).
 * NOTE: with terms bounded, running out of them is an acceptable end, not a
 *   deadlock; the protocol itself would keep electing leaders. The second
 *   half is where the model disables a candidate server's TIMEOUT, so on the
 *   correct model every state with no step is final (the deadlock check
 *   holds by construction of the bounds); it flags a server that still owes
 *   an election but whose timer never fires (test/protocols/raft-vr-liveness.test.ts).
 */
export function raftFinal(layout: RaftLayout, commands: number): (v: SystemView) => boolean {
  return (v) =>
    allAnswered(layout.history(v.locals[layout.clientsSlot]), commands) ||
    layout.candidateSlots.every((i) => {
      const s = v.locals[i] as ServerView & { readonly cfg: { readonly maxTerm: number } };
      return v.crashed[i] === true || s.currentTerm >= s.cfg.maxTerm || s.leader !== null;
    });
}
