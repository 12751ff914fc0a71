/**
 * Versioned SQL migrations: `NNNN_name.sql` files applied in order, each in its own transaction,
 * recorded with a checksum in `schema_migrations`. An advisory lock makes concurrent starts safe:
 * a second process waits, then finds the migration applied and skips it.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { StartupError } from '../../errors.js';
import type { Db } from '../db.js';

export interface Migration {
  id: string;
  sql: string;
  checksum: string;
}

export const SHIPPED_MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Arbitrary, fixed: the key of the lock all Kanceleja processes take while migrating. */
const MIGRATION_LOCK_KEY = 7_305_190_412;

export async function loadMigrations(dir: string = SHIPPED_MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((name) => /^\d{4}_[a-z0-9_]+\.sql$/.test(name)).sort();
  return Promise.all(
    files.map(async (file) => {
      const sql = await readFile(path.join(dir, file), 'utf8');
      return {
        id: file.replace(/\.sql$/, ''),
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    }),
  );
}

/** Applies the pending migrations; returns the ids applied now and the newest applied overall. */
export async function migrate(
  db: Db,
  migrations: Migration[],
): Promise<{ applied: string[]; current: string | null }> {
  const applied: string[] = [];
  for (const migration of migrations) {
    try {
      const ran = await db.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
        await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
          id text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
        const [done] = await tx.query<{ checksum: string }>(
          'SELECT checksum FROM schema_migrations WHERE id = $1',
          [migration.id],
        );
        if (done) {
          if (done.checksum !== migration.checksum) {
            throw new StartupError(
              `migration ${migration.id} was changed after it had been applied; restore the original file`,
            );
          }
          return false;
        }
        await tx.exec(migration.sql);
        await tx.query('INSERT INTO schema_migrations (id, checksum) VALUES ($1, $2)', [
          migration.id,
          migration.checksum,
        ]);
        return true;
      });
      if (ran) applied.push(migration.id);
    } catch (error) {
      if (error instanceof StartupError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new StartupError(`migration ${migration.id} failed and was rolled back: ${reason}`, {
        cause: error,
      });
    }
  }
  return { applied, current: await currentMigration(db) };
}

export async function currentMigration(db: Pick<Db, 'query'>): Promise<string | null> {
  const [row] = await db.query<{ id: string | null }>('SELECT max(id) AS id FROM schema_migrations');
  return row?.id ?? null;
}
