/**
 * Golden test: the counterexample pages in docs/ are exactly what the
 * renderers produce now (regenerate with `npm run docs:traces`). The traces
 * double as the docs, so they cannot drift from the checker.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { bugTracesPage, costTablesPage } from '../../explorer/cli.js';

for (const protocol of ['synod', 'multipaxos', 'spaxos', 'pbft', 'raft', 'vr']) {
  it(`docs/${protocol}-traces.md is up to date`, () => {
    const file = readFileSync(new URL(`../../docs/${protocol}-traces.md`, import.meta.url), 'utf8');
    expect(bugTracesPage(protocol)).toBe(file);
  });
}

it('docs/cost-tables.md is up to date', () => {
  const file = readFileSync(new URL('../../docs/cost-tables.md', import.meta.url), 'utf8');
  const page = costTablesPage();
  // Whatever the environment says of colour (CI sets CI=1, which picocolors reads as "colour on").
  expect(page).not.toContain('\u001b');
  expect(page).toBe(file);
});

