#!/usr/bin/env node
/**
 * Merges a Stryker run over some of a protocol's files into the protocol's
 * report (issue 14): after a change to a few files, only those are mutated
 * again, e.g.
 *
 *   AGORA_MUTATE=raft AGORA_MUTATE_REPORT=raft-part npx stryker run stryker.config.mjs --mutate machines/raft/server.machine.ts
 *   node scripts/merge-mutation-report.mjs raft reports/mutation/raft-part.stryker.json
 *
 * Each file of the partial run replaces that file's entry (its source and
 * mutants) in reports/mutation/<protocol>.stryker.json. Test and mutant ids
 * are numbered per run, so the partial run's are prefixed (`part1:`,
 * `part2:`, ...) and its tests are added to the report's test files: the
 * coverage of each mutant still names the tests that covered it.
 * `recheck-survivors.mjs` then re-checks what survived; the verdicts it kept
 * for the other files still hold (they are keyed by each file's text).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PROTOCOLS } from './mutation/protocols.mjs';

const root = resolve(new URL('..', import.meta.url).pathname);
const [protocol, partFile] = process.argv.slice(2);
if (protocol === undefined || !(protocol in PROTOCOLS) || partFile === undefined) {
  process.stderr.write(`usage: merge-mutation-report.mjs <${Object.keys(PROTOCOLS).join('|')}> <partial stryker json>\n`);
  process.exit(2);
}
const baseFile = join(root, 'reports/mutation', `${protocol}.stryker.json`);
for (const f of [baseFile, partFile]) {
  if (!existsSync(f)) {
    process.stderr.write(`no such report: ${f}\n`);
    process.exit(2);
  }
}
const base = JSON.parse(readFileSync(baseFile, 'utf8'));
const part = JSON.parse(readFileSync(partFile, 'utf8'));

// A prefix no id of the report uses yet.
const used = new Set(Object.values(base.testFiles ?? {}).flatMap((t) => t.tests.map((x) => String(x.id).split(':')[0])));
let n = 1;
while (used.has(`part${n}`)) n++;
const prefix = `part${n}:`;
const renamed = (ids) => (ids === undefined ? undefined : ids.map((id) => `${prefix}${id}`));

const replaced = [];
for (const [file, entry] of Object.entries(part.files)) {
  if (!PROTOCOLS[protocol].mutate.some((glob) => file.startsWith(glob.slice(0, glob.lastIndexOf('/') + 1)))) {
    process.stderr.write(`${file} is not one of ${protocol}'s files\n`);
    process.exit(2);
  }
  base.files[file] = {
    ...entry,
    mutants: entry.mutants.map((m) => ({ ...m, id: `${prefix}${m.id}`, coveredBy: renamed(m.coveredBy), killedBy: renamed(m.killedBy) })),
  };
  replaced.push(`${file} (${entry.mutants.length} mutants)`);
}
base.testFiles ??= {};
for (const [file, entry] of Object.entries(part.testFiles ?? {})) {
  const tests = entry.tests.map((t) => ({ ...t, id: `${prefix}${t.id}` }));
  base.testFiles[file] = base.testFiles[file] === undefined ? { ...entry, tests } : { ...base.testFiles[file], tests: [...base.testFiles[file].tests, ...tests] };
}
writeFileSync(baseFile, `${JSON.stringify(base)}\n`);
process.stdout.write(`merged into ${baseFile}: ${replaced.join(', ')}\n`);
