/**
 * A CLI whose help is true (issue 13, part 6): `agora check <protocol> --help`
 * lists exactly that protocol's size flags, with its own descriptions and
 * ranges, its configurations, bug variants (each with its showcase), examples
 * and the exit codes; `--version`; `--bug` on bounds that cannot reach the bug
 * switches to its showcase or is refused; the header and JSON name a
 * configuration only when it is used unchanged; the small faults of the issue
 * are one line and exit 2. Help texts and messages are pinned in __golden__/.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROTOCOLS } from '../../machines/index.js';
import { BUG_BOUNDS_CASES } from '../helpers/bug-bounds-cases.js';
import { runCli } from '../helpers/cli.js';

/** The size flags a help text lists (any protocol's sizes, in the order shown). */
const SIZES = new Set(PROTOCOLS.flatMap((p) => p.parameters.map((x) => x.name)));
const sizeFlags = (help: string): string[] => [...help.matchAll(/^ {2}--([a-z0-9-]+) <n>/gm)].map((m) => m[1] as string).filter((f) => SIZES.has(f));

describe('agora check <protocol> --help', () => {
  for (const p of PROTOCOLS) {
    it(`${p.name}: exactly its own size flags, with its ranges; examples and exit codes`, async () => {
      const r = await runCli('check', p.name, '--help');
      expect(r.code).toBe(0);
      expect(sizeFlags(r.out)).toEqual(p.parameters.map((x) => x.name));
      for (const x of p.parameters) expect(r.out.replace(/\s+/g, ' ')).toContain(`${x.description.replace(/\s+/g, ' ')} (${x.min === 0 && x.max === 1 ? '0 or 1' : `${x.min} to ${x.max}`}`);
      for (const bug of Object.keys(p.bugs)) expect(r.out).toMatch(new RegExp(`^ {2}${bug} +${p.bugShowcases[bug]?.config}`, 'm'));
      expect(r.out).toContain('Examples:');
      expect(r.out).toMatch(/^Exit codes:\n {2}0 /m);
      await expect(r.out).toMatchFileSnapshot(`./__golden__/help-check-${p.name}.txt`);
    });
  }

  it('without a protocol: no size flags, and where to find them', async () => {
    const r = await runCli('check', '--help');
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/^ {2}--(proposers|replicas|rounds) /m);
    expect(r.out).toContain("'agora check <protocol> --help' lists them");
    await expect(r.out).toMatchFileSnapshot('./__golden__/help-check.txt');
  });

  it('agora simulate <protocol> --help has the same size flags', async () => {
    const r = await runCli('simulate', 'pbft', '--help');
    expect(sizeFlags(r.out)).toEqual(PROTOCOLS.find((p) => p.name === 'pbft')?.parameters.map((x) => x.name));
  });
});

it('--version prints the package version', async () => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  const r = await runCli('--version');
  expect(r).toEqual({ code: 0, out: pkg.version, err: '' });
});

describe('every bug variant declares its showcase', () => {
  for (const p of PROTOCOLS) {
    it(`${p.name}: a showcase per bug, on a configuration that exists, agreeing with the docs' showcases`, () => {
      expect(Object.keys(p.bugShowcases).sort()).toEqual(Object.keys(p.bugs).sort());
      for (const show of Object.values(p.bugShowcases)) expect(p.configs.map((c) => c.name)).toContain(show.config);
      for (const s of p.showcases ?? []) if (s.replacesBugSection === true && s.bug) expect([s.bug, p.bugShowcases[s.bug]?.config]).toEqual([s.bug, s.config ?? p.defaultConfig]);
    });
  }
});

describe('one clear line and exit 2 for the small faults of issue 13', () => {
  const cases: string[][] = [
    ['check', 'synod', '--proposers', '-1'],
    ['check', 'synod', '--proposers', '0'],
    ['check', 'synod', '--proposers', '10'],
    ['check', 'synod', '--property', 'agreement,'],
    ['check', 'synod', '--property', ','],
    ['check', 'pbft', '--replicas', '4', '--faulty', '2', '--f', '3'],
    ['check', 'synod', '--replicas', '3'],
    ['check', 'synod', '--json', '--quiet'],
    ['check', 'pbft', '--config', 'pbft-tiny', '--bug', 'no-viewchange-certificates'],
    ['check', 'synod', '--config', 'synod-xs', '--bug', 'lowest-vote'],
    ['check', 'synod', '--bug', 'forget-promise', '--config', 'synod-s'],
    ['check', 'pbft', '--bug', 'client-one-reply', '--adversary', 'silent'],
    ['check', 'synod', '--trace-full', '--trace', 'json'],
  ];
  it('pinned', async () => {
    const lines: string[] = [];
    for (const argv of cases) {
      const r = await runCli(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.out).toBe('');
      expect(r.err.trim().split('\n'), argv.join(' ')).toHaveLength(1);
      lines.push(`$ agora ${argv.join(' ')}`, r.err, '');
    }
    await expect(lines.join('\n')).toMatchFileSnapshot('./__golden__/usage-errors.txt');
  });
});

