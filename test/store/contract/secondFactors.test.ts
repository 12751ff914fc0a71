import { describe, expect, it } from '@jest/globals';
import { aUser } from '../../support/builders.js';
import { describeEachPort } from '../../support/testStores.js';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const OTHER_SECRET = 'KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU';
const at = (iso: string) => new Date(iso);
const hash = (n: number) => n.toString(16).padStart(64, '0');

describeEachPort('second factors', (subject) => {
  describe('enrolment', () => {
    it('keeps a begun enrolment out of force until it is confirmed with the same secret', async () => {
      const user = await aUser(subject.store, { roles: ['admin'] });
      expect(await subject.store.secondFactors.get(user.id)).toBeNull();

      expect(await subject.store.secondFactors.begin(user.id, SECRET, at('2026-03-02T08:00:00Z'))).toBe(true);
      expect(await subject.store.secondFactors.get(user.id)).toEqual({
        userId: user.id,
        secret: SECRET,
        createdAt: at('2026-03-02T08:00:00Z'),
        enrolledAt: null,
        lastTimeStep: null,
        recoveryCodesLeft: 0,
      });
      // Begun again (a reload): the new secret replaces the old one.
      expect(await subject.store.secondFactors.begin(user.id, OTHER_SECRET, at('2026-03-02T08:01:00Z'))).toBe(
        true,
      );
      const stale = {
        secret: SECRET,
        timeStep: 100,
        recoveryCodeHashes: [],
        now: at('2026-03-02T08:02:00Z'),
      };
      expect(await subject.store.secondFactors.confirm(user.id, stale)).toBe(false);

      const confirmed = await subject.store.secondFactors.confirm(user.id, {
        secret: OTHER_SECRET,
        timeStep: 100,
        recoveryCodeHashes: [hash(1), hash(2), hash(3)],
        now: at('2026-03-02T08:02:00Z'),
      });

      expect(confirmed).toBe(true);
      expect(await subject.store.secondFactors.get(user.id)).toMatchObject({
        secret: OTHER_SECRET,
        enrolledAt: at('2026-03-02T08:02:00Z'),
        lastTimeStep: 100,
        recoveryCodesLeft: 3,
      });
      // In force: neither a new enrolment nor a second confirmation changes it.
      expect(await subject.store.secondFactors.begin(user.id, SECRET, at('2026-03-02T08:03:00Z'))).toBe(
        false,
      );
      expect(
        await subject.store.secondFactors.confirm(user.id, { ...stale, secret: OTHER_SECRET, timeStep: 200 }),
      ).toBe(false);
      expect(await subject.store.secondFactors.get(user.id)).toMatchObject({
        secret: OTHER_SECRET,
        lastTimeStep: 100,
      });
    });
  });

  describe('codes', () => {
    const enrolled = async () => {
      const user = await aUser(subject.store, { roles: ['admin'] });
      await subject.store.secondFactors.begin(user.id, SECRET, at('2026-03-02T08:00:00Z'));
      await subject.store.secondFactors.confirm(user.id, {
        secret: SECRET,
        timeStep: 1000,
        recoveryCodeHashes: [hash(7), hash(8)],
        now: at('2026-03-02T08:00:00Z'),
      });
      return user;
    };

    it('accepts each time step once and never an earlier one', async () => {
      const user = await enrolled();

      expect(await subject.store.secondFactors.acceptTimeStep(user.id, 1000)).toBe(false);
      expect(await subject.store.secondFactors.acceptTimeStep(user.id, 999)).toBe(false);
      expect(await subject.store.secondFactors.acceptTimeStep(user.id, 1001)).toBe(true);
      expect(await subject.store.secondFactors.acceptTimeStep(user.id, 1001)).toBe(false);
      expect((await subject.store.secondFactors.get(user.id))?.lastTimeStep).toBe(1001);
    });

    it('accepts a time step only once when two requests bring it at the same time', async () => {
      const user = await enrolled();
      const answers = await Promise.all(
        Array.from({ length: 5 }, () => subject.store.secondFactors.acceptTimeStep(user.id, 2000)),
      );
      expect(answers.filter(Boolean)).toHaveLength(1);
    });

    it('accepts no time step for a factor not in force', async () => {
      const user = await aUser(subject.store, { roles: ['admin'] });
      await subject.store.secondFactors.begin(user.id, SECRET, at('2026-03-02T08:00:00Z'));
      expect(await subject.store.secondFactors.acceptTimeStep(user.id, 5)).toBe(false);
    });

    it('uses a recovery code once', async () => {
      const user = await enrolled();

      expect(
        await subject.store.secondFactors.useRecoveryCode(user.id, hash(7), at('2026-03-02T09:00:00Z')),
      ).toBe(true);
      expect(
        await subject.store.secondFactors.useRecoveryCode(user.id, hash(7), at('2026-03-02T09:01:00Z')),
      ).toBe(false);
      expect(
        await subject.store.secondFactors.useRecoveryCode(user.id, hash(9), at('2026-03-02T09:01:00Z')),
      ).toBe(false);
      expect((await subject.store.secondFactors.get(user.id))?.recoveryCodesLeft).toBe(1);
    });

    it('removes the factor with its recovery codes', async () => {
      const user = await enrolled();

      expect(await subject.store.secondFactors.remove(user.id)).toBe(true);
      expect(await subject.store.secondFactors.remove(user.id)).toBe(false);
      expect(await subject.store.secondFactors.get(user.id)).toBeNull();
      expect(
        await subject.store.secondFactors.useRecoveryCode(user.id, hash(8), at('2026-03-02T09:00:00Z')),
      ).toBe(false);
    });

    it('rolls back with the transaction', async () => {
      const user = await aUser(subject.store, { roles: ['admin'] });
      await expect(
        subject.store.transaction(async (tx) => {
          await tx.secondFactors.begin(user.id, SECRET, at('2026-03-02T08:00:00Z'));
          throw new Error('undo');
        }),
      ).rejects.toThrow('undo');
      expect(await subject.store.secondFactors.get(user.id)).toBeNull();
    });
  });
});
