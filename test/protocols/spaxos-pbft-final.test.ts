/**
 * The final states of S-Paxos and PBFT (issue 10): with `SystemSpec.final`
 * declared, the deadlock check gives a verdict ('holds' on the correct
 * protocols' smallest configurations, not 'not declared'), and a state with
 * no step that is not final is found when a node that still owes a step is
 * stuck (spec/multipaxos/invariants.ts replicatedLogFinal, spec/pbft/invariants.ts pbftFinal).
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../explorer/check.js';
import { buildSpec, resolveSource } from '../../explorer/registry.js';
import type { SystemSpec } from '../../spec/core/system.js';

const deadlock = (spec: SystemSpec, options: Parameters<typeof check>[1] = {}): string | undefined =>
  check(spec, { deadlock: true, ...options }).properties.find((p) => p.name === 'deadlock')?.verdict;

describe('S-Paxos and PBFT declare final states', () => {
  it('S-Paxos sp-tiny: the deadlock check holds (final: every client answered, or every proposer has spent its rounds)', () => {
    const spec = buildSpec(resolveSource('spaxos', { config: 'sp-tiny' }).source);
    expect(spec.final).toBeDefined();
    expect(deadlock(spec)).toBe('holds');
  });

  it('S-Paxos sp-tiny: a leader crash with its rounds left is final (it is crashed), so still no deadlock', () => {
    const spec = buildSpec(resolveSource('spaxos', { config: 'sp-tiny' }).source);
    const p0 = spec.nodes.findIndex((n) => n.name === 'p0');
    expect(deadlock(spec, { faults: { lossy: false, duplicates: 0, crashes: 1, crashable: [p0] } })).toBe('holds');
  });

  it('S-Paxos sp-tiny: states with no step exist, so the check judges something: with no state final, the first is a deadlock', () => {
    const spec = buildSpec(resolveSource('spaxos', { config: 'sp-tiny' }).source);
    const stuck: SystemSpec = { ...spec, final: () => false };
    expect(deadlock(stuck)).toBe('violated');
  });

  it('PBFT pbft-tiny: the deadlock check holds (final: every client answered, or no correct replica owes a view change)', () => {
    const spec = buildSpec(resolveSource('pbft', { config: 'pbft-tiny' }).source);
    expect(spec.final).toBeDefined();
    expect(deadlock(spec, { symmetry: true, por: true })).toBe('holds');
  });
});