describe('--bug NAME alone runs on the bug\'s showcase, saying so', () => {
  it('pbft --bug client-one-reply: pbft-tiny against the full adversary', async () => {
    const r = await runCli('check', 'pbft', '--bug', 'client-one-reply', '--quiet', '--max-seconds', '60');
    expect(r.code).toBe(1);
    const [note, verdict] = r.out.split('\n');
    expect(note).toBe('note: --bug client-one-reply: running on its showcase configuration, pbft-tiny with --adversary full (name --config or sizes to choose other bounds)');
    expect(verdict).toMatch(/^pbft pbft-tiny with --adversary full: .* · bug client-one-reply · .*: violated$/);
  });

  it('spaxos --bug order-unstable --json: the note on stderr, the configuration as the header names it', async () => {
    const r = await runCli('check', 'spaxos', '--bug', 'order-unstable', '--json', '--max-seconds', '60');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^note: --bug order-unstable: running on its showcase configuration, sp-tiny with --lossy --crashes 1/);
    const doc = JSON.parse(r.out) as { config: string; notes: string[]; trace: { system: { config: string } } };
    expect(doc.config).toBe('sp-tiny with --lossy --crashes 1');
    expect(doc.trace.system.config).toBe('sp-tiny');
  });

  it('synod --bug own-value: its showcase is the default, no note', async () => {
    const r = await runCli('check', 'synod', '--bug', 'own-value', '--quiet');
    expect(r.out.split('\n')[0]).toMatch(/^synod synod-s: /);
    // The trace ends with the violating state in the property's own terms.
    expect(r.out).toMatch(/✗ agreement fails in the state reached by step 18\.\n {4}l0 decided \{v0, v1\}: two values$/);
  });
});

describe('the header and JSON name a configuration only when it is used unchanged', () => {
  it('changed sizes are listed after the configuration', async () => {
    const r = await runCli('check', 'synod', '--config', 'synod-tiny', '--acceptors', '3', '--quiet');
    expect(r.out).toMatch(/^synod synod-tiny with --acceptors 3: P=1 A=3 R=1 · /);
    const json = JSON.parse((await runCli('check', 'synod', '--config', 'synod-tiny', '--acceptors', '3', '--json')).out) as { config: string };
    expect(json.config).toBe('synod-tiny with --acceptors 3');
    const faults = await runCli('check', 'synod', '--config', 'synod-tiny', '--lossy', '--quiet');
    expect(faults.out).toMatch(/^synod synod-tiny with --lossy: /);
    const same = await runCli('check', 'synod', '--config', 'synod-tiny', '--proposers', '1', '--quiet');
    expect(same.out).toMatch(/^synod synod-tiny: /);
  });
});

/**
 * `--bug` never says "holds" on bounds that cannot reach the bug (issue 13):
 * each bug's `unreachable` condition (spec/<protocol>/bugs.ts) refuses the
 * bounds below it, and the smallest bounds it allows do catch the bug. The
 * refused bounds were each explored to the end without a counterexample
 * when the conditions were written (e.g. `mp-s --acceptors 2` under
 * early-reply, `raft-s` under append-without-consistency-check).
 */
