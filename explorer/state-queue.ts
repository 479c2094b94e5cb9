/**
 * Packed storage for the states waiting to be expanded: each state vector is
 * written as unsigned LEB128 varints (ids below 128 take one byte) into
 * fixed-size byte chunks. `StateQueue` is FIFO (BFS levels); `StateStack` is
 * LIFO (DFS) and keeps each state's index and depth beside it. Each vector
 * is preceded by its length, so the queue knows nothing of what it holds.
 * Past a few million states the frontier, not the fingerprint table, decides
 * bytes per state, so it is packed.
 */
import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CHUNK_SIZE = 1 << 20;

function writeVarint(buf: Uint8Array, pos: number, x: number): number {
  while (x >= 0x80) {
    buf[pos++] = (x & 0x7f) | 0x80;
    x >>>= 7;
  }
  buf[pos++] = x;
  return pos;
}

/** Writes `len` and the first `len` ints of `v` as varints at `pos`; returns the position after them. */
function writeVector(buf: Uint8Array, pos: number, v: Int32Array, len: number): number {
  let p = writeVarint(buf, pos, len);
  for (let i = 0; i < len; i++) p = writeVarint(buf, p, v[i] as number);
  return p;
}

/**
 * Decodes one length-prefixed state vector starting at `pos` into `into`;
 * writes its length to `lengthOut[0]` and returns the position after it.
 */
function readVector(buf: Uint8Array, pos: number, into: Int32Array, lengthOut: Int32Array): number {
  let p = readVarint(buf, pos, lengthOut, 0);
  const len = lengthOut[0] as number;
  for (let i = 0; i < len; i++) p = readVarint(buf, p, into, i);
  return p;
}

/** Reads one varint at `buf[pos]` into `out[0]`; returns the position after it. */
function readVarint(buf: Uint8Array, pos: number, out: Int32Array, at: number): number {
  let x = 0;
  let shift = 0;
  let b: number;
  let p = pos;
  do {
    b = buf[p++] as number;
    x |= (b & 0x7f) << shift;
    shift += 7;
  } while (b & 0x80);
  out[at] = x;
  return p;
}

/**
 * Where a queue may move its chunks when memory runs short: a file in `dir`
 * (default the system's temporary directory), and when to (`shouldSpill`).
 */
export interface SpillOptions {
  readonly shouldSpill: () => boolean;
  readonly dir?: string;
}

/**
 * An append-only file of chunks moved out of memory, in the temporary
 * directory (or `dir`), created at the first write and deleted by `close`.
 */
class SpillFile {
  private fd = -1;
  private path = '';
  private end = 0;
  /** Bytes written so far. */
  bytes = 0;

  constructor(
    private readonly prefix: string,
    private readonly dir: string | undefined,
  ) {}

  /** Appends the first `length` bytes of `chunk`; returns their offset in the file. */
  write(chunk: Uint8Array, length: number): number {
    if (this.fd < 0) {
      this.path = join(this.dir ?? tmpdir(), `${this.prefix}-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}.bin`);
      this.fd = openSync(this.path, 'w+');
    }
    const at = this.end;
    writeSync(this.fd, chunk, 0, length, at);
    this.end += length;
    this.bytes += length;
    return at;
  }

  /** Reads `length` bytes at `offset` into `into`. */
  read(into: Uint8Array, length: number, offset: number): void {
    readSync(this.fd, into, 0, length, offset);
  }

  close(): void {
    if (this.fd < 0) return;
    closeSync(this.fd);
    rmSync(this.path, { force: true });
    this.fd = -1;
  }
}

/**
 * FIFO of packed state vectors. With `spill`, a chunk that fills up while
 * `shouldSpill()` says so is written to a file and read back when the queue
 * reaches it: a BFS frontier is read in the order it was written, so the
 * chunks read last (the newest) are the ones moved out, and memory holds
 * little more than the chunk being read and the one being written.
 */
export class StateQueue {
  private readonly chunks: (Uint8Array | undefined)[] = [];
  private readonly ends: number[] = [];
  /** Per chunk: its offset in the spill file, or -1 while it is in memory. */
  private readonly onDisk: number[] = [];
  private readonly file: SpillFile;

  constructor(private readonly spill?: SpillOptions) {
    this.file = new SpillFile('agora-queue', spill?.dir);
  }

  /** Bytes written to the spill file so far. */
  get spilledBytes(): number {
    return this.file.bytes;
  }
  private writeChunk = -1;
  private writePos = CHUNK_SIZE;
  private readChunk = 0;
  private readPos = 0;
  private count = 0;
  private liveChunks = 0;
  private peakChunks = 0;
  private readonly length = new Int32Array(1);

  /** States queued. */
  get size(): number {
    return this.count;
  }

  /** Peak bytes held in chunks. */
  get peakBytes(): number {
    return this.peakChunks * CHUNK_SIZE;
  }

