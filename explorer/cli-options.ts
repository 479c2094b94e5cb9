/**
 * What `agora check` and `agora simulate` share on the command line: the
 * options that name a system and its faults, their parsing, and resolving
 * them to a system (`registry.ts`) with its faults.
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { NamedConfig, ProtocolEntry } from '../spec/core/registry.js';
import { NETWORK_KINDS, type NetworkKind, type SystemSpec } from '../spec/core/system.js';
import { MAX_CRASHABLE_NODES, type FaultOptions } from './actor-system/faults.js';
import { UsageError, allParameters, buildSpec, resolveSource, type SpecSource, type SystemFlags } from './registry.js';

/** A parser of whole numbers from `min` to `max`, for commander. */
export function integer(min: number, max = Number.MAX_SAFE_INTEGER) {
  return (raw: string): number => {
    if (!/^\d+$/.test(raw.trim())) throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}, got '${raw}'`);
    const n = Number(raw);
    if (n < min || n > max) throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}, got ${raw}`);
    return n;
  };
}

export const FAULT_OPTIONS = [
  ['--lossy', 'the network may drop any in-flight message'],
  ['--duplicates K', 'up to K duplicate deliveries (a message delivered and kept in flight)'],
  ['--crashes K', `up to K nodes crash-stop (at most ${MAX_CRASHABLE_NODES} nodes)`],
  ['--crash-only A,B', 'only these nodes may crash (e.g. p0, the initial leader); default: any node'],
  ['--recoveries K', 'crash-recovery: up to K restarts of crashed nodes, each from its input plus the fields its protocol keeps in stable storage (--crashes K then bounds the crashes of the whole run)'],
] as const;

/** The flags that choose a system, its faults and its network. */
export interface RunFlags extends SystemFlags {
  lossy?: boolean;
  duplicates?: number;
  crashes?: number;
  crashOnly?: string;
  recoveries?: number;
  network?: NetworkKind;
}

/** Adds the options of `RunFlags` (and the protocols' sizes) to a command. */
export function addSystemOptions(cmd: Command): Command {
  cmd.option('--config <name>', 'a named configuration (see agora list)');
  for (const p of allParameters()) cmd.addOption(new Option(`--${p.name} <n>`, p.description).argParser(integer(0)));
  return cmd
    .option('--lossy', FAULT_OPTIONS[0][1])
    .addOption(new Option('--duplicates <k>', FAULT_OPTIONS[1][1]).argParser(integer(0)))
    .addOption(new Option('--crashes <k>', FAULT_OPTIONS[2][1]).argParser(integer(0, MAX_CRASHABLE_NODES)))
    .option('--crash-only <nodes>', FAULT_OPTIONS[3][1])
    .addOption(new Option('--recoveries <k>', FAULT_OPTIONS[4][1]).argParser(integer(0)))
    .option('--bug <name>', 'a known-bug variant (see agora list)')
    .option('--variant <name>', "a protocol variant (see agora list; default: the protocol's default)")
    .option('--adversary <name>', 'what Byzantine nodes may send, for protocols that model them (see agora list)')
    .option('--property <names>', 'check only these properties (comma-separated names)')
    .addOption(new Option('--network <kind>', "how messages are held in flight (default: the protocol's, else multiset)").choices([...NETWORK_KINDS]));
}

/** The faults a named configuration (or showcase) turns on, for `spec` (whose node names `crashOnly` lists). */
export function configFaults(f: NamedConfig['faults'], spec: SystemSpec): FaultOptions {
  const crashable = f?.crashOnly?.map((name) => {
    const i = spec.nodes.findIndex((n) => n.name === name);
    if (i < 0) throw new UsageError(`crashOnly: no node '${name}'`);
    return i;
  });
  return {
    lossy: f?.lossy === true,
    duplicates: f?.duplicates ?? 0,
    crashes: f?.crashes ?? 0,
    ...(f?.recoveries !== undefined && f.recoveries > 0 ? { recoveries: f.recoveries } : {}),
    ...(crashable !== undefined ? { crashable } : {}),
  };
}

/** Resolves a command line's system: the protocol, its configuration, the source, the system and its faults. */
export function resolveRun(
  protocolName: string,
  flags: RunFlags,
): { protocol: ProtocolEntry; config: NamedConfig; source: SpecSource; spec: SystemSpec; faults: FaultOptions } {
  const { protocol, config, source } = resolveSource(protocolName, flags);
  const faults = {
    lossy: flags.lossy === true || config.faults?.lossy === true,
    duplicates: flags.duplicates ?? config.faults?.duplicates ?? 0,
    crashes: flags.crashes ?? config.faults?.crashes ?? 0,
    ...((flags.recoveries ?? config.faults?.recoveries ?? 0) > 0 ? { recoveries: flags.recoveries ?? config.faults?.recoveries ?? 0 } : {}),
  };
  const spec = buildSpec(source);
  if (faults.recoveries !== undefined && faults.crashes === 0) throw new UsageError('--recoveries needs --crashes K (a node restarts after a crash)');
  const crashOnly = flags.crashOnly ?? (flags.crashes === undefined ? config.faults?.crashOnly?.join(',') : undefined);
  if (crashOnly !== undefined) {
    const names = crashOnly.split(',').map((x) => x.trim()).filter(Boolean);
    const slots = names.map((x) => {
      const i = spec.nodes.findIndex((n) => n.name === x);
      if (i < 0) throw new UsageError(`--crash-only: no node '${x}'; this system has ${spec.nodes.map((n) => n.name).join(', ')}`);
      return i;
    });
    if (faults.crashes === 0) throw new UsageError('--crash-only needs --crashes K (how many of them may crash)');
    return { protocol, config, source, spec, faults: { ...faults, crashable: slots } };
  }
  if (faults.crashes > spec.nodes.length) throw new UsageError(`--crashes ${faults.crashes} exceeds the ${spec.nodes.length} nodes of this system`);
  return { protocol, config, source, spec, faults };
}
