/**
 * Stryker mutation testing of spec/ and machines/ (issue 14), run by
 * `npm run mutate [-- <protocol>...]` (scripts/mutate.mjs), never by
 * `npm test`: a protocol takes minutes to tens of minutes. AGORA_MUTATE
 * names the protocols (default: all); scripts/mutation/protocols.mjs says
 * which files each mutates and which tests run.
 */
import { PROTOCOLS, reportName, selectedProtocols } from './scripts/mutation/protocols.mjs';

const protocols = selectedProtocols();
/** AGORA_MUTATE_REPORT names the report instead (e.g. for a run over some of the files with `--mutate`). */
const name = process.env['AGORA_MUTATE_REPORT'] ?? reportName(protocols);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.config.ts', related: false },
  coverageAnalysis: 'perTest',
  // Static mutants (run only while modules load) cost a full reload and every test each:
  // over an hour per protocol on two shared cores. `recheck-survivors.mjs --static` runs them with vitest.
  ignoreStatic: true,
  mutate: protocols.flatMap((p) => PROTOCOLS[p].mutate),
  testFiles: [...new Set(protocols.flatMap((p) => PROTOCOLS[p].tests))],
  ignorePatterns: ['dist', 'reports', 'docs'],
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: `reports/mutation/${name}.stryker.json` },
  clearTextReporter: { allowEmojis: false, logTests: false, reportScoreTable: true },
  concurrency: 1,
  timeoutMS: 10_000,
  dryRunTimeoutMinutes: 10,
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  thresholds: { high: 90, low: 80, break: null },
};
