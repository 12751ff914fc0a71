import { randomUUID } from 'node:crypto';
import { NotFound } from '../../errors.js';
import { isUuid } from '../ids.js';
import type { Queryable } from '../db.js';
import type { CaseFile, CaseFileRepository, NewCaseFile, RetentionClass } from '../recordPorts.js';
import { rethrowConstraint } from './sqlErrors.js';

interface CaseFileRow {
  id: string;
  index_code: string;
  title: string;
  department_id: string | null;
  retention: RetentionClass;
  retention_years: number | null;
  year: number;
  active: boolean;
  created_at: Date;
}

const toCaseFile = (row: CaseFileRow): CaseFile => ({
  id: row.id,
  indexCode: row.index_code,
  title: row.title,
  departmentId: row.department_id,
  retention: row.retention,
  retentionYears: row.retention_years,
  year: row.year,
  active: row.active,
  createdAt: row.created_at,
});

export function caseFileRepository(db: Queryable): CaseFileRepository {
  return {
    async insert(caseFile: NewCaseFile) {
      try {
        const [row] = await db.query<CaseFileRow>(
          `INSERT INTO case_files (id, index_code, title, department_id, retention, retention_years, year)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
          [
            randomUUID(),
            caseFile.indexCode,
            caseFile.title,
            caseFile.departmentId ?? null,
            caseFile.retention,
            caseFile.retentionYears ?? null,
            caseFile.year,
          ],
        );
        return toCaseFile(row as CaseFileRow);
      } catch (error) {
        rethrowConstraint(error, `case file ${caseFile.indexCode} of ${caseFile.year}`);
      }
    },
    async get(id) {
      if (!isUuid(id)) return null;
      const [row] = await db.query<CaseFileRow>('SELECT * FROM case_files WHERE id = $1', [id]);
      return row ? toCaseFile(row) : null;
    },
    async list(filter = {}) {
      const rows = await db.query<CaseFileRow>(
        `SELECT * FROM case_files
          WHERE ($1::int IS NULL OR year = $1) AND ($2::uuid IS NULL OR department_id = $2)
          ORDER BY year DESC, index_code`,
        [filter.year ?? null, filter.departmentId ?? null],
      );
      return rows.map(toCaseFile);
    },
    async update(id, changes) {
      if (!isUuid(id)) throw new NotFound(`case file ${id} not found`);
      const [row] = await db.query<CaseFileRow>(
        `UPDATE case_files SET title = COALESCE($2, title),
                department_id = CASE WHEN $3::boolean THEN $4::uuid ELSE department_id END,
                active = COALESCE($5, active)
          WHERE id = $1 RETURNING *`,
        [
          id,
          changes.title ?? null,
          changes.departmentId !== undefined,
          changes.departmentId ?? null,
          changes.active ?? null,
        ],
      );
      if (!row) throw new NotFound(`case file ${id} not found`);
      return toCaseFile(row);
    },
  };
}
