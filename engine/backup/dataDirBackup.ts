/**
 * Backup and restore of an embedded installation: the PGlite data directory (its own dump, taken
 * with the database closed to everyone else), the attachment files of DATA_DIR/blobs, the session
 * secret and the demo passwords, in one tar archive with a manifest last: the migration, the counts
 * of documents, attachments and audit events, the audit chain's head, and the SHA-256 and size of
 * every file. A server must not be running on the directory: the data-directory lock is taken for
 * the whole run, so a running server (or a second backup) is refused with its pid.
 *
 * A PostgreSQL server is backed up with pg_dump and the blobs folder instead (docs/operations.md).
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { verifyAuditTrail } from '../audit/verifyAuditTrail.js';
import { StartupError } from '../errors.js';
import { LOCK_FILE_NAME, lockDataDir } from '../store/postgres/dataDirLock.js';
import { currentMigration } from '../store/postgres/migrate.js';
import { openPgliteDb } from '../store/postgres/pgliteDb.js';
import { postgresStore } from '../store/postgres/postgresStore.js';
import { auditHeadOf, type BackupCounts, countsOf, missingBlobsOf } from '../store/postgres/backupFigures.js';
import { VERSION } from '../version.js';

export const BACKUP_FORMAT = 'kanceleja-backup';
const FORMAT_VERSION = 1;
const DATABASE_ENTRY = 'pgdata.tar.gz';
const MANIFEST_ENTRY = 'manifest.json';
/** The files of DATA_DIR kept besides the database and the blobs. */
const KEPT_FILE = /^(session-secret|demo-users(-[\w.-]+)?\.txt)$/;
const BLOB_PATH = /^[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}$/;

export type { BackupCounts } from '../store/postgres/backupFigures.js';

export interface ArchivedFile {
  /** Path inside the archive. */
  name: string;
  sha256: string;
  size: number;
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  createdAt: string;
  kancelejaVersion: string;
  migration: string | null;
  counts: BackupCounts;
  /** The audit chain's newest event when the backup was taken. */
  auditHead: { seq: number; hash: string } | null;
  database: ArchivedFile;
  /** Attachment files: `blobs/ab/cd/<sha256>`; their name is their content's SHA-256. */
  blobs: ArchivedFile[];
  /** Other files of DATA_DIR: `files/session-secret`, `files/demo-users.txt`. */
  files: ArchivedFile[];
}

export interface BackupReport {
  file: string;
  manifest: BackupManifest;
  /** Attachments whose content is neither in DATA_DIR/blobs nor in the database. */
  missingBlobs: string[];
  /** Blob files whose content does not match their name (archived as they are, reported). */
  damagedBlobs: string[];
}

export interface RestoreReport {
  manifest: BackupManifest;
  counts: BackupCounts;
  /** `audit trail intact: N events verified`, or what broke. */
  audit: { ok: boolean; message: string };
  /** Attachments whose content is missing after the restore. */
  missingBlobs: string[];
}

/** A refusal with a message for the operator (exit 2): nothing was changed. */
export class BackupRefused extends StartupError {}

async function blobFiles(blobsDir: string): Promise<string[]> {
  if (!existsSync(blobsDir)) return [];
  const entries = await readdir(blobsDir, { recursive: true });
  return entries
    .map((entry) => entry.split(path.sep).join('/'))
    .filter((entry) => BLOB_PATH.test(entry))
    .sort();
}

function hasDatabase(pgdataDir: string): boolean {
  return existsSync(path.join(pgdataDir, 'PG_VERSION'));
}

/** Opens PGlite itself (not through openStore): the dump and the load are PGlite's own. */
async function pglite(pgdataDir: string, loadDataDir?: Blob) {
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  return PGlite.create(pgdataDir, { extensions: { pg_trgm }, ...(loadDataDir ? { loadDataDir } : {}) });
}

