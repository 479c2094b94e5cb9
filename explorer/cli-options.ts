/**
 * What `agora check` and `agora simulate` share on the command line: the
 * options that name a system and its faults, their parsing, and resolving
 * them to a system (`registry.ts`) with its faults.
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { NamedConfig, ProtocolEntry } from '../spec/core/registry.js';
import { NETWORK_KINDS, type NetworkKind, type SystemSpec } from '../spec/core/system.js';
import { MAX_CRASHABLE_NODES, type FaultOptions } from './actor-system/faults.js';
import { UsageError, allParameters, buildSpec, camel, protocolNamed, resolveSource, type SpecSource, type SystemFlags } from './registry.js';

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

/**
 * Adds the options of `RunFlags` to a command, with the size flags of
 * `protocol` (its own descriptions and ranges, shown in the help). The sizes
 * of the other protocols are accepted but hidden, so that using one names the
 * protocol's own sizes (`resolveConfig`) instead of commander's "unknown
 * option". Without a protocol (not yet known, or read from a trace file)
 * every size is accepted, hidden, and checked once the protocol is known.
 */
export function addSystemOptions(cmd: Command, protocol?: ProtocolEntry): Command {
  cmd.option('--config <name>', `a named configuration (default: ${protocol !== undefined ? `${protocol.defaultConfig}, or the showcase of --bug NAME` : "the protocol's"}; see agora list)`);
  const own = new Set(protocol?.parameters.map((p) => p.name) ?? []);
  for (const p of protocol?.parameters ?? []) {
    const values = protocol?.configs.find((c) => c.name === protocol.defaultConfig)?.params[p.name];
    const range = p.max - p.min === 1 && p.min === 0 ? '0 or 1' : `${p.min} to ${p.max}`;
    cmd.addOption(new Option(`--${p.name} <n>`, `${p.description} (${range}${values !== undefined ? `; ${values} in ${protocol?.defaultConfig}` : ''})`).argParser(integer(p.min, p.max)));
  }
  for (const p of allParameters()) if (!own.has(p.name)) cmd.addOption(new Option(`--${p.name} <n>`, p.description).argParser(integer(0)).hideHelp());
  return cmd
    .option('--lossy', FAULT_OPTIONS[0][1])
    .addOption(new Option('--duplicates <k>', FAULT_OPTIONS[1][1]).argParser(integer(0)))
    .addOption(new Option('--crashes <k>', FAULT_OPTIONS[2][1]).argParser(integer(0, MAX_CRASHABLE_NODES)))
    .option('--crash-only <nodes>', FAULT_OPTIONS[3][1])
    .addOption(new Option('--recoveries <k>', FAULT_OPTIONS[4][1]).argParser(integer(0)))
    .addOption(bugOption(protocol))
    .addOption(namedOption('--variant <name>', "a protocol variant (default: the protocol's default)", protocol?.variants, protocol?.defaultVariant, protocol !== undefined))
    .addOption(namedOption('--adversary <name>', 'what Byzantine nodes may send', protocol?.adversaries, protocol?.defaultAdversary, protocol !== undefined))
    .option('--property <names>', 'check only these properties (comma-separated names; liveness ones are checked only when named)')
    .addOption(new Option('--network <kind>', "how messages are held in flight (default: the protocol's, else multiset)").choices([...NETWORK_KINDS]));
}

/** `--bug NAME`, listing the protocol's bug variants when it is known. */
function bugOption(protocol: ProtocolEntry | undefined): Option {
  if (protocol === undefined) return new Option('--bug <name>', 'a known-bug variant (see agora list)');
  const names = Object.keys(protocol.bugs);
  return new Option('--bug <name>', `a known-bug variant: ${names.join(', ')}; without --config or sizes it runs on the bug's showcase configuration`);
}

