/**
 * Multi-Paxos's entry in the protocol registry: sizes, named configurations,
 * variants (where 2b goes), bug variants, properties, and its cost scenario.
 */
import { sizesOf, type ProtocolEntry } from '../../spec/core/registry.js';
import { isMultiPaxosBug, MULTIPAXOS_BUG_SHOWCASES, MULTIPAXOS_BUGS, MULTIPAXOS_VARIANTS, variantOf } from '../../spec/multipaxos/bugs.js';
import {
  DEFAULT_MULTIPAXOS_CONFIG,
  describeMultiPaxosSizes,
  MULTIPAXOS_CONFIGS,
  MULTIPAXOS_PARAMETERS,
  type MultiPaxosSizes,
} from '../../spec/multipaxos/configs.js';
import { multipaxosCost } from './cost.js';
import { multipaxosSystem } from './system.js';

export const REPLICATED_LOG_PROPERTIES = [
  { name: 'agreement', description: 'no two replicas decide different values for one slot' },
  { name: 'validity', description: 'every decided value belongs to a client request, or is a no-op' },
  { name: 'at-most-once', description: 'no replica executes a request twice' },
  { name: 'prefix', description: "replicas' executed sequences are prefixes of one another" },
  { name: 'linearizable', description: "the clients' history is linearizable to a register" },
] as const;

export const multipaxosProtocol: ProtocolEntry = {
  name: 'multipaxos',
  summary: 'Multi-Paxos: a leader orders client commands into a log of slots; replicas execute them on a register',
  source: 'Lamport, "Paxos Made Simple" §3; van Renesse & Altinbuken, "Paxos Made Moderately Complex"',
  parameters: MULTIPAXOS_PARAMETERS,
  configs: MULTIPAXOS_CONFIGS.map((c) => ({
    name: c.name,
    description: c.description,
    params: sizesOf(c as unknown as Record<string, number>, MULTIPAXOS_PARAMETERS.map((p) => p.name)),
  })),
  defaultConfig: DEFAULT_MULTIPAXOS_CONFIG,
  variants: MULTIPAXOS_VARIANTS,
  defaultVariant: 'leader',
  bugs: MULTIPAXOS_BUGS,
  bugShowcases: MULTIPAXOS_BUG_SHOWCASES,
  examples: [
    { args: '--config mp-tiny', what: 'one leader that may restart: every property holds' },
    { args: '--variant all --bug skip-phase1', what: 'a known bug, with 2b sent to every replica' },
    { args: '--bug early-reply --property linearizable', what: 'what clients see of a bug: a stale read' },
  ],
  properties: [
    ...REPLICATED_LOG_PROPERTIES,
    { name: 'decided', description: 'liveness: eventually some replica decides a slot (--property decided; see docs/impossibility.md)' },
    { name: 'client-answered', description: 'liveness: every client request is eventually answered' },
    { name: 'decides-ci, answers-ci', description: "witnesses, per client: its request can be decided, and answered (looked for by every check)" },
  ],
  describeParams: describeMultiPaxosSizes,
  build: (params, bug, variant) => {
    if (bug !== null && !isMultiPaxosBug(bug)) throw new RangeError(`unknown bug ${bug}`);
    const sizes: MultiPaxosSizes = sizesOf(params, MULTIPAXOS_PARAMETERS.map((p) => p.name));
    return multipaxosSystem(sizes, { variant: variantOf(variant), bug });
  },
  showcases: [
    {
      title: 'Linearizability alone catches `--bug early-reply`',
      intro:
        "With the per-slot properties left out, the generic linearizability checker finds what clients see of the bug: a replica executes a write on a single acceptor's word and answers; another leader then decides a read in that slot, and the read, invoked after the write returned, misses it.",
      bug: 'early-reply',
      properties: ['linearizable'],
    },
  ],
  cost: multipaxosCost,
};
