/**
 * Golden test: every generated page of docs/ (the counterexample pages, the
 * cost tables: `generatedPages()`) is exactly what the code produces now,
 * generated in-process and compared as strings (regenerate with `npm run
 * docs`). The traces double as the docs, so they cannot drift from the checker.
 * The two slowest pages to generate (test/helpers/docs-pages.ts: LONG_PAGES)
 * are checked by test/long/docs.long.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { generatedPages } from '../../explorer/docs-pages.js';
import { PROTOCOLS } from '../../machines/index.js';
import { expectUpToDate, pages } from '../helpers/docs-pages.js';

for (const p of pages(false)) {
  it(`${p.path} is up to date (npm run docs)`, () => expectUpToDate(p));
}

it('every protocol has its generated counterexample page', () => {
  const paths = generatedPages().map((p) => p.path);
  for (const p of PROTOCOLS) expect(paths).toContain(`docs/${p.name}-traces.md`);
});

it('no page of docs/ points outside the repository', () => {
  const docs = readdirSync(new URL('../../docs/', import.meta.url)).filter((f) => f.endsWith('.md'));
  const pages = ['README.md', ...docs.map((f) => `docs/${f}`)];
  for (const f of pages) {
    const text = readFileSync(new URL(`../../${f}`, import.meta.url), 'utf8');
    expect(text, f).not.toMatch(/shared\/benchmarks|\]\(\.\.\/\.\.\/|\/work\//);
  }
});

it('a trace page summarises the violating state in the property\'s own terms, as agora check prints it', () => {
  const page = readFileSync(new URL('../../docs/synod-traces.md', import.meta.url), 'utf8');
  expect(page).toContain('✗ agreement fails in the state reached by step 18.\n    l0 decided {v0, v1}: two values\n```');
});