/** An option naming one of `names` (listed in its help), or hidden when the protocol has none. */
function namedOption(flags: string, what: string, names: Readonly<Record<string, string>> | undefined, fallback: string | undefined, known: boolean): Option {
  const choices = names !== undefined ? Object.keys(names) : undefined;
  const option = new Option(flags, choices !== undefined ? `${what}: ${choices.join(', ')}${fallback !== undefined ? ` (default ${fallback})` : ''}` : `${what} (see agora list)`);
  // A protocol without variants (or adversaries) takes no such option: hidden, refused by name if given.
  return known && choices === undefined ? option.hideHelp() : option;
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

/** What `resolveRun` resolved: the system, its faults, and how to name it. */
export interface ResolvedRun {
  readonly protocol: ProtocolEntry;
  /** The named configuration the run starts from (the bug's showcase when `--bug` alone chose it). */
  readonly config: NamedConfig;
  readonly source: SpecSource;
  readonly spec: SystemSpec;
  readonly faults: FaultOptions;
  /**
   * The configuration as the header and JSON name it: its name when used
   * unchanged, else "synod-s with --proposers 3" (the flags that differ from
   * it), or "custom" when most of its sizes were replaced.
   */
  readonly label: string;
  /** Lines for the reader before the report, e.g. that `--bug` chose its showcase configuration. */
  readonly notes: readonly string[];
}

/** The names in `--property a,b`; an empty name (`agreement,`) is refused. */
export function propertyNames(raw: string): string[] {
  const names = raw.split(',').map((x) => x.trim());
  if (names.some((x) => x === '')) throw new UsageError(`--property takes comma-separated property names, without empty ones: got '${raw}'`);
  return names;
}

/**
 * Resolves a command line's system, for every command that runs one (check,
 * simulate, replay): the protocol, its configuration, the source, the system
 * and its faults, and how to name it.
 * - `--bug NAME` without `--config` and without sizes runs on the bug's
 *   showcase configuration (`ProtocolEntry.bugShowcases`), saying so when it
 *   is not the protocol's default;
 * - `--bug NAME` on bounds its showcase declares cannot reach the bug is
 *   refused, naming the configuration to use.
 */
export function resolveRun(protocolName: string, flags: RunFlags): ResolvedRun {
  const protocol = protocolNamed(protocolName);
  if (flags.property !== undefined) propertyNames(flags.property);
  const sizesGiven = protocol.parameters.filter((p) => flags[camel(p.name)] !== undefined);
  const bug = flags.bug;
  const showcase = bug !== undefined ? protocol.bugShowcases[bug] : undefined;
  const notes: string[] = [];
  // The bug's showcase stands in for the default configuration when the command line names no bounds.
  const useShowcase = showcase !== undefined && flags.config === undefined && sizesGiven.length === 0;
  const chosen: RunFlags = useShowcase ? { ...flags, config: showcase.config, ...(flags.adversary === undefined && showcase.adversary !== undefined ? { adversary: showcase.adversary } : {}) } : flags;
  const { config, source } = resolveSource(protocolName, chosen);
  const base = useShowcase && showcase.faults !== undefined ? { ...config.faults, ...showcase.faults } : config.faults;
  const faults = {
    lossy: flags.lossy === true || base?.lossy === true,
    duplicates: flags.duplicates ?? base?.duplicates ?? 0,
    crashes: flags.crashes ?? base?.crashes ?? 0,
    ...((flags.recoveries ?? base?.recoveries ?? 0) > 0 ? { recoveries: flags.recoveries ?? base?.recoveries ?? 0 } : {}),
  };
  const spec = buildSpec(source);
  if (faults.recoveries !== undefined && faults.crashes === 0) throw new UsageError('--recoveries needs --crashes K (a node restarts after a crash)');
  const crashOnly = flags.crashOnly ?? (flags.crashes === undefined ? base?.crashOnly?.join(',') : undefined);
  let crashable: number[] | undefined;
  if (crashOnly !== undefined) {
    const names = crashOnly.split(',').map((x) => x.trim()).filter(Boolean);
    crashable = names.map((x) => {
      const i = spec.nodes.findIndex((n) => n.name === x);
      if (i < 0) throw new UsageError(`--crash-only: no node '${x}'; this system has ${spec.nodes.map((n) => n.name).join(', ')}`);
      return i;
    });
    if (faults.crashes === 0) throw new UsageError('--crash-only needs --crashes K (how many of them may crash)');
  } else if (faults.crashes > spec.nodes.length) throw new UsageError(`--crashes ${faults.crashes} exceeds the ${spec.nodes.length} nodes of this system`);
  const resolvedFaults: FaultOptions = { ...faults, ...(crashable !== undefined ? { crashable } : {}) };
  const label = configLabel(protocol, config, source, resolvedFaults, spec);
  if (bug !== undefined && showcase !== undefined) {
    const why = showcase.unreachable?.({
      params: source.params,
      faults: { ...faults, recoveries: faults.recoveries ?? 0 },
      adversary: source.adversary,
      ...(crashable !== undefined ? { crashOnly: crashable.map((i) => spec.nodes[i]?.name ?? String(i)) } : {}),
      ...(flags.property !== undefined ? { properties: propertyNames(flags.property) } : {}),
    });
    if (why !== undefined) {
      throw new UsageError(
        `--bug ${bug} cannot show on ${label} (${protocol.describeParams(source.params)}): its counterexample needs ${why}. It shows on ${showcaseText(protocol, bug)}, where --bug ${bug} alone runs it`,
      );
    }
    if (useShowcase && label !== protocol.defaultConfig) notes.push(`--bug ${bug}: running on its showcase configuration, ${label} (name --config or sizes to choose other bounds)`);
  }
  return { protocol, config, source, spec, faults: resolvedFaults, label, notes };
}

/** A bug's showcase as a reader names it: "pbft-vc", "sp-tiny with --lossy --crashes 1". */
export function showcaseText(protocol: ProtocolEntry, bug: string): string {
  const show = protocol.bugShowcases[bug];
  if (show === undefined) return protocol.defaultConfig;
  const f = show.faults;
  const extra = [
    f?.lossy === true ? '--lossy' : '',
    f?.duplicates !== undefined ? `--duplicates ${f.duplicates}` : '',
    f?.crashes !== undefined ? `--crashes ${f.crashes}` : '',
    f?.recoveries !== undefined ? `--recoveries ${f.recoveries}` : '',
    show.adversary !== undefined ? `--adversary ${show.adversary}` : '',
  ].filter(Boolean);
  return `${show.config}${extra.length > 0 ? ` with ${extra.join(' ')}` : ''}`;
}

/** How many changed sizes a label lists before it says "custom". */
const MAX_LISTED_CHANGES = 3;

/** The configuration as a header names it: unchanged, "NAME with --flag V ...", or "custom". */
export function configLabel(protocol: ProtocolEntry, config: NamedConfig, source: SpecSource, faults: FaultOptions, spec: SystemSpec): string {
  const sizes = protocol.parameters.filter((p) => source.params[p.name] !== config.params[p.name]).map((p) => `--${p.name} ${source.params[p.name]}`);
  if (sizes.length > MAX_LISTED_CHANGES) return 'custom';
  const f = config.faults;
  const changes = [...sizes];
  if (faults.lossy !== (f?.lossy === true)) changes.push(faults.lossy ? '--lossy' : 'no loss');
  if (faults.duplicates !== (f?.duplicates ?? 0)) changes.push(`--duplicates ${faults.duplicates}`);
  if (faults.crashes !== (f?.crashes ?? 0)) changes.push(`--crashes ${faults.crashes}`);
  if ((faults.recoveries ?? 0) !== (f?.recoveries ?? 0)) changes.push(`--recoveries ${faults.recoveries ?? 0}`);
  const only = faults.crashable?.map((i) => spec.nodes[i]?.name ?? String(i)).join(',');
  if (only !== (f?.crashOnly?.join(',') ?? undefined) && faults.crashes > 0) changes.push(only !== undefined ? `--crash-only ${only}` : 'any node may crash');
  const adversary = config.adversary ?? protocol.defaultAdversary ?? null;
  if (source.adversary !== adversary && source.adversary !== null) changes.push(`--adversary ${source.adversary}`);
  return changes.length === 0 ? config.name : `${config.name} with ${changes.join(' ')}`;
}
