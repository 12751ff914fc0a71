import type { Queryable } from '../db.js';
import type { SecondFactor, SecondFactorRepository } from '../secondFactorPorts.js';

interface SecondFactorRow {
  user_id: string;
  secret: string;
  created_at: Date;
  enrolled_at: Date | null;
  last_time_step: number | null;
  recovery_codes_left: number;
}

const toSecondFactor = (row: SecondFactorRow): SecondFactor => ({
  userId: row.user_id,
  secret: row.secret,
  createdAt: new Date(row.created_at),
  enrolledAt: row.enrolled_at ? new Date(row.enrolled_at) : null,
  lastTimeStep: row.last_time_step === null ? null : Number(row.last_time_step),
  recoveryCodesLeft: Number(row.recovery_codes_left),
});

export function secondFactorRepository(db: Queryable): SecondFactorRepository {
  return {
    async get(userId) {
      const [row] = await db.query<SecondFactorRow>(
        `SELECT f.user_id, f.secret, f.created_at, f.enrolled_at, f.last_time_step::float8 AS last_time_step,
                (SELECT count(*)::int FROM user_recovery_codes c
                  WHERE c.user_id = f.user_id AND c.used_at IS NULL) AS recovery_codes_left
           FROM user_second_factors f WHERE f.user_id = $1`,
        [userId],
      );
      return row ? toSecondFactor(row) : null;
    },
    async begin(userId, secret, now) {
      const rows = await db.query(
        `INSERT INTO user_second_factors AS f (user_id, secret, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (user_id) DO UPDATE SET secret = EXCLUDED.secret, created_at = EXCLUDED.created_at,
                                             last_time_step = NULL
          WHERE f.enrolled_at IS NULL
         RETURNING user_id`,
        [userId, secret, now],
      );
      return rows.length > 0;
    },
    async confirm(userId, { secret, timeStep, recoveryCodeHashes, now }) {
      const rows = await db.query(
        `UPDATE user_second_factors SET enrolled_at = $3, last_time_step = $4
          WHERE user_id = $1 AND secret = $2 AND enrolled_at IS NULL
         RETURNING user_id`,
        [userId, secret, now, timeStep],
      );
      if (rows.length === 0) return false;
      await db.query('DELETE FROM user_recovery_codes WHERE user_id = $1', [userId]);
      if (recoveryCodeHashes.length > 0) {
        await db.query(
          `INSERT INTO user_recovery_codes (user_id, code_hash)
           SELECT $1, hash FROM unnest($2::text[]) AS hash`,
          [userId, [...recoveryCodeHashes]],
        );
      }
      return true;
    },
    async acceptTimeStep(userId, timeStep) {
      const rows = await db.query(
        `UPDATE user_second_factors SET last_time_step = $2
          WHERE user_id = $1 AND enrolled_at IS NOT NULL
            AND (last_time_step IS NULL OR last_time_step < $2)
         RETURNING user_id`,
        [userId, timeStep],
      );
      return rows.length > 0;
    },
    async useRecoveryCode(userId, codeHash, now) {
      const rows = await db.query(
        `UPDATE user_recovery_codes SET used_at = $3
          WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL
         RETURNING user_id`,
        [userId, codeHash, now],
      );
      return rows.length > 0;
    },
    async remove(userId) {
      const rows = await db.query('DELETE FROM user_second_factors WHERE user_id = $1 RETURNING user_id', [
        userId,
      ]);
      return rows.length > 0;
    },
  };
}
