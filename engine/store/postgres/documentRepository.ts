import { randomUUID } from 'node:crypto';
import { Conflict, NotFound } from '../../errors.js';
import type { Queryable } from '../db.js';
import type { Confidentiality, DocumentRecord, DocumentRepository, NewDocument } from '../ports.js';
import { rethrowConstraint } from './sqlErrors.js';

interface DocumentRow {
  id: string;
  register_id: string;
  year: number;
  sequence: number;
  registration_number: string;
  registered_on: string;
  subject: string;
  status: string;
  confidentiality: Confidentiality;
  due_date: string | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  version: number;
}

const toDocument = (row: DocumentRow): DocumentRecord => ({
  id: row.id,
  registerId: row.register_id,
  year: row.year,
  sequence: row.sequence,
  registrationNumber: row.registration_number,
  registeredOn: row.registered_on,
  subject: row.subject,
  status: row.status,
  confidentiality: row.confidentiality,
  dueDate: row.due_date,
  createdBy: row.created_by,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  version: row.version,
});

export function documentRepository(db: Queryable): DocumentRepository {
  return {
    async insert(document: NewDocument) {
      try {
        const [row] = await db.query<DocumentRow>(
          `INSERT INTO documents (id, register_id, year, sequence, registration_number, registered_on, subject, status,
                                  confidentiality, due_date, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *`,
          [
            randomUUID(),
            document.registerId,
            document.year,
            document.sequence,
            document.registrationNumber,
            document.registeredOn,
            document.subject,
            document.status ?? 'registered',
            document.confidentiality ?? 'internal',
            document.dueDate ?? null,
            document.createdBy ?? null,
          ],
        );
        return toDocument(row as DocumentRow);
      } catch (error) {
        rethrowConstraint(error, `document ${document.registrationNumber}`);
      }
    },
    async get(id) {
      const [row] = await db.query<DocumentRow>('SELECT * FROM documents WHERE id = $1', [id]);
      return row ? toDocument(row) : null;
    },
    async listByRegister(registerId, options = {}) {
      const year = options.year ?? null;
      const [count] = await db.query<{ total: number }>(
        'SELECT count(*)::int AS total FROM documents WHERE register_id = $1 AND ($2::int IS NULL OR year = $2)',
        [registerId, year],
      );
      const rows = await db.query<DocumentRow>(
        `SELECT * FROM documents WHERE register_id = $1 AND ($2::int IS NULL OR year = $2)
         ORDER BY year DESC, sequence DESC LIMIT $3 OFFSET $4`,
        [registerId, year, options.limit ?? 50, options.offset ?? 0],
      );
      return { items: rows.map(toDocument), total: count?.total ?? 0 };
    },
    async setStatus(id, expectedVersion, status) {
      const [row] = await db.query<DocumentRow>(
        `UPDATE documents SET status = $3, version = version + 1, updated_at = now()
         WHERE id = $1 AND version = $2 RETURNING *`,
        [id, expectedVersion, status],
      );
      if (row) return toDocument(row);
      const [exists] = await db.query('SELECT 1 FROM documents WHERE id = $1', [id]);
      if (!exists) throw new NotFound(`document ${id} not found`);
      throw new Conflict(`document ${id} was changed by someone else; reload it and try again`);
    },
  };
}
