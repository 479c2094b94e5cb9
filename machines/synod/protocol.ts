/**
 * The synod's entry in the protocol registry: its sizes (P, A, R), named
 * configurations, bug variants and properties, as `agora list` shows them.
 */
import { synodCost } from './cost.js';
import { sizesOf, type ProtocolEntry } from '../../spec/core/registry.js';
import { SYNOD_BUG_SHOWCASES, SYNOD_BUGS, isSynodBug } from '../../spec/synod/bugs.js';
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
    { name: 'unbounded', description: '1: ballots unbounded (R ignored), patient timers, searched up to a ballot shift; for --property decided', min: 0, max: 1 },
  ],
  configs: SYNOD_CONFIGS.map((c) => ({
    name: c.name,
    description: c.description,
    params: { proposers: c.proposers, acceptors: c.acceptors, rounds: c.rounds, ...(c.unbounded === true ? { unbounded: 1 } : {}) },
    ...(c.lossy || c.faults !== undefined ? { faults: { ...c.faults, ...(c.lossy ? { lossy: true } : {}) } } : {}),
  })),
  defaultConfig: DEFAULT_SYNOD_CONFIG,
  bugs: SYNOD_BUGS,
  bugShowcases: SYNOD_BUG_SHOWCASES,
  examples: [
    { args: '', what: 'the default configuration, synod-s: agreement and validity hold' },
    { args: '--config synod-xs', what: 'a smaller configuration, for a first look' },
    { args: '--bug own-value', what: 'a known bug: the shortest counterexample, step by step' },
    { args: '--proposers 3 --symmetry on', what: 'synod-s with a third proposer' },
    { args: '--property decided --config synod-xs', what: 'liveness: a run that never decides (FLP)' },
  ],
  cost: synodCost,
  properties: [
    { name: 'agreement', description: 'at most one value is decided' },
    { name: 'validity', description: 'only a proposed value is decided' },
    { name: 'decided', description: 'liveness: eventually some value is decided (--property decided; see docs/impossibility.md)' },
    { name: 'decides-vi', description: 'witness, one per value: some run decides vi (looked for by every check)' },
  ],
  showcases: [
    {
      title: '`--bug forget-promise` (crash-recovery)',
      intro:
        'An acceptor keeps its vote in stable storage but not its promise. It promises ballot 2, crashes and restarts having forgotten it, then accepts ballot 1: the proposer of ballot 2 never heard of that vote, and the two ballots choose different values. Without --recoveries the bug changes nothing (synod-s holds), so it is shown on synod-recover.',
      config: 'synod-recover',
      bug: 'forget-promise',
      replacesBugSection: true,
    },
    {
      title: '`--bug lowest-vote` (three ballots)',
      intro:
        'The proposer takes the value of the lowest-numbered vote its promises report. With two ballots every reported vote comes from the one earlier ballot, so synod-s holds; with three proposers, p2 hears of votes in ballots 1 and 2 and revives the older value after ballot 2 chose the other.',
      config: 'synod-p3',
      bug: 'lowest-vote',
      replacesBugSection: true,
    },
    {
      title: '`--bug superseded-vote` (three ballots)',
      intro:
        'An acceptor that promised a higher ballot after voting leaves the vote out of its promises. It takes a vote, a later promise, and then the promise that hides the vote: three ballots, so synod-s holds.',
      config: 'synod-p3',
      bug: 'superseded-vote',
      replacesBugSection: true,
    },
  ],
  describeParams: (p) => `P=${p['proposers']} A=${p['acceptors']} ${p['unbounded'] === 1 ? 'ballots unbounded' : `R=${p['rounds']}`}`,
  build: (params, bug) => {
    if (bug !== null && !isSynodBug(bug)) throw new RangeError(`unknown bug ${bug}`);
    return synodSystem({ ...sizesOf(params, ['proposers', 'acceptors', 'rounds']), unbounded: params['unbounded'] === 1 }, bug);
  },
};
