import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { loadConfig } from '../engine/config.js';
import { createLogger } from '../engine/logger.js';
import { startServer } from './server.js';

const silent = createLogger('silent');

// A first start creates a database (initdb, migrations) and hashes seven argon2 passwords: about
// 30 s on a 2-core machine that others load too, more when they load it harder.
jest.setTimeout(180_000);

describe('startServer on the embedded database', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'kanceleja-server-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  const config = (env: Record<string, string> = {}) =>
    loadConfig({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', ...env }, '/');

  it('serves health on a new data directory and seeds the demo municipality once', async () => {
    const server = await startServer(config(), silent);
    try {
      const response = await fetch(`${server.url}/api/health`);

      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        status: 'ok',
        version: expect.stringMatching(/^\d+\.\d+\.\d+/),
        store: 'pglite',
        migration: expect.stringMatching(/^\d{4}_/),
      });
      const lines = (await readFile(path.join(dataDir, 'demo-users.txt'), 'utf8')).trim().split('\n');
      expect(lines).toHaveLength(7);
      expect(lines[0]).toMatch(/^registrar [A-Za-z0-9_-]{16} registrar KANC$/);
      expect(
        (await server.store.processDefinitions.listLatest()).map((d) => `${d.key} v${d.version}`),
      ).toEqual([
        'appraisal-act v1',
        'citizen-application v1',
        'incoming-correspondence v1',
        'order v1',
        'order-co-execution v1',
        'outgoing-letter v1',
      ]);
    } finally {
      await server.stop();
    }
  });

  it('keeps its data across a restart and does not seed again', async () => {
    const demoUsers = await readFile(path.join(dataDir, 'demo-users.txt'), 'utf8');

    const server = await startServer(config(), silent);
    try {
      expect((await server.store.users.list()).map((u) => u.username).sort()).toEqual([
        'admin',
        'auditor',
        'depthead',
        'designer',
        'executor',
        'head',
        'registrar',
      ]);
      expect(await readFile(path.join(dataDir, 'demo-users.txt'), 'utf8')).toBe(demoUsers);
    } finally {
      await server.stop();
    }
  });

  it('finishes a request in flight before it stops, and refuses new connections meanwhile', async () => {
    const server = await startServer(config(), silent);
    const { port } = new URL(server.url);
    let stopped = false;

    // A request whose body is still being uploaded when the stop begins.
    const inFlight = request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/letters',
      headers: { 'content-type': 'application/json', 'content-length': '13' },
    });
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      inFlight.on('response', (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => {
          body += chunk.toString();
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      });
      inFlight.on('error', reject);
    });
    inFlight.write('{"subject":');
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);

    const stopping = server.stop().then(() => {
      stopped = true;
    });
    await expect(fetch(`${server.url}/api/health`)).rejects.toThrow();
    expect(stopped).toBe(false);

    inFlight.end('1}');
    const { status, body } = await answer;
    await stopping;

    expect(status).toBe(404);
    expect(JSON.parse(body)).toMatchObject({ error: 'not_found' });
    expect(stopped).toBe(true);
    expect(existsSync(path.join(dataDir, 'kanceleja.lock'))).toBe(false);
  });
});

describe('startServer in production', () => {
  it('never seeds demo data', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'kanceleja-prod-'));
    try {
      const config = loadConfig(
        {
          DATA_DIR: dataDir,
          PORT: '0',
          HOST: '127.0.0.1',
          NODE_ENV: 'production',
          SESSION_SECRET: 'x'.repeat(40),
        },
        '/',
      );
      const server = await startServer(config, silent);
      try {
        expect(await server.store.users.list()).toEqual([]);
        expect(existsSync(path.join(dataDir, 'demo-users.txt'))).toBe(false);
      } finally {
        await server.stop();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
