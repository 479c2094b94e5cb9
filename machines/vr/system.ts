/**
 * The VR cluster (Liskov & Cowling, "Viewstamped Replication Revisited",
 * MIT TR 2012, §4): the clients node (the Multi-Paxos clients machine: each
 * client sends each request to every replica that leads one of the views
 * 0..V) and N replicas r0..r(N-1),
 * all in view 0 and the normal status with empty logs, r0 the primary.
 * f = ⌊(N − 1) / 2⌋. Only the backups r1..rE have a view-change timer that fires.
 * NOTE: E < N − 1 restricts the schedules (some backups' timers never fire),
 *   never what a replica does once an event reaches it.
 * NOTE: a client's request goes to the primaries of views 0..V only (§4.1:
 *   clients send to the primary they know, and resend to a new one after a
 *   view change): a request reaching any other replica is dropped, so the
 *   copies to them would add states that differ only in messages no one uses.
 * Crash-recovery (`--recoveries`, §4.3): a restarted replica boots from its
 * `restartInput` (the recovering status, every volatile field lost, the nonce
 * counter kept: `VR_STABLE_FIELDS`), and RECOVER, an environment event it
 * can take only then, sends its Recovery.
 * NOTE: network faults are not part of the system: the explorer adds them.
 * Reductions: the topology and the messages a replica refuses for good
 * (`spec/vr/ignores.ts`) for the partial-order reduction; no symmetry (each
 * replica leads its own views, and only r1..rE have timers).
 */
import { historySpec } from '../../spec/core/history.js';
import { names } from '../../spec/core/ids.js';
import type { NodeSpec, SystemSpec } from '../../spec/core/system.js';
import type { ClientHistory } from '../../spec/core/history.js';
import { clientOp, register, type RegisterOp, type RegisterResult } from '../../spec/multipaxos/register.js';
import type { ClientsConfig, ClientsState } from '../../spec/multipaxos/state.js';
import type { VrBug } from '../../spec/vr/bugs.js';
import type { VrSizes } from '../../spec/vr/configs.js';
import { vrFinal, vrProperties, vrTemporal, type VrLayout } from '../../spec/vr/invariants.js';
import { VR_TOPOLOGY, vrIgnores } from '../../spec/vr/ignores.js';
import { describeVrMessage, type LogEntry, type VrMessage } from '../../spec/vr/messages.js';
import { VR_STABLE_FIELDS, type ReplicaConfig, type ReplicaState } from '../../spec/vr/state.js';
import { checkSizes, clientsNode, describeClientRequest } from '../multipaxos/system.js';
import { vrReplica } from './bugs.js';

const A: LogEntry = { id: 'c0.0', op: clientOp(0, 0, 1) };
const B: LogEntry = { id: 'c1.0', op: clientOp(1, 0, 1) };

/**
 * The stale-primary start (`stale` = 1): clients c0 and c1 issued A and B;
 * r0, primary of view 0, appended both, but its Prepares reached no one;
 * r1 timed out, r2 joined, and r1 started view 1 with the empty logs of r1
 * and r2; r0 heard nothing of view 1. Client c2 has issued nothing yet.
 * NOTE: a reachable state of the full protocol on §2.1's network, which may
 *   lose messages: the copies of A's and B's requests to r1 and r2, r0's
 *   Prepares, and the view-change messages to r0 are taken as lost. It lets
 *   BFS reach the second view change of log-by-opnumber's counterexample,
 *   which from §4's initial state lies deeper than BFS gets in a minute
 *   (31 million states at depth 14, with C=2 K=1 V=2).
 */
const STALE_START: readonly NonNullable<ReplicaConfig['start']>[] = [
  { view: 0, log: [A, B] },
  { view: 1, log: [] },
  { view: 1, log: [] },
];

const STALE_HISTORY: ClientHistory<RegisterOp, RegisterResult> = {
  clients: [[{ op: A.op, seen: [0, 0, 0] }], [{ op: B.op, seen: [0, 0, 0] }], []],
};

export interface VrOptions {
  readonly bug?: VrBug | null;
}

