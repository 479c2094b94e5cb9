/**
 * State identity: the only place that decides when two local states or two
 * messages are the same (canonical keys), and the random keys from which
 * global fingerprints are summed.
 *
 * Fingerprints are additive (Zobrist-style over a multiset): a global
 * state's 64-bit fingerprint is the sum, lane by lane modulo 2^32, of one
 * random 64-bit key per (node, local state id), one per message copy in
 * flight, one per crashed node and one for the duplication budget left.
 * A step changes a few terms, so a successor's fingerprint is its parent's
 * plus a delta computed once per memoised local step.
 *
 * A local state's or a message's key is a 64-bit hash of its canonical key
 * (and the seed), not a draw in interning order: every thread or process
 * that interns the same local state gives it the same key, whatever ids it
 * assigns, so workers that partition a search agree on fingerprints.
 *
 * Collision odds: for two fixed distinct states the difference of their key
 * sums is a non-zero integer combination of independent uniform keys, so the
 * two lanes both vanish with probability at most 2^-64 (2^(t-64) when every
 * coefficient is divisible by 2^t, i.e. only for message multiplicities that
 * differ by a multiple of 2^t). Over N distinct states the union bound gives
 * P(some collision) <= N(N-1)/2 * 2^-64, which `collisionOdds` reports.
 */

/** Canonical JSON: object keys sorted, arrays in order, no whitespace. */
export function canonicalKey(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (value === undefined) return 'null';
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError(`cannot encode the number ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalKey).join(',')}]`;
  if (value instanceof Set || value instanceof Map) {
    throw new TypeError('local state must hold sorted arrays, not Set or Map (see DESIGN.md, "Context is canonical")');
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalKey(obj[k])}`).join(',')}}`;
}

/**
 * xoshiro128** — a small, well-tested 32-bit generator, seeded for
 * reproducible runs (the same seed gives the same keys and the same run).
 */
export class KeyStream {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number) {
    // splitmix32 expands the seed into the four words of state.
    let x = seed >>> 0;
    const next = (): number => {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) | 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
  }

  /** The next 32 random bits, as a signed int32. */
  next(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9);
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result | 0;
  }
}

/** murmur3's finaliser: a bijection on 32 bits with full avalanche. */
export function fmix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/**
 * A 32-bit hash of `text` under `seed` (murmur3's mixing over UTF-16 code
 * units). Two seeds give the two lanes of a 64-bit key.
 */
export function hashText(text: string, seed: number): number {
  let h = seed | 0;
  for (let i = 0; i < text.length; i++) {
    let k = Math.imul(text.charCodeAt(i), 0xcc9e2d51);
    k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    h ^= k;
    h = (Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64) | 0;
  }
  return fmix32(h ^ text.length);
}

/** The two lane seeds of `seed` for `hashText`. */
export function laneSeeds(seed: number): readonly [number, number] {
  return [fmix32((seed ^ 0x3c6ef372) | 0), fmix32((seed + 0x6a09e667) | 0)];
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Upper bound on the probability that two of `states` distinct states shared a fingerprint. */
export function collisionOdds(states: number): number {
  return (states * (states - 1)) / 2 / 2 ** 64;
}
