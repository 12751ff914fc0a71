/** Opens the configured store, migrated and ready: PGlite in DATA_DIR, or a PostgreSQL server. */
import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { StoreConfig } from '../config.js';
import { StartupError } from '../errors.js';
import type { Db } from './db.js';
import type { Store } from './ports.js';
import { fileBlobStore } from './blobs/fileBlobStore.js';
import { lockDataDir } from './postgres/dataDirLock.js';
import { currentMigration, loadMigrations, migrate } from './postgres/migrate.js';
import { openPgPoolDb } from './postgres/pgPoolDb.js';
import { postgresStore } from './postgres/postgresStore.js';

export interface OpenedStore {
  store: Store;
  /** Migrations applied during this opening. */
  applied: string[];
}

function ensureWritableDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new StartupError(
      `the data directory ${dir} cannot be written (${reason}); check DATA_DIR and its permissions`,
    );
  }
}

/** Where a connection URL points, without its password, for messages. */
function describeServer(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return 'the configured server';
  }
}

export interface OpenStoreOptions {
  dataDir: string;
  /** Attachment bytes as files under DATA_DIR/blobs (default), or inside the database. */
  blobStore?: 'files' | 'database';
  /**
   * False for tools that only read (audit:verify): the schema is neither created nor upgraded, and
   * a database that Kanceleja never set up is refused rather than created.
   */
  migrate?: boolean;
}

export async function openStore(config: StoreConfig, options: OpenStoreOptions): Promise<OpenedStore> {
  const migrations = await loadMigrations();
  const migrating = options.migrate ?? true;
  if (!migrating && config.kind === 'pglite' && !existsSync(config.dataDir)) {
    throw new StartupError(`there is no embedded database in ${config.dataDir}; check DATA_DIR`);
  }
  let db: Db;
  let release = () => {};
  // Also on a PostgreSQL server: DATA_DIR keeps attachment files, the session secret, demo passwords.
  ensureWritableDir(options.dataDir);
  if (config.kind === 'pglite') {
    release = lockDataDir(options.dataDir);
    try {
      // Loaded only here: a server on PostgreSQL does not carry PGlite's module (about 45 MB).
      const { openPgliteDb } = await import('./postgres/pgliteDb.js');
      // A first start loads the prepared image when there is one (npm run prepare-db-image).
      const { imageFor } = await import('./postgres/pgliteImage.js');
      db = await openPgliteDb(config.dataDir, { image: await imageFor(config.dataDir, migrations) });
    } catch (error) {
      release();
      throw new StartupError(`cannot open the embedded database in ${config.dataDir}: ${String(error)}`, {
        cause: error,
      });
    }
  } else {
    try {
      db = await openPgPoolDb({ url: config.url, poolSize: config.poolSize });
    } catch (error) {
      const reason =
        error instanceof Error ? error.message || (error as NodeJS.ErrnoException).code : String(error);
      throw new StartupError(`cannot connect to PostgreSQL at ${describeServer(config.url)}: ${reason}`, {
        cause: error,
      });
    }
  }
  try {
    let applied: string[] = [];
    if (migrating) ({ applied } = await migrate(db, migrations));
    else if ((await currentMigration(db).catch(() => null)) === null) {
      throw new StartupError('the database has no Kanceleja schema: start the server on it once first');
    }
    const blobs =
      options.blobStore === 'database' ? undefined : fileBlobStore(path.join(options.dataDir, 'blobs'));
    const store = postgresStore(db, { onClose: release, blobs });
    // Read once at start, while nothing else runs: the first health check then never queues behind
    // a workflow step on the embedded database's one connection.
    await store.migration();
    return { store, applied };
  } catch (error) {
    await db.close().catch(() => {});
    release();
    throw error;
  }
}
