/**
 * The text of progress lines while a search runs, and when to print them.
 * On a terminal, one live line rewritten in place about once a second (as
 * the CLI always showed); off a terminal (a log file, CI, a pipe), one plain
 * line every 10 seconds in the manner of TLC's progress reports: no colour,
 * no carriage returns, nothing that needs a terminal to read.
 *
 * When a run is bounded (--max-seconds, --max-states) the lines also say how
 * long until the nearer bound stops it: exact for seconds, from the rate over
 * the last interval for states. The search may of course finish sooner.
 *
 * `ProgressPrinter` decides when to print from the progress's own `seconds`,
 * not from timers, so the tests drive it with synthetic progress.
 */
import { createLogUpdate } from 'log-update';
import pc from 'picocolors';
import type { SearchProgress } from '../search/limits.js';
import { bytes, int, rate } from './format.js';

/** The bounds a progress line can count down to. */
export interface ProgressLimits {
  readonly maxSeconds?: number;
  readonly maxStates?: number;
}

/** What a progress line shows: the search's progress, with what it may add. */
export type ProgressSample = Pick<SearchProgress, 'states' | 'queue' | 'depth' | 'seconds' | 'rssBytes'> & {
  /** Worker threads, when the search runs on more than one. */
  readonly workers?: number;
  /** The sample printed before, for the rate over the last interval; absent: the rate from the start. */
  readonly previous?: Pick<SearchProgress, 'states' | 'seconds'>;
};

/** Distinct states per second since the start. */
export function overallRate(p: ProgressSample): number {
  return p.seconds > 0 ? p.states / p.seconds : 0;
}

/** Distinct states per second since `previous` (the overall rate without one). */
export function recentRate(p: ProgressSample): number {
  const prev = p.previous;
  if (prev === undefined || p.seconds <= prev.seconds) return overallRate(p);
  return (p.states - prev.states) / (p.seconds - prev.seconds);
}

/**
 * Seconds until the nearer of the run's bounds stops it: --max-seconds minus
 * the time spent; the states still allowed by --max-states over the recent
 * rate. Undefined when unbounded (or bounded by states alone at no rate yet).
 */
export function eta(p: ProgressSample, limits: ProgressLimits): number | undefined {
  const left: number[] = [];
  if (limits.maxSeconds !== undefined) left.push(Math.max(0, limits.maxSeconds - p.seconds));
  if (limits.maxStates !== undefined) {
    const r = recentRate(p);
    if (p.states >= limits.maxStates) left.push(0);
    else if (r > 0) left.push((limits.maxStates - p.states) / r);
  }
  return left.length > 0 ? Math.min(...left) : undefined;
}

/** A span of time for people: `42 s`, `3 min 05 s`, `2 h 07 min`. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** Elapsed time as a clock, `00:01:20` (hours grow past 99 if need be). */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(Math.floor(s / 3600))}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
}

function workersText(p: ProgressSample): string | undefined {
  return p.workers !== undefined ? `${p.workers} worker${p.workers === 1 ? '' : 's'}` : undefined;
}

function etaText(p: ProgressSample, limits: ProgressLimits): string | undefined {
  const left = eta(p, limits);
  return left !== undefined ? `limit in ~${duration(left)}` : undefined;
}

/** The live line on a terminal: today's content (overall rate), then workers and the time to the limit when known. */
export function liveLine(p: ProgressSample, limits: ProgressLimits): string {
  const parts = [
    `${pc.cyan('exploring')} ${int(p.states)} states`,
    `${rate(overallRate(p))} states/s`,
    `queue ${int(p.queue)}`,
    `depth ${p.depth}`,
    bytes(p.rssBytes),
    `${p.seconds.toFixed(0)} s`,
    workersText(p),
    etaText(p, limits),
  ];
  return parts.filter((x) => x !== undefined).join(' · ');
}

/**
 * One plain line for a log, e.g.
 * `progress 00:01:20: 1,234,567 distinct states (12.3k/s over the last 10 s, 11.0k/s overall), 45,678 on queue, depth 17, 1.23 GB RSS, 2 workers, limit in ~40 s`.
 */
export function logLine(p: ProgressSample, limits: ProgressLimits): string {
  const prev = p.previous;
  const rates =
    prev !== undefined && p.seconds > prev.seconds
      ? `${rate(recentRate(p))}/s over the last ${duration(p.seconds - prev.seconds)}, ${rate(overallRate(p))}/s overall`
      : `${rate(overallRate(p))}/s`;
  const parts = [
    `progress ${clock(p.seconds)}: ${int(p.states)} distinct states (${rates})`,
    `${int(p.queue)} on queue`,
    `depth ${p.depth}`,
    `${bytes(p.rssBytes)} RSS`,
    workersText(p),
    etaText(p, limits),
  ];
  return parts.filter((x) => x !== undefined).join(', ');
}

/** Rewrites one terminal line in place (log-update's interface). */
export interface LiveWriter {
  (text: string): void;
  clear(): void;
  done(): void;
}

export interface ProgressPrinterOptions {
  /** Prints one line off a terminal (the CLI: stderr). */
  readonly out: (line: string) => void;
  /** Whether the output is a terminal: a live line, else log lines. */
  readonly isTty: boolean;
  /** Print nothing. */
  readonly quiet?: boolean;
  /** Seconds between lines (default 10 off a terminal, 1 on one). */
  readonly intervalSeconds?: number;
  readonly limits?: ProgressLimits;
  /** The live line's writer on a terminal (default: log-update on stderr, made at the first line). */
  readonly live?: LiveWriter;
}

/**
 * Prints progress at most once per interval of the search's own clock: the
 * first sample in each new interval (10-20 s, 20-30 s, ...) is printed, so
 * a log gets exactly one line per interval however the samples fall.
 * Nothing is printed before the first interval has passed.
 */
export class ProgressPrinter {
  private readonly out: (line: string) => void;
  private readonly isTty: boolean;
  private readonly quiet: boolean;
  private readonly interval: number;
  private readonly limits: ProgressLimits;
  private live: LiveWriter | undefined;
  private lastSlot = 0;
  private previous: Pick<SearchProgress, 'states' | 'seconds'> | undefined;
  private finished = false;

  constructor(options: ProgressPrinterOptions) {
    this.out = options.out;
    this.isTty = options.isTty;
    this.quiet = options.quiet === true;
    this.interval = options.intervalSeconds ?? (options.isTty ? 1 : 10);
    if (!(this.interval > 0)) throw new RangeError(`progress interval must be positive, got ${this.interval}`);
    this.limits = options.limits ?? {};
    this.live = options.live;
  }

  /** Prints `p` if a new interval has begun; returns whether it printed. */
  update(p: Omit<ProgressSample, 'previous'>): boolean {
    if (this.quiet || this.finished) return false;
    const slot = Math.floor(p.seconds / this.interval);
    if (slot <= this.lastSlot) return false;
    this.lastSlot = slot;
    const sample: ProgressSample = this.previous !== undefined ? { ...p, previous: this.previous } : p;
    this.previous = { states: p.states, seconds: p.seconds };
    if (this.isTty) {
      this.live ??= createLogUpdate(process.stderr);
      this.live(liveLine(sample, this.limits));
    } else {
      this.out(logLine(sample, this.limits));
    }
    return true;
  }

  /** The search ended: clears the live line (the report follows); off a terminal there is nothing to undo. */
  done(): void {
    if (this.finished) return;
    this.finished = true;
    if (!this.isTty || this.quiet) return;
    this.live?.clear();
    this.live?.done();
  }
}
