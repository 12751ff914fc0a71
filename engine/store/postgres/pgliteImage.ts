/**
 * A prepared image of the embedded database (issue 19, part 3): PGlite's data directory right
 * after initdb and every shipped migration, dumped as one gzip'd tar. A first start on an empty
 * DATA_DIR loads it instead of running initdb (which costs most of a first start: 3 s on a quiet
 * machine, 15–20 s on a busy one). The image is named by PGlite's version and the migrations' ids
 * and checksums, so a changed PGlite or migration set never loads a stale image; without a matching
 * image the first start runs initdb as before.
 *
 * `npm run prepare-db-image` writes it (run it once after `npm ci`, e.g. in the image build); it goes
 * to KANCELEJA_IMAGE_DIR, by default node_modules/.cache/kanceleja.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Migration } from './migrate.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function pgliteVersion(): string {
  try {
    const file = path.join(root, 'node_modules/@electric-sql/pglite/package.json');
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export function imageDirectory(): string {
  return process.env.KANCELEJA_IMAGE_DIR || path.join(root, 'node_modules/.cache/kanceleja');
}

/** Where the image for this PGlite and these migrations is (or would be). */
export function imageFile(migrations: readonly Migration[]): string {
  const hash = createHash('sha256').update(pgliteVersion());
  for (const migration of migrations) hash.update(`\n${migration.id}:${migration.checksum}`);
  return path.join(imageDirectory(), `pglite-${pgliteVersion()}-${hash.digest('hex').slice(0, 16)}.tar.gz`);
}

/** The image's bytes when one matches and `dataDir` holds no database yet; else null. */
export async function imageFor(dataDir: string, migrations: readonly Migration[]): Promise<Blob | null> {
  if (existsSync(path.join(dataDir, 'PG_VERSION'))) return null;
  const file = imageFile(migrations);
  if (!existsSync(file)) return null;
  return new Blob([await readFile(file)]);
}

/** Builds the image (initdb, every migration, dump) and writes it atomically; returns its path. */
export async function buildImage(migrations: Migration[]): Promise<string> {
  const { migrate } = await import('./migrate.js');
  const { openPgliteDb } = await import('./pgliteDb.js');
  const file = imageFile(migrations);
  await mkdir(path.dirname(file), { recursive: true });
  const scratch = await mkdtemp(`${file}.building-`);
  try {
    const db = await openPgliteDb(path.join(scratch, 'pgdata'));
    try {
      await migrate(db, migrations);
    } finally {
      await db.close();
    }
    const { PGlite } = await import('@electric-sql/pglite');
    const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
    const pglite = await PGlite.create(path.join(scratch, 'pgdata'), { extensions: { pg_trgm } });
    try {
      const dump = await pglite.dumpDataDir('gzip');
      await writeFile(path.join(scratch, 'image.tar.gz'), Buffer.from(await dump.arrayBuffer()));
    } finally {
      await pglite.close();
    }
    await rename(path.join(scratch, 'image.tar.gz'), file);
    return file;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
