/**
 * Progress lines (`explorer/render/progress.ts`): the printer's interval
 * logic on synthetic progress (one line per 10 s of the search's clock off a
 * terminal, one a second on one), the time to the nearer limit on
 * hand-computed numbers, `quiet`, and plain log lines (no ANSI escapes, no
 * carriage returns).
 */
import { describe, expect, it } from 'vitest';
import {
  ProgressPrinter,
  clock,
  duration,
  eta,
  liveLine,
  logLine,
  type LiveWriter,
  type ProgressSample,
} from '../../explorer/render/progress.js';

/** A sample at `seconds`, 10,000 states a second, 1 MB per 10,000 states. */
function at(seconds: number, extra: Partial<ProgressSample> = {}): ProgressSample {
  const states = Math.round(seconds * 10_000);
  return { states, queue: Math.round(states / 4), depth: Math.floor(seconds), seconds, rssBytes: 50e6 + states * 100, ...extra };
}

/** Samples every `step` seconds up to `until`. */
function samples(step: number, until: number): ProgressSample[] {
  const out: ProgressSample[] = [];
  for (let i = 1; i * step <= until + 1e-9; i++) out.push(at(i * step));
  return out;
}

/** A live writer that records what it was given. */
function recordingLive(): LiveWriter & { lines: string[]; calls: string[] } {
  const lines: string[] = [];
  const calls: string[] = [];
  const w = Object.assign((t: string) => void lines.push(t), {
    lines,
    calls,
    clear: () => void calls.push('clear'),
    done: () => void calls.push('done'),
  });
  return w;
}

const ANSI = /\x1b\[|\r/;

describe('ProgressPrinter', () => {
  it('off a terminal: exactly one line per 10 s of search, none before the first 10 s', () => {
    const lines: string[] = [];
    const printer = new ProgressPrinter({ out: (l) => lines.push(l), isTty: false });
    const printed = samples(0.5, 100).filter((p) => printer.update(p)).map((p) => p.seconds);
    expect(printed).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    expect(lines).toHaveLength(10);
    expect(lines[0]).toMatch(/^progress 00:00:10: 100,000 distinct states/);
    expect(lines[9]).toMatch(/^progress 00:01:40: /);
    printer.done();
    expect(lines).toHaveLength(10);
  });

  it('off a terminal, irregular samples: still one line per 10-second window', () => {
    const lines: string[] = [];
    const printer = new ProgressPrinter({ out: (l) => lines.push(l), isTty: false });
    // About one a second, drifting late: 1.07, 2.14, ... (as a busy search calls back).
    for (const p of samples(1.07, 95)) printer.update(p);
    expect(lines).toHaveLength(9); // windows 10-20, ..., 90-100
    // A single sample that skips several windows prints once.
    const one: string[] = [];
    const sparse = new ProgressPrinter({ out: (l) => one.push(l), isTty: false });
    sparse.update(at(3));
    sparse.update(at(47));
    sparse.update(at(49));
    expect(one).toHaveLength(1);
  });

  it('off a terminal: the rate over the last interval beside the overall one', () => {
    const lines: string[] = [];
    const printer = new ProgressPrinter({ out: (l) => lines.push(l), isTty: false, limits: { maxSeconds: 60 } });
    printer.update({ states: 100_000, queue: 5, depth: 3, seconds: 10, rssBytes: 80e6 });
    printer.update({ states: 400_000, queue: 5, depth: 4, seconds: 20, rssBytes: 120e6, workers: 2 });
    expect(lines).toEqual([
      'progress 00:00:10: 100,000 distinct states (10.0k/s), 5 on queue, depth 3, 80 MB RSS, limit in ~50 s',
      'progress 00:00:20: 400,000 distinct states (30.0k/s over the last 10 s, 20.0k/s overall), 5 on queue, depth 4, 120 MB RSS, 2 workers, limit in ~40 s',
    ]);
  });

  it('off a terminal: no ANSI escape codes, carriage returns or line breaks', () => {
    const lines: string[] = [];
    const printer = new ProgressPrinter({ out: (l) => lines.push(l), isTty: false, limits: { maxStates: 2_000_000 } });
    for (const p of samples(1, 60)) printer.update({ ...p, workers: 4 });
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) {
      expect(l).not.toMatch(ANSI);
      expect(l).not.toContain('\n');
    }
  });

  it('on a terminal: a live line every second, cleared when done', () => {
    const live = recordingLive();
    const printer = new ProgressPrinter({ out: () => expect.fail('no log lines on a terminal'), isTty: true, live });
    for (const p of samples(0.25, 5)) printer.update(p);
    expect(live.lines).toHaveLength(5);
    expect(live.lines[4]).toContain('50,000 states');
    printer.done();
    expect(live.calls).toEqual(['clear', 'done']);
    printer.update(at(9));
    expect(live.lines).toHaveLength(5);
  });

  it('an explicit interval overrides the default', () => {
    const lines: string[] = [];
    const printer = new ProgressPrinter({ out: (l) => lines.push(l), isTty: false, intervalSeconds: 30 });
    for (const p of samples(1, 100)) printer.update(p);
    expect(lines).toHaveLength(3);
  });

  it('quiet prints nothing, on a terminal or off', () => {
    const lines: string[] = [];
    const live = recordingLive();
    for (const isTty of [false, true]) {
      const printer = new ProgressPrinter({ out: (l) => lines.push(l), isTty, quiet: true, live });
      for (const p of samples(1, 60)) expect(printer.update(p)).toBe(false);
      printer.done();
    }
    expect(lines).toEqual([]);
    expect(live.lines).toEqual([]);
    expect(live.calls).toEqual([]);
  });
});

