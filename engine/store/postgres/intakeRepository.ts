import { randomUUID } from 'node:crypto';
import { Conflict, NotFound } from '../../errors.js';
import type { Queryable } from '../db.js';
import { isUuid } from '../ids.js';
import type {
  IntakeAttachment,
  IntakeItem,
  IntakeMailboxState,
  IntakeProblem,
  IntakeRepository,
  IntakeStatus,
  NewIntakeItem,
} from '../intakePorts.js';

interface ItemRow {
  id: string;
  mailbox: string;
  uid_validity: string | number;
  uid: string | number;
  dedupe_key: string;
  message_id: string | null;
  from_address: string | null;
  from_name: string | null;
  subject: string;
  sent_at: Date | null;
  received_at: Date;
  body_text: string;
  in_reply_to: string | null;
  reference_ids: string[];
  eml_sha256: string | null;
  eml_size: number | null;
  attachments: IntakeAttachment[];
  problems: IntakeProblem[];
  correspondent_id: string | null;
  status: string;
  document_id: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  decision_note: string | null;
  version: number;
}

const COLUMNS = `id, mailbox, uid_validity, uid, dedupe_key, message_id, from_address, from_name, subject,
  sent_at, received_at, body_text, in_reply_to, reference_ids, eml_sha256, eml_size, attachments, problems,
  correspondent_id, status, document_id, decided_by, decided_at, decision_note, version`;

const date = (value: Date | null): Date | null => (value === null ? null : new Date(value));

const toItem = (row: ItemRow): IntakeItem => ({
  id: row.id,
  mailbox: row.mailbox,
  uidValidity: Number(row.uid_validity),
  uid: Number(row.uid),
  dedupeKey: row.dedupe_key,
  messageId: row.message_id,
  fromAddress: row.from_address,
  fromName: row.from_name,
  subject: row.subject,
  sentAt: date(row.sent_at),
  receivedAt: new Date(row.received_at),
  bodyText: row.body_text,
  inReplyTo: row.in_reply_to,
  references: row.reference_ids,
  emlSha256: row.eml_sha256,
  emlSize: row.eml_size,
  attachments: row.attachments,
  problems: row.problems,
  correspondentId: row.correspondent_id,
  status: row.status as IntakeStatus,
  documentId: row.document_id,
  decidedBy: row.decided_by,
  decidedAt: date(row.decided_at),
  decisionNote: row.decision_note,
  version: row.version,
});

interface MailboxRow {
  mailbox: string;
  uid_validity: string | number | null;
  last_uid: string | number;
}

const toMailbox = (row: MailboxRow): IntakeMailboxState => ({
  mailbox: row.mailbox,
  uidValidity: row.uid_validity === null ? null : Number(row.uid_validity),
  lastUid: Number(row.last_uid),
});

