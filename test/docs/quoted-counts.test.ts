/**
 * Numbers quoted in the docs' prose (issue 13). A state count written out in
 * a hand-written page (README.md, docs/*.md but the generated pages and
 * docs/benchmarks.md, where measured runs are recorded) must be one the
 * repository pins: a configuration's `expected` counts (spec/<protocol>/
 * configs.ts), a count a test asserts (a numeric literal in test/), or a
 * figure of docs/benchmarks.md. A
 * count that drifts from its pin fails here; prose that cannot keep up
 * points to the pinned place instead of repeating the figure.
 *
 * Timing figures (`1.6 s`, `about 3 minutes`) are written only in
 * docs/benchmarks.md, which says when and where each was measured: a
 * hand-written page points there. A number of seconds or minutes that is
 * not a measurement (a flag's bound, a timer's period) is listed in
 * NOT_MEASURED.
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
    for (const counts of [c.expected, 'reduced' in c ? c.reduced : undefined]) {
      if (counts === undefined) continue;
      out.add(counts.states.toLocaleString('en-US'));
      out.add(counts.transitions.toLocaleString('en-US'));
    }
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

/** `1.6 s`, `30 seconds`, `2.5 minutes`, `8 min`: a number of seconds or minutes. */
const TIMING = /\b\d+(?:[.,]\d+)?(?:\s|-)?(?:s|secs?|seconds?|mins?|minutes?)\b/g;

/** Numbers of seconds or minutes that are settings, not measurements: [page, the phrase that holds them]. */
const NOT_MEASURED: readonly (readonly [string, string])[] = [
  // The progress line's period (explorer/render/progress.ts).
  ['README.md', 'one such line every 10 s'],
  ['docs/explorer.md', 'printed to stderr every 10 s'],
  // npm run bench's bound per run (explorer/bench.ts).
  ['README.md', 'each bounded to 180 s'],
];

it('no hand-written page quotes a timing figure: measured times are in docs/benchmarks.md', () => {
  const stray: string[] = [];
  for (const path of handWritten()) {
    let text = read(path).replace(/\s+/g, ' ');
    for (const [page, phrase] of NOT_MEASURED) if (page === path) text = text.split(phrase).join('');
    for (const m of text.matchAll(TIMING)) stray.push(`${path}: …${text.slice(Math.max(0, (m.index ?? 0) - 40), (m.index ?? 0) + m[0].length)}`);
  }
  expect(stray).toEqual([]);
});

it('every phrase allowed as not a measurement is still there (a stale allowance goes)', () => {
  for (const [page, phrase] of NOT_MEASURED) expect(read(page).replace(/\s+/g, ' '), page).toContain(phrase);
});

it('the timing pattern catches what it is meant to, and leaves counts and flags alone', () => {
  const hits = (t: string): string[] => [...t.matchAll(TIMING)].map((m) => m[0]);
  expect(hits('94,152 orbits, 1.6 s; about 3 minutes; 7.9 min; in 40 s; 30 seconds; a 60-second run')).toEqual(['1.6 s', '3 minutes', '7.9 min', '40 s', '30 seconds', '60-second']);
  expect(hits('--max-seconds 60, 4 states, 3 steps, r0s, 10 MiB, 300 ms')).toEqual([]);
});
