/**
 * Ends every jest run with the skipped tests (whose names say why) and one line alone,
 * `N passed, N failed, N skipped`; a test file that could not run counts as a failure.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = [];
    for (const file of results.testResults) {
      for (const test of file.testResults) {
        if (test.status === 'pending' || test.status === 'skipped' || test.status === 'todo') {
          skipped.push(test.fullName);
        }
      }
    }
    for (const name of skipped) process.stdout.write(`skipped: ${name}\n`);
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const skippedCount = results.numPendingTests + results.numTodoTests;
    process.stdout.write(`${results.numPassedTests} passed, ${failed} failed, ${skippedCount} skipped\n`);
  }
}
module.exports = SummaryReporter;
