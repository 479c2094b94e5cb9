/**
 * Starting test clusters without `npm run build`: the TypeScript sources the
 * server processes need (spec/, machines/, runtime/) are transpiled once
 * (types stripped, by the TypeScript compiler) into a directory named by
 * their content hash under node_modules/.cache, from which the forked
 * servers run as plain ESM; node_modules resolves from there as from the
 * sources. Test files running at the same time share it.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { Cluster, type ClusterOptions } from '../../../runtime/cluster.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const TREES = ['spec', 'machines', 'runtime'];

function sources(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    return statSync(join(root, path)).isDirectory() ? sources(path) : path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

let built: string | null = null;

/** The directory holding the transpiled server sources (built on first use). */
export function compiledRuntime(): string {
  if (built !== null) return built;
  const files = TREES.flatMap(sources).sort();
  const hash = createHash('sha256');
  const texts = files.map((f) => {
    const text = readFileSync(join(root, f), 'utf8');
    hash.update(f).update('\0').update(text).update('\0');
    return text;
  });
  const cache = join(root, 'node_modules/.cache/agora-runtime-test');
  const dir = join(cache, hash.digest('hex').slice(0, 16));
  if (!existsSync(join(dir, 'runtime/node-main.js'))) {
    mkdirSync(cache, { recursive: true });
    const tmp = mkdtempSync(join(cache, 'tmp-'));
    files.forEach((f, i) => {
      const out = ts.transpileModule(texts[i] as string, {
        fileName: f,
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
      });
      const target = join(tmp, f.replace(/\.ts$/, '.js'));
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, out.outputText);
    });
    writeFileSync(join(tmp, 'package.json'), '{ "type": "module" }\n');
    try {
      renameSync(tmp, dir);
    } catch {
      rmSync(tmp, { recursive: true, force: true }); // another test file built it first
    }
  }
  built = dir;
  return dir;
}

/** The server entry for `Cluster`: the transpiled runtime/node-main.js. */
export function testEntry(): { module: string; execArgv: string[] } {
  return { module: join(compiledRuntime(), 'runtime/node-main.js'), execArgv: [] };
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `agora-${prefix}-`));
}

/** Starts a cluster whose servers run the transpiled sources; their stderr is collected. */
export async function startTestCluster(options: Omit<ClusterOptions, 'entry' | 'stderr'>): Promise<{ cluster: Cluster; stderr: string[] }> {
  const stderr: string[] = [];
  const cluster = await Cluster.start({ ...options, entry: testEntry(), stderr: (k, text) => stderr.push(`server ${k}: ${text}`) });
  return { cluster, stderr };
}

