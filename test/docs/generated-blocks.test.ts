/**
 * Golden test of the generated blocks of the hand-written pages
 * (explorer/docs-blocks.ts): every block between `<!-- generated: NAME -->`
 * and `<!-- end generated -->` in README.md and docs/*.md is exactly what the
 * code produces now (regenerate with `npm run docs`), and each protocol page
 * holds its configuration table as such a block, generated from
 * spec/<protocol>/configs.ts. The blocks are read from tables: no search.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { blockNames, fillBlocks, GENERATED_BLOCKS, pagesWithBlocks } from '../../explorer/docs-blocks.js';
import { NO_COUNTS } from '../../explorer/docs-configs.js';
import { PROTOCOLS } from '../../machines/index.js';
import { MULTIPAXOS_CONFIGS } from '../../spec/multipaxos/configs.js';
import { PBFT_CONFIGS } from '../../spec/pbft/configs.js';
import { RAFT_CONFIGS } from '../../spec/raft/configs.js';
import { SPAXOS_CONFIGS } from '../../spec/spaxos/configs.js';
import { SYNOD_CONFIGS } from '../../spec/synod/configs.js';
import { VR_CONFIGS } from '../../spec/vr/configs.js';

const root = new URL('../../', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, root), 'utf8');
const pages = pagesWithBlocks((dir) => readdirSync(fileURLToPath(new URL(`${dir}/`, root))));

describe('generated blocks are up to date (npm run docs)', () => {
  for (const path of pages) {
    const text = read(path);
    if (blockNames(text).length === 0) continue;
    it(`${path}: ${blockNames(text).join(', ')}`, () => {
      expect(fillBlocks(text, path)).toBe(text);
    });
  }
});

it('each protocol page holds its configuration table as a generated block, and every block is used once', () => {
  const used = pages.flatMap((p) => blockNames(read(p)));
  for (const p of PROTOCOLS) expect(blockNames(read(`docs/${p.name}.md`))).toContain(`configurations ${p.name}`);
  expect([...used].sort()).toEqual(Object.keys(GENERATED_BLOCKS).sort());
});

it('a configuration without pinned counts says why; a reason for one that has counts is stale', () => {
  const configs: readonly { name: string; expected?: unknown; violates?: unknown }[] = [
    ...SYNOD_CONFIGS,
    ...MULTIPAXOS_CONFIGS,
    ...SPAXOS_CONFIGS,
    ...PBFT_CONFIGS,
    ...RAFT_CONFIGS,
    ...VR_CONFIGS,
  ];
  for (const c of configs) {
    if (c.expected === undefined && c.violates === undefined) expect(NO_COUNTS[c.name], c.name).toBeDefined();
    if (c.expected !== undefined) expect(NO_COUNTS[c.name], c.name).toBeUndefined();
  }
  const names = configs.map((c) => c.name);
  for (const name of Object.keys(NO_COUNTS)) expect(names).toContain(name);
});

it('a block whose content differs is rewritten, and an unknown block is refused', () => {
  const stale = '# x\n\n<!-- generated: configurations raft -->\n| old |\n<!-- end generated -->\n\nafter\n';
  const filled = fillBlocks(stale);
  expect(filled).toContain('| `raft-tiny` |');
  expect(filled).not.toContain('| old |');
  expect(filled.endsWith('<!-- end generated -->\n\nafter\n')).toBe(true);
  expect(fillBlocks(filled)).toBe(filled);
  expect(() => fillBlocks('<!-- generated: nothing -->\n<!-- end generated -->\n')).toThrow(/unknown generated block 'nothing'/);
  expect(() => fillBlocks('<!-- generated: configurations raft -->\n')).toThrow(/has no/);
});
