import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';
import { FailedLoadReporter } from './test/support/failed-load-reporter.js';

/**
 * Quickest test files first. Stryker stops a mutant's run at the first failing test, so a mutant
 * the quick, focused files kill never waits for the slow loopback and property suites; vitest's
 * own order (slowest first) is right for a full run, wrong for a kill.
 */
class QuickestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const cost = (spec: TestSpecification) => {
      const key = `${spec.project.name}:${relative(this.ctx.config.root, spec.moduleId)}`;
      return this.ctx.cache.getFileTestResults(key)?.duration ?? this.ctx.cache.getFileStats(key)?.size ?? 0;
    };
    return [...files].sort((a, b) => cost(a) - cost(b));
  }
}

/**
 * The in-process suites, for mutation testing (stryker.config.mjs). Left out: suites that build
 * or pack the package, spawn processes (CLI, Node runtimes), bundle the sources for an edge VM
 * or drive Chromium. They run mutated code outside the test process, where Stryker cannot map
 * a mutant to the test that covers it, and each takes seconds per mutant. The Redis store suites
 * stay: they start a redis-server, but the stores they test run in this process, so each of
 * their tests maps to the mutants it reaches, and without them `src/redis` would be unmeasured.
 */
export default mergeConfig(
  base,
  defineConfig({
    test: {
      exclude: [
        'test/cli/**',
        'test/docs/**',
        'test/package/**',
        'test/runtime/**',
        'test/spec-pipeline.test.ts',
        'test/testing/edge-runtime.test.ts',
        '**/node_modules/**',
      ],
      sequence: { sequencer: QuickestFirst },
      // A test file that cannot load is a failed test, so Stryker scores a mutant that breaks loading as killed.
      reporters: ['default', new FailedLoadReporter()],
      // Instrumented code runs several times slower (the redaction property tests most of all:
      // 200 random secrets took over 2 minutes in the critical run's initial test run on the
      // shared machine); a mutant that hangs is still cut off by Stryker's own timeout, from the
      // measured run time.
      testTimeout: 600_000,
    },
  }),
);
