import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { StartupError } from '../../errors.js';
import { LOCK_FILE_NAME, lockDataDir } from './dataDirLock.js';

describe('lockDataDir', () => {
  let dir: string;
  let lockFile: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'kanceleja-lock-'));
    lockFile = path.join(dir, LOCK_FILE_NAME);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('writes our pid into the lockfile and removes it on release', async () => {
    const release = lockDataDir(dir);

    expect(await readFile(lockFile, 'utf8')).toBe(`${process.pid}\n`);
    release();
    expect(existsSync(lockFile)).toBe(false);
  });

  it('refuses a directory locked by another running process and names its pid', async () => {
    // The jest parent process is alive and is not us.
    await writeFile(lockFile, `${process.ppid}\n`);

    expect(() => lockDataDir(dir)).toThrow(StartupError);
    expect(() => lockDataDir(dir)).toThrow(`in use by another Kanceleja process (pid ${process.ppid})`);
    expect(await readFile(lockFile, 'utf8')).toBe(`${process.ppid}\n`);
  });

  it('takes over a lock left behind by a process that no longer runs', async () => {
    await writeFile(lockFile, '2147483646\n');

    const release = lockDataDir(dir);

    expect(await readFile(lockFile, 'utf8')).toBe(`${process.pid}\n`);
    release();
  });
});
