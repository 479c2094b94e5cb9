/**
 * The system a trace was found on, written into saved traces (`system` in
 * agora-trace/1, `#meta.agora.system` in ITF) so that `agora replay` can
 * rebuild it: the configuration, its sizes, variant, bug, adversary, faults
 * and network. `systemFlags` turns it back into command-line flags.
 */
import type { NetworkKind, SystemSpec } from '../spec/core/system.js';
import type { FaultOptions } from './actor-system/faults.js';
import type { RunFlags } from './cli-options.js';
import { camel, type SpecSource } from './registry.js';

export interface TraceSystem {
  readonly config: string;
  readonly params: Readonly<Record<string, number>>;
  readonly variant: string | null;
  readonly bug: string | null;
  readonly adversary: string | null;
  readonly network: NetworkKind;
  /** The fault options (`--lossy`, `--duplicates`, `--crashes`, ...), with `crashOnly` naming the nodes of `--crash-only`. */
  readonly faults: Readonly<Record<string, unknown>>;
}

export function traceSystem(config: string, source: SpecSource, faults: FaultOptions, spec: SystemSpec, network: NetworkKind | undefined): TraceSystem {
  const { crashable, ...rest } = faults;
  return {
    config,
    params: { ...source.params },
    variant: source.variant,
    bug: source.bug,
    adversary: source.adversary,
    network: network ?? spec.network ?? 'multiset',
    faults: { ...rest, ...(crashable !== undefined ? { crashOnly: crashable.map((i) => spec.nodes[i]?.name ?? String(i)) } : {}) },
  };
}

/** The flags naming the system a trace records (fault fields become the flags of the same name). */
export function systemFlags(system: TraceSystem): RunFlags {
  const flags: Record<string, unknown> = { config: system.config, network: system.network };
  for (const [k, v] of Object.entries(system.params)) flags[camel(k)] = v;
  if (system.variant !== null) flags['variant'] = system.variant;
  if (system.bug !== null) flags['bug'] = system.bug;
  if (system.adversary !== null) flags['adversary'] = system.adversary;
  for (const [k, v] of Object.entries(system.faults)) {
    if (k === 'crashOnly') flags['crashOnly'] = (v as string[]).join(',');
    else if (v !== false && v !== 0) flags[k] = v;
  }
  return flags as RunFlags;
}
