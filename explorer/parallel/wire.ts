/**
 * The wire format of a search split over processes that talk through NATS
 * (`cluster.ts` coordinates, `cluster-worker.ts` hosts a worker). Each party
 * of a run has one subject it reads (`runSubject`), and every message to it
 * is a frame: a flag byte (1 on the last frame of a message), the sender
 * (worker index + 1, or 0 for the coordinator) in two bytes, and a piece of
 * the message in V8's serialization (the format worker threads use, so typed
 * arrays travel as they are). A message longer than one frame (a level's
 * keys, every message's order) is cut into frames; NATS keeps the order of
 * one connection's messages to a subject, so the receiver joins the pieces
 * per sender.
 */
import { deserialize, serialize } from 'node:v8';
import type { NatsConnection } from 'nats';
import type { WorkerSetup } from './coordinator.js';
import type { WorkerQuery } from './protocol.js';

/** Free workers answer a recruitment published here. */
export const RECRUIT_SUBJECT = 'agora.recruit';
/** A free worker's own subject, where the coordinator assigns it. */
export const workerSubject = (id: string): string => `agora.worker.${id}`;
/** What party `to` of run `run` reads: the coordinator (-1) or worker `to`. */
export const runSubject = (run: string, to: number): string => (to < 0 ? `agora.run.${run}.coordinator` : `agora.run.${run}.w${to}`);

/** Frames stay well under the server's default 1 MiB payload limit. */
const FRAME_BYTES = 512 * 1024;
const HEADER = 3;

/** A recruitment's answer. */
export interface Volunteer {
  readonly id: string;
  readonly host: string;
  readonly pid: number;
  /** The hash of its compiled code (`buildId`): a worker of another build would search another model. */
  readonly build: string;
}

/** The coordinator's assignment of a free worker to a run (answered `{ ok }`). */
export interface Assignment {
  readonly run: string;
  readonly setup: WorkerSetup;
  /** The first level not yet done (0, or a resumed checkpoint's level). */
  readonly startLevel: number;
  /** A worker that hears nothing from its coordinator for this long leaves the run. */
  readonly lostAfterMs: number;
  /**
   * A run of the same coordinator that the worker serves and keeps serving:
   * a busy worker takes this run too (the search for a shortest
   * counterexample runs while the first search keeps its states for the trace).
   */
  readonly alongside?: string;
}

/** Coordinator -> worker, within a run. */
export type ToWorker =
  | { readonly kind: 'start' }
  | { readonly kind: 'alive' }
  | { readonly kind: 'status'; readonly seq: number }
  | { readonly kind: 'levelDone'; readonly level: number }
  | { readonly kind: 'stop'; readonly word: number }
  | { readonly kind: 'checkpointAt'; readonly level: number }
  | { readonly kind: 'query'; readonly query: WorkerQuery }
  | { readonly kind: 'end' };

/** Worker -> coordinator, within a run (besides what the search thread says: results, answers, notes). */
export type ToCoordinator =
  | { readonly kind: 'ready' }
  | { readonly kind: 'stats'; readonly stats: Float64Array; readonly rss: number }
  | { readonly kind: 'status'; readonly seq: number; readonly passive: number; readonly sent: number; readonly recv: number }
  | { readonly kind: 'failed'; readonly name: string; readonly message: string };

/** Sends `message` to party `to` of `run`, as party `from`, in as many frames as it needs. */
export function sendTo(nc: NatsConnection, run: string, to: number, from: number, message: unknown): void {
  const body = serialize(message);
  const subject = runSubject(run, to);
  for (let at = 0; ; at += FRAME_BYTES) {
    const end = Math.min(body.length, at + FRAME_BYTES);
    const frame = new Uint8Array(HEADER + end - at);
    frame[0] = end === body.length ? 1 : 0;
    frame[1] = (from + 1) >>> 8;
    frame[2] = (from + 1) & 0xff;
    frame.set(body.subarray(at, end), HEADER);
    nc.publish(subject, frame);
    if (end === body.length) return;
  }
}

/** Joins frames into messages, per sender; hands each whole message to `deliver`. */
export class Reassembler {
  private readonly pending = new Map<number, Uint8Array[]>();

  constructor(private readonly deliver: (from: number, message: unknown) => void) {}

  take(frame: Uint8Array): void {
    if (frame.length < HEADER) throw new Error(`a frame of ${frame.length} bytes is too short`);
    const from = ((frame[1] as number) << 8) + (frame[2] as number) - 1;
    const piece = frame.subarray(HEADER);
    const last = frame[0] === 1;
    const parts = this.pending.get(from);
    if (last && parts === undefined) {
      this.deliver(from, deserialize(piece));
      return;
    }
    const all = parts ?? [];
    all.push(piece.slice());
    if (!last) {
      this.pending.set(from, all);
      return;
    }
    this.pending.delete(from);
    this.deliver(from, deserialize(Buffer.concat(all)));
  }
}

/** A copy of `x` that V8's serializer accepts: typed arrays over shared memory become ordinary ones. */
export function unshared<T>(x: T): T {
  if (ArrayBuffer.isView(x)) {
    if (x.buffer instanceof SharedArrayBuffer) return (x as unknown as { slice(): T }).slice();
    return x;
  }
  if (x === null || typeof x !== 'object') return x;
  if (Array.isArray(x)) return x.map(unshared) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(x as Record<string, unknown>)) out[k] = unshared(v);
  return out as T;
}
