/** `npm run restore -- <file> [--force]`: see backupCli.ts. */
import { runBackupCli } from './backupCli.js';

void runBackupCli('restore', process.argv.slice(2));
