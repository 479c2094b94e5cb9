/**
 * The simulator's cost model: what a message costs a server's CPU and its
 * network interface, and how long it spends on the wire. Every figure is in
 * seconds or bytes. `DEFAULT_COST` holds the constants calibrated by
 * `runtime/sim/calibrate.ts` on this project's own runtime
 * (docs/performance.md says how, and when).
 */
import type { Envelope } from '../../spec/core/envelope.js';

export interface CostModel {
  /** Cores per server: the server's CPU is one FIFO queue of jobs served by this many cores. */
  readonly cores: number;
  /**
   * When set, every server runs on one machine of `cores` cores instead,
   * each server one job at a time (one Node process, one event loop), the
   * oldest waiting job of an idle server first: a cluster on loopback, as
   * runtime/sim/measure.ts measures it.
   */
  readonly oneMachine?: boolean;
  /** CPU seconds to take one network message in (decode, check, the machine's step), besides its bytes. */
  readonly recvPerMessage: number;
  /** CPU seconds to send one network message (encode, frame, write), besides its bytes. */
  readonly sendPerMessage: number;
  /** CPU seconds per byte, charged to the sender and again to the receiver of a network message. */
  readonly perByte: number;
  /** CPU seconds for a message between two nodes of one server: the machine's step only, no encoding. */
  readonly localPerMessage: number;
  /** One-way latency between two servers, seconds. */
  readonly latency: number;
  /** One-way latency between a client and a server, seconds. */
  readonly clientLatency: number;
  /** Uniform random extra latency in [0, jitter) per network message (seeded). */
  readonly jitter: number;
  /** Each server's network interface, bytes per second in each direction (full duplex). */
  readonly bandwidth: number;
}

/**
 * The constants of docs/performance-calibration.json as last measured
 * (runtime/sim/calibrate.ts --real: a real 3-server Multi-Paxos cluster of
 * this runtime, one cost per message handled, sent or received; bytes from
 * the in-process codec benchmark), with one core per server; the network is
 * a 1 Gbit/s switched LAN with 0.1 ms one-way latency. The report reads the
 * JSON file when it exists; these are the fallback.
 */
export const DEFAULT_COST: CostModel = {
  cores: 1,
  recvPerMessage: 234e-6,
  sendPerMessage: 234e-6,
  perByte: 1.8e-9,
  localPerMessage: 234e-6,
  latency: 100e-6,
  clientLatency: 100e-6,
  jitter: 10e-6,
  bandwidth: 125e6,
};

/** Bytes a frame adds to a message: the 4-byte length and the `{"g":…,"m":…}` wrapper of runtime/frame.ts. */
export const FRAME_OVERHEAD = 16;

interface Carrier {
  readonly entry?: { readonly op?: unknown };
  readonly batch?: readonly { readonly op?: unknown }[];
  readonly votes?: readonly { readonly batch: readonly { readonly op?: unknown }[] }[];
}

/** How many client commands (entries with their `op`, not bare ids) a message carries. */
export function commandsCarried(msg: Envelope): number {
  const m = msg as Envelope & Carrier;
  let k = 0;
  if (m.entry !== undefined && m.entry.op !== undefined) k++;
  if (m.batch !== undefined) for (const e of m.batch) if (e.op !== undefined) k++;
  if (m.votes !== undefined) for (const v of m.votes) for (const e of v.batch) if (e.op !== undefined) k++;
  return k;
}

/**
 * A message's size on the wire: its JSON (the runtime's encoding), the frame,
 * and `payload` bytes for each client command it carries (the model's
 * commands are a few bytes; a benchmark's requests carry a payload).
 */
export function messageBytes(msg: Envelope, payload: number): number {
  return JSON.stringify(msg).length + FRAME_OVERHEAD + payload * commandsCarried(msg);
}
