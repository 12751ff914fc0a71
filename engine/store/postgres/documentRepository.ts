import { randomUUID } from 'node:crypto';
import { Conflict, NotFound } from '../../errors.js';
import { isUuid } from '../ids.js';
import { fold, foldedSearchText, searchWords } from '../textFolding.js';
import type { Queryable, SqlParam } from '../db.js';
import type {
  Channel,
  Confidentiality,
  DocumentPriority,
  DocumentRecord,
  DocumentRepository,
  NewDocument,
} from '../ports.js';
import type { DocumentDraftMethods } from '../recordPorts.js';
import { visibleToViewer } from './documentVisibility.js';
import { rethrowConstraint } from './sqlErrors.js';

interface DocumentRow {
  id: string;
  register_id: string;
  year: number;
  sequence: number | null;
  registration_number: string | null;
  registered_on: string;
  subject: string;
  status: string;
  confidentiality: Confidentiality;
  priority: DocumentPriority;
  due_date: string | null;
  due_date_reason: string | null;
  document_kind: string;
  correspondent_id: string | null;
  their_number: string | null;
  their_date: string | null;
  channel: Channel | null;
  pages: number | null;
  case_file_id: string | null;
  reply_to_id: string | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  version: number;
}

/** Every column but the search text and vector, which only the database reads. */
const COLUMNS = `d.id, d.register_id, d.year, d.sequence, d.registration_number, d.registered_on, d.subject, d.status,
  d.confidentiality, d.priority, d.due_date, d.due_date_reason, d.document_kind, d.correspondent_id, d.their_number, d.their_date,
  d.channel, d.pages, d.case_file_id, d.reply_to_id, d.created_by, d.created_at, d.updated_at, d.version`;

const toDocument = (row: DocumentRow): DocumentRecord => ({
  id: row.id,
  registerId: row.register_id,
  year: row.year,
  // A draft has no number yet (NULL): see DocumentDraftMethods.
  sequence: row.sequence ?? 0,
  registrationNumber: row.registration_number ?? '',
  registeredOn: row.registered_on,
  subject: row.subject,
  status: row.status,
  confidentiality: row.confidentiality,
  priority: row.priority,
  dueDate: row.due_date,
  dueDateReason: row.due_date_reason,
  documentKind: row.document_kind,
  correspondentId: row.correspondent_id,
  theirNumber: row.their_number,
  theirDate: row.their_date,
  channel: row.channel,
  pages: row.pages,
  caseFileId: row.case_file_id,
  replyToId: row.reply_to_id,
  createdBy: row.created_by,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  version: row.version,
});

