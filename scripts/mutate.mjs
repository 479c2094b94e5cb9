#!/usr/bin/env node
/**
 * `npm run mutate [-- <protocol>...] [-- stryker flags]`: mutation testing of
 * each named protocol's spec/ and machines/ files (all six when none is
 * named), one Stryker run per protocol, then the survivors re-checked with a
 * plain vitest run (scripts/recheck-survivors.mjs), which writes
 * reports/mutation/<protocol>.md and .json.
 * Protocol names come first; the flags after them go to Stryker, e.g.
 * `--concurrency 1` or `--mutate spec/synod/safe-value.ts`.
 * `--no-recheck` skips the re-check (the report then holds Stryker's verdicts).
 * The re-check also runs the static mutants Stryker leaves out (`--static`:
 * code that runs while modules load, where a broken mutant stops a test file
 * from loading; counted as killed), as many at once as Stryker's
 * `--concurrency` (default 1, as in stryker.config.mjs); `--no-static` leaves them out of the score.
 * NOTE: not part of `npm test` or CI: a protocol takes from minutes to half an hour.
 */
import { spawnSync } from 'node:child_process';
import { PROTOCOLS } from './mutation/protocols.mjs';

const args = process.argv.slice(2);
// Protocol names come first; from the first flag on, everything goes to Stryker.
const firstFlag = args.findIndex((a) => a.startsWith('-'));
const names = firstFlag < 0 ? args : args.slice(0, firstFlag);
const protocols = names.filter((a) => a in PROTOCOLS);
const unknown = names.filter((a) => !(a in PROTOCOLS));
if (unknown.length > 0) {
  process.stderr.write(`unknown protocol ${unknown.join(', ')}: one of ${Object.keys(PROTOCOLS).join(', ')}\n`);
  process.exit(2);
}
const flags = firstFlag < 0 ? [] : args.slice(firstFlag);
const recheck = !flags.includes('--no-recheck');
const withStatic = !flags.includes('--no-static');
const strykerArgs = flags.filter((a) => a !== '--no-recheck' && a !== '--no-static');
const c = strykerArgs.findIndex((a) => a === '--concurrency' || a.startsWith('--concurrency='));
const concurrency = c < 0 ? '1' : strykerArgs[c].includes('=') ? strykerArgs[c].split('=')[1] : strykerArgs[c + 1];

let failed = false;
for (const protocol of protocols.length > 0 ? protocols : Object.keys(PROTOCOLS)) {
  const started = Date.now();
  process.stdout.write(`\n== mutate ${protocol}\n`);
  const env = { ...process.env, AGORA_MUTATE: protocol };
  const run = spawnSync('npx', ['stryker', 'run', 'stryker.config.mjs', ...strykerArgs], { stdio: 'inherit', env });
  if (run.status !== 0) {
    failed = true;
    continue;
  }
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  process.stdout.write(`== stryker on ${protocol} took ${minutes} min\n`);
  const re = spawnSync(
    'node',
    ['scripts/recheck-survivors.mjs', protocol, ...(recheck ? [] : ['--no-recheck']), ...(withStatic ? ['--static'] : []), '--concurrency', concurrency, `--stryker-minutes=${minutes}`],
    { stdio: 'inherit', env },
  );
  if (re.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
