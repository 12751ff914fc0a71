/**
 * `npm run backup` / `npm run restore` as an operator runs them (child processes on DATA_DIR): a demo
 * installation with documents and attachments is backed up, wiped, restored and started again.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { openPgliteDb } from '../store/postgres/pgliteDb.js';
import { startServer } from '../../web/server.js';
import { browserClient, json } from '../../test/support/browserClient.js';
import { startDemoDataServer } from '../../test/support/demoServer.js';
import { samplePdf } from '../../test/support/samplePdf.js';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs an npm script's entry as `npm run` does, on `dataDir` and the embedded database. */
function runScript(entry: string, args: string[], dataDir: string): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
  delete env.DATABASE_URL;
  delete env.NODE_OPTIONS;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', entry, ...args],
      { cwd: ROOT, env, timeout: 300_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 99) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const backup = (file: string, dataDir: string) => runScript('engine/backup/backupMain.ts', [file], dataDir);
const restore = (args: string[], dataDir: string) => runScript('engine/backup/restoreMain.ts', args, dataDir);

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Every document, attachment and audit event of the stopped installation's database. */
async function contentsOf(dataDir: string) {
  const db = await openPgliteDb(path.join(dataDir, 'pgdata'));
  try {
    return {
      documents: await db.query<{ id: string; registration_number: string | null }>(
        'SELECT id, registration_number FROM documents ORDER BY id',
      ),
      attachments: await db.query<{ id: string; sha256: string; size: number }>(
        'SELECT id, sha256, size FROM attachments ORDER BY id',
      ),
      audit: await db.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_events ORDER BY seq'),
    };
  } finally {
    await db.close();
  }
}

describe('npm run backup and npm run restore on the embedded database', () => {
  let work: string;
  let dataDir: string;
  let registrarPassword: string;
  const registered: { id: string; attachments: { id: string; sha256: string }[] }[] = [];

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'kanceleja-backup-'));
    dataDir = path.join(work, 'data');
    const server = await startDemoDataServer({
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      SCHEDULER_INTERVAL_SECONDS: '0',
    });
    try {
      registrarPassword = server.demo?.credentials.find((c) => c.username === 'registrar')?.password ?? '';
      const browser = browserClient(server.url);
      const login = await browser.fetch(
        '/api/auth/login',
        json({ username: 'registrar', password: registrarPassword }),
      );
      const { csrfToken } = (await login.json()) as { csrfToken: string };
      for (const [subject, files] of [
        ['Par ielas apgaismojumu', [{ bytes: await samplePdf(['Vēstule']), name: 'vestule.pdf' }]],
        [
          'Par kokiem',
          [
            { bytes: new TextEncoder().encode('Koku saraksts\n'), name: 'koki.txt' },
            { bytes: await samplePdf(['Plāns']), name: 'plans.pdf' },
          ],
        ],
      ] as const) {
        const form = new FormData();
        form.set('document', JSON.stringify({ register: 'IEN', subject }));
        for (const file of files) form.append('files', new Blob([file.bytes]), file.name);
        const response = await browser.fetch('/api/documents', {
          method: 'POST',
          headers: { 'x-csrf-token': csrfToken },
          body: form,
        });
        expect(response.status).toBe(201);
        const document = (await response.json()) as { id: string; attachments: { id: string }[] };
        registered.push({
          id: document.id,
          attachments: document.attachments.map((attachment, index) => ({
            id: attachment.id,
            sha256: sha256(files[index]!.bytes),
          })),
        });
      }

      // A running server holds DATA_DIR: the backup is refused, naming it.
      const refused = await backup(path.join(work, 'refused.tar'), dataDir);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/in use by another Kanceleja process \(pid \d+\); stop it first/);
    } finally {
      await server.stop();
    }
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('backs up, wipes, restores, and the server finds every document, attachment and audit event', async () => {
    // given
    const before = await contentsOf(dataDir);
    expect(before.attachments.length).toBeGreaterThanOrEqual(3);
    const archive = path.join(work, 'kanceleja.tar');

    // when
    const taken = await backup(archive, dataDir);
    await rm(dataDir, { recursive: true, force: true });
    const restored = await restore([archive], dataDir);

    // then
    expect(taken.stderr).toBe('');
    expect(taken.code).toBe(0);
    expect(taken.stdout).toContain(
      `${before.documents.length} documents, ${before.attachments.length} attachments`,
    );
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain(`audit trail intact: ${before.audit.length} events verified`);
    expect(await contentsOf(dataDir)).toEqual(before);

    const server = await startServer(
      loadConfig({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', SCHEDULER_INTERVAL_SECONDS: '0' }, '/'),
      createLogger('silent'),
    );
    try {
      expect(server.demo).toBeNull();
      for (const attachment of before.attachments) {
        const chunks: Uint8Array[] = [];
        for await (const chunk of await server.store.blobs.open(attachment.sha256))
          chunks.push(chunk as Uint8Array);
        expect(sha256(Buffer.concat(chunks))).toBe(attachment.sha256);
      }
      expect(await server.store.audit.verify()).toEqual({ ok: true, count: before.audit.length });
      const browser = browserClient(server.url);
      const login = await browser.fetch(
        '/api/auth/login',
        json({ username: 'registrar', password: registrarPassword }),
      );
      expect(login.status).toBe(200);
      for (const document of registered) {
        expect((await browser.fetch(`/api/documents/${document.id}`)).status).toBe(200);
        for (const attachment of document.attachments) {
          const download = await browser.fetch(`/api/attachments/${attachment.id}`);
          expect(download.status).toBe(200);
          expect(sha256(new Uint8Array(await download.arrayBuffer()))).toBe(attachment.sha256);
        }
      }
    } finally {
      await server.stop();
    }
    const verified = await runScript('engine/audit/verifyAuditMain.ts', [], dataDir);
    expect(verified.code).toBe(0);
    // The restored events, and the sign-in since: the chain goes on from the restored head.
    const count = Number(/audit trail intact: (\d+) events verified/.exec(verified.stdout)?.[1]);
    expect(count).toBeGreaterThan(before.audit.length);
  });

  it('refuses a DATA_DIR that is not empty unless --force, and a damaged archive before changing anything', async () => {
    // given
    const archive = path.join(work, 'again.tar');
    expect((await backup(archive, dataDir)).code).toBe(0);
    const damaged = path.join(work, 'damaged.tar');
    const bytes = await readFile(archive);
    // The last attachment file's first byte, inside the archive (its name is at the header's start).
    const [last] = (await contentsOf(dataDir)).attachments.slice(-1);
    const header = bytes.indexOf(Buffer.from(`blobs/${last!.sha256.slice(0, 2)}/`));
    expect(header).toBeGreaterThan(0);
    bytes[header + 512] = bytes[header + 512]! ^ 0xff;
    await writeFile(damaged, bytes);

    // when
    const notEmpty = await restore([archive], dataDir);
    const refusedDamaged = await restore([damaged, '--force'], dataDir);
    const forced = await restore([archive, '--force'], dataDir);

    // then
    expect(notEmpty.code).toBe(2);
    expect(notEmpty.stderr).toMatch(/is not empty .*add --force/);
    expect(refusedDamaged.code).toBe(2);
    expect(refusedDamaged.stderr).toMatch(
      /is damaged; nothing was restored:[\s\S]*does not match its SHA-256/,
    );
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('audit trail intact');
  });
});
