/** `npm run backup -- <file>`: see backupCli.ts. */
import { runBackupCli } from './backupCli.js';

void runBackupCli('backup', process.argv.slice(2));
