/**
 * One rule for every command that prints a report (check, simulate): when
 * stdout carries a machine-readable document (--json, --trace json|mermaid|itf),
 * stdout holds exactly that document and the human report goes to stderr;
 * otherwise the report and a text trace go to stdout and stderr stays empty.
 * Flags that would silently drop each other are refused: one line, exit 2.
 * The documents are pinned in test/cli/__golden__/ (deterministic: BFS, fixed seeds);
 * the full text report carries timings, so it is matched, not pinned.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const VERDICT = 'synod synod-s: P=2 A=3 R=1 · bug own-value · faults: none · network multiset · bfs: violated';
const own = ['check', 'synod', '--bug', 'own-value'];

describe('agora check: stdout and stderr of each combination', () => {
  it('no format flag: the report and the text trace on stdout, nothing on stderr', async () => {
    for (const extra of [[], ['--trace', 'text']]) {
      const r = await runCli(...own, ...extra);
      expect(r.code).toBe(1);
      expect(r.err).toBe('');
      expect(r.out).toMatch(/^synod synod-s: .*\n\n {2}agreement VIOLATED/);
      expect(r.out).toMatch(/Counterexample: agreement is violated after 18 steps/);
    }
  });

  it('--quiet: the verdict line and the text trace on stdout', async () => {
    const r = await runCli(...own, '--quiet');
    expect(r.code).toBe(1);
    expect(r.err).toBe('');
    expect(r.out.split('\n')[0]).toBe(VERDICT);
    await expect(r.out).toMatchFileSnapshot('./__golden__/check-own-value-quiet.txt');
  });

  for (const [format, file] of [
    ['json', 'check-own-value.trace.json'],
    ['mermaid', 'check-own-value.mmd'],
    ['itf', 'check-own-value.itf.json'],
  ] as const) {
    it(`--trace ${format}: exactly the document on stdout, the report on stderr`, async () => {
      const full = await runCli(...own, '--trace', format);
      expect(full.code).toBe(1);
      expect(full.err).toMatch(/^synod synod-s: .*\n\n {2}agreement VIOLATED/);
      expect(full.err).toMatch(/shortest counterexample below/);
      expect(full.err).not.toMatch(/Counterexample:|sequenceDiagram|"format"/);
      await expect(full.out).toMatchFileSnapshot(`./__golden__/${file}`);
      if (format === 'mermaid') expect(full.out.startsWith('sequenceDiagram\n')).toBe(true);
      else expect(JSON.stringify(JSON.parse(full.out), null, 2)).toBe(full.out);

      const quiet = await runCli(...own, '--trace', format, '--quiet');
      expect(quiet.code).toBe(1);
      expect(quiet.err).toBe(VERDICT);
      expect(quiet.out).toBe(full.out);
    });
  }

  it('--json: one JSON document on stdout, with the trace and its system inside; nothing on stderr', async () => {
    const r = await runCli(...own, '--json');
    expect(r.code).toBe(1);
    expect(r.err).toBe('');
    const doc = JSON.parse(r.out) as { status: string; trace: { format: string; steps: unknown[]; system: { config: string; bug: string } } };
    expect(doc.status).toBe('violated');
    expect(doc.trace.format).toBe('agora-trace/1');
    expect(doc.trace.steps).toHaveLength(18);
    expect(doc.trace.system).toMatchObject({ config: 'synod-s', bug: 'own-value' });
  });

  it('a document format and no counterexample: stdout is empty, the report on stderr', async () => {
    const r = await runCli('check', 'synod', '--config', 'synod-xs', '--trace', 'json');
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/all properties hold: the search is exhaustive/);
  });

  for (const [flags, message] of [
    [['--json', '--trace', 'mermaid'], 'agora: --json prints one JSON document, with any trace inside it (agora-trace/1): drop --trace mermaid'],
    [['--json', '--trace', 'itf'], 'agora: --json prints one JSON document, with any trace inside it (agora-trace/1): drop --trace itf'],
    [['--json', '--trace', 'json'], 'agora: --json prints one JSON document, with any trace inside it (agora-trace/1): drop --trace json'],
    [['--json', '--trace', 'text'], 'agora: --json prints one JSON document, with any trace inside it (agora-trace/1): drop --trace text'],
    [['--json', '--quiet'], 'agora: --json prints the whole report as one document: drop --quiet'],
  ] as const) {
    it(`${flags.join(' ')} is refused: one line, exit 2, nothing on stdout`, async () => {
      const r = await runCli(...own, ...flags);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toBe(message);
    });
  }
});

describe('agora simulate: the same rule', () => {
  const sim = ['simulate', 'synod', '--bug', 'own-value', '--seed', '1', '--runs', '300', '--workers', '0'];

  it('no format flag: the report and the text trace on stdout', async () => {
    const r = await runCli(...sim);
    expect(r.code).toBe(1);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/agreement VIOLATED/);
    expect(r.out).toMatch(/Counterexample: agreement is violated after \d+ steps/);
  });

  for (const format of ['json', 'itf', 'mermaid'] as const) {
    it(`--trace ${format}: exactly the document on stdout, the report on stderr`, async () => {
      const r = await runCli(...sim, '--trace', format);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/^synod synod-s: .*random simulation\n\n {2}agreement VIOLATED/);
      expect(r.err).not.toMatch(/Counterexample:|sequenceDiagram|"format"/);
      if (format === 'mermaid') expect(r.out.startsWith('sequenceDiagram\n')).toBe(true);
      else expect(JSON.stringify(JSON.parse(r.out), null, 2)).toBe(r.out);
    });
  }

  it('--json: one document on stdout, nothing on stderr', async () => {
    const r = await runCli(...sim, '--json');
    expect(r.code).toBe(1);
    expect(r.err).toBe('');
    expect((JSON.parse(r.out) as { status: string }).status).toBe('violated');
  });

  it('--json --trace itf is refused: one line, exit 2', async () => {
    const r = await runCli(...sim, '--json', '--trace', 'itf');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe('agora: --json prints one JSON document, with any trace inside it (agora-trace/1): drop --trace itf');
  });
});
