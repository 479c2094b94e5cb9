/**
 * `agora list`: every protocol with its sizes, configurations, variants,
 * adversaries, properties and bug variants (with each bug's showcase), then
 * the fault options any protocol takes.
 */
import { Command } from 'commander';
import pc from 'picocolors';
import type { Io } from './cli-io.js';
import { FAULT_OPTIONS, showcaseText } from './cli-options.js';
import { allProtocols } from './registry.js';

/** The names of a list padded to the longest, so that the descriptions line up. */
const column = (names: readonly string[]): number => Math.max(...names.map((x) => x.length));

export function listText(colour: boolean): string {
  const { bold } = pc.createColors(colour);
  const lines: string[] = [];
  for (const p of allProtocols()) {
    lines.push(`${bold(p.name)} — ${p.summary}`);
    lines.push(`  follows: ${p.source}`);
    lines.push(`  sizes:   ${p.parameters.map((x) => `--${x.name} N (${x.description}, ${x.min}..${x.max})`).join('; ')}`);
    lines.push('  configurations:');
    const cw = column(p.configs.map((c) => c.name));
    for (const c of p.configs) {
      const mark = c.name === p.defaultConfig ? ' (default)' : '';
      const adversary = c.adversary !== undefined ? ` adversary ${c.adversary}` : '';
      lines.push(`    ${c.name.padEnd(cw)}  ${p.describeParams(c.params)}${c.faults?.lossy ? ' lossy' : ''}${adversary}${mark} — ${c.description}`);
    }
    if (p.adversaries !== undefined) {
      lines.push('  Byzantine adversaries (--adversary NAME):');
      const aw = column(Object.keys(p.adversaries));
      for (const [name, what] of Object.entries(p.adversaries)) {
        lines.push(`    ${name.padEnd(aw)}  ${what}${name === p.defaultAdversary ? ' (default)' : ''}`);
      }
    }
    if (p.variants !== undefined) {
      lines.push('  variants (--variant NAME):');
      const vw = column(Object.keys(p.variants));
      for (const [name, what] of Object.entries(p.variants)) {
        lines.push(`    ${name.padEnd(vw)}  ${what}${name === p.defaultVariant ? ' (default)' : ''}`);
      }
    }
    lines.push('  properties:');
    const pw = column(p.properties.map((x) => x.name));
    for (const x of p.properties) lines.push(`    ${x.name.padEnd(pw)}  ${x.description}`);
    lines.push('  bug variants (--bug NAME; shown on):');
    const bw = column(Object.keys(p.bugs));
    for (const [name, why] of Object.entries(p.bugs)) lines.push(`    ${name.padEnd(bw)}  [${showcaseText(p, name)}] ${why}`);
    lines.push('');
  }
  lines.push('fault options (any protocol):');
  for (const [flag, what] of FAULT_OPTIONS) lines.push(`  ${flag.padEnd(16)} ${what}`);
  lines.push('');
  lines.push('strategies: --strategy bfs (default; shortest counterexample) | dfs (less memory, no shortest-trace promise)');
  return lines.join('\n');
}

export function listCommand(io: Io): Command {
  return new Command('list')
    .description('list protocols, configurations, properties, bug variants and fault options')
    .action(() => {
      io.out(listText(io.colour ?? pc.isColorSupported));
    });
}
