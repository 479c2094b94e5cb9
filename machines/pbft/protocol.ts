/**
 * PBFT's entry in the protocol registry: sizes, named configurations, bug
 * variants, Byzantine adversaries and properties.
 */
import type { ProtocolEntry } from '../../spec/core/registry.js';
import { DEFAULT_PBFT_ADVERSARY, isPbftAdversary, PBFT_ADVERSARIES } from '../../spec/pbft/adversary.js';
import { isPbftBug, PBFT_BUGS } from '../../spec/pbft/bugs.js';
import { DEFAULT_PBFT_CONFIG, describePbftSizes, PBFT_CONFIGS, PBFT_PARAMETERS, pbftParams, pbftSizesOf } from '../../spec/pbft/configs.js';
import { PBFT_PROPERTIES } from '../../spec/pbft/invariants.js';
import { pbftCost } from './cost.js';
import { pbftSystem } from './system.js';

export const pbftProtocol: ProtocolEntry = {
  name: 'pbft',
  summary: 'PBFT: a primary orders client requests in three phases among n replicas, f of them Byzantine; view changes replace a faulty primary',
  source: 'Castro & Liskov, "Practical Byzantine Fault Tolerance", OSDI 1999, §4',
  parameters: PBFT_PARAMETERS,
  configs: PBFT_CONFIGS.map((c) => ({ name: c.name, description: c.description, params: pbftParams(c) })),
  defaultConfig: DEFAULT_PBFT_CONFIG,
  adversaries: PBFT_ADVERSARIES,
  defaultAdversary: DEFAULT_PBFT_ADVERSARY,
  bugs: PBFT_BUGS,
  properties: PBFT_PROPERTIES,
  describeParams: describePbftSizes,
  build: (params, bug, variant, adversary) => {
    if (bug !== null && !isPbftBug(bug)) throw new RangeError(`unknown bug ${bug}`);
    if (variant !== undefined && variant !== null) throw new RangeError('pbft has no variants');
    const name = adversary ?? DEFAULT_PBFT_ADVERSARY;
    if (!isPbftAdversary(name)) throw new RangeError(`unknown adversary ${name}`);
    return pbftSystem(pbftSizesOf(params), { bug, adversary: name });
  },
  cost: pbftCost,
};
