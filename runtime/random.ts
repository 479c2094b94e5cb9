/** The seeded random numbers of the runtime: the live simulator's schedule and the real cluster's fault injection. */

/** A source of pseudo-random numbers in [0, 1). */
export type Random = () => number;

/**
 * A seeded PRNG (mulberry32: 32-bit state, period 2^32). Deterministic for a
 * given seed on every platform; not for cryptography.
 */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
