import type { Queryable } from '../db.js';
import type { SessionRepository, StoredSession } from '../authPorts.js';

interface SessionRow {
  sid: string;
  user_id: string | null;
  data: StoredSession['data'];
  expires_at: Date;
}

export function sessionRepository(db: Queryable): SessionRepository {
  return {
    async get(sid, now) {
      const [row] = await db.query<SessionRow>(
        'SELECT sid, user_id, data, expires_at FROM sessions WHERE sid = $1 AND expires_at > $2',
        [sid, now],
      );
      return row
        ? { sid: row.sid, userId: row.user_id, data: row.data, expiresAt: new Date(row.expires_at) }
        : null;
    },
    async save(session) {
      await db.query(
        `INSERT INTO sessions (sid, user_id, data, expires_at) VALUES ($1, $2, $3::jsonb, $4)
         ON CONFLICT (sid) DO UPDATE SET user_id = $2, data = $3::jsonb, expires_at = $4`,
        [session.sid, session.userId, JSON.stringify(session.data), session.expiresAt],
      );
    },
    async touch(sid, expiresAt) {
      await db.query('UPDATE sessions SET expires_at = $2 WHERE sid = $1', [sid, expiresAt]);
    },
    async destroy(sid) {
      await db.query('DELETE FROM sessions WHERE sid = $1', [sid]);
    },
    async destroyForUser(userId) {
      const rows = await db.query('DELETE FROM sessions WHERE user_id = $1 RETURNING sid', [userId]);
      return rows.length;
    },
    async destroyExpired(now) {
      const rows = await db.query('DELETE FROM sessions WHERE expires_at <= $1 RETURNING sid', [now]);
      return rows.length;
    },
  };
}
