import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { freeLoopbackPort } from '../../test/support/ports.js';
import { type Slapd, slapdSkipReason, startSlapd } from '../../test/support/slapd.js';
import { createTestStore, storeAdapters } from '../../test/support/storeAdapters.js';
import { type TestClock, testClock } from '../../test/support/testClock.js';
import type { LdapConfig, LoginConfig } from '../config.js';
import type { Store } from '../store/ports.js';
import { type AuthenticateDeps, authenticate } from './authenticate.js';
import { DirectoryUnavailable, ldapDirectory } from './ldapDirectory.js';
import { normalizeDn } from './ldapMapping.js';
import { LoginDeactivated, LoginLocked, LoginRefused } from './loginErrors.js';
import { hashPassword } from './passwords.js';

const limits: LoginConfig = { maxAttempts: 3, maxAttemptsPerIp: 10, lockoutMinutes: 15 };
const MINUTE = 60_000;
let day = 0;
/** Each test starts on a day of its own, so failures counted by one never lock another. */
const freshClock = () => testClock(new Date(Date.UTC(2026, 2, 2 + day++, 8)));

async function openStore(): Promise<{ store: Store; dispose(): Promise<void> }> {
  const adapter = storeAdapters[0];
  if (!adapter) throw new Error('no store adapter');
  return createTestStore(adapter);
}

describe('authenticate with local accounts', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  let clock: TestClock;
  let deps: AuthenticateDeps;
  beforeAll(async () => {
    ({ store, dispose } = await openStore());
    await store.users.insert({
      username: 'admin',
      displayName: 'Break-glass admin',
      roles: ['admin'],
      source: 'local',
      passwordHash: await hashPassword('Ārkārtas-parole-9'),
    });
  });
  afterAll(() => dispose());
  beforeEach(() => {
    clock = freshClock();
    deps = { store, clock, directory: null, limits };
  });
  const login = (username: string, password: string, ip = '10.0.0.1') =>
    authenticate(deps, { username, password, ip });

  it('logs in with the argon2 password, case-insensitively, and audits it', async () => {
    const user = await login(' Admin ', 'Ārkārtas-parole-9');

    expect(user).toMatchObject({ username: 'admin', roles: ['admin'], source: 'local' });
    const [event] = await store.audit.list({ actorId: user.id });
    expect(event).toMatchObject({ action: 'auth.login', actorName: 'admin', details: { ip: '10.0.0.1' } });
  });

  it('refuses a wrong, an empty password, an unknown user and a malformed name alike', async () => {
    for (const [username, password] of [
      ['admin', 'wrong'],
      ['admin', ''],
      ['nobody', 'Ārkārtas-parole-9'],
      ['admin\0', 'Ārkārtas-parole-9'],
      ['', 'x'],
    ] as const) {
      await expect(login(username, password, '10.0.0.2')).rejects.toBeInstanceOf(LoginRefused);
    }
    const failed = (await store.audit.list()).filter((e) => e.action === 'auth.login_failed');
    expect(failed.map((e) => e.details.reason)).toEqual([
      'wrong password',
      'empty password',
      'unknown user',
      'malformed username',
      'malformed username',
    ]);
  });

  it('refuses a deactivated local account', async () => {
    const user = await store.users.insert({
      username: 'former',
      displayName: 'Former clerk',
      roles: ['registrar'],
      source: 'local',
      passwordHash: await hashPassword('former-pass'),
    });
    await store.users.setActive(user.id, false);

    await expect(login('former', 'former-pass')).rejects.toBeInstanceOf(LoginDeactivated);
    // A wrong password says nothing about the account: the plain refusal, as for an unknown name.
    const wrong = await login('former', 'not-the-pass').catch((error: unknown) => error);
    expect(wrong).toBeInstanceOf(LoginRefused);
    expect(wrong).not.toBeInstanceOf(LoginDeactivated);
  });

  it('locks a username after the limit, even for the right password, until the lockout is over', async () => {
    for (let attempt = 1; attempt <= limits.maxAttempts; attempt += 1) {
      await expect(login('admin', `guess-${attempt}`, `10.1.0.${attempt}`)).rejects.toBeInstanceOf(
        LoginRefused,
      );
    }

    const lock = await login('admin', 'Ārkārtas-parole-9', '10.1.0.99').catch((error: unknown) => error);
    expect(lock).toBeInstanceOf(LoginLocked);
    expect((lock as LoginLocked).retryAfterSeconds(clock.now())).toBe(15 * 60);
    expect((await store.audit.list()).filter((e) => e.action === 'auth.locked').at(-1)).toMatchObject({
      details: { key: 'user:admin', failures: 3 },
    });

    clock.advance(15 * MINUTE - 1000);
    await expect(login('admin', 'Ārkārtas-parole-9')).rejects.toBeInstanceOf(LoginLocked);
    clock.advance(1000);
    await expect(login('admin', 'Ārkārtas-parole-9')).resolves.toMatchObject({ username: 'admin' });
  });

  it('forgets earlier failures after a successful login', async () => {
    await expect(login('admin', 'guess-1', '10.2.0.1')).rejects.toBeInstanceOf(LoginRefused);
    await expect(login('admin', 'guess-2', '10.2.0.1')).rejects.toBeInstanceOf(LoginRefused);
    await login('admin', 'Ārkārtas-parole-9', '10.2.0.1');
    await expect(login('admin', 'guess-3', '10.2.0.2')).rejects.toBeInstanceOf(LoginRefused);

    await expect(login('admin', 'Ārkārtas-parole-9', '10.2.0.2')).resolves.toMatchObject({
      username: 'admin',
    });
  });

  it('locks an address that tries many usernames', async () => {
    for (let attempt = 1; attempt <= limits.maxAttemptsPerIp; attempt += 1) {
      await expect(login(`user${attempt}`, 'x', '192.0.2.66')).rejects.toBeInstanceOf(LoginRefused);
    }

    await expect(login('admin', 'Ārkārtas-parole-9', '192.0.2.66')).rejects.toBeInstanceOf(LoginLocked);
    await expect(login('admin', 'Ārkārtas-parole-9', '192.0.2.67')).resolves.toMatchObject({
      username: 'admin',
    });
  });
});

