/** `npm start` as an administrator meets it: a real process, its exit code and what it prints. */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

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

  it('serves health on the embedded database, prints the demo passwords once, and stops on SIGTERM', async () => {
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
  });

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
