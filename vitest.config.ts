import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/vitest.setup.ts'],
    testTimeout: 60_000,
    pool: 'forks',
    // Every core: vitest's default leaves one free, which on a two-core machine runs the files one at a time.
    maxWorkers: '100%',
  },
});
