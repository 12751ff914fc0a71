/** `npm start` as an administrator meets it: a real process, its exit code and what it prints. */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openPgPoolDb } from '../engine/store/postgres/pgPoolDb.js';
import { postgresUrl } from '../test/support/storeAdapters.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface Started {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function start(env: Record<string, string>): Started {
  const { NODE_OPTIONS: _ignored, DATABASE_URL: _notThis, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'web/main.ts'], {
    cwd: root,
    env: { ...inherited, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Resolves with the URL from the `listening` log line; rejects if the process exits first. */
function listening(started: Started): Promise<string> {
  return new Promise((resolve, reject) => {
    const look = () => {
      const match = /"url":"([^"]+)","store":"[a-z]+","msg":"listening"/.exec(started.stdout());
      if (match?.[1]) resolve(match[1]);
    };
    started.child.stdout?.on('data', look);
    void started.exited.then((code) => reject(new Error(`exited with ${code}: ${started.stderr()}`)));
  });
}

/** Resolves once `condition` holds, checking every 20 ms for up to 10 s (then the assertion after it tells). */
async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; waited < 10_000 && !condition(); waited += 20) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A new, empty database on the test server; `drop` removes it. */
async function aFreshDatabase(
  serverUrl: string,
): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `kanceleja_main_${randomBytes(4).toString('hex')}`;
  const admin = await openPgPoolDb({ url: serverUrl, poolSize: 1 });
  await admin.exec(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.close();
    },
  };
}

// Starting a server seeds seven argon2 passwords and migrates a database: on a busy 2-core machine
// one start can take tens of seconds.
const STARTS = 180_000;

describe('npm start', () => {
  let dataDir: string;
  let scratch: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'kanceleja-main-'));
    scratch = await mkdtemp(path.join(tmpdir(), 'kanceleja-scratch-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
    await rm(scratch, { recursive: true, force: true });
  });

  it(
    'serves health on the embedded database, prints the demo passwords once, and stops on SIGTERM',
    async () => {
      const server = start({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' });
      const url = await listening(server);

      const health = await fetch(`${url}/api/health`, { headers: { 'X-Request-Id': 'probe-1' } });
      expect(await health.json()).toMatchObject({ status: 'ok', store: 'pglite' });
      const demoUsers = await readFile(path.join(dataDir, 'demo-users.txt'), 'utf8');
      expect(server.stdout()).toContain('Demo municipality created');
      expect(server.stdout()).toContain(demoUsers.split('\n')[0]?.split(' ')[1]);
      // Every line logged for the request carries its id.
      // The line may reach our end of the pipe just after the response does.
      await until(() => /"reqId":"probe-1".*"msg":"request completed"/.test(server.stdout()));
      expect(server.stdout()).toMatch(/"reqId":"probe-1".*"msg":"request completed"/);

      // A second server on the same directory is refused while the first runs.
      const intruder = start({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' });
      expect(await intruder.exited).toBe(1);
      expect(intruder.stderr()).toBe(
        `kanceleja: cannot start: the data directory ${dataDir} is in use by another Kanceleja process (pid ${server.child.pid}); stop it first\n`,
      );

      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      expect(server.stdout()).toContain('"msg":"stopped"');

      const again = start({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' });
      const againUrl = await listening(again);
      expect((await fetch(`${againUrl}/api/health`)).status).toBe(200);
      expect(again.stdout()).not.toContain('Demo municipality created');
      again.child.kill('SIGTERM');
      expect(await again.exited).toBe(0);
    },
    STARTS,
  );

  const onPostgres = postgresUrl() ? it : it.skip;

  onPostgres(
    "on a PostgreSQL server: creates a DATA_DIR that does not exist, and keeps the embedded database's demo passwords",
    async () => {
      const database = await aFreshDatabase(postgresUrl()!);
      const newDataDir = path.join(scratch, 'not', 'there', 'yet');
      const embeddedPasswords = await readFile(path.join(dataDir, 'demo-users.txt'), 'utf8');
      try {
        // when: a first start on the server, with a DATA_DIR that does not exist
        const first = start({
          DATA_DIR: newDataDir,
          PORT: '0',
          HOST: '127.0.0.1',
          DATABASE_URL: database.url,
        });
        const url = await listening(first);

        // then: seeded, and the passwords kept in a file named after the server and database
        const host = new URL(database.url).hostname;
        const file = `demo-users-${host}-${database.name}.txt`;
        expect(await (await fetch(`${url}/api/health`)).json()).toMatchObject({
          status: 'ok',
          store: 'postgres',
        });
        expect(first.stdout()).toContain(`kept in ${path.join(newDataDir, file)}`);
        const lines = (await readFile(path.join(newDataDir, file), 'utf8')).trim().split('\n');
        expect(lines).toHaveLength(7);
        const [username, password] = lines[0]!.split(' ');
        expect(first.stdout()).toContain(password);
        const login = await fetch(`${url}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username, password }),
        });
        expect(login.status).toBe(200);
        first.child.kill('SIGTERM');
        expect(await first.exited).toBe(0);

        // when: the same server database started with the DATA_DIR of the embedded installation
        const database2 = await aFreshDatabase(postgresUrl()!);
        try {
          const shared = start({
            DATA_DIR: dataDir,
            PORT: '0',
            HOST: '127.0.0.1',
            DATABASE_URL: database2.url,
          });
          await listening(shared);
          shared.child.kill('SIGTERM');
          expect(await shared.exited).toBe(0);

          // then: the embedded database's passwords are untouched beside the server's own file
          expect(await readFile(path.join(dataDir, 'demo-users.txt'), 'utf8')).toBe(embeddedPasswords);
          expect((await readdir(dataDir)).filter((name) => name.startsWith('demo-users')).sort()).toEqual([
            `demo-users-${host}-${database2.name}.txt`,
            'demo-users.txt',
          ]);
        } finally {
          await database2.drop();
        }
      } finally {
        await database.drop();
      }
    },
    STARTS,
  );

  it('exits with every configuration problem listed', async () => {
    const started = start({ DATA_DIR: dataDir, PORT: '99999', DATABASE_URL: 'mysql://db/kanceleja' });

    expect(await started.exited).toBe(1);
    expect(started.stderr()).toBe(
      'kanceleja: cannot start: invalid configuration:\n' +
        '  - PORT: must be a whole number from 0 to 65535, got "99999"\n' +
        '  - DATABASE_URL: not a postgres:// URL\n',
    );
  });

  it('exits with a readable message when the PostgreSQL server cannot be reached', async () => {
    const started = start({
      DATA_DIR: dataDir,
      PORT: '0',
      DATABASE_URL: 'postgres://kanceleja@127.0.0.1:1/kanceleja',
    });

    expect(await started.exited).toBe(1);
    expect(started.stderr()).toMatch(
      /^kanceleja: cannot start: cannot connect to PostgreSQL at 127\.0\.0\.1:1\/kanceleja: .*ECONNREFUSED.*\n$/,
    );
  });

  it('exits with a readable message when the data directory cannot be written', async () => {
    const notADirectory = path.join(scratch, 'a-file');
    await writeFile(notADirectory, 'x');

    const started = start({ DATA_DIR: path.join(notADirectory, 'data'), PORT: '0' });

    expect(await started.exited).toBe(1);
    expect(started.stderr()).toBe(
      `kanceleja: cannot start: the data directory ${path.join(notADirectory, 'data')} cannot be written (ENOTDIR); check DATA_DIR and its permissions\n`,
    );
  });
});
