import type { RunnerTestCase } from 'vitest';
import type { Reporter, Vitest } from 'vitest/node';

/**
 * For mutation runs only (vitest.mutation.config.ts): a test file that fails to load becomes one
 * failed test, "the test file loads", carrying the load error.
 *
 * Stryker's Vitest runner builds a mutant's result from the tests it collected, and a file whose
 * import throws collects none, so a mutant that stops a module from loading at all (a static
 * mutant such as `new TextDecoder('')`) was scored as survived (stryker-js#6150, open in 9.6.1
 * and 10.0.0). With this reporter it is scored as what it is: caught by every test file.
 */
export class FailedLoadReporter implements Reporter {
  private vitest: Vitest | undefined;

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
  }

  // The files of Vitest's state, the very objects Stryker's runner reads when the run ends.
  onTestRunEnd(): void {
    for (const file of this.vitest?.state.getFiles() ?? []) {
      if (file.result?.state !== 'fail' || file.tasks.length > 0) continue;
      // Vitest types a test with a run context only it can build; nothing reads one after the run.
      const loadFailure = {
        type: 'test',
        id: `${file.id}_load`,
        name: 'the test file loads',
        mode: 'run',
        meta: {},
        file,
        suite: file,
        timeout: 0,
        annotations: [],
        artifacts: [],
        result: { state: 'fail', errors: file.result.errors ?? [] },
      } as unknown as RunnerTestCase;
      file.tasks.push(loadFailure);
    }
  }
}