export function intakeRepository(db: Queryable): IntakeRepository {
  return {
    async leaseMailbox(mailbox, holder, now, until) {
      const [row] = await db.query<MailboxRow>(
        `INSERT INTO intake_mailboxes (mailbox, lease_holder, lease_until, updated_at)
         VALUES ($1, $2, $4, $3)
         ON CONFLICT (mailbox) DO UPDATE SET lease_holder = $2, lease_until = $4, updated_at = $3
          WHERE intake_mailboxes.lease_until IS NULL OR intake_mailboxes.lease_until <= $3
             OR intake_mailboxes.lease_holder = $2
         RETURNING mailbox, uid_validity, last_uid`,
        [mailbox, holder, now, until],
      );
      return row ? toMailbox(row) : null;
    },
    async releaseMailbox(mailbox, holder) {
      await db.query(
        `UPDATE intake_mailboxes SET lease_holder = NULL, lease_until = NULL
          WHERE mailbox = $1 AND lease_holder = $2`,
        [mailbox, holder],
      );
    },
    async advanceMailbox(mailbox, uidValidity, uid, now) {
      await db.query(
        `INSERT INTO intake_mailboxes (mailbox, uid_validity, last_uid, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (mailbox) DO UPDATE SET
           last_uid = CASE WHEN intake_mailboxes.uid_validity IS DISTINCT FROM $2 THEN $3
                           ELSE GREATEST(intake_mailboxes.last_uid, $3) END,
           uid_validity = $2, updated_at = $4`,
        [mailbox, uidValidity, uid, now],
      );
    },
    async isTaken(mailbox, uidValidity, uid, dedupeKey) {
      const [row] = await db.query(
        `SELECT 1 FROM intake_items
          WHERE (mailbox = $1 AND uid_validity = $2 AND uid = $3) OR dedupe_key = $4 LIMIT 1`,
        [mailbox, uidValidity, uid, dedupeKey ?? null],
      );
      return row !== undefined;
    },
    async insert(item: NewIntakeItem) {
      // DO NOTHING covers both unique keys: a concurrent insert of the same message waits for the
      // first to commit and then inserts nothing.
      const [row] = await db.query<ItemRow>(
        `INSERT INTO intake_items (id, mailbox, uid_validity, uid, dedupe_key, message_id, from_address,
           from_name, subject, sent_at, received_at, body_text, in_reply_to, reference_ids, eml_sha256,
           eml_size, attachments, problems, correspondent_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::jsonb, $15, $16, $17::jsonb,
           $18::jsonb, $19)
         ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
        [
          randomUUID(),
          item.mailbox,
          item.uidValidity,
          item.uid,
          item.dedupeKey,
          item.messageId,
          item.fromAddress,
          item.fromName,
          item.subject,
          item.sentAt,
          item.receivedAt,
          item.bodyText,
          item.inReplyTo,
          JSON.stringify(item.references),
          item.emlSha256,
          item.emlSize,
          JSON.stringify(item.attachments),
          JSON.stringify(item.problems),
          item.correspondentId,
        ],
      );
      return row ? toItem(row) : null;
    },
    async get(id) {
      if (!isUuid(id)) return null;
      const [row] = await db.query<ItemRow>(`SELECT ${COLUMNS} FROM intake_items WHERE id = $1`, [id]);
      return row ? toItem(row) : null;
    },
    async list({ status, limit, offset }) {
      const rows = await db.query<ItemRow & { total: string | number }>(
        `SELECT ${COLUMNS}, count(*) OVER () AS total FROM intake_items
          WHERE $1::text IS NULL OR status = $1
          ORDER BY received_at DESC, id LIMIT $2 OFFSET $3`,
        [status ?? null, limit, offset],
      );
      let total = rows.length > 0 ? Number(rows[0]?.total) : 0;
      if (rows.length === 0 && offset > 0) {
        const [count] = await db.query<{ total: string | number }>(
          'SELECT count(*) AS total FROM intake_items WHERE $1::text IS NULL OR status = $1',
          [status ?? null],
        );
        total = Number(count?.total ?? 0);
      }
      return { items: rows.map(toItem), total };
    },
    async decide(id, expectedVersion, decision) {
      if (!isUuid(id)) throw new NotFound('No such intake item.', 'refusal.noSuchIntakeItem');
      const [row] = await db.query<ItemRow>(
        `UPDATE intake_items SET status = $3, document_id = $4, decided_by = $5, decided_at = $6,
           decision_note = $7, version = version + 1
          WHERE id = $1 AND version = $2 AND status = 'new' RETURNING ${COLUMNS}`,
        [
          id,
          expectedVersion,
          decision.status,
          decision.documentId,
          decision.decidedBy,
          decision.decidedAt,
          decision.note,
        ],
      );
      if (row) return toItem(row);
      const [exists] = await db.query('SELECT 1 FROM intake_items WHERE id = $1', [id]);
      if (!exists) throw new NotFound('No such intake item.', 'refusal.noSuchIntakeItem');
      throw new Conflict('The message was already dealt with.', 'refusal.intakeDecided');
    },
    async correspondentIdsByEmail(email) {
      const rows = await db.query<{ id: string }>(
        `SELECT id FROM correspondents WHERE lower(email) = lower($1) ORDER BY created_at, id LIMIT 10`,
        [email.trim()],
      );
      return rows.map((row) => row.id);
    },
    async documentIdsByMessageIds(messageIds) {
      if (messageIds.length === 0) return [];
      const rows = await db.query<{ document_id: string }>(
        `SELECT DISTINCT document_id FROM intake_items
          WHERE message_id = ANY($1::text[]) AND document_id IS NOT NULL`,
        [messageIds],
      );
      return rows.map((row) => row.document_id);
    },
    async documentIdsByNumbers(numbers) {
      if (numbers.length === 0) return [];
      const rows = await db.query<{ id: string }>(
        `SELECT id FROM documents WHERE registration_number = ANY($1::text[]) ORDER BY registered_on DESC, id`,
        [numbers],
      );
      return rows.map((row) => row.id);
    },
  };
}
