import type { Queryable } from '../db.js';
import type { CounterRepository } from '../ports.js';
import { rethrowConstraint } from './sqlErrors.js';

export function counterRepository(db: Queryable): CounterRepository {
  return {
    async next(registerId, year) {
      // The upsert locks the (register, year) row until the caller's transaction ends: concurrent
      // callers wait and then see the committed value, and a rollback undoes the increment.
      try {
        const [row] = await db.query<{ value: number }>(
          `INSERT INTO counters (register_id, year, value) VALUES ($1, $2, 1)
           ON CONFLICT (register_id, year) DO UPDATE SET value = counters.value + 1
           RETURNING value`,
          [registerId, year],
        );
        return (row as { value: number }).value;
      } catch (error) {
        rethrowConstraint(error, `counter of register ${registerId} for ${year}`);
      }
    },
    async current(registerId, year) {
      const [row] = await db.query<{ value: number }>(
        'SELECT value FROM counters WHERE register_id = $1 AND year = $2',
        [registerId, year],
      );
      return row?.value ?? 0;
    },
    async highest(registerId) {
      const [row] = await db.query<{ value: number | null }>(
        'SELECT max(value) AS value FROM counters WHERE register_id = $1',
        [registerId],
      );
      return Number(row?.value ?? 0);
    },
    async raise(registerId, year, atLeast) {
      try {
        await db.query(
          `INSERT INTO counters (register_id, year, value) VALUES ($1, $2, $3)
           ON CONFLICT (register_id, year) DO UPDATE SET value = GREATEST(counters.value, $3)`,
          [registerId, year, atLeast],
        );
      } catch (error) {
        rethrowConstraint(error, `counter of register ${registerId} for ${year}`);
      }
    },
  };
}
