/**
 * A real process (as `npm start` runs it) with the guards installed: an error thrown inside a
 * request's stream listener is logged, and the same process still answers the next request.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const SERVER = `
import { createServer } from 'node:http';
import { createLogger } from './engine/logger.ts';
import { keepServingOnStrayErrors } from './web/http/processGuards.ts';
keepServingOnStrayErrors(createLogger('info'));
const server = createServer((req, res) => {
  if (req.url === '/boom') {
    // Thrown outside any promise or handler chain: only the process can hear it.
    req.on('data', () => { throw new Error('thrown inside a stream listener'); });
    req.on('end', () => res.end('after'));
    return;
  }
  res.end('alive');
});
server.listen(0, '127.0.0.1', () => process.stdout.write('PORT=' + server.address().port + '\\n'));
`;

describe('stray errors', () => {
  it('are logged and the process keeps serving', async () => {
    // given
    const { NODE_OPTIONS: _ignored, ...env } = process.env;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SERVER], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    try {
      const port = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', () => {
          const match = /PORT=(\d+)/.exec(stdout);
          if (match?.[1]) resolve(match[1]);
        });
        child.once('exit', (code) => reject(new Error(`exited with ${code}: ${stdout}`)));
      });
      const base = `http://127.0.0.1:${port}`;

      // when
      // That request never ends (its stream broke); it is given up once the error was logged.
      const abandon = new AbortController();
      const boom = fetch(`${base}/boom`, { method: 'POST', body: 'x', signal: abandon.signal }).catch(
        () => undefined,
      );
      while (!stdout.includes('thrown inside a stream listener') && child.exitCode === null) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      abandon.abort();
      await boom;

      // then
      const after = await fetch(`${base}/health`);
      expect(await after.text()).toBe('alive');
      expect(child.exitCode).toBeNull();
      expect(stdout).toContain('thrown inside a stream listener');
    } finally {
      child.kill();
    }
  });
});
