/**
 * The golden check of the generated pages of docs/ (`generatedPages()`),
 * shared by test/docs/traces.test.ts (every page but the slowest to
 * generate) and test/long/docs.long.ts (`npm run test:long`: those, 15-40 s
 * each on 2 shared cores).
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { generatedPages, type GeneratedPage } from '../../explorer/docs-pages.js';

/** The pages whose generation takes longest (the synod's and PBFT's counterexample pages). */
export const LONG_PAGES: readonly string[] = ['docs/synod-traces.md', 'docs/pbft-traces.md'];

/** The generated pages, those in LONG_PAGES (`long`) or the others. */
export function pages(long: boolean): readonly GeneratedPage[] {
  const all = generatedPages();
  for (const p of LONG_PAGES) if (!all.some((g) => g.path === p)) throw new Error(`${p} is no longer a generated page`);
  return all.filter((p) => LONG_PAGES.includes(p.path) === long);
}

/** The page as the code produces it now equals the file in the repository. */
export function expectUpToDate({ path, page }: GeneratedPage): void {
  const file = readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
  const text = page();
  // Whatever the environment says of colour (CI sets CI=1, which picocolors reads as "colour on").
  expect(text).not.toContain('\u001b');
  expect(text).toBe(file);
}
