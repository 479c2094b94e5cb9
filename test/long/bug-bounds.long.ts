/**
 * The smallest bounds that a bug variant's declared condition allows
 * (spec/<p>/bugs.ts `unreachable`) must catch the bug: otherwise
 * `agora check --bug` would run them and report "holds" (issue 13). The fast
 * cases are in test/cli/help.test.ts; these four take minutes, so they run in
 * `npm run test:long`. Each case names its bounds as the CLI would
 * (`resolveSource`), and asserts the property broken and the length of the
 * shortest counterexample.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../explorer/check.js';
import { buildSpec, resolveSource, type SystemFlags } from '../../explorer/registry.js';
import { BUG_BOUNDS_CASES } from '../helpers/bug-bounds-cases.js';
import { runCli } from '../helpers/cli.js';

const CASES: readonly { readonly what: string; readonly protocol: string; readonly flags: SystemFlags; readonly property: string; readonly steps: number }[] = [
  { what: 'raft commit-old-term from the normal start (raft-tiny with four terms)', protocol: 'raft', flags: { config: 'raft-tiny', terms: 4, bug: 'commit-old-term' }, property: 'leader-completeness', steps: 18 },
  { what: 'vr log-by-opnumber with one client and two commands, two view changes', protocol: 'vr', flags: { config: 'vr-s', views: 2, bug: 'log-by-opnumber' }, property: 'committed-survives', steps: 16 },
  { what: 'vr log-by-opnumber with two clients and one command each, two view changes', protocol: 'vr', flags: { config: 'vr-c2', views: 2, bug: 'log-by-opnumber' }, property: 'committed-survives', steps: 15 },
  { what: 'pbft no-viewchange-certificates with no Byzantine replica', protocol: 'pbft', flags: { config: 'pbft-vc', faulty: 0, faultyPrimary: 0, bug: 'no-viewchange-certificates' }, property: 'agreement', steps: 32 },
];

describe('each bug is caught on the smallest bounds its condition allows', () => {
  for (const c of CASES) {
    it(c.what, () => {
      const { source } = resolveSource(c.protocol, c.flags);
      const r = check(buildSpec(source));
      expect(r.status).toBe('violation');
      expect(r.properties.find((p) => p.verdict === 'violated')?.name).toBe(c.property);
      expect(r.trace?.steps).toHaveLength(c.steps);
    }, 1_800_000);
  }
});

describe('the slower CLI cases of test/helpers/bug-bounds-cases.ts', () => {
  for (const { protocol, bug, property, steps, bounds } of BUG_BOUNDS_CASES.filter((c) => c.long)) {
    it(`${protocol} --bug ${bug} ${bounds.join(' ')}: ${property} fails in ${steps} steps`, async () => {
      const r = await runCli('check', protocol, '--bug', bug, ...bounds, '--quiet', '--max-seconds', '600');
      expect(r.code, r.out + r.err).toBe(1);
      expect(r.out).toContain(`✗ ${property} fails in the state reached by step ${steps}.`);
    });
  }
});
