/**
 * The PBFT bug variant that is machine logic (spec/pbft/bugs.ts), as an
 * override of the production replica's named guard and action (xstate's
 * `machine.provide`): the replica itself carries no bug switch.
 * NOTE: `weak-prepare` and `client-one-reply` are quorum sizes, the system's
 *   shape: `pbftSystem` applies them (spec/pbft/quorum.ts), as it gives the
 *   Byzantine replicas the O that `no-viewchange-certificates` computes.
 */
import { enqueueActions } from 'xstate';
import type { PbftBug } from '../../spec/pbft/bugs.js';
import { acceptsNewView, startView } from '../../spec/pbft/view-change.js';
import { replicaMachine } from './replica.machine.js';

/** The replica of each bug variant; the quorum-size bugs keep the production replica. */
export const PBFT_BUG_REPLICAS: Readonly<Record<PbftBug, typeof replicaMachine>> = {
  'weak-prepare': replicaMachine,
  // A new primary sends, and a backup accepts, the null request for every seq of O: no certificate survives the view change.
  'no-viewchange-certificates': replicaMachine.provide({
    guards: {
      isAcceptableNewView: ({ context, event }, params) =>
        event.type === 'pbft.new-view' && acceptsNewView(context, event, params.changing, 'no-viewchange-certificates'),
    },
    actions: {
      startView: enqueueActions(({ context, enqueue }) => {
        const { state, sent } = startView(context, 'no-viewchange-certificates');
        enqueue.assign(state);
        for (const msg of sent) enqueue.emit({ type: 'send', msg });
      }),
    },
  }),
  'client-one-reply': replicaMachine,
};

/** The replica of the variant `bug` (the production replica for `null`). */
export function pbftReplica(bug: PbftBug | null): typeof replicaMachine {
  return bug === null ? replicaMachine : PBFT_BUG_REPLICAS[bug];
}
