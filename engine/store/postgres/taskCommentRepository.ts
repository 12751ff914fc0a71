import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db.js';
import { isUuid } from '../ids.js';
import type { CommentKind, TaskComment, TaskCommentRepository } from '../taskCommentPorts.js';
import { rethrowConstraint } from './sqlErrors.js';

interface CommentRow {
  id: string;
  task_id: string | null;
  document_id: string | null;
  author_id: string | null;
  author_name: string;
  on_behalf_of_id: string | null;
  body: string;
  created_at: Date;
  kind: string;
  addressed_to: string | null;
}

const toComment = (row: CommentRow): TaskComment => ({
  id: row.id,
  taskId: row.task_id,
  documentId: row.document_id,
  authorId: row.author_id,
  authorName: row.author_name,
  onBehalfOfId: row.on_behalf_of_id,
  body: row.body,
  createdAt: new Date(row.created_at),
  kind: row.kind as CommentKind,
  addressedTo: row.addressed_to,
});

const COLUMNS =
  'id, task_id, document_id, author_id, author_name, on_behalf_of_id, body, created_at, kind, addressed_to';

export function taskCommentRepository(db: Queryable): TaskCommentRepository {
  return {
    async insert(comment) {
      try {
        const [row] = await db.query<CommentRow>(
          `INSERT INTO task_comments (id, task_id, document_id, author_id, author_name, on_behalf_of_id, body, created_at, kind, addressed_to)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${COLUMNS}`,
          [
            randomUUID(),
            comment.taskId,
            comment.documentId,
            comment.authorId,
            comment.authorName,
            comment.onBehalfOfId ?? null,
            comment.body,
            comment.createdAt,
            comment.kind ?? 'comment',
            comment.addressedTo ?? null,
          ],
        );
        return toComment(row as CommentRow);
      } catch (error) {
        rethrowConstraint(error, 'comment');
      }
    },
    async listByTask(taskId) {
      if (!isUuid(taskId)) return [];
      const rows = await db.query<CommentRow>(
        `SELECT ${COLUMNS} FROM task_comments WHERE task_id = $1 ORDER BY created_at, id`,
        [taskId],
      );
      return rows.map(toComment);
    },
    async listByDocument(documentId) {
      if (!isUuid(documentId)) return [];
      const rows = await db.query<CommentRow>(
        `SELECT ${COLUMNS} FROM task_comments WHERE document_id = $1 ORDER BY created_at, id`,
        [documentId],
      );
      return rows.map(toComment);
    },
  };
}
