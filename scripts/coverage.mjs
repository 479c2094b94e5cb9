#!/usr/bin/env node
/**
 * `npm run coverage -- <protocol>`: line and branch coverage (V8, through
 * @vitest/coverage-v8) of one protocol's spec/ and machines/ files by the
 * fast test list that `npm run mutate` runs for it
 * (scripts/mutation/protocols.mjs). Uncovered code is what every mutant
 * survives, so this is the quick first look before a mutation run: seconds
 * instead of half an hour. Writes a text summary to stdout and
 * reports/coverage/<protocol>/ (HTML and JSON).
 * `--all-tests` runs the protocol's re-check list (the slow files) too.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { PROTOCOLS } from './mutation/protocols.mjs';

const args = process.argv.slice(2);
const protocol = args.find((a) => !a.startsWith('-'));
if (protocol === undefined || !(protocol in PROTOCOLS)) {
  process.stderr.write(`usage: npm run coverage -- <protocol> [--all-tests]; protocol: one of ${Object.keys(PROTOCOLS).join(', ')}\n`);
  process.exit(2);
}
const targets = PROTOCOLS[protocol];
const dirsOf = (patterns) => patterns.map((p) => p.replace(/\/\*\*\/\*\.test\.ts$/, '/')).filter((p) => existsSync(p));
const tests = dirsOf([...targets.tests, ...(args.includes('--all-tests') ? targets.recheck : [])]);
const include = [`spec/${protocol}/**`, `machines/${protocol}/**`];
const run = spawnSync(
  'npx',
  [
    'vitest',
    'run',
    '--coverage.enabled',
    '--coverage.provider=v8',
    ...include.map((i) => `--coverage.include=${i}`),
    '--coverage.exclude=**/index.ts',
    '--coverage.reporter=text',
    '--coverage.reporter=html',
    '--coverage.reporter=json-summary',
    `--coverage.reportsDirectory=reports/coverage/${protocol}`,
    ...tests,
  ],
  { stdio: 'inherit' },
);
process.exit(run.status ?? 1);
