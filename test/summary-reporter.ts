import type { Reporter, SerializedError, TestCase, TestModule, TestSuite } from 'vitest/node';

export interface RunCounts {
  passed: number;
  failed: number;
  skipped: number;
}

/** Whether this test's suite, or one around it, or its file, threw outside any test (a beforeAll, a collection error). */
function setUpFailed(test: TestCase): boolean {
  for (let at: TestSuite | TestModule = test.parent; ; at = at.parent) {
    if (at.errors().length > 0) return true;
    if (at.type === 'module') return false;
  }
}

/**
 * The run's tally as CI must read it. A test that never ran because its suite's set-up threw is
 * failed, not skipped; a file or suite that failed with no test to blame, and an error outside
 * every test, each count as one failure more, so a red run can never close on "0 failed".
 */
export function countRun(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError> = []): RunCounts {
  const counts: RunCounts = { passed: 0, failed: unhandledErrors.length, skipped: 0 };
  for (const module of modules) {
    let failedHere = 0;
    for (const test of module.children.allTests()) {
      const state = test.result().state;
      if (state === 'passed') counts.passed += 1;
      else if (state === 'failed' || setUpFailed(test)) failedHere += 1;
      else counts.skipped += 1;
    }
    const broken = [module, ...module.children.allSuites()].filter((s) => s.errors().length > 0).length;
    counts.failed += Math.max(failedHere, broken, module.state() === 'failed' ? 1 : 0);
  }
  return counts;
}

/** Ends the run with the plain "N passed, N failed, N skipped" line CI reads. */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    const { passed, failed, skipped } = countRun(modules, unhandledErrors);
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
