import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db.js';
import { isUuid } from '../ids.js';
import type { MailOutboxRepository, MailStatus, OutboxAttachment, OutboxMail } from '../notificationPorts.js';

interface OutboxRow {
  id: string;
  notification_id: string | null;
  recipient: string;
  subject: string;
  body: string;
  status: MailStatus;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
  message_id: string | null;
}

const toMail = (row: OutboxRow): OutboxMail => ({
  id: row.id,
  notificationId: row.notification_id,
  recipient: row.recipient,
  subject: row.subject,
  body: row.body,
  status: row.status,
  attempts: row.attempts,
  nextAttemptAt: new Date(row.next_attempt_at),
  lastError: row.last_error,
  createdAt: new Date(row.created_at),
  sentAt: row.sent_at === null ? null : new Date(row.sent_at),
  messageId: row.message_id ?? null,
});

const COLUMNS =
  'id, notification_id, recipient, subject, body, status, attempts, next_attempt_at, last_error, created_at, sent_at, message_id';

export function mailOutboxRepository(db: Queryable): MailOutboxRepository {
  return {
    async enqueue(mail) {
      const [row] = await db.query<OutboxRow>(
        `INSERT INTO mail_outbox (id, notification_id, recipient, subject, body, status, next_attempt_at, created_at)
         VALUES ($1, $2, $3, $4, $5, 'queued', $6, $6) RETURNING ${COLUMNS}`,
        [randomUUID(), mail.notificationId ?? null, mail.recipient, mail.subject, mail.body, mail.createdAt],
      );
      const queued = toMail(row as OutboxRow);
      for (const [position, file] of (mail.attachments ?? []).entries()) {
        await db.query(
          `INSERT INTO mail_outbox_attachments (mail_id, position, sha256, file_name, content_type)
           VALUES ($1, $2, $3, $4, $5)`,
          [queued.id, position, file.sha256, file.fileName, file.contentType],
        );
      }
      return queued;
    },
    async claimDue(now, limit, leaseMs) {
      const rows = await db.query<OutboxRow>(
        `UPDATE mail_outbox SET status = 'sending', attempts = attempts + 1, locked_until = $2
          WHERE id IN (SELECT id FROM mail_outbox
                        WHERE (status = 'queued' AND next_attempt_at <= $1)
                           OR (status = 'sending' AND locked_until <= $1)
                        ORDER BY next_attempt_at, id LIMIT $3
                        FOR UPDATE SKIP LOCKED)
          RETURNING ${COLUMNS}`,
        [now, new Date(now.getTime() + leaseMs), limit],
      );
      return rows.map(toMail).sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime());
    },
    async markSent(id, at, messageId) {
      await db.query(
        `UPDATE mail_outbox SET status = 'sent', sent_at = $2, locked_until = NULL, last_error = NULL,
                message_id = $3
          WHERE id = $1`,
        [id, at, messageId ?? null],
      );
    },
    async attachments(id) {
      if (!isUuid(id)) return [];
      const rows = await db.query<{ sha256: string; file_name: string; content_type: string }>(
        `SELECT sha256, file_name, content_type FROM mail_outbox_attachments
          WHERE mail_id = $1 ORDER BY position`,
        [id],
      );
      return rows.map((r): OutboxAttachment => ({
        sha256: r.sha256,
        fileName: r.file_name,
        contentType: r.content_type,
      }));
    },
    async markFailed(id, error, retryAt) {
      await db.query(
        `UPDATE mail_outbox
            SET status = CASE WHEN $3::timestamptz IS NULL THEN 'failed' ELSE 'queued' END,
                next_attempt_at = COALESCE($3::timestamptz, next_attempt_at),
                last_error = $2, locked_until = NULL
          WHERE id = $1`,
        [id, error.slice(0, 2000), retryAt],
      );
    },
    async get(id) {
      if (!isUuid(id)) return null;
      const [row] = await db.query<OutboxRow>(`SELECT ${COLUMNS} FROM mail_outbox WHERE id = $1`, [id]);
      return row ? toMail(row) : null;
    },
    async list(options = {}) {
      const rows = await db.query<OutboxRow>(
        `SELECT ${COLUMNS} FROM mail_outbox WHERE ($1::text IS NULL OR status = $1)
          ORDER BY created_at DESC, id LIMIT $2`,
        [options.status ?? null, options.limit ?? 100],
      );
      return rows.map(toMail);
    },
  };
}
