/**
 * Renaming nodes in contexts and messages, for the protocols' symmetry
 * declarations (`SymmetrySpec` in `./symmetry.ts`). Each protocol renames
 * every node name its contexts and messages hold; these helpers keep the
 * result canonical: a set is re-sorted with the comparator the machines keep
 * it with, a sequence whose order carries meaning keeps its order, and a
 * node's list of peers from its configuration is re-sorted in the order the
 * system builds it (`names()`).
 */
import type { Envelope } from './envelope.js';
import type { NodeId } from './ids.js';
import { compareStr } from './sorted.js';
import type { Rename } from './symmetry.js';

/**
 * The order `names()` builds node lists in: by prefix, then by numeric
 * suffix (`a2` before `a10`); a name without a number sorts by itself.
 */
export function compareNodeName(a: NodeId, b: NodeId): number {
  if (a === b) return 0;
  const ma = /^(.*?)(\d+)$/.exec(a);
  const mb = /^(.*?)(\d+)$/.exec(b);
  if (ma !== null && mb !== null && ma[1] === mb[1]) return Number(ma[2]) - Number(mb[2]) || compareStr(a, b);
  return compareStr(ma?.[1] ?? a, mb?.[1] ?? b) || compareStr(a, b);
}

/**
 * A node's list of peers from its constant configuration (every acceptor,
 * every replica, a client's targets), renamed: a set, re-sorted in the order
 * `names()` builds it, so that the list of all members of a group is
 * unchanged by any permutation of the group.
 */
export function renamePeers(list: readonly NodeId[], rename: Rename): NodeId[] {
  return list.map(rename).sort(compareNodeName);
}

/** A set of node names kept sorted by `compare` (default: string order), renamed and re-sorted. */
export function renameNameSet(set: readonly NodeId[], rename: Rename, compare: (a: NodeId, b: NodeId) => number = compareStr): NodeId[] {
  return set.map(rename).sort(compare);
}

/** A set of records kept sorted by `compare`, each renamed by `renameItem`, re-sorted. */
export function renameRecordSet<T>(set: readonly T[], renameItem: (item: T) => T, compare: (a: T, b: T) => number): T[] {
  return set.map(renameItem).sort(compare);
}

/** A message with `from` and `to` renamed (for messages that carry no other node name). */
export function renameRoute<M extends Envelope>(msg: M, rename: Rename): M {
  return { ...msg, from: rename(msg.from), to: rename(msg.to) };
}
