#!/usr/bin/env node
/**
 * Re-checks Stryker's surviving mutants with a plain vitest run, then writes
 * the mutation report of a protocol (issue 14).
 *
 * Why: Stryker's vitest runner reports a mutant as survived when it makes a
 * test file throw while it loads (a broken machine definition, a config
 * table that no longer parses); vitest itself fails such a run. So each
 * survivor (and each mutant no test of the fast subset covers) is applied
 * to a private copy of the project and the protocol's tests are run there
 * with `vitest run --bail 1`: a failing run is a kill. With `--deep` the
 * slow files of the protocol (`recheck` in protocols.mjs) run too, for the
 * mutants still alive after the fast files and for those no fast test covers.
 *
 * Mutants listed in scripts/mutation/equivalent.json (file, mutator, the
 * original text and its replacement, and the reason) are equivalent: they
 * are reported with their reason and left out of the score.
 *
 * With `--static`, the static mutants a `--ignoreStatic` run left out (those
 * executed only while modules load: configuration tables, bug texts,
 * machine definitions) are run the same way, and then count in the score.
 *
 * Each mutant runs first on the quick cross-protocol files (`QUICK` in
 * protocols.mjs: the registry's golden texts, pinned counts and size checks,
 * which kill most static mutants in a few seconds), then on every fast file
 * when those pass (not only on the files whose tests covered it in the
 * Stryker run: tests added since would be missed), then with `--deep` on
 * the slow files. The copy links the project's dist/, unmutated, for tests
 * that start compiled worker threads: those can miss a kill, never invent
 * one. `--file F` limits the re-check to one mutated file,
 * `--tests a,b` runs those test files instead of the protocol's fast ones (a
 * narrower list can only under-count kills). `--again` re-runs the mutants
 * an earlier re-check left alive (after new tests). `--concurrency N` (default 1)
 * runs N mutants at once, each in its own copy of the project.
 *
 * A mutant is applied to the source Stryker mutated. When a file has changed
 * since the Stryker run, its mutants are not re-checked (the copy would mix
 * old code with new tests): the script stops and says which files to mutate
 * again (`scripts/merge-mutation-report.mjs` merges such a partial run).
 *
 * Usage: node scripts/recheck-survivors.mjs <protocol> [--deep] [--static] [--file F] [--tests a,b] [--name N] [--no-recheck]
 *        [--again] [--concurrency N] [--report <stryker json>] [--stryker-minutes=N]
 * Writes reports/mutation/<protocol>.md and reports/mutation/<protocol>.json.
 * NOTE: the copy lives under the OS temp directory and never touches the
 *   working tree, which other people edit and test while this runs.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PROTOCOLS, QUICK } from './mutation/protocols.mjs';

const root = resolve(new URL('..', import.meta.url).pathname);
const args = process.argv.slice(2);
const protocol = args.find((a) => !a.startsWith('-') && a in PROTOCOLS);
if (protocol === undefined) {
  process.stderr.write(`usage: recheck-survivors.mjs <${Object.keys(PROTOCOLS).join('|')}> [--deep] [--no-recheck] [--report FILE]\n`);
  process.exit(2);
}
const option = (name) => {
  const i = args.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (i < 0) return undefined;
  const a = args[i];
  return a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[i + 1];
};
const deep = args.includes('--deep');
const withStatic = args.includes('--static');
const recheck = !args.includes('--no-recheck');
/** The report's base name (default: the protocol), e.g. `synod-rest` for a run with AGORA_MUTATE_REPORT=synod-rest. */
const name = option('--name') ?? protocol;
const reportFile = option('--report') ?? join(root, 'reports/mutation', `${name}.stryker.json`);
const strykerMinutes = option('--stryker-minutes');
const targets = PROTOCOLS[protocol];

/** 1-based line/column → offset in `source`. */
function offsetOf(source, { line, column }) {
  let off = 0;
  for (let l = 1; l < line; l++) off = source.indexOf('\n', off) + 1;
  return off + column - 1;
}

/** The original text a mutant replaces. */
function originalOf(source, m) {
  return source.slice(offsetOf(source, m.location.start), offsetOf(source, m.location.end));
}