describe('--bug on the smallest bounds its condition allows: caught; one step below: refused', () => {
  for (const { protocol, bug, property, steps, bounds } of BUG_BOUNDS_CASES.filter((c) => !c.long)) {
    it(`${protocol} --bug ${bug} ${bounds.join(' ')}: ${property} fails in ${steps} steps`, async () => {
      const r = await runCli('check', protocol, '--bug', bug, ...bounds, '--quiet', '--max-seconds', '60');
      expect(r.code, r.out + r.err).toBe(1);
      expect(r.out).toContain(`✗ ${property} fails in the state reached by step ${steps}.`);
    });
  }

  // [protocol, bug, bounds, what the refusal says they lack]
  const refused: [string, string, string[], string][] = [
    ['synod', 'own-value', ['--config', 'synod-tiny', '--rounds', '2'], 'two proposers'],
    ['synod', 'lowest-vote', ['--config', 'synod-p3', '--acceptors', '2'], 'three acceptors'],
    ['synod', 'forget-promise', ['--config', 'synod-xs', '--crashes', '1', '--recoveries', '1'], '2 acceptors that restart'],
    ['multipaxos', 'early-reply', ['--config', 'mp-s', '--acceptors', '2'], 'three acceptors'],
    ['multipaxos', 'early-reply', ['--config', 'mp-s', '--replicas', '1'], 'two replicas'],
    ['multipaxos', 'early-reply', ['--config', 'mp-s', '--proposers', '1'], 'a second ballot'],
    ['multipaxos', 'early-reply', ['--config', 'mp-s', '--clients', '1'], 'two commands'],
    ['multipaxos', 'early-reply', ['--config', 'mp-tiny', '--commands', '2', '--replicas', '2'], 'a second value for the slot'],
    ['multipaxos', 'no-recovery', ['--config', 'mp-tiny', '--commands', '2', '--replicas', '2', '--slots', '2'], 'two proposers or two clients'],
    ['multipaxos', 'skip-phase1', ['--config', 'mp-tiny', '--commands', '2', '--replicas', '2'], 'two proposers or two clients'],
    ['spaxos', 'order-unstable', ['--config', 'sp-tiny', '--replicas', '2'], 'three replicas'],
    ['spaxos', 'order-unstable', ['--config', 'sp-tiny', '--property', 'no-lost-request', '--crashes', '1'], 'a lost request, for no-lost-request'],
    ['spaxos', 'order-unstable', ['--config', 'sp-tiny', '--property', 'no-lost-request', '--lossy'], '--crashes 1'],
    ['spaxos', 'order-unstable', ['--config', 'sp-tiny', '--property', 'agreement,linearizable', '--lossy', '--crashes', '1'], 'durability or no-lost-request'],
    ['pbft', 'weak-prepare', ['--config', 'pbft-tiny', '--commands', '2'], 'two requests'],
    ['pbft', 'weak-prepare', ['--config', 'pbft-tiny', '--views', '2'], 'two requests'],
    ['pbft', 'weak-prepare', ['--config', 'pbft-equivocation', '--faulty-primary', '0'], 'a Byzantine primary'],
    ['pbft', 'weak-prepare', ['--config', 'pbft-equivocation', '--faulty-primary', '0', '--views', '2'], 'a Byzantine primary'],
    ['pbft', 'weak-prepare', ['--config', 'pbft-tiny', '--commands', '2', '--views', '2'], 'two requests'],
    ['pbft', 'weak-prepare', ['--config', 'pbft-equivocation', '--faulty', '0', '--faulty-primary', '0'], 'a Byzantine replica'],
    ['raft', 'vote-without-log-check', ['--config', 'raft-tiny', '--candidates', '1'], 'a second candidate'],
    ['raft', 'vote-without-log-check', ['--config', 'raft-s', '--servers', '2', '--candidates', '2'], 'three servers'],
    ['raft', 'commit-old-term', ['--config', 'raft-fig8', '--terms', '3'], 'the Figure 8 scenario'],
    ['raft', 'forget-votedfor', ['--config', 'raft-recover', '--candidates', '2'], 'two candidates in term 2'],
    ['raft', 'forget-votedfor', ['--config', 'raft-recover', '--candidates', '2', '--terms', '3'], 'two candidates in one term besides a server that may crash (--crash-only s0)'],
    ['raft', 'forget-votedfor', ['--config', 'raft-recover', '--candidates', '2', '--terms', '3', '--crash-only', 's1'], 'two candidates in one term'],
    ['raft', 'forget-votedfor', ['--config', 'raft-recover', '--crash-only', 's1'], 'two candidates in term 2'],
    ['raft', 'append-without-consistency-check', ['--config', 'raft-s'], 'three entries'],
    ['raft', 'append-without-consistency-check', ['--config', 'raft-s3', '--commands', '1', '--terms', '3'], 'three entries'],
    ['raft', 'append-without-consistency-check', ['--config', 'raft-s3', '--servers', '2', '--commands', '2', '--terms', '3'], 'three servers'],
    ['vr', 'view-change-quorum-f', ['--config', 'vr-tiny', '--timers', '0'], 'a backup whose timer fires'],
    ['vr', 'log-by-opnumber', ['--config', 'vr-s'], 'two view changes'],
    ['vr', 'log-by-opnumber', ['--config', 'vr-tiny', '--views', '2'], 'two commands'],
    ['vr', 'recovering-replica-votes', ['--config', 'vr-recover', '--timers', '0'], 'a backup whose timer fires'],
  ];
  for (const [protocol, bug, bounds, lack] of refused) {
    it(`${protocol} --bug ${bug} ${bounds.join(' ')}: refused, needs ${lack}`, async () => {
      const r = await runCli('check', protocol, '--bug', bug, ...bounds, '--quiet');
      expect(r.code, r.out + r.err).toBe(2);
      expect(r.err).toMatch(new RegExp(`^agora: --bug ${bug} cannot show on `));
      expect(r.err.split('its counterexample needs ')[1]).toContain(lack);
    });
  }
});
