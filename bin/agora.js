#!/usr/bin/env node
// The `agora` command: runs the compiled CLI (built by `npm run build`, which `npm ci` runs through `prepare`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/explorer/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write("agora: the CLI is not built yet; run 'npm run build' (npm ci does it for you)\n");
  process.exit(2);
}
// A reader that stops early (`agora check ... | head`) closes the pipe: stop quietly, as other tools do.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
// Ctrl-C while the CLI loads is kept for `agora check` to act on (explorer/signals.ts).
const { holdSignals } = await import(new URL('../dist/explorer/signals.js', import.meta.url).href);
holdSignals();
const { main } = await import(cli.href);
process.exitCode = await main(process.argv.slice(2));
