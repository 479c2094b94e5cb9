/**
 * The `agora` command: every exit code, the summary a user sees, and one
 * clear line (no stack trace) for each kind of bad input. Most cases run
 * `main()` in-process; a few spawn the real binary as a user would.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const run = runCli;

describe('agora check: exit codes', () => {
  it('0 and both verdicts when the properties hold', async () => {
    const r = (await run('check', 'synod', '--config', 'synod-xs'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^\s+agreement holds$/m);
    expect(r.out).toMatch(/^\s+validity\s+holds$/m);
    expect(r.out).toMatch(/distinct states\s+[\d,]+/);
    expect(r.out).toMatch(/bytes\/state/);
    expect(r.out).toMatch(/hits/);
  });

  it('1 and a shortest trace when a property is violated', async () => {
    const r = (await run('check', 'synod', '--bug', 'own-value'));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/agreement\s+VIOLATED/);
    expect(r.out).toMatch(/Counterexample: agreement is violated after 18 steps/);
    expect(r.out).toMatch(/p0 times out: ballot 1/);
    expect(r.out).toMatch(/deliver Promise\(b=\d, a\d→p\d, voted/);
    expect(r.out).toMatch(/shortest counterexample below/);
  });

  it('with --no-shortest, the partial-order reduction\'s trace is kept and the report says it may be longer', async () => {
    const r = (await run('check', 'synod', '--bug', 'own-value', '--no-shortest'));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/may be longer than the shortest/);
    const steps = Number(/violated after (\d+) steps/.exec(r.out)?.[1]);
    expect(steps).toBeGreaterThanOrEqual(18);
    // Without the reduction, BFS gives the shortest again.
    expect((await run('check', 'synod', '--bug', 'own-value', '--por', 'off')).out).toMatch(/violated after 18 steps/);
  });

  it('reductions are on by default where the protocol declares them, and the report names them', async () => {
    const r = (await run('check', 'synod'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/symmetry\s+on: a0, a1, a2 interchangeable \(6 permutations\)/);
    expect(r.out).toMatch(/partial order\s+on:/);
    const off = (await run('check', 'synod', '--symmetry', 'off', '--por', 'off'));
    expect(off.out).toMatch(/distinct states\s+158,458/);
    expect(off.out).not.toMatch(/symmetry\s+on/);
    const states = (out: string) => Number(/distinct states\s+([\d,]+)/.exec(out)?.[1]?.replace(/,/g, ''));
    expect(states(r.out)).toBeLessThan(158_458 / 6);
    expect((await run('check', 'synod', '--symmetry', 'on', '--por', 'off')).out).not.toMatch(/partial order/);
  });

  it('a configuration whose adversary learns runs with the defaults (symmetry is left off there)', async () => {
    const r = (await run('check', 'pbft', '--config', 'pbft-replay', '--quiet'));
    expect(r.code).toBe(0);
    expect((await run('check', 'pbft', '--config', 'pbft-replay', '--symmetry', 'on')).code).toBe(2);
  });

  it('--network fifo and set run, and set refuses loss', async () => {
    expect((await run('check', 'synod', '--config', 'synod-xs', '--network', 'fifo')).out).toMatch(/network fifo/);
    expect((await run('check', 'synod', '--config', 'synod-xs', '--network', 'set')).code).toBe(0);
    const bad = (await run('check', 'synod', '--network', 'set', '--lossy'));
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/no meaning on the set network/);
  });

  it('3, naming the limit, and never "holds" when a limit stops the search', async () => {
    for (const [flag, value, name] of [
      ['--max-states', '1000', '--max-states'],
      ['--max-depth', '5', '--max-depth'],
    ] as const) {
      const r = (await run('check', 'synod', flag, value));
      expect(r.code).toBe(3);
      expect(r.out).toContain(`stopped by ${name}`);
      expect(r.out).not.toMatch(/\bholds\b/);
      expect(r.out).toMatch(/not established/);
    }
  });

  it('3 when the time limit stops a search that cannot finish in time', async () => {
    const r = (await run('check', 'synod', '--config', 'synod-m', '--max-seconds', '1', '--quiet'));
    expect(r.code).toBe(3);
    expect(r.out).toContain('stopped by --max-seconds');
  });

  it('3 when the memory ceiling is already exceeded', async () => {
    const r = (await run('check', 'synod', '--config', 'synod-s', '--max-memory', '64', '--quiet'));
    expect(r.code).toBe(3);
    expect(r.out).toContain('stopped by --max-memory');
  });

  it('another fingerprint seed explores the same state space', async () => {
    const counts = async (seed: string) => {
      const r = JSON.parse((await run('check', 'synod', '--config', 'synod-s', '--seed', seed, '--json', '--symmetry', 'off', '--por', 'off')).out) as { stats: { states: number; transitions: number } };
      return [r.stats.states, r.stats.transitions];
    };
    expect(await counts('1')).toEqual([158_458, 756_708]);
    expect(await counts('4242')).toEqual([158_458, 756_708]);
  });

  it('a depth bound deep enough to cover the state space still finishes', async () => {
    expect((await run('check', 'synod', '--config', 'synod-xs', '--max-depth', '100')).code).toBe(0);
  });
});

describe('agora check: bad input is one clear line and exit 2', () => {
  const cases: [string[], RegExp][] = [
    [['check', 'zab'], /unknown protocol 'zab'.*synod/],
    [['check', 'synod', '--config', 'synod-xxl'], /unknown configuration 'synod-xxl'.*synod-s/],
    [['check', 'synod', '--acceptors', '0'], /--acceptors.* from 1 to 9/],
    [['check', 'synod', '--proposers', 'two'], /expected a whole number.*'two'/],
    [['check', 'synod', '--rounds', '-1'], /expected a whole number|unknown option/],
    [['check', 'synod', '--max-states', '1.5'], /expected a whole number/],
    [['check', 'synod', '--bug', 'sloppy'], /unknown bug variant 'sloppy'.*own-value/],
    [['check', 'synod', '--strategy', 'astar'], /--strategy.*bfs, dfs/],
    [['check', 'synod', '--trace', 'svg'], /--trace.*text, json, mermaid/],
    [['check', 'synod', '--frobnicate'], /unknown option '--frobnicate'/],
    [['check', 'synod', '--crashes', '7'], /--crashes 7 exceeds the 6 nodes/],
    [['check'], /missing required argument 'protocol'/],
    [['frob'], /unknown command 'frob'/],
    [['check', 'synod', '--acceptors', '1', '--bug', 'minority-quorum'], /the quorum for 1 acceptors is 0/],
  ];
  for (const [argv, message] of cases) {
    it(argv.join(' '), async () => {
      const r = (await run(...argv));
      if (r.code !== 2) throw new Error(`exit ${r.code}; out: ${r.out}; err: ${r.err}`);
      expect(r.err).toMatch(message);
      expect(r.err.trim().split('\n')).toHaveLength(r.err.includes('Did you mean') ? 2 : 1);
      expect(r.err).not.toMatch(/\bat .*\.(ts|js):\d+/);
    });
  }
});

describe('agora check: output formats', () => {
  it('--json is parseable and carries the verdicts and the figures', async () => {
    const r = (await run('check', 'synod', '--config', 'synod-xs', '--json'));
    const report = JSON.parse(r.out) as { status: string; properties: { name: string; verdict: string }[]; stats: { states: number } };
    expect(report.status).toBe('holds');
    // The invariants, then the deadlock check (on by default; the synod declares its final states).
    expect(report.properties.map((p) => [p.name, p.verdict])).toEqual([
      ['agreement', 'holds'],
      ['validity', 'holds'],
      ['deadlock', 'holds'],
    ]);
    expect(report.stats.states).toBeGreaterThan(0);
  });

  it('--trace json is the documented agora-trace/1 format', async () => {
    const r = (await run('check', 'synod', '--bug', 'forgetful-acceptor', '--trace', 'json'));
    expect(r.code).toBe(1);
    const json = r.out.slice(r.out.indexOf('{'));
    const trace = JSON.parse(json) as { format: string; property: string; steps: { kind: string; node: string; label: string }[] };
    expect(trace.format).toBe('agora-trace/1');
    expect(trace.property).toBe('agreement');
    expect(trace.steps.every((s) => ['environment', 'deliver', 'duplicate', 'drop', 'crash'].includes(s.kind))).toBe(true);
  });

  it('--trace mermaid is a sequence diagram with one participant per node', async () => {
    const r = (await run('check', 'synod', '--bug', 'minority-quorum', '--trace', 'mermaid'));
    expect(r.code).toBe(1);
    const diagram = r.out.slice(r.out.indexOf('sequenceDiagram'));
    expect(diagram.split('\n').filter((l) => l.startsWith('  participant '))).toHaveLength(6);
    expect(diagram).toMatch(/->>l0: .*Accepted/);
    expect(diagram).toMatch(/Note over \w+: agreement violated/);
  });

  it('agora list names protocols, configurations, properties, bug variants and fault options', async () => {
    const r = (await run('list'));
    expect(r.code).toBe(0);
    for (const word of ['synod', 'synod-s', 'synod-lossy-s', 'synod-m', 'synod-l', 'synod-xl', 'agreement', 'validity', 'own-value', 'forgetful-acceptor', 'minority-quorum', '--lossy', '--duplicates', '--crashes']) {
      expect(r.out).toContain(word);
    }
  });
});

describe('the installed binary', () => {
  const bin = fileURLToPath(new URL('../../bin/agora.js', import.meta.url));
  const agora = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

  it('runs the quickstart: agora check synod holds, exit 0', async () => {
    const r = agora('check', 'synod');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/agreement holds/);
    expect(r.stdout).toMatch(/all properties hold: the search is exhaustive/);
  });

  it('exits 1 on a violation, 2 on bad input with one line on stderr', async () => {
    expect(agora('check', 'synod', '--bug', 'own-value', '--quiet').status).toBe(1);
    const bad = agora('check', 'synod', '--acceptors', 'x');
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });
});
