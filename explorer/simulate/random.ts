/**
 * The randomness of a simulation, and the small hashes it uses: one xoshiro128** stream (`KeyStream`,
 * `../encode.ts`) per run, keyed by the simulation's seed and the run's
 * number, so that any run replays on its own (`--seed S --run R`) whatever
 * the number of workers and whichever worker took it.
 * NOTE: no `Math.random()` here or anywhere in the walks; the CLI draws the
 * seed when none is given and prints it.
 */
import { KeyStream } from '../encode.js';

/**
 * The seed of run `run` of a simulation seeded `seed`: both words mixed by
 * a murmur3-style finaliser. (Not `seed + run`: KeyStream expands its seed
 * by splitmix32, whose streams for seeds that differ by its increment
 * overlap, shifted by one draw.)
 */
export function runSeed(seed: number, run: number): number {
  let h = Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul((run >>> 0) + 0x7f4a7c15, 0x85ebca6b);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  // Fold in the run a second time so that runs past 2^32 (never reached in practice) still differ.
  return (h ^ Math.floor(run / 2 ** 32)) >>> 0;
}

/** The random choices of one run. */
export class RunRandom {
  private readonly stream: KeyStream;

  constructor(seed: number, run: number) {
    this.stream = new KeyStream(runSeed(seed, run));
  }

  /** 32 random bits, as a signed int32. */
  bits(): number {
    return this.stream.next();
  }

  /** A uniform float in [0, 1) (32 random bits). */
  unit(): number {
    return (this.stream.next() >>> 0) / 2 ** 32;
  }

  /** A uniform integer in [0, n), n >= 1. */
  below(n: number): number {
    return Math.floor(this.unit() * n);
  }
}

/** murmur3's 32-bit finaliser: a bijection on int32 whose output bits each depend on every input bit. */
export function fmix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** cyrb53: a 53-bit string hash (content keys for coverage counts and step priorities). */
export function hash53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

