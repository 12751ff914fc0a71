/**
 * What a backup records and a restore checks, read from the database itself: the counts of the
 * main records, the audit chain's head, and the attachments whose bytes are nowhere.
 */
import type { Queryable } from '../db.js';

export interface BackupCounts {
  documents: number;
  attachments: number;
  auditEvents: number;
  users: number;
  processInstances: number;
  /** Blobs kept inside the database (BLOB_STORE=database). */
  databaseBlobs: number;
}

export async function countsOf(db: Pick<Queryable, 'query'>): Promise<BackupCounts> {
  const [row] = await db.query<Record<string, number>>(
    `SELECT (SELECT count(*) FROM documents)::int AS documents,
            (SELECT count(*) FROM attachments)::int AS attachments,
            (SELECT count(*) FROM audit_events)::int AS audit_events,
            (SELECT count(*) FROM users)::int AS users,
            (SELECT count(*) FROM process_instances)::int AS process_instances,
            (SELECT count(*) FROM blobs)::int AS database_blobs`,
  );
  return {
    documents: Number(row?.documents ?? 0),
    attachments: Number(row?.attachments ?? 0),
    auditEvents: Number(row?.audit_events ?? 0),
    users: Number(row?.users ?? 0),
    processInstances: Number(row?.process_instances ?? 0),
    databaseBlobs: Number(row?.database_blobs ?? 0),
  };
}

export async function auditHeadOf(
  db: Pick<Queryable, 'query'>,
): Promise<{ seq: number; hash: string } | null> {
  const [row] = await db.query<{ seq: number; hash: string }>(
    'SELECT seq, hash FROM audit_head WHERE id = 1',
  );
  return row ? { seq: Number(row.seq), hash: row.hash } : null;
}

/** Attachments whose bytes are in neither place; `onDisk` is the set of blob files' names. */
export async function missingBlobsOf(db: Pick<Queryable, 'query'>, onDisk: Set<string>): Promise<string[]> {
  const rows = await db.query<{ sha256: string }>(
    `SELECT DISTINCT a.sha256 FROM attachments a
      WHERE NOT EXISTS (SELECT 1 FROM blobs b WHERE b.sha256 = a.sha256) ORDER BY a.sha256`,
  );
  return rows.map((row) => row.sha256).filter((sha256) => !onDisk.has(sha256));
}
