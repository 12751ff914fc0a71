import { randomUUID } from 'node:crypto';
import { Conflict, NotFound } from '../../errors.js';
import type { Queryable } from '../db.js';
import { isUuid } from '../ids.js';
import type { NewSubstitution, Substitution, SubstitutionRepository } from '../substitutionPorts.js';
import { rethrowConstraint } from './sqlErrors.js';

interface SubstitutionRow {
  id: string;
  principal_id: string;
  deputy_id: string;
  from_date: string;
  to_date: string;
  reason: string;
  created_by: string | null;
  created_at: Date;
  revoked_at: Date | null;
  revoked_by: string | null;
}

// Dates as text: the drivers would otherwise turn a calendar date into a midnight in some zone.
const COLUMNS = `id, principal_id, deputy_id, to_char(from_date, 'YYYY-MM-DD') AS from_date,
  to_char(to_date, 'YYYY-MM-DD') AS to_date, reason, created_by, created_at, revoked_at, revoked_by`;

const toSubstitution = (row: SubstitutionRow): Substitution => ({
  id: row.id,
  principalId: row.principal_id,
  deputyId: row.deputy_id,
  fromDate: row.from_date,
  toDate: row.to_date,
  reason: row.reason,
  createdBy: row.created_by,
  createdAt: new Date(row.created_at),
  revokedAt: row.revoked_at === null ? null : new Date(row.revoked_at),
  revokedBy: row.revoked_by,
});

export function substitutionRepository(db: Queryable): SubstitutionRepository {
  async function get(id: string): Promise<Substitution | null> {
    if (!isUuid(id)) return null;
    const [row] = await db.query<SubstitutionRow>(`SELECT ${COLUMNS} FROM substitutions WHERE id = $1`, [id]);
    return row ? toSubstitution(row) : null;
  }

  return {
    async insert(substitution: NewSubstitution) {
      const id = randomUUID();
      try {
        await db.query(
          `INSERT INTO substitutions (id, principal_id, deputy_id, from_date, to_date, reason, created_by, created_at)
           VALUES ($1, $2, $3, $4::date, $5::date, $6, $7, $8)`,
          [
            id,
            substitution.principalId,
            substitution.deputyId,
            substitution.fromDate,
            substitution.toDate,
            substitution.reason,
            substitution.createdBy,
            substitution.createdAt,
          ],
        );
      } catch (error) {
        rethrowConstraint(error, 'substitution');
      }
      return (await get(id)) as Substitution;
    },
    get,
    async list(filter = {}) {
      const rows = await db.query<SubstitutionRow>(
        `SELECT ${COLUMNS} FROM substitutions
          WHERE $1::uuid IS NULL OR principal_id = $1::uuid OR deputy_id = $1::uuid
          ORDER BY created_at DESC, id`,
        [filter.userId ?? null],
      );
      return rows.map(toSubstitution);
    },
    async revoke(id, revokedBy, at) {
      const found = await get(id);
      if (!found) throw new NotFound(`substitution ${id} not found`);
      const [row] = await db.query<SubstitutionRow>(
        `UPDATE substitutions SET revoked_at = $2, revoked_by = $3
          WHERE id = $1 AND revoked_at IS NULL RETURNING ${COLUMNS}`,
        [id, at, revokedBy],
      );
      if (!row) throw new Conflict(`substitution ${id} is revoked already`);
      return toSubstitution(row);
    },
    async activeForDeputy(deputyId, date) {
      if (!isUuid(deputyId)) return [];
      const rows = await db.query<SubstitutionRow>(
        `SELECT ${COLUMNS} FROM substitutions
          WHERE deputy_id = $1 AND revoked_at IS NULL AND from_date <= $2::date AND to_date >= $2::date
          ORDER BY from_date, id`,
        [deputyId, date],
      );
      return rows.map(toSubstitution);
    },
  };
}
