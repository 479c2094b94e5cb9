/**
 * Viewstamped Replication's entry in the protocol registry (Liskov &
 * Cowling, "Viewstamped Replication Revisited", MIT TR 2012, §4): sizes,
 * named configurations, bug variants and properties.
 */
import { sizesOf, type ProtocolEntry } from '../../spec/core/registry.js';
import { isVrBug, VR_BUG_SHOWCASES, VR_BUGS } from '../../spec/vr/bugs.js';
import { DEFAULT_VR_CONFIG, describeVrSizes, VR_CONFIGS, VR_PARAMETER_NAMES, VR_PARAMETERS, type VrSizes } from '../../spec/vr/configs.js';
import { vrCost } from './cost.js';
import { vrSystem } from './system.js';

export const VR_PROPERTIES = [
  { name: 'agreement', description: 'no two replicas execute different operations at one op-number' },
  { name: 'prefix', description: "the committed parts of the replicas' logs are prefixes of one another" },
  { name: 'committed-survives', description: 'every committed operation survives into all later views at its op-number' },
  { name: 'linearizable', description: "the clients' history is linearizable to a register" },
] as const;

export const vrProtocol: ProtocolEntry = {
  name: 'vr',
  summary: 'Viewstamped Replication: a primary orders requests, backups PrepareOK; view changes pick the log with the largest (last normal view, op-number)',
  source: 'Liskov & Cowling, "Viewstamped Replication Revisited" (MIT-CSAIL-TR-2012-021), §4.1-4.3 (recovery under --recoveries)',
  parameters: VR_PARAMETERS,
  configs: VR_CONFIGS.map((c) => ({
    name: c.name,
    description: c.description,
    params: sizesOf(c as unknown as Record<string, number>, VR_PARAMETER_NAMES),
    ...(c.faults !== undefined ? { faults: c.faults } : {}),
  })),
  defaultConfig: DEFAULT_VR_CONFIG,
  bugs: VR_BUGS,
  bugShowcases: VR_BUG_SHOWCASES,
  examples: [
    { args: '--config vr-tiny', what: 'one view change, one command: every property holds' },
    { args: '--bug log-by-opnumber', what: 'a committed operation lost in a view change (runs on vr-stale)' },
    { args: '--config vr-recover', what: 'r2 may crash, restart with nothing and run the recovery protocol (§4.3): every property holds' },
  ],
  properties: [
    ...VR_PROPERTIES,
    { name: 'decided', description: 'liveness: eventually some replica executes an operation (--property decided; see docs/impossibility.md)' },
    { name: 'client-answered', description: 'liveness: every client request is eventually answered' },
    { name: 'decides-ci, answers-ci', description: 'witnesses, per client: its request can be decided, and answered (looked for by every check)' },
  ],
  cost: vrCost,
  describeParams: describeVrSizes,
  build: (params, bug) => {
    if (bug !== null && !isVrBug(bug)) throw new RangeError(`unknown bug ${bug}`);
    const sizes: VrSizes = sizesOf(params, VR_PARAMETER_NAMES);
    return vrSystem(sizes, { bug });
  },
  showcases: [
    {
      title: '`--bug log-by-opnumber`',
      intro:
        'The variant breaks one rule: ' +
        VR_BUGS['log-by-opnumber'] +
        ". From a stale primary: r0 still leads view 0 with two uncommitted requests while r1 and r2 run view 1. r1 commits client c2's request at op-number 1 with r2's PrepareOK; r2 times out into view 2, r0 joins it, and r2, the new primary, takes r0's longer log of view 0 over its own of view 1: the committed operation is gone from op-number 1.",
      config: 'vr-stale',
      bug: 'log-by-opnumber',
      replacesBugSection: true,
    },
    {
      title: '`--bug recovering-replica-votes` (crash-recovery)',
      intro:
        'The variant breaks one rule: ' +
        VR_BUGS['recovering-replica-votes'] +
        ". r1 times out and r2 joins view 1: r1 starts view 1 with the empty logs of r1 and r2, while r0, the primary of view 0, has appended a request. r2 crashes and restarts with nothing but its nonce counter, so it no longer knows that it left view 0; still recovering, it answers r0's Prepare of view 0 with a PrepareOK, and r0 commits the request in a view that has already been replaced: view 1 lacks it. The correct replica takes no message until it has recovered (from r1, the primary of view 1), and vr-recover holds. Without --recoveries no replica is ever recovering, so the bug is shown on vr-recover.",
      config: 'vr-recover',
      bug: 'recovering-replica-votes',
      replacesBugSection: true,
    },
  ],
};
