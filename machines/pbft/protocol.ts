/**
 * PBFT's entry in the protocol registry: sizes, named configurations, bug
 * variants, Byzantine adversaries, properties, and the counterexamples the
 * docs show for the bugs that need other bounds than the default.
 *
 * Which bug shows where (the tests pin each):
 * The default, pbft-s, holds against the full adversary; `--replicas 3
 * --faulty 1` and `--faulty 2` on it are violated (the 3f+1 bound).
 * - `no-viewchange-certificates` on pbft-vc: agreement, 28 steps;
 * - `weak-prepare` on pbft-equivocation (two requests to equivocate with):
 *   prepared-agreement, 6 steps;
 * - `client-one-reply` with `--adversary full` (a Byzantine reply):
 *   client-accepts-correct, 2 steps.
 */
import type { ProtocolEntry } from '../../spec/core/registry.js';
import { DEFAULT_PBFT_ADVERSARY, isPbftAdversary, PBFT_ADVERSARIES } from '../../spec/pbft/adversary.js';
import { isPbftBug, PBFT_BUG_SHOWCASES, PBFT_BUGS } from '../../spec/pbft/bugs.js';
import { checkPbftSizes, DEFAULT_PBFT_CONFIG, describePbftSizes, PBFT_CONFIGS, PBFT_PARAMETERS, pbftParams, pbftSizesOf } from '../../spec/pbft/configs.js';
import { PBFT_PROPERTIES } from '../../spec/pbft/invariants.js';
import { pbftCost } from './cost.js';
import { pbftSystem } from './system.js';

export const pbftProtocol: ProtocolEntry = {
  name: 'pbft',
  summary: 'PBFT: a primary orders client requests in three phases among n replicas, f of them Byzantine; view changes replace a faulty primary',
  source: 'Castro & Liskov, "Practical Byzantine Fault Tolerance", OSDI 1999, §4',
  parameters: PBFT_PARAMETERS,
  configs: PBFT_CONFIGS.map((c) => ({ name: c.name, description: c.description, params: pbftParams(c), ...(c.adversary !== undefined ? { adversary: c.adversary } : {}) })),
  defaultConfig: DEFAULT_PBFT_CONFIG,
  adversaries: PBFT_ADVERSARIES,
  defaultAdversary: DEFAULT_PBFT_ADVERSARY,
  bugs: PBFT_BUGS,
  bugShowcases: PBFT_BUG_SHOWCASES,
  examples: [
    { args: '--config pbft-tiny', what: 'the normal case against a Byzantine primary: every property holds' },
    { args: '--bug no-viewchange-certificates', what: 'a known bug in the view change (runs on pbft-vc)' },
    { args: '--config pbft-n3f1', what: 'n = 3f: too few replicas, agreement fails' },
    { args: '--config pbft-tiny --adversary silent', what: 'the same bounds against a faulty primary that sends nothing' },
  ],
  properties: PBFT_PROPERTIES,
  describeParams: describePbftSizes,
  build: (params, bug, variant, adversary) => {
    if (bug !== null && !isPbftBug(bug)) throw new RangeError(`unknown bug ${bug}`);
    if (variant !== undefined && variant !== null) throw new RangeError('pbft has no variants');
    const name = adversary ?? DEFAULT_PBFT_ADVERSARY;
    if (!isPbftAdversary(name)) throw new RangeError(`unknown adversary ${name}`);
    const sizes = pbftSizesOf(params);
    checkPbftSizes(sizes);
    return pbftSystem(sizes, { bug, adversary: name });
  },
  showcases: [
    {
      title: '`--bug no-viewchange-certificates`: a committed request replaced in the next view',
      intro:
        "The variant breaks one rule: the new primary ignores the prepared certificates of the view-change messages and fills the sequence numbers they report with the null request. It needs a view change, hence pbft-vc: the request commits at a replica in view 0, the view changes, and the new view commits the null request at the same sequence number.",
      config: 'pbft-vc',
      bug: 'no-viewchange-certificates',
      replacesBugSection: true,
    },
    {
      title: '`--bug weak-prepare`: two backups prepared for different requests',
      intro:
        "The variant breaks one rule: a replica is prepared with f matching prepares instead of 2f. With two clients, the Byzantine primary pre-prepares one request to r1 and the other to r2 at the same sequence number; with f = 1 each backup's own prepare is enough, so two correct replicas are prepared for different requests in one view — what §4.2's quorum of 2f prepares rules out, and what a later view change could turn into two commits. With one request (pbft-vc) the primary has nothing to equivocate with.",
      config: 'pbft-equivocation',
      bug: 'weak-prepare',
      replacesBugSection: true,
    },
    {
      title: '`--bug client-one-reply`: a Byzantine replica answers first',
      intro:
        'The variant breaks one rule: the client accepts the first reply instead of f+1 matching ones. Only a Byzantine reply shows it, so this needs the `full` adversary: r0 replies before any correct replica has executed the request, and the client takes it.',
      config: 'pbft-tiny',
      adversary: 'full',
      bug: 'client-one-reply',
      replacesBugSection: true,
    },
    {
      title: 'n = 3f: two correct replicas commit different requests',
      intro:
        'With n = 3 and f = 1 the quorum is 2, and two quorums can share only the Byzantine primary. It pre-prepares one request to r1 and another to r2, and commits each to its backup: both are committed-local at sequence number 1.',
      config: 'pbft-n3f1',
      adversary: 'full',
      properties: ['agreement'],
    },
    {
      title: 'n = 4 with two Byzantine replicas: agreement fails too',
      intro:
        'Four replicas cannot mask two Byzantine ones (n < 3·2+1): r0 and r3 vote with each correct backup for a different request, so each backup reaches its quorum for its own.',
      config: 'pbft-n4f2',
      adversary: 'full',
      properties: ['agreement'],
    },
    {
      title: 'A backup that only replays (`--adversary replay`), and `--bug no-viewchange-certificates`',
      intro:
        "pbft-n3f1-replay holds with the correct protocol: its faulty backup r2 re-sends, in its own name, only what correct replicas sent it (each step says what it learned). With the variant it does not: r0 commits c0.0 at sequence number 1 in view 0; r1 times out, and r2 replays r1's view-change to r0, which makes the f+1 = 2 that r0 needs to join view 1. The new primary r1 ignores the certificates and re-proposes the null request; r2 echoes r0's own commit back to it, and r0 commits the null request at the same sequence number. With a silent r2, r0 never joins view 1 and the variant holds here.",
      config: 'pbft-n3f1-replay',
      bug: 'no-viewchange-certificates',
    },
  ],
  cost: pbftCost,
};
