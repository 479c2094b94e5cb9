/**
 * The protocol registry seen from the explorer: turns what a user names
 * (protocol, configuration, sizes, bug, variant, adversary, properties) into
 * a `SystemSpec`. With `cli.ts` it is one of the two composition roots (the
 * modules that import machines/). A `SpecSource` is plain data, so a search
 * or simulation worker thread (or another process) rebuilds the same system
 * from it: a SystemSpec itself holds machines and functions, which do not
 * cross threads.
 */
import type { NamedConfig, ProtocolEntry } from '../spec/core/registry.js';
import type { SystemSpec } from '../spec/core/system.js';
import { PROTOCOLS, findProtocol } from '../machines/index.js';
import { checkedProperties } from './check.js';

/** A usage error: printed as one line, exit code 2. */
export class UsageError extends Error {}

/** The flags that choose a system (the rest of a command's flags are ignored). */
export interface SystemFlags {
  config?: string;
  bug?: string;
  variant?: string;
  adversary?: string;
  property?: string;
  [param: string]: unknown;
}

/** A system named by plain data: what a worker needs to build it again. */
export interface SpecSource {
  readonly protocol: string;
  readonly params: Readonly<Record<string, number>>;
  readonly bug: string | null;
  readonly variant: string | null;
  readonly adversary: string | null;
  /** Comma-separated property names to keep (all when absent). */
  readonly property?: string;
}

/** The protocol named `name`, or a usage error listing the known ones. */
export function protocolNamed(name: string): ProtocolEntry {
  const protocol = findProtocol(name);
  if (protocol === undefined) {
    throw new UsageError(`unknown protocol '${name}'; choose one of: ${PROTOCOLS.map((p) => p.name).join(', ')} (see 'agora list')`);
  }
  return protocol;
}

/** The protocol named `name`, if there is one. */
export function findProtocolEntry(name: string): ProtocolEntry | undefined {
  return findProtocol(name);
}

/** Every registered protocol (for tools that sweep them all, such as `bench-simulate.ts`). */
export function allProtocols(): readonly ProtocolEntry[] {
  return PROTOCOLS;
}

/** Resolves a command line's choice of system: the protocol, its configuration and the source to build it from. */
export function resolveSource(protocolName: string, flags: SystemFlags): { protocol: ProtocolEntry; config: NamedConfig; source: SpecSource } {
  const protocol = protocolNamed(protocolName);
  const { config, params } = resolveConfig(protocol, flags);
  const bug = flags.bug ?? null;
  if (bug !== null && !Object.hasOwn(protocol.bugs, bug)) {
    throw new UsageError(`unknown bug variant '${bug}' for ${protocol.name}; choose one of: ${Object.keys(protocol.bugs).join(', ')}`);
  }
  const variant = resolveVariant(protocol, flags.variant);
  const adversary = resolveAdversary(protocol, flags.adversary ?? config.adversary);
  const source: SpecSource = { protocol: protocol.name, params, bug, variant, adversary, ...(flags.property !== undefined ? { property: flags.property } : {}) };
  return { protocol, config, source };
}

/** Builds the system a source names (the same spec in every thread that builds it). */
export function buildSpec(source: SpecSource): SystemSpec {
  const protocol = protocolNamed(source.protocol);
  return selectProperties(buildSystem(protocol, { ...source.params }, source.bug, source.variant, source.adversary), source.property);
}

export function resolveConfig(protocol: ProtocolEntry, flags: SystemFlags): { config: NamedConfig; params: Record<string, number> } {
  const name = flags.config ?? protocol.defaultConfig;
  const config = protocol.configs.find((c) => c.name === name);
  if (config === undefined) {
    throw new UsageError(`unknown configuration '${name}' for ${protocol.name}; choose one of: ${protocol.configs.map((c) => c.name).join(', ')}`);
  }
  const params: Record<string, number> = { ...config.params };
  const allowed = new Set(protocol.parameters.map((p) => p.name));
  for (const p of allParameters()) {
    const v = flags[camel(p.name)];
    if (v === undefined) continue;
    if (!allowed.has(p.name)) {
      throw new UsageError(`--${p.name} is not a size of ${protocol.name}; it takes ${protocol.parameters.map((x) => `--${x.name}`).join(', ')}`);
    }
    const spec = protocol.parameters.find((x) => x.name === p.name);
    if (spec !== undefined && (typeof v !== 'number' || v < spec.min || v > spec.max)) {
      throw new UsageError(`--${p.name} must be from ${spec.min} to ${spec.max} for ${protocol.name}, got ${String(v)}`);
    }
    params[p.name] = v as number;
  }
  return { config, params };
}

