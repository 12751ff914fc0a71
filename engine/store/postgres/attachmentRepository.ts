import { randomUUID } from 'node:crypto';
import { isUuid } from '../ids.js';
import type { Queryable } from '../db.js';
import type { Attachment, AttachmentRepository } from '../recordPorts.js';
import { rethrowConstraint } from './sqlErrors.js';

interface AttachmentRow {
  id: string;
  document_id: string;
  sha256: string;
  file_name: string;
  content_type: string;
  size: number;
  uploaded_by: string | null;
  uploaded_at: Date;
}

const COLUMNS = 'id, document_id, sha256, file_name, content_type, size, uploaded_by, uploaded_at';

const toAttachment = (row: AttachmentRow): Attachment => ({
  id: row.id,
  documentId: row.document_id,
  sha256: row.sha256,
  fileName: row.file_name,
  contentType: row.content_type,
  size: row.size,
  uploadedBy: row.uploaded_by,
  uploadedAt: row.uploaded_at,
});

export function attachmentRepository(db: Queryable): AttachmentRepository {
  return {
    async insert(attachment) {
      try {
        const [row] = await db.query<AttachmentRow>(
          `INSERT INTO attachments (id, document_id, sha256, file_name, content_type, size, text_content, uploaded_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
          [
            randomUUID(),
            attachment.documentId,
            attachment.sha256,
            attachment.fileName,
            attachment.contentType,
            attachment.size,
            attachment.textContent ?? null,
            attachment.uploadedBy,
          ],
        );
        return toAttachment(row as AttachmentRow);
      } catch (error) {
        rethrowConstraint(error, `attachment "${attachment.fileName}"`);
      }
    },
    async get(id) {
      if (!isUuid(id)) return null;
      const [row] = await db.query<AttachmentRow>(
        `SELECT ${COLUMNS} FROM attachments WHERE id = $1 AND removed_at IS NULL`,
        [id],
      );
      return row ? toAttachment(row) : null;
    },
    async list(documentId) {
      if (!isUuid(documentId)) return [];
      const rows = await db.query<AttachmentRow>(
        `SELECT ${COLUMNS} FROM attachments WHERE document_id = $1 AND removed_at IS NULL ORDER BY uploaded_at, id`,
        [documentId],
      );
      return rows.map(toAttachment);
    },
    async texts(documentId) {
      const rows = await db.query<{ text_content: string }>(
        `SELECT text_content FROM attachments
          WHERE document_id = $1 AND text_content IS NOT NULL AND removed_at IS NULL ORDER BY uploaded_at`,
        [documentId],
      );
      return rows.map((row) => row.text_content);
    },
    async remove(id, documentId, removedBy, at) {
      if (!isUuid(id) || !isUuid(documentId)) return false;
      const rows = await db.query<{ id: string }>(
        `UPDATE attachments SET removed_at = $4, removed_by = $3
          WHERE id = $1 AND document_id = $2 AND removed_at IS NULL RETURNING id`,
        [id, documentId, removedBy, at],
      );
      return rows.length > 0;
    },
  };
}
