import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { createTestStore, storeAdapters } from '../../test/support/storeAdapters.js';
import { describeEachStore } from '../../test/support/testStores.js';
import { verifyPassword } from '../auth/passwords.js';
import { ROLES } from '../store/ports.js';
import { loadConfig } from '../config.js';
import { demoCredentialsFile, seedDemoMunicipality, writeDemoCredentials } from './seedDemoMunicipality.js';

describeEachStore('seedDemoMunicipality', (subject) => {
  it('creates the departments, one local user per role with a working password, and the registers', async () => {
    const credentials = await seedDemoMunicipality(subject.store);

    expect(credentials?.flatMap((c) => c.roles).sort()).toEqual([...ROLES].sort());
    expect((await subject.store.departments.list()).map((d) => d.code).sort()).toEqual([
      'BUV',
      'DOME',
      'FIN',
      'KANC',
      'SOC',
    ]);
    expect((await subject.store.registers.list()).map((r) => r.kind).sort()).toEqual([
      'application',
      'incoming',
      'internal',
      'order',
      'outgoing',
    ]);
    for (const credential of credentials ?? []) {
      const user = await subject.store.users.getByUsername(credential.username);
      const department = user?.departmentId ? await subject.store.departments.get(user.departmentId) : null;
      const hash = await subject.store.users.passwordHash(credential.username);
      expect(user?.roles).toEqual(credential.roles);
      expect(department?.code).toBe(credential.departmentCode);
      expect(credential.password).toMatch(/^[A-Za-z0-9_-]{16}$/);
      expect(hash && (await verifyPassword(hash, credential.password))).toBe(true);
    }
  });

  it('records what it created in the audit trail', async () => {
    const events = await subject.store.audit.list({ limit: 1000 });
    expect(events.filter((e) => e.action === 'user.created')).toHaveLength(ROLES.length);
    expect(events.every((e) => e.actorName === 'system')).toBe(true);
  });

  it('leaves a database that has data alone', async () => {
    const before = await subject.store.users.list();

    expect(await seedDemoMunicipality(subject.store)).toBeNull();
    expect(await subject.store.users.list()).toEqual(before);
  });
});

describe('seedDemoMunicipality on a database with data of its own', () => {
  it('seeds nothing', async () => {
    const adapter = storeAdapters[0];
    if (!adapter) throw new Error('no adapter');
    const { store, dispose } = await createTestStore(adapter);
    try {
      await store.departments.insert({ code: 'PAG', name: 'Pagasta pārvalde' });

      expect(await seedDemoMunicipality(store)).toBeNull();
      expect(await store.users.list()).toEqual([]);
    } finally {
      await dispose();
    }
  });
});

describe('seedDemoMunicipality with its credentials file', () => {
  for (const adapter of storeAdapters) {
    const test = adapter.skipReason ? it.skip : it;
    test(`on ${adapter.name}: seeds nothing when the file cannot be written, and both when it can`, async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'kanceleja-demo-'));
      const { store, dispose } = await createTestStore(adapter);
      try {
        // given: a DATA_DIR that is a regular file, so nothing can be written under it
        const notADirectory = path.join(dir, 'a-file');
        await writeFile(notADirectory, 'x');

        // when
        const failing = seedDemoMunicipality(store, {
          credentialsFile: path.join(notADirectory, 'demo-users.txt'),
        });

        // then: the seed is rolled back, so the next start seeds again and shows the passwords
        await expect(failing).rejects.toThrow(
          /^cannot write the demo passwords to .*demo-users.txt \(ENOTDIR\); nothing was seeded, the next start tries again$/,
        );
        expect(await store.isEmpty()).toBe(true);
        expect(await store.users.list()).toEqual([]);

        const file = path.join(dir, 'demo-users.txt');
        const credentials = await seedDemoMunicipality(store, { credentialsFile: file });
        expect(credentials).toHaveLength(ROLES.length);
        expect(await readFile(file, 'utf8')).toBe(
          credentials
            ?.map((c) => `${c.username} ${c.password} ${c.roles.join(',')} ${c.departmentCode}\n`)
            .join(''),
        );
        expect(await readdir(dir)).toEqual(['a-file', 'demo-users.txt']);
      } finally {
        await dispose();
        await rm(dir, { recursive: true, force: true });
      }
    });
  }
});

describe('demoCredentialsFile', () => {
  it('names one file per database, so that no database overwrites the passwords of another', () => {
    const file = (env: Record<string, string>) => {
      const config = loadConfig({ DATA_DIR: '/srv/kanceleja', ...env }, '/');
      return demoCredentialsFile(config.dataDir, config.store);
    };

    expect(file({})).toBe('/srv/kanceleja/demo-users.txt');
    expect(file({ DATABASE_URL: 'postgres://app:secret@db.novads.lv:5432/kanceleja' })).toBe(
      '/srv/kanceleja/demo-users-db.novads.lv-kanceleja.txt',
    );
    expect(file({ DATABASE_URL: 'postgresql://app@127.0.0.1:6543/kanceleja_test?sslmode=disable' })).toBe(
      '/srv/kanceleja/demo-users-127.0.0.1-6543-kanceleja_test.txt',
    );
    expect(file({ DATABASE_URL: 'postgres://app@[::1]/a%2F..%2Fb' })).toBe(
      '/srv/kanceleja/demo-users-_1_-a_.._b.txt',
    );
  });
});

describe('writeDemoCredentials', () => {
  it('writes one line per user, readable by the owner only', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kanceleja-demo-'));
    try {
      const file = await writeDemoCredentials(path.join(dir, 'demo-users.txt'), [
        { username: 'registrar', password: 'pw1', roles: ['registrar'], departmentCode: 'KANC' },
        { username: 'boss', password: 'pw2', roles: ['head', 'auditor'], departmentCode: 'DOME' },
      ]);

      expect(await readFile(file, 'utf8')).toBe('registrar pw1 registrar KANC\nboss pw2 head,auditor DOME\n');
      expect((await stat(file)).mode & 0o777).toBe(0o600);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
