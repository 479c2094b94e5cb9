/**
 * Where each PBFT bug variant is caught (configuration, adversary, the
 * property broken first, the shortest counterexample's length), shared by
 * test/machines/pbft/system.test.ts (the cases marked `long: false`) and
 * test/long/pbft.long.ts (`no-viewchange-certificates` on pbft-vc, about
 * 15 s on 2 shared cores).
 */
import { expect } from 'vitest';
import { check } from '../../explorer/check.js';
import type { Trace } from '../../explorer/trace.js';
import { pbftSystem } from '../../machines/pbft/system.js';
import type { PbftAdversary } from '../../spec/pbft/adversary.js';
import type { PbftBug } from '../../spec/pbft/bugs.js';
import { PBFT_CONFIGS } from '../../spec/pbft/configs.js';
import { replay } from './replay.js';

export interface PbftBugCase {
  readonly bug: PbftBug;
  readonly config: string;
  readonly adversary: PbftAdversary;
  readonly property: string;
  readonly steps: number;
  /** Too slow for `npm test`: run by test/long/pbft.long.ts. */
  readonly long: boolean;
}

export const PBFT_BUG_CASES: readonly PbftBugCase[] = [
  { bug: 'no-viewchange-certificates', config: 'pbft-vc', adversary: 'equivocating-primary', property: 'agreement', steps: 28, long: true },
  { bug: 'weak-prepare', config: 'pbft-equivocation', adversary: 'equivocating-primary', property: 'prepared-agreement', steps: 6, long: false },
  { bug: 'client-one-reply', config: 'pbft-tiny', adversary: 'full', property: 'client-accepts-correct', steps: 2, long: false },
];

export const pbftBugCaseName = (c: PbftBugCase): string => `${c.bug}: ${c.property} on ${c.config} (${c.adversary}), ${c.steps} steps`;

/** The bug is caught on its configuration: the property, the length, and the trace replays on the machines. */
export function expectPbftBugCaught(c: PbftBugCase): void {
  const config = PBFT_CONFIGS.find((x) => x.name === c.config);
  if (config === undefined) throw new Error(`no config ${c.config}`);
  const spec = pbftSystem(config, { bug: c.bug, adversary: c.adversary });
  const r = check(spec);
  expect(r.status).toBe('violated');
  expect(r.properties.find((p) => p.verdict === 'violated')?.name).toBe(c.property);
  expect(r.trace?.steps).toHaveLength(c.steps);
  replay(spec, r.trace as Trace);
}
