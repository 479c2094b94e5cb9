/**
 * `agora cost <protocol>`: the messages and message delays of one fault-free
 * client request under a synchronous schedule (`cost.ts`), beside the
 * literature's closed forms, and the leader's share compared across every
 * protocol with a cost model. Exit codes: 0, or 2 for bad usage.
 */
import { Command, Option } from 'commander';
import pc from 'picocolors';
import type { ProtocolEntry } from '../spec/core/registry.js';
import type { Io, SetCode } from './cli-io.js';
import { EXIT } from './cli-io.js';
import { integer } from './cli-options.js';
import { costTable, type CostTable } from './cost.js';
import { UsageError, allProtocols, findProtocolEntry, resolveVariant } from './registry.js';
import { costToJson, renderCostTable, renderLeaderShares } from './render/cost.js';

/** The largest cluster `agora cost` measures. */
export const MAX_COST_N = 99;

export interface CostFlags {
  n: string;
  variant?: string;
  batch: number;
  json?: boolean;
}

/** Parses `--n 3,5,7` into sizes from `min` to MAX_COST_N. */
function parseSizes(raw: string, min: number, protocol: string): number[] {
  const parts = raw.split(',').map((x) => x.trim());
  if (parts.length === 0 || parts.every((x) => x === '')) throw new UsageError(`--n needs at least one cluster size, e.g. --n 3,5`);
  return parts.map((x) => {
    const n = /^\d+$/.test(x) ? Number(x) : NaN;
    if (!Number.isInteger(n) || n < min || n > MAX_COST_N) {
      throw new UsageError(`--n takes comma-separated whole numbers from ${min} to ${MAX_COST_N} for ${protocol}, got '${x}'`);
    }
    return n;
  });
}

/** The variants to measure: the one named, or every variant (null for a protocol without variants). */
function costVariants(protocol: ProtocolEntry, name: string | undefined): (string | null)[] {
  if (name !== undefined || protocol.variants === undefined) return [resolveVariant(protocol, name)];
  return Object.keys(protocol.variants);
}

/** `costTable`, turning a protocol's RangeError (a size it cannot model) into a usage error. */
function measureTable(protocol: ProtocolEntry, variant: string | null, ns: readonly number[], batch: number): CostTable {
  const model = protocol.cost;
  if (model === undefined) throw new UsageError(`${protocol.name} has no cost model`);
  try {
    return costTable(protocol.name, model, variant, ns, batch);
  } catch (e) {
    if (e instanceof RangeError) throw new UsageError(e.message);
    throw e;
  }
}

/** Runs `agora cost`; the exit code. */
export function runCost(protocolName: string, flags: CostFlags, io: Io): number {
  const withCost = allProtocols().filter((p) => p.cost !== undefined);
  const protocol = findProtocolEntry(protocolName);
  if (protocol === undefined || protocol.cost === undefined) {
    const what = protocol === undefined ? `unknown protocol '${protocolName}'` : `${protocol.name} has no cost model`;
    throw new UsageError(`${what}; agora cost measures: ${withCost.map((p) => p.name).join(', ')}`);
  }
  const ns = parseSizes(flags.n, protocol.cost.minN, protocol.name);
  const batch = flags.batch;
  if (batch > (protocol.cost.maxBatch ?? Infinity)) throw new UsageError(`${protocol.name} measures at most --batch ${protocol.cost.maxBatch}`);
  const tables = costVariants(protocol, flags.variant).map((v) => measureTable(protocol, v, ns, batch));
  // The comparison: every variant of every protocol with a cost model, at the sizes each supports.
  const comparison: CostTable[] = withCost.flatMap((p) => {
    const sizes = ns.filter((n) => n >= (p.cost?.minN ?? 1));
    if (sizes.length === 0 || batch > (p.cost?.maxBatch ?? Infinity)) return [];
    return costVariants(p, undefined).map(
      (v) => (p === protocol ? tables.find((t) => t.variant === v) : undefined) ?? measureTable(p, v, sizes, batch),
    );
  });
  if (flags.json === true) {
    io.out(JSON.stringify(costToJson(protocol.name, batch, ns, tables, comparison), null, 2));
    return EXIT.holds;
  }
  const { bold } = pc.createColors(io.colour ?? pc.isColorSupported);
  const sections = tables.map((t) => {
    const what = t.variant !== null ? protocol.variants?.[t.variant] : undefined;
    const title = `${protocol.name}${t.variant !== null ? ` · variant ${t.variant}` : ''} · ${batch} request${batch === 1 ? '' : 's'} ${protocol.cost?.batching ?? 'ordered as one batch'}`;
    return renderCostTable(t, `${bold(title)}${what !== undefined ? `\n  ${what}` : ''}`);
  });
  io.out(
    [
      'One fault-free run under a synchronous schedule: each round delivers every message in flight; delays count the longest causal chain of network messages.',
      '',
      sections.join('\n\n'),
      '',
      renderLeaderShares(comparison, ns, batch, bold),
    ].join('\n'),
  );
  return EXIT.holds;
}

export function costCommand(io: Io, setCode: SetCode): Command {
  return new Command('cost')
    .description("count the messages and message delays of one fault-free client request, beside the literature's closed forms")
    .argument('<protocol>', `a protocol with a cost model: ${allProtocols().filter((p) => p.cost !== undefined).map((p) => p.name).join(', ')}`)
    .option('--n <sizes>', `cluster sizes n, comma-separated (whole numbers up to ${MAX_COST_N})`, '3,5,7,9')
    .option('--variant <name>', 'measure one protocol variant (default: every variant)')
    .addOption(new Option('--batch <k>', 'k client requests, ordered as one batch (1..64)').argParser(integer(1, 64)).default(1))
    .option('--json', 'print the figures as JSON')
    .addHelpText(
      'after',
      [
        '',
        'Runs one fault-free execution per n under a fixed synchronous schedule (every message in',
        'flight is delivered each round, in the order sent) and prints, per n: network messages,',
        "the literature's closed form and the difference, messages sent/received per role and by",
        "the leader's host, the leader's share of all message handlings, and the message delays",
        "(longest causal chain) until the client has its reply, beside the literature's delays and",
        'the difference, and until every replica has it.',
        'Messages between roles on one host (self-addressed) are local calls: not counted, no delay.',
        "Ends with the leader's share compared across every protocol with a cost model.",
      ].join('\n'),
    )
    .action((protocol: string, flags: CostFlags) => {
      setCode(runCost(protocol, flags, io));
    });
}
