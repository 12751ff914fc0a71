import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db.js';
import { isUuid } from '../ids.js';
import type {
  Notification,
  NotificationKind,
  NotificationParams,
  NotificationRepository,
} from '../notificationPorts.js';

interface NotificationRow {
  id: string;
  recipient_id: string;
  kind: NotificationKind;
  task_id: string | null;
  document_id: string | null;
  instance_id: string | null;
  params: NotificationParams;
  created_at: Date;
  read_at: Date | null;
}

const toNotification = (row: NotificationRow): Notification => ({
  id: row.id,
  recipientId: row.recipient_id,
  kind: row.kind,
  taskId: row.task_id,
  documentId: row.document_id,
  instanceId: row.instance_id,
  params: row.params,
  createdAt: new Date(row.created_at),
  readAt: row.read_at === null ? null : new Date(row.read_at),
});

const COLUMNS = 'id, recipient_id, kind, task_id, document_id, instance_id, params, created_at, read_at';

export function notificationRepository(db: Queryable): NotificationRepository {
  return {
    async insert(notification) {
      const [row] = await db.query<NotificationRow>(
        `INSERT INTO notifications (id, recipient_id, kind, task_id, document_id, instance_id, params, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8) RETURNING ${COLUMNS}`,
        [
          randomUUID(),
          notification.recipientId,
          notification.kind,
          notification.taskId ?? null,
          notification.documentId ?? null,
          notification.instanceId ?? null,
          JSON.stringify(notification.params ?? {}),
          notification.createdAt,
        ],
      );
      return toNotification(row as NotificationRow);
    },
    async listFor(recipientId, options = {}) {
      const rows = await db.query<NotificationRow>(
        `SELECT ${COLUMNS} FROM notifications
          WHERE recipient_id = $1 AND ($2::boolean IS NOT TRUE OR read_at IS NULL)
          ORDER BY created_at DESC, id LIMIT $3`,
        [recipientId, options.unreadOnly ?? false, options.limit ?? 50],
      );
      return rows.map(toNotification);
    },
    async countUnread(recipientId) {
      const [row] = await db.query<{ count: number }>(
        'SELECT count(*)::int AS count FROM notifications WHERE recipient_id = $1 AND read_at IS NULL',
        [recipientId],
      );
      return row?.count ?? 0;
    },
    async markRead(id, recipientId, at) {
      if (!isUuid(id)) return false;
      const rows = await db.query(
        `UPDATE notifications SET read_at = COALESCE(read_at, $3)
          WHERE id = $1 AND recipient_id = $2 RETURNING id`,
        [id, recipientId, at],
      );
      return rows.length > 0;
    },
    async markAllRead(recipientId, at) {
      const rows = await db.query(
        'UPDATE notifications SET read_at = $2 WHERE recipient_id = $1 AND read_at IS NULL RETURNING id',
        [recipientId, at],
      );
      return rows.length;
    },
    async markReadForTask(recipientId, taskId, at) {
      if (!isUuid(taskId)) return 0;
      const rows = await db.query(
        `UPDATE notifications SET read_at = $3
          WHERE recipient_id = $1 AND task_id = $2 AND read_at IS NULL RETURNING id`,
        [recipientId, taskId, at],
      );
      return rows.length;
    },
  };
}
