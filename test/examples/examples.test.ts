/**
 * The examples of docs/library.md compile (they are in the typecheck) and
 * run: a Synod cluster on actors with our own message loop, a new protocol
 * checked with its broken variant, and a counterexample rendered; and the
 * page shows each file as it is.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkVotes } from '../../examples/new-protocol.js';
import { ownValueTrace } from '../../examples/render-trace.js';
import { runSynod } from '../../examples/synod-cluster.js';

describe('docs/library.md examples', () => {
  it('a Synod cluster on createActor decides one value; own-value, run the same way, decides two', () => {
    expect(runSynod()).toEqual(['v0']);
    expect(runSynod('own-value')).toEqual(['v0', 'v1']);
  });

  it('the new protocol holds; its first-vote variant breaks agreement, with a four-step trace', () => {
    const r = checkVotes();
    expect([r.correct, r.firstVote]).toEqual(['holds', 'violated']);
    expect(r.trace).toContain('agreement');
    expect(r.trace.match(/^ *\d+\. /gm)).toHaveLength(4);
  });

  it('renders the own-value counterexample as text, Mermaid and JSON', () => {
    const t = ownValueTrace();
    expect(t.text).toContain('agreement');
    expect(t.mermaid.startsWith('sequenceDiagram')).toBe(true);
    expect((JSON.parse(t.json) as { steps: unknown[] }).steps).toHaveLength(t.steps);
  });
});

it('docs/library.md shows each example whole, as the file is', () => {
  const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
  const page = read('docs/library.md');
  const shown = [...page.matchAll(/<!-- (examples\/[\w-]+\.ts) -->\n```ts\n([\s\S]*?)```\n/g)].map((m) => [m[1], m[2]]);
  expect(shown.map(([path]) => path)).toEqual(['examples/synod-cluster.ts', 'examples/new-protocol.ts', 'examples/render-trace.ts']);
  for (const [path, code] of shown) expect(code, path).toBe(read(path as string));
});
