/**
 * The package as a user gets it: `npm pack` makes a tarball with the
 * compiled code and its type declarations; a fresh project installs it
 * (from the npm cache that `npm ci` filled, the registry for the rest), imports every export
 * from JavaScript, type-checks a TypeScript consumer against the shipped
 * declarations, and runs the `agora` command from it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; exports: Record<string, unknown> };
/** The namespaces of the package root, one per protocol. */
const PROTOCOL_NAMESPACES = ['synod', 'multipaxos', 'spaxos', 'pbft', 'raft', 'vr'];
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let dir: string;
let files: string[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'agora-pack-'));
  // The tarball of the built tree (`npm test` builds first; packing does not build again).
  const packed = JSON.parse(execFileSync(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { cwd: root, encoding: 'utf8' })) as { filename: string; files: { path: string }[] }[];
  const tarball = join(dir, (packed[0] as { filename: string }).filename);
  files = (packed[0] as { files: { path: string }[] }).files.map((f) => f.path);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', type: 'module', private: true }));
  execFileSync(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
}, 120_000);

afterAll(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('ships the compiled code, its declarations, the command, the licence, and no tests', () => {
    for (const f of ['dist/index.js', 'dist/index.d.ts', 'dist/explorer/cli.js', 'dist/explorer/parallel/worker.js', 'dist/machines/index.d.ts', 'dist/spec/index.d.ts', 'bin/agora.js', 'LICENSE', 'README.md', 'package.json']) {
      expect(files).toContain(f);
    }
    expect(files.filter((f) => f.startsWith('dist/test/') || f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
  });

  it('imports every export from JavaScript', () => {
    const subpaths = Object.keys(pkg.exports).map((k) => (k === '.' ? pkg.name : `${pkg.name}/${k.slice(2)}`));
    const script = subpaths.map((s) => `const m${subpaths.indexOf(s)} = await import('${s}'); if (Object.keys(m${subpaths.indexOf(s)}).length === 0) throw new Error('${s} exports nothing');`).join('\n');
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', `${script}\nconst { explorer, machines } = await import('${pkg.name}');\nconst entry = machines.findProtocol('synod');\nconst r = explorer.check(entry.build({ proposers: 1, acceptors: 1, rounds: 1 }, null));\nconsole.log(r.status, r.stats.states);\nconst root = await import('${pkg.name}');\nfor (const p of ${JSON.stringify(PROTOCOL_NAMESPACES)}) if (typeof root[p]?.[p + 'System'] !== 'function' || typeof root[p][p + 'Protocol'] !== 'object') throw new Error(p + ': no system builder or registry entry');`], { cwd: dir, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toMatch(/^holds \d+$/);
  });

  it('type-checks a TypeScript consumer against the shipped declarations', () => {
    writeFileSync(
      join(dir, 'consumer.ts'),
      [
        `import { explorer, machines, spec } from '${pkg.name}';`,
        `import type { CheckReport } from '${pkg.name}/explorer';`,
        `import type { SystemSpec } from '${pkg.name}/spec';`,
        `const s: SystemSpec = machines.synodSystem({ proposers: 2, acceptors: 3, rounds: 1 });`,
        `const r: CheckReport = explorer.check(s, { symmetry: true, por: true });`,
        `const ok: 'holds' | 'violated' | 'incomplete' = r.status;`,
        `const n: number = spec.synod === undefined ? 0 : r.stats.states;`,
        `export { ok, n };`,
        // One namespace per protocol: its machines, system builder, messages and properties.
        `import { synod, raft } from '${pkg.name}';`,
        `const prepare: synod.Prepare = { type: 'synod.prepare', from: 'p0', to: 'a0', ballot: 1 };`,
        `const bugged: SystemSpec = synod.synodSystem({ proposers: 2, acceptors: 3, rounds: 1 }, 'own-value');`,
        `const leader = raft.serverMachine.provide({ guards: { isCandidateUpToDate: () => true } });`,
        `export { prepare, bugged, leader };`,
        `// @ts-expect-error: no such bug`,
        `synod.synodSystem({ proposers: 2, acceptors: 3, rounds: 1 }, 'no-such-bug');`,
        // And a mistake the declarations must catch:
        `// @ts-expect-error: check takes a system, not a string`,
        `explorer.check('synod');`,
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true, skipLibCheck: true, types: [] }, files: ['consumer.ts'] }),
    );
    const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', dir], { cwd: dir, encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  });

  it('runs the agora command from the installed package', () => {
    const run = spawnSync(join(dir, 'node_modules/.bin/agora'), ['check', 'synod', '--config', 'synod-tiny', '--quiet'], { cwd: dir, encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/synod synod-tiny: .*: holds/);
  });
});
