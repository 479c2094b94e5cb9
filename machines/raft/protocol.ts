/**
 * Raft's entry in the protocol registry (Ongaro & Ousterhout 2014, Figure
 * 2): sizes, named configurations, bug variants and properties.
 */
import { sizesOf, type ProtocolEntry } from '../../spec/core/registry.js';
import { isRaftBug, RAFT_BUG_SHOWCASES, RAFT_BUGS } from '../../spec/raft/bugs.js';
import { raftCost } from './cost.js';
import { DEFAULT_RAFT_CONFIG, describeRaftSizes, RAFT_CONFIGS, RAFT_PARAMETER_NAMES, RAFT_PARAMETERS, type RaftSizes } from '../../spec/raft/configs.js';
import { raftSystem } from './system.js';

export const RAFT_PROPERTIES = [
  { name: 'election-safety', description: 'at most one leader in a given term' },
  { name: 'log-matching', description: 'logs with an entry of the same index and term agree up to it' },
  { name: 'leader-completeness', description: 'a committed entry is in the log of every leader of a higher term' },
  { name: 'state-machine-safety', description: 'no two servers apply different entries at one index' },
  { name: 'linearizable', description: "the clients' history is linearizable to a register" },
] as const;

export const raftProtocol: ProtocolEntry = {
  name: 'raft',
  summary: 'Raft: leader election with terms, log replication by AppendEntries, clients on a register',
  source: 'Ongaro & Ousterhout, "In Search of an Understandable Consensus Algorithm" (USENIX ATC 2014), Figure 2',
  parameters: RAFT_PARAMETERS,
  configs: RAFT_CONFIGS.map((c) => ({
    name: c.name,
    description: c.description,
    params: sizesOf(c as unknown as Record<string, number>, RAFT_PARAMETER_NAMES),
    ...(c.faults !== undefined ? { faults: c.faults } : {}),
  })),
  defaultConfig: DEFAULT_RAFT_CONFIG,
  bugs: RAFT_BUGS,
  bugShowcases: RAFT_BUG_SHOWCASES,
  examples: [
    { args: '--config raft-tiny', what: 'a small cluster: every Figure 3 property holds' },
    { args: '--bug commit-old-term', what: 'Figure 8: a leader commits an entry of an earlier term (runs on raft-fig8)' },
    { args: '--bug forget-votedfor', what: 'crash-recovery without votedFor on stable storage (runs on raft-recover)' },
  ],
  properties: [
    ...RAFT_PROPERTIES,
    { name: 'decided', description: 'liveness: eventually some server applies a committed entry (--property decided; see docs/impossibility.md)' },
    { name: 'client-answered', description: 'liveness: every client request is eventually answered' },
    { name: 'decides-ci, answers-ci', description: 'witnesses, per client: its request can be decided, and answered (looked for by every check)' },
  ],
  cost: raftCost,
  describeParams: describeRaftSizes,
  build: (params, bug) => {
    if (bug !== null && !isRaftBug(bug)) throw new RangeError(`unknown bug ${bug}`);
    const sizes: RaftSizes = sizesOf(params, RAFT_PARAMETER_NAMES);
    return raftSystem(sizes, { bug });
  },
  showcases: [
    {
      title: '`--bug forget-votedfor` (crash-recovery)',
      intro:
        'The variant breaks one rule: ' +
        RAFT_BUGS['forget-votedfor'] +
        '. s1 and s2 both stand for term 2; s0 votes for s1, crashes and restarts with its term but without its vote, and votes for s2 too: each wins a majority, two leaders of term 2. Without --recoveries the bug changes nothing, so it is shown on raft-recover.',
      config: 'raft-recover',
      bug: 'forget-votedfor',
      replacesBugSection: true,
    },
    {
      title: '`--bug commit-old-term`: Figure 8',
      intro:
        "The variant breaks one rule: " + RAFT_BUGS['commit-old-term'] + ". From the three-server analogue of Figure 8 (b), s0 wins term 3 with s2's vote, replicates its term-1 entry to s2 and, counting two replicas, commits and applies it; s1, whose last entry has term 2, then wins term 4 with s2's vote and leads without the committed entry (Figure 8 (d) would overwrite it).",
      config: 'raft-fig8',
      bug: 'commit-old-term',
      replacesBugSection: true,
    },
    {
      title: '`--bug append-without-consistency-check`',
      intro:
        'The variant breaks one rule: ' + RAFT_BUGS['append-without-consistency-check'] + ". s1 wins term 2 holding s0's committed entry; its first heartbeat (prevLogIndex 1) is accepted by s2, whose log is empty, so s1 believes s2 matches index 1, and later sends s2 only the entries after it: they land at the wrong indices of s2's log.",
      config: 'raft-s3',
      bug: 'append-without-consistency-check',
      replacesBugSection: true,
    },
  ],
};
