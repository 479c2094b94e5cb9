/**
 * Node identities shared by every protocol.
 * A node is named by a short string such as `p0`, `a2` or `l0`; the name is
 * what traces print and what a message's `from`/`to` carry.
 */

/** The name of one node of a cluster, e.g. `p0`. */
export type NodeId = string;

/** Builds `count` names with a common prefix: `names('a', 3)` is `['a0', 'a1', 'a2']`. */
export function names(prefix: string, count: number): NodeId[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${i}`);
}