/** The file's source with the mutant applied. */
function mutated(source, m) {
  return source.slice(0, offsetOf(source, m.location.start)) + m.replacement + source.slice(offsetOf(source, m.location.end));
}

const equivalents = JSON.parse(readFileSync(join(root, 'scripts/mutation/equivalent.json'), 'utf8'));
const squash = (s) => s.replace(/\s+/g, ' ').trim();
/**
 * An entry matches a mutant by file, mutator, original text and replacement;
 * one whose text is common (`false`, `[]`) also names `context`: the mutant's
 * source line must contain one of these snippets.
 */
function equivalentReason(file, m, original, lineText) {
  const inContext = (e) => e.context === undefined || (Array.isArray(e.context) ? e.context : [e.context]).some((c) => squash(lineText).includes(squash(c)));
  const hit = equivalents.find((e) => e.file === file && e.mutator === m.mutatorName && squash(e.original) === squash(original) && squash(e.replacement) === squash(m.replacement) && inContext(e));
  return hit?.reason;
}

/**
 * A private copy of the project (node_modules linked), where one mutant at a time is applied: every
 * top-level entry but the generated ones, so that whatever a test imports or reads is there (a copy
 * without runtime/ once made every test that loads the CLI fail, which counted every mutant as killed;
 * the baseline runs below now guard against that).
 */
function makeSandbox() {
  const dir = mkdtempSync(join(tmpdir(), `agora-recheck-${protocol}-`));
  const skip = new Set(['node_modules', 'dist', '.stryker-tmp', 'reports', '.git']);
  for (const entry of readdirSync(root)) {
    if (skip.has(entry)) continue;
    cpSync(join(root, entry), join(dir, entry), { recursive: true, filter: (src) => !skip.has(src.split('/').pop() ?? '') });
  }
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  // The compiled tree, unmutated, for the tests that start worker threads or the CLI from dist/: what runs
  // there is the original code, so such a test can only miss a kill, never make one up.
  if (existsSync(join(root, 'dist'))) symlinkSync(join(root, 'dist'), join(dir, 'dist'), 'dir');
  return dir;
}

