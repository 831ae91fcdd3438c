import { defineConfig } from 'vitest/config';

// Integration specs share one PostgreSQL and one Redis; each creates its own
// database / key prefix, so files may run in parallel. Vitest's default is
// CPUs − 1 workers, which is one on the two-core CI machine: most files wait on
// PostgreSQL, Redis or Chromium rather than the CPU, so two workers there cut
// the suite by about a fifth (measured 767 s → 598 s).
export default defineConfig({
  test: {
    include: ['{bot,dialogs,methodology,api,manifest}/**/*.spec.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
