import { describe, expect, it } from '@jest/globals';
import { aRegister } from '../../support/builders.js';
import { describeEachPort } from '../../support/testStores.js';

class Rollback extends Error {}

describeEachPort('counters', (subject) => {
  describe('next', () => {
    it('counts from 1 per register and year', async () => {
      const register = await aRegister(subject.store);
      const other = await aRegister(subject.store);
      const take = (registerId: string, year: number) =>
        subject.store.transaction((tx) => tx.counters.next(registerId, year));

      expect([
        await take(register.id, 2025),
        await take(register.id, 2025),
        await take(register.id, 2025),
      ]).toEqual([1, 2, 3]);
      expect(await take(register.id, 2026)).toBe(1);
      expect(await take(other.id, 2025)).toBe(1);
      expect(await subject.store.counters.current(register.id, 2025)).toBe(3);
    });

    it('gives a rolled-back number to the next caller', async () => {
      const register = await aRegister(subject.store);
      await subject.store.transaction((tx) => tx.counters.next(register.id, 2025));

      const rolledBack = subject.store.transaction(async (tx) => {
        expect(await tx.counters.next(register.id, 2025)).toBe(2);
        throw new Rollback();
      });
      await expect(rolledBack).rejects.toBeInstanceOf(Rollback);

      expect(await subject.store.counters.current(register.id, 2025)).toBe(1);
      expect(await subject.store.transaction((tx) => tx.counters.next(register.id, 2025))).toBe(2);
    });

    it('hands 200 concurrent callers exactly the numbers 1..200', async () => {
      const register = await aRegister(subject.store);

      const numbers = await Promise.all(
        Array.from({ length: 200 }, () =>
          subject.store.transaction((tx) => tx.counters.next(register.id, 2025)),
        ),
      );

      expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
      expect(await subject.store.counters.current(register.id, 2025)).toBe(200);
    });

    it('leaves no gap among committed documents when concurrent registrations roll back', async () => {
      const register = await aRegister(subject.store);

      const outcomes = await Promise.allSettled(
        Array.from({ length: 100 }, (_, caller) =>
          subject.store.transaction(async (tx) => {
            const sequence = await tx.counters.next(register.id, 2025);
            await tx.documents.insert({
              registerId: register.id,
              year: 2025,
              sequence,
              registrationNumber: `${sequence}/2025`,
              registeredOn: '2025-03-01',
              subject: `Iesniegums ${caller}`,
            });
            if (caller % 4 === 0) throw new Rollback();
            return sequence;
          }),
        ),
      );

      expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(25);
      const stored = await subject.store.documents.listByRegister(register.id, { year: 2025, limit: 1000 });
      expect(stored.items.map((d) => d.sequence).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 75 }, (_, i) => i + 1),
      );
    });
  });

  describe('current', () => {
    it('is 0 before any number was taken', async () => {
      const register = await aRegister(subject.store);
      expect(await subject.store.counters.current(register.id, 2025)).toBe(0);
    });
  });

  describe('raise and highest (a switched yearly reset carries the count over)', () => {
    it('raises a counter, never lowers it, and the next number follows; highest is over all years', async () => {
      const register = await aRegister(subject.store);
      expect(await subject.store.counters.highest(register.id)).toBe(0);
      await subject.store.transaction(async (tx) => {
        await tx.counters.next(register.id, 2025);
        await tx.counters.next(register.id, 2025);
      });

      await subject.store.transaction((tx) => tx.counters.raise(register.id, 0, 7));
      await subject.store.transaction((tx) => tx.counters.raise(register.id, 2025, 1));

      expect(await subject.store.counters.current(register.id, 2025)).toBe(2);
      expect(await subject.store.counters.highest(register.id)).toBe(7);
      expect(await subject.store.transaction((tx) => tx.counters.next(register.id, 0))).toBe(8);
    });

    it('rolls a raise back with its transaction', async () => {
      const register = await aRegister(subject.store);
      const rolledBack = subject.store.transaction(async (tx) => {
        await tx.counters.raise(register.id, 2025, 40);
        throw new Rollback();
      });
      await expect(rolledBack).rejects.toBeInstanceOf(Rollback);
      expect(await subject.store.counters.current(register.id, 2025)).toBe(0);
    });
  });
});
