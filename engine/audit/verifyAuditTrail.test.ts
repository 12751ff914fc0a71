import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { copyDirectory, migratedTemplate } from '../../test/support/pgliteTemplates.js';
import { postgresUrl } from '../../test/support/storeAdapters.js';
import { describeEachStore } from '../../test/support/testStores.js';
import type { Db } from '../store/db.js';
import { loadMigrations, migrate } from '../store/postgres/migrate.js';
import { openPgliteDb } from '../store/postgres/pgliteDb.js';
import { openPgPoolDb } from '../store/postgres/pgPoolDb.js';
import { postgresStore } from '../store/postgres/postgresStore.js';
import type { NewAuditEvent, Store } from '../store/ports.js';
import { verifyAuditTrail } from './verifyAuditTrail.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const anEvent = (n: number): NewAuditEvent => ({
  actorId: null,
  actorName: 'Anna Bērziņa',
  action: 'document.registered',
  objectType: 'document',
  objectId: `doc-${n}`,
  details: { registrationNumber: `3-12/2026/${n}` },
});

async function appendEvents(store: Store, count: number): Promise<void> {
  for (let n = 1; n <= count; n += 1) await store.audit.append(anEvent(n));
}

/** What someone with the database owner's rights could do: switch the guard off and edit the trail. */
async function tamper(db: Pick<Db, 'exec'>, statement: string): Promise<void> {
  await db.exec('ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only');
  await db.exec(statement);
  await db.exec('ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only');
}

describeEachStore('verifyAuditTrail', (subject) => {
  it('reports an intact trail with the number of events verified', async () => {
    await appendEvents(subject.store, 3);

    expect(await verifyAuditTrail(subject.store)).toEqual({
      ok: true,
      verified: 3,
      message: 'audit trail intact: 3 events verified',
    });
  });

  it('names the first event whose row was changed behind the trail’s back', async () => {
    await tamper(subject.db, `UPDATE audit_events SET actor_name = 'Someone Else' WHERE seq = 2`);

    const report = await verifyAuditTrail(subject.store);

    expect(report).toMatchObject({
      ok: false,
      verified: 1,
      brokenAtSeq: 2,
      event: { seq: 2, objectId: 'doc-2' },
    });
    expect(report.message).toMatch(
      /^audit trail BROKEN at event #2: event #2 \(document\.registered on document doc-2, by Someone Else, at \d{4}-.*\) does not match its hash/,
    );
  });

  it('names an event removed from the end of the trail as missing', async () => {
    await tamper(subject.db, `UPDATE audit_events SET actor_name = 'Anna Bērziņa' WHERE seq = 2`);
    await tamper(subject.db, 'DELETE FROM audit_events WHERE seq = 3');

    const report = await verifyAuditTrail(subject.store);

    expect(report).toMatchObject({ ok: false, verified: 2, brokenAtSeq: 3, event: null });
    expect(report.message).toContain('event #3 is missing');
  });
});

/** `npm run audit:verify` as an operator runs it, with the server's environment. */
function auditVerify(
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { NODE_OPTIONS: _notThese, DATABASE_URL: _norThis, ...inherited } = process.env;
  const child = spawn('npm', ['run', '--silent', 'audit:verify'], {
    cwd: root,
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

describe('npm run audit:verify', () => {
  it('on the embedded database: exit 0 with the events verified, exit 1 naming the first broken one', async () => {
    // given: a DATA_DIR with an embedded database and a few events
    const dataDir = await mkdtemp(path.join(tmpdir(), 'kanceleja-audit-'));
    try {
      const pgdata = path.join(dataDir, 'pgdata');
      await copyDirectory(await migratedTemplate(), pgdata);
      let db = await openPgliteDb(pgdata);
      await appendEvents(postgresStore(db), 4);
      await db.close();

      // when / then: intact
      const intact = await auditVerify({ DATA_DIR: dataDir });
      expect(intact).toEqual({
        code: 0,
        stdout: 'kanceleja audit:verify: audit trail intact: 4 events verified\n',
        stderr: '',
      });

      // when / then: one event changed
      db = await openPgliteDb(pgdata);
      await tamper(
        db,
        `UPDATE audit_events SET details = '{"registrationNumber": "3-12/2026/99"}' WHERE seq = 3`,
      );
      await db.close();
      const broken = await auditVerify({ DATA_DIR: dataDir });
      expect(broken.code).toBe(1);
      expect(broken.stdout).toBe('');
      expect(broken.stderr).toMatch(
        /^kanceleja audit:verify: audit trail BROKEN at event #3: event #3 \(document\.registered on document doc-3, by Anna Bērziņa, at [^)]+\) does not match its hash: .*; the 2 events before it verify\n$/,
      );
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 180_000);

  it('exits 2 when there is no database to verify', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'kanceleja-audit-'));
    try {
      const result = await auditVerify({ DATA_DIR: dataDir });

      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        `kanceleja audit:verify: cannot verify: there is no embedded database in ${path.join(dataDir, 'pgdata')}; check DATA_DIR\n`,
      );
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  (postgresUrl() ? it : it.skip)(
    'on a PostgreSQL server: exit 0 with the events verified, exit 1 naming the first broken one',
    async () => {
      // given: a database of its own, migrated, with a few events
      const name = `kanceleja_audit_${randomBytes(4).toString('hex')}`;
      const admin = await openPgPoolDb({ url: postgresUrl()!, poolSize: 1 });
      await admin.exec(`CREATE DATABASE ${name}`);
      const url = new URL(postgresUrl()!);
      url.pathname = `/${name}`;
      const dataDir = await mkdtemp(path.join(tmpdir(), 'kanceleja-audit-'));
      const db = await openPgPoolDb({ url: url.toString(), poolSize: 2 });
      try {
        await migrate(db, await loadMigrations());
        await appendEvents(postgresStore(db), 5);

        const intact = await auditVerify({ DATA_DIR: dataDir, DATABASE_URL: url.toString() });
        expect(intact).toMatchObject({
          code: 0,
          stdout: 'kanceleja audit:verify: audit trail intact: 5 events verified\n',
        });

        await tamper(db, `UPDATE audit_events SET object_id = 'doc-x' WHERE seq = 4`);
        const broken = await auditVerify({ DATA_DIR: dataDir, DATABASE_URL: url.toString() });
        expect(broken.code).toBe(1);
        expect(broken.stderr).toContain(
          'audit trail BROKEN at event #4: event #4 (document.registered on document doc-x',
        );
      } finally {
        await db.close();
        await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.close();
        await rm(dataDir, { recursive: true, force: true });
      }
    },
    180_000,
  );
});
