import { describe, expect, it } from '@jest/globals';
import { Conflict, Invalid, NotFound } from '../../../engine/errors.js';
import { aRegister, aUser, uniqueCode } from '../../support/builders.js';
import { describeEachPort } from '../../support/testStores.js';

class Rollback extends Error {}

describeEachPort('departments, users and registers', (subject) => {
  describe('departments', () => {
    it('stores a department and finds it by id, code and in the list', async () => {
      const code = uniqueCode('FIN');
      const created = await subject.store.departments.insert({ code, name: 'Finanšu nodaļa' });

      expect(created).toMatchObject({ code, name: 'Finanšu nodaļa', parentId: null });
      expect(await subject.store.departments.get(created.id)).toEqual(created);
      expect(await subject.store.departments.getByCode(code)).toEqual(created);
      expect(await subject.store.departments.list()).toContainEqual(created);
    });

    it('keeps a sub-department under its parent', async () => {
      const parent = await subject.store.departments.insert({ code: uniqueCode('BUV'), name: 'Būvvalde' });
      const child = await subject.store.departments.insert({
        code: uniqueCode('BUV-K'),
        name: 'Būvkontrole',
        parentId: parent.id,
      });
      expect(child.parentId).toBe(parent.id);
    });

    it('refuses a second department with the same code', async () => {
      const code = uniqueCode('SOC');
      await subject.store.departments.insert({ code, name: 'Sociālais dienests' });
      await expect(subject.store.departments.insert({ code, name: 'Cits' })).rejects.toBeInstanceOf(Conflict);
    });

    it('refuses a parent that does not exist', async () => {
      const insert = subject.store.departments.insert({
        code: uniqueCode('X'),
        name: 'Bez vecāka',
        parentId: '00000000-0000-4000-8000-000000000000',
      });
      await expect(insert).rejects.toBeInstanceOf(Invalid);
    });

    it('answers null for an unknown department', async () => {
      expect(await subject.store.departments.getByCode('NO-SUCH-CODE')).toBeNull();
    });
  });

  describe('users', () => {
    it('stores a user with roles and department', async () => {
      const department = await subject.store.departments.insert({
        code: uniqueCode('KANC'),
        name: 'Kanceleja',
      });
      const user = await aUser(subject.store, {
        displayName: 'Jānis Kalniņš',
        email: 'janis@example.lv',
        departmentId: department.id,
        roles: ['head', 'auditor'],
      });

      expect(user).toMatchObject({
        displayName: 'Jānis Kalniņš',
        email: 'janis@example.lv',
        departmentId: department.id,
        roles: ['auditor', 'head'],
        source: 'local',
        active: true,
      });
      expect(await subject.store.users.get(user.id)).toEqual(user);
      expect(await subject.store.users.list()).toContainEqual(user);
    });

    it('finds a user by username whatever its case, and refuses the same name in another case', async () => {
      const username = uniqueCode('Anna');
      const user = await aUser(subject.store, { username });

      expect((await subject.store.users.getByUsername(username.toUpperCase()))?.id).toBe(user.id);
      await expect(aUser(subject.store, { username: username.toLowerCase() })).rejects.toBeInstanceOf(
        Conflict,
      );
    });

    it('keeps a local password hash and gives none for directory accounts', async () => {
      const local = await aUser(subject.store, { passwordHash: '$argon2id$v=19$stub' });
      const directory = await aUser(subject.store, { source: 'ldap', passwordHash: null });

      expect(await subject.store.users.passwordHash(local.username)).toBe('$argon2id$v=19$stub');
      expect(await subject.store.users.passwordHash(directory.username)).toBeNull();
    });

    it('replaces the roles of a user', async () => {
      const user = await aUser(subject.store, { roles: ['executor'] });

      const updated = await subject.store.users.setRoles(user.id, ['dept_head', 'executor', 'dept_head']);

      expect(updated.roles).toEqual(['dept_head', 'executor']);
      expect((await subject.store.users.setRoles(user.id, [])).roles).toEqual([]);
    });

    it('refuses a role that does not exist and changes nothing', async () => {
      const user = await aUser(subject.store, { roles: ['executor'] });
      await expect(
        subject.store.users.setRoles(user.id, ['executor', 'mayor' as never]),
      ).rejects.toBeInstanceOf(Invalid);
      expect((await subject.store.users.get(user.id))?.roles).toEqual(['executor']);
    });

    it('refuses to create a user with a role that does not exist', async () => {
      const username = uniqueCode('bad');
      await expect(aUser(subject.store, { username, roles: ['root' as never] })).rejects.toBeInstanceOf(
        Invalid,
      );
      expect(await subject.store.users.getByUsername(username)).toBeNull();
    });

    it('deactivates and reactivates a user', async () => {
      const user = await aUser(subject.store);
      expect((await subject.store.users.setActive(user.id, false)).active).toBe(false);
      expect((await subject.store.users.setActive(user.id, true)).active).toBe(true);
    });

    it('finds the active users answering to a role, a department code or a role in a department', async () => {
      const code = uniqueCode('SOC');
      const other = uniqueCode('JUR');
      const social = await subject.store.departments.insert({ code, name: 'Sociālais dienests' });
      const legal = await subject.store.departments.insert({ code: other, name: 'Juridiskā nodaļa' });
      const head = await aUser(subject.store, { roles: ['dept_head'], departmentId: social.id });
      const worker = await aUser(subject.store, { roles: ['executor'], departmentId: social.id });
      const lawyer = await aUser(subject.store, { roles: ['dept_head'], departmentId: legal.id });
      const gone = await aUser(subject.store, { roles: ['dept_head'], departmentId: social.id });
      await subject.store.users.setActive(gone.id, false);
      const ids = async (groups: string[], limit = 10) =>
        (await subject.store.users.answeringTo(groups, limit)).map((user) => user.id).sort();

      expect(await ids([`dept_head:${code}`])).toEqual([head.id]);
      expect(await ids([code])).toEqual([head.id, worker.id].sort());
      expect(await ids([`dept_head:${code}`, `dept_head:${other}`])).toEqual([head.id, lawyer.id].sort());
      expect(await ids(['dept_head'])).toEqual(expect.arrayContaining([head.id, lawyer.id]));
      expect(await ids(['dept_head'])).not.toContain(gone.id);
      expect(await ids([code], 1)).toHaveLength(1);
      expect(await ids([])).toEqual([]);
    });

    it('answers NotFound when changing a user that does not exist', async () => {
      await expect(
        subject.store.users.setActive('00000000-0000-4000-8000-000000000000', false),
      ).rejects.toBeInstanceOf(NotFound);
    });
  });

  describe('registers', () => {
    it('stores a register with its numbering rules', async () => {
      const department = await subject.store.departments.insert({ code: uniqueCode('DOME'), name: 'Dome' });
      const register = await aRegister(subject.store, {
        name: 'Rīkojumi',
        kind: 'order',
        numberPattern: 'ADM/1-10-1/{yy}/{seq}',
        departmentId: department.id,
        processKey: 'order',
        answerDeadlineRule: 'P15WD',
      });

      expect(register).toMatchObject({
        name: 'Rīkojumi',
        kind: 'order',
        numberPattern: 'ADM/1-10-1/{yy}/{seq}',
        yearlyReset: true,
        departmentId: department.id,
        processKey: 'order',
        answerDeadlineRule: 'P15WD',
        active: true,
      });
      expect(await subject.store.registers.get(register.id)).toEqual(register);
      expect(await subject.store.registers.getByCode(register.code)).toEqual(register);
      expect(await subject.store.registers.list()).toContainEqual(register);
    });

    it('refuses a second register with the same code', async () => {
      const register = await aRegister(subject.store);
      await expect(aRegister(subject.store, { code: register.code })).rejects.toBeInstanceOf(Conflict);
    });

    it('refuses an unknown kind and a number pattern without a sequence', async () => {
      await expect(aRegister(subject.store, { kind: 'secret' as never })).rejects.toBeInstanceOf(Invalid);
      await expect(aRegister(subject.store, { numberPattern: '{yyyy}/A' })).rejects.toBeInstanceOf(Invalid);
    });
  });

  describe('transactions', () => {
    it('keeps nothing of a transaction that fails', async () => {
      const code = uniqueCode('TMP');
      const username = uniqueCode('tmp');

      const failing = subject.store.transaction(async (tx) => {
        const department = await tx.departments.insert({ code, name: 'Pagaidu' });
        await aUser(tx, { username, departmentId: department.id });
        await aRegister(tx, { departmentId: department.id });
        throw new Rollback();
      });

      await expect(failing).rejects.toBeInstanceOf(Rollback);
      expect(await subject.store.departments.getByCode(code)).toBeNull();
      expect(await subject.store.users.getByUsername(username)).toBeNull();
    });
  });
});
