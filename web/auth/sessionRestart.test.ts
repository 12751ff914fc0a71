import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../engine/config.js';
import { createLogger } from '../../engine/logger.js';
import { browserClient, json } from '../../test/support/browserClient.js';
import { startDemoDataServer } from '../../test/support/demoServer.js';
import { startServer } from '../server.js';
import { SESSION_SECRET_FILE } from './sessionSecret.js';

describe('sessions across a server restart', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'kanceleja-sessions-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('keeps a logged-in session when the server restarts on the same data directory', async () => {
    const env = { DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' };
    // The first start begins from a prepared demo data directory; the restart is the real one.
    const first = await startDemoDataServer(env);
    const registrar = first.demo?.credentials.find((c) => c.username === 'registrar');
    if (!registrar) throw new Error('the demo municipality was not seeded');
    let browser = browserClient(first.url);
    try {
      const login = await browser.fetch(
        '/api/auth/login',
        json({ username: 'registrar', password: registrar.password }),
      );
      expect(login.status).toBe(200);
    } finally {
      await first.stop();
    }

    const second = await startServer(loadConfig(env, '/'), createLogger('silent'));
    try {
      const cookies = browser.cookies;
      browser = browserClient(second.url);
      const cookie = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
      const me = await browser.fetch('/api/me', { headers: { cookie } });

      expect(me.status).toBe(200);
      expect(await me.json()).toMatchObject({ user: { username: 'registrar', roles: ['registrar'] } });
    } finally {
      await second.stop();
    }
    expect((await stat(path.join(dataDir, SESSION_SECRET_FILE))).mode & 0o777).toBe(0o600);
  });
});
