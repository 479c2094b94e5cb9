/**
 * Golden test: the counterexample pages in docs/ are exactly what the
 * renderers produce now (regenerate with `npm run docs:traces`). The traces
 * double as the docs, so they cannot drift from the checker.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { bugTracesPage } from '../../explorer/cli.js';

it('docs/synod-traces.md is up to date', () => {
  const file = readFileSync(new URL('../../docs/synod-traces.md', import.meta.url), 'utf8');
  expect(bugTracesPage('synod')).toBe(file);
});
