import { defineConfig } from 'vitest/config';

/** `npm run test:long`: the naive reference explorer on configurations too big for `npm test`. */
export default defineConfig({
  test: {
    include: ['test/long/**/*.long.ts'],
    setupFiles: ['test/vitest.setup.ts'],
    testTimeout: 1_800_000,
    pool: 'forks',
  },
});
