/**
 * The layering of DESIGN.md, enforced: spec/ imports no framework and no
 * other tree; machines/ imports spec/ and xstate only; explorer/ never
 * imports machines/ except in the composition roots (the CLI and the
 * registry, from which worker threads rebuild a system), and calls
 * xstate only in its adapter (actor-system/step.ts) and the live runner.
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

  it('explorer/ imports machines/ only in cli.ts and registry.ts, and xstate only in the adapter and the live runner', () => {
    const xstateAllowed = new Set(['explorer/actor-system/step.ts', 'explorer/live.ts']);
    for (const f of files('explorer')) {
      for (const i of imports(f)) {
        const t = target(f, i);
        if (t === 'machines') expect(['explorer/cli.ts', 'explorer/registry.ts']).toContain(f);
        if (t === 'xstate') expect(xstateAllowed.has(f), `${f} imports xstate`).toBe(true);
        if (t === 'spec') expect(i, `${f} may import only spec/core`).toMatch(/spec\/core\//);
      }
    }
  });
});