function hashing(into: { sha256: string; size: number }): Transform {
  const hash = createHash('sha256');
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      into.size += chunk.length;
      done(null, chunk);
    },
    flush(done) {
      into.sha256 = hash.digest('hex');
      done();
    },
  });
}

/** Adds one file to the archive, streamed, and returns its hash and size. */
async function addFile(pack: tar.Pack, name: string, file: string): Promise<ArchivedFile> {
  const { size } = await stat(file);
  const measured = { sha256: '', size: 0 };
  const entry = pack.entry({ name, size, mode: 0o600 });
  await pipeline(createReadStream(file), hashing(measured), entry);
  if (measured.size !== size) throw new Error(`${file} changed while it was archived`);
  return { name, ...measured };
}

function addBuffer(pack: tar.Pack, name: string, bytes: Buffer): ArchivedFile {
  pack.entry({ name, size: bytes.length, mode: 0o600 }, bytes);
  return { name, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length };
}

/**
 * Writes the backup of `dataDir` (its embedded database in `pgdataDir`) to `file`, which must not
 * exist. Takes the data-directory lock for the whole run.
 */
export async function backupDataDir(options: {
  dataDir: string;
  pgdataDir: string;
  file: string;
  now?: Date;
}): Promise<BackupReport> {
  const { dataDir, pgdataDir } = options;
  const file = path.resolve(options.file);
  if (!hasDatabase(pgdataDir)) {
    throw new BackupRefused(`there is no embedded database in ${pgdataDir}; check DATA_DIR`);
  }
  if (existsSync(file)) throw new BackupRefused(`${file} exists already; name a new file`);
  if (file.startsWith(`${path.resolve(dataDir)}${path.sep}`)) {
    throw new BackupRefused(`write the backup outside DATA_DIR (${dataDir}), not to ${file}`);
  }
  const release = lockDataDir(dataDir);
  const partial = `${file}.partial-${randomBytes(4).toString('hex')}`;
  try {
    // The database first, closed before the files are read: nothing writes while the lock is ours.
    const db = await pglite(pgdataDir);
    let counts: BackupCounts;
    let migration: string | null;
    let auditHead: BackupManifest['auditHead'];
    let databaseDump: Buffer;
    const onDisk = await blobFiles(path.join(dataDir, 'blobs'));
    let missingBlobs: string[];
    try {
      const queryable = { query: async <Row>(sql: string) => (await db.query<Row>(sql)).rows };
      migration = await currentMigration(queryable);
      counts = await countsOf(queryable);
      auditHead = await auditHeadOf(queryable);
      missingBlobs = await missingBlobsOf(queryable, new Set(onDisk.map((name) => path.basename(name))));
      databaseDump = Buffer.from(await (await db.dumpDataDir('gzip')).arrayBuffer());
    } finally {
      await db.close();
    }

    await mkdir(path.dirname(file), { recursive: true });
    const pack = tar.pack();
    const written = pipeline(pack, createWriteStream(partial, { mode: 0o600 }));
    let manifest: BackupManifest;
    const damagedBlobs: string[] = [];
    try {
      const database = addBuffer(pack, DATABASE_ENTRY, databaseDump);
      const blobs: ArchivedFile[] = [];
      for (const name of onDisk) {
        const archived = await addFile(pack, `blobs/${name}`, path.join(dataDir, 'blobs', name));
        if (archived.sha256 !== path.basename(name)) damagedBlobs.push(name);
        blobs.push(archived);
      }
      const files: ArchivedFile[] = [];
      for (const name of (await readdir(dataDir)).filter((entry) => KEPT_FILE.test(entry)).sort()) {
        files.push(await addFile(pack, `files/${name}`, path.join(dataDir, name)));
      }
      manifest = {
        format: BACKUP_FORMAT,
        formatVersion: FORMAT_VERSION,
        createdAt: (options.now ?? new Date()).toISOString(),
        kancelejaVersion: VERSION,
        migration,
        counts: { ...counts },
        auditHead,
        database,
        blobs,
        files,
      };
      pack.entry({ name: MANIFEST_ENTRY, mode: 0o600 }, `${JSON.stringify(manifest, null, 2)}\n`);
      pack.finalize();
      await written;
    } catch (error) {
      pack.destroy(error as Error);
      await written.catch(() => {});
      throw error;
    }
    await rename(partial, file);
    return { file, manifest, missingBlobs, damagedBlobs };
  } finally {
    await rm(partial, { force: true });
    release();
  }
}

