/**
 * The trace viewer page (issue 13, part 5) in a real browser: headless
 * Chromium (test/helpers/chromium.ts) opens the page that `agora check
 * --html` and `agora view` write for a known counterexample, from file://,
 * steps forward and back with the keyboard, and at every step compares what
 * the page shows (the arrows drawn so far, the highlighted changes, the
 * number of messages in flight, the property values) with values computed
 * here, independently, from the agora-trace/1 document of the same run.
 *
 * `AGORA_VIEWER_SCREENSHOT=docs/viewer.png` (npm run docs:viewer) also saves
 * a screenshot of the page for the README.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type Chromium } from '../helpers/chromium.js';
import { runCli } from '../helpers/cli.js';
import { tempFile } from '../helpers/saved-traces.js';

interface JsonState {
  value: unknown;
  context: Record<string, unknown>;
}
interface JsonTrace {
  property: string;
  steps: { index: number; kind: string; node: string; label: string; sent: unknown[]; changes: { node: string; before: JsonState; after: JsonState }[] }[];
}

/** The arrows a page should show up to step k: one per delivery (plain, duplicate or Byzantine). */
const arrowsUpTo = (t: JsonTrace, k: number): number => t.steps.filter((s) => s.index <= k && ['deliver', 'duplicate', 'byzantine'].includes(s.kind)).length;

/** What step k changed, as `node.field` (and `node.$value` for the XState state), from the trace's own before/after. */
function changesAt(t: JsonTrace, k: number): string[] {
  if (k === 0) return [];
  const out: string[] = [];
  for (const c of t.steps[k - 1]?.changes ?? []) {
    if (JSON.stringify(c.before.value) !== JSON.stringify(c.after.value)) out.push(`${c.node}.$value`);
    for (const key of new Set([...Object.keys(c.before.context), ...Object.keys(c.after.context)])) {
      if (JSON.stringify(c.before.context[key]) !== JSON.stringify(c.after.context[key])) out.push(`${c.node}.${key}`);
    }
  }
  return out.sort();
}

/** Messages in flight after step k: the initial state has none in synod; each step adds what it sent, a delivery or drop takes one. */
const inFlightAt = (t: JsonTrace, k: number): number =>
  t.steps.filter((s) => s.index <= k).reduce((n, s) => n + s.sent.length - (s.kind === 'deliver' || s.kind === 'drop' ? 1 : 0), 0);

/** What the page shows for the selected step. */
async function shown(page: Page): Promise<{ step: number; arrows: number; changed: string[]; inFlight: number; properties: Record<string, boolean> }> {
  return (await page.evaluate(`(() => ({
    step: Number(document.body.getAttribute('data-step')),
    arrows: document.querySelectorAll('#diagram .arrow:not(.future)').length,
    changed: [...document.querySelectorAll('#nodes .changed[data-key]')].map((e) => e.closest('.node').getAttribute('data-node') + '.' + e.getAttribute('data-key')).sort(),
    inFlight: Number(document.getElementById('flight-count').textContent),
    properties: Object.fromEntries([...document.querySelectorAll('#props li[data-property]')].map((e) => [e.getAttribute('data-property'), e.classList.contains('holds')])),
  }))()`)) as never;
}

describe('the trace viewer in headless Chromium: synod-xs with --bug own-value', () => {
  let browser: Chromium | undefined;
  let trace: JsonTrace;
  let checkPage: string;
  let viewPage: string;
  const requests: string[] = [];

  beforeAll(async () => {
    // One search: the JSON trace on stdout and the page from --html; then `agora view` of that JSON.
    checkPage = tempFile('', 'html');
    const checked = await runCli('check', 'synod', '--config', 'synod-xs', '--bug', 'own-value', '--trace', 'json', '--html', checkPage);
    expect(checked.code, checked.err).toBe(1);
    expect(checked.err).toContain(`wrote ${checkPage}`);
    trace = JSON.parse(checked.out) as JsonTrace;
    viewPage = tempFile('', 'html');
    const viewed = await runCli('view', tempFile(checked.out), '-o', viewPage);
    expect(viewed.code, viewed.err).toBe(0);
    browser = await launchChromium();
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('agora check --html and agora view write the same page, one file that loads nothing', () => {
    const html = readFileSync(checkPage, 'utf8');
    expect(readFileSync(viewPage, 'utf8')).toBe(html);
    expect(html).not.toMatch(/<(?:link|img|iframe)\b|\bsrc=|@import|url\((?!#)/);
  });

  it('steps forward and back with the keyboard; arrows, changes, messages and properties match the trace', async () => {
    if (browser === undefined) throw new Error('no browser');
    const page = await browser.context.newPage();
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(viewPage).href);
    const n = trace.steps.length;
    expect(n).toBe(18);
    const expectAt = async (k: number): Promise<void> => {
      const s = await shown(page);
      expect({ step: s.step, arrows: s.arrows, changed: s.changed, inFlight: s.inFlight }).toEqual({ step: k, arrows: arrowsUpTo(trace, k), changed: changesAt(trace, k), inFlight: inFlightAt(trace, k) });
      // Agreement holds until the last step's state, where it fails.
      expect(s.properties[trace.property]).toBe(k < n);
    };
    await expectAt(0);
    for (let k = 1; k <= n; k++) {
      await page.keyboard.press('ArrowRight');
      await expectAt(k);
    }
    await page.keyboard.press('ArrowRight'); // past the end: stays on the last step
    await expectAt(n);
    await page.keyboard.press('Home');
    await expectAt(0);
    await page.keyboard.press('End');
    await expectAt(n);
    for (let k = n - 1; k >= n - 6; k--) {
      await page.keyboard.press('ArrowLeft');
      await expectAt(k);
    }
    // Step 12: l0 decides v0 on the second Accepted; its votes and decided fields are highlighted.
    expect(changesAt(trace, 12)).toEqual(['l0.decided', 'l0.votes']);
    expect((await shown(page)).changed).toEqual(changesAt(trace, 12));
    expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
    const shot = process.env['AGORA_VIEWER_SCREENSHOT'];
    if (shot !== undefined && shot !== '') await page.screenshot({ path: shot });
    await page.close();
  }, 30_000);
});
