/**
 * `npm run audit:verify`: verifies the audit trail of the configured database (the same environment
 * as `npm start`: DATA_DIR, DATABASE_URL). Exit 0: intact, with the number of events verified;
 * 1: broken, naming the first event that does not hold; 2: the trail could not be checked.
 * It neither migrates nor writes the database. The embedded database can be checked only while the
 * server is stopped (one process at a time); a PostgreSQL server also while it runs.
 */
import { loadConfig } from '../config.js';
import { StartupError } from '../errors.js';
import { openStore } from '../store/openStore.js';
import { verifyAuditTrail } from './verifyAuditTrail.js';

function cannotVerify(error: unknown): never {
  const message =
    error instanceof StartupError ? error.message : error instanceof Error ? error.stack : String(error);
  process.stderr.write(`kanceleja audit:verify: cannot verify: ${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    cannotVerify(error);
  }
  const { store } = await openStore(config.store, { dataDir: config.dataDir, migrate: false }).catch(
    cannotVerify,
  );
  let report: Awaited<ReturnType<typeof verifyAuditTrail>>;
  try {
    report = await verifyAuditTrail(store);
  } catch (error) {
    await store.close().catch(() => {});
    cannotVerify(error);
  }
  await store.close();
  if (report.ok) {
    process.stdout.write(`kanceleja audit:verify: ${report.message}\n`);
    process.exit(0);
  }
  process.stderr.write(`kanceleja audit:verify: ${report.message}\n`);
  process.exit(1);
}

void main();
