/**
 * S-Paxos's entry in the protocol registry. Its variants are Multi-Paxos's
 * (where 2b goes), since the ordering layer is Multi-Paxos's.
 */
import { sizesOf, type ProtocolEntry } from '../../spec/core/registry.js';
import { MULTIPAXOS_VARIANTS, variantOf } from '../../spec/multipaxos/bugs.js';
import { isSPaxosBug, SPAXOS_BUG_SHOWCASES, SPAXOS_BUGS } from '../../spec/spaxos/bugs.js';
import { DEFAULT_SPAXOS_CONFIG, describeSPaxosSizes, SPAXOS_CONFIGS, SPAXOS_PARAMETERS } from '../../spec/spaxos/configs.js';
import { REPLICATED_LOG_PROPERTIES } from '../multipaxos/protocol.js';
import { spaxosCost } from './cost.js';
import { spaxosSystem } from './system.js';

const keys = SPAXOS_PARAMETERS.map((p) => p.name);

export const spaxosProtocol: ProtocolEntry = {
  name: 'spaxos',
  summary: 'S-Paxos: any replica takes requests and disseminates them; the leader orders only request ids',
  source: 'Biely, Milosevic, Santos & Schiper, "S-Paxos: Offloading the Leader for High Throughput State Machine Replication", SRDS 2012, §IV',
  parameters: SPAXOS_PARAMETERS,
  configs: SPAXOS_CONFIGS.map((c) => ({ name: c.name, description: c.description, params: sizesOf(c as unknown as Record<string, number>, keys) })),
  defaultConfig: DEFAULT_SPAXOS_CONFIG,
  variants: MULTIPAXOS_VARIANTS,
  defaultVariant: 'leader',
  bugs: SPAXOS_BUGS,
  bugShowcases: SPAXOS_BUG_SHOWCASES,
  examples: [
    { args: '--config sp-tiny', what: 'the dissemination layer alone: every property holds' },
    { args: '--bug order-unstable', what: 'a committed request lost (runs on sp-tiny with one crash and message loss)' },
    { args: '--config sp-tiny --lossy --crashes 2 --property no-lost-request', what: 'beyond the bound: f+1 crashes lose a request' },
  ],
  properties: [
    ...REPLICATED_LOG_PROPERTIES.filter((p) => p.name !== 'linearizable'),
    { name: 'durability', description: "every ordered id's request is held by at least f+1 replicas" },
    { name: 'no-lost-request', description: 'every committed request is held by a live replica or on its way to one' },
    { name: 'linearizable', description: "the clients' history is linearizable to a register" },
  ],
  describeParams: describeSPaxosSizes,
  build: (params, bug, variant) => {
    if (bug !== null && !isSPaxosBug(bug)) throw new RangeError(`unknown bug ${bug}`);
    return spaxosSystem(sizesOf(params, keys), { variant: variantOf(variant), bug });
  },
  showcases: [
    {
      title: 'A committed request lost: `--bug order-unstable` with one crash and message loss',
      intro:
        'The leader orders an id that only its coordinator holds; the forwards are lost, the id is decided, and the coordinator crashes: the request is gone although its id is committed. The correct protocol, under the same faults, never reaches such a state (the tests check it exhaustively).',
      config: 'sp-tiny',
      bug: 'order-unstable',
      faults: { lossy: true, crashes: 1 },
      properties: ['no-lost-request'],
    },
    {
      title: 'Beyond the bound: f+1 crashes lose a request in the correct protocol',
      intro:
        'With n = 2f+1 = 3, an id is stable once f+1 = 2 replicas hold its request. Two crashes, one more than f, can take both holders while the forward to the third replica is lost.',
      config: 'sp-tiny',
      faults: { lossy: true, crashes: 2 },
      properties: ['no-lost-request'],
    },
  ],
  cost: spaxosCost,
};
