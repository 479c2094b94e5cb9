/**
 * The Raft cluster: the clients node (the Multi-Paxos clients machine: each
 * client sends each command to every server) and N servers s0..s(N-1), all
 * in term 1 with empty logs, s0 its leader (Ongaro & Ousterhout 2014, §5.2;
 * see the NOTE in `server.machine.ts`).
 * Majority quorums. Only s0..s(E-1) may time out and stand for election.
 * NOTE: E < N restricts the schedules (some servers' election timers never
 *   fire), never what a server does once an event reaches it.
 * NOTE: network faults are not part of the system: the explorer adds them.
 */
import { historySpec } from '../../spec/core/history.js';
import { names } from '../../spec/core/ids.js';
import type { NodeSpec, SystemSpec } from '../../spec/core/system.js';
import type { ClientHistory } from '../../spec/core/history.js';
import { clientOp, register, type RegisterOp, type RegisterResult } from '../../spec/multipaxos/register.js';
import type { ClientsConfig, ClientsState } from '../../spec/multipaxos/state.js';
import type { RaftBug } from '../../spec/raft/bugs.js';
import type { RaftSizes } from '../../spec/raft/configs.js';
import { raftFinal, raftProperties, raftTemporal, type RaftLayout } from '../../spec/raft/invariants.js';
import { describeRaftMessage, type LogEntry, type RaftMessage } from '../../spec/raft/messages.js';
import { RAFT_STABLE_FIELDS, type ServerConfig, type ServerState } from '../../spec/raft/state.js';
import { raftSymmetry } from '../../spec/raft/symmetry.js';
import { checkSizes, clientsNode, describeClientRequest } from '../multipaxos/system.js';
import { raftServer } from './bugs.js';

const A: LogEntry = { term: 1, id: 'c0.0', op: clientOp(0, 0, 1) };
const B: LogEntry = { term: 2, id: 'c1.0', op: clientOp(1, 0, 1) };

/**
 * The three-server analogue of Figure 8 (b) (Ongaro & Ousterhout 2014,
 * §5.4.2): s0 led term 1 and appended client 0's command A there, which
 * reached no one; s1 then won term 2 with s2's vote and appended client 1's
 * command B, which reached no one either; s0 refused s1 its vote (its log was
 * more up-to-date) and follows term 2. Both commands are pending.
 * NOTE: a reachable state of the full model (s0's election, A's request, s1's
 *   election and B's request, with the messages that did not matter consumed),
 *   taken as the start so that the search reaches Figure 8 (c)-(d) at a depth
 *   BFS can exhaust; the requests' other copies are not in flight.
 */
const FIGURE8_START: readonly NonNullable<ServerConfig['start']>[] = [
  { currentTerm: 2, votedFor: null, log: [A], leads: false },
  { currentTerm: 2, votedFor: 's1', log: [B], leads: true },
  { currentTerm: 2, votedFor: 's1', log: [], leads: false },
];

const FIGURE8_HISTORY: ClientHistory<RegisterOp, RegisterResult> = {
  clients: [[{ op: A.op, seen: [0, 0] }], [{ op: B.op, seen: [0, 0] }]],
};

export interface RaftOptions {
  readonly bug?: RaftBug | null;
  /** Where clients send their commands (default: every server, §8). `agora cost` sends them to the leader only. */
  readonly clientTargets?: readonly string[];
}

/** How a trace names an environment step: `s1 times out: election for term 2`, or a client's request. */
export function describeRaftEnvironment(node: string, event: { readonly type: string }, after: unknown): string {
  if (event.type === 'TIMEOUT') return `${node} times out: election for term ${(after as ServerState).currentTerm}`;
  return describeClientRequest(event, after);
}

/** Assembles a Raft system; throws a RangeError for sizes the model does not support. */
export function raftSystem(sizes: RaftSizes, options: RaftOptions = {}): SystemSpec<RaftMessage> {
  checkSizes({ ...sizes }, { clients: 1, commands: 1, servers: 1, candidates: 0, terms: 1 });
  if (sizes.candidates > sizes.servers) throw new RangeError(`candidates must be at most servers (${sizes.servers}), got ${sizes.candidates}`);
  const servers = names('s', sizes.servers);
  const quorum = Math.floor(sizes.servers / 2) + 1;
  const bug = options.bug ?? null;
  const fig8 = sizes.figure8 === 1;
  // The bugs of machine logic are overrides of the server's named guards (machines/raft/bugs.ts).
  const server = raftServer(bug);
  if (fig8 && (sizes.servers !== 3 || sizes.clients !== 2 || sizes.commands !== 1 || sizes.terms < 2)) {
    throw new RangeError('figure8 needs servers 3, clients 2, commands 1 and terms >= 2');
  }
  const clients = clientsNode(sizes.clients, sizes.commands, () => options.clientTargets ?? servers);
  const nodes: NodeSpec[] = [
    fig8 ? { ...clients, input: { ...(clients.input as ClientsConfig), initialHistory: FIGURE8_HISTORY } } : clients,
    ...servers.map((self, i): NodeSpec => {
      const start = fig8 ? FIGURE8_START[i] : undefined;
      const input: ServerConfig = { self, servers, quorum, maxTerm: sizes.terms, clients: 'clients', initialLeader: 's0', ...(start !== undefined ? { start } : {}) };
      // Crash-recovery (`--recoveries`): a server restarts with Figure 2's persistent state (RAFT_STABLE_FIELDS).
      // NOTE: a restarted server boots as a follower (not as the initial leader s0 is), with its stable fields.
      const restartInput: ServerConfig = { ...input, start: { currentTerm: 1, votedFor: null, log: [], leads: false } };
      const stable = bug === 'forget-votedfor' ? RAFT_STABLE_FIELDS.filter((f) => f !== 'votedFor') : RAFT_STABLE_FIELDS;
      return { name: self, role: 'server', logic: server, input, restartInput, environment: i < sizes.candidates ? [{ type: 'TIMEOUT' }] : [], stable };
    }),
  ];
  const serverSlots = servers.map((_, i) => i + 1);
  const history = (context: unknown) => (context as ClientsState).history;
  const symmetry = fig8 ? undefined : raftSymmetry(servers, sizes.candidates);
  // NOTE: final (the deadlock check): every client answered, or every candidate server up has spent its terms or leads (spec/raft/invariants.ts).
  const layout: RaftLayout = { serverSlots, candidateSlots: serverSlots.slice(0, sizes.candidates), clientsSlot: 0, history };
  return {
    protocol: 'raft',
    nodes,
    properties: raftProperties(serverSlots),
    temporal: raftTemporal(layout, sizes.clients, sizes.commands),
    final: raftFinal(layout, sizes.commands),
    history: historySpec(0, history, register),
    // Interchangeable servers (spec/raft/symmetry.ts); none from the Figure 8 start, where each server's state differs.
    ...(symmetry !== undefined ? { symmetry } : {}),
    describeMessage: describeRaftMessage,
    describeEnvironment: describeRaftEnvironment,
  };
}
