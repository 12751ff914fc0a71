import { randomUUID } from 'node:crypto';
import { NotFound } from '../../errors.js';
import { isUuid } from '../ids.js';
import type { Queryable } from '../db.js';
import type { NewRegister, Register, RegisterKind, RegisterRepository } from '../ports.js';
import { rethrowConstraint } from './sqlErrors.js';

interface RegisterRow {
  id: string;
  code: string;
  name: string;
  kind: RegisterKind;
  number_pattern: string;
  yearly_reset: boolean;
  department_id: string | null;
  process_key: string | null;
  answer_deadline_rule: string | null;
  active: boolean;
  created_at: Date;
}

const toRegister = (row: RegisterRow): Register => ({
  id: row.id,
  code: row.code,
  name: row.name,
  kind: row.kind,
  numberPattern: row.number_pattern,
  yearlyReset: row.yearly_reset,
  departmentId: row.department_id,
  processKey: row.process_key,
  answerDeadlineRule: row.answer_deadline_rule,
  active: row.active,
  createdAt: row.created_at,
});

export function registerRepository(db: Queryable): RegisterRepository {
  return {
    async insert(register: NewRegister) {
      try {
        const [row] = await db.query<RegisterRow>(
          `INSERT INTO registers (id, code, name, kind, number_pattern, yearly_reset, department_id, process_key,
                                  answer_deadline_rule)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
          [
            randomUUID(),
            register.code,
            register.name,
            register.kind,
            register.numberPattern,
            register.yearlyReset ?? true,
            register.departmentId ?? null,
            register.processKey ?? null,
            register.answerDeadlineRule ?? null,
          ],
        );
        return toRegister(row as RegisterRow);
      } catch (error) {
        rethrowConstraint(error, `register "${register.code}"`);
      }
    },
    async update(id, changes) {
      if (!isUuid(id)) throw new NotFound(`register ${id} not found`);
      let row: RegisterRow | undefined;
      try {
        [row] = await db.query<RegisterRow>(
          `UPDATE registers SET
             name = CASE WHEN $2 THEN $3 ELSE name END,
             number_pattern = CASE WHEN $4 THEN $5 ELSE number_pattern END,
             process_key = CASE WHEN $6 THEN $7 ELSE process_key END,
             answer_deadline_rule = CASE WHEN $8 THEN $9 ELSE answer_deadline_rule END,
             active = CASE WHEN $10 THEN $11 ELSE active END,
             department_id = CASE WHEN $12 THEN $13::uuid ELSE department_id END,
             yearly_reset = CASE WHEN $14 THEN $15 ELSE yearly_reset END
           WHERE id = $1 RETURNING *`,
          [
            id,
            'name' in changes,
            changes.name ?? null,
            'numberPattern' in changes,
            changes.numberPattern ?? null,
            'processKey' in changes,
            changes.processKey ?? null,
            'answerDeadlineRule' in changes,
            changes.answerDeadlineRule ?? null,
            'active' in changes,
            changes.active ?? null,
            'departmentId' in changes,
            changes.departmentId ?? null,
            'yearlyReset' in changes,
            changes.yearlyReset ?? null,
          ],
        );
      } catch (error) {
        rethrowConstraint(error, `register ${id}`);
      }
      if (!row) throw new NotFound(`register ${id} not found`);
      return toRegister(row);
    },
    async get(id) {
      if (!isUuid(id)) return null;
      const [row] = await db.query<RegisterRow>('SELECT * FROM registers WHERE id = $1', [id]);
      return row ? toRegister(row) : null;
    },
    async getByCode(code) {
      const [row] = await db.query<RegisterRow>('SELECT * FROM registers WHERE code = $1', [code]);
      return row ? toRegister(row) : null;
    },
    async list() {
      const rows = await db.query<RegisterRow>('SELECT * FROM registers ORDER BY code');
      return rows.map(toRegister);
    },
  };
}