/** The variant named by --variant, or the protocol's default (null for a protocol without variants). */
export function resolveVariant(protocol: ProtocolEntry, name: string | undefined): string | null {
  if (protocol.variants === undefined) {
    if (name !== undefined) throw new UsageError(`${protocol.name} has no variants; drop --variant`);
    return null;
  }
  const variant = name ?? protocol.defaultVariant ?? Object.keys(protocol.variants)[0] ?? null;
  if (variant === null || !Object.hasOwn(protocol.variants, variant)) {
    throw new UsageError(`unknown variant '${String(name)}' for ${protocol.name}; choose one of: ${Object.keys(protocol.variants).join(', ')}`);
  }
  return variant;
}

/** The adversary named by --adversary, or the protocol's default (null for a protocol without Byzantine faults). */
export function resolveAdversary(protocol: ProtocolEntry, name: string | undefined): string | null {
  if (protocol.adversaries === undefined) {
    if (name !== undefined) throw new UsageError(`${protocol.name} models no Byzantine faults; drop --adversary`);
    return null;
  }
  const adversary = name ?? protocol.defaultAdversary ?? Object.keys(protocol.adversaries)[0] ?? null;
  if (adversary === null || !Object.hasOwn(protocol.adversaries, adversary)) {
    throw new UsageError(`unknown adversary '${String(name)}' for ${protocol.name}; choose one of: ${Object.keys(protocol.adversaries).join(', ')}`);
  }
  return adversary;
}

/** Assembles the system, turning the protocol's RangeErrors into usage errors. */
export function buildSystem(protocol: ProtocolEntry, params: Record<string, number>, bug: string | null, variant: string | null, adversary: string | null = null): SystemSpec {
  try {
    return protocol.build(params, bug, variant, adversary);
  } catch (e) {
    if (e instanceof RangeError) throw new UsageError(e.message);
    throw e;
  }
}

/**
 * Keeps only the invariants named in `--property a,b` (all of them without
 * the flag). The names may also be liveness properties (`SystemSpec.temporal`),
 * which the caller passes on as `CheckOptions.liveness` (`livenessNames`);
 * the temporal list itself is kept whole.
 */
export function selectProperties(spec: SystemSpec, names: string | undefined): SystemSpec {
  if (names === undefined) return spec;
  const all = checkedProperties(spec);
  const temporal = spec.temporal ?? [];
  const wanted = names.split(',').map((x) => x.trim()).filter(Boolean);
  for (const w of wanted) {
    const t = temporal.find((p) => p.name === w);
    if (t?.kind === 'sometimes') throw new UsageError(`${w} is a witness: every check looks for the witnesses (the report lists them; --no-witnesses turns that off)`);
    if (!all.some((p) => p.name === w) && t === undefined) {
      throw new UsageError(`unknown property '${w}'; this system checks: ${[...all, ...temporal.filter((p) => p.kind !== 'sometimes')].map((p) => p.name).join(', ')}`);
    }
  }
  const { history: _checkedAbove, ...rest } = spec;
  return { ...rest, properties: all.filter((p) => wanted.includes(p.name)) };
}

/** The liveness properties named in `--property a,b` (none without the flag). */
export function livenessNames(spec: SystemSpec, names: string | undefined): string[] {
  if (names === undefined) return [];
  const wanted = names.split(',').map((x) => x.trim());
  return (spec.temporal ?? []).filter((p) => p.kind !== 'sometimes' && wanted.includes(p.name)).map((p) => p.name);
}

export function camel(flag: string): string {
  return flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

export function allParameters(): { name: string; description: string }[] {
  const seen = new Map<string, { name: string; description: string }>();
  for (const p of PROTOCOLS) for (const x of p.parameters) if (!seen.has(x.name)) seen.set(x.name, x);
  return [...seen.values()];
}

