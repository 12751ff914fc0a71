import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { createTestStore, storeAdapters } from '../../test/support/storeAdapters.js';
import { describeEachStore } from '../../test/support/testStores.js';
import { verifyPassword } from '../auth/passwords.js';
import { ROLES } from '../store/ports.js';
import { seedDemoMunicipality, writeDemoCredentials } from './seedDemoMunicipality.js';

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

describe('writeDemoCredentials', () => {
  it('writes one line per user, readable by the owner only', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kanceleja-demo-'));
    try {
      const file = await writeDemoCredentials(dir, [
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
