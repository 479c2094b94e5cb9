/**
 * The generic fault kinds every protocol can be checked under. They are
 * passed explicitly to the parts that use them (the step enumeration and the
 * network); nothing reads them off a shared object.
 */

/** Generic network and fault options, available to every protocol. */
export interface FaultOptions {
  /** Any in-flight message may be dropped (`Drop(m)`). */
  readonly lossy: boolean;
  /** How many duplicate deliveries may happen in a run (a message delivered but kept in flight). */
  readonly duplicates: number;
  /** How many nodes may crash (crash-stop: no more steps; messages to them stay in flight). */
  readonly crashes: number;
  /**
   * The nodes (indexes in `SystemSpec.nodes`) that may crash; absent: any
   * node. E.g. only the initial leader, to show a leader crash without
   * letting the crash budget take the clients or the next leader.
   */
  readonly crashable?: readonly number[];
  /**
   * How many restarts of crashed nodes may happen in a run (crash-recovery;
   * absent or 0: crash-stop). A restarted node's machine starts again from
   * its input, with the context fields its protocol declares stable
   * (`NodeSpec.stable`) kept from before the crash; the rest is lost.
   * Messages in flight stay in flight. `crashes` then bounds the crashes of
   * the whole run (those since restarted included), so a run has at most
   * `crashes` crashes and at most `recoveries` restarts.
   */
  readonly recoveries?: number;
}

export const NO_FAULTS: FaultOptions = { lossy: false, duplicates: 0, crashes: 0 };

/** Maximum nodes when crashes are modelled (the crashed set is a 30-bit mask). */
export const MAX_CRASHABLE_NODES = 30;
