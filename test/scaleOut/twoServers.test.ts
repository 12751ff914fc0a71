/**
 * Two app servers on one PostgreSQL database (issue 19, part 3): two real `npm start` processes on
 * different ports with the same DATABASE_URL and SESSION_SECRET, each with a data directory of its
 * own (attachments in the database), both running the scheduler and the mail sender against one
 * SMTP sink. Under load at once — registrations and process starts through both, timers due, a
 * batch of outbox mails, a journal printed as a job — every job is done exactly once: each timer
 * fires once, each mail reaches the sink once, the print job ends once and downloads the same from
 * both servers; no update is lost: registrations through both stay gapless and unique, and each task
 * completed through both servers at once is completed once; a session made on one server is valid
 * on the other. Runs only where a PostgreSQL server is configured (DATABASE_URL).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import type { Db } from '../../engine/store/db.js';
import { openPgPoolDb } from '../../engine/store/postgres/pgPoolDb.js';
import { postgresStore } from '../../engine/store/postgres/postgresStore.js';
import { startSmtpSink } from '../notifications/smtpSink.js';
import { postgresUrl } from '../support/storeAdapters.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const REGISTRATIONS = 40;
const TIMER_INSTANCES = 20;
const MAILS = 40;
const KEY = 'twoServersTimer';

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
    env: { ...inherited, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | string | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal)),
  );
  const url = new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"url":"([^"]+)","store":"[a-z]+","msg":"listening"/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then((code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
  url.catch(() => undefined);
  return { child, url, exited, output: () => output };
}

/** One browser (one cookie jar) that sends each request to whichever server it is told. */
function browser() {
  const cookies = new Map<string, string>();
  let csrfToken = '';
  const send = async (base: string, route: string, init: RequestInit = {}): Promise<Response> => {
    const headers = new Headers(init.headers);
    if (cookies.size > 0) headers.set('cookie', [...cookies].map(([n, v]) => `${n}=${v}`).join('; '));
    if (csrfToken && init.method && init.method !== 'GET') headers.set('x-csrf-token', csrfToken);
    const response = await fetch(`${base}${route}`, { redirect: 'manual', ...init, headers });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    return response;
  };
  return {
    send,
    async logIn(base: string, username: string, password: string) {
      const login = await send(base, '/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
      csrfToken = ((await login.json()) as { csrfToken: string }).csrfToken;
    },
    post: (base: string, route: string, body: unknown) =>
      send(base, route, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
  };
}

const timerProcess = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
  id="defs" targetNamespace="https://kanceleja.test">
  <process id="${KEY}" name="Divi serveri" isExecutable="true">
    <startEvent id="start" />
    <sequenceFlow id="f1" sourceRef="start" targetRef="cooling" />
    <intermediateCatchEvent id="cooling"><timerEventDefinition><timeDuration>PT1S</timeDuration></timerEventDefinition></intermediateCatchEvent>
    <sequenceFlow id="f2" sourceRef="cooling" targetRef="decide" />
    <userTask id="decide" name="Izlemt" camunda:assignee="designer" />
    <sequenceFlow id="f3" sourceRef="decide" targetRef="end" />
    <endEvent id="end" />
  </process>
</definitions>`;

/** Polls `check` with a breath between tries until it is true; nothing here is timed tightly. */
async function eventually(what: string, check: () => Promise<boolean>, ms = 240_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`not within ${ms / 1000} s: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const BUDGET = 600_000;

describe('two app servers on one PostgreSQL database', () => {
  (postgresUrl() ? it : it.skip)(
    'under load: every job done once, no lost update, sessions valid on both',
    async () => {
      const name = `kanceleja_two_${randomBytes(4).toString('hex')}`;
      const admin = await openPgPoolDb({ url: postgresUrl()!, poolSize: 1 });
      await admin.exec(`CREATE DATABASE ${name}`);
      const url = new URL(postgresUrl()!);
      url.pathname = `/${name}`;
      const dirs = [
        await mkdtemp(path.join(tmpdir(), 'kanceleja-two-a-')),
        await mkdtemp(path.join(tmpdir(), 'kanceleja-two-b-')),
      ];
      const sink = await startSmtpSink();
      const servers: Server[] = [];
      let db: Db | undefined;
      try {
        const common = {
          DATABASE_URL: url.toString(),
          SESSION_SECRET: randomBytes(24).toString('hex'),
          BLOB_STORE: 'database',
          SMTP_URL: sink.url,
          SCHEDULER_INTERVAL_SECONDS: '1',
        };
        // A first: it migrates and seeds the demo municipality; then B on the same database.
        servers.push(startServer({ ...common, DATA_DIR: dirs[0]! }));
        const a = await servers[0]!.url;
        servers.push(startServer({ ...common, DATA_DIR: dirs[1]! }));
        const b = await servers[1]!.url;
        const both = [a, b];
        const passwords = new Map(
          (await readFile(path.join(dirs[0]!, `demo-users-${url.hostname}-${name}.txt`), 'utf8'))
            .split('\n')
            .filter(Boolean)
            .map((line) => line.split(' ') as [string, string]),
        );

        // Sessions: made on A, valid on B (and the CSRF token with them).
        const registrar = browser();
        await registrar.logIn(a, 'registrar', passwords.get('registrar')!);
        expect((await registrar.send(b, '/api/me')).status).toBe(200);
        const designer = browser();
        await designer.logIn(b, 'designer', passwords.get('designer')!);
        expect((await designer.send(a, '/api/me')).status).toBe(200);
        const deployed = await designer.send(a, '/api/processes', {
          method: 'POST',
          headers: { 'content-type': 'application/xml' },
          body: timerProcess,
        });
        expect(deployed.status).toBe(201);

        db = await openPgPoolDb({ url: url.toString(), poolSize: 4 });
        const store = postgresStore(db);
        const tag = randomBytes(3).toString('hex');

        // Load, all at once, spread over both servers.
        const registrations = Array.from({ length: REGISTRATIONS }, async (_, i) => {
          const answer = await registrar.post(both[i % 2]!, '/api/documents', {
            register: 'IEN',
            subject: `Divu serveru reģistrācija ${i + 1}`,
          });
          if (answer.status !== 201) throw new Error(`registration: ${answer.status} ${await answer.text()}`);
          return ((await answer.json()) as { registrationNumber: string }).registrationNumber;
        });
        const starts = Array.from({ length: TIMER_INSTANCES }, async (_, i) => {
          const answer = await designer.post(both[i % 2]!, `/api/processes/${KEY}/start`, {});
          if (answer.status !== 201) throw new Error(`start: ${answer.status} ${await answer.text()}`);
          return ((await answer.json()) as { instanceId: string }).instanceId;
        });
        const mails = Array.from({ length: MAILS }, (_, i) =>
          store.mailOutbox.enqueue({
            recipient: `person${i}@example.test`,
            subject: `two-servers ${tag} ${i}`,
            body: `Vēstule ${i}`,
            createdAt: new Date(),
          }),
        );
        const printing = (async () => {
          const today = new Date().toISOString().slice(0, 10);
          const started = await registrar.send(a, '/reports/jobs', {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({
              register: 'IEN',
              from: `${today.slice(0, 4)}-01-01`,
              to: today,
              format: 'pdf',
              lang: 'lv',
            }).toString(),
          });
          expect(started.status).toBe(303);
          return started.headers.get('location') ?? '';
        })();
        const numbers = await Promise.all(registrations);
        const instanceIds = await Promise.all(starts);
        await Promise.all(mails);
        const jobPath = await printing;
        expect(jobPath).toMatch(/^\/reports\/jobs\/[0-9a-f-]{36}$/);

        // The print job, printed by A, followed and downloaded on B and on A alike.
        let status = 'running';
        await eventually('the print job ends', async () => {
          const progress = await registrar.send(b, jobPath, { headers: { accept: 'application/json' } });
          expect(progress.status).toBe(200);
          status = ((await progress.json()) as { status: string }).status;
          return status !== 'running';
        });
        expect(status).toBe('done');
        const files = await Promise.all(
          both.map(async (base) => {
            const file = await registrar.send(base, `${jobPath}/file`);
            expect(file.status).toBe(200);
            return Buffer.from(await file.arrayBuffer());
          }),
        );
        expect(files[0]!.subarray(0, 5).toString()).toBe('%PDF-');
        expect(files[1]!.equals(files[0]!)).toBe(true);
        const printJobs = await db.query<{ status: string; worker: string }>(
          'SELECT status, worker FROM print_jobs',
        );
        expect(printJobs).toHaveLength(1);
        expect(printJobs[0]?.status).toBe('done');

        // Registrations through both: every number once, gapless.
        expect(new Set(numbers).size).toBe(REGISTRATIONS);
        const sequences = await db.query<{ sequence: number }>(
          `SELECT d.sequence FROM documents d JOIN registers r ON r.id = d.register_id
            WHERE r.code = 'IEN' AND d.year = (SELECT max(year) FROM documents) ORDER BY d.sequence`,
        );
        expect(sequences.map((s) => s.sequence)).toEqual(sequences.map((_, i) => i + 1));

        // Timers: each fired once, by whichever server claimed it.
        await eventually('every timer fires', async () => {
          const [row] = await db!.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM tasks WHERE instance_id = ANY($1::uuid[]) AND element_id = 'decide'`,
            [instanceIds],
          );
          return row?.n === TIMER_INSTANCES;
        });
        const jobs = await db.query<{ instance_id: string; status: string; attempts: number }>(
          'SELECT instance_id, status, attempts FROM jobs WHERE instance_id = ANY($1::uuid[])',
          [instanceIds],
        );
        expect(jobs).toHaveLength(TIMER_INSTANCES);
        expect(jobs.filter((job) => job.status !== 'fired' || job.attempts !== 1)).toEqual([]);
        const fired = await db.query<{ instance_id: string; n: number }>(
          `SELECT instance_id, count(*)::int AS n FROM tasks
            WHERE instance_id = ANY($1::uuid[]) AND element_id = 'decide' GROUP BY instance_id`,
          [instanceIds],
        );
        expect(fired.filter((row) => row.n !== 1)).toEqual([]);

        // Each task completed through both servers at the same moment: completed once.
        const tasks = await db.query<{ id: string; instance_id: string }>(
          `SELECT id, instance_id FROM tasks WHERE instance_id = ANY($1::uuid[]) AND element_id = 'decide'`,
          [instanceIds],
        );
        const outcomes = await Promise.all(
          tasks.flatMap((task) =>
            both.map(
              async (base) => (await designer.post(base, `/api/tasks/${task.id}/complete`, {})).status,
            ),
          ),
        );
        const completedOnce = tasks.map((_, i) =>
          [outcomes[2 * i], outcomes[2 * i + 1]].filter((s) => s !== undefined && s < 300),
        );
        expect(completedOnce.filter((ok) => ok.length !== 1)).toEqual([]);
        expect(outcomes.filter((s) => s !== undefined && s >= 300 && s !== 409 && s !== 404)).toEqual([]);
        const ended = await db.query<{ status: string; n: number }>(
          `SELECT status, count(*)::int AS n FROM process_instances WHERE id = ANY($1::uuid[]) GROUP BY status`,
          [instanceIds],
        );
        expect(ended).toEqual([{ status: 'completed', n: TIMER_INSTANCES }]);
        const completions = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM audit_events
            WHERE action = 'task.completed' AND object_id = ANY($1::text[])`,
          [tasks.map((t) => t.id)],
        );
        expect(completions[0]?.n).toBe(TIMER_INSTANCES);

        // Mails: each reached the sink once, whichever server sent it.
        const ours = () => sink.received.filter((mail) => mail.subject.startsWith(`two-servers ${tag} `));
        await eventually('every mail is sent', async () => ours().length >= MAILS);
        await new Promise((resolve) => setTimeout(resolve, 3_000)); // a duplicate would come now
        const subjects = ours().map((mail) => mail.subject);
        expect(subjects).toHaveLength(MAILS);
        expect(new Set(subjects).size).toBe(MAILS);
        const outbox = await db.query<{ status: string; attempts: number }>(
          `SELECT status, attempts FROM mail_outbox WHERE subject LIKE $1`,
          [`two-servers ${tag} %`],
        );
        expect(outbox.filter((mail) => mail.status !== 'sent' || mail.attempts !== 1)).toEqual([]);

        // Both stop cleanly.
        for (const server of servers) server.child.kill('SIGTERM');
        expect(await Promise.all(servers.map((server) => server.exited))).toEqual([0, 0]);
      } catch (error) {
        for (const server of servers) process.stderr.write(server.output().slice(-4000));
        throw error;
      } finally {
        for (const server of servers) if (server.child.exitCode === null) server.child.kill('SIGKILL');
        await db?.close();
        await sink.close();
        await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.close();
        for (const dir of dirs) await rm(dir, { recursive: true, force: true });
      }
    },
    BUDGET,
  );
});
