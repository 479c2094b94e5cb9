/**
 * Generated blocks inside hand-written pages of docs/ (and README.md): the
 * text between `<!-- generated: NAME -->` and `<!-- end generated -->` is
 * produced by the code (`GENERATED_BLOCKS`), the rest is written by hand.
 * `npm run docs` rewrites the blocks (docs-generate.ts); test/docs/ checks
 * that each committed block is what the code produces. Every block is cheap
 * to produce: read from tables, no search.
 */
import { CONFIGURATION_TABLES } from './docs-configs.js';

/** The blocks by name: `configurations <protocol>` for each protocol page's table of configurations. */
export const GENERATED_BLOCKS: Readonly<Record<string, () => string>> = Object.fromEntries(
  Object.entries(CONFIGURATION_TABLES).map(([protocol, table]) => [`configurations ${protocol}`, table]),
);

const OPEN = /<!-- generated: ([^>]*?) -->\n/g;
const CLOSE = '<!-- end generated -->';

/** The names of the blocks a page holds, in order. */
export function blockNames(text: string): string[] {
  return [...text.matchAll(OPEN)].map((m) => m[1] as string);
}

/**
 * The page with every generated block's content replaced by what the code
 * produces now. Throws on a block of unknown name or without its end marker.
 */
export function fillBlocks(text: string, where = 'page'): string {
  let out = '';
  let at = 0;
  for (const m of text.matchAll(OPEN)) {
    const start = (m.index ?? 0) + m[0].length;
    if (start <= at) continue;
    const name = m[1] as string;
    const make = GENERATED_BLOCKS[name];
    if (make === undefined) throw new Error(`${where}: unknown generated block '${name}' (known: ${Object.keys(GENERATED_BLOCKS).join(', ')})`);
    const end = text.indexOf(CLOSE, start);
    if (end < 0) throw new Error(`${where}: generated block '${name}' has no '${CLOSE}'`);
    out += `${text.slice(at, start)}${make()}\n`;
    at = end;
  }
  return out + text.slice(at);
}

/** The hand-written pages that may hold generated blocks, from the repository root. */
export function pagesWithBlocks(list: (dir: string) => readonly string[]): string[] {
  return ['README.md', ...list('docs').filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
}
