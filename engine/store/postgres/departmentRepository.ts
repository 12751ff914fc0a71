import { randomUUID } from 'node:crypto';
import { isUuid } from '../ids.js';
import type { Queryable } from '../db.js';
import type { Department, DepartmentRepository, NewDepartment } from '../ports.js';
import { rethrowConstraint } from './sqlErrors.js';

interface DepartmentRow {
  id: string;
  code: string;
  name: string;
  parent_id: string | null;
  created_at: Date;
}

const toDepartment = (row: DepartmentRow): Department => ({
  id: row.id,
  code: row.code,
  name: row.name,
  parentId: row.parent_id,
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
  };
}
