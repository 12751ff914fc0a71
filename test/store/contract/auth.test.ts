import { describe, expect, it } from '@jest/globals';
import { NotFound } from '../../../engine/errors.js';
import { aUser, uniqueCode } from '../../support/builders.js';
import { describeEachPort } from '../../support/testStores.js';

const policy = { maxFailures: 3, lockoutSeconds: 600 };
const at = (iso: string) => new Date(iso);

describeEachPort('login throttle, sessions and directory profiles', (subject) => {
  describe('login throttle', () => {
    it('locks a key at the failure that reaches the limit, and only that failure says so', async () => {
      const key = uniqueCode('user:');
      const t0 = at('2026-03-02T08:00:00Z');

      const first = await subject.store.loginThrottle.recordFailure(key, t0, policy);
      const second = await subject.store.loginThrottle.recordFailure(key, at('2026-03-02T08:01:00Z'), policy);
      const third = await subject.store.loginThrottle.recordFailure(key, at('2026-03-02T08:02:00Z'), policy);
      const fourth = await subject.store.loginThrottle.recordFailure(key, at('2026-03-02T08:03:00Z'), policy);

      expect([first, second]).toEqual([
        { failures: 1, lockedUntil: null, lockedNow: false },
        { failures: 2, lockedUntil: null, lockedNow: false },
      ]);
      expect(third).toEqual({ failures: 3, lockedUntil: at('2026-03-02T08:12:00Z'), lockedNow: true });
      expect(fourth).toEqual({ failures: 4, lockedUntil: at('2026-03-02T08:12:00Z'), lockedNow: false });
    });

    it('reports a lock while it runs and forgets it when it is over', async () => {
      const user = uniqueCode('user:');
      const ip = uniqueCode('ip:');
      for (const minute of ['00', '01', '02']) {
        await subject.store.loginThrottle.recordFailure(user, at(`2026-03-02T09:${minute}:00Z`), policy);
      }

      expect(await subject.store.loginThrottle.lockedUntil([ip, user], at('2026-03-02T09:11:59Z'))).toEqual(
        at('2026-03-02T09:12:00Z'),
      );
      expect(
        await subject.store.loginThrottle.lockedUntil([ip, user], at('2026-03-02T09:12:00Z')),
      ).toBeNull();
      const afterLock = await subject.store.loginThrottle.recordFailure(
        user,
        at('2026-03-02T09:13:00Z'),
        policy,
      );
      expect(afterLock).toEqual({ failures: 1, lockedUntil: null, lockedNow: false });
    });

    it('starts counting again once the window has passed', async () => {
      const key = uniqueCode('user:');
      await subject.store.loginThrottle.recordFailure(key, at('2026-03-02T10:00:00Z'), policy);
      await subject.store.loginThrottle.recordFailure(key, at('2026-03-02T10:05:00Z'), policy);

      const late = await subject.store.loginThrottle.recordFailure(key, at('2026-03-02T10:10:00Z'), policy);

      expect(late).toEqual({ failures: 1, lockedUntil: null, lockedNow: false });
    });

    it('counts concurrent failures without losing one', async () => {
      const key = uniqueCode('ip:');
      const now = at('2026-03-02T11:00:00Z');
      const results = await Promise.all(
        Array.from({ length: 8 }, () =>
          subject.store.loginThrottle.recordFailure(key, now, { maxFailures: 8, lockoutSeconds: 60 }),
        ),
      );

      expect(results.map((r) => r.failures).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(results.filter((r) => r.lockedNow)).toHaveLength(1);
    });

    it('clears the failures of a key', async () => {
      const key = uniqueCode('user:');
      await subject.store.loginThrottle.recordFailure(key, at('2026-03-02T12:00:00Z'), policy);
      await subject.store.loginThrottle.clear(key);

      const next = await subject.store.loginThrottle.recordFailure(key, at('2026-03-02T12:00:01Z'), policy);
      expect(next.failures).toBe(1);
    });
  });

  describe('sessions', () => {
    const later = at('2099-01-01T00:00:00Z');

    it('stores a session and gives it back with its data until it expires', async () => {
      const sid = uniqueCode('sid');
      const data = { cookie: { httpOnly: true }, userId: null, csrfToken: 'тест-ā' };
      await subject.store.sessions.save({ sid, userId: null, data, expiresAt: at('2026-03-02T08:00:00Z') });

      expect(await subject.store.sessions.get(sid, at('2026-03-02T07:59:59Z'))).toEqual({
        sid,
        userId: null,
        data,
        expiresAt: at('2026-03-02T08:00:00Z'),
      });
      expect(await subject.store.sessions.get(sid, at('2026-03-02T08:00:00Z'))).toBeNull();
    });

    it('replaces a saved session, extends it on touch and removes it on destroy', async () => {
      const user = await aUser(subject.store);
      const sid = uniqueCode('sid');
      await subject.store.sessions.save({
        sid,
        userId: null,
        data: { a: 1 },
        expiresAt: at('2026-03-02T08:00:00Z'),
      });
      await subject.store.sessions.save({ sid, userId: user.id, data: { a: 2 }, expiresAt: later });
      await subject.store.sessions.touch(sid, at('2100-01-01T00:00:00Z'));

      expect(await subject.store.sessions.get(sid, at('2099-06-01T00:00:00Z'))).toMatchObject({
        userId: user.id,
        data: { a: 2 },
      });
      await subject.store.sessions.destroy(sid);
      expect(await subject.store.sessions.get(sid, at('2026-01-01T00:00:00Z'))).toBeNull();
    });

    it('ends every session of one user and no one else', async () => {
      const [anna, peteris] = [await aUser(subject.store), await aUser(subject.store)];
      const sids = [uniqueCode('a1'), uniqueCode('a2'), uniqueCode('p1')];
      await subject.store.sessions.save({ sid: sids[0] ?? '', userId: anna.id, data: {}, expiresAt: later });
      await subject.store.sessions.save({ sid: sids[1] ?? '', userId: anna.id, data: {}, expiresAt: later });
      await subject.store.sessions.save({
        sid: sids[2] ?? '',
        userId: peteris.id,
        data: {},
        expiresAt: later,
      });

      expect(await subject.store.sessions.destroyForUser(anna.id)).toBe(2);
      expect(await subject.store.sessions.get(sids[0] ?? '', at('2026-01-01T00:00:00Z'))).toBeNull();
      expect(await subject.store.sessions.get(sids[2] ?? '', at('2026-01-01T00:00:00Z'))).not.toBeNull();
    });

    it('removes expired sessions only', async () => {
      const expired = uniqueCode('old');
      const live = uniqueCode('new');
      await subject.store.sessions.save({
        sid: expired,
        userId: null,
        data: {},
        expiresAt: at('2001-01-01T00:00:00Z'),
      });
      await subject.store.sessions.save({ sid: live, userId: null, data: {}, expiresAt: later });

      expect(await subject.store.sessions.destroyExpired(at('2026-01-01T00:00:00Z'))).toBeGreaterThanOrEqual(
        1,
      );
      expect(await subject.store.sessions.get(live, at('2026-01-01T00:00:00Z'))).not.toBeNull();
    });
  });

  describe('directory profiles', () => {
    it('updates the name, e-mail and department the directory owns', async () => {
      const department = await subject.store.departments.insert({
        code: uniqueCode('BUV'),
        name: 'Būvvalde',
      });
      const user = await aUser(subject.store, { source: 'ldap', roles: ['executor'] });

      const updated = await subject.store.userProfiles.update(user.id, {
        displayName: 'Анна Петрова',
        email: 'anna@novads.lv',
        departmentId: department.id,
      });

      expect(updated).toMatchObject({
        id: user.id,
        displayName: 'Анна Петрова',
        email: 'anna@novads.lv',
        departmentId: department.id,
        roles: ['executor'],
      });
      expect(await subject.store.users.get(user.id)).toEqual(updated);
    });

    it('refuses an unknown user', async () => {
      const update = subject.store.userProfiles.update('00000000-0000-4000-8000-000000000000', {
        displayName: 'Nav',
        email: null,
        departmentId: null,
      });
      await expect(update).rejects.toBeInstanceOf(NotFound);
    });
  });
});
