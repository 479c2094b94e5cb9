/**
 * `agora view TRACE -o PAGE` without a browser (the page itself is tested in
 * headless Chromium by viewer.browser.test.ts): the pinned agora-trace/1 and
 * ITF traces of one run give the same page, whose embedded data has a state
 * per step and the violated property failing only in the last; a trace that
 * does not fit its system is refused with one line naming the first bad step
 * (exit 2), as `agora replay` refuses it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ViewerData } from '../../explorer/render/html.js';
import { runCli } from '../helpers/cli.js';
import { tempFile } from '../helpers/saved-traces.js';

const golden = (name: string): string => new URL(`./__golden__/${name}`, import.meta.url).pathname;

/** The data a page embeds. */
function embedded(html: string): ViewerData {
  const m = /<script id="agora-trace-data" type="application\/json">(.*?)<\/script>/s.exec(html);
  if (m === null) throw new Error('no embedded data');
  return JSON.parse(m[1] as string) as ViewerData;
}

describe('agora view', () => {
  it('the agora-trace/1 and ITF traces of synod own-value give the same page', async () => {
    const pages = [];
    for (const file of ['check-own-value.trace.json', 'check-own-value.itf.json']) {
      const out = tempFile('', 'html');
      const r = await runCli('view', golden(file), '-o', out);
      expect(r.code, r.err).toBe(0);
      expect(r.err).toContain(`wrote ${out}`);
      pages.push(readFileSync(out, 'utf8'));
    }
    expect(pages[1]).toBe(pages[0]);
    const data = embedded(pages[0] as string);
    const trace = JSON.parse(readFileSync(golden('check-own-value.trace.json'), 'utf8')) as { steps: unknown[] };
    expect(data.steps).toHaveLength(trace.steps.length);
    expect(data.states).toHaveLength(trace.steps.length + 1);
    const agreement = data.states.map((s) => s.properties.find((p) => p.name === 'agreement')?.holds);
    expect(agreement.lastIndexOf(true)).toBe(trace.steps.length - 1);
    expect(agreement.at(-1)).toBe(false);
  });

  it('refuses a trace that does not fit its system: one line, exit 2', async () => {
    const doc = JSON.parse(readFileSync(golden('check-own-value.trace.json'), 'utf8')) as { steps: unknown[] };
    doc.steps.splice(3, 1);
    const out = tempFile('', 'html');
    const r = await runCli('view', tempFile(JSON.stringify(doc)), '-o', out);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/is not a run of synod .*: step \d+ \(/);
    expect(readFileSync(out, 'utf8')).toBe('');
  });

  it('--html with no counterexample writes nothing and says so', async () => {
    const out = tempFile('', 'html');
    const r = await runCli('check', 'synod', '--config', 'synod-tiny', '--quiet', '--html', out);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`note: no counterexample: --html wrote nothing to ${out}`);
    expect(readFileSync(out, 'utf8')).toBe('');
  });
});
