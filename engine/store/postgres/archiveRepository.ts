import { randomUUID } from 'node:crypto';
import { Conflict, NotFound } from '../../errors.js';
import type {
  AppraisalAct,
  AppraisalActItem,
  AppraisalActStatus,
  AppraisalDecision,
  ArchiveCaseFile,
  ArchiveDocument,
  ArchiveRepository,
  CaseFileOutcome,
  CommitteeDecision,
  LegalHold,
} from '../archivePorts.js';
import type { Queryable } from '../db.js';
import { isUuid } from '../ids.js';
import type { RetentionClass } from '../recordPorts.js';
import { rethrowConstraint } from './sqlErrors.js';

interface CaseFileRow {
  id: string;
  index_code: string;
  title: string;
  department_id: string | null;
  year: number;
  retention: RetentionClass;
  retention_years: number | null;
  active: boolean;
  document_count: number;
  hold_reason: string | null;
  hold_set_by: string | null;
  hold_set_at: Date | null;
  outcome: CaseFileOutcome | null;
  keep_until_year: number | null;
  pending_act_id: string | null;
}

const CASE_FILE_SELECT = `
  SELECT cf.id, cf.index_code, cf.title, cf.department_id, cf.year, cf.retention, cf.retention_years, cf.active,
         (SELECT count(*) FROM documents d WHERE d.case_file_id = cf.id)::int AS document_count,
         h.reason AS hold_reason, h.set_by AS hold_set_by, h.set_at AS hold_set_at,
         cd.outcome, cd.keep_until_year,
         (SELECT i.act_id FROM appraisal_act_items i JOIN appraisal_acts a ON a.id = i.act_id
           WHERE i.case_file_id = cf.id AND a.status IN ('in_approval', 'in_rework', 'approved')
           ORDER BY a.prepared_at DESC LIMIT 1) AS pending_act_id
    FROM case_files cf
    LEFT JOIN legal_holds h ON h.case_file_id = cf.id
    LEFT JOIN case_file_dispositions cd ON cd.case_file_id = cf.id`;

const toCaseFile = (row: CaseFileRow): ArchiveCaseFile => ({
  id: row.id,
  indexCode: row.index_code,
  title: row.title,
  departmentId: row.department_id,
  year: row.year,
  retention: row.retention,
  retentionYears: row.retention_years,
  active: row.active,
  documentCount: Number(row.document_count),
  hold:
    row.hold_reason !== null && row.hold_set_at !== null
      ? { caseFileId: row.id, reason: row.hold_reason, setBy: row.hold_set_by, setAt: row.hold_set_at }
      : null,
  outcome: row.outcome,
  keepUntilYear: row.keep_until_year,
  pendingActId: row.pending_act_id,
});

interface ActRow {
  id: string;
  year: number;
  sequence: number;
  department_id: string | null;
  status: AppraisalActStatus;
  note: string | null;
  committee: string[];
  decisions: CommitteeDecision[];
  prepared_by: string | null;
  prepared_at: Date;
  signed_by: string | null;
  signed_at: Date | null;
  disposed_at: Date | null;
  transferred_at: Date | null;
  package_sha256: string | null;
  process_instance_id: string | null;
  version: number;
}

interface ItemRow {
  act_id: string;
  case_file_id: string;
  decision: AppraisalDecision;
  reason: string;
  keep_until_year: number | null;
}

const toItem = (row: ItemRow): AppraisalActItem => ({
  caseFileId: row.case_file_id,
  decision: row.decision,
  reason: row.reason,
  keepUntilYear: row.keep_until_year,
});

const toAct = (row: ActRow, items: AppraisalActItem[]): AppraisalAct => ({
  id: row.id,
  number: `AA-${row.year}-${row.sequence}`,
  year: row.year,
  sequence: row.sequence,
  departmentId: row.department_id,
  status: row.status,
  note: row.note,
  committee: row.committee,
  decisions: row.decisions,
  preparedBy: row.prepared_by,
  preparedAt: row.prepared_at,
  signedBy: row.signed_by,
  signedAt: row.signed_at,
  disposedAt: row.disposed_at,
  transferredAt: row.transferred_at,
  packageSha256: row.package_sha256,
  processInstanceId: row.process_instance_id,
  items,
  version: row.version,
});

