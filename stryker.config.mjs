// @ts-check
/**
 * Mutation testing of the library's runtime code: `npm run mutation` (see CONTRIBUTING.md).
 * Globs, not file lists, so new runtime modules (the token manager, the Redis stores) are
 * mutated as soon as they land.
 *
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  // The in-process suites only; see vitest.mutation.config.ts for what is left out and why.
  vitest: { configFile: 'vitest.mutation.config.ts' },
  // Each mutant runs only the tests that execute it: minutes instead of hours.
  coverageAnalysis: 'perTest',
  mutate: ['src/auth/**/*.ts', 'src/redis/**/*.ts', 'src/shared/**/*.ts', '!**/*.d.ts'],
  // Reuses earlier results for mutants whose code and covering tests did not change.
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  reporters: ['html', 'clear-text', 'progress'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  thresholds: { high: 95, low: 90, break: 90 },
  // The machine is shared; raise with --concurrency when it is yours.
  concurrency: 2,
  // Tests on loopback sockets and fake timers: generous, so a slow machine is not a "timeout kill".
  timeoutMS: 10_000,
  // The initial run (every in-process test, instrumented) took over Stryker's default 5 minutes
  // on the shared machine.
  dryRunTimeoutMinutes: 30,
  ignorePatterns: ['dist', 'build', 'coverage', 'reports', '*.tgz'],
  cleanTempDir: 'always',
};