describe('eta', () => {
  const p: ProgressSample = { states: 400_000, queue: 0, depth: 0, seconds: 50, rssBytes: 0, previous: { states: 300_000, seconds: 40 } };

  it('undefined when unbounded', () => {
    expect(eta(p, {})).toBeUndefined();
  });

  it('--max-seconds: the seconds left', () => {
    expect(eta(p, { maxSeconds: 120 })).toBe(70);
    expect(eta(p, { maxSeconds: 30 })).toBe(0);
  });

  it('--max-states: the states left over the recent rate', () => {
    // 100,000 states in the last 10 s = 10,000/s; 600,000 left: 60 s.
    expect(eta(p, { maxStates: 1_000_000 })).toBe(60);
    // No previous sample: the overall rate, 400,000 / 50 s = 8,000/s: 75 s.
    const { previous: _, ...fromStart } = p;
    expect(eta(fromStart, { maxStates: 1_000_000 })).toBe(75);
    expect(eta(p, { maxStates: 400_000 })).toBe(0);
  });

  it('both: the nearer bound', () => {
    expect(eta(p, { maxSeconds: 120, maxStates: 1_000_000 })).toBe(60);
    expect(eta(p, { maxSeconds: 90, maxStates: 1_000_000 })).toBe(40);
  });

  it('states alone with no progress yet: unknown', () => {
    expect(eta({ states: 0, queue: 1, depth: 0, seconds: 0, rssBytes: 0 }, { maxStates: 10 })).toBeUndefined();
  });
});

describe('lines', () => {
  it('the live line: the content of the CLI line, then the time to the limit', () => {
    const text = liveLine(at(12), { maxSeconds: 100 }).replace(/\x1b\[\d+m/g, '');
    expect(text).toBe('exploring 120,000 states · 10.0k states/s · queue 30,000 · depth 12 · 62 MB · 12 s · limit in ~1 min 28 s');
    expect(liveLine(at(12), {}).replace(/\x1b\[\d+m/g, '')).not.toContain('limit');
  });

  it('durations and clocks', () => {
    expect([duration(0), duration(42.4), duration(65), duration(3599), duration(7620)]).toEqual(['0 s', '42 s', '1 min 05 s', '59 min 59 s', '2 h 07 min']);
    expect([clock(0), clock(80.9), clock(3 * 3600 + 5)]).toEqual(['00:00:00', '00:01:20', '03:00:05']);
  });

  it('the log line without a previous sample or bound', () => {
    expect(logLine(at(5), {})).toBe('progress 00:00:05: 50,000 distinct states (10.0k/s), 12,500 on queue, depth 5, 55 MB RSS');
  });
});
