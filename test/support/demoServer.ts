/**
 * `startServer` on the demo municipality for tests that use a running server as their setting (pages,
 * browser stories, the API over HTTP), not the start-up itself (web/server.test.ts does that).
 *
 * Under jest the data directory starts as a copy of one that a real `startServer` prepared once in
 * this run (migrated, shipped processes deployed, demo seeded): seeding hashes seven argon2 passwords
 * and with initdb and the migrations cost about 6 s per server. The server still runs its whole
 * start-up on the copy (it finds the migrations applied and the demo there), and `demo` carries the
 * copy's credentials, as on the server's first start. Outside jest the server starts from nothing.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../../engine/config.js';
import type { DemoCredentials } from '../../engine/demo/seedDemoMunicipality.js';
import { createLogger } from '../../engine/logger.js';
import { type RunningServer, startServer } from '../../web/server.js';
import { SESSION_SECRET_FILE } from '../../web/auth/sessionSecret.js';
import { copyDirectory, migratedTemplate, template, templatesRoot } from './pgliteTemplates.js';

type Env = Record<string, string>;

const CREDENTIALS_FILE = 'credentials.json';

/** A demo DATA_DIR (under `data/`) made by `startServer` itself, and its credentials. */
function demoTemplate(): Promise<string> {
  return template('demo', async (dir) => {
    const dataDir = path.join(dir, 'data');
    // Its PGlite directory starts migrated: the same result as migrating it here, sooner.
    await copyDirectory(await migratedTemplate(), path.join(dataDir, 'pgdata'));
    const server = await startServer(
      loadConfig({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', SCHEDULER_INTERVAL_SECONDS: '0' }, '/'),
      createLogger('silent'),
    );
    const demo = server.demo;
    await server.stop();
    if (!demo) throw new Error('the demo template was not seeded');
    // Each server makes its own session secret, as on a first start.
    await rm(path.join(dataDir, SESSION_SECRET_FILE), { force: true });
    await writeFile(path.join(dir, CREDENTIALS_FILE), JSON.stringify(demo.credentials));
  });
}

/**
 * Fills `dataDir` (an empty directory the test owns) with the embedded demo municipality, as a first
 * `npm start` leaves it, for a server the test starts itself (a child process); returns the demo
 * users' credentials. Under jest only (the data comes from the run's prepared template).
 */
export async function copyDemoDataDir(dataDir: string): Promise<DemoCredentials[]> {
  if (!templatesRoot()) throw new Error('copyDemoDataDir runs under jest only');
  const demoDir = await demoTemplate();
  await copyDirectory(path.join(demoDir, 'data'), dataDir);
  return JSON.parse(await readFile(path.join(demoDir, CREDENTIALS_FILE), 'utf8')) as DemoCredentials[];
}

/**
 * Starts a server with the configuration `env` (DATA_DIR must be an empty directory the test owns)
 * on the demo municipality; `stop` stops it, the caller removes DATA_DIR as before.
 */
export async function startDemoDataServer(env: Env & { DATA_DIR: string }): Promise<RunningServer> {
  const config = loadConfig(env, '/');
  const logger = createLogger('silent');
  if (!templatesRoot()) return startServer(config, logger);
  const demoDir = await demoTemplate();
  await copyDirectory(path.join(demoDir, 'data'), config.dataDir);
  const credentials = JSON.parse(
    await readFile(path.join(demoDir, CREDENTIALS_FILE), 'utf8'),
  ) as DemoCredentials[];
  const server = await startServer(config, logger);
  if (server.demo) throw new Error('the copied demo data directory was seeded again');
  return { ...server, demo: { file: path.join(config.dataDir, 'demo-users.txt'), credentials } };
}
