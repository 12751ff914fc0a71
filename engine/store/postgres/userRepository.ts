import { randomUUID } from 'node:crypto';
import { Invalid, NotFound } from '../../errors.js';
import { isUuid } from '../ids.js';
import type { Queryable } from '../db.js';
import { type NewUser, ROLES, type Role, type User, type UserRepository, type UserSource } from '../ports.js';
import { rethrowConstraint } from './sqlErrors.js';

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  email: string | null;
  department_id: string | null;
  source: UserSource;
  active: boolean;
  language: string | null;
  created_at: Date;
  updated_at: Date;
  roles: Role[];
}

const SELECT_USER = `
  SELECT u.id, u.username, u.display_name, u.email, u.department_id, u.source, u.active, u.language,
         u.created_at, u.updated_at,
         COALESCE((SELECT array_agg(r.role ORDER BY r.role) FROM user_roles r WHERE r.user_id = u.id), '{}') AS roles
    FROM users u`;

const toUser = (row: UserRow): User => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  email: row.email,
  departmentId: row.department_id,
  roles: row.roles,
  source: row.source,
  active: row.active,
  language: row.language,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export function userRepository(db: Queryable): UserRepository {
  async function mustGet(id: string): Promise<User> {
    const [row] = await db.query<UserRow>(`${SELECT_USER} WHERE u.id = $1`, [id]);
    if (!row) throw new NotFound(`user ${id} not found`);
    return toUser(row);
  }

  return {
    async insert(user: NewUser) {
      const id = randomUUID();
      try {
        // One statement, so that a user never exists without the roles it was created with.
        await db.query(
          `WITH inserted AS (
             INSERT INTO users (id, username, display_name, email, department_id, source, password_hash,
                                external_issuer, external_subject)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $9, $10) RETURNING id)
           INSERT INTO user_roles (user_id, role) SELECT inserted.id, unnest($8::text[]) FROM inserted`,
          [
            id,
            user.username,
            user.displayName,
            user.email ?? null,
            user.departmentId ?? null,
            user.source,
            user.passwordHash ?? null,
            [...new Set(user.roles)],
            user.externalIdentity?.issuer ?? null,
            user.externalIdentity?.subject ?? null,
          ],
        );
      } catch (error) {
        rethrowConstraint(error, `user "${user.username}"`);
      }
      return mustGet(id);
    },
    get: async (id) => {
      if (!isUuid(id)) return null;
      const [row] = await db.query<UserRow>(`${SELECT_USER} WHERE u.id = $1`, [id]);
      return row ? toUser(row) : null;
    },
    async getByUsername(username) {
      const [row] = await db.query<UserRow>(`${SELECT_USER} WHERE lower(u.username) = lower($1)`, [username]);
      return row ? toUser(row) : null;
    },
    async getByExternalIdentity({ issuer, subject }) {
      const [row] = await db.query<UserRow>(
        `${SELECT_USER} WHERE u.external_issuer = $1 AND u.external_subject = $2`,
        [issuer, subject],
      );
      return row ? toUser(row) : null;
    },
    async displayNames(usernames) {
      const names = new Map<string, string>();
      const asked = [...new Set(usernames)];
      if (asked.length === 0) return names;
      const rows = await db.query<{ username: string; display_name: string }>(
        'SELECT username, display_name FROM users WHERE lower(username) = ANY($1::text[])',
        [asked.map((username) => username.toLowerCase())],
      );
      const byLower = new Map(rows.map((row) => [row.username.toLowerCase(), row.display_name]));
      for (const username of asked) {
        const name = byLower.get(username.toLowerCase());
        if (name) names.set(username, name);
      }
      return names;
    },
    async list() {
      const rows = await db.query<UserRow>(`${SELECT_USER} ORDER BY u.display_name, u.username`);
      return rows.map(toUser);
    },
    async answeringTo(groups, limit) {
      if (groups.length === 0 || limit <= 0) return [];
      const rows = await db.query<UserRow>(
        `${SELECT_USER}
           LEFT JOIN departments d ON d.id = u.department_id
          WHERE u.active
            AND (d.code = ANY($1::text[])
                 OR EXISTS (SELECT 1 FROM user_roles r
                             WHERE r.user_id = u.id
                               AND (r.role = ANY($1::text[]) OR r.role || ':' || d.code = ANY($1::text[]))))
          ORDER BY u.username
          LIMIT $2`,
        [[...groups], limit],
      );
      return rows.map(toUser);
    },
    async setRoles(id, roles) {
      await mustGet(id);
      const wanted = [...new Set(roles)];
      const unknown = wanted.filter((role) => !ROLES.includes(role));
      if (unknown.length > 0) throw new Invalid(`unknown role: ${unknown.join(', ')}`);
      // Each statement is valid on its own, so a crash between them leaves a consistent set of roles.
      await db.query(
        'INSERT INTO user_roles (user_id, role) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING',
        [id, wanted],
      );
      await db.query('DELETE FROM user_roles WHERE user_id = $1 AND NOT (role = ANY($2::text[]))', [
        id,
        wanted,
      ]);
      await db.query('UPDATE users SET updated_at = now() WHERE id = $1', [id]);
      return mustGet(id);
    },
    async setActive(id, active) {
      await mustGet(id);
      await db.query('UPDATE users SET active = $2, updated_at = now() WHERE id = $1', [id, active]);
      return mustGet(id);
    },
    async update(id, changes) {
      await mustGet(id);
      try {
        await db.query(
          `UPDATE users SET display_name = COALESCE($2, display_name),
                  email = CASE WHEN $3::boolean THEN $4 ELSE email END,
                  department_id = CASE WHEN $5::boolean THEN $6::uuid ELSE department_id END,
                  updated_at = now()
            WHERE id = $1`,
          [
            id,
            changes.displayName ?? null,
            changes.email !== undefined,
            changes.email ?? null,
            changes.departmentId !== undefined,
            changes.departmentId ?? null,
          ],
        );
      } catch (error) {
        rethrowConstraint(error, `user ${id}`);
      }
      return mustGet(id);
    },
    async setLanguage(id, language) {
      await mustGet(id);
      // updated_at stays: it tells when the administrator or the directory last changed the account.
      try {
        await db.query('UPDATE users SET language = $2 WHERE id = $1', [id, language]);
      } catch (error) {
        rethrowConstraint(error, `language of user ${id}`);
      }
      return mustGet(id);
    },
    async setPasswordHash(id, passwordHash) {
      await mustGet(id);
      await db.query('UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1', [
        id,
        passwordHash,
      ]);
    },
    async passwordHash(username) {
      const [row] = await db.query<{ password_hash: string | null }>(
        `SELECT password_hash FROM users WHERE lower(username) = lower($1) AND source = 'local'`,
        [username],
      );
      return row?.password_hash ?? null;
    },
  };
}