export function documentRepository(db: Queryable): DocumentRepository {
  /** Changes one column under the optimistic version check. */
  async function update(
    id: string,
    expectedVersion: number,
    column: 'status' | 'case_file_id' | 'priority',
    value: string | null,
  ): Promise<DocumentRecord> {
    let row: DocumentRow | undefined;
    try {
      [row] = await db.query<DocumentRow>(
        `UPDATE documents d SET ${column} = $3, version = version + 1, updated_at = now()
         WHERE id = $1 AND version = $2 RETURNING ${COLUMNS}`,
        [id, expectedVersion, value],
      );
    } catch (error) {
      rethrowConstraint(error, `document ${id}`);
    }
    if (row) return toDocument(row);
    const [exists] = await db.query('SELECT 1 FROM documents WHERE id = $1', [id]);
    if (!exists) throw new NotFound(`document ${id} not found`, 'incident.documentNotFound', { id });
    throw new Conflict(
      `document ${id} was changed by someone else; reload it and try again`,
      'refusal.documentChanged',
      { id },
    );
  }

  return {
    async insert(document: NewDocument) {
      try {
        const [row] = await db.query<DocumentRow>(
          `INSERT INTO documents AS d (id, register_id, year, sequence, registration_number, registered_on, subject, status,
                                  confidentiality, due_date, created_by, due_date_reason, document_kind,
                                  correspondent_id, their_number, their_date, channel, pages, case_file_id,
                                  reply_to_id, search_text, priority)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)
           RETURNING ${COLUMNS}`,
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
            document.dueDateReason ?? null,
            document.documentKind ?? 'letter',
            document.correspondentId ?? null,
            document.theirNumber ?? null,
            document.theirDate ?? null,
            document.channel ?? null,
            document.pages ?? null,
            document.caseFileId ?? null,
            document.replyToId ?? null,
            document.searchText ?? foldedSearchText([document.registrationNumber, document.subject]),
            document.priority ?? 'normal',
          ],
        );
        return toDocument(row as DocumentRow);
      } catch (error) {
        rethrowConstraint(error, `document ${document.registrationNumber}`);
      }
    },
    async get(id) {
      if (!isUuid(id)) return null;
      const [row] = await db.query<DocumentRow>(`SELECT ${COLUMNS} FROM documents d WHERE id = $1`, [id]);
      return row ? toDocument(row) : null;
    },
    async listByRegister(registerId, options = {}) {
      const year = options.year ?? null;
      const [count] = await db.query<{ total: number }>(
        // The register's numbered list: drafts have no number and are not in it.
        `SELECT count(*)::int AS total FROM documents
          WHERE register_id = $1 AND ($2::int IS NULL OR year = $2) AND sequence IS NOT NULL`,
        [registerId, year],
      );
      const rows = await db.query<DocumentRow>(
        `SELECT ${COLUMNS} FROM documents d
          WHERE register_id = $1 AND ($2::int IS NULL OR year = $2) AND sequence IS NOT NULL
         ORDER BY year DESC, sequence DESC LIMIT $3 OFFSET $4`,
        [registerId, year, options.limit ?? 50, options.offset ?? 0],
      );
      return { items: rows.map(toDocument), total: count?.total ?? 0 };
    },
    async setSearchText(id, searchText) {
      await db.query('UPDATE documents SET search_text = $2 WHERE id = $1', [id, searchText]);
    },
    async getMany(ids) {
      const wanted = [...new Set(ids.filter(isUuid).map((id) => id.toLowerCase()))];
      if (wanted.length === 0) return [];
      const rows = await db.query<DocumentRow>(
        `SELECT ${COLUMNS} FROM documents d WHERE id = ANY ($1::uuid[])`,
        [wanted],
      );
      return rows.map(toDocument);
    },
    async lastRegisterOf(userId) {
      if (!isUuid(userId)) return null;
      const [row] = await db.query<{ register_id: string }>(
        `SELECT register_id FROM documents
          WHERE created_by = $1 AND sequence IS NOT NULL
          ORDER BY created_at DESC LIMIT 1`,
        [userId],
      );
      return row?.register_id ?? null;
    },
    setStatus: (id, expectedVersion, status) => update(id, expectedVersion, 'status', status),
    setCaseFile: (id, expectedVersion, caseFileId) => update(id, expectedVersion, 'case_file_id', caseFileId),
    setPriority: (id, expectedVersion, priority) => update(id, expectedVersion, 'priority', priority),
    async search(filter, viewer) {
      const params: SqlParam[] = [
        viewer.userId,
        viewer.departmentId,
        viewer.seesAllUnrestricted,
        viewer.actingForIds ?? [],
      ];
      const where = [visibleToViewer('$1', '$2', '$3', '$4')];
      const add = (condition: (placeholder: string) => string, value: SqlParam) => {
        params.push(value);
        where.push(condition(`$${params.length}`));
      };
      // A draft is not a registered document: only its author, the people named on it and heads find it.
      if (filter.drafts) {
        add(
          (p) => `d.sequence IS NULL AND (${p}::boolean OR d.created_by = $1::uuid
                   OR EXISTS (SELECT 1 FROM document_access a
                               WHERE a.document_id = d.id AND (a.user_id = $1::uuid OR a.user_id = ANY ($4::uuid[]))))`,
          viewer.seesAllDrafts ?? false,
        );
      } else {
        where.push('d.sequence IS NOT NULL');
      }
      const words = filter.text ? searchWords(filter.text) : [];
      if (filter.text && words.length > 0) {
        // Every word must occur: inside a word from three letters on (trigram index), as a word's
        // beginning when shorter (a trigram index cannot help "ie"; the word index can).
        const each = words.map((word) => {
          params.push(word);
          return word.length >= 3
            ? `d.search_text LIKE '%' || $${params.length} || '%'`
            : `d.search_vector @@ to_tsquery('simple', $${params.length} || ':*')`;
        });
        params.push(fold(filter.text.trim()).replace(/[\\%_]/g, (c) => `\\${c}`));
        where.push(`((${each.join(' AND ')}) OR lower(d.registration_number) LIKE $${params.length} || '%')`);
      }
      if (filter.registerId) add((p) => `d.register_id = ${p}::uuid`, filter.registerId);
      if (filter.registerKind) {
        add(
          (p) => `EXISTS (SELECT 1 FROM registers r WHERE r.id = d.register_id AND r.kind = ${p})`,
          filter.registerKind,
        );
      }
      if (filter.documentKind) add((p) => `d.document_kind = ${p}`, filter.documentKind);
      if (filter.status) add((p) => `d.status = ${p}`, filter.status);
      if (filter.from) add((p) => `d.registered_on >= ${p}::date`, filter.from);
      if (filter.to) add((p) => `d.registered_on <= ${p}::date`, filter.to);
      if (filter.correspondentId) add((p) => `d.correspondent_id = ${p}::uuid`, filter.correspondentId);
      if (filter.caseFileId) add((p) => `d.case_file_id = ${p}::uuid`, filter.caseFileId);
      if (filter.overdueOn) {
        add((p) => `d.due_date < ${p}::date AND d.status NOT IN ('closed', 'cancelled')`, filter.overdueOn);
      }
      if (filter.open) where.push("d.status NOT IN ('closed', 'for_information', 'filed', 'cancelled')");
      if (filter.priority) add((p) => `d.priority = ${p}`, filter.priority);
      if (filter.registrationNumber !== undefined) {
        add((p) => `lower(d.registration_number) = lower(${p})`, filter.registrationNumber);
      }
      if (filter.departmentId) {
        add(
          (
            p,
          ) => `(EXISTS (SELECT 1 FROM document_access a WHERE a.document_id = d.id AND a.department_id = ${p}::uuid)
                   OR EXISTS (SELECT 1 FROM registers r WHERE r.id = d.register_id AND r.department_id = ${p}::uuid))`,
          filter.departmentId,
        );
      }
      if (filter.executorId) {
        add(
          (p) => `EXISTS (SELECT 1 FROM document_access a
                          WHERE a.document_id = d.id AND a.user_id = ${p}::uuid AND a.reason = 'routed')`,
          filter.executorId,
        );
      }
      const condition = where.join(' AND ');
      const cap = filter.countUpTo;
      // A capped count walks the matches newest first (the registration date's index, as the page
      // does) and stops after the cap: unordered, PostgreSQL reads every match of a word part from
      // the trigram index into a bitmap first (232,000 of 1,000,000 documents for a common one).
      const [count] = await db.query<{ total: number }>(
        cap === undefined
          ? `SELECT count(*)::int AS total FROM documents d WHERE ${condition}`
          : `SELECT count(*)::int AS total FROM (SELECT 1 FROM documents d WHERE ${condition}
              ORDER BY d.registered_on DESC LIMIT ${Math.max(1, Math.floor(cap)) + 1}) matches`,
        params,
      );
      const rows = await db.query<DocumentRow>(
        `SELECT ${COLUMNS} FROM documents d WHERE ${condition}
          ORDER BY ${filter.sort === 'priority' ? "d.priority = 'urgent' DESC, " : ''}d.registered_on DESC, d.created_at DESC, d.id
          LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, Math.min(filter.limit ?? 50, 500), filter.offset ?? 0],
      );
      const counted = count?.total ?? 0;
      if (cap !== undefined && counted > cap)
        return { items: rows.map(toDocument), total: cap, totalIsCapped: true };
      return { items: rows.map(toDocument), total: counted };
    },
    ...documentDraftMethods(db),
  };
}

/** Outgoing drafts, their number at signing, dispatch and the one deadline extension (0012). */
function documentDraftMethods(db: Queryable): DocumentDraftMethods {
  /** One guarded UPDATE: NotFound, or Conflict when the version is stale or `guard` fails. */
  async function change(id: string, sql: string, params: SqlParam[], refusal: string) {
    let row: DocumentRow | undefined;
    try {
      [row] = await db.query<DocumentRow>(sql, params);
    } catch (error) {
      rethrowConstraint(error, `document ${id}`);
    }
    if (row) return toDocument(row);
    const [exists] = await db.query('SELECT 1 FROM documents WHERE id = $1', [id]);
    if (!exists) throw new NotFound(`document ${id} not found`, 'incident.documentNotFound', { id });
    throw new Conflict(refusal);
  }
  return {
    async insertDraft(draft) {
      const [row] = await db.query<DocumentRow>(
        `INSERT INTO documents AS d (id, register_id, year, registered_on, subject, status, confidentiality,
                                     created_by, document_kind, correspondent_id, reply_to_id, search_text, body)
         VALUES ($1, $2, $3, $4, $5, 'draft', $6, $7, $8, $9, $10, $11, $12) RETURNING ${COLUMNS}`,
        [
          randomUUID(),
          draft.registerId,
          Number(draft.draftedOn.slice(0, 4)),
          draft.draftedOn,
          draft.subject,
          draft.confidentiality,
          draft.createdBy,
          draft.documentKind,
          draft.correspondentId,
          draft.replyToId,
          draft.searchText,
          draft.body,
        ],
      );
      return toDocument(row as DocumentRow);
    },
    issueNumber: (id, expectedVersion, issued) =>
      change(
        id,
        `UPDATE documents d SET year = $3, sequence = $4, registration_number = $5, registered_on = $6,
           search_text = $7, status = $8, version = version + 1, updated_at = now()
         WHERE id = $1 AND version = $2 AND sequence IS NULL RETURNING ${COLUMNS}`,
        [
          id,
          expectedVersion,
          issued.year,
          issued.sequence,
          issued.registrationNumber,
          issued.registeredOn,
          issued.searchText,
          issued.status,
        ],
        `document ${id} has a number already or was changed by someone else`,
      ),
    reviseDraft: (id, expectedVersion, content) =>
      change(
        id,
        `UPDATE documents d SET subject = $3, body = $4, correspondent_id = $5, search_text = $6,
           version = version + 1, updated_at = now()
         WHERE id = $1 AND version = $2 AND sequence IS NULL RETURNING ${COLUMNS}`,
        [id, expectedVersion, content.subject, content.body, content.correspondentId, content.searchText],
        `document ${id} has a number already or was changed by someone else`,
      ),
    recordDispatch: (id, expectedVersion, channel, at) =>
      change(
        id,
        `UPDATE documents d SET channel = $3, dispatched_at = $4, version = version + 1, updated_at = now()
         WHERE id = $1 AND version = $2 AND dispatched_at IS NULL RETURNING ${COLUMNS}`,
        [id, expectedVersion, channel, at],
        `document ${id} was dispatched already or changed by someone else`,
      ),
    extendDueDate: (id, expectedVersion, dueDate, reason) =>
      change(
        id,
        `UPDATE documents d SET due_date = $3, due_date_extension_reason = $4, version = version + 1,
           updated_at = now()
         WHERE id = $1 AND version = $2 AND due_date_extension_reason IS NULL RETURNING ${COLUMNS}`,
        [id, expectedVersion, dueDate, reason],
        `the deadline of document ${id} was extended already or the document changed meanwhile`,
      ),
    async letterDetails(id) {
      if (!isUuid(id)) return null;
      const [row] = await db.query<{
        body: string | null;
        dispatched_at: Date | null;
        due_date_extension_reason: string | null;
      }>('SELECT body, dispatched_at, due_date_extension_reason FROM documents WHERE id = $1', [id]);
      return row
        ? {
            body: row.body,
            dispatchedAt: row.dispatched_at,
            dueDateExtensionReason: row.due_date_extension_reason,
          }
        : null;
    },
  };
}