  push(v: Int32Array, len: number): void {
    if (this.writePos + (len + 1) * 5 > CHUNK_SIZE) this.newChunk((len + 1) * 5);
    const p = writeVector(this.chunks[this.writeChunk] as Uint8Array, this.writePos, v, len);
    this.writePos = p;
    this.ends[this.writeChunk] = p;
    this.count++;
  }

  private newChunk(need: number): void {
    if (this.spill !== undefined && this.writeChunk > this.readChunk && this.spill.shouldSpill()) this.spillChunk(this.writeChunk);
    this.chunks.push(new Uint8Array(Math.max(CHUNK_SIZE, need)));
    this.ends.push(0);
    this.onDisk.push(-1);
    this.writeChunk = this.chunks.length - 1;
    this.writePos = 0;
    this.liveChunks++;
    if (this.liveChunks > this.peakChunks) this.peakChunks = this.liveChunks;
  }

  /** Decodes the next state into `into` and returns its length; -1 when empty. */
  pop(into: Int32Array): number {
    if (this.count === 0) return -1;
    while (this.readPos >= (this.ends[this.readChunk] as number)) {
      if (this.chunks[this.readChunk] !== undefined) {
        this.chunks[this.readChunk] = undefined;
        this.liveChunks--;
      }
      this.readChunk++;
      this.readPos = 0;
      if (this.chunks[this.readChunk] === undefined && (this.onDisk[this.readChunk] ?? -1) >= 0) this.load(this.readChunk);
    }
    const p = readVector(this.chunks[this.readChunk] as Uint8Array, this.readPos, into, this.length);
    this.readPos = p;
    this.count--;
    return this.length[0] as number;
  }

  /** Writes chunk `c` (full) to the spill file and drops it from memory. */
  private spillChunk(c: number): void {
    const chunk = this.chunks[c];
    if (chunk === undefined) return;
    this.onDisk[c] = this.file.write(chunk, this.ends[c] as number);
    this.chunks[c] = undefined;
    this.liveChunks--;
  }

  /** Reads chunk `c` back from the spill file. */
  private load(c: number): void {
    const length = this.ends[c] as number;
    const chunk = new Uint8Array(Math.max(CHUNK_SIZE, length));
    this.file.read(chunk, length, this.onDisk[c] as number);
    this.chunks[c] = chunk;
    this.onDisk[c] = -1;
    this.liveChunks++;
  }

  /** Chunks held in memory. */
  get chunksInMemory(): number {
    return this.liveChunks;
  }

  close(): void {
    this.file.close();
  }
}

/** LIFO of packed state vectors, each with its state index and depth. */
export class StateStack {
  private buf = new Uint8Array(CHUNK_SIZE);
  private top = 0;
  private count = 0;
  private peak = 0;

  get size(): number {
    return this.count;
  }

  get peakBytes(): number {
    return this.peak;
  }

  push(v: Int32Array, len: number, index: number, depth: number): void {
    const need = this.top + (len + 3) * 5 + 4;
    if (need > this.buf.length) {
      const b = new Uint8Array(Math.max(need, this.buf.length * 2));
      b.set(this.buf.subarray(0, this.top));
      this.buf = b;
    }
    const start = this.top;
    let p = writeVarint(this.buf, start, index);
    p = writeVarint(this.buf, p, depth);
    p = writeVector(this.buf, p, v, len);
    const size = p - start;
    this.buf[p++] = size & 0xff;
    this.buf[p++] = (size >>> 8) & 0xff;
    this.buf[p++] = (size >>> 16) & 0xff;
    this.buf[p++] = (size >>> 24) & 0xff;
    this.top = p;
    this.count++;
    if (this.top > this.peak) this.peak = this.top;
  }

  /** Pops into `into`; returns [length, index, depth] through `meta`, or false when empty. */
  pop(into: Int32Array, meta: Int32Array): boolean {
    if (this.count === 0) return false;
    const b = this.buf;
    const p = this.top - 4;
    const size = ((b[p] as number) | ((b[p + 1] as number) << 8) | ((b[p + 2] as number) << 16) | ((b[p + 3] as number) << 24)) >>> 0;
    const start = p - size;
    this.top = start;
    readVector(b, readVarint(b, readVarint(b, start, meta, 1), meta, 2), into, meta);
    this.count--;
    return true;
  }
}

/** `StateLevel.onDisk` for a chunk only in memory, and for one released. */
const IN_MEMORY = -1;
const RELEASED = -2;

/**
 * One BFS level of packed state vectors with random access by position:
 * a search split over workers re-reads a state of the level being expanded
 * (to complete a reduced expansion) and replaces the vector kept for a state
 * of the next level (when a parent earlier in BFS order reaches it).
 * Replacing appends; the old bytes are dropped with the level.
 *
 * With `spill` (a search that reads its levels in order: the shared-table
 * split search), a chunk that fills up while `shouldSpill()` says so is
 * written to a file and dropped from memory; reading a position in it loads
 * the chunk back in place of the one loaded before, so a level read in order
 * reads each chunk from disk once. `close` deletes the file.
 */
