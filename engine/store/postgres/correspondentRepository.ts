import { randomUUID } from 'node:crypto';
import { fold } from '../textFolding.js';
import { isUuid } from '../ids.js';
import type { Queryable } from '../db.js';
import type {
  Correspondent,
  CorrespondentKind,
  CorrespondentRepository,
  NewCorrespondent,
} from '../recordPorts.js';
import { rethrowConstraint } from './sqlErrors.js';

interface CorrespondentRow {
  id: string;
  kind: CorrespondentKind;
  name: string;
  registration_code: string | null;
  address: string | null;
  email: string | null;
  phone: string | null;
  e_address: string | null;
  created_at: Date;
  updated_at: Date;
}

const toCorrespondent = (row: CorrespondentRow): Correspondent => ({
  id: row.id,
  kind: row.kind,
  name: row.name,
  registrationCode: row.registration_code,
  address: row.address,
  email: row.email,
  phone: row.phone,
  eAddress: row.e_address,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export function correspondentRepository(db: Queryable): CorrespondentRepository {
  return {
    async insert(correspondent: NewCorrespondent) {
      try {
        const [row] = await db.query<CorrespondentRow>(
          `INSERT INTO correspondents (id, kind, name, registration_code, address, email, phone, e_address, search_name)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
          [
            randomUUID(),
            correspondent.kind,
            correspondent.name,
            correspondent.registrationCode ?? null,
            correspondent.address ?? null,
            correspondent.email ?? null,
            correspondent.phone ?? null,
            correspondent.eAddress ?? null,
            fold(correspondent.name),
          ],
        );
        return toCorrespondent(row as CorrespondentRow);
      } catch (error) {
        rethrowConstraint(error, `correspondent "${correspondent.name}"`);
      }
    },
    async get(id) {
      if (!isUuid(id)) return null;
      const [row] = await db.query<CorrespondentRow>('SELECT * FROM correspondents WHERE id = $1', [id]);
      return row ? toCorrespondent(row) : null;
    },
    async find(text, limit = 20) {
      const folded = escapeLike(fold(text.trim()));
      const rows = await db.query<CorrespondentRow>(
        `SELECT * FROM correspondents
          WHERE search_name LIKE '%' || $1 || '%' OR registration_code = $2
          ORDER BY (search_name LIKE $1 || '%') DESC, name
          LIMIT $3`,
        [folded, text.trim(), limit],
      );
      return rows.map(toCorrespondent);
    },
  };
}
