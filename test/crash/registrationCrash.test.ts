/**
 * The proof that a registration the server acknowledged survives the server: 200 registrations at
 * once over HTTP, the server (a real `npm start` process) killed with SIGKILL part-way, started again.
 * Then every acknowledged (201) document is there with its number, the numbers of the register are
 * gapless and unique, every document has its process instance and its first task, and the audit
 * trail's hash chain verifies. On PGlite, and on a PostgreSQL server when one is configured.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { verifyAuditTrail } from '../../engine/audit/verifyAuditTrail.js';
import type { Db } from '../../engine/store/db.js';
import { openPgliteDb } from '../../engine/store/postgres/pgliteDb.js';
import { openPgPoolDb } from '../../engine/store/postgres/pgPoolDb.js';
import { postgresStore } from '../../engine/store/postgres/postgresStore.js';
import { browserClient } from '../support/browserClient.js';
import { copyDemoDataDir } from '../support/demoServer.js';
import { postgresUrl } from '../support/storeAdapters.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const REGISTRATIONS = 200;
/** Acknowledgements after which the server is killed: part-way, whatever the machine's speed. */
const KILL_AFTER = 40;

interface Server {
  child: ChildProcess;
  url: Promise<string>;
  exited: Promise<number | string | null>;
  output: () => string;
}

function startServer(env: Record<string, string>): Server {
  const { NODE_OPTIONS: _notThese, DATABASE_URL: _norThis, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'web/main.ts'], {
    cwd: root,
    env: {
      ...inherited,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      SCHEDULER_INTERVAL_SECONDS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | string | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal)),
  );
  const url = new Promise<string>((resolve, reject) => {
    const look = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"url":"([^"]+)","store":"[a-z]+","msg":"listening"/.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout?.on('data', look);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then((code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
  url.catch(() => undefined);
  return { child, url, exited, output: () => output };
}

interface Acknowledged {
  id: string;
  registrationNumber: string;
}

async function logIn(url: string, username: string, password: string) {
  const browser = browserClient(url);
  const login = await browser.fetch('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  /** The document acknowledged, or null when the connection was cut before an answer came. */
  return async (subject: string): Promise<Acknowledged | null> => {
    let response: Response;
    try {
      response = await browser.fetch('/api/documents', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken },
        body: JSON.stringify({ register: 'IEN', subject }),
      });
    } catch {
      return null;
    }
    const text = await response.text().catch(() => null);
    if (text === null) return null;
    // Any answer but 201 is a failure of its own (a 500 under load), not an effect of the kill.
    if (response.status !== 201) throw new Error(`registration answered ${response.status}: ${text}`);
    return JSON.parse(text) as Acknowledged;
  };
}

/** What the database holds after the crash and the restart, checked against what was acknowledged. */
async function checkStore(db: Db, acknowledged: Acknowledged[]): Promise<void> {
  const documents = await db.query<{
    id: string;
    sequence: number;
    registration_number: string;
    year: number;
  }>(
    `SELECT d.id, d.sequence, d.registration_number, d.year FROM documents d
       JOIN registers r ON r.id = d.register_id WHERE r.code = 'IEN' ORDER BY d.year, d.sequence`,
  );
  // Every acknowledged document is there, with the number it was acknowledged with.
  const stored = new Map(documents.map((d) => [d.id, d.registration_number]));
  expect(acknowledged.filter((a) => stored.get(a.id) !== a.registrationNumber)).toEqual([]);
  expect(documents.length).toBeGreaterThanOrEqual(acknowledged.length);
  // Numbers gapless and unique per register and year.
  const years = [...new Set(documents.map((d) => d.year))];
  for (const year of years) {
    const sequences = documents.filter((d) => d.year === year).map((d) => d.sequence);
    expect(sequences).toEqual(sequences.map((_, index) => index + 1));
  }
  expect(new Set(documents.map((d) => d.registration_number)).size).toBe(documents.length);
  // Every document has its process instance and that instance its first task.
  const unrouted = await db.query<{ id: string }>(
    `SELECT d.id FROM documents d JOIN registers r ON r.id = d.register_id
      WHERE r.code = 'IEN' AND NOT EXISTS (
        SELECT 1 FROM process_instances i JOIN tasks t ON t.instance_id = i.id
         WHERE i.business_key = d.id::text AND i.status = 'running' AND t.status = 'open')`,
  );
  expect(unrouted).toEqual([]);
  // The audit trail verifies, and names every registration.
  const store = postgresStore(db);
  expect(await verifyAuditTrail(store)).toMatchObject({ ok: true });
  const registered = await db.query<{ n: number }>(
    `SELECT count(DISTINCT object_id)::int AS n FROM audit_events
      WHERE object_type = 'document' AND object_id = ANY($1::text[])`,
    [documents.map((d) => d.id)],
  );
  expect(registered[0]?.n).toBe(documents.length);
}