/** Runs vitest on `files` in `dir`: { failed, loadError, timedOut, output }. */
function runVitest(dir, files, env = {}) {
  return new Promise((done) => {
    // Transformed modules are cached on disk (keyed by their text): each run re-transforms only the mutated file.
    // The suite's own test timeout stays: a shorter one failed a slow PBFT test on the unmutated copy under load.
    const child = spawn('npx', ['vitest', 'run', '--bail', '1', '--reporter', 'dot', '--experimental.fsModuleCache', ...files], {
      cwd: dir,
      env: { ...process.env, AGORA_SEED: process.env['AGORA_SEED'] ?? '20261127', FORCE_COLOR: '0', NODE_OPTIONS: '--max-old-space-size=3072', ...env },
      detached: true,
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    let timedOut = false;
    // A run that takes minutes where the fast files take seconds: the mutant made a search run away
    // (synchronous code, which vitest's per-test timeout cannot stop). Counted as a kill, as Stryker counts its timeouts.
    const timer = setTimeout(() => {
      timedOut = true;
      // The whole group: npx, vitest and vitest's workers.
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
    }, 2 * 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      const loadError = /Failed Suites|Failed to load|failed to (load|import)|Error: .*\n\s+at .*\.ts:\d+:\d+\n(?![\s\S]*✓)/.test(output) && /FAIL\s+\S+\.test\.ts \[/.test(output);
      done({ failed: timedOut || code !== 0, loadError, timedOut, output });
    });
  });
}

/** Expands the protocol's globs to the test files that exist. */
function testFiles(patterns) {
  return patterns.map((p) => p.replace(/\/\*\*\/\*\.test\.ts$/, '/')).filter((p) => existsSync(join(root, p)));
}

const report = JSON.parse(readFileSync(reportFile, 'utf8'));
const rows = [];
for (const [file, data] of Object.entries(report.files)) {
  for (const m of data.mutants) {
    const original = originalOf(data.source, m);
    const lineText = data.source.split('\n')[m.location.start.line - 1] ?? '';
    rows.push({ file, id: m.id, mutator: m.mutatorName, line: m.location.start.line, lineText, original, replacement: m.replacement, stryker: m.status, status: m.status, static: m.static === true, how: '' });
  }
}

const onlyFile = option('--file');
/** Still alive after Stryker: survivors; uncovered ones only with --deep (no fast test runs them); static ones only with --static. */
const alive = (r) => r.status === 'Survived' || r.status === 'NoCoverage' || (r.status === 'Ignored' && r.static && withStatic);
const recheckable = (r) =>
  (onlyFile === undefined || r.file === onlyFile) &&
  (r.status === 'Survived' || (r.status === 'NoCoverage' && deep) || (r.status === 'Ignored' && r.static && withStatic));
for (const r of rows) {
  const reason = equivalentReason(r.file, { mutatorName: r.mutator, replacement: r.replacement }, r.original, r.lineText);
  if (reason !== undefined && alive(r)) Object.assign(r, { status: 'Equivalent', how: reason });
}

// Verdicts of earlier re-checks of the same mutants (same file text, place and replacement), so that
// a re-check can be run in parts (`--file`, `--static`) and each part adds to the report.
const memoFile = join(root, 'reports/mutation', `${protocol}.recheck.json`);
const memo = existsSync(memoFile) ? JSON.parse(readFileSync(memoFile, 'utf8')) : {};
const hashes = new Map(Object.entries(report.files).map(([f, d]) => [f, createHash('sha1').update(d.source).digest('hex').slice(0, 12)]));
const keyOf = (r) => `${r.file}@${hashes.get(r.file)}:${r.line}:${r.mutator}:${r.replacement}:${r.original}`;
// `--again`: the survivors of earlier re-checks are run again (tests were added since).
const again = args.includes('--again');
if (again)
  for (const [k, v] of Object.entries(memo)) if ((v.status === 'Survived' || v.status === 'NoCoverage') && (onlyFile === undefined || k.startsWith(`${onlyFile}@`))) delete memo[k];
for (const r of rows) {
  const known = memo[keyOf(r)];
  if (known !== undefined && (alive(r) || r.status === 'Ignored')) Object.assign(r, known);
}

const started = Date.now();
if (recheck) {
  const candidates = rows.filter((r) => recheckable(r) && memo[keyOf(r)] === undefined);
  // A file changed since the Stryker run: its mutants would be applied to old code, next to new tests.
  const stale = [...new Set(candidates.map((r) => r.file))].filter((f) => readFileSync(join(root, f), 'utf8') !== report.files[f].source);
  if (stale.length > 0) {
    process.stderr.write(
      `${stale.join(', ')} changed since the Stryker run of ${reportFile}: mutate ${stale.length === 1 ? 'it' : 'them'} again ` +
        `(AGORA_MUTATE=${protocol} AGORA_MUTATE_REPORT=${protocol}-part npx stryker run stryker.config.mjs --mutate ${stale.join(',')}), ` +
        `then node scripts/merge-mutation-report.mjs ${protocol} reports/mutation/${protocol}-part.stryker.json\n`,
    );
    process.exit(2);
  }
  const only = option('--tests');
  const fast = only !== undefined ? only.split(',') : testFiles(targets.tests);
  const quick = only !== undefined ? [] : testFiles(QUICK);
  const slow = testFiles(targets.recheck);
  const concurrency = Math.max(1, Number(option('--concurrency') ?? 1));
  process.stdout.write(`re-checking ${candidates.length} surviving or uncovered mutants of ${protocol} with vitest (${fast.length} fast test paths${deep ? `, then ${slow.length} slow` : ''}; ${concurrency} at a time)\n`);
  mkdirSync(join(root, 'reports/mutation'), { recursive: true });
  const dirs = Array.from({ length: Math.min(concurrency, Math.max(1, candidates.length)) }, makeSandbox);
  const cleanUp = () => dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
  process.once('SIGINT', () => {
    cleanUp();
    process.exit(130);
  });
  // Every list a mutant may run must pass on the unmutated copy: otherwise each mutant would count as killed.
  // A list that passed on this very tree (commit and uncommitted changes) is not run again.
  const tree = (() => {
    const git = (a) => spawnSync('git', a, { cwd: root, encoding: 'utf8' }).stdout ?? '';
    // The code and the tests (not docs/, which no listed test reads).
    const paths = ['--', '.', ':!docs', ':!README.md'];
    const committed = git(['ls-tree', 'HEAD']).split('\n').filter((l) => !/\t(docs|README\.md)$/.test(l)).join('\n');
    return createHash('sha1').update(committed).update(git(['diff', 'HEAD', ...paths])).update(git(['status', '--porcelain', ...paths])).digest('hex').slice(0, 16);
  })();
  // The lists a mutant runs, in order, until one fails: the quick files (only this protocol's pinned
  // configurations: a mutant of its files cannot move the others'), every fast file (not only those whose
  // tests covered the mutant in the Stryker run: tests added since would be missed), and with --deep the slow ones.
  const stages = [
    ['quick', quick, { AGORA_MUTATED_PROTOCOL: protocol }],
    ['fast', fast, {}],
    ...(deep ? [['slow', slow, {}]] : []),
  ].filter(([, files]) => files.length > 0);
  if (candidates.length > 0) {
    for (const [what, files, env] of stages) {
      const baseKey = `baseline:${tree}:${what}:${files.join(',')}`;
      if (memo[baseKey]?.status === 'Passed') continue;
      const base = await runVitest(dirs[0], files, env);
      if (base.failed) {
        cleanUp();
        process.stderr.write(`the ${what} tests fail on the unmutated copy of the project, so no mutant can be judged:\n${base.output.slice(-4000)}\n`);
        process.exit(1);
      }
      memo[baseKey] = { status: 'Passed', how: 'the unmutated copy passes this list' };
      writeFileSync(memoFile, `${JSON.stringify(memo, null, 1)}\n`);
    }
  }
  let next = 0;
  let finished = 0;
  /** One sandbox's loop: takes the next candidate until none is left. */
  const lane = async (dir) => {
    while (next < candidates.length) {
      const r = candidates[next++];
      const source = report.files[r.file].source;
      const m = report.files[r.file].mutants.find((x) => x.id === r.id);
      if (r.status === 'Ignored') r.status = 'Survived'; // a static mutant, counted from now on
      writeFileSync(join(dir, r.file), mutated(source, m));
      let run;
      let stage = '';
      for (const [what, files, env] of stages) {
        run = await runVitest(dir, files, env);
        stage = `${what} tests`;
        if (run.failed) break;
      }
      writeFileSync(join(dir, r.file), source);
      if (run.failed) {
        r.status = 'Killed';
        r.how = run.timedOut ? `timed out on re-check (${stage})` : run.loadError ? `a test file failed to load (${stage})` : `killed on re-check (${stage})`;
      }
      memo[keyOf(r)] = { status: r.status, how: r.how };
      writeFileSync(memoFile, `${JSON.stringify(memo, null, 1)}\n`);
      finished++;
      process.stdout.write(`  [${finished}/${candidates.length}] ${r.file}:${r.line} ${r.mutator} ${r.status === 'Killed' ? `killed: ${r.how}` : 'survives'}\n`);
    }
  };
  try {
    await Promise.all(dirs.map(lane));
  } finally {
    cleanUp();
  }
}

// Scores per file: killed (timeouts count as killed) over the mutants that count (not equivalent, not ignored).
const files = [...new Set(rows.map((r) => r.file))].sort();
const KILLED = new Set(['Killed', 'Timeout', 'RuntimeError', 'CompileError']);
function tally(rs) {
  const counted = rs.filter((r) => r.status !== 'Equivalent' && r.status !== 'Ignored');
  const killed = counted.filter((r) => KILLED.has(r.status)).length;
  return {
    mutants: rs.length,
    killed,
    killedOnRecheck: rs.filter((r) => KILLED.has(r.status) && !KILLED.has(r.stryker)).length,
    survived: counted.filter((r) => r.status === 'Survived').length,
    noCoverage: counted.filter((r) => r.status === 'NoCoverage').length,
    equivalent: rs.filter((r) => r.status === 'Equivalent').length,
    ignoredStatic: rs.filter((r) => r.status === 'Ignored').length,
    score: counted.length === 0 ? 100 : Math.round((1000 * killed) / counted.length) / 10,
  };
}
const perFile = Object.fromEntries(files.map((f) => [f, tally(rows.filter((r) => r.file === f))]));
const total = tally(rows);
// Not the static mutants a run left out: they are not run yet, not survivors.
const survivors = rows.filter((r) => r.status === 'Survived' || r.status === 'NoCoverage');
const outDir = join(root, 'reports/mutation');
mkdirSync(outDir, { recursive: true });
const summary = {
  protocol,
  date: new Date().toISOString(),
  strykerMinutes: strykerMinutes === undefined ? null : Number(strykerMinutes),
  recheckMinutes: Math.round((Date.now() - started) / 6000) / 10,
  deep,
  total,
  perFile,
  survivors: survivors.map(({ file, line, mutator, original, replacement, status }) => ({ file, line, mutator, original, replacement, status })),
  equivalent: rows.filter((r) => r.status === 'Equivalent').map(({ file, line, mutator, original, replacement, how }) => ({ file, line, mutator, original, replacement, reason: how })),
  killedOnRecheck: rows.filter((r) => KILLED.has(r.status) && !KILLED.has(r.stryker)).map(({ file, line, mutator, how }) => ({ file, line, mutator, how })),
};
writeFileSync(join(outDir, `${name}.json`), `${JSON.stringify(summary, null, 2)}\n`);

const clip = (s) => squash(s).replace(/\|/g, '\\|').slice(0, 70);
const md = [
  `# Mutation report: ${name}`,
  '',
  `Generated by \`npm run mutate -- ${protocol}\` on ${summary.date}${summary.strykerMinutes !== null ? ` (Stryker ${summary.strykerMinutes} min, ` : ' ('}re-check ${summary.recheckMinutes} min${deep ? ', deep' : ''}).`,
  `Score = killed (timeouts and kills found on re-check included) / mutants, leaving out equivalent mutants${
    total.ignoredStatic > 0 ? ` and the ${total.ignoredStatic} static mutants not run yet (\`--static\` runs them)` : '; static mutants (code run while modules load) count, run by `--static`'
  }.`,
  '',
  '| file | mutants | killed | of which on re-check | survived | no coverage | equivalent | ignored (static) | score |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...files.map((f) => {
    const t = perFile[f];
    return `| ${f} | ${t.mutants} | ${t.killed} | ${t.killedOnRecheck} | ${t.survived} | ${t.noCoverage} | ${t.equivalent} | ${t.ignoredStatic} | ${t.score}% |`;
  }),
  `| **total** | ${total.mutants} | ${total.killed} | ${total.killedOnRecheck} | ${total.survived} | ${total.noCoverage} | ${total.equivalent} | ${total.ignoredStatic} | **${total.score}%** |`,
  '',
  `## Survivors (${survivors.length})`,
  '',
  ...(survivors.length === 0 ? ['None.'] : ['| file:line | mutator | original | replacement | status |', '|---|---|---|---|---|', ...survivors.map((r) => `| ${r.file}:${r.line} | ${r.mutator} | \`${clip(r.original)}\` | \`${clip(r.replacement)}\` | ${r.status} |`)]),
  '',
  `## Equivalent mutants (${summary.equivalent.length})`,
  '',
  ...(summary.equivalent.length === 0 ? ['None.'] : summary.equivalent.map((e) => `- ${e.file}:${e.line} ${e.mutator} \`${clip(e.original)}\` → \`${clip(e.replacement)}\`: ${e.reason}`)),
  '',
];
writeFileSync(join(outDir, `${name}.md`), md.join('\n'));
process.stdout.write(`${protocol}: ${total.score}% killed (${total.killed} of ${total.mutants - total.equivalent - total.ignoredStatic}), ${survivors.length} survivors; reports/mutation/${name}.md\n`);
