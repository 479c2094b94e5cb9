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
import { always, type Property, type SystemView } from '../core/property.js';
import { entriesEqual } from './log.js';
import type { LogEntry } from './messages.js';
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
    ),
    always(
      'leader-completeness',
      "a committed entry is in the logs of the leaders of all higher terms (Figure 3, Leader Completeness; §5.4): checked as every leader above a server's term holds what that server applied",
      (v) => leaderCompletenessHolds(servers(v)),
      serverSlots,
    ),
    always(
      'state-machine-safety',
      'no two servers apply different log entries at the same index (Figure 3, State Machine Safety; §5.4.3)',
      (v) => stateMachineSafetyHolds(servers(v)),
      serverSlots,
    ),
  ];
}
