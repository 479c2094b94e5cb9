/**
 * The Multi-Paxos bug variants (spec/multipaxos/bugs.ts) that are machine
 * logic, as overrides of the production proposer's named guard and action
 * (xstate's `machine.provide`): the machines themselves carry no bug switch.
 * S-Paxos orders its ids with the same proposer, unchanged.
 * NOTE: `early-reply` is a quorum size (a decision on a single 2b), the
 *   system's shape: `multipaxosSystem` applies it (machines/multipaxos/system.ts).
 */
import { assign } from 'xstate';
import type { MultiPaxosBug } from '../../spec/multipaxos/bugs.js';
import { proposerMachine } from './proposer.machine.js';

/** The proposer of each bug variant; `early-reply` keeps the production proposer. */
export const MULTIPAXOS_BUG_PROPOSERS: Readonly<Record<MultiPaxosBug, typeof proposerMachine>> = {
  // A new leader ignores the votes its promises report and starts from empty slots.
  'no-recovery': proposerMachine.provide({ actions: { recoverVotes: assign(({ context }) => ({ proposals: context.proposals.map(() => null) })) } }),
  // A proposer that times out goes to phase 2 in its new ballot without phase 1.
  'skip-phase1': proposerMachine.provide({ guards: { isPhase1Unneeded: () => true } }),
  'early-reply': proposerMachine,
};

/** The proposer of the variant `bug` (the production proposer for `null`). */
export function multipaxosProposer(bug: MultiPaxosBug | null): typeof proposerMachine {
  return bug === null ? proposerMachine : MULTIPAXOS_BUG_PROPOSERS[bug];
}
