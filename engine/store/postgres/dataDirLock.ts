/**
 * PGlite does not lock its data directory, and two processes writing one directory corrupt it.
 * This lockfile (with the owner's pid) keeps a second Kanceleja process out; a lock left behind by
 * a process that no longer runs is taken over.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { StartupError } from '../../errors.js';

export const LOCK_FILE_NAME = 'kanceleja.lock';

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock on `dir` (which must exist) and returns the function that releases it. */
export function lockDataDir(dir: string): () => void {
  const file = path.join(dir, LOCK_FILE_NAME);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      let released = false;
      return () => {
        // Only once: by a second call the lock may already belong to another process.
        if (released) return;
        released = true;
        rmSync(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(readFileSync(file, 'utf8'), 10);
      if (Number.isInteger(owner) && owner !== process.pid && isRunning(owner)) {
        throw new StartupError(
          `the data directory ${dir} is in use by another Kanceleja process (pid ${owner}); stop it first`,
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new StartupError(`could not lock the data directory ${dir}: ${file} keeps reappearing`);
}
