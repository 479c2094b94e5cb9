/**
 * The synod's entry in the protocol registry: its sizes (P, A, R), named
 * configurations, bug variants and properties, as `agora list` shows them.
 */
import { sizesOf, type ProtocolEntry } from '../../spec/core/registry.js';
import { SYNOD_BUGS, isSynodBug } from '../../spec/synod/bugs.js';
import { DEFAULT_SYNOD_CONFIG, SYNOD_CONFIGS } from '../../spec/synod/configs.js';
import { synodSystem } from './system.js';

export const synodProtocol: ProtocolEntry = {
  name: 'synod',
  summary: 'single-decree Paxos: proposers, acceptors and a learner, no leader',
  source: 'Lamport, "The Part-Time Parliament" §2 (the Synod); "Paxos Made Simple" §2',
  parameters: [
    { name: 'proposers', description: 'P, the number of proposers', min: 1, max: 9 },
    { name: 'acceptors', description: 'A, the number of acceptors', min: 1, max: 9 },
    { name: 'rounds', description: 'R, the rounds each proposer may start', min: 1, max: 9 },
  ],
  configs: SYNOD_CONFIGS.map((c) => ({
    name: c.name,
    description: c.description,
    params: { proposers: c.proposers, acceptors: c.acceptors, rounds: c.rounds },
    ...(c.lossy ? { faults: { lossy: true } } : {}),
  })),
  defaultConfig: DEFAULT_SYNOD_CONFIG,
  bugs: SYNOD_BUGS,
  properties: [
    { name: 'agreement', description: 'at most one value is decided' },
    { name: 'validity', description: 'only a proposed value is decided' },
  ],
  describeParams: (p) => `P=${p['proposers']} A=${p['acceptors']} R=${p['rounds']}`,
  build: (params, bug) => {
    if (bug !== null && !isSynodBug(bug)) throw new RangeError(`unknown bug ${bug}`);
    return synodSystem(sizesOf(params, ['proposers', 'acceptors', 'rounds']), bug);
  },
};
