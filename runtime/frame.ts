/**
 * Length-prefixed frames over a TCP byte stream: a 4-byte big-endian length,
 * then that many bytes of UTF-8 JSON. TCP delivers bytes in order and
 * reliably per connection but keeps no message boundaries; the prefix puts
 * them back. A length above `MAX_FRAME_BYTES` cannot be resynchronised from
 * (the stream has no markers), so the decoder reports it once and the
 * connection is closed by the caller.
 */

/** The largest frame body accepted (1 MiB): a bigger length prefix is garbage or an attack. */
export const MAX_FRAME_BYTES = 1 << 20;

/** Encodes one value as a frame. */
export function encodeFrame(value: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(value), 'utf8');
  if (body.length > MAX_FRAME_BYTES) throw new RangeError(`frame of ${body.length} bytes exceeds ${MAX_FRAME_BYTES}`);
  const out = Buffer.allocUnsafe(4 + body.length);
  out.writeUInt32BE(body.length, 0);
  body.copy(out, 4);
  return out;
}

/** What the decoder found in the bytes pushed so far. */
export type Decoded =
  /** A complete frame whose body parsed as JSON. */
  | { readonly kind: 'frame'; readonly value: unknown }
  /** A complete frame whose body is not JSON (dropped; the stream stays in sync). */
  | { readonly kind: 'garbage'; readonly reason: string }
  /** A length prefix over the limit: the stream cannot be trusted any more. */
  | { readonly kind: 'fatal'; readonly reason: string };

/** Splits a byte stream into frames; keeps a partial frame until its remaining bytes arrive. */
export class FrameDecoder {
  private buffered: Buffer = Buffer.alloc(0);
  private broken = false;

  /** Bytes held for an incomplete frame (a truncated frame stays here until the connection closes). */
  get pendingBytes(): number {
    return this.buffered.length;
  }

  /** Feeds `chunk`; returns the frames it completes, in order. After a `fatal`, returns nothing more. */
  push(chunk: Buffer): Decoded[] {
    if (this.broken) return [];
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    const out: Decoded[] = [];
    let at = 0;
    while (this.buffered.length - at >= 4) {
      const len = this.buffered.readUInt32BE(at);
      if (len > MAX_FRAME_BYTES) {
        this.broken = true;
        this.buffered = Buffer.alloc(0);
        out.push({ kind: 'fatal', reason: `frame length ${len} exceeds ${MAX_FRAME_BYTES}` });
        return out;
      }
      if (this.buffered.length - at - 4 < len) break;
      const body = this.buffered.subarray(at + 4, at + 4 + len).toString('utf8');
      at += 4 + len;
      try {
        out.push({ kind: 'frame', value: JSON.parse(body) as unknown });
      } catch (e) {
        out.push({ kind: 'garbage', reason: `not JSON: ${e instanceof Error ? e.message : String(e)}` });
      }
    }
    this.buffered = at === 0 ? this.buffered : Buffer.from(this.buffered.subarray(at));
    return out;
  }
}
