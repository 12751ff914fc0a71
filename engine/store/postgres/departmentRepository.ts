import { randomUUID } from 'node:crypto';
import { Conflict, NotFound } from '../../errors.js';
import { isUuid } from '../ids.js';
import type { Queryable } from '../db.js';
import type { Department, DepartmentRepository, NewDepartment } from '../ports.js';
import { rethrowConstraint } from './sqlErrors.js';

interface DepartmentRow {
  id: string;
  code: string;
  name: string;
  parent_id: string | null;
  active: boolean;
  created_at: Date;
}

const toDepartment = (row: DepartmentRow): Department => ({
  id: row.id,
  code: row.code,
  name: row.name,
  parentId: row.parent_id,
  active: row.active,
  createdAt: row.created_at,
});

export function departmentRepository(db: Queryable): DepartmentRepository {
  return {
    async insert(department: NewDepartment) {
      try {
        const [row] = await db.query<DepartmentRow>(
          'INSERT INTO departments (id, code, name, parent_id) VALUES ($1, $2, $3, $4) RETURNING *',
          [randomUUID(), department.code, department.name, department.parentId ?? null],
        );
        return toDepartment(row as DepartmentRow);
      } catch (error) {
        rethrowConstraint(error, `department "${department.code}"`);
      }
    },
    async get(id) {
      if (!isUuid(id)) return null;
      const [row] = await db.query<DepartmentRow>('SELECT * FROM departments WHERE id = $1', [id]);
      return row ? toDepartment(row) : null;
    },
    async getByCode(code) {
      const [row] = await db.query<DepartmentRow>('SELECT * FROM departments WHERE code = $1', [code]);
      return row ? toDepartment(row) : null;
    },
    async list() {
      const rows = await db.query<DepartmentRow>('SELECT * FROM departments ORDER BY name, code');
      return rows.map(toDepartment);
    },
    async update(id, changes) {
      if (!isUuid(id)) throw new NotFound(`department ${id} not found`);
      try {
        const [row] = await db.query<DepartmentRow>(
          `UPDATE departments SET name = COALESCE($2, name), active = COALESCE($3, active)
            WHERE id = $1 RETURNING *`,
          [id, changes.name ?? null, changes.active ?? null],
        );
        if (!row) throw new NotFound(`department ${id} not found`);
        return toDepartment(row);
      } catch (error) {
        if (error instanceof NotFound) throw error;
        rethrowConstraint(error, `department ${id}`);
      }
    },
    async usage(id) {
      const [row] = await db.query<{
        active_users: number;
        users: number;
        documents: number;
        registers: number;
      }>(
        `SELECT (SELECT count(*)::int FROM users WHERE department_id = $1 AND active) AS active_users,
                (SELECT count(*)::int FROM users WHERE department_id = $1) AS users,
                (SELECT count(*)::int FROM documents d JOIN registers r ON r.id = d.register_id
                  WHERE r.department_id = $1)
                + (SELECT count(*)::int FROM document_access WHERE department_id = $1) AS documents,
                (SELECT count(*)::int FROM registers WHERE department_id = $1)
                + (SELECT count(*)::int FROM departments WHERE parent_id = $1) AS registers`,
        [id],
      );
      return {
        activeUsers: row?.active_users ?? 0,
        users: row?.users ?? 0,
        documents: row?.documents ?? 0,
        registers: row?.registers ?? 0,
      };
    },
    async delete(id) {
      if (!isUuid(id)) throw new NotFound(`department ${id} not found`);
      try {
        const rows = await db.query<{ id: string }>('DELETE FROM departments WHERE id = $1 RETURNING id', [
          id,
        ]);
        if (rows.length === 0) throw new NotFound(`department ${id} not found`);
      } catch (error) {
        if (error instanceof NotFound) throw error;
        // Anything still referring to it (users, registers, case files, access grants) keeps it.
        throw new Conflict(`department ${id} is still in use; deactivate it instead`);
      }
    },
  };
}