/** 200 registrations at once; SIGKILL after the first acknowledgements; restart; one more. */
async function crashAndRestart(env: Record<string, string>, login: { username: string; password: string }) {
  const first = startServer(env);
  const register = await logIn(await first.url, login.username, login.password);
  const acknowledged: Acknowledged[] = [];
  const failures: string[] = [];
  let killed = false;
  const attempts = Array.from({ length: REGISTRATIONS }, async (_, i) => {
    try {
      // null: not acknowledged, the connection was cut by the kill. Such a registration may or may
      // not have been committed; either way the numbers must stay gapless.
      const ack = await register(`Crash test registration ${i + 1}`);
      if (ack) acknowledged.push(ack);
      if (!killed && acknowledged.length >= KILL_AFTER) {
        killed = true;
        first.child.kill('SIGKILL');
      }
    } catch (error) {
      failures.push(String(error));
    }
  });
  await Promise.all(attempts);
  expect(failures).toEqual([]);
  expect(await first.exited).toBe('SIGKILL');
  // Part-way: some were acknowledged, not all.
  expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER);
  expect(acknowledged.length).toBeLessThan(REGISTRATIONS);

  const again = startServer(env);
  try {
    const registerAgain = await logIn(await again.url, login.username, login.password);
    const after = await registerAgain('Registered after the restart');
    expect(after).not.toBeNull();
    acknowledged.push(after!);
  } finally {
    again.child.kill('SIGTERM');
  }
  expect(await again.exited).toBe(0);
  return acknowledged;
}

// Two server starts, 200 registrations and their processes: tens of seconds on a quiet machine,
// several times that on a busy 2-core one. Nothing here depends on how long it takes.
const BUDGET = 300_000;

describe('a server killed during 200 concurrent registrations', () => {
  it(
    'on PGlite: keeps every acknowledged document, gapless numbers, routes and the audit chain',
    async () => {
      const dataDir = await mkdtemp(path.join(tmpdir(), 'kanceleja-crash-'));
      try {
        const credentials = await copyDemoDataDir(dataDir);
        const registrar = credentials.find((c) => c.username === 'registrar')!;

        const acknowledged = await crashAndRestart({ DATA_DIR: dataDir }, registrar);

        const db = await openPgliteDb(path.join(dataDir, 'pgdata'));
        try {
          await checkStore(db, acknowledged);
        } finally {
          await db.close();
        }
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    },
    BUDGET,
  );

  (postgresUrl() ? it : it.skip)(
    'on PostgreSQL: keeps every acknowledged document, gapless numbers, routes and the audit chain',
    async () => {
      const name = `kanceleja_crash_${randomBytes(4).toString('hex')}`;
      const admin = await openPgPoolDb({ url: postgresUrl()!, poolSize: 1 });
      await admin.exec(`CREATE DATABASE ${name}`);
      const url = new URL(postgresUrl()!);
      url.pathname = `/${name}`;
      const dataDir = await mkdtemp(path.join(tmpdir(), 'kanceleja-crash-'));
      try {
        const env = { DATA_DIR: dataDir, DATABASE_URL: url.toString() };
        // The first start seeds the demo municipality into the new database; its passwords are kept.
        const seeding = startServer(env);
        await seeding.url;
        seeding.child.kill('SIGTERM');
        expect(await seeding.exited).toBe(0);
        const file = path.join(dataDir, `demo-users-${url.hostname}-${name}.txt`);
        const [username = '', password = ''] = (await readFile(file, 'utf8'))
          .split('\n')
          .find((line) => line.startsWith('registrar '))!
          .split(' ');

        const acknowledged = await crashAndRestart(env, { username, password });

        const db = await openPgPoolDb({ url: url.toString(), poolSize: 2 });
        try {
          await checkStore(db, acknowledged);
        } finally {
          await db.close();
        }
      } finally {
        await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.close();
        await rm(dataDir, { recursive: true, force: true });
      }
    },
    BUDGET,
  );
});
