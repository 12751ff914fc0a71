/**
 * Ends every jest run with the skipped tests (whose names say why) and one line alone,
 * `N passed, N failed, N skipped`: tests, where a test file that could not run (it failed to load,
 * has no test, failed in a hook or crashed its worker) counts as one failure of its own.
 *
 * The line must be the last of the output, also when stdout and stderr share one pipe (`2>&1`):
 * jest adds its own summary reporter after the custom ones (it prints `Test Suites: …` and
 * `Ran all test suites` to stderr), and may warn later still ("Jest did not exit one second after
 * the test run has completed", "Force exiting Jest"). So the lines are written synchronously when
 * the process exits, after everything jest prints.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS: jest requires its reporters
const { writeSync } = require('node:fs');

/** The summary of jest's aggregated results: `{ skipped: string[], line: string }`. */
function summarise(results) {
  const skipped = [];
  let passed = 0;
  let failed = 0;
  let pending = 0;
  for (const file of results.testResults) {
    let failedHere = 0;
    for (const test of file.testResults) {
      if (test.status === 'passed') passed += 1;
      else if (test.status === 'failed') failedHere += 1;
      else if (test.status === 'pending' || test.status === 'skipped' || test.status === 'todo') {
        pending += 1;
        skipped.push(test.fullName);
      }
    }
    // A file that did not run to its end: its error is a failure even where no test failed.
    const broken =
      (file.testExecError !== undefined && file.testExecError !== null) ||
      (file.failureMessage && failedHere === 0);
    failed += failedHere + (broken ? 1 : 0);
  }
  // Results jest could not attribute to a file of tests (none are expected): still failures.
  failed = Math.max(failed, results.numFailedTests + results.numRuntimeErrorTestSuites);
  return { skipped, line: `${passed} passed, ${failed} failed, ${pending} skipped` };
}

let lastRun = null;

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const { skipped, line } = summarise(results);
    // In watch mode every run completes: the one told at exit is the last.
    if (lastRun === null) {
      process.once('exit', () => {
        try {
          writeSync(1, lastRun);
        } catch {
          // stdout is gone (a closed pipe): nobody to tell.
        }
      });
    }
    lastRun = `${skipped.map((name) => `skipped: ${name}\n`).join('')}${line}\n`;
  }
}
module.exports = SummaryReporter;
module.exports.summarise = summarise;
