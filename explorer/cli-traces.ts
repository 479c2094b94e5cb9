/**
 * `agora traces <protocol>`: the shortest counterexample of every bug variant
 * (and the protocol's showcases) as one markdown page, the docs' trace pages
 * (`docs-pages.ts`).
 */
import { writeFileSync } from 'node:fs';
import { Command } from 'commander';
import type { Io } from './cli-io.js';
import { bugTracesPage } from './docs-pages.js';
import { allProtocols } from './registry.js';

export function tracesCommand(io: Io): Command {
  return new Command('traces')
    .description('write the shortest counterexample of every bug variant as a markdown page (the docs traces)')
    .argument('<protocol>', `one of: ${allProtocols().map((p) => p.name).join(', ')}`)
    .option('--config <name>', 'a named configuration (default: the protocol default)')
    .option('--out <file>', 'write to this file instead of stdout')
    .action((protocol: string, flags: { config?: string; out?: string }) => {
      const page = bugTracesPage(protocol, flags.config);
      if (flags.out !== undefined) writeFileSync(flags.out, page);
      else io.out(page);
    });
}
