/**
 * `npm run backup -- <file>` and `npm run restore -- <file> [--force]`: the embedded database and
 * the attachment files of the configured DATA_DIR (the same environment as `npm start`), with the
 * server stopped. Exit 0: done; 1: restored, but the audit chain does not verify or attachments
 * lack their content; 2: refused or failed, nothing changed (the message says why).
 */
import { type Config, loadConfig } from '../config.js';
import { StartupError } from '../errors.js';
import { backupDataDir, type BackupCounts, restoreDataDir } from './dataDirBackup.js';

type Command = 'backup' | 'restore';

const POSTGRES_ADVICE =
  'DATABASE_URL is set: back up a PostgreSQL server with pg_dump and DATA_DIR/blobs (see docs/operations.md)';

function fail(command: Command, error: unknown): never {
  const message =
    error instanceof StartupError
      ? error.message
      : error instanceof Error
        ? (error.stack ?? error.message)
        : String(error);
  process.stderr.write(`kanceleja ${command}: ${message}\n`);
  process.exit(2);
}

const describeCounts = (counts: BackupCounts): string =>
  `${counts.documents} documents, ${counts.attachments} attachments, ${counts.auditEvents} audit events, ` +
  `${counts.users} users, ${counts.processInstances} process instances`;

function arguments_(command: Command, argv: string[]): { file: string; force: boolean } {
  const force = argv.includes('--force');
  const rest = argv.filter((arg) => arg !== '--force');
  const unknown = rest.filter((arg) => arg.startsWith('-'));
  if (rest.length !== 1 || unknown.length > 0 || (force && command === 'backup')) {
    const usage = command === 'backup' ? 'npm run backup -- <file>' : 'npm run restore -- <file> [--force]';
    fail(command, new StartupError(`usage: ${usage}`));
  }
  return { file: rest[0] as string, force };
}

export async function runBackupCli(command: Command, argv: string[]): Promise<void> {
  const { file, force } = arguments_(command, argv);
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    fail(command, error);
  }
  if (config.store.kind !== 'pglite') fail(command, new StartupError(POSTGRES_ADVICE));
  const out = (line: string) => process.stdout.write(`kanceleja ${command}: ${line}\n`);

  if (command === 'backup') {
    const report = await backupDataDir({
      dataDir: config.dataDir,
      pgdataDir: config.store.dataDir,
      file,
    }).catch((error: unknown) => fail(command, error));
    const { manifest } = report;
    out(`wrote ${report.file}`);
    out(`migration ${manifest.migration ?? 'none'}; ${describeCounts(manifest.counts)}`);
    out(
      `${manifest.blobs.length} attachment files, ${manifest.files.length} other files, each with its SHA-256`,
    );
    for (const sha256 of report.missingBlobs)
      out(`warning: attachment content ${sha256} is missing from DATA_DIR`);
    for (const name of report.damagedBlobs)
      out(`warning: blob ${name} does not match its SHA-256 (archived as found)`);
    process.exit(0);
  }

  const report = await restoreDataDir({
    dataDir: config.dataDir,
    pgdataDir: config.store.dataDir,
    file,
    force,
  }).catch((error: unknown) => fail(command, error));
  const { manifest } = report;
  out(
    `restored ${file} (taken ${manifest.createdAt}, Kanceleja ${manifest.kancelejaVersion}) into ${config.dataDir}`,
  );
  out(`migration ${manifest.migration ?? 'none'}; ${describeCounts(report.counts)}: as the manifest counts`);
  out(
    `${manifest.blobs.length} attachment files and ${manifest.files.length} other files verified by SHA-256`,
  );
  out(report.audit.message);
  for (const sha256 of report.missingBlobs) out(`attachment content ${sha256} is missing`);
  process.exit(report.audit.ok && report.missingBlobs.length === 0 ? 0 : 1);
}
