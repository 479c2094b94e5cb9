/**
 * Sorted arrays as sets: how contexts keep sets canonical (DESIGN.md,
 * "Context is canonical").
 */

/** Inserts `item` into the sorted set `set` (returned unchanged if already there). */
export function insertSorted<T>(set: readonly T[], item: T, compare: (a: T, b: T) => number): readonly T[] {
  let i = 0;
  while (i < set.length) {
    const c = compare(set[i] as T, item);
    if (c === 0) return set;
    if (c > 0) break;
    i++;
  }
  return [...set.slice(0, i), item, ...set.slice(i)];
}

/** Orders strings, with null first. */
export function compareStr(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}
