/**
 * Makes the run's directory for prepared PGlite databases and their per-test copies (filled by
 * pgliteTemplates.ts in the workers, which inherit the variable). tmpfs when there is one: the
 * copies are written and thrown away all the time. A run that was killed leaves its directory in
 * memory, so the directories of runs whose process is gone are removed first.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const PREFIX = 'kanceleja-jest-';

function isRunning(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return error.code === 'EPERM';
  }
}

export default function globalSetup() {
  const base = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  for (const name of readdirSync(base)) {
    const pid = Number(name.startsWith(PREFIX) ? name.slice(PREFIX.length).split('-')[0] : NaN);
    if (Number.isInteger(pid) && pid > 0 && !isRunning(pid)) {
      rmSync(path.join(base, name), { recursive: true, force: true });
    }
  }
  process.env.KANCELEJA_TEST_TEMPLATES = mkdtempSync(path.join(base, `${PREFIX}${process.pid}-`));
}