/** How a trace names an environment step: `r1 times out: view change to view 1`, or a client's request. */
export function describeVrEnvironment(node: string, event: { readonly type: string }, after: unknown): string {
  if (event.type === 'TIMEOUT') return `${node} times out: view change to view ${(after as ReplicaState).view}`;
  if (event.type === 'RECOVER') return `${node} starts recovery: Recovery with nonce ${(after as ReplicaState).nonce}`;
  return describeClientRequest(event, after);
}

/** Assembles a VR system; throws a RangeError for sizes the model does not support. */
export function vrSystem(sizes: VrSizes, options: VrOptions = {}): SystemSpec<VrMessage> {
  checkSizes({ ...sizes }, { clients: 1, commands: 1, replicas: 3, timers: 0, views: 0, commits: 0, stale: 0 });
  if (sizes.commits > 1) throw new RangeError(`commits must be 0 or 1, got ${sizes.commits}`);
  const stale = sizes.stale === 1;
  if (sizes.stale > 1 || (stale && (sizes.replicas !== 3 || sizes.clients !== 3 || sizes.commands !== 1 || sizes.views < 1))) {
    throw new RangeError('stale needs replicas 3, clients 3, commands 1 and views >= 1');
  }
  if (sizes.timers > sizes.replicas - 1) throw new RangeError(`timers must be at most replicas - 1 (${sizes.replicas - 1}), got ${sizes.timers}`);
  const replicas = names('r', sizes.replicas);
  const f = Math.floor((sizes.replicas - 1) / 2);
  // Every bug is an override of the replica's named guards and action (machines/vr/bugs.ts).
  const replica = vrReplica(options.bug ?? null);
  // The replicas that lead some view 0..V: only they ever take a request.
  const primaries = replicas.slice(0, Math.min(sizes.replicas, sizes.views + 1));
  const clients = clientsNode(sizes.clients, sizes.commands, () => primaries);
  const nodes: NodeSpec[] = [
    stale ? { ...clients, input: { ...(clients.input as ClientsConfig), initialHistory: STALE_HISTORY } } : clients,
    ...replicas.map((self, i): NodeSpec => {
      const start = stale ? STALE_START[i] : undefined;
      const input: ReplicaConfig = { self, replicas, f, maxView: sizes.views, clients: 'clients', commitMessages: sizes.commits === 1, ...(start !== undefined ? { start } : {}) };
      // Crash-recovery (`--recoveries`, §4.3): a replica restarts in the recovering status with only its
      // nonce counter (VR_STABLE_FIELDS); its view, log and commit-number come back from the others.
      // NOTE: the restart input drops `start` (vr-stale's given state): a restarted replica remembers nothing.
      const { start: _given, ...boot } = input;
      const restartInput: ReplicaConfig = { ...boot, restarted: true };
      // RECOVER is enabled only in the state a restart leaves a replica in, so without --recoveries it is never offered.
      const environment = [...(i >= 1 && i <= sizes.timers ? [{ type: 'TIMEOUT' }] : []), { type: 'RECOVER' }];
      return { name: self, role: 'replica', logic: replica, input, restartInput, environment, stable: VR_STABLE_FIELDS };
    }),
  ];
  const replicaSlots = replicas.map((_, i) => i + 1);
  // NOTE: final (the deadlock check): every client answered, or every timer backup up has spent its views or leads (spec/vr/invariants.ts).
  const layout: VrLayout = { replicaSlots, timerSlots: replicaSlots.slice(1, 1 + sizes.timers), clientsSlot: 0, history: (context: unknown) => (context as ClientsState).history };
  return {
    protocol: 'vr',
    nodes,
    properties: vrProperties(replicaSlots),
    temporal: vrTemporal(layout, sizes.clients, sizes.commands),
    final: vrFinal(layout, sizes.commands),
    history: historySpec(0, (context: unknown) => (context as ClientsState).history, register),
    topology: VR_TOPOLOGY,
    ignores: vrIgnores,
    describeMessage: describeVrMessage,
    describeEnvironment: describeVrEnvironment,
  };
}
