/**
 * The golden check of the generated pages of docs/ that take longest to
 * generate (test/helpers/docs-pages.ts: LONG_PAGES, 15-40 s each); the
 * others are checked by test/docs/traces.test.ts. Regenerate with `npm run docs`.
 */
import { it } from 'vitest';
import { expectUpToDate, pages } from '../helpers/docs-pages.js';

for (const p of pages(true)) {
  it(`${p.path} is up to date (npm run docs)`, () => expectUpToDate(p), 900_000);
}
