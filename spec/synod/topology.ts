/**
 * Who sends to whom in the Synod (`SystemSpec.topology`), exactly as the
 * machines do: a proposer sends Prepare and Accept to the acceptors; an
 * acceptor answers a Prepare with a Promise to its proposer and sends each
 * vote (Accepted) to the learners; the learner sends nothing.
 */
import type { Topology } from '../core/symmetry.js';

export const SYNOD_TOPOLOGY: Topology = {
  proposer: ['acceptor'],
  acceptor: ['proposer', 'learner'],
};