const COLUMNS = {
  status: 'status',
  decisions: 'decisions',
  signedBy: 'signed_by',
  signedAt: 'signed_at',
  disposedAt: 'disposed_at',
  transferredAt: 'transferred_at',
  packageSha256: 'package_sha256',
  processInstanceId: 'process_instance_id',
} as const;

export function archiveRepository(db: Queryable): ArchiveRepository {
  const itemsOf = async (actIds: string[]): Promise<Map<string, AppraisalActItem[]>> => {
    const rows =
      actIds.length === 0
        ? []
        : await db.query<ItemRow>(
            `SELECT i.* FROM appraisal_act_items i JOIN case_files cf ON cf.id = i.case_file_id
              WHERE i.act_id = ANY ($1::uuid[]) ORDER BY cf.year, cf.index_code`,
            [actIds],
          );
    const byAct = new Map<string, AppraisalActItem[]>();
    for (const row of rows) byAct.set(row.act_id, [...(byAct.get(row.act_id) ?? []), toItem(row)]);
    return byAct;
  };
  const getAct = async (id: string): Promise<AppraisalAct | null> => {
    if (!isUuid(id)) return null;
    const [row] = await db.query<ActRow>('SELECT * FROM appraisal_acts WHERE id = $1', [id]);
    return row ? toAct(row, (await itemsOf([row.id])).get(row.id) ?? []) : null;
  };

  return {
    async caseFiles(filter) {
      const rows = await db.query<CaseFileRow>(
        `${CASE_FILE_SELECT}
          WHERE cf.year <= $1 AND ($2::uuid IS NULL OR cf.department_id = $2)
          ORDER BY cf.year, cf.index_code`,
        [filter.lastYear, filter.departmentId ?? null],
      );
      return rows.map(toCaseFile);
    },
    async caseFile(id) {
      if (!isUuid(id)) return null;
      const [row] = await db.query<CaseFileRow>(`${CASE_FILE_SELECT} WHERE cf.id = $1`, [id]);
      return row ? toCaseFile(row) : null;
    },
    async hold(caseFileId) {
      if (!isUuid(caseFileId)) return null;
      const [row] = await db.query<{ reason: string; set_by: string | null; set_at: Date }>(
        'SELECT reason, set_by, set_at FROM legal_holds WHERE case_file_id = $1',
        [caseFileId],
      );
      return row ? { caseFileId, reason: row.reason, setBy: row.set_by, setAt: row.set_at } : null;
    },
    async setHold(hold: LegalHold) {
      try {
        await db.query(
          `INSERT INTO legal_holds (case_file_id, reason, set_by, set_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (case_file_id) DO UPDATE SET reason = $2, set_by = $3, set_at = $4`,
          [hold.caseFileId, hold.reason, hold.setBy, hold.setAt],
        );
      } catch (error) {
        rethrowConstraint(error, `legal hold on case file ${hold.caseFileId}`);
      }
    },
    async liftHold(caseFileId) {
      const rows = await db.query('DELETE FROM legal_holds WHERE case_file_id = $1 RETURNING case_file_id', [
        caseFileId,
      ]);
      return rows.length > 0;
    },
    async insertAct(act) {
      const id = randomUUID();
      try {
        await db.query(
          `INSERT INTO appraisal_acts (id, year, sequence, department_id, status, note, committee, prepared_by, prepared_at)
           SELECT $1, $2, COALESCE(max(sequence), 0) + 1, $3, 'in_approval', $4, $5::jsonb, $6, $7
             FROM appraisal_acts WHERE year = $2`,
          [
            id,
            act.year,
            act.departmentId,
            act.note,
            JSON.stringify(act.committee),
            act.preparedBy,
            act.preparedAt,
          ],
        );
        for (const item of act.items) {
          await db.query(
            `INSERT INTO appraisal_act_items (act_id, case_file_id, decision, reason, keep_until_year)
             VALUES ($1, $2, $3, $4, $5)`,
            [id, item.caseFileId, item.decision, item.reason, item.keepUntilYear],
          );
        }
      } catch (error) {
        rethrowConstraint(error, `appraisal act of ${act.year}`);
      }
      return (await getAct(id)) as AppraisalAct;
    },
    getAct,
    async listActs() {
      const rows = await db.query<ActRow>('SELECT * FROM appraisal_acts ORDER BY year DESC, sequence DESC');
      const items = await itemsOf(rows.map((row) => row.id));
      return rows.map((row) => toAct(row, items.get(row.id) ?? []));
    },
    async updateAct(id, expectedVersion, changes) {
      const sets: string[] = [];
      const params: unknown[] = [id, expectedVersion];
      for (const [key, column] of Object.entries(COLUMNS) as [keyof typeof COLUMNS, string][]) {
        if (changes[key] === undefined) continue;
        const value = changes[key];
        params.push(key === 'decisions' ? JSON.stringify(value) : value);
        sets.push(`${column} = $${params.length}${key === 'decisions' ? '::jsonb' : ''}`);
      }
      const [row] = await db.query<ActRow>(
        `UPDATE appraisal_acts SET ${[...sets, 'version = version + 1'].join(', ')}
          WHERE id = $1 AND version = $2 RETURNING *`,
        params as never,
      );
      if (!row) {
        if (!(await getAct(id))) throw new NotFound(`appraisal act ${id} not found`);
        throw new Conflict(
          `appraisal act ${id} was changed by someone else; reload it and try again`,
          'refusal.actChanged',
          { id },
        );
      }
      return toAct(row, (await itemsOf([row.id])).get(row.id) ?? []);
    },
    async setOutcome(caseFileId, actId, outcome, keepUntilYear, at) {
      await db.query(
        `INSERT INTO case_file_dispositions (case_file_id, act_id, outcome, keep_until_year, decided_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (case_file_id) DO UPDATE SET act_id = $2, outcome = $3, keep_until_year = $4, decided_at = $5`,
        [caseFileId, actId, outcome, keepUntilYear, at],
      );
    },
    async documentsOf(caseFileId) {
      const rows = await db.query<{
        id: string;
        registration_number: string | null;
        registered_on: string;
        register_code: string;
        subject: string;
        document_kind: string;
        status: string;
        confidentiality: string;
        correspondent_name: string | null;
        their_number: string | null;
        their_date: string | null;
        body: string | null;
        destroyed_at: Date | null;
      }>(
        `SELECT d.id, d.registration_number, to_char(d.registered_on, 'YYYY-MM-DD') AS registered_on,
                r.code AS register_code, d.subject, d.document_kind, d.status, d.confidentiality,
                c.name AS correspondent_name, d.their_number, to_char(d.their_date, 'YYYY-MM-DD') AS their_date,
                d.body, dd.destroyed_at
           FROM documents d JOIN registers r ON r.id = d.register_id
           LEFT JOIN correspondents c ON c.id = d.correspondent_id
           LEFT JOIN document_disposals dd ON dd.document_id = d.id
          WHERE d.case_file_id = $1
          ORDER BY d.registered_on, d.registration_number`,
        [caseFileId],
      );
      const attachments =
        rows.length === 0
          ? []
          : await db.query<{
              id: string;
              document_id: string;
              file_name: string;
              content_type: string;
              size: string | number;
              sha256: string;
            }>(
              `SELECT id, document_id, file_name, content_type, size, sha256 FROM attachments
                WHERE document_id = ANY ($1::uuid[]) AND removed_at IS NULL ORDER BY uploaded_at, id`,
              [rows.map((row) => row.id)],
            );
      return rows.map((row): ArchiveDocument => ({
        id: row.id,
        registrationNumber: row.registration_number,
        registeredOn: row.registered_on,
        registerCode: row.register_code,
        subject: row.subject,
        documentKind: row.document_kind,
        status: row.status,
        confidentiality: row.confidentiality,
        correspondentName: row.correspondent_name,
        theirNumber: row.their_number,
        theirDate: row.their_date,
        body: row.body,
        destroyedAt: row.destroyed_at,
        attachments: attachments
          .filter((attachment) => attachment.document_id === row.id)
          .map((attachment) => ({
            id: attachment.id,
            fileName: attachment.file_name,
            contentType: attachment.content_type,
            size: Number(attachment.size),
            sha256: attachment.sha256,
          })),
      }));
    },
    async destroyDocuments(documentIds, actId, marker, at) {
      const ids = [...new Set(documentIds.filter(isUuid))];
      if (ids.length === 0) return [];
      const held = await db.query<{ sha256: string }>(
        `SELECT sha256 FROM attachments WHERE document_id = ANY ($1::uuid[])
         UNION SELECT eml_sha256 FROM intake_items WHERE document_id = ANY ($1::uuid[]) AND eml_sha256 IS NOT NULL
         UNION SELECT f->>'sha256' FROM intake_items, jsonb_array_elements(attachments) f
                WHERE document_id = ANY ($1::uuid[])`,
        [ids],
      );
      await db.query(
        `UPDATE documents SET subject = $2, body = NULL, search_text = lower(COALESCE(registration_number, '')),
                their_number = NULL, their_date = NULL, correspondent_id = NULL, due_date_reason = NULL,
                due_date_extension_reason = NULL, version = version + 1, updated_at = $3
          WHERE id = ANY ($1::uuid[])`,
        [ids, marker, at],
      );
      await db.query(
        `UPDATE attachments SET text_content = NULL, removed_at = COALESCE(removed_at, $2)
          WHERE document_id = ANY ($1::uuid[])`,
        [ids, at],
      );
      await db.query(
        `UPDATE task_comments SET body = $2
          WHERE document_id = ANY ($1::uuid[])
             OR task_id IN (SELECT t.id FROM tasks t JOIN process_instances p ON p.id = t.instance_id
                             WHERE p.business_key = ANY ($3::text[]))`,
        [ids, marker, ids],
      );
      await db.query(
        `UPDATE intake_items SET subject = '', body_text = '', attachments = '[]', eml_sha256 = NULL, eml_size = NULL,
                from_name = NULL, version = version + 1
          WHERE document_id = ANY ($1::uuid[])`,
        [ids],
      );
      await db.query(
        `INSERT INTO document_disposals (document_id, act_id, destroyed_at)
         SELECT unnest($1::uuid[]), $2, $3 ON CONFLICT (document_id) DO NOTHING`,
        [ids, actId, at],
      );
      // Content-addressed: a blob another document (not destroyed), an intake message or a mail
      // still waiting to be sent refers to stays.
      const orphans = await db.query<{ sha256: string }>(
        `SELECT s.sha256 FROM unnest($1::text[]) AS s (sha256)
          WHERE NOT EXISTS (SELECT 1 FROM attachments a WHERE a.sha256 = s.sha256
                              AND NOT EXISTS (SELECT 1 FROM document_disposals dd WHERE dd.document_id = a.document_id))
            AND NOT EXISTS (SELECT 1 FROM intake_items i WHERE i.eml_sha256 = s.sha256
                               OR i.attachments @> jsonb_build_array(jsonb_build_object('sha256', s.sha256)))
            AND NOT EXISTS (SELECT 1 FROM mail_outbox_attachments ma JOIN mail_outbox mo ON mo.id = ma.mail_id
                             WHERE ma.sha256 = s.sha256 AND mo.status IN ('queued', 'sending'))`,
        [held.map((row) => row.sha256)],
      );
      return orphans.map((row) => row.sha256);
    },
  };
}
