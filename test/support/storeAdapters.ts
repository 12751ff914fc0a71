/**
 * The store adapters a test or benchmark can run against: PGlite always, a PostgreSQL server when
 * TEST_DATABASE_URL or DATABASE_URL is set. An adapter hands out stores (`createStore`), never a
 * query language; a second adapter adds itself to `storeAdapters` and runs the contract suite.
 * Each opened store is fresh (its own PGlite, or its own schema on the server) and migrated;
 * `dispose` removes it. Under jest a PGlite database is a copy
 * of a directory prepared once per run (see pgliteTemplates.ts); elsewhere a new in-memory one.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from '../../engine/store/db.js';
import type { Store } from '../../engine/store/ports.js';
import type { StoreFixtures } from '../../engine/store/testFixturePorts.js';
import { loadMigrations, migrate } from '../../engine/store/postgres/migrate.js';
import { openPgliteDb } from '../../engine/store/postgres/pgliteDb.js';
import { openPgPoolDb } from '../../engine/store/postgres/pgPoolDb.js';
import { postgresFixtures } from '../../engine/store/postgres/postgresFixtures.js';
import { postgresStore } from '../../engine/store/postgres/postgresStore.js';
import { initdbTemplate, migratedTemplate, openPgliteCopy, templatesRoot } from './pgliteTemplates.js';

export interface TestDatabase {
  /** The unmigrated database; `dispose` removes it. */
  db: Db;
  dispose(): Promise<void>;
}

/** A fresh, migrated, empty store; `dispose` removes it. */
export interface TestStore {
  store: Store;
  /** What the contract suite may do behind the port (testFixturePorts.ts). */
  fixtures: StoreFixtures;
  dispose(): Promise<void>;
}

/** What a store adapter gives the tests: stores, through the port only. */
export interface StoreAdapter<Opened extends TestStore = TestStore> {
  name: 'pglite' | 'postgres';
  /** Why this adapter cannot run here, or null. */
  skipReason: string | null;
  createStore(options?: { poolSize?: number }): Promise<Opened>;
}

/** A PostgreSQL store (either driver) with its SQL connection, for checks of the adapter itself. */
export interface SqlTestStore extends TestStore {
  db: Db;
}

/** The PostgreSQL adapter on one driver: stores with their connection, and bare databases to migrate. */
export interface SqlStoreAdapter extends StoreAdapter<SqlTestStore> {
  /** A fresh, empty, unmigrated database. */
  createDatabase(options?: { poolSize?: number }): Promise<TestDatabase>;
}

export const postgresUrl = (): string | undefined =>
  process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;

/** A migrated PostgreSQL store over `database`. */
async function migratedStore(database: TestDatabase): Promise<SqlTestStore> {
  // On a prepared copy this finds every migration applied (and would fail on an edited one).
  await migrate(database.db, await loadMigrations());
  return {
    store: postgresStore(database.db),
    db: database.db,
    fixtures: postgresFixtures(database.db),
    dispose: database.dispose,
  };
}

const pgliteAdapter: SqlStoreAdapter = {
  name: 'pglite',
  skipReason: null,
  async createDatabase() {
    if (templatesRoot()) return openPgliteCopy(await initdbTemplate());
    const db = await openPgliteDb();
    return { db, dispose: () => db.close() };
  },
  async createStore() {
    return migratedStore(
      templatesRoot() ? await openPgliteCopy(await migratedTemplate()) : await pgliteAdapter.createDatabase(),
    );
  },
};

const postgresAdapter: SqlStoreAdapter = {
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
  async createStore(options) {
    return migratedStore(await postgresAdapter.createDatabase(options));
  },
};

/** Every adapter there is; today the PostgreSQL one on its two drivers. */
export const storeAdapters: SqlStoreAdapter[] = [pgliteAdapter, postgresAdapter];

/**
 * A fresh, migrated store on `adapter`, with whatever else that adapter's stores carry (the SQL
 * adapters: `db`, for tests of the adapter itself; the contract suite does not use it).
 */
export function createTestStore<Opened extends TestStore>(
  adapter: StoreAdapter<Opened>,
  options?: { poolSize?: number },
): Promise<Opened> {
  return adapter.createStore(options);
}
