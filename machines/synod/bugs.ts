/**
 * The Synod bug variants (spec/synod/bugs.ts) that are machine logic, as
 * overrides of the production machines' named actions (xstate's
 * `machine.provide`): the machines themselves carry no bug switch.
 * NOTE: `forget-promise` (what an acceptor keeps across a restart) and
 *   `minority-quorum` (the quorum size) are the system's shape, not machine
 *   logic: `synodSystem` applies them (machines/synod/system.ts).
 */
import { assertEvent, assign, enqueueActions } from 'xstate';
import type { SynodBug } from '../../spec/synod/bugs.js';
import { safeValue } from '../../spec/synod/safe-value.js';
import { acceptorMachine, promiseReply } from './acceptor.machine.js';
import { learnerMachine } from './learner.machine.js';
import { proposerMachine } from './proposer.machine.js';

/** One machine per Synod role. */
export interface SynodMachines {
  readonly proposer: typeof proposerMachine;
  readonly acceptor: typeof acceptorMachine;
  readonly learner: typeof learnerMachine;
}

/** The production machines. */
export const SYNOD_MACHINES: SynodMachines = { proposer: proposerMachine, acceptor: acceptorMachine, learner: learnerMachine };

/** The proposer choosing `bug`'s value instead of the safe value in phase 2a. */
function choosingProposer(bug: 'own-value' | 'lowest-vote'): typeof proposerMachine {
  return proposerMachine.provide({
    actions: { chooseProposal: assign(({ context }) => ({ proposal: safeValue(context.promises, context.cfg.value, bug) })) },
  });
}

/** The machines of each bug variant; those of the system's shape keep the production machines. */
export const SYNOD_BUG_MACHINES: Readonly<Record<SynodBug, SynodMachines>> = {
  // The proposer picks its own value instead of the safe value.
  'own-value': { ...SYNOD_MACHINES, proposer: choosingProposer('own-value') },
  // The proposer picks the vote of the lowest ballot reported instead of the highest.
  'lowest-vote': { ...SYNOD_MACHINES, proposer: choosingProposer('lowest-vote') },
  // The acceptor answers a Prepare but does not raise `promised`.
  'forgetful-acceptor': { ...SYNOD_MACHINES, acceptor: acceptorMachine.provide({ actions: { recordPromise: () => {} } }) },
  // A vote followed by a higher promise is no longer reported.
  'superseded-vote': {
    ...SYNOD_MACHINES,
    acceptor: acceptorMachine.provide({
      actions: {
        replyPromise: enqueueActions(({ context, event, enqueue }) => {
          assertEvent(event, 'synod.prepare');
          const hidden = context.votedBallot < context.promised;
          enqueue.emit({ type: 'send', msg: promiseReply(context, event, hidden ? { votedBallot: 0, votedValue: null } : context) });
        }),
      },
    }),
  },
  'forget-promise': SYNOD_MACHINES,
  'minority-quorum': SYNOD_MACHINES,
};

/** The machines of the variant `bug` (the production machines for `null`). */
export function synodMachines(bug: SynodBug | null): SynodMachines {
  return bug === null ? SYNOD_MACHINES : SYNOD_BUG_MACHINES[bug];
}
