/**
 * The store adapters a test or benchmark can run against: PGlite always, a PostgreSQL server when
 * TEST_DATABASE_URL or DATABASE_URL is set. Each opened store is fresh (its own PGlite, or its own
 * schema on the server) and migrated; `dispose` removes it. Under jest a PGlite database is a copy
 * of a directory prepared once per run (see pgliteTemplates.ts); elsewhere a new in-memory one.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from '../../engine/store/db.js';
import type { Store } from '../../engine/store/ports.js';
import { loadMigrations, migrate } from '../../engine/store/postgres/migrate.js';
import { openPgliteDb } from '../../engine/store/postgres/pgliteDb.js';
import { openPgPoolDb } from '../../engine/store/postgres/pgPoolDb.js';
import { postgresStore } from '../../engine/store/postgres/postgresStore.js';
import { initdbTemplate, migratedTemplate, openPgliteCopy, templatesRoot } from './pgliteTemplates.js';

export interface TestDatabase {
  /** The unmigrated database; `dispose` removes it. */
  db: Db;
  dispose(): Promise<void>;
}

export interface StoreAdapter {
  name: 'pglite' | 'postgres';
  /** Why this adapter cannot run here, or null. */
  skipReason: string | null;
  /** A fresh, empty database. */
  createDatabase(options?: { poolSize?: number }): Promise<TestDatabase>;
}

export const postgresUrl = (): string | undefined =>
  process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;

const pgliteAdapter: StoreAdapter = {
  name: 'pglite',
  skipReason: null,
  async createDatabase() {
    if (templatesRoot()) return openPgliteCopy(await initdbTemplate());
    const db = await openPgliteDb();
    return { db, dispose: () => db.close() };
  },
};

const postgresAdapter: StoreAdapter = {
  name: 'postgres',
  skipReason: postgresUrl() ? null : 'neither TEST_DATABASE_URL nor DATABASE_URL is set',
  async createDatabase(options = {}) {
    const url = postgresUrl();
    if (!url) throw new Error('no PostgreSQL server configured');
    const schema = `test_${randomBytes(6).toString('hex')}`;
    const admin = await openPgPoolDb({ url, poolSize: 1 });
    await admin.exec(`CREATE SCHEMA ${schema}`);
    const db = await openPgPoolDb({ url, schema, poolSize: options.poolSize ?? 10 });
    return {
      db,
      async dispose() {
        await db.close();
        await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
        await admin.close();
      },
    };
  },
};

export const storeAdapters: StoreAdapter[] = [pgliteAdapter, postgresAdapter];

/** A fresh, migrated store on `adapter`. */
export async function createTestStore(
  adapter: StoreAdapter,
  options?: { poolSize?: number },
): Promise<{ store: Store; db: Db; dispose(): Promise<void> }> {
  const database =
    adapter.name === 'pglite' && templatesRoot()
      ? await openPgliteCopy(await migratedTemplate())
      : await adapter.createDatabase(options);
  // On a prepared copy this finds every migration applied (and would fail on an edited one).
  await migrate(database.db, await loadMigrations());
  return { store: postgresStore(database.db), db: database.db, dispose: database.dispose };
}
