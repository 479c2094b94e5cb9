/**
 * Numbers quoted in the docs' prose (issue 13): a state count written out in
 * a hand-written page (README.md, docs/*.md but the generated pages and
 * docs/benchmarks.md, where measured runs are recorded) must be one the
 * repository pins: a configuration's `expected` counts (spec/<protocol>/
 * configs.ts), a count a test asserts (a numeric literal in test/), or a
 * figure of docs/benchmarks.md. A
 * count that drifts from its pin fails here; prose that cannot keep up
 * points to the pinned place instead of repeating the figure.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { expect, it } from 'vitest';
import { generatedPages } from '../../explorer/docs-pages.js';
import { MULTIPAXOS_CONFIGS } from '../../spec/multipaxos/configs.js';
import { PBFT_CONFIGS } from '../../spec/pbft/configs.js';
import { RAFT_CONFIGS } from '../../spec/raft/configs.js';
import { SPAXOS_CONFIGS } from '../../spec/spaxos/configs.js';
import { SYNOD_CONFIGS } from '../../spec/synod/configs.js';
import { VR_CONFIGS } from '../../spec/vr/configs.js';

const read = (path: string): string => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

/** `1,503 distinct states`, `84,492 orbits`, `103,354,552 transitions`: exact counts of four digits or more. */
const COUNT = /\b(\d{1,3}(?:,\d{3})+)\s+(?:distinct\s+)?(states|orbits|transitions)\b/g;

function pinned(): Set<string> {
  const out = new Set<string>();
  const configs = [...SYNOD_CONFIGS, ...MULTIPAXOS_CONFIGS, ...SPAXOS_CONFIGS, ...PBFT_CONFIGS, ...RAFT_CONFIGS, ...VR_CONFIGS];
  for (const c of configs) {
    if (c.expected === undefined) continue;
    out.add(c.expected.states.toLocaleString('en-US'));
    out.add(c.expected.transitions.toLocaleString('en-US'));
  }
  for (const m of read('docs/benchmarks.md').matchAll(/\b\d{1,3}(?:,\d{3})+\b/g)) out.add(m[0]);
  // Counts the tests assert: numeric literals of four digits or more (`1_432_314`, `102844`).
  for (const file of tsFiles(new URL('../', import.meta.url))) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\b\d[\d_]{3,}\b/g)) out.add(Number(m[0].replace(/_/g, '')).toLocaleString('en-US'));
  }
  return out;
}

function tsFiles(dir: URL): URL[] {
  const out: URL[] = [];
  for (const name of readdirSync(dir)) {
    const url = new URL(name, dir);
    if (statSync(url).isDirectory()) out.push(...tsFiles(new URL(`${name}/`, dir)));
    else if (name.endsWith('.ts')) out.push(url);
  }
  return out;
}

/** The hand-written pages: README.md and docs/*.md, but the generated pages and the benchmark record. */
function handWritten(): string[] {
  const generated = new Set(generatedPages().map((p) => p.path));
  const docs = readdirSync(new URL('../../docs/', import.meta.url))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`)
    .filter((p) => !generated.has(p) && p !== 'docs/benchmarks.md');
  return ['README.md', ...docs];
}

it('every state count quoted in a hand-written page is a pinned one (a configuration\'s expected counts, or docs/benchmarks.md)', () => {
  const pins = pinned();
  const stray: string[] = [];
  for (const path of handWritten()) {
    for (const m of read(path).matchAll(COUNT)) if (!pins.has(m[1] as string)) stray.push(`${path}: ${m[0]}`);
  }
  expect(stray).toEqual([]);
});
