import { defineConfig } from 'vitest/config';

// Pure units that neither listen nor drive load run side by side first; everything that starts real
// servers or measures timing (the reference server, the runner's own loads, the built CLI) runs one
// file at a time afterwards, so no timing test shares the machine with another of the suite's own.
const timedUnits = ['test/unit/runner-*.test.ts', 'test/unit/diagnose-tracer.test.ts', 'test/unit/readiness-http-probe.test.ts'];

export default defineConfig({
  test: {
    // One place per kind of test (test/README.md); benchmarks (test/bench) run on demand only.
    exclude: ['test/bench/**', 'node_modules/**', 'dist/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      {
        // Each project starts from the root's options (timeouts, exclusions) and narrows them.
        extends: true,
        test: {
          name: 'pure',
          include: ['test/unit/**/*.test.ts'],
          exclude: timedUnits,
          sequence: { groupOrder: 0 },
          // Vitest's default on two cores is one worker; these files only import and compute.
          maxWorkers: 2,
          minWorkers: 1,
        },
      },
      {
        extends: true,
        test: {
          name: 'live',
          include: [...timedUnits, 'test/server/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          // End-to-end tests start real servers and short bounded loads; keep them apart from each other.
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
