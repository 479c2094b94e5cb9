/**
 * The Viewstamped Replication bug variants (spec/vr/bugs.ts), as overrides of
 * the production replica's named guards and action (xstate's
 * `machine.provide`): the replica itself carries no bug switch.
 */
import { assign } from 'xstate';
import type { VrBug } from '../../spec/vr/bugs.js';
import { doViewChangeQuorum, selectLog } from '../../spec/vr/log.js';
import { hasDoViewChanges, replicaMachine } from './replica.machine.js';

/** The replica of each bug variant. */
export const VR_BUG_REPLICAS: Readonly<Record<VrBug, typeof replicaMachine>> = {
  // The new primary takes the longest log, whatever view it was last normal in.
  'log-by-opnumber': replicaMachine.provide({
    actions: { adoptLog: assign(({ context }) => ({ log: selectLog(context.doViewChanges, 'log-by-opnumber').log })) },
  }),
  // The new primary starts the view on f DoViewChange messages instead of f + 1.
  'view-change-quorum-f': replicaMachine.provide({
    guards: { hasDoViewChangeQuorum: ({ context }) => hasDoViewChanges(context, doViewChangeQuorum({ f: context.cfg.f, bug: 'view-change-quorum-f' })) },
  }),
  // A recovering replica answers Prepare and joins view changes before it has recovered.
  'recovering-replica-votes': replicaMachine.provide({ guards: { votesWhileRecovering: () => true } }),
};

/** The replica of the variant `bug` (the production replica for `null`). */
export function vrReplica(bug: VrBug | null): typeof replicaMachine {
  return bug === null ? replicaMachine : VR_BUG_REPLICAS[bug];
}
