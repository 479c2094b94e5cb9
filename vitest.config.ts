import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/vitest.setup.ts'],
    testTimeout: 60_000,
    pool: 'forks',
    // A fork runs its files one after another in one module graph instead of importing xstate, the
    // machines and the explorer again for each file: the suite takes about a third less time (same tests,
    // measured on the whole suite). Tests keep no state in modules: each builds its systems and searches.
    isolate: false,
    // Every core: vitest's default leaves one free, which on a two-core machine runs the files one at a time.
    maxWorkers: '100%',
  },
});
