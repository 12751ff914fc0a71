/**
 * The closing `N passed, N failed, N skipped` line, as .ci/run reads it: jest runs in a child process
 * on a few tiny test files, with stdout and stderr in one pipe (`2>&1`), as CI runs it.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from '@jest/globals';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const jestBin = path.join(root, 'node_modules/jest/bin/jest.js');

const FILES: Record<string, string> = {
  'passes.test.cjs': "test('passes', () => {});\ntest.skip('is skipped: because', () => {});\n",
  'fails.test.cjs': "test('fails', () => { expect(1).toBe(2); });\ntest('passes too', () => {});\n",
  'missing-module.test.cjs': "require('./no-such-module');\ntest('never runs', () => {});\n",
  'throws-at-load.test.cjs': "throw new Error('broken at load');\n",
  'no-tests.test.cjs': '// nothing here\n',
  'after-all-fails.test.cjs':
    "afterAll(() => { throw new Error('cleanup failed'); });\ntest('passes before its afterAll', () => {});\n",
};

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

/** Runs jest with the project's reporters on `files`; resolves with the combined output and exit code. */
async function runJest(files: string[]): Promise<{ output: string; code: number | null }> {
  dir = await mkdtemp(path.join(tmpdir(), 'kanceleja-summary-'));
  for (const name of files) await writeFile(path.join(dir, name), FILES[name]!);
  await writeFile(
    path.join(dir, 'jest.config.cjs'),
    `module.exports = ${JSON.stringify({
      rootDir: dir,
      testEnvironment: 'node',
      testMatch: ['**/*.test.cjs'],
      transform: {},
      reporters: ['default', path.join(root, 'test/support/summaryReporter.cjs')],
    })};\n`,
  );
  const { NODE_OPTIONS: _notThese, ...env } = process.env;
  const child = spawn('sh', ['-c', `"${process.execPath}" "${jestBin}" --config jest.config.cjs 2>&1`], {
    cwd: dir,
    env: { ...env, CI: 'true', FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  return { output, code };
}

const lastLine = (output: string) => output.trimEnd().split('\n').at(-1);

describe('the summary line', () => {
  it('counts every test file that could not run as failed, and is the last line of the output', async () => {
    // when
    const { output, code } = await runJest(Object.keys(FILES));
    // then
    expect(code).toBe(1);
    expect(output).toContain('Ran all test suites');
    // 1 failing test, plus 4 files that did not run to their end (load, no test, afterAll).
    expect(lastLine(output)).toBe('3 passed, 5 failed, 1 skipped');
    expect(output).toMatch(/\nskipped: is skipped: because\n3 passed, 5 failed, 1 skipped\n$/);
  }, 120_000);

  it('ends a green run with the line too', async () => {
    // when
    const { output, code } = await runJest(['passes.test.cjs']);
    // then
    expect(code).toBe(0);
    expect(lastLine(output)).toBe('1 passed, 0 failed, 1 skipped');
  }, 120_000);
});
