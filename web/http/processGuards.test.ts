/**
 * A real process (as `npm start` runs it) with the guards installed: an error thrown inside a
 * request's stream listener is logged, that request is answered 500, and the same process still
 * answers the next request.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const SERVER = `
import express from 'express';
import { pinoHttp } from 'pino-http';
import { createLogger } from './engine/logger.ts';
import { errorHandler } from './web/http/errorHandler.ts';
import { keepServingOnStrayErrors } from './web/http/processGuards.ts';
import { requestScope } from './web/http/requestScope.ts';
const logger = createLogger('info');
keepServingOnStrayErrors(logger);
const app = express();
app.use(pinoHttp({ logger, quietReqLogger: true }));
app.use(requestScope(errorHandler));
app.post('/api/boom', (req, res) => {
  // Thrown outside any promise or handler chain: only the process can hear it.
  req.on('data', () => { throw new Error('thrown inside a stream listener'); });
  req.on('end', () => res.end('after'));
});
app.get('/api/health', (_req, res) => res.end('alive'));
app.use(errorHandler);
const server = app.listen(0, '127.0.0.1', () => process.stdout.write('PORT=' + server.address().port + '\\n'));
`;

describe('stray errors', () => {
  it('are logged, answer the request they broke with 500, and the process keeps serving', async () => {
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
      const boom = await fetch(`${base}/api/boom`, { method: 'POST', body: 'x' });

      // then
      expect(boom.status).toBe(500);
      expect(await boom.json()).toEqual({
        error: 'internal',
        message: expect.stringMatching(/^Internal error; quote reference /),
      });
      const after = await fetch(`${base}/api/health`);
      expect(await after.text()).toBe('alive');
      expect(child.exitCode).toBeNull();
      expect(stdout).toContain('thrown inside a stream listener');
    } finally {
      child.kill();
    }
  });
});