if (slapdSkipReason) {
  describe('authenticate against the directory', () => {
    // Deliberate: without slapd (Debian package) these cannot run; the skip names why, never a pass.
    it.skip(`is not tested: ${slapdSkipReason}`, () => {});
  });
} else {
  describe('authenticate against the directory (a private slapd)', () => {
    let slapd: Slapd;
    let store: Store;
    let dispose: () => Promise<void>;
    let clock: TestClock;
    let deps: AuthenticateDeps;
    let ldap: LdapConfig;
    let departments: { BUV: string; FIN: string };
    const ip = '10.9.0.1';

    beforeAll(async () => {
      slapd = await startSlapd();
      ({ store, dispose } = await openStore());
      departments = {
        BUV: (await store.departments.insert({ code: 'BUV', name: 'Būvvalde' })).id,
        FIN: (await store.departments.insert({ code: 'FIN', name: 'Finanšu nodaļa' })).id,
      };
      const group = (cn: string) => normalizeDn(`cn=${cn},${slapd.groupsDn}`);
      ldap = {
        url: slapd.url,
        bindDn: slapd.bindDn,
        bindPassword: slapd.bindPassword,
        searchBase: slapd.peopleDn,
        searchFilter: '(uid={{username}})',
        groupSearchBase: slapd.groupsDn,
        groupSearchFilter: '(member={{dn}})',
        groupRoles: [
          { groupDn: group('registry'), value: 'registrar' },
          { groupDn: group('heads'), value: 'head' },
          { groupDn: group('construction'), value: 'executor' },
          { groupDn: group('finance'), value: 'executor' },
        ],
        groupDepartments: [{ groupDn: group('finance'), value: 'FIN' }],
        departmentAttribute: 'departmentNumber',
      };
    });
    afterAll(async () => {
      await dispose();
      await slapd.stop();
    });
    beforeEach(() => {
      clock = freshClock();
      deps = { store, clock, directory: { client: ldapDirectory(ldap), mapping: ldap }, limits };
    });
    const login = (username: string, password: string) => authenticate(deps, { username, password, ip });

    it('provisions a person at the first login with name, e-mail, roles and department', async () => {
      const user = await login('janis', 'Jāņa-parole-1');

      expect(user).toMatchObject({
        username: 'janis',
        displayName: 'Jānis Bērziņš',
        email: 'janis@novads.lv',
        roles: ['executor', 'registrar'],
        departmentId: departments.BUV,
        source: 'ldap',
        active: true,
      });
      const events = await store.audit.list({ objectId: user.id });
      expect(events.map((e) => e.action)).toEqual(['user.provisioned', 'auth.login']);
      expect(events[0]?.details).toMatchObject({ dn: `uid=janis,${slapd.peopleDn}` });
    });

    it('takes the department from a mapped group when the person has no department attribute', async () => {
      const user = await login('anna', 'пароль-Анны-2');

      expect(user).toMatchObject({
        displayName: 'Анна Петрова',
        roles: ['executor', 'head'],
        departmentId: departments.FIN,
      });
    });

    it('updates roles at a later login, and deactivates a person who left every mapped group', async () => {
      await slapd.addUser({ uid: 'liga', cn: 'Līga Ēķe', sn: 'Ēķe', password: 'l-5', groups: ['heads'] });
      const first = await login('liga', 'l-5');
      await store.sessions.save({
        sid: 'liga-s1',
        userId: first.id,
        data: {},
        expiresAt: new Date('2099-01-01'),
      });

      await slapd.addToGroup('liga', 'registry');
      await slapd.removeFromGroup('liga', 'heads');
      const second = await login('liga', 'l-5');
      await slapd.removeFromGroup('liga', 'registry');
      const third = login('liga', 'l-5');

      expect(first.roles).toEqual(['head']);
      expect(second.roles).toEqual(['registrar']);
      await expect(third).rejects.toBeInstanceOf(LoginDeactivated);
      const wrong = await login('liga', 'not-l-5').catch((error: unknown) => error);
      expect(wrong).not.toBeInstanceOf(LoginDeactivated);
      expect(await store.users.get(first.id)).toMatchObject({ active: false });
      expect(await store.sessions.get('liga-s1', clock.now())).toBeNull();
      expect((await store.audit.list({ objectId: first.id })).map((e) => e.action)).toEqual([
        'user.provisioned',
        'auth.login',
        'user.updated',
        'auth.login',
        'user.deactivated',
      ]);

      await slapd.addToGroup('liga', 'registry');
      await expect(login('liga', 'l-5')).resolves.toMatchObject({ active: true, roles: ['registrar'] });
    });

    it('deactivates a person removed from the directory at their next login attempt', async () => {
      await slapd.addUser({
        uid: 'aivars',
        cn: 'Aivars Ābele',
        sn: 'Ābele',
        password: 'a-6',
        groups: ['heads'],
      });
      const user = await login('aivars', 'a-6');
      await slapd.deleteUser('aivars');

      await expect(login('aivars', 'a-6')).rejects.toBeInstanceOf(LoginRefused);
      expect(await store.users.get(user.id)).toMatchObject({ active: false });
      const [deactivated] = (await store.audit.list({ objectId: user.id })).filter(
        (e) => e.action === 'user.deactivated',
      );
      expect(deactivated?.details).toMatchObject({ reason: 'no longer in the directory' });
    });

    it('never provisions a person who is in no mapped group', async () => {
      await expect(login('outsider', 'outsider-3')).rejects.toBeInstanceOf(LoginRefused);
      expect(await store.users.getByUsername('outsider')).toBeNull();
    });

    it.each(['*', '*)(uid=*', 'jan*', 'janis)(|(uid=*', '\\', '('])(
      'refuses the injection attempt %j and provisions no one',
      async (username) => {
        const before = (await store.users.list()).length;
        await expect(login(username, 'Jāņa-parole-1')).rejects.toBeInstanceOf(LoginRefused);
        expect((await store.users.list()).length).toBe(before);
      },
    );

    it('keeps local accounts working while the directory is down, and says the directory is down', async () => {
      await store.users.insert({
        username: 'breakglass',
        displayName: 'Break-glass',
        roles: ['admin'],
        source: 'local',
        passwordHash: await hashPassword('bg-pass-7'),
      });
      const down = { ...ldap, url: `ldap://127.0.0.1:${await freeLoopbackPort()}` };
      deps = { ...deps, directory: { client: ldapDirectory(down), mapping: down } };

      await expect(login('breakglass', 'bg-pass-7')).resolves.toMatchObject({ username: 'breakglass' });
      await expect(login('janis', 'Jāņa-parole-1')).rejects.toBeInstanceOf(DirectoryUnavailable);
    });
  });
}
