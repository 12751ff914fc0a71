import { randomUUID } from 'node:crypto';
import { Conflict, NotFound } from '../../errors.js';
import type { ApiToken, ApiTokenRepository, NewApiToken } from '../apiTokenPorts.js';
import type { Queryable } from '../db.js';
import { isUuid } from '../ids.js';
import { rethrowConstraint } from './sqlErrors.js';

interface ApiTokenRow {
  id: string;
  name: string;
  user_id: string;
  created_by: string | null;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
  revoked_by: string | null;
}

const date = (value: Date | null): Date | null => (value === null ? null : new Date(value));

const toApiToken = (row: ApiTokenRow): ApiToken => ({
  id: row.id,
  name: row.name,
  userId: row.user_id,
  createdBy: row.created_by,
  createdAt: new Date(row.created_at),
  lastUsedAt: date(row.last_used_at),
  revokedAt: date(row.revoked_at),
  revokedBy: row.revoked_by,
});

// The hash is selected by no query: nothing above the adapter ever sees it.
const COLUMNS = 'id, name, user_id, created_by, created_at, last_used_at, revoked_at, revoked_by';

export function apiTokenRepository(db: Queryable): ApiTokenRepository {
  return {
    async insert(token: NewApiToken) {
      try {
        const [row] = await db.query<ApiTokenRow>(
          `INSERT INTO api_tokens (id, name, user_id, token_hash, created_by, created_at)
           VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
          [randomUUID(), token.name, token.userId, token.tokenHash, token.createdBy, token.createdAt],
        );
        return toApiToken(row as ApiTokenRow);
      } catch (error) {
        rethrowConstraint(error, `API token "${token.name}"`);
      }
    },
    async get(id) {
      if (!isUuid(id)) return null;
      const [row] = await db.query<ApiTokenRow>(`SELECT ${COLUMNS} FROM api_tokens WHERE id = $1`, [id]);
      return row ? toApiToken(row) : null;
    },
    async list() {
      const rows = await db.query<ApiTokenRow>(
        `SELECT ${COLUMNS} FROM api_tokens ORDER BY created_at DESC, id`,
      );
      return rows.map(toApiToken);
    },
    async findActiveByHash(tokenHash) {
      const [row] = await db.query<ApiTokenRow>(
        `SELECT ${COLUMNS} FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL`,
        [tokenHash],
      );
      return row ? toApiToken(row) : null;
    },
    async revoke(id, revokedBy, at) {
      if (!isUuid(id)) throw new NotFound('No such API token.');
      const [row] = await db.query<ApiTokenRow>(
        `UPDATE api_tokens SET revoked_at = $2, revoked_by = $3
          WHERE id = $1 AND revoked_at IS NULL RETURNING ${COLUMNS}`,
        [id, at, revokedBy],
      );
      if (row) return toApiToken(row);
      const [exists] = await db.query('SELECT 1 FROM api_tokens WHERE id = $1', [id]);
      if (!exists) throw new NotFound('No such API token.');
      throw new Conflict('The API token is already revoked.');
    },
    async touch(id, at) {
      await db.query(
        `UPDATE api_tokens SET last_used_at = $2
          WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $2)`,
        [id, at],
      );
    },
  };
}