/** Entries of the archive as the restore accepts them: nothing outside these names. */
function stagedPath(staging: string, name: string): string | null {
  if (name === MANIFEST_ENTRY || name === DATABASE_ENTRY) return path.join(staging, name);
  if (name.startsWith('blobs/') && BLOB_PATH.test(name.slice('blobs/'.length)))
    return path.join(staging, name);
  if (name.startsWith('files/') && KEPT_FILE.test(name.slice('files/'.length)))
    return path.join(staging, name);
  return null;
}

/** Unpacks `file` into `staging`, hashing every entry as it is written. */
async function unpack(file: string, staging: string): Promise<Map<string, { sha256: string; size: number }>> {
  const seen = new Map<string, { sha256: string; size: number }>();
  const extract = tar.extract();
  extract.on('entry', (header, source, next) => {
    // tar-stream's streams are streamx streams, which node's pipeline takes like its own.
    const stream = source as unknown as Readable;
    const target = header.type === 'file' ? stagedPath(staging, header.name) : null;
    if (!target || seen.has(header.name)) {
      stream.resume();
      extract.destroy(
        new BackupRefused(`${file} is not a Kanceleja backup: unexpected entry "${header.name}"`),
      );
      return;
    }
    const measured = { sha256: '', size: 0 };
    seen.set(header.name, measured);
    mkdir(path.dirname(target), { recursive: true })
      .then(() => pipeline(stream, hashing(measured), createWriteStream(target, { mode: 0o600 })))
      .then(
        () => next(),
        (error: Error) => extract.destroy(error),
      );
  });
  try {
    await pipeline(createReadStream(file), extract);
  } catch (error) {
    if (error instanceof BackupRefused) throw error;
    throw new BackupRefused(`${file} cannot be read as a Kanceleja backup: ${String(error)}`, {
      cause: error,
    });
  }
  return seen;
}

function checkManifest(file: string, raw: string): BackupManifest {
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(raw) as BackupManifest;
  } catch {
    throw new BackupRefused(`${file}: its manifest is not JSON`);
  }
  if (manifest.format !== BACKUP_FORMAT || !Array.isArray(manifest.blobs) || !manifest.database) {
    throw new BackupRefused(`${file} is not a Kanceleja backup (no ${BACKUP_FORMAT} manifest)`);
  }
  if (manifest.formatVersion > FORMAT_VERSION) {
    throw new BackupRefused(
      `${file} was written by a newer Kanceleja (backup format ${manifest.formatVersion}); restore it with that version`,
    );
  }
  return manifest;
}

/** Every entry the manifest lists is there with its hash and size, and nothing else is. */
function verifyEntries(
  file: string,
  manifest: BackupManifest,
  seen: Map<string, { sha256: string; size: number }>,
): void {
  const listed = [manifest.database, ...manifest.blobs, ...manifest.files];
  const problems: string[] = [];
  for (const entry of listed) {
    const found = seen.get(entry.name);
    if (!found) problems.push(`${entry.name} is missing`);
    else if (found.sha256 !== entry.sha256 || found.size !== entry.size) {
      problems.push(`${entry.name} does not match its SHA-256 in the manifest`);
    }
  }
  const names = new Set([MANIFEST_ENTRY, ...listed.map((entry) => entry.name)]);
  for (const name of seen.keys()) if (!names.has(name)) problems.push(`${name} is not in the manifest`);
  if (problems.length > 0) {
    throw new BackupRefused(`${file} is damaged; nothing was restored:\n  - ${problems.join('\n  - ')}`);
  }
}

