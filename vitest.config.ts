import { defineConfig } from 'vitest/config';

// Integration specs share one PostgreSQL and one Redis; each creates its own
// database / key prefix, so files may run in parallel on the two cores.
export default defineConfig({
  test: {
    include: ['{bot,dialogs,methodology,api,manifest}/**/*.spec.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
