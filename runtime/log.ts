/**
 * The runtime's logs: one JSON-lines file per server process
 * (`server-<k>.jsonl`) and one per client process (`client-<pid>.jsonl`), in
 * one directory. A server logs every event it hands a machine (a message or
 * `TIMEOUT`) with the messages the machine emitted in that step; a client logs
 * each operation's invocation and return. `agora validate` merges them.
 * A line is written before the step's messages leave the process, so a
 * process killed mid-step leaves no line whose messages were never sent
 * for lack of a line, only, at worst, a truncated last line, which is skipped.
 * NOTE: lines are written, not fsynced: a killed process loses nothing the OS
 *   holds, a crashed machine could.
 */
import { closeSync, existsSync, openSync, readFileSync, readSync, fstatSync, writeSync } from 'node:fs';
import type { Envelope } from '../spec/core/envelope.js';
import type { ClusterShape, KvOp, KvResult } from './protocols/types.js';

/** Milliseconds on a clock shared by the processes of one machine (sub-millisecond resolution). */
export function now(): number {
  return performance.timeOrigin + performance.now();
}

/** What a server logs. */
export type ServerRecord =
  | { readonly k: 'boot'; readonly t: number; readonly server: number; readonly restart: boolean; readonly protocol: string; readonly shape: ClusterShape }
  | { readonly k: 'step'; readonly t: number; readonly g: string; readonly node: string; readonly ev: { readonly type: string }; readonly sent: readonly Envelope[] }
  | { readonly k: 'reject'; readonly t: number; readonly peer: string; readonly reason: string }
  | { readonly k: 'fail'; readonly t: number; readonly g: string; readonly node: string; readonly ev: { readonly type: string }; readonly error: string };

/** What a client logs: `c` is the client number, `i` the operation's index among that client's operations on key `g`. */
export type ClientRecord =
  | { readonly k: 'invoke'; readonly t: number; readonly g: string; readonly c: number; readonly i: number; readonly op: KvOp }
  | { readonly k: 'return'; readonly t: number; readonly g: string; readonly c: number; readonly i: number; readonly result: KvResult };

/** An append-only JSON-lines file. */
export class JsonLog {
  private fd: number | null;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'a');
    // A killed writer may have left a truncated line: end it, so that it stays one (skipped) line.
    const size = fstatSync(this.fd).size;
    if (size > 0) {
      const last = Buffer.alloc(1);
      const fd = openSync(path, 'r');
      readSync(fd, last, 0, 1, size - 1);
      closeSync(fd);
      if (last[0] !== 0x0a) writeSync(this.fd, '\n');
    }
  }

  write(record: object): void {
    if (this.fd !== null) writeSync(this.fd, `${JSON.stringify(record)}\n`);
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

/** One line of a log file: its parsed record, or null for a line that is not JSON (a truncated write). */
export interface LogLine<R> {
  readonly line: number;
  readonly record: R | null;
}

/** Reads a JSON-lines file (missing: empty). */
export function readLog<R>(path: string): LogLine<R>[] {
  if (!existsSync(path)) return [];
  const out: LogLine<R>[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((text, i) => {
      if (text.trim() === '') return;
      try {
        out.push({ line: i + 1, record: JSON.parse(text) as R });
      } catch {
        out.push({ line: i + 1, record: null });
      }
    });
  return out;
}