export class StateLevel {
  private readonly chunks: (Uint8Array | undefined)[] = [];
  /** Per chunk: its bytes in use (set when the next chunk is begun), and its offset in the spill file (IN_MEMORY, RELEASED). */
  private readonly ends: number[] = [];
  private readonly onDisk: number[] = [];
  private writePos = Infinity;
  /** Position -> chunk * this.chunkSize + offset of its vector. */
  private at = new Float64Array(1024);
  private count = 0;
  private readonly length = new Int32Array(1);
  /** The longest vector held. */
  maxLength = 0;
  private readonly file: SpillFile;
  /** The chunk read back from the file and held now (-1: none). */
  private loaded = -1;
  /** Chunks below this one were released (`release`). */
  private released = 0;
  private live = 0;
  /** `chunkSize`: bytes per chunk (tests make it small, so that small levels fill several). */
  constructor(
    private readonly spill?: SpillOptions,
    private readonly chunkSize = CHUNK_SIZE,
  ) {
    this.file = new SpillFile('agora-level', spill?.dir);
  }

  /** Bytes written to the spill file. */
  get spilledBytes(): number {
    return this.file.bytes;
  }

  get size(): number {
    return this.count;
  }

  /** Bytes held in memory: chunks and the position index. */
  get bytes(): number {
    return this.chunkBytes + this.at.length * 8;
  }

  /** Bytes of chunks held in memory. */
  get chunkBytes(): number {
    return this.live * this.chunkSize;
  }

  /**
   * Drops the chunks wholly before position `pos` (not the last one, which
   * may still be written): for a reader that never reads a position below
   * `pos` again. Reading one after that is an internal error.
   */
  release(pos: number): void {
    if (pos >= this.count) return;
    const below = Math.floor((this.at[pos] as number) / this.chunkSize);
    const last = this.chunks.length - 1;
    for (let c = this.released; c < below && c < last; c++) {
      if (this.chunks[c] !== undefined) {
        this.chunks[c] = undefined;
        this.live--;
        if (this.loaded === c) this.loaded = -1;
      }
      this.onDisk[c] = RELEASED;
      this.released = c + 1;
    }
  }

  /** Appends a state; returns its position. */
  push(v: Int32Array, len: number): number {
    if (this.count === this.at.length) {
      const a = new Float64Array(this.at.length * 2);
      a.set(this.at);
      this.at = a;
    }
    this.at[this.count] = this.write(v, len);
    return this.count++;
  }

  /** Replaces the vector at `pos`. */
  replace(pos: number, v: Int32Array, len: number): void {
    this.at[pos] = this.write(v, len);
  }

  /** Decodes the state at `pos` into `into`; returns its length. */
  get(pos: number, into: Int32Array): number {
    const a = this.at[pos] as number;
    const c = Math.floor(a / this.chunkSize);
    const chunk = this.chunks[c] ?? this.load(c);
    readVector(chunk, a - c * this.chunkSize, into, this.length);
    return this.length[0] as number;
  }

  private write(v: Int32Array, len: number): number {
    if (len > this.maxLength) this.maxLength = len;
    const need = (len + 1) * 5;
    if (this.writePos + need > this.chunkSize) {
      if (need > this.chunkSize) throw new RangeError(`a state vector of ${len} entries does not fit a chunk`);
      const last = this.chunks.length - 1;
      if (last >= 0) this.ends[last] = this.writePos;
      if (last >= 0 && this.spill !== undefined && this.spill.shouldSpill()) this.spillChunk(last);
      this.chunks.push(new Uint8Array(this.chunkSize));
      this.ends.push(0);
      this.onDisk.push(IN_MEMORY);
      this.live++;
      this.writePos = 0;
    }
    const c = this.chunks.length - 1;
    const start = this.writePos;
    this.writePos = writeVector(this.chunks[c] as Uint8Array, start, v, len);
    return c * this.chunkSize + start;
  }

  /** Writes full chunk `c` to the spill file and drops it from memory. */
  private spillChunk(c: number): void {
    const chunk = this.chunks[c];
    if (chunk === undefined || this.onDisk[c] !== IN_MEMORY) return;
    this.onDisk[c] = this.file.write(chunk, this.ends[c] as number);
    this.chunks[c] = undefined;
    this.live--;
  }

  /** Reads chunk `c` back from the spill file, in place of the chunk loaded before. */
  private load(c: number): Uint8Array {
    const offset = this.onDisk[c];
    if (offset === undefined || offset < 0) throw new Error(`internal error: chunk ${c} of a level is ${offset === RELEASED ? 'released' : 'neither in memory nor on disk'}`);
    if (this.loaded >= 0) {
      this.chunks[this.loaded] = undefined;
      this.live--;
    }
    const chunk = new Uint8Array(this.chunkSize);
    this.file.read(chunk, this.ends[c] as number, offset);
    this.chunks[c] = chunk;
    this.loaded = c;
    this.live++;
    return chunk;
  }

  /** Deletes the spill file (the level is done with). */
  close(): void {
    this.file.close();
  }
}
