import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { storeAdapters, type TestDatabase } from '../../../test/support/storeAdapters.js';
import { StartupError } from '../../errors.js';
import { currentMigration, loadMigrations, migrate } from './migrate.js';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

async function migrationsDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'kanceleja-migrations-'));
  dirs.push(dir);
  await Promise.all(Object.entries(files).map(([name, sql]) => writeFile(path.join(dir, name), sql)));
  return dir;
}

for (const adapter of storeAdapters) {
  if (adapter.skipReason) {
    describe(`migrate on ${adapter.name}`, () => {
      // Deliberate: an adapter that cannot run here is reported as skipped with its reason, never passed.
      it.skip(`is not run: ${adapter.skipReason}`, () => {});
    });
    continue;
  }

  describe(`migrate on ${adapter.name}`, () => {
    let database: TestDatabase;
    beforeEach(async () => {
      database = await adapter.createDatabase();
    });
    afterEach(() => database.dispose());

    it('applies the shipped migrations once, in order, and records them', async () => {
      const shipped = await loadMigrations();

      const first = await migrate(database.db, shipped);
      const second = await migrate(database.db, shipped);

      expect(first.applied).toEqual(shipped.map((m) => m.id));
      expect(second.applied).toEqual([]);
      expect(second.current).toBe(shipped.at(-1)?.id);
      expect(await currentMigration(database.db)).toBe(shipped.at(-1)?.id);
    });

    it('applies each migration exactly once when two processes start together', async () => {
      const shipped = await loadMigrations();

      const results = await Promise.all([migrate(database.db, shipped), migrate(database.db, shipped)]);

      expect([...results[0].applied, ...results[1].applied].sort()).toEqual(shipped.map((m) => m.id));
    });

    it('rolls back a failing migration whole and names it', async () => {
      const dir = await migrationsDir({
        '0001_letters.sql': 'CREATE TABLE letters (id int PRIMARY KEY);',
        '0002_replies.sql':
          'CREATE TABLE replies (id int); INSERT INTO letters VALUES (1); SELECT * FROM no_such_table;',
      });

      const failing = migrate(database.db, await loadMigrations(dir));

      await expect(failing).rejects.toThrow(StartupError);
      await expect(failing).rejects.toThrow(
        /^migration 0002_replies failed and was rolled back: relation "no_such_table" does not exist$/,
      );
      expect(await currentMigration(database.db)).toBe('0001_letters');
      expect(await database.db.query('SELECT * FROM letters')).toEqual([]);
      await expect(database.db.query('SELECT * FROM replies')).rejects.toThrow(/does not exist/);
    });

    it('refuses to start when an applied migration was edited afterwards', async () => {
      const original = await migrationsDir({ '0001_letters.sql': 'CREATE TABLE letters (id int);' });
      const edited = await migrationsDir({ '0001_letters.sql': 'CREATE TABLE letters (id bigint);' });
      await migrate(database.db, await loadMigrations(original));

      await expect(migrate(database.db, await loadMigrations(edited))).rejects.toThrow(
        'migration 0001_letters was changed after it had been applied; restore the original file',
      );
    });
  });
}
