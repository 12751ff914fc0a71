/**
 * Prepared PGlite data directories, built once per jest run and copied for every test that needs a
 * fresh database. Creating a PGlite database runs initdb (2–3 s, more on a busy machine), and the
 * migrations and the demo seed come on top; copying a prepared directory takes a tenth of a second.
 * Every test still gets a database of its own: the copy, removed when the test disposes of it.
 *
 * jest's global setup (`globalSetup.cjs`) names the run's directory in KANCELEJA_TEST_TEMPLATES and
 * its global teardown removes it. Without it (a benchmark under tsx), `templatesRoot()` is null and
 * callers build their database from scratch as before.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadMigrations, migrate } from '../../engine/store/postgres/migrate.js';
import { openPgliteDb } from '../../engine/store/postgres/pgliteDb.js';

export const TEMPLATES_ENV = 'KANCELEJA_TEST_TEMPLATES';

const run = promisify(execFile);

/** The run's directory for templates and copies, or null outside jest. */
export function templatesRoot(): string | null {
  return process.env[TEMPLATES_ENV] || null;
}

function requireRoot(): string {
  const root = templatesRoot();
  if (!root) throw new Error(`${TEMPLATES_ENV} is not set: jest's globalSetup did not run`);
  return root;
}

/** Copies the contents of `from` into `to` (created when missing); `cp` is 4× faster than fs.cp here. */
export async function copyDirectory(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  await run('cp', ['-R', `${from}/.`, to]);
}

// Per test file (jest gives each file its own module registry): two stores opened at once build once.
const building = new Map<string, Promise<string>>();

/**
 * The directory of template `name`, built by `build` into an empty directory the first time in
 * this run. Both jest workers may build it at once; the first rename wins and the other copy is
 * dropped, so a template is never seen half-built.
 */
export function template(name: string, build: (dir: string) => Promise<void>): Promise<string> {
  const root = requireRoot();
  const done = path.join(root, 'templates', name);
  let pending = building.get(done);
  if (!pending) {
    pending = (async () => {
      if (existsSync(done)) return done;
      await mkdir(path.dirname(done), { recursive: true });
      const scratch = await mkdtemp(`${done}.building-`);
      try {
        await build(scratch);
        await rename(scratch, done);
      } catch (error) {
        await rm(scratch, { recursive: true, force: true });
        const code = (error as NodeJS.ErrnoException).code;
        // Another worker renamed its build first: use that one.
        if ((code !== 'ENOTEMPTY' && code !== 'EEXIST') || !existsSync(done)) throw error;
      }
      return done;
    })();
    building.set(done, pending);
    pending.catch(() => building.delete(done));
  }
  return pending;
}

/** A new, empty directory under the run's root for one test's copy; the caller removes it. */
export function scratchDirectory(label: string): Promise<string> {
  return mkdtemp(path.join(requireRoot(), `${label}-`));
}

/** A PGlite data directory right after initdb, before any migration. */
export function initdbTemplate(): Promise<string> {
  return template('initdb', async (dir) => {
    const db = await openPgliteDb(dir);
    await db.close();
  });
}

/** A PGlite data directory with every shipped migration applied. */
export function migratedTemplate(): Promise<string> {
  return template('migrated', async (dir) => {
    await copyDirectory(await initdbTemplate(), dir);
    const db = await openPgliteDb(dir);
    try {
      await migrate(db, await loadMigrations());
    } finally {
      await db.close();
    }
  });
}

/** Opens a private copy of `templateDir`; `dispose` closes it and removes the copy. */
export async function openPgliteCopy(
  templateDir: string,
): Promise<{ db: Awaited<ReturnType<typeof openPgliteDb>>; dispose(): Promise<void> }> {
  const dir = await scratchDirectory('pgdata');
  try {
    await copyDirectory(templateDir, dir);
    const db = await openPgliteDb(dir);
    return {
      db,
      async dispose() {
        await db.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