/** What DATA_DIR holds besides the lock file and our own staging directory. */
async function contentsOf(dataDir: string, staging: string): Promise<string[]> {
  return (await readdir(dataDir)).filter(
    (entry) => entry !== LOCK_FILE_NAME && path.join(dataDir, entry) !== staging,
  );
}

/**
 * Restores the backup `file` into `dataDir` (its embedded database into `pgdataDir`). Refuses a
 * DATA_DIR that holds anything unless `force` (then its database, blobs and kept files are replaced,
 * only after the archive verified). Takes the data-directory lock for the whole run.
 */
export async function restoreDataDir(options: {
  dataDir: string;
  pgdataDir: string;
  file: string;
  force?: boolean;
}): Promise<RestoreReport> {
  const { dataDir, pgdataDir } = options;
  const file = path.resolve(options.file);
  if (!existsSync(file)) throw new BackupRefused(`there is no backup ${file}`);
  await mkdir(dataDir, { recursive: true });
  const release = lockDataDir(dataDir);
  const staging = path.join(dataDir, `.restore-${randomBytes(4).toString('hex')}`);
  try {
    const present = await contentsOf(dataDir, staging);
    if (present.length > 0 && !options.force) {
      throw new BackupRefused(
        `DATA_DIR ${dataDir} is not empty (${present.slice(0, 5).join(', ')}${present.length > 5 ? ', …' : ''}); ` +
          'restore into an empty directory, or add --force to replace its database, blobs and files',
      );
    }
    await mkdir(staging, { recursive: true });
    const seen = await unpack(file, staging);
    if (!seen.has(MANIFEST_ENTRY)) throw new BackupRefused(`${file} is not a Kanceleja backup (no manifest)`);
    const manifest = checkManifest(file, await readFile(path.join(staging, MANIFEST_ENTRY), 'utf8'));
    verifyEntries(file, manifest, seen);

    // Verified: only now is anything in DATA_DIR replaced.
    if (present.length > 0) {
      await rm(pgdataDir, { recursive: true, force: true });
      await rm(path.join(dataDir, 'blobs'), { recursive: true, force: true });
      for (const entry of present.filter((name) => KEPT_FILE.test(name))) {
        await rm(path.join(dataDir, entry), { force: true });
      }
    }
    if (existsSync(path.join(staging, 'blobs')))
      await rename(path.join(staging, 'blobs'), path.join(dataDir, 'blobs'));
    for (const entry of manifest.files) {
      await rename(path.join(staging, entry.name), path.join(dataDir, entry.name.slice('files/'.length)));
    }
    await mkdir(pgdataDir, { recursive: true });
    const dump = await readFile(path.join(staging, DATABASE_ENTRY));
    const loaded = await pglite(pgdataDir, new Blob([dump]));
    await loaded.close();

    // Read it back as the server will: counts, attachments' content, the audit chain.
    const db = await openPgliteDb(pgdataDir);
    try {
      const counts = await countsOf(db);
      const onDisk = new Set(
        (await blobFiles(path.join(dataDir, 'blobs'))).map((name) => path.basename(name)),
      );
      const missingBlobs = await missingBlobsOf(db, onDisk);
      const audit = await verifyAuditTrail(postgresStore(db));
      const differences = (Object.keys(manifest.counts) as (keyof BackupCounts)[]).filter(
        (key) => manifest.counts[key] !== counts[key],
      );
      if (differences.length > 0) {
        throw new BackupRefused(
          `the restored database does not hold what the manifest counts: ${differences
            .map((key) => `${key} ${counts[key]} instead of ${manifest.counts[key]}`)
            .join(', ')}`,
        );
      }
      return { manifest, counts, audit: { ok: audit.ok, message: audit.message }, missingBlobs };
    } finally {
      await db.close();
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
    release();
  }
}
