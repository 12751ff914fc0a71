import type { Queryable } from '../db.js';
import type { LoginThrottleRepository } from '../authPorts.js';

interface ThrottleRow {
  failures: number;
  locked_until: Date | null;
}

// A window that has passed, or a lock that has run out, starts the count again at 1.
const RESTART = `(t.window_started_at <= $2::timestamptz - make_interval(secs => $4) OR t.locked_until <= $2::timestamptz)`;

/** One statement per failure, so concurrent failures from several processes all count. */
const RECORD_FAILURE = `
  INSERT INTO login_throttle AS t (key, failures, window_started_at, locked_until)
  VALUES ($1, 1, $2::timestamptz,
          CASE WHEN $3 <= 1 THEN $2::timestamptz + make_interval(secs => $4) END)
  ON CONFLICT (key) DO UPDATE SET
    failures = CASE WHEN ${RESTART} THEN 1 ELSE t.failures + 1 END,
    window_started_at = CASE WHEN ${RESTART} THEN $2::timestamptz ELSE t.window_started_at END,
    locked_until = CASE
      WHEN t.locked_until > $2::timestamptz THEN t.locked_until
      WHEN (CASE WHEN ${RESTART} THEN 1 ELSE t.failures + 1 END) >= $3
        THEN $2::timestamptz + make_interval(secs => $4)
      END
  RETURNING failures, locked_until`;

export function loginThrottleRepository(db: Queryable): LoginThrottleRepository {
  return {
    async lockedUntil(keys, now) {
      const [row] = await db.query<{ until: Date | null }>(
        'SELECT max(locked_until) AS until FROM login_throttle WHERE key = ANY($1::text[]) AND locked_until > $2',
        [[...keys], now],
      );
      return row?.until ? new Date(row.until) : null;
    },
    async recordFailure(key, now, policy) {
      const [row] = await db.query<ThrottleRow>(RECORD_FAILURE, [
        key,
        now,
        policy.maxFailures,
        policy.lockoutSeconds,
      ]);
      if (!row) throw new Error('login_throttle upsert returned no row');
      const lockedUntil = row.locked_until ? new Date(row.locked_until) : null;
      return {
        failures: row.failures,
        lockedUntil,
        lockedNow: lockedUntil !== null && row.failures === policy.maxFailures,
      };
    },
    async clear(key) {
      await db.query('DELETE FROM login_throttle WHERE key = $1', [key]);
    },
  };
}
