/**
 * Where a worker thread's script is. A worker runs plain JavaScript: from the
 * compiled tree the script sits under dist/explorer/ with its caller; from the
 * TypeScript sources (vitest, tsx) it is the build's copy under dist/.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The compiled module `path` (relative to explorer/, e.g. `parallel/worker.js`),
 * for a caller whose `import.meta.url` is `here` and which sits one folder below explorer/.
 */
export function compiledScript(here: string, path: string): URL {
  const url = here.endsWith('.ts') ? new URL(`../../dist/explorer/${path}`, here) : new URL(`../${path}`, here);
  if (!existsSync(fileURLToPath(url))) throw new Error(`the worker script ${fileURLToPath(url)} is not built; run 'npm run build'`);
  return url;
}
