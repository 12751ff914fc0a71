import { describe, expect, it } from '@jest/globals';
import { Conflict, NotFound } from '../../../engine/errors.js';
import { aRegister, aUser, uniqueCode } from '../../support/builders.js';
import { describeEachPort } from '../../support/testStores.js';

describeEachPort('directory changes: departments, users, case files', (subject) => {
  describe('departments', () => {
    it('renames, deactivates and reactivates a department', async () => {
      const department = await subject.store.departments.insert({
        code: uniqueCode('IZG'),
        name: 'Izglītība',
      });
      expect(department.active).toBe(true);

      const renamed = await subject.store.departments.update(department.id, { name: 'Izglītības pārvalde' });
      const inactive = await subject.store.departments.update(department.id, { active: false });

      expect(renamed).toMatchObject({ name: 'Izglītības pārvalde', active: true });
      expect(inactive).toMatchObject({ name: 'Izglītības pārvalde', active: false });
      expect(await subject.store.departments.get(department.id)).toEqual(inactive);
      await expect(
        subject.store.departments.update('00000000-0000-4000-8000-000000000000', { name: 'x' }),
      ).rejects.toBeInstanceOf(NotFound);
    });

    it('counts what refers to a department and deletes one only when nothing does', async () => {
      const used = await subject.store.departments.insert({ code: uniqueCode('SOC'), name: 'Sociālais' });
      await aUser(subject.store, { departmentId: used.id });
      await aRegister(subject.store, { departmentId: used.id });
      const empty = await subject.store.departments.insert({ code: uniqueCode('TMP'), name: 'Pagaidu' });

      expect(await subject.store.departments.usage(used.id)).toEqual({
        activeUsers: 1,
        users: 1,
        documents: 0,
        registers: 1,
      });
      await expect(subject.store.departments.delete(used.id)).rejects.toBeInstanceOf(Conflict);
      await subject.store.departments.delete(empty.id);
      expect(await subject.store.departments.get(empty.id)).toBeNull();
      expect(await subject.store.departments.get(used.id)).not.toBeNull();
    });
  });

  describe('users', () => {
    it('changes name, e-mail and department, leaving out what is not given', async () => {
      const department = await subject.store.departments.insert({
        code: uniqueCode('FIN'),
        name: 'Finanses',
      });
      const user = await aUser(subject.store, { email: 'anna@novads.lv' });

      const moved = await subject.store.users.update(user.id, { departmentId: department.id });
      const renamed = await subject.store.users.update(user.id, { displayName: 'Anna Ozola', email: null });

      expect(moved).toMatchObject({
        displayName: user.displayName,
        email: 'anna@novads.lv',
        departmentId: department.id,
      });
      expect(renamed).toMatchObject({ displayName: 'Anna Ozola', email: null, departmentId: department.id });
    });

    it('names people by their usernames, in any case, and leaves out usernames of nobody', async () => {
      const anna = await aUser(subject.store, { displayName: 'Anna Bērziņa' });

      const names = await subject.store.users.displayNames([anna.username.toUpperCase(), 'nobody_here']);

      expect([...names]).toEqual([[anna.username.toUpperCase(), 'Anna Bērziņa']]);
      expect((await subject.store.users.displayNames([])).size).toBe(0);
    });

    it('replaces the password hash of a local account', async () => {
      const user = await aUser(subject.store, { passwordHash: 'old-hash' });

      await subject.store.users.setPasswordHash(user.id, 'new-hash');

      expect(await subject.store.users.passwordHash(user.username)).toBe('new-hash');
    });
  });

  describe('case files', () => {
    it('changes title and department and closes a case file', async () => {
      const caseFile = await subject.store.caseFiles.insert({
        indexCode: uniqueCode('1-1'),
        title: 'Iesniegumi',
        retention: 'permanent',
        year: 2026,
      });

      const changed = await subject.store.caseFiles.update(caseFile.id, { title: 'Iesniegumi un sūdzības' });
      const closed = await subject.store.caseFiles.update(caseFile.id, { active: false });

      expect(changed).toMatchObject({ title: 'Iesniegumi un sūdzības', active: true });
      expect(closed).toMatchObject({ title: 'Iesniegumi un sūdzības', active: false });
    });
  });
});
