/**
 * `npm run docs`: writes every generated page of docs/ (`docs-pages.ts`),
 * then rewrites the generated blocks of the hand-written pages
 * (`docs-blocks.ts`: the configuration tables), from the built code,
 * relative to the repository root. Prints each page written, and whether it
 * changed.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { blockNames, fillBlocks, pagesWithBlocks } from './docs-blocks.js';
import { generatedPages } from './docs-pages.js';

/** The repository root: dist/explorer/ when built, explorer/ in the source tree. */
const root = new URL(import.meta.url.includes('/dist/') ? '../../' : '../', import.meta.url);

for (const { path, page } of generatedPages()) {
  const file = fileURLToPath(new URL(path, root));
  const text = page();
  let before: string | undefined;
  try {
    before = readFileSync(file, 'utf8');
  } catch {
    before = undefined;
  }
  if (before !== text) writeFileSync(file, text);
  process.stdout.write(`${path}: ${before === text ? 'unchanged' : 'written'}\n`);
}

for (const path of pagesWithBlocks((dir) => readdirSync(fileURLToPath(new URL(`${dir}/`, root))))) {
  const file = fileURLToPath(new URL(path, root));
  const before = readFileSync(file, 'utf8');
  if (blockNames(before).length === 0) continue;
  const text = fillBlocks(before, path);
  if (before !== text) writeFileSync(file, text);
  process.stdout.write(`${path} (generated blocks): ${before === text ? 'unchanged' : 'written'}\n`);
}
