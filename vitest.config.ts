import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // One place per kind of test (test/README.md); benchmarks (test/bench) run on demand only.
    include: ['test/unit/**/*.test.ts', 'test/server/**/*.test.ts', 'test/e2e/**/*.test.ts'],
    exclude: ['test/bench/**', 'node_modules/**', 'dist/**'],
    // End-to-end tests start real servers and short bounded loads; keep them apart from each other.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
