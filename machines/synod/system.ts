/**
 * The Synod cluster: which nodes exist and their inputs, for P proposers,
 * A acceptors and one learner (`shared/benchmarks/synod.md`, "Parameters").
 * Proposer `pi` proposes `vi`; the quorum is `floor(A/2) + 1` unless the
 * `minority-quorum` bug is chosen. The other bugs are overrides of the
 * machines' named actions (machines/synod/bugs.ts).
 * NOTE: network faults (loss, duplication, crashes, restarts) are not part of
 *   the system: the explorer adds them (`FaultOptions`), for every protocol
 *   alike; the system only declares what each node keeps across a restart.
 */
import { names } from '../../spec/core/ids.js';
import type { SystemSpec } from '../../spec/core/system.js';
import type { SynodBug } from '../../spec/synod/bugs.js';
import type { SynodSizes } from '../../spec/synod/configs.js';
import { describeSynodMessage, type SynodMessage } from '../../spec/synod/messages.js';
import { synodFinal, synodProperties, synodTemporal } from '../../spec/synod/invariants.js';
import { ballotOf, quorumSize } from '../../spec/synod/safe-value.js';
import { synodAcceptorStable, type ProposerState } from '../../spec/synod/state.js';
import { synodSymmetry } from '../../spec/synod/symmetry.js';
import { SYNOD_TOPOLOGY } from '../../spec/synod/topology.js';
import { synodIgnores } from '../../spec/synod/ignores.js';
import { SYNOD_BALLOT_QUOTIENT, UNBOUNDED_ROUNDS } from '../../spec/synod/quotient.js';
import { synodMachines } from './bugs.js';

/** Assembles a synod system; throws a RangeError for sizes the model does not support. */
export function synodSystem(params: SynodSizes, bug: SynodBug | null = null): SystemSpec<SynodMessage> {
  const { proposers: P, acceptors: A } = params;
  const unbounded = params.unbounded === true;
  // NOTE: unbounded ballots are a round budget never reached: the quotient renames rounds down (spec/synod/quotient.ts).
  const R = unbounded ? UNBOUNDED_ROUNDS : params.rounds;
  for (const [name, v, min] of [['proposers', P, 1], ['acceptors', A, 1], ['rounds', params.rounds, 1]] as const) {
    if (!Number.isInteger(v) || v < min) throw new RangeError(`${name} must be an integer >= ${min}, got ${v}`);
  }
  const acceptors = names('a', A);
  const learners = ['l0'];
  const quorum = quorumSize(A, bug);
  if (quorum < 1) throw new RangeError(`the quorum for ${A} acceptors is ${quorum}: use at least 2 acceptors with --bug minority-quorum`);
  const values = names('v', P);
  const machines = synodMachines(bug);
  const nodes = [
    ...names('p', P).map((self, index) => ({
      name: self,
      role: 'proposer',
      logic: machines.proposer,
      input: { self, index, proposers: P, acceptors, rounds: R, quorum, value: values[index] as string },
      environment: [{ type: 'TIMEOUT' }],
    })),
    // Crash-recovery (`--recoveries`): an acceptor restarts with its promise and vote (spec/synod/state.ts).
    ...acceptors.map((self) => ({ name: self, role: 'acceptor', logic: machines.acceptor, input: { self, learners }, environment: [], stable: synodAcceptorStable(bug) })),
    ...learners.map((self) => ({ name: self, role: 'learner', logic: machines.learner, input: { self, quorum }, environment: [] })),
  ];
  const learnerSlots = learners.map((l) => nodes.findIndex((n) => n.name === l));
  // Every bug variant keeps the acceptors interchangeable (spec/synod/symmetry.ts).
  const symmetry = synodSymmetry(acceptors);
  return {
    protocol: 'synod',
    nodes,
    properties: synodProperties(learnerSlots, values),
    temporal: synodTemporal(learnerSlots, values),
    final: synodFinal(learnerSlots, nodes.flatMap((n, i) => (n.role === 'proposer' ? [i] : []))),
    topology: SYNOD_TOPOLOGY,
    ignores: synodIgnores,
    ...(symmetry !== undefined ? { symmetry } : {}),
    // Unbounded ballots: searched as the ballot quotient, with patient timers (explorer/quotient.ts).
    ...(unbounded ? { quotient: SYNOD_BALLOT_QUOTIENT } : {}),
    // A split search places states by the proposers' local states: they change on about 2% of steps.
    partition: names('p', P),
    describeMessage: describeSynodMessage,
    describeEnvironment: (node, event, after) => {
      const s = after as ProposerState;
      return event.type === 'TIMEOUT' ? `${node} times out: ballot ${ballotOf(s.round, s.cfg.index, s.cfg.proposers)}` : `${node} ${event.type}`;
    },
  };
}
