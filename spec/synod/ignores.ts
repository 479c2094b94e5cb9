/**
 * Messages a Synod node refuses for good (`SystemSpec.ignores`), for the
 * partial-order reduction. Each rule holds in every bug variant:
 * - an acceptor refuses Prepare(b) when b ≤ promised, and Accept(b) when
 *   b < promised; `promised` never decreases (it is raised by a promise, or by
 *   a vote, and `forgetful-acceptor` only skips raising it);
 * - a proposer refuses a Promise for a ballot below its current one (ballots
 *   only grow), and every Promise once it is accepting (it leaves `accepting`
 *   only for a higher ballot); in `idle` nothing is declared;
 * - the learner refuses a vote it already holds (its votes only grow, and
 *   what it decides depends only on them).
 */
import type { Envelope } from '../core/envelope.js';
import type { NodeState } from '../core/symmetry.js';
import type { SynodMessage } from './messages.js';
import { ballotOf } from './safe-value.js';
import type { AcceptorState, LearnerState, ProposerState } from './state.js';

export function synodIgnores(node: NodeState, envelope: Envelope): boolean {
  const msg = envelope as SynodMessage;
  switch (node.role) {
    case 'acceptor': {
      const s = node.context as AcceptorState;
      if (msg.type === 'synod.prepare') return msg.ballot <= s.promised;
      if (msg.type === 'synod.accept') return msg.ballot < s.promised;
      return false;
    }
    case 'proposer': {
      if (msg.type !== 'synod.promise') return false;
      const s = node.context as ProposerState;
      const current = ballotOf(s.round, s.cfg.index, s.cfg.proposers);
      if (node.value === 'accepting') return msg.ballot <= current;
      if (node.value === 'preparing') return msg.ballot < current;
      return false;
    }
    case 'learner': {
      if (msg.type !== 'synod.accepted') return false;
      const s = node.context as LearnerState;
      return s.votes.some((v) => v.ballot === msg.ballot && v.value === msg.value && v.acceptor === msg.from);
    }
    default:
      return false;
  }
}
