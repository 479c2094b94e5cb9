/**
 * What a protocol offers the CLI: its size parameters, named configurations,
 * known-bug variants and properties, and how to assemble a system from them.
 * The registry itself (`machines/index.ts`) is imported only by the CLI.
 */
import type { CostModel } from './cost.js';
import type { SystemSpec } from './system.js';

/** A size parameter, given on the command line as `--<name> N`. */
export interface ProtocolParameter {
  readonly name: string;
  readonly description: string;
  readonly min: number;
  readonly max: number;
  /** Chooses the state the run starts from (a paper's scenario), not a size. */
  readonly scenario?: true;
}

/** What an exhaustive run of a configuration found: pinned in the tests, listed in the docs. */
export interface StateCounts {
  readonly states: number;
  readonly transitions: number;
  /** BFS depth: steps on the longest shortest path from the initial state. */
  readonly depth: number;
}

/** Fault options a named configuration turns on. */
export interface ConfigFaults {
  readonly lossy?: boolean;
  readonly duplicates?: number;
  readonly crashes?: number;
  /** Restarts of crashed nodes (crash-recovery, `--recoveries`). */
  readonly recoveries?: number;
  /** The nodes that may crash, by name (`--crash-only`); absent: any. */
  readonly crashOnly?: readonly string[];
}

export interface NamedConfig {
  readonly name: string;
  readonly description: string;
  readonly params: Readonly<Record<string, number>>;
  readonly faults?: ConfigFaults;
  /** The Byzantine adversary this configuration uses unless `--adversary` names another. */
  readonly adversary?: string;
}

/** A counterexample worth showing in the docs beyond "each bug on the default configuration". */
export interface Showcase {
  readonly title: string;
  /** Why the trace matters: one paragraph. */
  readonly intro: string;
  /** A named configuration (default: the protocol's default). */
  readonly config?: string;
  readonly bug?: string | null;
  readonly variant?: string;
  readonly adversary?: string;
  readonly faults?: ConfigFaults;
  /** Check only these properties (default: all). */
  readonly properties?: readonly string[];
  /** Shown instead of the bug's trace on the default configuration (for a bug that needs other bounds to show). */
  readonly replacesBugSection?: boolean;
}

/** The bounds a run uses, as a bug variant's `unreachable` test reads them. */
export interface RunBounds {
  readonly params: Readonly<Record<string, number>>;
  readonly faults: { readonly lossy: boolean; readonly duplicates: number; readonly crashes: number; readonly recoveries: number };
  readonly adversary: string | null;
  /** The nodes that may crash, by name (`--crash-only`); undefined: any node. */
  readonly crashOnly?: readonly string[];
  /** The properties checked, by name (`--property`); undefined: every property the protocol checks by default. */
  readonly properties?: readonly string[];
}

/**
 * Where a bug variant shows: the configuration (with any faults or adversary
 * beyond it) on which its shortest counterexample is found, which `--bug NAME`
 * runs when no bounds are named. `unreachable` states a necessary condition
 * of the counterexample: given bounds, the reason they cannot reach it (e.g.
 * "a view change: --views 2 or more"), or undefined when they may.
 */
export interface BugShowcase {
  readonly config: string;
  readonly faults?: ConfigFaults;
  readonly adversary?: string;
  unreachable?(bounds: RunBounds): string | undefined;
}

export interface ProtocolEntry {
  readonly name: string;
  readonly summary: string;
  /** The paper and section the machines follow. */
  readonly source: string;
  readonly parameters: readonly ProtocolParameter[];
  readonly configs: readonly NamedConfig[];
  readonly defaultConfig: string;
  /** Protocol variants (`--variant NAME`): name -> what differs. Absent: one variant. */
  readonly variants?: Readonly<Record<string, string>>;
  /** The variant used when none is named. */
  readonly defaultVariant?: string;
  /** Byzantine adversaries (`--adversary NAME`): name -> what the faulty nodes may send. Absent: no Byzantine faults. */
  readonly adversaries?: Readonly<Record<string, string>>;
  /** The adversary used when none is named. */
  readonly defaultAdversary?: string;
  /** Known-bug variants: name -> the rule it breaks. */
  readonly bugs: Readonly<Record<string, string>>;
  /** Per bug variant: where it shows (every bug declares one). */
  readonly bugShowcases: Readonly<Record<string, BugShowcase>>;
  readonly properties: readonly { readonly name: string; readonly description: string }[];
  /** Example command lines for `agora check <protocol> --help` (arguments after the protocol), each with what it shows. */
  readonly examples?: readonly { readonly args: string; readonly what: string }[];
  /** Short form of the sizes, e.g. `P=2 A=3 R=1`. */
  describeParams(params: Readonly<Record<string, number>>): string;
  /** Assembles the system; throws RangeError for sizes, bugs or variants it cannot model. */
  build(params: Readonly<Record<string, number>>, bug: string | null, variant?: string | null, adversary?: string | null): SystemSpec;
  /** Further counterexamples for `agora traces` (the docs). */
  readonly showcases?: readonly Showcase[];
  /** The message-cost scenario of `agora cost`, when the protocol has one. */
  readonly cost?: CostModel;
}

/** Reads the named sizes out of a parameter record; a RangeError names a missing one. */
export function sizesOf<K extends string>(params: Readonly<Record<string, number>>, keys: readonly K[]): Record<K, number> {
  const out = {} as Record<K, number>;
  for (const k of keys) {
    const v = params[k];
    if (v === undefined) throw new RangeError(`missing parameter ${k}`);
    out[k] = v;
  }
  return out;
}
