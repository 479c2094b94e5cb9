/**
 * The layering of DESIGN.md, enforced: spec/ imports no framework and no
 * other tree; machines/ imports spec/ and xstate only; explorer/ never
 * imports machines/ except in the composition roots (the CLI and the
 * registry, from which worker threads rebuild a system), reads the
 * protocols' configuration tables (spec/<protocol>/configs.ts) only to
 * generate the docs' tables (docs-configs.ts), calls xstate only
 * in its adapter (actor-system/step.ts), and reaches runtime/ only from the
 * CLI; runtime/ runs machines (spec/, machines/, xstate) and never imports
 * the search: of explorer/ it uses only the generic linearizability checker.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    return statSync(join(root, path)).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1] as string);
}

/** The tree an import lands in ('spec', 'machines', 'explorer') or the package name. */
function target(file: string, spec: string): string {
  if (!spec.startsWith('.')) return spec.startsWith('node:') ? 'node' : (spec.split('/')[0] as string);
  const resolved = relative(root, join(root, file, '..', spec));
  return resolved.split('/')[0] as string;
}

describe('import direction', () => {
  it('spec/ imports only spec/', () => {
    for (const f of files('spec')) for (const i of imports(f)) expect([f, target(f, i)]).toEqual([f, 'spec']);
  });

  it('machines/ imports only spec/, machines/ and xstate', () => {
    for (const f of files('machines')) for (const i of imports(f)) expect(['spec', 'machines', 'xstate']).toContain(target(f, i));
  });

  it('explorer/ imports machines/ only in cli.ts and registry.ts, runtime/ only in the CLI, and xstate only in the adapter', () => {
    const xstateAllowed = new Set(['explorer/actor-system/step.ts']);
    for (const f of files('explorer')) {
      for (const i of imports(f)) {
        const t = target(f, i);
        if (t === 'machines') expect(['explorer/cli.ts', 'explorer/registry.ts']).toContain(f);
        if (t === 'runtime') expect(f, `${f} imports runtime/`).toMatch(/^explorer\/cli[\w-]*\.ts$/);
        if (t === 'xstate') expect(xstateAllowed.has(f), `${f} imports xstate`).toBe(true);
        // The docs' configuration tables (npm run docs) are generated from the protocols' configuration tables, and from nothing else of them.
        if (t === 'spec' && f === 'explorer/docs-configs.ts') expect(i, `${f} may import only spec/core and spec/<protocol>/configs`).toMatch(/spec\/(core\/|\w+\/configs\.js$)/);
        else if (t === 'spec') expect(i, `${f} may import only spec/core`).toMatch(/spec\/core\//);
      }
    }
  });

  it('runtime/ imports spec/, machines/, xstate, valibot, commander and node, and of explorer/ only the linearizability checker', () => {
    expect(files('runtime').length).toBeGreaterThan(0);
    for (const f of files('runtime')) {
      for (const i of imports(f)) {
        const t = target(f, i);
        expect(['spec', 'machines', 'runtime', 'explorer', 'xstate', 'valibot', 'commander', 'node'], `${f} imports ${i}`).toContain(t);
        if (t === 'explorer') expect(relative(root, join(root, f, '..', i)), `${f} imports the explorer's ${i}`).toBe('explorer/linearizability.js');
      }
    }
  });
});
