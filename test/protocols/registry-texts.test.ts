/**
 * Golden test of `agora list` (issue 14): every protocol's summary, source,
 * sizes, configurations with their descriptions, variants, properties, bug
 * variants with their showcase and the rule each breaks, and the fault
 * options. These texts are what a user reads before choosing a check; they
 * are built while the registry's modules load, so mutation testing counts
 * their mutants as static, and this test (in every protocol's fast list) is
 * what kills them. Review a change to the golden file as a change of the
 * documentation.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('agora list', () => {
  it('prints every protocol\'s registry entry as pinned', async () => {
    const r = await runCli('list');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    await expect(r.out).toMatchFileSnapshot('./__golden__/list.txt');
  });
});
